//! Payload sources for data-entry phases: bounded chunks from any `Read`.

use std::io::{self, Read};

use crate::error::Error;

/// Reads a payload in chunks of at most a fixed size, stopping at an optional
/// length limit; memory use is one chunk, whatever the payload size.
pub struct Source<'a> {
    inner: &'a mut dyn Read,
    buf: Vec<u8>,
    remaining: Option<usize>,
    done: bool,
}

impl<'a> Source<'a> {
    /// Wraps `inner`; `chunk` bytes per read, at most `limit` bytes in all.
    pub fn new(inner: &'a mut dyn Read, chunk: usize, limit: Option<usize>) -> Self {
        Self {
            inner,
            buf: vec![0; chunk.max(1)],
            remaining: limit,
            done: false,
        }
    }

    /// The next non-empty chunk, or `None` at the end of the source or limit.
    pub fn next_chunk(&mut self) -> Result<Option<&[u8]>, Error> {
        if self.done {
            return Ok(None);
        }
        let want = match self.remaining {
            Some(0) => {
                self.done = true;
                return Ok(None);
            }
            Some(n) => n.min(self.buf.len()),
            None => self.buf.len(),
        };
        let got = loop {
            match self.inner.read(&mut self.buf[..want]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::Io(e)),
            }
        };
        if got == 0 {
            self.done = true;
            return Ok(None);
        }
        if let Some(n) = self.remaining.as_mut() {
            *n -= got;
        }
        Ok(Some(&self.buf[..got]))
    }
}

/// The offset of the first byte that would end (Ctrl-Z) or cancel (ESC) a
/// prompt-and-Ctrl-Z text early.
pub fn forbidden_in_text(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(0x1A, 0x1B, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_respect_size_and_limit() {
        let data = vec![7u8; 10];
        let mut reader: &[u8] = &data;
        let mut source = Source::new(&mut reader, 4, Some(9));
        let mut sizes = Vec::new();
        while let Some(chunk) = source.next_chunk().unwrap() {
            sizes.push(chunk.len());
        }
        assert_eq!(sizes, vec![4, 4, 1]);
    }

    #[test]
    fn finds_ctrl_z_and_esc() {
        assert_eq!(forbidden_in_text(b"abc\x1a"), Some(3));
        assert_eq!(forbidden_in_text(b"\x1b"), Some(0));
        assert_eq!(forbidden_in_text(b"plain\r\ntext"), None);
    }
}
