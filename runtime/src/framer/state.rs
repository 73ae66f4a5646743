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
            && self.overlong.is_none()
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
            if let Some(seen) = self.overlong {
                return self.skip_overlong(seen, hay, pos);
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
    /// terminator is in `hay`. A line longer than [`MAX_LINE`] is never
    /// kept: its bytes are skipped (counted) up to its terminator, where it
    /// is framed as [`Span::Overlong`] with its length, whatever the reads.
    #[inline]
    fn line(&mut self, hay: &[u8], pos: &mut usize) -> Option<Span> {
        let start = *pos;
        let avail = &hay[start..];
        match find_terminator(avail.get(self.scanned..).unwrap_or_default()) {
            Some(i) => {
                let len = self.scanned + i;
                let end = start + len;
                *pos = self.past_terminator(hay, end);
                self.scanned = 0;
                if len > MAX_LINE {
                    return Some(Span::Overlong(len));
                }
                Some(Span::Line(start, end))
            }
            None if avail.len() > MAX_LINE => {
                // Too long to keep: count the rest instead of buffering it.
                self.overlong = Some(avail.len());
                *pos = hay.len();
                self.scanned = 0;
                None
            }
            None => {
                self.scanned = avail.len();
                None
            }
        }
    }

    /// The rest of an over-long line: skipped up to its terminator.
    #[inline(never)]
    fn skip_overlong(&mut self, seen: usize, hay: &[u8], pos: &mut usize) -> Option<Span> {
        let avail = &hay[*pos..];
        match find_terminator(avail) {
            Some(i) => {
                self.overlong = None;
                *pos = self.past_terminator(hay, *pos + i);
                Some(Span::Overlong(seen.saturating_add(i)))
            }
            None => {
                self.overlong = Some(seen.saturating_add(avail.len()));
                *pos = hay.len();
                None
            }
        }
    }

    /// Where framing goes on after the terminator at `end` (the LF of a
    /// CRLF is taken now if it is here already, else skipped later).
    #[inline]
    fn past_terminator(&mut self, hay: &[u8], end: usize) -> usize {
        let mut next = end + 1;
        if hay[end] == b'\r' {
            match hay.get(next) {
                Some(b'\n') => next += 1,
                Some(_) => {}
                None => self.skip_lf = true,
            }
        }
        next
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
            // No more than it takes to tell the line is over-long.
            None => rest
                .len()
                .min((MAX_LINE + 1).saturating_sub(buffered).max(1)),
        }
    }
}
