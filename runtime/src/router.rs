//! Sans-io routing: decides, frame by frame, whether a line belongs to the
//! command in flight, ends it, opens its data phase, or is a URC.
//!
//! The [`Router`] owns a [`Framer`]. Its owner pushes bytes in, describes the
//! operation in flight ([`Router::begin`] and friends), and pulls [`Event`]s
//! out with [`Router::next_event`], passing the in-flight command's `claim`.
//! Everything not taken by the operation is queued as a [`Urc`] — nothing is
//! dropped. No I/O, no clocks: the blocking executor in [`crate::modem`] is one
//! possible driver; an async one could be another.

mod finals;

use std::borrow::Cow;
use std::marker::PhantomData;

use crate::command::{Claim, Dialect, ResponseLine, VendorError};
use crate::error::ModemError;
use crate::framer::{Framer, Span};
use crate::trace::Tracer;
use finals::FinalKind;

/// At most this many unrecognised lines are kept for one operation; more are
/// dropped (with a trace note), so a module flooding the line cannot grow
/// memory without bound.
pub const MAX_UNRECOGNISED: usize = 1024;

mod limits;
mod lines;
mod outstanding;
mod redact;

use limits::UrcQueue;
pub use limits::{Limits, Refusal};
pub use outstanding::IsFinal;
use outstanding::{Outstanding, Take};
use redact::Secrets;

/// An unsolicited line (or line plus payload) from the modem.
///
/// Text shown here (`Unknown`, `Raw`, the `line` of `WithPayload` and
/// `PayloadTooLarge`) has secrets masked (see [`crate::Dialect::redact_line`]);
/// typed URCs are parsed from the line as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Urc<U> {
    /// A URC of the dialect.
    Typed(U),
    /// A line no URC of the dialect matches (boot banners, noise, late lines).
    Unknown(String),
    /// A line that is not valid UTF-8, with its exact bytes (never parsed
    /// as a typed URC: no value is guessed from replacement characters).
    Raw(Vec<u8>),
    /// A line longer than [`crate::framer::MAX_LINE`]: dropped, its length.
    Overlong(usize),
    /// A URC header announcing a payload over [`Limits::max_payload`]; the
    /// payload was not taken (its bytes were framed as lines).
    PayloadTooLarge {
        /// The header line.
        line: String,
        /// The announced length.
        announced: usize,
    },
    /// This many URCs were dropped here because the queue was full
    /// ([`Limits::max_urcs`]): the newest are dropped, the count is
    /// reported once room is made.
    Dropped(u64),
    /// A URC header announced by [`Dialect::urc_payload_len`] and its raw bytes.
    WithPayload {
        /// The header line.
        line: String,
        /// The header parsed as a URC, if the dialect knows it.
        urc: Option<U>,
        /// The counted bytes.
        payload: Vec<u8>,
    },
}

/// What opens a data-entry phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataStart {
    /// A `>` prompt (no line end), or one of the dialect's declared prompts.
    Prompt,
    /// A `CONNECT` / `CONNECT <text>` line, or one of the dialect's declared
    /// prompts (`DOWNLOAD`).
    Connect,
    /// Exactly this line (a declared prompt such as `DOWNLOAD`), nothing
    /// else: a `CONNECT` or another prompt then ends the command as
    /// unexpected.
    Line(&'static str),
}

/// Something the operation in flight has to react to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The expected prompt or `CONNECT` arrived.
    DataStart,
    /// A line (and its payload, if counted) was claimed; see [`Router::lines`].
    Claimed,
    /// The final result of the command.
    Final(Result<(), ModemError>),
    /// A line starting with one of the awaited prefixes.
    Awaited(String),
}

/// What routing one frame gave the operation: a register-sized answer of
/// the routing functions (a large [`Event`] moved through each of them cost
/// a stalled copy per line); the error of [`Step::FinalErr`] and the line
/// of [`Step::Awaited`] wait in the router until [`Router::next_event`]
/// builds the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Nothing for the operation (a URC, a blank line, an echo, ...).
    Nothing,
    /// [`Event::DataStart`].
    DataStart,
    /// [`Event::Claimed`].
    Claimed,
    /// [`Event::Final`] with `Ok`.
    FinalOk,
    /// [`Event::Final`] with the error in [`Router::failed`].
    FinalErr,
    /// [`Event::Awaited`] with the line in `Spare::awaited_line`.
    Awaited,
}

