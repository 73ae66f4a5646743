//! Tracing of raw serial traffic: escaped, timestamped, direction-marked.
//!
//! Events go to the `tracing` target `atspec::traffic` at `TRACE` level:
//! `>>` for bytes sent, `<<` for bytes received, with `t` the time since the
//! port was opened. Command lines are logged through
//! [`crate::Command::redacted`], their echo too, and data-entry payloads only
//! by length, so secrets never reach a trace.

use std::fmt;
use std::time::{Duration, Instant};

/// The `tracing` target of traffic events.
pub const TARGET: &str = "atspec::traffic";

/// Bytes shown as printable ASCII with `\r`, `\n`, `\t`, `\\` and `\xNN` escapes.
pub struct Escaped<'a>(pub &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in self.0 {
            match b {
                b'\r' => f.write_str("\\r")?,
                b'\n' => f.write_str("\\n")?,
                b'\t' => f.write_str("\\t")?,
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7E => fmt::Write::write_char(f, b as char)?,
                _ => write!(f, "\\x{b:02X}")?,
            }
        }
        Ok(())
    }
}

/// At most this many payload bytes are shown in a trace event.
const PREVIEW: usize = 256;

/// Emits traffic events relative to a start instant.
#[derive(Clone, Copy, Debug)]
pub struct Tracer {
    start: Instant,
}

impl Default for Tracer {
    fn default() -> Self {
        Self::new()
    }
}

impl Tracer {
    /// A tracer whose clock starts now.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }

    fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Whether traffic events are recorded at all (a subscriber wants
    /// [`TARGET`] at `TRACE`): what a trace line alone needs (masking a
    /// received line) is skipped otherwise.
    #[inline]
    pub fn enabled(&self) -> bool {
        tracing::enabled!(target: TARGET, tracing::Level::TRACE)
    }

    /// A command line was sent (already redacted).
    pub fn sent_command(&self, redacted: &str) {
        self.sent_command_bytes(redacted.as_bytes());
    }

    /// [`Tracer::sent_command`] for the bytes of
    /// [`crate::Command::write_redacted`].
    pub fn sent_command_bytes(&self, redacted: &[u8]) {
        tracing::trace!(target: TARGET, t = ?self.elapsed(), ">> {}\\r", Escaped(redacted));
    }

    /// Control bytes were sent (Ctrl-Z, ESC, an escape sequence).
    pub fn sent_control(&self, bytes: &[u8]) {
        tracing::trace!(target: TARGET, t = ?self.elapsed(), ">> {}", Escaped(bytes));
    }

    /// Data-entry bytes were sent; only their count is shown.
    pub fn sent_data(&self, len: usize) {
        tracing::trace!(target: TARGET, t = ?self.elapsed(), ">> <{len} data bytes>");
    }

    /// A line was received.
    pub fn received_line(&self, line: &[u8]) {
        tracing::trace!(target: TARGET, t = ?self.elapsed(), "<< {}", Escaped(line));
    }

    /// A line was received; a command's echo (which may hold secrets) is left
    /// to [`Tracer::received_echo`].
    pub fn received_line_unless_echo(&self, line: &[u8], echo: Option<&[u8]>) {
        if echo != Some(line.trim_ascii()) {
            self.received_line(line);
        }
    }

    /// The echo of a command line was received and skipped.
    pub fn received_echo(&self, redacted: &str) {
        self.received_echo_bytes(redacted.as_bytes());
    }

    /// [`Tracer::received_echo`] for the bytes of
    /// [`crate::Command::write_redacted`].
    pub fn received_echo_bytes(&self, redacted: &[u8]) {
        tracing::trace!(target: TARGET, t = ?self.elapsed(), "<< {} (echo)", Escaped(redacted));
    }

    /// A `>` prompt was received.
    pub fn received_prompt(&self) {
        tracing::trace!(target: TARGET, t = ?self.elapsed(), "<< > (prompt)");
    }

    /// A counted payload was received.
    pub fn received_payload(&self, bytes: &[u8]) {
        let shown = &bytes[..bytes.len().min(PREVIEW)];
        let more = if bytes.len() > PREVIEW { "..." } else { "" };
        tracing::trace!(
            target: TARGET,
            t = ?self.elapsed(),
            "<< <{} payload bytes> {}{}",
            bytes.len(),
            Escaped(shown),
            more
        );
    }

    /// A note about routing (resynchronisation, dropped expectations).
    pub fn note(&self, what: &str) {
        tracing::debug!(target: TARGET, t = ?self.elapsed(), "{what}");
    }
}

#[cfg(test)]
mod tests {
    use super::Escaped;

    #[test]
    fn escapes_control_and_non_ascii() {
        let s = Escaped(b"A\r\n\x1a\\\xff z").to_string();
        assert_eq!(s, "A\\r\\n\\x1A\\\\\\xFF z");
    }
}
