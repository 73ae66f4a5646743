//! The simulator's I/O loop: command-line framing, echo, data-entry modes and
//! delayed URCs, independent of which module is being imitated.

use std::io::{ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    /// Turns command echo on or off before the next line (a fault script's
    /// "echo on", a personality's own `ATE`).
    pub echo: Option<bool>,
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Command lines ended by CR.
    #[default]
    Command,
    /// Text ended by Ctrl-Z (ESC cancels), after a `> ` prompt.
    CtrlZ,
    /// Exactly this many raw bytes.
    Exact(usize),
    /// Raw bytes after `CONNECT`, ended as [`ConnectEnd`] says.
    Connect(ConnectEnd),
}

/// How a `CONNECT` data phase ends (whichever comes first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectEnd {
    /// After exactly this many bytes.
    pub length: Option<usize>,
    /// The module takes at most this many bytes (more ends the phase, the
    /// entry then counts as cancelled).
    pub max: Option<usize>,
    /// The escape sequence, sent after a pause of the guard time and
    /// followed by one (`+++` with 1 s).
    pub escape: Option<(Vec<u8>, Duration)>,
    /// When input pauses this long.
    pub idle: Option<Duration>,
}

/// A module personality: answers command lines and finished data entries.
pub trait Personality: Send {
    /// Handles one command line (without the `\r`).
    fn command(&mut self, line: &str) -> Reply;
    /// Handles a finished data entry; `cancelled` when ESC ended it.
    fn data(&mut self, bytes: Vec<u8>, cancelled: bool) -> Reply;
    /// Whether command echo is on at power-on (V.250 modules: on).
    fn echo_at_start(&self) -> bool {
        true
    }

    /// The longest command line taken (bytes before the CR); a longer one
    /// is answered `ERROR` and dropped up to the next CR.
    fn max_line(&self) -> usize {
        MAX_LINE
    }

    /// A data entry with no declared end in reach went past [`MAX_ENTRY`]
    /// bytes: it is dropped (what the module answers).
    fn overflow(&mut self) -> Reply {
        Reply::error()
    }
}

/// The longest command line a personality takes unless it says otherwise
/// (V.250 leaves it to the module; 1 KiB is more than any of the five needs
/// outside their longest parameters).
pub const MAX_LINE: usize = 1024;
/// The most bytes of one data entry kept when the phase declares no length
/// or maximum (text up to Ctrl-Z, `CONNECT` up to an escape).
pub const MAX_ENTRY: usize = 1 << 20;

const CTRL_Z: u8 = 0x1a;
const ESC: u8 = 0x1b;

/// The input side's state between reads.
struct Input {
    bytes: Vec<u8>,
    echo: bool,
    mode: Mode,
    /// When the last bytes were read (the quiet time after them counts from here).
    last_at: Instant,
    /// When a read last found the line empty: bytes read later cannot have
    /// arrived before it.
    drained_at: Instant,
    /// The earliest moment the last bytes read can have arrived.
    data_since: Instant,
    /// Where an escape sequence started after a guard pause, in CONNECT mode.
    escape_at: Option<usize>,
    /// A command line went past the limit: bytes are dropped up to the next CR.
    discarding: bool,
}

/// Runs `personality` on `port` until the other side goes away or `stop` is set.
pub fn serve<P, M>(port: P, personality: M, stop: &AtomicBool)
where
    P: Read + Write,
    M: Personality,
{
    serve_counted(port, personality, stop, &AtomicUsize::new(0));
}

/// [`serve`], keeping in `peak` the most input bytes ever held unconsumed
/// (how a test shows a flood is not buffered).
pub fn serve_counted<P, M>(mut port: P, mut personality: M, stop: &AtomicBool, peak: &AtomicUsize)
where
    P: Read + Write,
    M: Personality,
{
    let start = Instant::now();
    let mut input = Input {
        bytes: Vec::new(),
        echo: personality.echo_at_start(),
        mode: Mode::Command,
        last_at: start,
        drained_at: start,
        data_since: start,
        escape_at: None,
        discarding: false,
    };
    let mut pending: Vec<(Instant, String)> = Vec::new();
    let mut buf = [0u8; 4096];
    while !stop.load(Ordering::Relaxed) {
        if send_due(&mut port, &mut pending).is_err() {
            return;
        }
        match port.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                input.arrived(&buf[..n]);
                peak.fetch_max(input.bytes.len(), Ordering::Relaxed);
            }
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                input.drained_at = Instant::now();
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
        while let Some(reply) = step(&mut input, &mut personality, &mut port) {
            let now = Instant::now();
            pending.extend(reply.later.into_iter().map(|(d, l)| (now + d, l)));
            if write_all(&mut port, &reply.now).is_err() {
                return;
            }
            if let Some(echo) = reply.echo {
                input.echo = echo;
            }
            input.mode = reply.mode;
            input.escape_at = None;
            // Nothing the host sends for the new mode can predate the reply.
            let now = Instant::now();
            input.last_at = now;
            input.data_since = now;
            if input.mode == Mode::CtrlZ && write_all(&mut port, b"\r\n> ").is_err() {
                return;
            }
        }
    }
}

