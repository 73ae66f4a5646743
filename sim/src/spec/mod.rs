//! A simulated module driven by any `.atspec` spec: command lines are read
//! against the spec (forms, ranges, lengths, classes, rules) with
//! `atspec-interp`, written settings are kept for read forms, data phases run
//! exactly as declared, completions follow after a short delay, and a fault
//! script makes it misbehave on purpose. A [`Behaviour`] (the mail profile
//! of [`mail`]) adds what a spec cannot say: what "send" does.

mod answer;
mod behaviour;
mod complete;
mod fault;
mod fill;
mod limits;
mod load;
mod log;
pub mod mail;

mod modem;
mod phase;
mod reply;
mod store;

pub use answer::Line;
pub use behaviour::{Action, Behaviour, Generic};
pub use complete::completion_line;
pub use fault::{Fault, Faults};
pub use limits::{longest_line, MIN_LINE};
pub use load::load_spec;
pub use log::Log;
pub use modem::{SpecModem, SpecOptions};
pub use store::{slot, Entry, Settings};
