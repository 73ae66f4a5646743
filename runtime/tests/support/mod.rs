//! Shared helpers for the runtime's pty tests and benches: a hand-written
//! dialect, hand-written commands, and a scripted modem on a real pty pair.
#![allow(dead_code)]

/// Runs `$run(mode)` as one test per read mode, named `$direct` and
/// `$threaded` (`ReadMode` must be in scope where it is used).
#[allow(unused_macros)] // not every test binary has per-mode tests
macro_rules! per_read_mode {
    ($run:ident => $direct:ident, $threaded:ident) => {
        #[test]
        fn $direct() {
            $run(ReadMode::Direct);
        }

        #[test]
        fn $threaded() {
            $run(ReadMode::Threaded);
        }
    };
}

pub mod commands;
pub mod data_cmds;
pub mod dialect;
pub mod drive;
pub mod rng;
#[cfg(feature = "serial")]
pub mod scripted;
