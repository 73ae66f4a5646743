//! Sans-io framing: bytes in, lines / prompts / counted payloads out.
//!
//! The framer knows nothing about commands. It splits the byte stream at CR,
//! LF, CRLF or a stray CR, wherever the reads happened to end, and is told by
//! its owner (the [`crate::router::Router`]) when a `>` prompt may appear or
//! when the next bytes are a counted raw payload.

use std::collections::VecDeque;

mod feed;
mod scan;
mod state;
#[cfg(test)]
mod tests;

pub use feed::Feed;

/// The longest line kept: a longer one is framed as
/// [`Frame::Overlong`] (its length only; its bytes are never buffered past
/// this), so endless garbage costs no memory.
pub const MAX_LINE: usize = 64 * 1024;
/// The most sent bytes kept for matching their echo.
pub const MAX_ECHO: usize = 64 * 1024;

/// One unit of modem output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A line without its terminator (may be empty).
    Line(Vec<u8>),
    /// A `>` data-entry prompt (only when one was expected).
    Prompt,
    /// Exactly the number of raw bytes announced with [`Framer::expect_payload`].
    Payload(Vec<u8>),
    /// A line longer than [`MAX_LINE`], dropped; its length without the
    /// terminator.
    Overlong(usize),
}

/// A [`Frame`] borrowed from the framer's buffer (no copy); valid until the
/// framer is used again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameRef<'a> {
    /// A line without its terminator (may be empty).
    Line(&'a [u8]),
    /// A `>` data-entry prompt (only when one was expected).
    Prompt,
    /// Exactly the number of raw bytes announced with [`Framer::expect_payload`].
    Payload(&'a [u8]),
    /// A line longer than [`MAX_LINE`], dropped; its length without the
    /// terminator.
    Overlong(usize),
}

impl FrameRef<'_> {
    /// The frame as an owned [`Frame`].
    #[inline]
    pub fn to_frame(self) -> Frame {
        match self {
            FrameRef::Line(line) => Frame::Line(line.to_vec()),
            FrameRef::Prompt => Frame::Prompt,
            FrameRef::Payload(bytes) => Frame::Payload(bytes.to_vec()),
            FrameRef::Overlong(len) => Frame::Overlong(len),
        }
    }
}

/// Where a frame lies in the framer's buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Span {
    Line(usize, usize),
    Prompt,
    Payload(usize, usize),
    Overlong(usize),
}

/// Turns a byte stream into [`Frame`]s; fed with [`Framer::push`], drained
/// with [`Framer::next_frame_ref`] (borrowed, no allocation) or
/// [`Framer::next_frame`] (owned).
///
/// [`Framer::feed`] frames a read in place instead: lines come borrowed from
/// the read itself and only an incomplete tail is copied into the buffer.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    pos: usize,
    state: State,
}

/// Everything the framer remembers besides its buffer: the same whichever
/// bytes (buffer or a read framed in place) are framed next.
#[derive(Clone, Debug, Default)]
struct State {
    /// Bytes after the current position already known to hold no line
    /// terminator.
    scanned: usize,
    skip_lf: bool,
    skip_space: bool,
    payload: Option<usize>,
    /// Inside a line longer than [`MAX_LINE`]: its bytes so far.
    overlong: Option<usize>,
    prompt_expected: bool,
    /// One-byte prompts framed like `>` (a dialect's declared prompts).
    extra_prompts: Vec<u8>,
    /// The byte of the last prompt framed.
    last_prompt: u8,
    echo: Option<VecDeque<u8>>,
}

/// Bytes the buffer holds before it first grows: a few answers batched
/// into one read fit, so the steady state does not reallocate.
pub const START_CAPACITY: usize = 4096;

impl Framer {
    /// An empty framer, its buffer sized for [`START_CAPACITY`] bytes.
    pub fn new() -> Self {
        let mut framer = Self::default();
        framer.buf.reserve(START_CAPACITY);
        framer
    }

    /// Appends bytes read from the port. Frames handed out before are
    /// dropped from the buffer here (and only here).
    #[inline]
    pub fn push(&mut self, bytes: &[u8]) {
        self.compact();
        self.buf.extend_from_slice(bytes);
    }