/// Writes the delayed lines whose time has come.
fn send_due<W: Write>(port: &mut W, pending: &mut Vec<(Instant, String)>) -> std::io::Result<()> {
    let now = Instant::now();
    pending.sort_by_key(|(at, _)| *at);
    while pending.first().is_some_and(|(at, _)| *at <= now) {
        let (_, line) = pending.remove(0);
        write_all(port, format!("\r\n{line}\r\n").as_bytes())?;
    }
    Ok(())
}

/// How finely the simulated module times an escape guard: a module counts
/// the guard in ticks of its timer (Hayes' S12 in fiftieths of a second), and
/// a pseudo-terminal delivers bytes late by a few milliseconds under load (the
/// kernel hands them over in a work queue), which neither end can see. A
/// pause this much short of the guard still counts as the guard.
pub const GUARD_TICK: Duration = Duration::from_millis(20);

impl Input {
    /// Takes in newly read bytes, noting an escape sequence that starts after
    /// a guard pause.
    ///
    /// The pause is timed as the module's line would see it, not from when
    /// this thread got round to reading: from the earliest moment the
    /// previous bytes can have arrived (the last read before them that found
    /// the line empty) to now, to within [`GUARD_TICK`]. Timed from the
    /// previous read instead, the simulator's own scheduling delay counted
    /// against the host: a host that pauses exactly the guard time then had
    /// its `+++` taken for data whenever the last data bytes were read a
    /// little late, and the data phase never ended.
    fn arrived(&mut self, bytes: &[u8]) {
        let now = Instant::now();
        if let Mode::Connect(ConnectEnd {
            escape: Some((seq, guard)),
            ..
        }) = &self.mode
        {
            let paused = now.duration_since(self.data_since) + GUARD_TICK >= *guard;
            let starts = seq.starts_with(&bytes[..bytes.len().min(seq.len())]);
            if self.escape_at.is_none() && paused && starts {
                self.escape_at = Some(self.bytes.len());
            }
            self.bytes.extend_from_slice(bytes);
            // Bytes that do not continue the sequence make it data again.
            if self
                .escape_at
                .is_some_and(|at| !seq.starts_with(&self.bytes[at..]))
            {
                self.escape_at = None;
            }
        } else {
            self.bytes.extend_from_slice(bytes);
        }
        self.data_since = self.drained_at;
        self.last_at = now;
    }
}

/// Consumes one complete unit of input (a command line or a data entry), if any.
fn step<M: Personality, W: Write>(
    input: &mut Input,
    personality: &mut M,
    port: &mut W,
) -> Option<Reply> {
    match &input.mode {
        Mode::Command => command_line(input, personality, port),
        Mode::CtrlZ => {
            let Some(end) = input.bytes.iter().position(|&b| b == CTRL_Z || b == ESC) else {
                return overflowed(input, personality);
            };
            let cancelled = input.bytes[end] == ESC;
            let mut text: Vec<u8> = input.bytes.drain(..=end).collect();
            text.pop();
            Some(personality.data(text, cancelled))
        }
        Mode::Exact(n) => {
            let n = *n;
            if input.bytes.len() < n {
                return None;
            }
            let data: Vec<u8> = input.bytes.drain(..n).collect();
            Some(personality.data(data, false))
        }
        Mode::Connect(end) => {
            let end = end.clone();
            connect_data(input, &end, personality)
        }
    }
}

/// Drops a data entry past [`MAX_ENTRY`] bytes (the personality answers).
fn overflowed<M: Personality>(input: &mut Input, personality: &mut M) -> Option<Reply> {
    if input.bytes.len() <= MAX_ENTRY {
        return None;
    }
    input.bytes.clear();
    Some(personality.overflow())
}

