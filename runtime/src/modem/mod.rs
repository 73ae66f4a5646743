//! The blocking executor: a [`Modem`] owns the write half of a port and a
//! background reader thread that feeds the sans-io [`Router`].
//!
//! While no command runs, the reader thread routes everything itself, so URCs
//! reach the [`Urcs`] receiver at any time. While a command runs, the reader
//! only appends bytes and wakes the calling thread, which routes them with the
//! command's `claim` (a counted payload must switch the framer to raw mode
//! before the next byte is framed, so routing cannot run ahead of claims).
//! Over a tty (`Modem::from_tty`) or a serial port (`Modem::from_serial`,
//! both with feature `serial`)
//! the calling thread even reads the port itself while a command runs (no
//! thread hop on the response path); the background thread reads between
//! commands. Over a serial port a read token in the state orders the two:
//! only its holder reads, and it pushes what it read before giving it back.
//!
//! [`Modem::start`] ends an exchange at its final result and leaves the
//! completion to a [`Pending`]: the router keeps the
//! completion's lines apart until it comes, whoever reads them.

mod chunked;
mod exchange;
mod pending;
mod reader;
mod stream;

pub use pending::Pending;

#[cfg(all(unix, feature = "serial"))]
use reader::direct_reader_loop;
use reader::reader_loop;
#[cfg(feature = "serial")]
use reader::serial_reader_loop;

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

#[cfg(unix)]
use std::os::fd::OwnedFd;

#[cfg(feature = "serial")]
use serialport::SerialPort;
#[cfg(all(unix, feature = "serial"))]
use serialport::TTYPort;

use crate::command::ResponseLine;
use crate::command::{Claim, Command, DataPhase, Dialect};
#[cfg(unix)]
use crate::direct;
use crate::error::{Error, Stage};
use crate::router::{Event, Limits, Refusal, Router, Urc};
use crate::trace::Tracer;
use crate::wire::ParseError;

/// How long one blocking read waits before checking for shutdown.
const READ_POLL: Duration = Duration::from_millis(20);
/// How long one blocking write waits before checking deadline and cancel.
#[cfg(feature = "serial")]
const WRITE_POLL: Duration = Duration::from_millis(50);
/// On the fast path, how long after a command the background reader leaves
/// the tty to the calling thread (URCs arriving then wait at most this long).
const IDLE_GRACE: Duration = Duration::from_millis(5);
/// Default size of one data-entry write.
pub const DEFAULT_CHUNK: usize = 4096;

/// Per-call overrides of a command's timeouts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SendOptions {
    /// Time allowed for the final result instead of [`Command::timeout`].
    pub timeout: Option<Duration>,
    /// Time allowed for the completion URC instead of the spec's.
    pub completion_timeout: Option<Duration>,
}

/// A successful exchange.
#[derive(Debug)]
pub struct Reply<C: Command> {
    /// The parsed information lines.
    pub response: C::Response,
    /// The parsed completion URC, if the command has one.
    pub outcome: Option<C::Outcome>,
    /// The parsed result line reported after a `CONNECT` data phase, if the
    /// phase declares one (see [`Command::parse_data_result`]).
    pub data_result: Option<C::DataResult>,
    /// Lines with the command's own prefix that matched none of its shapes
    /// (see [`crate::Claim::Unrecognised`]), in arrival order: firmware
    /// newer than the spec, visible instead of dropped or taken as URCs.
    pub unrecognised: Vec<String>,
    /// For a prompt / `CONNECT` data phase: the bytes the host sent and
    /// the bytes the module reports it took (see [`DataCount`]).
    pub data_count: Option<DataCount>,
}

/// What a data phase moved: the bytes the host wrote and, where the
/// phase's result says so (spec: `taken <field>`), the bytes the module
/// took. A difference is never hidden: [`DataCount::short_by`] names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataCount {
    /// Data bytes the host wrote (without Ctrl-Z or the escape sequence).
    pub sent: usize,
    /// Bytes the module reports it took, if its result line says.
    pub taken: Option<usize>,
    /// Whether the host ended the phase before the declared length (an
    /// at-most length, `length at_most <param>`).
    pub ended_early: bool,
}

impl DataCount {
    /// How many bytes the module took fewer (negative: more) than were
    /// sent; `None` when it reports no count or the counts agree.
    pub fn short_by(&self) -> Option<i64> {
        let taken = i64::try_from(self.taken?).ok()?;
        let sent = i64::try_from(self.sent).ok()?;
        (taken != sent).then_some(sent - taken)
    }
}

