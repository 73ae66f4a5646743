//! Sans-io framing: bytes in, lines / prompts / counted payloads out.
//!
//! The framer knows nothing about commands. It splits the byte stream at CR,
//! LF, CRLF or a stray CR, wherever the reads happened to end, and is told by
//! its owner (the [`crate::router::Router`]) when a `>` prompt may appear or
//! when the next bytes are a counted raw payload.

use std::collections::VecDeque;

use memchr::memchr2;

/// The longest line kept before it is cut (protects against endless garbage).
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
}

impl FrameRef<'_> {
    /// The frame as an owned [`Frame`].
    #[inline]
    pub fn to_frame(self) -> Frame {
        match self {
            FrameRef::Line(line) => Frame::Line(line.to_vec()),
            FrameRef::Prompt => Frame::Prompt,
            FrameRef::Payload(bytes) => Frame::Payload(bytes.to_vec()),
        }
    }
}

/// Where a frame lies in the framer's buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Span {
    Line(usize, usize),
    Prompt,
    Payload(usize, usize),
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
    prompt_expected: bool,
    /// One-byte prompts framed like `>` (a dialect's declared prompts).
    extra_prompts: Vec<u8>,
    /// The byte of the last prompt framed.
    last_prompt: u8,
    echo: Option<VecDeque<u8>>,
}

impl Framer {
    /// An empty framer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends bytes read from the port. Frames handed out before are
    /// dropped from the buffer here (and only here).
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
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Whether a `>` (or one of the [`Framer::set_extra_prompts`] bytes) at
    /// the start of a line is a prompt.
    pub fn set_prompt_expected(&mut self, expected: bool) {
        self.state.prompt_expected = expected;
    }

    /// Bytes framed as a prompt besides `>` while a prompt is expected (a
    /// dialect's declared one-character prompts, e.g. `@`).
    pub fn set_extra_prompts(&mut self, bytes: &[u8]) {
        self.state.extra_prompts = bytes.to_vec();
    }

    /// The byte of the last [`Frame::Prompt`] framed (`>` before any).
    pub fn last_prompt(&self) -> u8 {
        match self.state.last_prompt {
            0 => b'>',
            b => b,
        }
    }

    /// The next `n` bytes (after the terminator of the line just framed) are
    /// one raw payload, whatever they contain.
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
    pub fn stop_echo(&mut self) {
        self.state.echo = None;
    }

    /// Gives up an incomplete counted payload: its bytes so far are framed
    /// as ordinary output again. Returns whether one was pending.
    pub fn cancel_payload(&mut self) -> bool {
        self.state.payload.take().is_some()
    }

    /// Whether a counted payload is still being collected.
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
                Some(Span::Prompt | Span::Payload(..)) => return Some(false),
            }
        }
    }

    /// Moves the buffer out while the owner reads spans from it (the
    /// framer frames nothing until [`Framer::return_buffer`]).
    pub(crate) fn lend_buffer(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }

    /// Puts back the buffer taken with [`Framer::lend_buffer`].
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
        }
    }
}

impl State {
    /// Whether the next byte is framed as part of a plain line (no pending
    /// LF, space, payload, echo or prompt to look for).
    #[inline]
    fn plain(&self) -> bool {
        !(self.skip_lf | self.skip_space | self.prompt_expected)
            && self.payload.is_none()
            && self.echo.is_none()
    }

    /// Frames the next unit of `hay` from `*pos` on and moves `*pos` past
    /// it; `None` (with `*pos` past anything skipped) until more bytes are
    /// needed.
    #[inline]
    fn next_span(&mut self, hay: &[u8], pos: &mut usize) -> Option<Span> {
        loop {
            let avail = hay.get(*pos..).unwrap_or_default();
            if avail.is_empty() {
                return None;
            }
            if !self.plain() {
                if self.frame_special(avail, pos)? {
                    continue;
                }
                if let Some(span) = self.take_special(avail, pos) {
                    return Some(span);
                }
            }
            return self.line(hay, pos);
        }
    }

