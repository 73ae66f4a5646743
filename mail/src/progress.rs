//! Counting the bytes a data phase takes, for progress bars.

use std::io::Read;

/// A reader that reports each batch of bytes it hands out to a callback.
pub(crate) struct Counting<'a, R> {
    inner: R,
    progress: &'a mut dyn FnMut(u64),
}

impl<'a, R: Read> Counting<'a, R> {
    /// Wraps `inner`; `progress` gets the number of bytes of each read.
    pub(crate) fn new(inner: R, progress: &'a mut dyn FnMut(u64)) -> Self {
        Counting { inner, progress }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}
