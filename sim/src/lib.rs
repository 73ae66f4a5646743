//! A simulated modem on a real pseudo-terminal pair, for tests and for
//! `atspec run` when no device is given.
//!
//! The simulator owns one end of the pair and imitates a module
//! ([`Personality`]); the caller gets the other end, a real serial port.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use serialport::{SerialPort, TTYPort};

mod engine;
pub mod scripted;
pub mod sim900;
pub mod smtp;
pub mod spec;

pub use engine::{
    serve, serve_counted, ConnectEnd, Mode, Personality, Reply, GUARD_TICK, MAX_ENTRY, MAX_LINE,
};
pub use scripted::{Scripted, Step};
pub use sim900::{SentMail, Sim900};

/// A running simulated modem; stops when dropped.
pub struct Simulator {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    device: String,
    peak: Arc<AtomicUsize>,
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
        let peak = Arc::new(AtomicUsize::new(0));
        let held = Arc::clone(&peak);
        let thread = std::thread::Builder::new()
            .name("atspec-sim".into())
            .spawn(move || serve_counted(modem_end, personality, &flag, &held))?;
        Ok((
            Simulator {
                stop,
                thread: Some(thread),
                device,
                peak,
            },
            host_end,
        ))
    }

    /// The most input bytes the simulator ever held unconsumed at once (a
    /// partial command line or data entry): bounded whatever the host sends.
    pub fn input_peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
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
