//! `atspec run`: the main job, against a simulated modem by default.

use std::process::ExitCode;

/// Options of `atspec run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Serial device of a real modem; without it a simulated modem is used.
    #[arg(long)]
    pub device: Option<String>,
    /// Baud rate for --device.
    #[arg(long, default_value_t = 115_200)]
    pub baud: u32,
}

/// Runs the main job.
pub fn run(args: &RunArgs) -> ExitCode {
    let _ = args;
    ExitCode::FAILURE
}
