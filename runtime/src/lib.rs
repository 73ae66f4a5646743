//! The atspec runtime: a thin, blocking executor for generated AT commands.

pub mod command;
pub mod wire;

pub use command::{Claim, Command, CompletionSpec, DataPhase, Dialect, ResponseLine, VendorError};
pub use wire::ParseError;
