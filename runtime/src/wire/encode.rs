//! Writing parameter values into a command line.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends the decimal form of `value`.
pub fn push_int(out: &mut Vec<u8>, value: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = value.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends the upper-case hex digits of `bytes`.
pub fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 0x0f)]);
    }
}

/// The upper-case hex form of the UTF-8 bytes of `text` (for `hex` parameters).
pub fn to_hex(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() * 2);
    push_hex(&mut out, text.as_bytes());
    String::from_utf8(out).unwrap_or_default()
}

/// Appends a validated string: quoted unless `quoted` is false; a non-ASCII
/// value with a `non_ascii_marker` is written as the marker followed by the
/// quoted hex of its UTF-8 bytes.
pub fn push_str(out: &mut Vec<u8>, value: &str, quoted: bool, non_ascii_marker: Option<&str>) {
    if let Some(marker) = non_ascii_marker {
        if !value.is_ascii() {
            out.extend_from_slice(marker.as_bytes());
            out.push(b'"');
            push_hex(out, value.as_bytes());
            out.push(b'"');
            return;
        }
    }
    if quoted {
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(value.as_bytes());
    }
}

/// Writes the comma-separated parameters of a command line; positions left
/// empty at the end leave no trailing commas.
#[derive(Debug)]
pub struct ParamWriter<'a> {
    out: &'a mut Vec<u8>,
    end: usize,
    mask: bool,
}

impl<'a> ParamWriter<'a> {
    /// Starts writing parameters at the end of `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        Self::masked(out, false)
    }

    /// Starts writing parameters at the end of `out`; with `mask` set,
    /// [`ParamWriter::secret`] writes `***` instead of the value (the
    /// redacted line for logs and traces).
    pub fn masked(out: &'a mut Vec<u8>, mask: bool) -> Self {
        let end = out.len();
        ParamWriter { out, end, mask }
    }

    /// Starts the next position (writes a comma).
    #[inline]
    pub fn sep(&mut self) {
        self.out.push(b',');
    }

    /// Writes an integer at the current position.
    #[inline]
    pub fn int(&mut self, value: i64) {
        push_int(self.out, value);
        self.end = self.out.len();
    }

    /// Writes a string at the current position (see [`push_str`]).
    #[inline]
    pub fn str(&mut self, value: &str, quoted: bool, non_ascii_marker: Option<&str>) {
        push_str(self.out, value, quoted, non_ascii_marker);
        self.end = self.out.len();
    }

    /// Writes a quoted string (no non-ASCII marker) at the current position.
    #[inline]
    pub fn quoted(&mut self, value: &str) {
        self.str(value, true, None);
    }

    /// Writes a secret string, or `***` if the writer masks secrets.
    #[inline]
    pub fn secret(&mut self, value: &str, quoted: bool, non_ascii_marker: Option<&str>) {
        if self.mask {
            self.redacted();
        } else {
            self.str(value, quoted, non_ascii_marker);
        }
    }

    /// Writes `***` in place of a secret.
    #[inline]
    pub fn redacted(&mut self) {
        self.out.extend_from_slice(b"***");
        self.end = self.out.len();
    }

    /// Drops the commas of trailing empty positions.
    #[inline]
    pub fn finish(self) {
        self.out.truncate(self.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        for v in [0, 7, -1, 65535, i64::MIN, i64::MAX] {
            let mut out = Vec::new();
            push_int(&mut out, v);
            assert_eq!(out, v.to_string().into_bytes());
        }
    }

    #[test]
    fn strings() {
        let mut out = Vec::new();
        push_str(&mut out, "a,b", true, None);
        push_str(&mut out, "x", false, None);
        push_str(&mut out, "é", true, Some("{non-ascii}"));
        assert_eq!(out, b"\"a,b\"x{non-ascii}\"C3A9\"");
        assert_eq!(to_hex("Hi"), "4869");
    }

    #[test]
    fn writer_drops_trailing_empty_positions() {
        let mut out = b"AT+X=".to_vec();
        let mut w = ParamWriter::new(&mut out);
        w.int(1);
        w.sep();
        w.sep();
        w.str("c", true, None);
        w.sep();
        w.sep();
        w.finish();
        assert_eq!(out, b"AT+X=1,,\"c\"");
    }

    #[test]
    fn a_masking_writer_masks_only_secrets() {
        for (mask, line) in [(false, &b"\"u\",\"pw\""[..]), (true, &b"\"u\",***"[..])] {
            let mut out = Vec::new();
            let mut w = ParamWriter::masked(&mut out, mask);
            w.quoted("u");
            w.sep();
            w.secret("pw", true, None);
            w.finish();
            assert_eq!(out, line);
        }
    }
}