/// The operation in flight.
#[derive(Debug, Default)]
struct Op {
    /// The command line's echo, skipped while [`Op::echo_due`].
    echo: Vec<u8>,
    echo_due: bool,
    /// The command line's redacted form (bytes as the command wrote them),
    /// unless it is the echo itself ([`Op::redacted_is_echo`]).
    redacted: Vec<u8>,
    /// The redacted form is exactly [`Op::echo`] (a line without secrets):
    /// not copied a second time.
    redacted_is_echo: bool,
    free_text: bool,
    collecting: bool,
    data_start: Option<DataStart>,
    in_data: bool,
    echo_seen: bool,
    /// A timed-out command's final result is still due and echo is on:
    /// until this command's echo arrives, nothing is this command's.
    orphan_before_echo: bool,
    /// A final result was skipped as the timed-out command's.
    skipped_orphan: bool,
    awaited: Vec<&'static str>,
    in_free_text: bool,
    vendor_line: Option<VendorError>,
    lines: Vec<ResponseLine>,
    /// Bytes held in `lines`.
    collected: usize,
    /// Why the answer is not taken whole (the first reason).
    refused: Option<Refusal>,
    /// Lines with the command's own prefix but none of its shapes.
    unrecognised: Vec<String>,
}

/// At most this many line buffers are kept for reuse between operations.
const SPARE_STRINGS: usize = 16;
/// A line buffer larger than this is not kept for reuse.
const SPARE_STRING_CAP: usize = 1024;
/// A collected-lines vector with room for more entries is not kept.
const SPARE_LINES_CAP: usize = 64;

/// The operation slot: one [`Op`] whose buffers (echo, redacted line,
/// awaited prefixes, collected lines) stay allocated from one operation to
/// the next, so that starting and ending one moves and allocates nothing.
#[derive(Debug, Default)]
struct Slot {
    active: bool,
    op: Op,
}

impl Slot {
    /// The operation in flight, if any.
    #[inline]
    fn as_mut(&mut self) -> Option<&mut Op> {
        self.active.then_some(&mut self.op)
    }

    /// The operation in flight, if any.
    #[inline]
    fn as_ref(&self) -> Option<&Op> {
        self.active.then_some(&self.op)
    }

    /// Whether an operation is in flight.
    #[inline]
    fn is_some(&self) -> bool {
        self.active
    }
}

impl Op {
    /// Makes this the state of a new operation, keeping the buffers; the
    /// per-command-line state is set by [`Op::start_line`], which follows.
    fn reset(&mut self, orphan_before_echo: bool) {
        self.data_start = None;
        self.in_data = false;
        self.echo_seen = false;
        self.orphan_before_echo = orphan_before_echo;
        self.skipped_orphan = false;
        self.awaited.clear();
        self.unrecognised = Vec::new();
    }

    /// The state of a command line just sent (the first of the operation or
    /// a later one): its echo is due, its answer is collected afresh (the
    /// line buffers of the last one go to `spare`).
    #[inline]
    fn start_line(&mut self, echo: &[u8], redacted: &[u8], free_text: bool, spare: &mut Spare) {
        self.echo.clear();
        self.echo.extend_from_slice(echo);
        self.echo_due = true;
        // A line without secrets is its own redacted form: kept once.
        self.redacted_is_echo = same_bytes(redacted, echo);
        self.redacted.clear();
        if !self.redacted_is_echo {
            self.redacted.extend_from_slice(redacted);
        }
        self.free_text = free_text;
        self.collecting = true;
        self.in_free_text = false;
        self.vendor_line = None;
        spare.recycle_lines(&mut self.lines);
        self.collected = 0;
        self.refused = None;
    }

    /// The echo still to be skipped, if any.
    fn due_echo(&self) -> Option<&[u8]> {
        self.echo_due.then_some(self.echo.as_slice())
    }

