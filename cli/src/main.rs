//! `atspec`: check spec files, and run a dialect against a (simulated) modem.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod demo;
mod password;
mod run;

/// Command-line interface of atspec.
#[derive(Parser)]
#[command(name = "atspec", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Parse and validate .atspec files; exit 1 if any has an error.
    Check {
        /// The spec files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder `include`d files may come from (default: each spec's own folder).
        #[arg(long, value_name = "DIR")]
        include_root: Option<PathBuf>,
    },
    /// Send an e-mail through a modem: a simulated one on a pseudo-terminal
    /// unless --device is given.
    Run(demo::RunArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Cmd::Check {
            files,
            include_root,
        } => check::run(&files, include_root),
        Cmd::Run(args) if args.device.is_none() => run::run(&args),
        Cmd::Run(args) => demo::run(&args),
    }
}
