//! `atspec expand`: print the Rust generated from a spec.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `atspec expand`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  atspec expand dialects/specs/simcom_sim900.atspec
  atspec expand quectel_gsm | less

Prints what atspec_macros::dialect! expands to, formatted (prettyplease).
Exit codes: 0 ok, 1 the spec has errors (file:line:col), 2 usage.")]
pub struct ExpandArgs {
    /// Dialect name or path to a .atspec file.
    spec: String,
}

/// Runs `atspec expand`.
pub fn run(args: &ExpandArgs) -> ExitCode {
    match crate::spec::load(&args.spec) {
        Ok(dialect) => {
            let tokens = atspec_codegen::generate(&dialect);
            print!("{}", atspec_codegen::pretty(&tokens));
            ExitCode::SUCCESS
        }
        Err(e) => crate::spec::report(e),
    }
}