    /// Skips what the state says to skip at the start of `avail`: `Some(true)`
    /// when something was skipped (look again), `Some(false)` when nothing
    /// was, `None` when more bytes are needed first.
    #[inline(never)]
    fn frame_special(&mut self, avail: &[u8], pos: &mut usize) -> Option<bool> {
        if self.skip_lf {
            self.skip_lf = false;
            if avail[0] == b'\n' {
                self.advance(pos, 1);
            }
            return Some(true);
        }
        if let Some(n) = self.payload {
            if avail.len() < n {
                return None;
            }
            return Some(false);
        }
        if self.skip_space {
            self.skip_space = false;
            if avail[0] == b' ' {
                self.advance(pos, 1);
            }
            return Some(true);
        }
        if let Some(echo) = self.echo.as_mut() {
            if !echo.is_empty() {
                let same = avail
                    .iter()
                    .zip(echo.iter())
                    .take_while(|(got, sent)| got == sent)
                    .count();
                if same == 0 {
                    self.echo = None;
                } else {
                    echo.drain(..same);
                    self.advance(pos, same);
                }
                return Some(true);
            }
        }
        Some(false)
    }

    /// A complete payload or a prompt at the start of `avail`, if the state
    /// expects one there.
    #[inline(never)]
    fn take_special(&mut self, avail: &[u8], pos: &mut usize) -> Option<Span> {
        let start = *pos;
        if let Some(n) = self.payload.take() {
            self.advance(pos, n);
            return Some(Span::Payload(start, start + n));
        }
        if self.prompt_expected && (avail[0] == b'>' || self.extra_prompts.contains(&avail[0])) {
            self.last_prompt = avail[0];
            self.advance(pos, 1);
            self.prompt_expected = false;
            self.skip_space = true;
            return Some(Span::Prompt);
        }
        None
    }

    /// The line starting at `*pos` in `hay` (not empty there), if its
    /// terminator is in `hay` (or it has grown to [`MAX_LINE`]).
    #[inline]
    fn line(&mut self, hay: &[u8], pos: &mut usize) -> Option<Span> {
        let start = *pos;
        let avail = &hay[start..];
        match find_terminator(avail.get(self.scanned..).unwrap_or_default()) {
            Some(i) => {
                let end = start + self.scanned + i;
                let mut next = end + 1;
                if hay[end] == b'\r' {
                    // Take the LF of a CRLF now if it is here already.
                    match hay.get(next) {
                        Some(b'\n') => next += 1,
                        Some(_) => {}
                        None => self.skip_lf = true,
                    }
                }
                *pos = next;
                self.scanned = 0;
                Some(Span::Line(start, end))
            }
            None if avail.len() >= MAX_LINE => {
                *pos = hay.len();
                self.scanned = 0;
                Some(Span::Line(start, hay.len()))
            }
            None => {
                self.scanned = avail.len();
                None
            }
        }
    }

    #[inline]
    fn advance(&mut self, pos: &mut usize, n: usize) {
        *pos += n;
        self.scanned = 0;
    }

    /// How many of `rest`'s bytes (a read being framed in place) to copy
    /// behind `buffered` incomplete buffered bytes so that they can be
    /// framed: up to the end of the payload being collected, else up to and
    /// including the next line terminator (with the LF of a CRLF), else all.
    fn refill_len(&self, buffered: usize, rest: &[u8]) -> usize {
        if let Some(n) = self.payload {
            if n > buffered {
                return (n - buffered).min(rest.len());
            }
        }
        match find_terminator(rest) {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        }
    }
}

/// Which bytes a span handed out by a [`Feed`] lies in.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// The framer's buffer.
    Buffer(Span),
    /// The read being fed.
    Input(Span),
}

/// One read being framed in place ([`Framer::feed`]): drain it with
/// [`Feed::next_frame_ref`]. Dropping it keeps every byte not framed yet in
/// the framer, so nothing is ever lost.
#[derive(Debug)]
pub struct Feed<'f, 'a> {
    framer: &'f mut Framer,
    input: &'a [u8],
    /// Bytes of `input` framed or moved into the buffer so far.
    at: usize,
}