/// Drops a command line past the personality's limit: `ERROR` once, then
/// everything up to the next CR. `None` when the line is within the limit.
fn too_long<M: Personality>(input: &mut Input, personality: &M) -> Option<Option<Reply>> {
    let cr = input.bytes.iter().position(|&b| b == b'\r');
    if input.discarding {
        let Some(end) = cr else {
            input.bytes.clear();
            return Some(None);
        };
        input.bytes.drain(..=end);
        input.discarding = false;
        return Some(Some(Reply::default()));
    }
    let limit = personality.max_line();
    match cr {
        Some(end) if end > limit => {
            input.bytes.drain(..=end);
            Some(Some(Reply::error()))
        }
        None if input.bytes.len() > limit => {
            input.bytes.clear();
            input.discarding = true;
            Some(Some(Reply::error()))
        }
        _ => None,
    }
}

/// A command line, when a CR has arrived.
fn command_line<M: Personality, W: Write>(
    input: &mut Input,
    personality: &mut M,
    port: &mut W,
) -> Option<Reply> {
    if let Some(reply) = too_long(input, personality) {
        return reply;
    }
    let end = input.bytes.iter().position(|&b| b == b'\r')?;
    let raw: Vec<u8> = input.bytes.drain(..=end).collect();
    // A stray LF after the CR of the previous line is not part of this one.
    let text = String::from_utf8_lossy(&raw[..raw.len() - 1]);
    let line = text.trim_matches(|c| c == '\n' || c == ' ');
    if input.echo {
        let _ = write_all(port, &raw);
    }
    if line.is_empty() {
        return Some(Reply::default());
    }
    Some(match line.to_ascii_uppercase().as_str() {
        "AT" => Reply::ok(&[]),
        "ATE0" => {
            input.echo = false;
            Reply::ok(&[])
        }
        "ATE1" => {
            input.echo = true;
            Reply::ok(&[])
        }
        _ => personality.command(line),
    })
}

/// The data of a CONNECT phase, once its end has come.
fn connect_data<M: Personality>(
    input: &mut Input,
    end: &ConnectEnd,
    personality: &mut M,
) -> Option<Reply> {
    if let Some(n) = end.length {
        if input.bytes.len() >= n {
            let data: Vec<u8> = input.bytes.drain(..n).collect();
            return Some(personality.data(data, false));
        }
    }
    if let Some(max) = end.max {
        if input.bytes.len() > max {
            let data: Vec<u8> = input.bytes.drain(..).collect();
            return Some(personality.data(data, true));
        }
    }
    if end.length.is_none() && end.max.is_none() {
        if let Some(reply) = overflowed(input, personality) {
            return Some(reply);
        }
    }
    let quiet = input.last_at.elapsed();
    if let (Some((seq, guard)), Some(at)) = (&end.escape, input.escape_at) {
        if input.bytes.len() == at + seq.len() && input.bytes[at..] == seq[..] && quiet >= *guard {
            let mut data: Vec<u8> = input.bytes.drain(..).collect();
            data.truncate(at);
            return Some(personality.data(data, false));
        }
    }
    if end.idle.is_some_and(|idle| quiet >= idle) {
        let data: Vec<u8> = input.bytes.drain(..).collect();
        return Some(personality.data(data, false));
    }
    None
}

fn write_all<W: Write>(port: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    port.write_all(bytes)?;
    port.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUARD: Duration = Duration::from_secs(1);

    /// A CONNECT phase ended by `+++`, whose line was last found empty `ago`.
    fn connect(ago: Duration) -> Input {
        let now = Instant::now();
        let then = now.checked_sub(ago).unwrap_or(now);
        Input {
            bytes: Vec::new(),
            echo: false,
            mode: Mode::Connect(ConnectEnd {
                escape: Some((b"+++".to_vec(), GUARD)),
                ..ConnectEnd::default()
            }),
            last_at: then,
            drained_at: then,
            data_since: then,
            escape_at: None,
            discarding: false,
        }
    }

    #[test]
    fn an_escape_read_right_after_late_read_data_still_follows_the_pause() {
        // The line went quiet 2 s ago; the last data bytes are only read now
        // (the simulator was late), and `+++` right after them.
        let mut input = connect(Duration::from_secs(2));
        input.arrived(b"last line\r\n");
        input.arrived(b"+++");
        assert_eq!(
            input.escape_at,
            Some(11),
            "the pause before the data counts"
        );
    }

    #[test]
    fn an_escape_with_no_pause_before_it_is_data() {
        let mut input = connect(Duration::ZERO);
        input.arrived(b"last line\r\n");
        input.arrived(b"+++");
        assert_eq!(input.escape_at, None);
    }

    #[test]
    fn bytes_after_the_escape_make_it_data_again() {
        let mut input = connect(Duration::from_secs(2));
        input.arrived(b"+");
        assert_eq!(input.escape_at, Some(0));
        input.arrived(b"+x");
        assert_eq!(input.escape_at, None, "`++x` does not continue `+++`");
    }
}