    /// The command line's redacted form, for traces.
    #[inline]
    fn redacted(&self) -> &[u8] {
        if self.redacted_is_echo {
            &self.echo
        } else {
            &self.redacted
        }
    }
}

/// Whether `a` and `b` hold the same bytes (no comparison when they are the
/// same slice: a line passed as its own redacted form).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// Buffers handed back by their takers, reused so that the steady state
/// allocates nothing per exchange (bounded: [`SPARE_STRINGS`] buffers of
/// at most [`SPARE_STRING_CAP`] bytes, one vector of
/// [`SPARE_LINES_CAP`] entries).
#[derive(Debug, Default)]
struct Spare {
    /// The last [`Event::Awaited`] line, handed back by its taker
    /// ([`Router::recycle_awaited`]).
    awaited_line: Option<String>,
    /// Emptied line buffers for collected lines.
    strings: Vec<String>,
    /// An emptied vector of collected lines ([`Router::recycle_response`]).
    lines: Vec<ResponseLine>,
}

impl Spare {
    /// Keeps `s` (emptied) for a later line, if there is room.
    #[inline]
    fn keep_string(&mut self, mut s: String) {
        if s.capacity() <= SPARE_STRING_CAP && self.strings.len() < SPARE_STRINGS {
            s.clear();
            self.strings.push(s);
        }
    }

    /// Empties `lines`, keeping their buffers; an unallocated `lines`
    /// gets the spare vector.
    #[inline]
    fn recycle_lines(&mut self, lines: &mut Vec<ResponseLine>) {
        if !lines.is_empty() {
            self.keep_lines(lines);
        }
        if lines.capacity() == 0 {
            std::mem::swap(lines, &mut self.lines);
        }
    }

    /// Moves the line buffers of `lines` to the spare ones (a vector with
    /// too much room is freed).
    fn keep_lines(&mut self, lines: &mut Vec<ResponseLine>) {
        while let Some(line) = lines.pop() {
            if let ResponseLine::Line(s) = line {
                self.keep_string(s);
            }
        }
        if lines.capacity() > SPARE_LINES_CAP {
            *lines = Vec::new();
        }
    }

    /// `text` in a reused buffer (a new one if none is spare).
    #[inline]
    fn string(&mut self, text: &str) -> String {
        match self.strings.pop() {
            Some(mut s) => {
                s.push_str(text);
                s
            }
            None => text.to_owned(),
        }
    }
}

/// A line that reads as a vendor error line (`+CSMTPS: 603`), held until the
/// next line shows what it is: followed by a bare `ERROR` it explains that
/// error; otherwise it is an ordinary line (a URC with the same prefix, a
/// claimed line, an awaited completion) and is routed as such.
#[derive(Debug)]
struct Held {
    raw: Vec<u8>,
    error: VendorError,
}

/// Who gets the counted payload being framed.
#[derive(Debug)]
enum PayloadOwner {
    Op(String),
    Urc(String),
}

/// The routing state machine for dialect `D`.
#[derive(Debug)]
pub struct Router<D: Dialect> {
    framer: Framer,
    op: Slot,
    orphaned: bool,
    /// Whether the module echoed the last command that told (echo state).
    echo_on: bool,
    stale_echo: Option<(Vec<u8>, Vec<u8>)>,
    payload_owner: Option<PayloadOwner>,
    held: Option<Held>,
    /// A completion still due after its command ended.
    outstanding: Option<Outstanding>,
    spare: Spare,
    /// The error of the [`Step::FinalErr`] being handed out.
    failed: Option<ModemError>,
    urcs: UrcQueue<D::Urc>,
    limits: Limits,
    secrets: Secrets,
    tracer: Tracer,
    _dialect: PhantomData<fn() -> D>,
}

impl<D: Dialect> Default for Router<D> {
    fn default() -> Self {
        Self::new(Tracer::new())
    }
}

/// Whether a URC of dialect `D` parses `line` (or announces a payload).
fn is_declared_urc<D: Dialect>(line: &str) -> bool {
    D::parse_urc(line).is_some() || D::urc_payload_len(line).is_some()
}

