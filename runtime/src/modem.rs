//! The blocking executor: a [`Modem`] owns the write half of a port and a
//! background reader thread that feeds the sans-io [`Router`].
//!
//! While no command runs, the reader thread routes everything itself, so URCs
//! reach the [`Urcs`] receiver at any time. While a command runs, the reader
//! only appends bytes and wakes the calling thread, which routes them with the
//! command's `claim` (a counted payload must switch the framer to raw mode
//! before the next byte is framed, so routing cannot run ahead of claims).

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serialport::SerialPort;
#[cfg(unix)]
use serialport::TTYPort;

use crate::command::{Claim, Command, DataPhase, Dialect};
use crate::data::{self, Source};
#[cfg(unix)]
use crate::direct;
use crate::error::{Error, Stage};
use crate::router::{DataStart, Event, Router, Urc};
use crate::trace::Tracer;

/// How long one blocking read waits before checking for shutdown.
const READ_POLL: Duration = Duration::from_millis(20);
/// How long one blocking write waits before checking deadline and cancel.
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
    /// The result line reported after a `CONNECT` data phase, if declared.
    pub data_result: Option<String>,
}

/// The receiving end of the URC stream. Ends when the port closes or the
/// [`Modem`] is dropped. Unread URCs are kept (unbounded), so drop it if
/// URCs are of no interest.
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
    /// Makes the command in flight (if any) fail with [`Error::Cancelled`].
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
    urc_tx: Option<Sender<Urc<D::Urc>>>,
    /// When the last command ended (`None` while one runs).
    idle_since: Option<Instant>,
}

impl<D: Dialect> State<D> {
    fn flush_urcs(&mut self) {
        let tx = self.urc_tx.as_ref();
        for urc in self.router.drain_urcs() {
            if let Some(tx) = tx {
                // A dropped receiver means nobody wants URCs.
                let _ = tx.send(urc);
            }
        }
    }

