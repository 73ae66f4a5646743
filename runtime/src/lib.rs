//! The atspec runtime: a thin, blocking executor for generated AT commands.
//!
//! Layers, bottom up:
//! - [`framer`]: sans-io bytes → lines, prompts and counted payloads;
//! - [`router`]: sans-io routing of frames to the command in flight or to
//!   the URC stream (an async front end can drive it too);
//! - [`modem`]: the blocking executor over a serial port or any byte stream.

pub mod command;
pub mod data;
#[cfg(unix)]
mod direct;
pub mod error;
pub mod framer;
pub mod modem;
pub mod router;
pub mod trace;
pub mod wire;

pub use command::{Claim, Command, CompletionSpec, DataPhase, Dialect, ResponseLine, VendorError};
pub use error::{Error, ModemError, Stage};
pub use modem::{Canceller, Modem, Reply, SendOptions, Urcs};
pub use router::Urc;
pub use wire::ParseError;