/// The receiving end of the URC stream. Ends when the port closes or the
/// [`Modem`] is dropped. It holds at most [`Limits::max_urcs`] (default)
/// unread URCs: when it is full, new URCs are dropped and counted, and the
/// count arrives as one [`Urc::Dropped`] as soon as there is room again
/// (reading never blocks the port). Drop it if URCs are of no interest.
#[derive(Debug)]
pub struct Urcs<U> {
    rx: Receiver<Urc<U>>,
}

impl<U> Urcs<U> {
    /// Waits for the next URC; `None` once the stream has ended.
    pub fn recv(&self) -> Option<Urc<U>> {
        self.rx.recv().ok()
    }

    /// Waits at most `timeout` for the next URC.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Urc<U>> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// The next URC if one is queued.
    pub fn try_recv(&self) -> Option<Urc<U>> {
        self.rx.try_recv().ok()
    }

    /// The URCs queued right now, without waiting.
    pub fn try_iter(&self) -> impl Iterator<Item = Urc<U>> + '_ {
        self.rx.try_iter()
    }

    /// The underlying channel receiver.
    pub fn into_receiver(self) -> Receiver<Urc<U>> {
        self.rx
    }
}

impl<U> Iterator for Urcs<U> {
    type Item = Urc<U>;
    fn next(&mut self) -> Option<Urc<U>> {
        self.recv()
    }
}

/// Cancels the command in flight from another thread.
#[derive(Clone)]
pub struct Canceller {
    cancel: Arc<dyn Fn() + Send + Sync>,
}

impl std::fmt::Debug for Canceller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Canceller")
    }
}

impl Canceller {
    /// Makes the command in flight (if any), and a [`Pending::wait`] in
    /// progress, fail with [`Error::Cancelled`].
    pub fn cancel(&self) {
        (self.cancel)();
    }
}

struct State<D: Dialect> {
    router: Router<D>,
    in_flight: bool,
    cancelled: bool,
    stop: bool,
    closed: Option<String>,
    urc_tx: Option<SyncSender<Urc<D::Urc>>>,
    /// URCs dropped because the channel was full, not reported yet.
    urc_dropped: u64,
    /// When the last command ended (`None` while one runs).
    idle_since: Option<Instant>,
    /// The completion a [`Pending`] left outstanding, if any.
    due: Option<pending::Due>,
    /// [`Pending`]s handed out so far.
    tickets: u64,
    /// Threads in [`Pending::wait`] (a [`Canceller`] ends their wait).
    pending_waits: usize,
    /// A thread is reading the port outside the lock (the read token of
    /// [`Modem::from_serial`]: whoever holds it pushes what it read before
    /// giving it back, so bytes are routed in the order they came).
    #[cfg(feature = "serial")]
    reading: bool,
}

impl<D: Dialect> State<D> {
    fn flush_urcs(&mut self) {
        let tx = self.urc_tx.as_ref();
        for urc in self.router.drain_urcs() {
            if let Some(tx) = tx {
                send_urc(tx, urc, &mut self.urc_dropped);
            }
        }
        if let (Some(tx), true) = (tx, self.urc_dropped > 0) {
            // Room may have been made since: report the drops now.
            if tx.try_send(Urc::Dropped(self.urc_dropped)).is_ok() {
                self.urc_dropped = 0;
            }
        }
    }

    /// Records that the port went away; URCs stop once no command needs them.
    fn close(&mut self, reason: String) {
        if self.closed.is_none() {
            self.closed = Some(reason);
        }
        // No ERROR can follow a held vendor-error candidate any more.
        self.router.flush_held();
        if !self.in_flight {
            self.route_idle();
            self.urc_tx = None;
        }
    }

    fn route_idle(&mut self) {
        while self.router.next_event(None).is_some() {}
        self.flush_urcs();
    }
}

/// Sends `urc` without blocking: when the channel is full it is dropped and
/// counted in `dropped`; a pending count is sent first once there is room.
/// (A dropped receiver means nobody wants URCs.)
fn send_urc<U>(tx: &SyncSender<Urc<U>>, urc: Urc<U>, dropped: &mut u64) {
    if *dropped > 0 {
        match tx.try_send(Urc::Dropped(*dropped)) {
            Ok(()) => *dropped = 0,
            Err(TrySendError::Full(_)) => {
                *dropped = dropped.saturating_add(urc_count(&urc));
                return;
            }
            Err(TrySendError::Disconnected(_)) => return,
        }
    }
    if let Err(TrySendError::Full(urc)) = tx.try_send(urc) {
        *dropped = dropped.saturating_add(urc_count(&urc));
    }
}