    /// Frames one read in place: the returned [`Feed`] hands out the frames
    /// of the buffered bytes followed by `bytes`, borrowing lines from
    /// `bytes` itself where they lie there whole. Whatever is left unframed
    /// (an incomplete line, or everything once the feed is dropped early)
    /// is copied into the buffer, so the frames are exactly those of
    /// [`Framer::push`] and draining [`Framer::next_frame_ref`].
    #[inline]
    pub fn feed<'a>(&mut self, bytes: &'a [u8]) -> Feed<'_, 'a> {
        Feed {
            framer: self,
            input: bytes,
            at: 0,
        }
    }

    /// Drops the bytes of frames handed out before.
    #[inline]
    fn compact(&mut self) {
        if self.pos > 0 {
            if self.pos == self.buf.len() {
                self.buf.clear();
            } else {
                self.buf.drain(..self.pos);
            }
            self.pos = 0;
        }
    }

    /// Number of bytes pushed but not yet framed.
    #[inline]
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Whether a `>` (or one of the [`Framer::set_extra_prompts`] bytes) at
    /// the start of a line is a prompt.
    #[inline]
    pub fn set_prompt_expected(&mut self, expected: bool) {
        self.state.prompt_expected = expected;
    }

    /// Bytes framed as a prompt besides `>` while a prompt is expected (a
    /// dialect's declared one-character prompts, e.g. `@`).
    pub fn set_extra_prompts(&mut self, bytes: &[u8]) {
        self.state.extra_prompts = bytes.to_vec();
    }

    /// The byte of the last [`Frame::Prompt`] framed (`>` before any).
    #[inline]
    pub fn last_prompt(&self) -> u8 {
        match self.state.last_prompt {
            0 => b'>',
            b => b,
        }
    }

    /// The next `n` bytes (after the terminator of the line just framed) are
    /// one raw payload, whatever they contain.
    #[inline]
    pub fn expect_payload(&mut self, n: usize) {
        self.state.payload = Some(n);
    }

    /// Data-entry text is about to be sent to a module that echoes: bytes
    /// registered with [`Framer::expect_echo`] are skipped when they come
    /// back at the start of a line, until the first byte that differs.
    pub fn start_echo(&mut self) {
        self.state.echo = Some(VecDeque::new());
    }

    /// Registers bytes just sent whose echo may come back.
    pub fn expect_echo(&mut self, bytes: &[u8]) {
        if let Some(echo) = self.state.echo.as_mut() {
            if echo.len() + bytes.len() > MAX_ECHO {
                // The module does not echo (or lags too far): stop matching.
                self.state.echo = None;
            } else {
                echo.extend(bytes);
            }
        }
    }

    /// Stops skipping echoed data.
    #[inline]
    pub fn stop_echo(&mut self) {
        self.state.echo = None;
    }

    /// Gives up an incomplete counted payload: its bytes so far are framed
    /// as ordinary output again. Returns whether one was pending.
    #[inline]
    pub fn cancel_payload(&mut self) -> bool {
        self.state.payload.take().is_some()
    }

    /// Whether a counted payload is still being collected.
    #[inline]
    pub fn in_payload(&self) -> bool {
        self.state.payload.is_some()
    }

    /// The next complete frame, copied out; or `None` until more bytes arrive.
    #[inline]
    pub fn next_frame(&mut self) -> Option<Frame> {
        self.next_frame_ref().map(FrameRef::to_frame)
    }

    /// The next complete frame, borrowed from the buffer; or `None` until
    /// more bytes arrive.
    #[inline]
    pub fn next_frame_ref(&mut self) -> Option<FrameRef<'_>> {
        let span = self.next_span()?;
        Some(self.resolve(span))
    }

    /// The bytes of a span handed out since the last [`Framer::push`].
    #[inline]
    pub(crate) fn resolve(&self, span: Span) -> FrameRef<'_> {
        span.resolve(&self.buf)
    }

    /// Whether the next non-empty line will be exactly `text` (surrounding
    /// blanks ignored): `None` until it is complete. A prompt or payload
    /// first counts as another line. Frames nothing: the state is unchanged.
    pub fn next_line_is(&mut self, text: &[u8]) -> Option<bool> {
        let mut pos = self.pos;
        let mut state = self.state.clone();
        loop {
            match state.next_span(&self.buf, &mut pos) {
                None => return None,
                Some(Span::Line(start, end)) => {
                    let line = self.buf[start..end].trim_ascii();
                    if !line.is_empty() {
                        return Some(line == text);
                    }
                }
                Some(Span::Prompt | Span::Payload(..) | Span::Overlong(_)) => return Some(false),
            }
        }
    }

    /// Moves the buffer out while the owner reads spans from it (the
    /// framer frames nothing until [`Framer::return_buffer`]).
    #[inline]
    pub(crate) fn lend_buffer(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }

    /// Puts back the buffer taken with [`Framer::lend_buffer`].
    #[inline]
    pub(crate) fn return_buffer(&mut self, buf: Vec<u8>) {
        self.buf = buf;
    }

    /// Frames the next unit; never moves bytes, so earlier spans stay valid
    /// until the next [`Framer::push`].
    #[inline]
    pub(crate) fn next_span(&mut self) -> Option<Span> {
        self.state.next_span(&self.buf, &mut self.pos)
    }
}

impl Span {
    /// The frame this span marks in `bytes`.
    #[inline]
    fn resolve(self, bytes: &[u8]) -> FrameRef<'_> {
        match self {
            Span::Line(start, end) => FrameRef::Line(&bytes[start..end]),
            Span::Prompt => FrameRef::Prompt,
            Span::Payload(start, end) => FrameRef::Payload(&bytes[start..end]),
            Span::Overlong(len) => FrameRef::Overlong(len),
        }
    }
}
