//! Shared helpers of the spec-driven simulator tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use at_spec::ir::Dialect;
use atspec_sim::spec::load_spec;
use serialport::{SerialPort, TTYPort};

/// The spec of one of the five dialects.
pub fn dialect(name: &str) -> Arc<Dialect> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dialects/specs")
        .join(format!("{name}.atspec"));
    Arc::new(load_spec(&path).expect("the seed spec is valid"))
}

/// A raw host end: writes lines and reads until a needle shows.
pub struct Raw {
    pub port: TTYPort,
}

impl Raw {
    pub fn new(mut port: TTYPort) -> Self {
        port.set_timeout(Duration::from_millis(20)).unwrap();
        Raw { port }
    }

    /// Sends `bytes` and returns what came back up to and including `needle`.
    pub fn say(&mut self, bytes: &[u8], needle: &str) -> String {
        self.port.write_all(bytes).unwrap();
        self.expect(needle)
    }

    /// Reads until `needle` shows (panics after 5 s, so a broken simulator
    /// fails instead of hanging).
    pub fn expect(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while Instant::now() < deadline {
            if let Ok(n) = self.port.read(&mut buf) {
                seen.extend_from_slice(&buf[..n]);
                if String::from_utf8_lossy(&seen).contains(needle) {
                    return String::from_utf8_lossy(&seen).into_owned();
                }
            }
        }
        panic!(
            "expected {needle:?}, got {:?}",
            String::from_utf8_lossy(&seen)
        );
    }

    /// Reads until a whole line starting with `prefix` has arrived.
    pub fn expect_line(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while Instant::now() < deadline {
            if let Ok(n) = self.port.read(&mut buf) {
                seen.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&seen);
                if let Some(at) = text.find(prefix) {
                    if text[at..].contains("\r\n") {
                        return text.into_owned();
                    }
                }
            }
        }
        panic!(
            "expected a line {prefix:?}, got {:?}",
            String::from_utf8_lossy(&seen)
        );
    }

    /// Everything that arrives within `wait` (for checking that nothing does).
    pub fn drain(&mut self, wait: Duration) -> String {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while Instant::now() < deadline {
            if let Ok(n) = self.port.read(&mut buf) {
                seen.extend_from_slice(&buf[..n]);
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    }
}

pub mod mail;