/// How many URCs `urc` stands for (a drop report for its count).
fn urc_count<U>(urc: &Urc<U>) -> u64 {
    match urc {
        Urc::Dropped(n) => *n,
        _ => 1,
    }
}

struct Shared<D: Dialect> {
    state: Mutex<State<D>>,
    cond: Condvar,
}

impl<D: Dialect> Shared<D> {
    fn lock(&self) -> MutexGuard<'_, State<D>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why waiting for an event ended without one.
enum WaitFail {
    Timeout,
    Closed(String),
    Cancelled,
}

/// A modem on a serial line, speaking dialect `D`.
pub struct Modem<D: Dialect + 'static> {
    shared: Arc<Shared<D>>,
    writer: Box<dyn Write + Send>,
    flush_writes: bool,
    tracer: Tracer,
    stash: VecDeque<Event>,
    awaiting_final: bool,
    chunk_size: usize,
    rx_bytes: Arc<AtomicU64>,
    /// The tty (a plain fd) the calling thread reads while a command is in
    /// flight.
    #[cfg(unix)]
    direct: Option<OwnedFd>,
    /// The port the calling thread reads while a command is in flight and
    /// the read token is free ([`Modem::from_serial`]).
    #[cfg(feature = "serial")]
    serial: Option<Box<dyn SerialPort>>,
    read_buf: Vec<u8>,
    /// Reused for each command line and its redacted form (no allocation
    /// per exchange once they have grown to the longest line).
    line_buf: Vec<u8>,
    redacted_buf: Vec<u8>,
    /// The last parsed answer's lines, handed back to the router when the
    /// operation ends (their buffers serve the next answer).
    used_lines: Vec<ResponseLine>,
}

impl<D: Dialect + 'static> std::fmt::Debug for Modem<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Modem")
            .field("chunk_size", &self.chunk_size)
            .finish_non_exhaustive()
    }
}

/// A serial port's write half whose `flush` does nothing (`tcdrain` would wait
/// for the far end to read).
#[cfg(feature = "serial")]
struct SerialWriter(Box<dyn SerialPort>);

