//! Shared helpers for the runtime's pty tests and benches: a hand-written
//! dialect, hand-written commands, and a scripted modem on a real pty pair.
#![allow(dead_code)]

pub mod commands;
pub mod data_cmds;
pub mod dialect;
pub mod rng;
pub mod scripted;
