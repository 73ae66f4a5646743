//! A simulated modem on a real pseudo-terminal pair, for tests and for
//! `atspec run` when no device is given.
//!
//! The simulator owns one end of the pair and imitates a module
//! ([`Personality`]); the caller gets the other end, a real serial port.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use serialport::{SerialPort, TTYPort};

mod engine;
pub mod scripted;
pub mod sim900;
pub mod smtp;
pub mod spec;

pub use engine::{serve, ConnectEnd, Mode, Personality, Reply};
pub use scripted::{Scripted, Step};
pub use sim900::{SentMail, Sim900};

/// A running simulated modem; stops when dropped.
pub struct Simulator {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    device: String,
}

impl Simulator {
    /// Starts `personality` on a new pseudo-terminal pair and returns the
    /// simulator with the host's end of the line.
    pub fn spawn<M: Personality + 'static>(personality: M) -> serialport::Result<(Self, TTYPort)> {
        let (mut modem_end, host_end) = TTYPort::pair()?;
        modem_end.set_timeout(Duration::from_millis(5))?;
        let device = host_end.name().unwrap_or_default();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("atspec-sim".into())
            .spawn(move || serve(modem_end, personality, &flag))?;
        Ok((
            Simulator {
                stop,
                thread: Some(thread),
                device,
            },
            host_end,
        ))
    }

    /// Path of the host's end of the pseudo-terminal (e.g. `/dev/pts/3`).
    pub fn device(&self) -> &str {
        &self.device
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