/// Whether `line` is `prefix`, `prefix:...` or `prefix ...`.
pub fn has_prefix(line: &str, prefix: &str) -> bool {
    match line.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with(':') || rest.starts_with(' '),
        None => false,
    }
}

impl<D: Dialect> Router<D> {
    /// An idle router tracing through `tracer`.
    pub fn new(tracer: Tracer) -> Self {
        let mut framer = Framer::new();
        framer.set_extra_prompts(&finals::prompt_bytes::<D>());
        Self {
            framer,
            op: Slot::default(),
            orphaned: false,
            echo_on: false,
            stale_echo: None,
            payload_owner: None,
            held: None,
            outstanding: None,
            spare: Spare::default(),
            failed: None,
            urcs: UrcQueue::new(Limits::default().max_urcs),
            limits: Limits::default(),
            secrets: Secrets::default(),
            tracer,
            _dialect: PhantomData,
        }
    }

    /// Appends bytes read from the port.
    pub fn push(&mut self, bytes: &[u8]) {
        self.framer.push(bytes);
    }

    /// Bytes pushed but not yet framed.
    pub fn buffered(&self) -> usize {
        self.framer.buffered()
    }

    /// Starts an operation: `line` is the command line just about to be sent
    /// (its echo, if any, is skipped), `redacted` its printable form.
    /// Final results and claims are active until the final result.
    pub fn begin(&mut self, line: &[u8], redacted: &str, free_text: bool) {
        self.begin_bytes(line, redacted.as_bytes(), free_text);
    }

    /// [`Router::begin`] with the redacted form as the bytes
    /// [`crate::Command::write_redacted`] wrote (no UTF-8 check, no copy
    /// into a `String`: it is only shown escaped in traces).
    pub fn begin_bytes(&mut self, line: &[u8], redacted: &[u8], free_text: bool) {
        let orphan_before_echo = self.orphaned && self.echo_on;
        if self.orphaned && !self.echo_on {
            self.tracer.note(
                "new command while an earlier one timed out and echo is off; its late result can't be told apart",
            );
        }
        self.orphaned = false;
        self.stale_echo = None;
        self.op.op.reset(orphan_before_echo);
        self.op.active = true;
        self.next_command_bytes(line, redacted, free_text);
    }

    /// Within the operation, another command line is sent (a chunk of a
    /// chunked transfer): its echo is skipped, collected lines are cleared, and
    /// final results and claims are active again.
    pub fn next_command(&mut self, line: &[u8], redacted: &str, free_text: bool) {
        self.next_command_bytes(line, redacted.as_bytes(), free_text);
    }

    /// [`Router::next_command`] with the redacted form as bytes (see
    /// [`Router::begin_bytes`]).
    pub fn next_command_bytes(&mut self, line: &[u8], redacted: &[u8], free_text: bool) {
        if let Some(op) = self.op.as_mut() {
            let mut echo = line.strip_suffix(b"\r").unwrap_or(line);
            echo = echo.trim_ascii();
            op.start_line(echo, redacted, free_text, &mut self.spare);
            if !op.redacted_is_echo {
                self.secrets.learn(echo, redacted);
            }
        }
    }

    /// The operation now waits for a `>` prompt or `CONNECT`.
    pub fn expect_data_start(&mut self, start: DataStart) {
        if let Some(op) = self.op.as_mut() {
            op.data_start = Some(start);
            // `>` opens only a prompt phase; declared one-byte prompts either.
            let framed = start == DataStart::Prompt || !finals::prompt_bytes::<D>().is_empty();
            self.framer.set_prompt_expected(framed);
        }
    }

    /// Data-entry bytes are about to be written: if the module echoes
    /// (its command echo was seen), their echo will be skipped.
    pub fn data_sent(&mut self, bytes: &[u8]) {
        if self
            .op
            .as_ref()
            .is_some_and(|op| op.in_data && op.echo_seen)
        {
            self.framer.expect_echo(bytes);
        }
    }