#[cfg(feature = "serial")]
impl Write for SerialWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<D: Dialect + 'static> Modem<D> {
    /// Opens the serial device at `path` (8N1, no flow control) at `baud`.
    #[cfg(feature = "serial")]
    pub fn open(path: &str, baud: u32) -> Result<(Self, Urcs<D::Urc>), Error> {
        let builder = serialport::new(path, baud).timeout(WRITE_POLL);
        #[cfg(unix)]
        return Self::from_tty(builder.open_native()?);
        #[cfg(not(unix))]
        return Self::from_serial(builder.open()?);
    }

    /// Runs over an open tty (e.g. the slave end of
    /// `serialport::TTYPort::pair()`). While a command is in flight the
    /// calling thread reads the tty itself (no thread hop on the response
    /// path); the background thread reads only between commands.
    #[cfg(all(unix, feature = "serial"))]
    pub fn from_tty(mut port: TTYPort) -> Result<(Self, Urcs<D::Urc>), Error> {
        use std::os::unix::io::AsRawFd;
        direct::set_nonblocking(port.as_raw_fd())?;
        let reader = direct::owned(port.try_clone_native()?);
        let direct = direct::owned(port.try_clone_native()?);
        port.set_timeout(WRITE_POLL)?;
        let (mut modem, urcs) = Self::build(SerialWriter(Box::new(port)), |shared, rx| {
            move || direct_reader_loop(shared, reader, rx)
        });
        modem.flush_writes = false;
        modem.direct = Some(direct);
        Ok((modem, urcs))
    }

    /// Runs over an already open serial port. A background reader thread
    /// reads between commands; while a command is in flight the calling
    /// thread reads the port itself (no thread hop on the response path).
    /// Prefer [`Modem::from_tty`] on unix: through a boxed port the fd
    /// stays blocking, so a write can hang if the far end stops reading
    /// altogether.
    #[cfg(feature = "serial")]
    pub fn from_serial(mut port: Box<dyn SerialPort>) -> Result<(Self, Urcs<D::Urc>), Error> {
        let mut reader = port.try_clone()?;
        reader.set_timeout(READ_POLL)?;
        let mut caller = port.try_clone()?;
        caller.set_timeout(READ_POLL)?;
        port.set_timeout(WRITE_POLL)?;
        let (mut modem, urcs) = Self::build(SerialWriter(port), |shared, rx| {
            move || serial_reader_loop(shared, reader, rx)
        });
        modem.flush_writes = false;
        modem.serial = Some(caller);
        Ok((modem, urcs))
    }

    /// Runs over any byte stream: `reader` is read on a background thread
    /// (read timeouts, `WouldBlock` and `Interrupted` are retried; EOF or
    /// any other error closes the modem), `writer` is written and flushed
    /// by the calling thread. The reader thread stops at its next read after
    /// the modem is dropped, so give `reader` a read timeout if it must not
    /// outlive the modem.
    pub fn new<R, W>(reader: R, writer: W) -> (Self, Urcs<D::Urc>)
    where
        R: Read + Send + 'static,
        W: Write + Send + 'static,
    {
        Self::build(writer, |shared, rx| move || reader_loop(shared, reader, rx))
    }

    fn build<W, F, T>(writer: W, reader: F) -> (Self, Urcs<D::Urc>)
    where
        W: Write + Send + 'static,
        F: FnOnce(Arc<Shared<D>>, Arc<AtomicU64>) -> T,
        T: FnOnce() + Send + 'static,
    {
        let tracer = Tracer::new();
        let (tx, rx) = mpsc::sync_channel(Limits::default().max_urcs);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                router: Router::new(tracer),
                in_flight: false,
                cancelled: false,
                stop: false,
                closed: None,
                urc_tx: Some(tx),
                urc_dropped: 0,
                idle_since: Some(Instant::now() - IDLE_GRACE),
                due: None,
                tickets: 0,
                pending_waits: 0,
                #[cfg(feature = "serial")]
                reading: false,
            }),
            cond: Condvar::new(),
        });
        let rx_bytes = Arc::new(AtomicU64::new(0));
        let body = reader(Arc::clone(&shared), Arc::clone(&rx_bytes));
        let spawned = std::thread::Builder::new()
            .name("atspec-reader".into())
            .spawn(body);
        if let Err(e) = spawned {
            shared
                .lock()
                .close(format!("cannot start the reader thread: {e}"));
        }
        let modem = Modem {
            shared,
            writer: Box::new(writer),
            flush_writes: true,
            tracer,
            stash: VecDeque::new(),
            awaiting_final: false,
            chunk_size: DEFAULT_CHUNK,
            rx_bytes,
            #[cfg(unix)]
            direct: None,
            #[cfg(feature = "serial")]
            serial: None,
            read_buf: vec![0; 4096],
            line_buf: Vec::new(),
            redacted_buf: Vec::new(),
            used_lines: Vec::new(),
        };
        (modem, Urcs { rx })
    }

    /// Sets how many bytes one data-entry write carries (at least 1).
    pub fn set_chunk_size(&mut self, bytes: usize) {
        self.chunk_size = bytes.max(1);
    }

    /// A handle that cancels the command in flight from another thread.
    pub fn canceller(&self) -> Canceller {
        let shared = Arc::clone(&self.shared);
        Canceller {
            cancel: Arc::new(move || {
                let mut st = shared.lock();
                if st.in_flight || st.pending_waits > 0 {
                    st.cancelled = true;
                }
                drop(st);
                shared.cond.notify_all();
            }),
        }
    }

    /// Sets the router's memory limits ([`Limits`]; the [`Urcs`] channel
    /// keeps its capacity, the default [`Limits::max_urcs`]).
    pub fn set_limits(&mut self, limits: Limits) {
        self.with_router(|r| r.set_limits(limits));
    }

    /// The collected answer of the command in flight, or why it was
    /// refused (over a [`Limits`] bound, or a line not UTF-8).
    fn take_response(&self, command: &'static str) -> Result<Vec<ResponseLine>, Error> {
        self.with_router(|r| r.take_response())
            .map_err(|why| Self::refused(command, why))
    }

    /// [`Modem::take_response`] and the command's unrecognised lines, under
    /// one lock.
    fn take_answer(
        &self,
        command: &'static str,
    ) -> Result<(Vec<ResponseLine>, Vec<String>), Error> {
        let (lines, unrecognised) =
            self.with_router(|r| (r.take_response(), r.take_unrecognised()));
        Ok((
            lines.map_err(|why| Self::refused(command, why))?,
            unrecognised,
        ))
    }

    /// The error for an answer the router refused.
    fn refused(command: &'static str, why: Refusal) -> Error {
        match why {
            Refusal::Utf8 { line, offset } => Error::Parse {
                command,
                error: ParseError::new(
                    line,
                    None,
                    "UTF-8 text",
                    &format!("a byte that is not UTF-8 at offset {offset}"),
                ),
            },
            other => Error::TooLarge {
                command,
                detail: other.to_string(),
            },
        }
    }

    /// [`Error::Parse`] with secrets masked in the text it quotes.
    fn parse_error(&self, command: &'static str, mut error: ParseError) -> Error {
        error.found = self.with_router(|r| r.redact(&error.found));
        Error::Parse { command, error }
    }

    /// [`Modem::parse_error`] for a response parse failure, naming the
    /// command's unrecognised lines (redacted like every shown line).
    fn parse_error_with(
        &self,
        command: &'static str,
        error: ParseError,
        unrecognised: &[String],
    ) -> Error {
        match crate::error::parse_failure(command, error, unrecognised) {
            Error::Parse { command, error } => self.parse_error(command, error),
            other => other,
        }
    }

    /// A counter of the bytes the reader thread has taken from the port.
    pub fn rx_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.rx_bytes)
    }

    /// Whether the port has gone away (reads ended with EOF or an error).
    pub fn is_closed(&self) -> bool {
        self.shared.lock().closed.is_some()
    }

    /// Sends a command without a data phase and waits for its final result
    /// (and completion URC, if it has one).
    pub fn send<C: Command>(&mut self, cmd: &C) -> Result<Reply<C>, Error> {
        self.send_with(cmd, SendOptions::default())
    }

    /// [`Modem::send`] with per-call timeouts.
    pub fn send_with<C: Command>(&mut self, cmd: &C, opts: SendOptions) -> Result<Reply<C>, Error> {
        if let Some(phase) = cmd.data_phase() {
            return Err(Error::Protocol {
                command: cmd.name(),
                detail: format!(
                    "has a data phase ({phase:?}); use send_data or send_chunked to supply its bytes"
                ),
            });
        }
        self.exchange(cmd, opts, None)
    }

    /// Sends a command with a `>` prompt or `CONNECT` data phase, streaming
    /// `data` in chunks (never held in memory as a whole).
    pub fn send_data<C: Command, R: Read>(&mut self, cmd: &C, data: R) -> Result<Reply<C>, Error> {
        self.send_data_with(cmd, data, SendOptions::default())
    }

    /// [`Modem::send_data`] with per-call timeouts.
    pub fn send_data_with<C: Command, R: Read>(
        &mut self,
        cmd: &C,
        mut data: R,
        opts: SendOptions,
    ) -> Result<Reply<C>, Error> {
        match cmd.data_phase() {
            Some(DataPhase::Chunked { .. }) | None => Err(Error::Protocol {
                command: cmd.name(),
                detail: "has no prompt or CONNECT data phase; use send or send_chunked".into(),
            }),
            Some(_) => self.exchange(cmd, opts, Some(&mut data)),
        }
    }

    /// Runs a URC-driven chunked transfer (SIM900 `AT+SMTPFT`): sends
    /// `trigger` (e.g. `AT+SMTPSEND`), then for every ready URC of the chunk
    /// command sends `make_chunk(n)` and the bytes it grants, until `data` is
    /// exhausted; then `make_chunk(0)` ends the transfer and the trigger's
    /// completion URC (if any) is awaited. A completion URC that arrives
    /// instead of a ready URC ends the transfer early; its outcome is returned.
    ///
    /// `make_chunk` is typically the generated, fallible constructor
    /// (`|n| SmtpftWrite::new(n)`); an error it returns ends the transfer with
    /// that error (e.g. [`Error::Invalid`]) before the chunk is sent.
    pub fn send_chunked<T, C, E, F, R>(
        &mut self,
        trigger: &T,
        make_chunk: F,
        data: R,
    ) -> Result<Reply<T>, Error>
    where
        T: Command,
        C: Command,
        E: Into<Error>,
        F: FnMut(usize) -> Result<C, E>,
        R: Read,
    {
        self.send_chunked_with(trigger, make_chunk, data, SendOptions::default())
    }

    /// [`Modem::send_chunked`] with per-call timeouts (`completion_timeout`
    /// also bounds each wait for a ready URC).
    pub fn send_chunked_with<T, C, E, F, R>(
        &mut self,
        trigger: &T,
        make_chunk: F,
        mut data: R,
        opts: SendOptions,
    ) -> Result<Reply<T>, Error>
    where
        T: Command,
        C: Command,
        E: Into<Error>,
        F: FnMut(usize) -> Result<C, E>,
        R: Read,
    {
        self.admit(trigger)?;
        let mut line = Vec::new();
        trigger.encode(&mut line);
        self.begin(&line, trigger.redacted().as_bytes(), trigger.free_text());
        let result = self.chunked_flow(trigger, &line, make_chunk, &mut data, opts);
        self.end();
        result
    }

    // ----- operation lifecycle -------------------------------------------

    fn begin(&mut self, line: &[u8], redacted: &[u8], free_text: bool) {
        self.stash.clear();
        self.awaiting_final = true;
        let mut st = self.shared.lock();
        st.router.begin_bytes(line, redacted, free_text);
        st.in_flight = true;
        st.idle_since = None;
        st.cancelled = false;
    }

    fn end(&mut self) {
        let orphaned = self.awaiting_final;
        self.awaiting_final = false;
        self.stash.clear();
        let used = std::mem::take(&mut self.used_lines);
        let mut st = self.shared.lock();
        st.router.end(orphaned);
        st.router.recycle_response(used);
        st.in_flight = false;
        st.cancelled = false;
        st.route_idle();
        st.idle_since = Some(Instant::now());
        if st.closed.is_some() {
            st.urc_tx = None;
        }
    }

    fn with_router<T>(&self, f: impl FnOnce(&mut Router<D>) -> T) -> T {
        f(&mut self.shared.lock().router)
    }

    /// Waits for the next event of the operation until `deadline`.
    fn wait(
        &mut self,
        deadline: Instant,
        claim: &dyn Fn(&str) -> Claim,
    ) -> Result<Event, WaitFail> {
        if let Some(event) = self.stash.pop_front() {
            return Ok(event);
        }
        loop {
            let mut st = self.shared.lock();
            let event = st.router.next_event(Some(claim));
            st.flush_urcs();
            if let Some(event) = event {
                return Ok(event);
            }
            if st.cancelled {
                return Err(WaitFail::Cancelled);
            }
            if let Some(reason) = &st.closed {
                return Err(WaitFail::Closed(reason.clone()));
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(WaitFail::Timeout);
            }
            #[cfg(unix)]
            if self.direct.is_some() {
                drop(st);
                // Slices keep cancellation responsive.
                self.pump_direct((deadline - now).min(READ_POLL));
                continue;
            }
            #[cfg(feature = "serial")]
            if self.serial.is_some() && !st.reading {
                // The token is free: read here (slices keep cancellation
                // responsive); held by the reader thread, it wakes us.
                st.reading = true;
                drop(st);
                self.pump_serial((deadline - now).min(READ_POLL));
                continue;
            }
            drop(
                self.shared
                    .cond
                    .wait_timeout(st, deadline - now)
                    .unwrap_or_else(PoisonError::into_inner),
            );
        }
    }

    /// Fast path: waits up to `timeout` for the tty and pushes what it has.
    #[cfg(unix)]
    fn pump_direct(&mut self, timeout: Duration) {
        use std::os::fd::AsRawFd;
        let Some(fd) = self.direct.as_ref().map(AsRawFd::as_raw_fd) else {
            return;
        };
        match direct::wait_readable(fd, timeout) {
            direct::Ready::Timeout => {}
            direct::Ready::Gone(reason) => self.shared.lock().close(reason),
            direct::Ready::Data => {
                let mut st = self.shared.lock();
                match direct::read_now(fd, &mut self.read_buf) {
                    Ok(None) => {}
                    Ok(Some(0)) => st.close("end of file".into()),
                    Ok(Some(n)) => {
                        st.router.push(&self.read_buf[..n]);
                        self.rx_bytes.fetch_add(n as u64, Ordering::Release);
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                        ) => {}
                    Err(e) => st.close(format!("read failed: {e}")),
                }
            }
        }
    }

    /// Serial path, holding the read token: reads the port for up to
    /// `timeout`, pushes what came and gives the token back.
    #[cfg(feature = "serial")]
    fn pump_serial(&mut self, timeout: Duration) {
        let Some(port) = self.serial.as_mut() else {
            return;
        };
        let read = port
            .set_timeout(timeout)
            .map_err(io::Error::from)
            .and_then(|()| port.read(&mut self.read_buf));
        let mut st = self.shared.lock();
        st.reading = false;
        match read {
            Ok(0) => st.close("end of file".into()),
            Ok(n) => {
                st.router.push(&self.read_buf[..n]);
                self.rx_bytes.fetch_add(n as u64, Ordering::Release);
            }
            Err(e) if reader::is_retry(&e) => {}
            Err(e) => st.close(format!("read failed: {e}")),
        }
        // Nobody is woken: the reader thread reads only between commands
        // (it naps meanwhile), and a wake per read would cost a thread hop.
    }

    /// Routes whatever has arrived without blocking; a final error ends the
    /// data phase early, other events are kept for [`Modem::wait`].
    fn poll_early(
        &mut self,
        command: &'static str,
        claim: &dyn Fn(&str) -> Claim,
    ) -> Result<(), Error> {
        #[cfg(unix)]
        self.pump_direct(Duration::ZERO);
        #[cfg(feature = "serial")]
        if self.serial.is_some() && !std::mem::replace(&mut self.shared.lock().reading, true) {
            self.pump_serial(Duration::ZERO);
        }
        let mut st = self.shared.lock();
        if st.cancelled {
            return Err(Error::Cancelled { command });
        }
        if let Some(reason) = &st.closed {
            return Err(Error::PortClosed {
                reason: reason.clone(),
            });
        }
        while let Some(event) = st.router.next_event(Some(claim)) {
            if let Event::Final(Err(error)) = event {
                st.flush_urcs();
                self.awaiting_final = false;
                return Err(Error::Modem { command, error });
            }
            self.stash.push_back(event);
        }
        st.flush_urcs();
        Ok(())
    }

    fn fail(&self, fail: WaitFail, command: &'static str, stage: Stage, after: Duration) -> Error {
        match fail {
            WaitFail::Timeout => Error::Timeout {
                command,
                stage,
                after,
            },
            WaitFail::Closed(reason) => Error::PortClosed { reason },
            WaitFail::Cancelled => Error::Cancelled { command },
        }
    }

    // ----- writing ---------------------------------------------------------

    /// Writes all of `bytes` within `after`. With `early` (the data phase's
    /// claim), input is routed whenever the port is full, so a final error
    /// stops the data phase instead of the write timing out.
    fn write_all(
        &mut self,
        bytes: &[u8],
        command: &'static str,
        after: Duration,
        early: Option<&dyn Fn(&str) -> Claim>,
    ) -> Result<(), Error> {
        let deadline = Instant::now() + after;
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.writer.write(rest) {
                Ok(0) => {
                    return Err(Error::PortClosed {
                        reason: "the port accepts no more bytes".into(),
                    })
                }
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                    ) =>
                {
                    let st = self.shared.lock();
                    if st.cancelled {
                        return Err(Error::Cancelled { command });
                    }
                    if let Some(reason) = &st.closed {
                        return Err(Error::PortClosed {
                            reason: reason.clone(),
                        });
                    }
                    drop(st);
                    if let Some(claim) = early {
                        self.poll_early(command, claim)?;
                    }
                    if Instant::now() >= deadline {
                        return Err(Error::Timeout {
                            command,
                            stage: Stage::Write,
                            after,
                        });
                    }
                }
                Err(e) => {
                    return Err(Error::PortClosed {
                        reason: format!("write failed: {e}"),
                    })
                }
            }
        }
        if self.flush_writes {
            self.writer.flush().map_err(|e| Error::PortClosed {
                reason: format!("flush failed: {e}"),
            })?;
        }
        Ok(())
    }

    fn write_command(
        &mut self,
        line: &[u8],
        redacted: &[u8],
        command: &'static str,
        after: Duration,
    ) -> Result<(), Error> {
        self.tracer.sent_command_bytes(redacted);
        self.write_all(line, command, after, None)
    }
}

impl<D: Dialect + 'static> Drop for Modem<D> {
    fn drop(&mut self) {
        let mut st = self.shared.lock();
        st.stop = true;
        st.urc_tx = None;
        drop(st);
        self.shared.cond.notify_all();
    }
}
