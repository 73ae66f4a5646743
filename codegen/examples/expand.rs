//! Prints the formatted expansion of a spec: `cargo run -p atspec-codegen --example expand -- specs/x.atspec`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: expand <spec.atspec>");
        return ExitCode::FAILURE;
    };
    match atspec_codegen::expand_file(&path) {
        Ok(tokens) => {
            print!("{}", atspec_codegen::pretty(&tokens));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