    /// Lines starting with any of `prefixes` (followed by `:`) are handed to
    /// the operation as [`Event::Awaited`], after claims (replacing the
    /// prefixes awaited before).
    pub fn await_prefixes(&mut self, prefixes: impl IntoIterator<Item = &'static str>) {
        if let Some(op) = self.op.as_mut() {
            op.awaited.clear();
            op.awaited.extend(prefixes);
        }
    }

    /// Hands back the line of an [`Event::Awaited`] once read, so the next
    /// one reuses its buffer.
    pub fn recycle_awaited(&mut self, line: String) {
        self.spare.awaited_line = Some(line);
    }

    /// Hands back the lines of [`Router::take_response`] once parsed, so
    /// that later answers reuse their buffers (a few small ones are kept;
    /// the rest is freed).
    pub fn recycle_response(&mut self, mut lines: Vec<ResponseLine>) {
        if lines.capacity() == 0 {
            return;
        }
        self.spare.keep_lines(&mut lines);
        if self.spare.lines.capacity() == 0 {
            self.spare.lines = lines;
        }
    }

    /// The lines collected for the current command so far.
    pub fn lines(&self) -> &[ResponseLine] {
        self.op.as_ref().map_or(&[], |op| &op.lines)
    }

    /// Takes the lines collected for the current command.
    pub fn take_lines(&mut self) -> Vec<ResponseLine> {
        self.op
            .as_mut()
            .map(|op| std::mem::take(&mut op.lines))
            .unwrap_or_default()
    }

    /// Takes the lines with the command's own prefix that matched none of its
    /// shapes ([`Claim::Unrecognised`]), kept for the whole operation.
    pub fn take_unrecognised(&mut self) -> Vec<String> {
        self.op
            .as_mut()
            .map(|op| std::mem::take(&mut op.unrecognised))
            .unwrap_or_default()
    }

    /// Whether an operation is in flight.
    pub fn in_operation(&self) -> bool {
        self.op.is_some()
    }

    /// Ends the operation. With `orphaned`, the command's final result is
    /// still due: the next final result seen while idle is swallowed (with a
    /// vendor error line right before it).
    pub fn end(&mut self, orphaned: bool) {
        if !orphaned {
            // A final result settles a held line first, so this is defensive:
            // nothing the command sent can be explained any more.
            self.release_as_urc();
        }
        self.framer.stop_echo();
        if let Some(op) = self.op.as_mut() {
            if op.echo_seen {
                self.echo_on = true;
            } else if !op.collecting || op.skipped_orphan {
                // A final result came without an echo (if the skipped one
                // was in fact this command's, echo went off: stop assuming).
                self.echo_on = false;
            }
            // A late echo of an unanswered command is still skipped (and
            // never traced in full: it may hold secrets).
            if orphaned && op.echo_due {
                let redacted = match op.redacted_is_echo {
                    true => op.echo.clone(),
                    false => std::mem::take(&mut op.redacted),
                };
                self.stale_echo = Some((std::mem::take(&mut op.echo), redacted));
            }
            self.op.active = false;
        }
        self.orphaned = orphaned;
        self.framer.set_prompt_expected(false);
        if orphaned && self.framer.cancel_payload() {
            // A length that never completed (a lying or cut-off header) must
            // not swallow everything after it.
            self.payload_owner = None;
            self.tracer
                .note("incomplete counted payload abandoned; its bytes are routed as lines");
        }
    }