    /// Records that the port went away; URCs stop once no command needs them.
    fn close(&mut self, reason: String) {
        if self.closed.is_none() {
            self.closed = Some(reason);
        }
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
    /// The tty the calling thread reads while a command is in flight.
    #[cfg(unix)]
    direct: Option<TTYPort>,
    read_buf: Vec<u8>,
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
struct SerialWriter(Box<dyn SerialPort>);

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
    #[cfg(unix)]
    pub fn from_tty(mut port: TTYPort) -> Result<(Self, Urcs<D::Urc>), Error> {
        let reader = port.try_clone_native()?;
        let direct = port.try_clone_native()?;
        port.set_timeout(WRITE_POLL)?;
        let (mut modem, urcs) = Self::build(SerialWriter(Box::new(port)), |shared, rx| {
            move || direct_reader_loop(shared, reader, rx)
        });
        modem.flush_writes = false;
        modem.direct = Some(direct);
        Ok((modem, urcs))
    }

    /// Runs over an already open serial port (e.g. one end of
    /// `serialport::TTYPort::pair()`, boxed).
    pub fn from_serial(mut port: Box<dyn SerialPort>) -> Result<(Self, Urcs<D::Urc>), Error> {
        let mut reader = port.try_clone()?;
        reader.set_timeout(READ_POLL)?;
        port.set_timeout(WRITE_POLL)?;
        let (mut modem, urcs) = Self::new(reader, SerialWriter(port));
        modem.flush_writes = false;
        Ok((modem, urcs))
    }

    /// Runs over any byte stream: `reader` is read on a background thread
    /// (read timeouts, `WouldBlock` and `Interrupted` are retried; EOF or
    /// any other error closes the modem), `writer` is written and flushed
    /// by the calling thread.
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
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                router: Router::new(tracer),
                in_flight: false,
                cancelled: false,
                stop: false,
                closed: None,
                urc_tx: Some(tx),
                idle_since: Some(Instant::now() - IDLE_GRACE),
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
            read_buf: vec![0; 4096],
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
                if st.in_flight {
                    st.cancelled = true;
                }
                drop(st);
                shared.cond.notify_all();
            }),
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
    pub fn send_chunked<T, C, F, R>(
        &mut self,
        trigger: &T,
        make_chunk: F,
        data: R,
    ) -> Result<Reply<T>, Error>
    where
        T: Command,
        C: Command,
        F: FnMut(usize) -> C,
        R: Read,
    {
        self.send_chunked_with(trigger, make_chunk, data, SendOptions::default())
    }

    /// [`Modem::send_chunked`] with per-call timeouts (`completion_timeout`
    /// also bounds each wait for a ready URC).
    pub fn send_chunked_with<T, C, F, R>(
        &mut self,
        trigger: &T,
        make_chunk: F,
        mut data: R,
        opts: SendOptions,
    ) -> Result<Reply<T>, Error>
    where
        T: Command,
        C: Command,
        F: FnMut(usize) -> C,
        R: Read,
    {
        let mut line = Vec::new();
        trigger.encode(&mut line);
        self.begin(&line, trigger.redacted(), trigger.free_text());
        let result = self.chunked_flow(trigger, &line, make_chunk, &mut data, opts);
        self.end();
        result
    }

    // ----- operation lifecycle -------------------------------------------

    fn begin(&mut self, line: &[u8], redacted: String, free_text: bool) {
        self.stash.clear();
        self.awaiting_final = true;
        let mut st = self.shared.lock();
        st.router.begin(line, redacted, free_text);
        st.in_flight = true;
        st.idle_since = None;
        st.cancelled = false;
    }

    fn end(&mut self) {
        let orphaned = self.awaiting_final;
        self.awaiting_final = false;
        self.stash.clear();
        let mut st = self.shared.lock();
        st.router.end(orphaned);
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
        use std::os::unix::io::AsRawFd;
        let Some(port) = self.direct.as_ref() else {
            return;
        };
        let fd = port.as_raw_fd();
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

    /// Routes whatever has arrived without blocking; a final error ends the
    /// data phase early, other events are kept for [`Modem::wait`].
    fn poll_early(
        &mut self,
        command: &'static str,
        claim: &dyn Fn(&str) -> Claim,
    ) -> Result<(), Error> {
        #[cfg(unix)]
        self.pump_direct(Duration::ZERO);
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
        redacted: &str,
        command: &'static str,
        after: Duration,
    ) -> Result<(), Error> {
        self.tracer.sent_command(redacted);
        self.write_all(line, command, after, None)
    }

    // ----- plain and data-entry exchanges ----------------------------------

    fn exchange<C: Command>(
        &mut self,
        cmd: &C,
        opts: SendOptions,
        data: Option<&mut dyn Read>,
    ) -> Result<Reply<C>, Error> {
        let mut line = Vec::new();
        cmd.encode(&mut line);
        let redacted = cmd.redacted();
        self.begin(&line, redacted.clone(), cmd.free_text());
        let result = self.exchange_flow(cmd, &line, &redacted, opts, data);
        self.end();
        result
    }

    fn exchange_flow<C: Command>(
        &mut self,
        cmd: &C,
        line: &[u8],
        redacted: &str,
        opts: SendOptions,
        data: Option<&mut dyn Read>,
    ) -> Result<Reply<C>, Error> {
        let name = cmd.name();
        let claim = |l: &str| cmd.claim(l);
        let timeout = opts.timeout.unwrap_or_else(|| cmd.timeout());
        let phase = cmd.data_phase();
        let result_prefix = match &phase {
            Some(DataPhase::Connect { result_prefix, .. }) => *result_prefix,
            _ => None,
        };
        let mut data_result = None;
        match &phase {
            Some(DataPhase::PromptCtrlZ | DataPhase::PromptExact(_)) => {
                self.with_router(|r| r.expect_data_start(DataStart::Prompt));
            }
            Some(DataPhase::Connect { .. }) => {
                self.with_router(|r| {
                    r.expect_data_start(DataStart::Connect);
                    r.await_prefixes(result_prefix.into_iter().collect());
                });
            }
            _ => {}
        }
        self.write_command(line, redacted, name, timeout)?;
        let mut deadline = Instant::now() + timeout;

        if let (Some(phase), Some(data)) = (&phase, data) {
            loop {
                let event = self
                    .wait(deadline, &claim)
                    .map_err(|f| self.fail(f, name, Stage::DataStart, timeout))?;
                match event {
                    Event::DataStart => break,
                    Event::Claimed => {}
                    Event::Awaited(l) => data_result = Some(l),
                    Event::Final(Err(error)) => {
                        self.awaiting_final = false;
                        return Err(Error::Modem {
                            command: name,
                            error,
                        });
                    }
                    Event::Final(Ok(())) => {
                        self.awaiting_final = false;
                        return Err(Error::Protocol {
                            command: name,
                            detail: "the modem answered OK where the data-entry prompt was due"
                                .into(),
                        });
                    }
                }
            }
            let extra = self.stream(name, phase, data, &claim, timeout)?;
            deadline = Instant::now() + timeout + extra;
        }

        let outcome = loop {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::Final, timeout))?;
            match event {
                Event::Final(result) => break result,
                Event::Awaited(l) => data_result = Some(l),
                Event::Claimed | Event::DataStart => {}
            }
        };
        self.awaiting_final = false;
        outcome.map_err(|error| Error::Modem {
            command: name,
            error,
        })?;
        let lines = self.with_router(|r| r.take_lines());
        let response = cmd.parse_response(&lines).map_err(|error| Error::Parse {
            command: name,
            error,
        })?;

        let completion = cmd.completion();
        let mut prefixes: Vec<&'static str> = completion
            .as_ref()
            .map(|c| c.prefixes.to_vec())
            .unwrap_or_default();
        let want_result = result_prefix.is_some() && data_result.is_none();
        if want_result {
            prefixes.extend(result_prefix);
        }
        if prefixes.is_empty() {
            return Ok(Reply {
                response,
                outcome: None,
                data_result,
            });
        }
        self.with_router(|r| r.await_prefixes(prefixes));
        let wait_for = match &completion {
            Some(spec) => opts.completion_timeout.unwrap_or(spec.timeout),
            None => timeout,
        };
        let deadline = Instant::now() + wait_for;
        let mut outcome = None;
        while (completion.is_some() && outcome.is_none()) || (want_result && data_result.is_none())
        {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::Completion, wait_for))?;
            let Event::Awaited(l) = event else { continue };
            let is_completion = completion
                .as_ref()
                .is_some_and(|spec| spec.prefixes.iter().any(|p| l.starts_with(p)));
            if is_completion && outcome.is_none() {
                outcome = Some(cmd.parse_outcome(&l).map_err(|error| Error::Parse {
                    command: name,
                    error,
                })?);
            } else {
                data_result = Some(l);
            }
        }
        Ok(Reply {
            response,
            outcome,
            data_result,
        })
    }

    /// Streams the payload of a prompt / CONNECT phase and ends it. Returns
    /// extra time the modem needs before its result (guard or idle time).
    fn stream(
        &mut self,
        name: &'static str,
        phase: &DataPhase,
        source: &mut dyn Read,
        claim: &dyn Fn(&str) -> Claim,
        timeout: Duration,
    ) -> Result<Duration, Error> {
        let limit = match phase {
            DataPhase::PromptExact(n) => Some(*n),
            DataPhase::Connect { length, .. } => *length,
            _ => None,
        };
        let ctrl_z = matches!(phase, DataPhase::PromptCtrlZ);
        let mut source = Source::new(source, self.chunk_size, limit);
        let mut offset = 0usize;
        while let Some(chunk) = source.next_chunk()? {
            if ctrl_z {
                if let Some(bad) = data::forbidden_in_text(chunk) {
                    let detail = format!(
                        "byte {} at offset {} would end the text early (Ctrl-Z ends, ESC cancels); send it with a length-counted form instead",
                        crate::trace::Escaped(&[chunk[bad]]),
                        offset + bad
                    );
                    self.cancel_entry();
                    return Err(Error::Payload {
                        command: name,
                        detail,
                    });
                }
            }
            let len = chunk.len();
            self.write_all(chunk, name, timeout, Some(claim))?;
            self.tracer.sent_data(len);
            offset += len;
            self.poll_early(name, claim)?;
        }
        if let Some(n) = limit {
            if offset < n {
                self.cancel_entry();
                return Err(Error::Payload {
                    command: name,
                    detail: format!("the source ended after {offset} of the {n} declared bytes"),
                });
            }
        }
        match phase {
            DataPhase::PromptCtrlZ => {
                self.tracer.sent_control(b"\x1a");
                self.write_all(b"\x1a", name, timeout, Some(claim))?;
                Ok(Duration::ZERO)
            }
            DataPhase::Connect {
                escape: Some((sequence, guard)),
                ..
            } if limit.is_none() => {
                std::thread::sleep(*guard);
                self.tracer.sent_control(sequence);
                self.write_all(sequence, name, timeout, Some(claim))?;
                Ok(*guard)
            }
            DataPhase::Connect {
                idle_timeout: Some(idle),
                ..
            } if limit.is_none() => Ok(*idle),
            _ => Ok(Duration::ZERO),
        }
    }

    /// Sends ESC to abandon a prompt phase; best effort.
    fn cancel_entry(&mut self) {
        self.tracer.sent_control(b"\x1b");
        let _ = self.writer.write_all(b"\x1b");
        let _ = self.writer.flush();
    }

    // ----- chunked transfer -------------------------------------------------

    fn chunked_flow<T, C, F>(
        &mut self,
        trigger: &T,
        line: &[u8],
        mut make_chunk: F,
        data: &mut dyn Read,
        opts: SendOptions,
    ) -> Result<Reply<T>, Error>
    where
        T: Command,
        C: Command,
        F: FnMut(usize) -> C,
    {
        let name = trigger.name();
        let end_cmd = make_chunk(0);
        let Some(DataPhase::Chunked { ready_prefix }) = end_cmd.data_phase() else {
            return Err(Error::Protocol {
                command: end_cmd.name(),
                detail: "the chunk command has no chunked data phase".into(),
            });
        };
        let timeout = opts.timeout.unwrap_or_else(|| trigger.timeout());
        let trigger_claim = |l: &str| trigger.claim(l);
        self.write_command(line, &trigger.redacted(), name, timeout)?;
        let deadline = Instant::now() + timeout;
        let result = loop {
            match self
                .wait(deadline, &trigger_claim)
                .map_err(|f| self.fail(f, name, Stage::Final, timeout))?
            {
                Event::Final(r) => break r,
                _ => continue,
            }
        };
        self.awaiting_final = false;
        result.map_err(|error| Error::Modem {
            command: name,
            error,
        })?;
        let lines = self.with_router(|r| r.take_lines());
        let response = trigger
            .parse_response(&lines)
            .map_err(|error| Error::Parse {
                command: name,
                error,
            })?;

        let completion = trigger.completion();
        let completion_prefixes: Vec<&'static str> = completion
            .as_ref()
            .map(|c| c.prefixes.to_vec())
            .unwrap_or_default();
        let ready_wait = opts
            .completion_timeout
            .or(completion.as_ref().map(|c| c.timeout))
            .unwrap_or(timeout);
        let mut awaited = vec![ready_prefix];
        awaited.extend(completion_prefixes.iter().copied());
        self.with_router(|r| r.await_prefixes(awaited));
        let is_completion = |l: &str| completion_prefixes.iter().any(|p| l.starts_with(p));

        let no_claim = |_: &str| Claim::NotMine;
        let mut buf: Vec<u8> = Vec::new();
        let mut eof = false;
        let mut pending: VecDeque<String> = VecDeque::new();
        let mut early_outcome = None;
        loop {
            // Wait for a window (or an early completion).
            let deadline = Instant::now() + ready_wait;
            let window = loop {
                let l = match pending.pop_front() {
                    Some(l) => l,
                    None => match self
                        .wait(deadline, &no_claim)
                        .map_err(|f| self.fail(f, end_cmd.name(), Stage::ChunkReady, ready_wait))?
                    {
                        Event::Awaited(l) => l,
                        _ => continue,
                    },
                };
                if let Some(max) = end_cmd.chunk_window(&l) {
                    break max;
                }
                if is_completion(&l) {
                    early_outcome = Some(l);
                    break 0;
                }
                self.with_router(|r| r.route_line_as_urc(l));
            };
            if early_outcome.is_some() {
                break;
            }
            if window == 0 {
                continue;
            }
            while !eof && buf.len() < window {
                let start = buf.len();
                buf.resize(window, 0);
                let n = read_retrying(data, &mut buf[start..])?;
                buf.truncate(start + n);
                eof = n == 0;
            }
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min(window);
            let chunk = make_chunk(n);
            let chunk_name = chunk.name();
            let chunk_timeout = chunk.timeout();
            let mut chunk_line = Vec::new();
            chunk.encode(&mut chunk_line);
            let redacted = chunk.redacted();
            self.with_router(|r| r.next_command(&chunk_line, redacted.clone(), chunk.free_text()));
            self.awaiting_final = true;
            self.write_command(&chunk_line, &redacted, chunk_name, chunk_timeout)?;
            let chunk_claim = |l: &str| chunk.claim(l);
            let deadline = Instant::now() + chunk_timeout;
            let mut written = false;
            let result = loop {
                match self
                    .wait(deadline, &chunk_claim)
                    .map_err(|f| self.fail(f, chunk_name, Stage::Final, chunk_timeout))?
                {
                    Event::Claimed if !written => {
                        let granted = self.with_router(|r| chunk.chunk_granted(r.lines()));
                        if let Some(granted) = granted {
                            let granted = granted.min(n);
                            self.write_all(
                                &buf[..granted],
                                chunk_name,
                                chunk_timeout,
                                Some(&chunk_claim),
                            )?;
                            self.tracer.sent_data(granted);
                            buf.drain(..granted);
                            written = true;
                        }
                    }
                    Event::Awaited(l) => pending.push_back(l),
                    Event::Final(r) => break r,
                    _ => {}
                }
            };
            self.awaiting_final = false;
            result.map_err(|error| Error::Modem {
                command: chunk_name,
                error,
            })?;
            if !written {
                return Err(Error::Protocol {
                    command: chunk_name,
                    detail: "OK arrived without a grant line, so no data was sent".into(),
                });
            }
        }

        if early_outcome.is_none() {
            let mut end_line = Vec::new();
            end_cmd.encode(&mut end_line);
            let redacted = end_cmd.redacted();
            let end_name = end_cmd.name();
            let end_timeout = end_cmd.timeout();
            self.with_router(|r| r.next_command(&end_line, redacted.clone(), false));
            self.awaiting_final = true;
            self.write_command(&end_line, &redacted, end_name, end_timeout)?;
            let end_claim = |l: &str| end_cmd.claim(l);
            let deadline = Instant::now() + end_timeout;
            let result = loop {
                match self
                    .wait(deadline, &end_claim)
                    .map_err(|f| self.fail(f, end_name, Stage::Final, end_timeout))?
                {
                    Event::Final(r) => break r,
                    Event::Awaited(l) => pending.push_back(l),
                    _ => {}
                }
            };
            self.awaiting_final = false;
            result.map_err(|error| Error::Modem {
                command: end_name,
                error,
            })?;
        }

        let mut outcome = None;
        if completion.is_some() {
            let line = match early_outcome {
                Some(l) => l,
                None => {
                    self.with_router(|r| r.await_prefixes(completion_prefixes.clone()));
                    let deadline = Instant::now() + ready_wait;
                    loop {
                        let l = match pending.pop_front() {
                            Some(l) => l,
                            None => match self
                                .wait(deadline, &no_claim)
                                .map_err(|f| self.fail(f, name, Stage::Completion, ready_wait))?
                            {
                                Event::Awaited(l) => l,
                                _ => continue,
                            },
                        };
                        if is_completion(&l) {
                            break l;
                        }
                        self.with_router(|r| r.route_line_as_urc(l));
                    }
                }
            };
            outcome = Some(trigger.parse_outcome(&line).map_err(|error| Error::Parse {
                command: name,
                error,
            })?);
        }
        for l in pending {
            self.with_router(|r| r.route_line_as_urc(l));
        }
        Ok(Reply {
            response,
            outcome,
            data_result: None,
        })
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

/// Reads once, retrying interruptions.
fn read_retrying(source: &mut dyn Read, buf: &mut [u8]) -> Result<usize, Error> {
    loop {
        match source.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::Io(e)),
        }
    }
}

