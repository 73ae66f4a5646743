//! In-place framing of one read ([`Framer::feed`]).

use super::scan::find_terminator;
use super::{Frame, FrameRef, Framer, Span};

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
    pub(super) framer: &'f mut Framer,
    pub(super) input: &'a [u8],
    /// Bytes of `input` framed or moved into the buffer so far.
    pub(super) at: usize,
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