impl Feed<'_, '_> {
    /// The next complete frame, borrowed from the read (or, for a line
    /// begun in an earlier read, from the framer's buffer); valid until the
    /// feed is used again. `None` once everything left is incomplete (it is
    /// then kept in the framer).
    #[inline(always)]
    pub fn next_frame_ref(&mut self) -> Option<FrameRef<'_>> {
        if self.framer.buf.is_empty() && self.framer.state.plain() {
            // The common case, kept short: a plain line lying whole in the
            // read (or the read's end, with nothing to keep).
            let start = self.at;
            let rest = self.input.get(start..).unwrap_or_default();
            if rest.is_empty() {
                return None;
            }
            if let Some(i) = find_terminator(rest) {
                let end = start + i;
                let mut next = end + 1;
                if rest[i] == b'\r' {
                    match rest.get(i + 1) {
                        Some(b'\n') => next += 1,
                        Some(_) => {}
                        None => self.framer.state.skip_lf = true,
                    }
                }
                self.at = next;
                self.framer.state.scanned = 0;
                return Some(FrameRef::Line(&self.input[start..end]));
            }
        }
        self.next_frame_slow()
    }

    /// [`Feed::next_frame_ref`] for everything but a plain whole line.
    #[inline(never)]
    fn next_frame_slow(&mut self) -> Option<FrameRef<'_>> {
        match self.next_span()? {
            Source::Buffer(span) => Some(span.resolve(&self.framer.buf)),
            Source::Input(span) => Some(span.resolve(self.input)),
        }
    }

    /// The next complete frame, copied out.
    #[inline]
    pub fn next_frame(&mut self) -> Option<Frame> {
        self.next_frame_ref().map(FrameRef::to_frame)
    }

    /// [`Framer::expect_payload`] between two frames of this read.
    pub fn expect_payload(&mut self, n: usize) {
        self.framer.expect_payload(n);
    }

    /// [`Framer::set_prompt_expected`] between two frames of this read.
    pub fn set_prompt_expected(&mut self, expected: bool) {
        self.framer.set_prompt_expected(expected);
    }

    /// [`Framer::cancel_payload`] between two frames of this read.
    pub fn cancel_payload(&mut self) -> bool {
        self.framer.cancel_payload()
    }

    /// [`Framer::in_payload`].
    pub fn in_payload(&self) -> bool {
        self.framer.in_payload()
    }

    /// [`Framer::start_echo`] between two frames of this read.
    pub fn start_echo(&mut self) {
        self.framer.start_echo();
    }

    /// [`Framer::expect_echo`] between two frames of this read.
    pub fn expect_echo(&mut self, bytes: &[u8]) {
        self.framer.expect_echo(bytes);
    }

    /// [`Framer::stop_echo`] between two frames of this read.
    pub fn stop_echo(&mut self) {
        self.framer.stop_echo();
    }

    /// Bytes not framed yet: the framer's and the rest of this read.
    pub fn buffered(&self) -> usize {
        self.framer.buffered() + self.input.len() - self.at
    }

    #[inline]
    fn next_span(&mut self) -> Option<Source> {
        let framer = &mut *self.framer;
        // A line begun in an earlier read: complete it in the buffer,
        // copying only as much of this read as it needs.
        while framer.pos < framer.buf.len() {
            if let Some(span) = framer.state.next_span(&framer.buf, &mut framer.pos) {
                return Some(Source::Buffer(span));
            }
            if framer.pos == framer.buf.len() {
                break;
            }
            let rest = &self.input[self.at..];
            if rest.is_empty() {
                return None;
            }
            let take = framer.state.refill_len(framer.buf.len() - framer.pos, rest);
            framer.buf.extend_from_slice(&rest[..take]);
            self.at += take;
        }
        if !framer.buf.is_empty() {
            framer.buf.clear();
            framer.pos = 0;
        }
        // The common case: frame the read where it lies.
        match framer.state.next_span(self.input, &mut self.at) {
            Some(span) => Some(Source::Input(span)),
            None => {
                // An incomplete tail (already scanned bytes stay scanned).
                let rest = self.input.get(self.at..).unwrap_or_default();
                framer.buf.extend_from_slice(rest);
                self.at = self.input.len();
                None
            }
        }
    }
}

