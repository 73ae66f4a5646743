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

/// Turns a byte stream into [`Frame`]s; fed with [`Framer::push`], drained
/// with [`Framer::next_frame`].
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    pos: usize,
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

    /// Appends bytes read from the port.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.pos > 0 && self.pos == self.buf.len() {
            self.buf.clear();
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

    /// The next complete frame, or `None` until more bytes arrive.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            let avail = &self.buf[self.pos..];
            if avail.is_empty() {
                self.compact();
                return None;
            }
            if self.skip_lf {
                self.skip_lf = false;
                if avail[0] == b'\n' {
                    self.pos += 1;
                }
                continue;
            }
            if let Some(n) = self.payload {
                if avail.len() < n {
                    return None;
                }
                let bytes = avail[..n].to_vec();
                self.pos += n;
                self.payload = None;
                return Some(Frame::Payload(bytes));
            }
            if self.skip_space {
                self.skip_space = false;
                if avail[0] == b' ' {
                    self.pos += 1;
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
                        self.pos += same;
                        echo.drain(..same);
                    }
                    continue;
                }
            }
            if self.prompt_expected && avail[0] == b'>' {
                self.pos += 1;
                self.prompt_expected = false;
                self.skip_space = true;
                return Some(Frame::Prompt);
            }
            return match memchr2(b'\r', b'\n', avail) {
                Some(i) => {
                    let line = avail[..i].to_vec();
                    self.skip_lf = avail[i] == b'\r';
                    self.pos += i + 1;
                    Some(Frame::Line(line))
                }
                None if avail.len() >= MAX_LINE => {
                    let line = avail.to_vec();
                    self.pos = self.buf.len();
                    Some(Frame::Line(line))
                }
                None => {
                    self.compact();
                    None
                }
            };
        }
    }

    fn compact(&mut self) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
    }
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
    fn endless_garbage_is_cut() {
        let mut f = Framer::new();
        let junk = vec![0xFFu8; MAX_LINE + 10];
        let got = frames(&[&junk], &mut f);
        assert_eq!(got.len(), 1);
        assert_eq!(f.buffered(), 0);
    }
}
