//! `atspec check`: parse and validate spec files, print diagnostics.

use std::path::PathBuf;
use std::process::ExitCode;

/// Checks every file; prints each diagnostic; exit 0 when all are valid.
pub fn run(files: &[PathBuf]) -> ExitCode {
    let _ = files;
    ExitCode::FAILURE
}