fn reader_loop<D: Dialect, R: Read>(shared: Arc<Shared<D>>, mut port: R, rx_bytes: Arc<AtomicU64>) {
    let mut buf = vec![0u8; 4096];
    loop {
        if shared.lock().stop {
            return;
        }
        let reason = match port.read(&mut buf) {
            Ok(0) => "end of file".to_string(),
            Ok(n) => {
                let mut st = shared.lock();
                st.router.push(&buf[..n]);
                if st.in_flight {
                    drop(st);
                    shared.cond.notify_all();
                } else {
                    st.route_idle();
                }
                rx_bytes.fetch_add(n as u64, Ordering::Release);
                continue;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut
                        | io::ErrorKind::WouldBlock
                        | io::ErrorKind::Interrupted
                ) =>
            {
                continue
            }
            Err(e) => e.to_string(),
        };
        shared.lock().close(reason);
        shared.cond.notify_all();
        return;
    }
}

/// The background reader of the unix fast path: reads only while no command
/// is in flight, and parks while one is.
#[cfg(unix)]
fn direct_reader_loop<D: Dialect>(shared: Arc<Shared<D>>, port: TTYPort, rx_bytes: Arc<AtomicU64>) {
    use std::os::unix::io::AsRawFd;
    let fd = port.as_raw_fd();
    let mut buf = vec![0u8; 4096];
    loop {
        {
            // Stay off the fd while commands run, and for a short grace after
            // one ends: back-to-back commands then never wake this thread on
            // their responses.
            let mut st = shared.lock();
            loop {
                if st.stop || st.closed.is_some() {
                    return;
                }
                let idle_for = st.idle_since.map(|t| t.elapsed());
                match idle_for {
                    Some(idle) if !st.in_flight && idle >= IDLE_GRACE => break,
                    _ => {
                        let nap = IDLE_GRACE - idle_for.unwrap_or_default().min(IDLE_GRACE);
                        st = shared
                            .cond
                            .wait_timeout(st, nap.max(Duration::from_millis(1)))
                            .unwrap_or_else(PoisonError::into_inner)
                            .0;
                    }
                }
            }
        }
        let reason = match direct::wait_readable(fd, READ_POLL) {
            direct::Ready::Timeout => continue,
            direct::Ready::Gone(reason) => reason,
            direct::Ready::Data => {
                let mut st = shared.lock();
                if st.in_flight {
                    // The calling thread reads now.
                    continue;
                }
                match direct::read_now(fd, &mut buf) {
                    Ok(None) => continue,
                    Ok(Some(0)) => "end of file".to_string(),
                    Ok(Some(n)) => {
                        st.router.push(&buf[..n]);
                        st.route_idle();
                        rx_bytes.fetch_add(n as u64, Ordering::Release);
                        continue;
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                        ) =>
                    {
                        continue
                    }
                    Err(e) => format!("read failed: {e}"),
                }
            }
        };
        shared.lock().close(reason);
        shared.cond.notify_all();
        return;
    }
}