    /// Takes the queued URCs (a [`Urc::Dropped`] last if the queue
    /// overflowed since the last drain). URCs not reached because the
    /// iterator was dropped early stay queued for the next drain.
    pub fn drain_urcs(&mut self) -> impl Iterator<Item = Urc<D::Urc>> + '_ {
        self.urcs.drain()
    }

    /// A command's response has been taken and its completion is still
    /// due: from now on, while idle or during other commands, the first line
    /// with one of `prefixes` for which `is_final` holds is kept for
    /// [`Router::take_completion`]; earlier such lines (progress) are URCs.
    /// Replaces a completion outstanding before.
    pub fn expect_completion(&mut self, prefixes: &'static [&'static str], is_final: IsFinal) {
        self.outstanding = Some(Outstanding::new(prefixes, is_final));
    }

    /// The prefixes of the outstanding completion whose final line has not
    /// come yet (abandoned or not): lines with them are never another
    /// command's.
    pub fn completion_watched(&self) -> Option<&'static [&'static str]> {
        self.outstanding.as_ref().and_then(Outstanding::watched)
    }

    /// Whether a completion is outstanding (watched, or come and not taken).
    pub fn completion_outstanding(&self) -> bool {
        self.outstanding.is_some()
    }

    /// Whether the outstanding completion's wait was abandoned.
    pub fn completion_abandoned(&self) -> bool {
        self.outstanding
            .as_ref()
            .is_some_and(Outstanding::abandoned)
    }

    /// Whether the outstanding completion's final line has come.
    pub fn completion_arrived(&self) -> bool {
        self.outstanding.as_ref().is_some_and(Outstanding::arrived)
    }

    /// Takes the outstanding completion's final line, if it has come (the
    /// completion is then over).
    pub fn take_completion(&mut self) -> Option<String> {
        let line = self.outstanding.as_mut()?.take_line()?;
        self.outstanding = None;
        Some(line)
    }

    /// Nobody waits for the outstanding completion any more: a final line
    /// that has come is queued as a URC now, one that comes later will be
    /// (typed if the dialect declares it); it stays watched until then.
    pub fn abandon_completion(&mut self) {
        let Some(outstanding) = self.outstanding.as_mut() else {
            return;
        };
        if let Some(line) = outstanding.abandon() {
            self.outstanding = None;
            self.route_urc(Cow::Owned(line));
        }
    }

    /// Forgets the outstanding completion (its time is up): its lines are
    /// routed as any other line from now on.
    pub fn forget_completion(&mut self) {
        if let Some(mut outstanding) = self.outstanding.take() {
            if let Some(line) = outstanding.take_line() {
                self.route_urc(Cow::Owned(line));
            }
        }
    }

    /// Offers `line` to the outstanding completion; whether it took it
    /// (kept it, or queued it as a URC).
    fn offer_completion(&mut self, line: &str) -> bool {
        let Some(outstanding) = self.outstanding.as_mut() else {
            return false;
        };
        if D::urc_payload_len(line).is_some() {
            return false;
        }
        match outstanding.offer(line) {
            Take::Pass => false,
            Take::Kept => true,
            Take::Urc => {
                self.push_urc(line);
                true
            }
            Take::Last => {
                self.outstanding = None;
                self.push_urc(line);
                true
            }
        }
    }

    /// The memory limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Sets the memory limits (for what arrives from now on).
    pub fn set_limits(&mut self, limits: Limits) {
        self.urcs.set_cap(limits.max_urcs);
        self.limits = limits;
    }

    /// Takes the lines collected for the current command, or why its
    /// answer was not taken whole (over a limit, or not UTF-8).
    pub fn take_response(&mut self) -> Result<Vec<ResponseLine>, Refusal> {
        let refused = self.op.as_mut().and_then(|op| op.refused.take());
        let lines = self.take_lines();
        match refused {
            Some(why) => Err(why),
            None => Ok(lines),
        }
    }

    /// `text` (received from the modem) with every secret masked, for an
    /// error message.
    pub fn redact(&self, text: &str) -> String {
        String::from_utf8_lossy(&self.masked(text.as_bytes())).into_owned()
    }

    /// `raw` with secrets masked: the dialect's secret fields, then the
    /// secret values of the last command sent with secrets.
    fn masked<'a>(&self, raw: &'a [u8]) -> Cow<'a, [u8]> {
        Self::masked_with(&self.secrets, raw)
    }

    /// [`Router::masked`] with the secrets borrowed on their own.
    fn masked_with<'a>(secrets: &Secrets, raw: &'a [u8]) -> Cow<'a, [u8]> {
        let by_dialect = std::str::from_utf8(raw.trim_ascii())
            .ok()
            .and_then(D::redact_line);
        match by_dialect {
            Some(line) => Cow::Owned(secrets.mask(line.as_bytes()).into_owned()),
            None => secrets.mask(raw),
        }
    }

    /// `raw` masked, as text (for URC and error text).
    fn masked_text(&self, raw: &[u8]) -> String {
        String::from_utf8_lossy(&self.masked(raw)).into_owned()
    }

    /// Frames and routes buffered bytes until the operation has something to
    /// react to. URCs met on the way are queued. `claim` is the in-flight
    /// command's [`crate::Command::claim`].
    ///
    /// A line that reads as one of the dialect's vendor error lines is held
    /// until the next line has arrived (`None` until then): a bare `ERROR`
    /// makes it that error's explanation, anything else routes it as an
    /// ordinary line (claim, awaited completion or URC).
    pub fn next_event(&mut self, claim: Option<&dyn Fn(&str) -> Claim>) -> Option<Event> {
        loop {
            if self.held.is_some() {
                match self.framer.next_line_is(b"ERROR") {
                    None => return None,
                    Some(true) => self.held_explains_error(),
                    Some(false) => {
                        let step = self.release_held(claim);
                        if step != Step::Nothing {
                            return self.event(step);
                        }
                    }
                }
            }
            let span = self.framer.next_span()?;
            // Lines are routed straight from the framer's buffer; only what
            // is kept (a claimed line, an unknown URC, ...) is copied.
            let buf = self.framer.lend_buffer();
            let step = match span {
                Span::Prompt => self.on_prompt(),
                Span::Payload(start, end) => self.on_payload(&buf[start..end]),
                Span::Line(start, end) => self.on_line(&buf[start..end], claim),
                Span::Overlong(len) => self.on_overlong(len),
            };
            self.framer.return_buffer(buf);
            if step != Step::Nothing {
                return self.event(step);
            }
        }
    }

    /// The event of `step` (built once, in the caller's slot).
    #[inline(always)]
    fn event(&mut self, step: Step) -> Option<Event> {
        Some(match step {
            Step::Nothing => return None,
            Step::DataStart => Event::DataStart,
            Step::Claimed => Event::Claimed,
            Step::FinalOk => Event::Final(Ok(())),
            // Always set with `FinalErr`; a bare `ERROR` is what it stands
            // for if it ever were not.
            Step::FinalErr => Event::Final(Err(self.failed.take().unwrap_or(ModemError::Error))),
            Step::Awaited => Event::Awaited(self.spare.awaited_line.take().unwrap_or_default()),
        })
    }

    /// The input has ended (the port closed): a held vendor-error candidate
    /// whose next line has not arrived is routed as an ordinary URC now (no
    /// `ERROR` can follow it). One whose next line is already buffered is
    /// left to [`Router::next_event`].
    pub fn flush_held(&mut self) {
        if self.held.is_none() || self.framer.next_line_is(b"ERROR").is_some() {
            return;
        }
        self.release_as_urc();
    }

    fn release_as_urc(&mut self) {
        if let Some(held) = self.held.take() {
            self.route_urc_raw(held.raw.trim_ascii());
        }
    }

    /// The held line came right before a bare `ERROR`: it explains it.
    fn held_explains_error(&mut self) {
        let Some(held) = self.held.take() else {
            return;
        };
        match self.op.as_mut() {
            Some(op) if op.orphan_before_echo => {
                // The timed-out command's late answer: skipped with its ERROR.
                self.tracer
                    .note("vendor error line of a timed-out command's late answer skipped");
            }
            Some(op) if op.collecting => op.vendor_line = Some(held.error),
            None if self.orphaned => {
                // The timed-out command's late answer: skipped with its ERROR.
                self.tracer
                    .note("vendor error line of a timed-out command's late answer skipped");
            }
            _ => {
                // Nothing the ERROR could end: keep the line as a URC.
                self.held = Some(held);
                self.release_as_urc();
            }
        }
    }

    /// The held line was not followed by `ERROR`: route it as an ordinary
    /// line.
    fn release_held(&mut self, claim: Option<&dyn Fn(&str) -> Claim>) -> Step {
        let Some(held) = self.held.take() else {
            return Step::Nothing;
        };
        let trimmed = held.raw.trim_ascii();
        let utf8 = std::str::from_utf8(trimmed).is_ok();
        let line = String::from_utf8_lossy(trimmed).into_owned();
        match self.op.as_ref() {
            Some(op) if !op.orphan_before_echo => {
                self.route_collected(&held.raw, Cow::Owned(line), utf8, claim)
            }
            _ => {
                self.route_urc_raw(held.raw.trim_ascii());
                Step::Nothing
            }
        }
    }

    /// A line over [`crate::framer::MAX_LINE`] (its bytes are gone): a
    /// hole in a free-text response fails the command, anything else is
    /// reported as [`Urc::Overlong`].
    fn on_overlong(&mut self, len: usize) -> Step {
        self.tracer.note(&format!(
            "a line of {len} bytes was dropped (over the framer's limit)"
        ));
        if let Some(op) = self.op.as_mut() {
            if op.collecting && op.in_free_text {
                op.refused.get_or_insert(Refusal::Overlong { len });
                return Step::Nothing;
            }
        }
        self.urcs.push(Urc::Overlong(len));
        Step::Nothing
    }

    /// Keeps `line` for the command in flight unless that grows its
    /// answer over [`Limits::max_response`] (then it is dropped and the
    /// command refused). Returns whether it was kept.
    fn collect(op: &mut Op, limits: &Limits, line: ResponseLine) -> bool {
        let len = match &line {
            ResponseLine::Line(l) => l.len(),
            ResponseLine::Payload(p) => p.len(),
        };
        let total = op.collected.saturating_add(len);
        if total > limits.max_response {
            op.refused.get_or_insert(Refusal::Response {
                limit: limits.max_response,
            });
            return false;
        }
        op.collected = total;
        op.lines.push(line);
        true
    }

    fn on_prompt(&mut self) -> Step {
        self.tracer.received_prompt();
        let byte = self.framer.last_prompt();
        let opens = |start: Option<DataStart>| match start {
            Some(DataStart::Prompt) => {
                byte == b'>' || finals::declared_prompt_byte::<D>(byte).is_some()
            }
            Some(DataStart::Connect) => finals::declared_prompt_byte::<D>(byte).is_some(),
            Some(DataStart::Line(prompt)) => prompt.as_bytes() == [byte],
            None => false,
        };
        match self.op.as_mut() {
            Some(op) if opens(op.data_start) => {
                op.data_start = None;
                op.in_data = true;
                if op.echo_seen {
                    // Echo is on: the module may echo the text typed now.
                    self.framer.start_echo();
                }
                Step::DataStart
            }
            _ => {
                let text = String::from_utf8_lossy(&[byte]).into_owned();
                self.urcs.push(Urc::Unknown(text));
                Step::Nothing
            }
        }
    }

    fn on_payload(&mut self, payload: &[u8]) -> Step {
        if self.tracer.enabled() {
            self.tracer.received_payload(&self.secrets.mask(payload));
        }
        match self.payload_owner.take() {
            Some(PayloadOwner::Op(_)) if self.op.is_some() => {
                let Some(op) = self.op.as_mut() else {
                    return Step::Nothing;
                };
                Self::collect(op, &self.limits, ResponseLine::Payload(payload.to_vec()));
                Step::Claimed
            }
            Some(PayloadOwner::Op(line)) => {
                let line = self.masked_text(line.as_bytes());
                self.urcs.push(Urc::WithPayload {
                    line,
                    urc: None,
                    payload: payload.to_vec(),
                });
                Step::Nothing
            }
            Some(PayloadOwner::Urc(line)) => {
                let urc = D::parse_urc(&line);
                let line = self.masked_text(line.as_bytes());
                self.urcs.push(Urc::WithPayload {
                    line,
                    urc,
                    payload: payload.to_vec(),
                });
                Step::Nothing
            }
            None => {
                // Not reached: a payload is only framed when announced.
                self.urcs.push(Urc::Raw(self.masked(payload).into_owned()));
                Step::Nothing
            }
        }
    }
}
