//! The framer's scan state machine, shared by buffered and in-place framing.

use super::scan::find_terminator;
use super::{Span, State, MAX_LINE};

impl State {
    /// Whether the next byte is framed as part of a plain line (no pending
    /// LF, space, payload, echo or prompt to look for).
    #[inline]
    pub(super) fn plain(&self) -> bool {
        !(self.skip_lf | self.skip_space | self.prompt_expected)
            && self.payload.is_none()
            && self.echo.is_none()
    }

    /// Frames the next unit of `hay` from `*pos` on and moves `*pos` past
    /// it; `None` (with `*pos` past anything skipped) until more bytes are
    /// needed.
    #[inline]
    pub(super) fn next_span(&mut self, hay: &[u8], pos: &mut usize) -> Option<Span> {
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
    pub(super) fn refill_len(&self, buffered: usize, rest: &[u8]) -> usize {
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
