//! The simulator's I/O loop: command-line framing, echo, data-entry modes and
//! delayed URCs, independent of which module is being imitated.

use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

/// What the imitated module does with a command line or a finished data entry.
#[derive(Debug, Default)]
pub struct Reply {
    /// Bytes sent at once (lines must carry their own CRLF).
    pub now: Vec<u8>,
    /// Lines sent later, each after its delay (URCs, completions).
    pub later: Vec<(Duration, String)>,
    /// The input mode after this reply.
    pub mode: Mode,
}

impl Reply {
    /// A reply of information lines followed by the final result `OK`.
    pub fn ok(lines: &[&str]) -> Self {
        let mut reply = Reply::default();
        for line in lines {
            reply.line(line);
        }
        reply.line("OK");
        reply
    }

    /// A bare `ERROR`.
    pub fn error() -> Self {
        let mut reply = Reply::default();
        reply.line("ERROR");
        reply
    }

    /// Appends `\r\n<line>\r\n` to what is sent now.
    pub fn line(&mut self, line: &str) -> &mut Self {
        self.now.extend_from_slice(b"\r\n");
        self.now.extend_from_slice(line.as_bytes());
        self.now.extend_from_slice(b"\r\n");
        self
    }

    /// Schedules an unsolicited line after `delay`.
    pub fn later(&mut self, delay: Duration, line: impl Into<String>) -> &mut Self {
        self.later.push((delay, line.into()));
        self
    }
}

/// How the simulator reads its input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Command lines ended by CR.
    #[default]
    Command,
    /// Text ended by Ctrl-Z (ESC cancels), after a `> ` prompt.
    CtrlZ,
    /// Exactly this many raw bytes.
    Exact(usize),
}

/// A module personality: answers command lines and finished data entries.
pub trait Personality: Send {
    /// Handles one command line (without the `\r`).
    fn command(&mut self, line: &str) -> Reply;
    /// Handles a finished data entry; `cancelled` when ESC ended it.
    fn data(&mut self, bytes: Vec<u8>, cancelled: bool) -> Reply;
}

const CTRL_Z: u8 = 0x1a;
const ESC: u8 = 0x1b;

/// Runs `personality` on `port` until the other side goes away or `stop` is set.
pub fn serve<P, M>(mut port: P, mut personality: M, stop: &std::sync::atomic::AtomicBool)
where
    P: Read + Write,
    M: Personality,
{
    let mut echo = true;
    let mut mode = Mode::Command;
    let mut input: Vec<u8> = Vec::new();
    let mut pending: Vec<(Instant, String)> = Vec::new();
    let mut buf = [0u8; 4096];
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let now = Instant::now();
        pending.sort_by_key(|(at, _)| *at);
        while pending.first().is_some_and(|(at, _)| *at <= now) {
            let (_, line) = pending.remove(0);
            if write_all(&mut port, format!("\r\n{line}\r\n").as_bytes()).is_err() {
                return;
            }
        }
        let n = match port.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => continue,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return,
        };
        input.extend_from_slice(&buf[..n]);
        while let Some(reply) = step(
            &mut input,
            &mut mode,
            &mut echo,
            &mut personality,
            &mut port,
        ) {
            let now = Instant::now();
            pending.extend(reply.later.into_iter().map(|(d, l)| (now + d, l)));
            if write_all(&mut port, &reply.now).is_err() {
                return;
            }
            mode = reply.mode;
            if mode == Mode::CtrlZ && write_all(&mut port, b"\r\n> ").is_err() {
                return;
            }
        }
    }
}

/// Consumes one complete unit of input (a command line or a data entry), if any.
fn step<M: Personality, W: Write>(
    input: &mut Vec<u8>,
    mode: &mut Mode,
    echo: &mut bool,
    personality: &mut M,
    port: &mut W,
) -> Option<Reply> {
    match *mode {
        Mode::Command => {
            let end = input.iter().position(|&b| b == b'\r')?;
            let raw: Vec<u8> = input.drain(..=end).collect();
            // A stray LF after the CR of the previous line is not part of this one.
            let text = String::from_utf8_lossy(&raw[..raw.len() - 1]);
            let line = text.trim_matches(|c| c == '\n' || c == ' ');
            if *echo {
                let _ = write_all(port, &raw);
            }
            if line.is_empty() {
                return Some(Reply::default());
            }
            Some(match line.to_ascii_uppercase().as_str() {
                "AT" => Reply::ok(&[]),
                "ATE0" => {
                    *echo = false;
                    Reply::ok(&[])
                }
                "ATE1" => {
                    *echo = true;
                    Reply::ok(&[])
                }
                _ => personality.command(line),
            })
        }
        Mode::CtrlZ => {
            let end = input.iter().position(|&b| b == CTRL_Z || b == ESC)?;
            let cancelled = input[end] == ESC;
            let mut text: Vec<u8> = input.drain(..=end).collect();
            text.pop();
            Some(personality.data(text, cancelled))
        }
        Mode::Exact(n) => {
            if input.len() < n {
                return None;
            }
            let data: Vec<u8> = input.drain(..n).collect();
            Some(personality.data(data, false))
        }
    }
}

fn write_all<W: Write>(port: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    port.write_all(bytes)?;
    port.flush()
}
