//! A scripted modem on the far end of a real pseudo-terminal pair.
//!
//! `pty_modem()` opens a pty pair, runs a [`Modem`] on the slave end and
//! hands back the master end as a [`ModemEnd`] a test script drives from its
//! own thread: read what the host sent, answer byte-exact, split writes so
//! the host's reads end exactly where the script wants.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use atspec_runtime::{Dialect, Modem, Urcs};
use serialport::{SerialPort, TTYPort};

/// How long a script waits for the host before failing.
pub const SCRIPT_PATIENCE: Duration = Duration::from_secs(10);

/// The modem's end of the line.
pub struct ModemEnd {
    port: TTYPort,
    pending: Vec<u8>,
    host_rx: Arc<AtomicU64>,
    sent: u64,
}

/// How the host [`Modem`] reads the pty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadMode {
    /// `Modem::from_tty`: the calling thread reads while a command runs.
    Direct,
    /// `Modem::from_serial`: a background thread reads everything.
    Threaded,
}

/// A host [`Modem`] on a fresh pty pair (fast path), its URC stream, and
/// the far end.
pub fn pty_modem<D: Dialect + 'static>() -> (Modem<D>, Urcs<D::Urc>, ModemEnd) {
    pty_modem_with(ReadMode::Direct)
}

/// [`pty_modem`] with a chosen read mode.
pub fn pty_modem_with<D: Dialect + 'static>(mode: ReadMode) -> (Modem<D>, Urcs<D::Urc>, ModemEnd) {
    let (mut master, slave) = TTYPort::pair().expect("a pseudo-terminal pair");
    master
        .set_timeout(Duration::from_millis(20))
        .expect("set pty timeout");
    let (modem, urcs) = match mode {
        ReadMode::Direct => Modem::<D>::from_tty(slave),
        ReadMode::Threaded => Modem::<D>::from_serial(Box::new(slave)),
    }
    .expect("runtime on the pty");
    let host_rx = modem.rx_counter();
    let end = ModemEnd {
        port: master,
        pending: Vec::new(),
        host_rx,
        sent: 0,
    };
    (modem, urcs, end)
}

/// Runs `script` on its own thread; join it to see its panics.
pub fn spawn_script<F>(mut end: ModemEnd, script: F) -> JoinHandle<ModemEnd>
where
    F: FnOnce(&mut ModemEnd) + Send + 'static,
{
    std::thread::Builder::new()
        .name("scripted-modem".into())
        .spawn(move || {
            script(&mut end);
            end
        })
        .expect("spawn script")
}

impl ModemEnd {
    fn fill(&mut self, deadline: Instant) -> io::Result<()> {
        let mut buf = [0u8; 4096];
        loop {
            match self.port.read(&mut buf) {
                Ok(0) => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "host closed")),
                Ok(n) => {
                    self.pending.extend_from_slice(&buf[..n]);
                    return Ok(());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::TimedOut
                            | io::ErrorKind::WouldBlock
                            | io::ErrorKind::Interrupted
                    ) =>
                {
                    if Instant::now() >= deadline {
                        return Err(io::Error::new(io::ErrorKind::TimedOut, "host sent nothing"));
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads up to the next `stop` byte (included in neither result nor buffer).
    pub fn read_until(&mut self, stop: u8) -> Vec<u8> {
        let deadline = Instant::now() + SCRIPT_PATIENCE;
        loop {
            if let Some(i) = memchr::memchr(stop, &self.pending) {
                let out = self.pending[..i].to_vec();
                self.pending.drain(..=i);
                return out;
            }
            if let Err(e) = self.fill(deadline) {
                panic!(
                    "script waited for {stop:#04x}: {e}; got {:?}",
                    String::from_utf8_lossy(&self.pending)
                );
            }
        }
    }

    /// Reads one command line (up to `\r`).
    pub fn read_command(&mut self) -> String {
        String::from_utf8_lossy(&self.read_until(b'\r')).into_owned()
    }

    /// Reads one command line and checks it.
    pub fn expect_command(&mut self, want: &str) {
        let got = self.read_command();
        assert_eq!(got, want, "the host sent an unexpected command line");
    }

    /// Reads exactly `n` bytes.
    pub fn read_exact(&mut self, n: usize) -> Vec<u8> {
        let deadline = Instant::now() + SCRIPT_PATIENCE;
        while self.pending.len() < n {
            if let Err(e) = self.fill(deadline) {
                panic!(
                    "script waited for {n} bytes, got {}: {e}",
                    self.pending.len()
                );
            }
        }
        self.pending.drain(..n).collect()
    }

    /// Counts and discards `n` bytes without keeping them.
    pub fn discard(&mut self, n: usize) -> u64 {
        let mut left = n;
        let mut sum = 0u64;
        let take = left.min(self.pending.len());
        sum += self.pending.drain(..take).map(u64::from).sum::<u64>();
        left -= take;
        let mut buf = vec![0u8; 64 * 1024];
        let deadline = Instant::now() + SCRIPT_PATIENCE;
        while left > 0 {
            match self.port.read(&mut buf[..left.min(64 * 1024)]) {
                Ok(0) => panic!("host closed with {left} bytes to go"),
                Ok(k) => {
                    sum += buf[..k].iter().map(|&b| u64::from(b)).sum::<u64>();
                    left -= k;
                }
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    assert!(
                        Instant::now() < deadline,
                        "host stalled with {left} bytes to go"
                    );
                }
                Err(e) => panic!("read failed: {e}"),
            }
        }
        sum
    }

    /// Whether the host sent nothing within `wait`.
    pub fn quiet_for(&mut self, wait: Duration) -> bool {
        if !self.pending.is_empty() {
            return false;
        }
        self.fill(Instant::now() + wait).is_err() && self.pending.is_empty()
    }

    /// Writes `bytes` in one go.
    pub fn send(&mut self, bytes: &[u8]) {
        self.port.write_all(bytes).expect("write to host");
        self.sent += bytes.len() as u64;
    }

    /// Writes `bytes` and waits until the host's reader has taken all of it,
    /// so the host's next read starts after these bytes.
    pub fn send_taken(&mut self, bytes: &[u8]) {
        self.send(bytes);
        let deadline = Instant::now() + SCRIPT_PATIENCE;
        while self.host_rx.load(Ordering::Acquire) < self.sent {
            assert!(
                Instant::now() < deadline,
                "the host never read what was sent"
            );
            std::thread::yield_now();
        }
    }

    /// Writes `bytes` so the host reads them in pieces ending at `cuts`.
    pub fn send_split(&mut self, bytes: &[u8], cuts: &[usize]) {
        let mut start = 0;
        for &cut in cuts {
            let cut = cut.clamp(start, bytes.len());
            self.send_taken(&bytes[start..cut]);
            start = cut;
        }
        self.send_taken(&bytes[start..]);
    }

    /// Reads until the host hangs up (its side of the pty is closed) and
    /// returns every byte it sent that no read took yet.
    pub fn read_to_hangup(&mut self) -> Vec<u8> {
        let deadline = Instant::now() + SCRIPT_PATIENCE;
        loop {
            match self.fill(deadline) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    panic!("the host did not hang up within {SCRIPT_PATIENCE:?}")
                }
                Err(_) => return std::mem::take(&mut self.pending),
            }
        }
    }

    /// Closes the line (the host sees a hang-up).
    pub fn close(self) {
        drop(self.port);
    }
}