impl Drop for Feed<'_, '_> {
    /// Keeps the bytes of the read not framed yet.
    #[inline]
    fn drop(&mut self) {
        if self.at < self.input.len() {
            self.keep_rest();
        }
    }
}

impl Feed<'_, '_> {
    /// Copies the bytes of the read not framed yet into the framer.
    #[cold]
    fn keep_rest(&mut self) {
        self.framer.compact();
        self.framer.buf.extend_from_slice(&self.input[self.at..]);
        self.at = self.input.len();
    }
}

/// This many bytes are searched word by word first: that finds a terminator
/// sooner than `memchr2` (whose SIMD dispatch costs more than a short line),
/// which searches beyond them.
const SHORT_SCAN: usize = 64;

/// Eight copies of a byte in a word.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// [`find_terminator`] beyond [`SHORT_SCAN`] bytes (kept out of line so
/// that the short scan inlines small).
#[inline(never)]
fn find_terminator_long(hay: &[u8]) -> Option<usize> {
    memchr2(b'\r', b'\n', hay)
}

/// The index of the first CR or LF in `hay`.
#[inline]
fn find_terminator(hay: &[u8]) -> Option<usize> {
    match hay.split_at_checked(SHORT_SCAN) {
        // Lines are short: look at the start word by word before paying
        // for `memchr2` on the rest of a long read.
        Some((head, rest)) if !rest.is_empty() => find_terminator_short(head)
            .or_else(|| find_terminator_long(rest).map(|i| SHORT_SCAN + i)),
        _ => find_terminator_short(hay),
    }
}

