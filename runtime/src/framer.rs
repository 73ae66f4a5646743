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
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    pos: usize,
    /// Bytes after `pos` already known to hold no line terminator.
    scanned: usize,
    skip_lf: bool,
    skip_space: bool,
    payload: Option<usize>,
    prompt_expected: bool,
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
        if self.pos > 0 {
            if self.pos == self.buf.len() {
                self.buf.clear();
            } else {
                self.buf.drain(..self.pos);
            }
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Number of bytes pushed but not yet framed.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Whether a `>` at the start of a line is a prompt.
    pub fn set_prompt_expected(&mut self, expected: bool) {
        self.prompt_expected = expected;
    }

    /// The next `n` bytes (after the terminator of the line just framed) are
    /// one raw payload, whatever they contain.
    pub fn expect_payload(&mut self, n: usize) {
        self.payload = Some(n);
    }

    /// Data-entry text is about to be sent to a module that echoes: bytes
    /// registered with [`Framer::expect_echo`] are skipped when they come
    /// back at the start of a line, until the first byte that differs.
    pub fn start_echo(&mut self) {
        self.echo = Some(VecDeque::new());
    }

    /// Registers bytes just sent whose echo may come back.
    pub fn expect_echo(&mut self, bytes: &[u8]) {
        if let Some(echo) = self.echo.as_mut() {
            if echo.len() + bytes.len() > MAX_ECHO {
                // The module does not echo (or lags too far): stop matching.
                self.echo = None;
            } else {
                echo.extend(bytes);
            }
        }
    }

    /// Stops skipping echoed data.
    pub fn stop_echo(&mut self) {
        self.echo = None;
    }

    /// Gives up an incomplete counted payload: its bytes so far are framed
    /// as ordinary output again. Returns whether one was pending.
    pub fn cancel_payload(&mut self) -> bool {
        self.payload.take().is_some()
    }

    /// Whether a counted payload is still being collected.
    pub fn in_payload(&self) -> bool {
        self.payload.is_some()
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
        match span {
            Span::Line(start, end) => FrameRef::Line(&self.buf[start..end]),
            Span::Prompt => FrameRef::Prompt,
            Span::Payload(start, end) => FrameRef::Payload(&self.buf[start..end]),
        }
    }

    /// Whether the next non-empty line will be exactly `text` (surrounding
    /// blanks ignored): `None` until it is complete. A prompt or payload
    /// first counts as another line. Frames nothing: the state is unchanged.
    pub fn next_line_is(&mut self, text: &[u8]) -> Option<bool> {
        let saved = (
            self.pos,
            self.scanned,
            self.skip_lf,
            self.skip_space,
            self.payload,
            self.prompt_expected,
            self.echo.clone(),
        );
        let answer = loop {
            match self.next_span() {
                None => break None,
                Some(Span::Line(start, end)) => {
                    let line = self.buf[start..end].trim_ascii();
                    if !line.is_empty() {
                        break Some(line == text);
                    }
                }
                Some(Span::Prompt | Span::Payload(..)) => break Some(false),
            }
        };
        (
            self.pos,
            self.scanned,
            self.skip_lf,
            self.skip_space,
            self.payload,
            self.prompt_expected,
            self.echo,
        ) = saved;
        answer
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

    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.scanned = 0;
    }

    /// Frames the next unit; never moves bytes, so earlier spans stay valid
    /// until the next [`Framer::push`].
    #[inline]
    pub(crate) fn next_span(&mut self) -> Option<Span> {
        loop {
            let avail = &self.buf[self.pos..];
            if avail.is_empty() {
                return None;
            }
            if self.skip_lf {
                self.skip_lf = false;
                if avail[0] == b'\n' {
                    self.advance(1);
                }
                continue;
            }
            if let Some(n) = self.payload {
                if avail.len() < n {
                    return None;
                }
                let start = self.pos;
                self.advance(n);
                self.payload = None;
                return Some(Span::Payload(start, start + n));
            }
            if self.skip_space {
                self.skip_space = false;
                if avail[0] == b' ' {
                    self.advance(1);
                }
                continue;
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
                        self.advance(same);
                    }
                    continue;
                }
            }
            if self.prompt_expected && avail[0] == b'>' {
                self.advance(1);
                self.prompt_expected = false;
                self.skip_space = true;
                return Some(Span::Prompt);
            }
            let start = self.pos;
            return match find_terminator(&avail[self.scanned..]) {
                Some(i) => {
                    let end = start + self.scanned + i;
                    let mut next = end + 1;
                    if self.buf[end] == b'\r' {
                        // Take the LF of a CRLF now if it is here already.
                        match self.buf.get(next) {
                            Some(b'\n') => next += 1,
                            Some(_) => {}
                            None => self.skip_lf = true,
                        }
                    }
                    self.pos = next;
                    self.scanned = 0;
                    Some(Span::Line(start, end))
                }
                None if avail.len() >= MAX_LINE => {
                    self.pos = self.buf.len();
                    self.scanned = 0;
                    Some(Span::Line(start, self.pos))
                }
                None => {
                    self.scanned = avail.len();
                    None
                }
            };
        }
    }
}

/// Up to this many bytes a word-at-a-time scan finds a terminator sooner
/// than `memchr2` (whose SIMD dispatch costs more than a short line).
const SHORT_SCAN: usize = 64;

/// Eight copies of a byte in a word.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The index of the first CR or LF in `hay`.
#[inline]
fn find_terminator(hay: &[u8]) -> Option<usize> {
    if hay.len() > SHORT_SCAN {
        return memchr2(b'\r', b'\n', hay);
    }
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
        for len in 0..=SHORT_SCAN + 9 {
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
}
