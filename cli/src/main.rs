//! `atspec`: check spec files, run a dialect against a (simulated) modem,
//! decode captured logs, document and expand specs.
//!
//! Exit codes of every subcommand: 0 ok, 1 problems found, 2 usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod decode;
mod demo;
mod doc;
mod expand;
mod password;
mod run;
mod sim;
mod spec;

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
    /// Explain a captured AT log: exchanges, typed values, problems.
    Decode(decode::DecodeArgs),
    /// Write a reference manual (Markdown and HTML) generated from a spec.
    Doc(doc::DocArgs),
    /// Print the Rust code generated from a spec.
    Expand(expand::ExpandArgs),
    /// Run a simulated module driven by a spec on a pseudo-terminal.
    Sim(sim::SimArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Cmd::Check {
            files,
            include_root,
        } => check::run(&files, include_root),
        Cmd::Run(args) if args.device.is_none() => run::run(&args),
        Cmd::Run(args) => demo::run(&args),
        Cmd::Decode(args) => decode::run(&args),
        Cmd::Doc(args) => doc::run(&args),
        Cmd::Expand(args) => expand::run(&args),
        Cmd::Sim(args) => sim::run(&args),
    }
}