/// [`find_terminator`] word by word (for up to [`SHORT_SCAN`] bytes).
#[inline]
fn find_terminator_short(hay: &[u8]) -> Option<usize> {
    let words = hay.chunks_exact(8);
    let tail = words.remainder();
    for (i, word) in words.enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        // A zero byte of `w ^ splat(b)` is a byte equal to `b`; the lowest
        // flagged byte is exact (false flags only sit above a true one).
        let zero = |x: u64| x.wrapping_sub(splat(1)) & !x & splat(0x80);
        let hits = zero(w ^ splat(b'\r')) | zero(w ^ splat(b'\n'));
        if hits != 0 {
            return Some(i * 8 + hits.trailing_zeros() as usize / 8);
        }
    }
    let base = hay.len() - tail.len();
    tail.iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .map(|j| base + j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(chunks: &[&[u8]], framer: &mut Framer) -> Vec<Frame> {
        let mut out = Vec::new();
        for chunk in chunks {
            framer.push(chunk);
            while let Some(f) = framer.next_frame() {
                out.push(f);
            }
        }
        out
    }

    fn line(s: &str) -> Frame {
        Frame::Line(s.as_bytes().to_vec())
    }

    #[test]
    fn every_terminator_style_ends_a_line() {
        let mut f = Framer::new();
        let got = frames(&[b"a\r\nb\nc\rd\r\r\ne"], &mut f);
        assert_eq!(
            got,
            vec![line("a"), line("b"), line("c"), line("d"), line("")]
        );
        assert_eq!(f.buffered(), 1);
    }

    #[test]
    fn crlf_split_across_reads_is_one_terminator() {
        let mut f = Framer::new();
        let got = frames(&[b"OK\r", b"\nX\r", b"", b"\n"], &mut f);
        assert_eq!(got, vec![line("OK"), line("X")]);
    }

    #[test]
    fn payload_after_crlf_header_is_exact() {
        let mut f = Framer::new();
        f.push(b"+B: 6\r");
        assert_eq!(f.next_frame(), Some(line("+B: 6")));
        f.expect_payload(6);
        let got = frames(&[b"\nOK\r", b"\nX\r\nOK\r\n"], &mut f);
        assert_eq!(
            got,
            vec![Frame::Payload(b"OK\r\nX\r".to_vec()), line(""), line("OK")]
        );
    }

    #[test]
    fn prompt_only_when_expected() {
        let mut f = Framer::new();
        f.set_prompt_expected(true);
        let got = frames(&[b"\r\n>", b" hello\r\n"], &mut f);
        assert_eq!(got, vec![line(""), Frame::Prompt, line("hello")]);
        let got = frames(&[b"> quoted\r\n"], &mut f);
        assert_eq!(got, vec![line("> quoted")]);
    }

    #[test]
    fn echoed_data_is_skipped_until_it_differs() {
        let mut f = Framer::new();
        f.start_echo();
        f.expect_echo(b"Hi\r\nthere");
        let got = frames(&[b"Hi\r", b"\nth", b"ere\r\nOK\r\n"], &mut f);
        assert_eq!(got, vec![line(""), line("OK")]);
        // A URC in the middle ends matching; nothing is lost.
        f.start_echo();
        f.expect_echo(b"abc");
        let got = frames(&[b"ab+P: 1\r\nc\r\n"], &mut f);
        assert_eq!(got, vec![line("+P: 1"), line("c")]);
    }

    #[test]
    fn terminator_search_agrees_with_memchr_at_every_length_and_position() {
        for len in 0..=2 * SHORT_SCAN + 9 {
            for at in 0..=len {
                for term in [b'\r', b'\n'] {
                    // High bytes and near-misses around the terminator.
                    let mut hay: Vec<u8> = (0..len)
                        .map(|i| [0x0C, 0x0E, 0x0B, 0x8D, 0xFF, b'a'][i % 6])
                        .collect();
                    if at < len {
                        hay[at] = term;
                    }
                    assert_eq!(
                        find_terminator(&hay),
                        memchr2(b'\r', b'\n', &hay),
                        "len {len}, terminator at {at}"
                    );
                }
            }
        }
    }

    #[test]
    fn endless_garbage_is_cut() {
        let mut f = Framer::new();
        let junk = vec![0xFFu8; MAX_LINE + 10];
        let got = frames(&[&junk], &mut f);
        assert_eq!(got.len(), 1);
        assert_eq!(f.buffered(), 0);
    }

    #[test]
    fn borrowed_frames_match_owned_ones_at_every_split() {
        let all: &[u8] = b"AT\r\r\n+A: 1\r\n\r\n+B: 3\r\nxyz\r\nOK\r\n";
        let mut whole = Framer::new();
        let want = frames(&[all], &mut whole);
        for cut in 0..=all.len() {
            let mut f = Framer::new();
            let mut got = Vec::new();
            for chunk in [&all[..cut], &all[cut..]] {
                f.push(chunk);
                while let Some(frame) = f.next_frame_ref() {
                    let frame = frame.to_frame();
                    if frame == line("+B: 3") {
                        f.expect_payload(3);
                    }
                    got.push(frame);
                }
            }
            assert_eq!(got.len(), want.len() + 1, "split at {cut}");
            assert!(
                got.contains(&Frame::Payload(b"xyz".to_vec())),
                "split at {cut}"
            );
        }
    }

    #[test]
    fn a_long_line_arriving_byte_by_byte_is_framed_once() {
        let mut f = Framer::new();
        let text = vec![b'a'; 5000];
        for &b in &text {
            f.push(&[b]);
            assert_eq!(f.next_frame(), None);
        }
        f.push(b"\r\n");
        assert_eq!(f.next_frame(), Some(Frame::Line(text)));
        assert_eq!(f.next_frame(), None);
        assert_eq!(f.buffered(), 0);
    }

    #[test]
    fn next_line_is_looks_ahead_without_framing() {
        let mut f = Framer::new();
        f.push(b"\r\n\r\nERR");
        assert_eq!(f.next_line_is(b"ERROR"), None);
        f.push(b"OR\r\nOK\r\n");
        assert_eq!(f.next_line_is(b"ERROR"), Some(true));
        assert_eq!(f.next_line_is(b"OK"), Some(false));
        let got: Vec<Frame> = std::iter::from_fn(|| f.next_frame()).collect();
        assert_eq!(got, vec![line(""), line(""), line("ERROR"), line("OK")]);
        f.set_prompt_expected(true);
        f.push(b"> ");
        assert_eq!(f.next_line_is(b"ERROR"), Some(false));
        assert_eq!(f.next_frame(), Some(Frame::Prompt));
    }

    /// What an owner does on seeing a frame (the router's reactions, in
    /// miniature): `+B: <n>` announces a payload, `PROMPT` expects a
    /// prompt, `ECHO` starts echo skipping, `STOP` ends it.
    fn react(frame: &Frame, framer: &mut impl Owner) {
        let Frame::Line(line) = frame else {
            return;
        };
        if let Some(n) = line.strip_prefix(b"+B: ") {
            if let Some(n) = std::str::from_utf8(n).ok().and_then(|n| n.parse().ok()) {
                framer.expect_payload(n);
            }
        }
        match line.as_slice() {
            b"PROMPT" => framer.set_prompt_expected(true),
            b"ECHO" => {
                framer.start_echo();
                framer.expect_echo(b"hi\r\nyo");
            }
            b"STOP" => framer.stop_echo(),
            _ => {}
        }
    }

    /// The controls an owner uses between frames, on a framer or a feed.
    trait Owner {
        fn expect_payload(&mut self, n: usize);
        fn set_prompt_expected(&mut self, expected: bool);
        fn start_echo(&mut self);
        fn expect_echo(&mut self, bytes: &[u8]);
        fn stop_echo(&mut self);
    }

    impl Owner for Framer {
        fn expect_payload(&mut self, n: usize) {
            Framer::expect_payload(self, n)
        }
        fn set_prompt_expected(&mut self, expected: bool) {
            Framer::set_prompt_expected(self, expected)
        }
        fn start_echo(&mut self) {
            Framer::start_echo(self)
        }
        fn expect_echo(&mut self, bytes: &[u8]) {
            Framer::expect_echo(self, bytes)
        }
        fn stop_echo(&mut self) {
            Framer::stop_echo(self)
        }
    }

    impl Owner for Feed<'_, '_> {
        fn expect_payload(&mut self, n: usize) {
            Feed::expect_payload(self, n)
        }
        fn set_prompt_expected(&mut self, expected: bool) {
            Feed::set_prompt_expected(self, expected)
        }
        fn start_echo(&mut self) {
            Feed::start_echo(self)
        }
        fn expect_echo(&mut self, bytes: &[u8]) {
            Feed::expect_echo(self, bytes)
        }
        fn stop_echo(&mut self) {
            Feed::stop_echo(self)
        }
    }

    /// Frames `chunks` through `push` + `next_frame_ref`, reacting as an
    /// owner; returns the frames and the bytes left unframed.
    fn buffered_path(chunks: &[&[u8]]) -> (Vec<Frame>, usize) {
        let mut f = Framer::new();
        let mut out = Vec::new();
        for chunk in chunks {
            f.push(chunk);
            while let Some(frame) = f.next_frame_ref() {
                let frame = frame.to_frame();
                react(&frame, &mut f);
                out.push(frame);
            }
        }
        (out, f.buffered())
    }

    /// Frames `chunks` through `feed`, reacting as an owner; each feed is
    /// dropped after at most `patience` frames (the rest is framed by the
    /// next feed, or by `next_frame_ref` after the last one).
    fn in_place_path(chunks: &[&[u8]], patience: usize) -> (Vec<Frame>, usize) {
        let mut f = Framer::new();
        let mut out = Vec::new();
        for chunk in chunks {
            let mut feed = f.feed(chunk);
            for _ in 0..patience {
                let Some(frame) = feed.next_frame_ref() else {
                    break;
                };
                let frame = frame.to_frame();
                react(&frame, &mut feed);
                out.push(frame);
            }
        }
        while let Some(frame) = f.next_frame_ref() {
            let frame = frame.to_frame();
            react(&frame, &mut f);
            out.push(frame);
        }
        (out, f.buffered())
    }

    /// Cuts `bytes` at the given points (taken modulo its length).
    fn split<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        cuts.push(0);
        cuts.push(bytes.len());
        cuts.sort_unstable();
        cuts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
    }

    const PIECES: &[&[u8]] = &[
        b"\r",
        b"\n",
        b"\r\n",
        b"OK",
        b"+B: 3",
        b"+B: 0",
        b">",
        b" ",
        b"PROMPT",
        b"ECHO",
        b"hi",
        b"yo",
        b"STOP",
        b"+A: 1,\"x\"",
        b"\xff",
    ];

    proptest::proptest! {
        #[test]
        fn in_place_frames_equal_buffered_frames_at_any_split(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            cuts in proptest::collection::vec(0usize..1000, 0..8),
            patience in 1usize..6,
        ) {
            let bytes: Vec<u8> = picks.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
            let chunks = split(&bytes, &cuts);
            let want = buffered_path(&chunks);
            proptest::prop_assert_eq!(in_place_path(&chunks, usize::MAX), want.clone());
            proptest::prop_assert_eq!(in_place_path(&chunks, patience), want);
        }
    }

    #[test]
    fn in_place_frames_equal_buffered_frames_at_every_split_pair() {
        let all: &[u8] =
            b"AT\r\r\n+B: 3\r\nx\ry\r\nPROMPT\n> ECHO\rhi\r\nyo+A: 1\r\nSTOP\r\n\r\nOK\r";
        for a in 0..=all.len() {
            for b in a..=all.len() {
                let chunks = [&all[..a], &all[a..b], &all[b..]];
                let want = buffered_path(&chunks);
                assert_eq!(in_place_path(&chunks, usize::MAX), want, "split {a}/{b}");
                assert_eq!(
                    in_place_path(&chunks, 1),
                    want,
                    "split {a}/{b}, one frame a feed"
                );
            }
        }
    }

    #[test]
    fn whole_lines_are_borrowed_from_the_read_itself() {
        let mut f = Framer::new();
        let read: &[u8] = b"\r\n+QSMTPPUT: 0,0\r\nOK\r\n+P";
        let range = read.as_ptr_range();
        let mut feed = f.feed(read);
        let mut lines = Vec::new();
        while let Some(frame) = feed.next_frame_ref() {
            let FrameRef::Line(line) = frame else {
                panic!("only lines here");
            };
            assert!(range.contains(&line.as_ptr()) || line.is_empty());
            lines.push(line.to_vec());
        }
        assert_eq!(lines, [&b""[..], b"+QSMTPPUT: 0,0", b"OK"]);
        drop(feed);
        // Only the incomplete tail was copied.
        assert_eq!((f.buffered(), f.buf.len()), (2, 2));
        let mut feed = f.feed(b": 1\r\n");
        assert_eq!(feed.next_frame(), Some(line("+P: 1")));
        assert_eq!(feed.next_frame(), None);
        drop(feed);
        assert_eq!(f.buffered(), 0);
    }

    #[test]
    fn a_dropped_feed_keeps_what_it_did_not_frame() {
        let mut f = Framer::new();
        let mut feed = f.feed(b"A\r\nB\r\nC");
        assert_eq!(feed.buffered(), 7);
        assert_eq!(feed.next_frame(), Some(line("A")));
        drop(feed);
        assert_eq!(f.buffered(), 4);
        f.push(b"\n");
        let got: Vec<Frame> = std::iter::from_fn(|| f.next_frame()).collect();
        assert_eq!(got, vec![line("B"), line("C")]);
    }

    #[test]
    fn endless_garbage_is_cut_the_same_in_place() {
        let junk = vec![0xFFu8; MAX_LINE + 10];
        for cut in [0, 1, MAX_LINE - 1, MAX_LINE, MAX_LINE + 9] {
            let chunks = [&junk[..cut], &junk[cut..], b"\r\nOK\r\n"];
            assert_eq!(
                in_place_path(&chunks, usize::MAX),
                buffered_path(&chunks),
                "split at {cut}"
            );
        }
    }
}
