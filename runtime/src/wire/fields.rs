//! Splitting information lines into fields.
//!
//! Accepts `+X: a,b`, `+X: a, b` and `+X:a`; quoted strings may hold commas;
//! parenthesised lists such as `(0,1)` are one field. A closing quote or
//! parenthesis must be followed by a comma or the end of the line: anything
//! else (`"a"junk`, `"a" ,`, `"a""b"`) and an unterminated quote make the
//! field malformed, never the nearest reading ([`Fields::malformed`]).
//! Nothing here allocates.

/// The text after `prefix:` in `line` (leading spaces kept), or `None` if the
/// line does not start with `prefix` immediately followed by a colon. A line
/// that is exactly `prefix` has no fields (`Some("")`).
#[inline(always)]
pub fn line_prefix<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(prefix)?;
    if rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix(':')
}

/// The part of a line a URC or response is recognised by: the text before
/// the first colon, or the whole line if it has none.
#[inline(always)]
pub fn line_key(line: &str) -> &str {
    match find(b':', line.as_bytes()) {
        Some(i) => &line[..i],
        None => line,
    }
}

/// `s` without leading spaces.
#[inline(always)]
pub(super) fn skip_spaces(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| b == b' ').count();
    &s[n..]
}

/// `s` without trailing spaces.
#[inline]
fn trim_end_spaces(s: &str) -> &str {
    let n = s.bytes().rev().take_while(|&b| b == b' ').count();
    &s[..s.len() - n]
}

/// The index of the first byte at or after `i` in `b` that is not a space.
#[inline(always)]
fn skip_space_bytes(b: &[u8], mut i: usize) -> usize {
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// The value of the decimal digits starting at `start` in `b` (at most 18,
/// so it cannot overflow) and the index after them; a longer run stops at
/// the 19th digit, which the caller then finds in place of a comma.
#[inline(always)]
fn leading_digits(b: &[u8], start: usize) -> (i64, usize) {
    let mut v: i64 = 0;
    let mut i = start;
    while let Some(d) = digit_at(b, i) {
        if i - start == 18 {
            break;
        }
        v = v * 10 + i64::from(d);
        i += 1;
    }
    (v, i)
}

/// The value of the decimal digit at `b[i]`, if there is one.
#[inline(always)]
fn digit_at(b: &[u8], i: usize) -> Option<u8> {
    let d = b.get(i)?.wrapping_sub(b'0');
    (d <= 9).then_some(d)
}

/// Position of `needle` in a short haystack, eight bytes a word (no call
/// into a SIMD search, which costs more than it saves on the few bytes of
/// an AT field): one or two word steps for a typical key or field, the
/// last overlapping the one before when the length is not a multiple of 8.
#[inline(always)]
pub(super) fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    let mut offset = 0;
    while let Some(word) = haystack.get(offset..).and_then(<[u8]>::first_chunk::<8>) {
        if let Some(i) = byte_in(needle, word) {
            return Some(offset + i);
        }
        offset += 8;
    }
    match haystack.last_chunk::<8>() {
        // The bytes before `offset` hold no `needle`, so the first one in
        // the overlapping last word is the first of the haystack.
        Some(word) => byte_in(needle, word).map(|i| haystack.len() - 8 + i),
        None => haystack.iter().position(|&b| b == needle),
    }
}

/// Position of the first `needle` in an 8-byte word.
#[inline(always)]
fn byte_in(needle: u8, word: &[u8; 8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte of `x` is zero where the word holds `needle`; the lowest
    // flagged byte is always a true zero (a borrow only flags bytes above it).
    let x = u64::from_le_bytes(*word) ^ u64::from_ne_bytes([needle; 8]);
    let zeros = x.wrapping_sub(ONES) & !x & HIGHS;
    (zeros != 0).then(|| (zeros.trailing_zeros() / 8) as usize)
}

/// One field of a line, quotes removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawField<'a> {
    /// The field's text (inside the quotes if it was quoted; spaces trimmed otherwise).
    pub text: &'a str,
    /// Whether it was written between double quotes.
    pub quoted: bool,
}

impl<'a> RawField<'a> {
    /// The field as a decimal integer (optional sign; quotes allowed).
    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        parse_i64(self.text.as_bytes())
    }

    /// Whether the field is empty and unquoted (left off).
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.text.is_empty() && !self.quoted
    }
}

#[inline]
pub(super) fn parse_i64(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    if digits.len() <= 18 {
        // At most 18 digits cannot overflow an i64.
        let mut v: i64 = 0;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(d - b'0');
        }
        return Some(if neg { -v } else { v });
    }
    let mut v: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    Some(if neg { -v } else { v })
}

/// Iterator over the fields after a line's prefix.
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    rest: &'a str,
    done: bool,
    malformed: bool,
}

impl<'a> Fields<'a> {
    /// Fields of `rest` (the text after the colon). Blank text has no fields.
    #[inline(always)]
    pub fn new(rest: &'a str) -> Self {
        let rest = skip_spaces(rest);
        Fields {
            rest,
            // `skip_spaces` left no leading space: blank text is empty now.
            done: rest.is_empty(),
            malformed: false,
        }
    }

    /// The text not yet split, leading spaces removed (for `text` fields).
    #[inline]
    pub fn remainder(&self) -> &'a str {
        if self.done {
            ""
        } else {
            skip_spaces(self.rest)
        }
    }

    /// Whether the field [`Iterator::next`] returned last was malformed:
    /// text between its closing quote or parenthesis and the comma, or an
    /// unterminated quote or parenthesis. Its text is then the field verbatim
    /// (quotes kept, `quoted` false) up to the next comma.
    #[inline(always)]
    pub fn malformed(&self) -> bool {
        self.malformed
    }

    /// Whether every field has been split off.
    #[inline]
    pub(super) fn is_done(&self) -> bool {
        self.done
    }

    /// The fields after `word` at the start of the next field, if the field
    /// starts with that word followed by a space or the end of the line: the
    /// text after the space becomes the next field (a `"WORD" value` field).
    #[inline]
    pub fn after_word(&self, word: &str) -> Option<Fields<'a>> {
        if self.done {
            return None;
        }
        let rest = skip_spaces(self.rest).strip_prefix(word)?;
        if rest.is_empty() {
            return Some(Fields {
                rest,
                done: true,
                malformed: false,
            });
        }
        rest.strip_prefix(' ')?;
        Some(Fields::new(rest))
    }

    /// Fast path for a bare decimal integer field (`12`, ` -3 `): its value
    /// and what follows its comma (`None`: it was the last field), or `None`
    /// if the next field is not a bare integer. Consumes nothing (see
    /// [`Fields::skip_to`]), so the caller need not copy the iterator to undo.
    #[inline(always)]
    pub(super) fn peek_plain_int(&self) -> Option<(i64, Option<&'a str>)> {
        if self.done {
            return None;
        }
        let b = self.rest.as_bytes();
        let mut i = skip_space_bytes(b, 0);
        let neg = b.get(i) == Some(&b'-');
        i += usize::from(neg);
        let (v, end) = leading_digits(b, i);
        if end == i {
            return None;
        }
        let i = skip_space_bytes(b, end);
        let after = match b.get(i) {
            None => None,
            Some(b',') => Some(self.rest.get(i + 1..)?),
            Some(_) => return None,
        };
        Some((if neg { -v } else { v }, after))
    }

    /// Fast path for a quoted field followed by a comma or the end of the
    /// line (`"john@sim.com",`): its text and what follows its comma
    /// (`None`: it was the last field), or `None` for any other field, which
    /// [`Iterator::next`] then splits. Consumes nothing (see [`Fields::skip_to`]).
    #[inline(always)]
    pub(super) fn peek_quoted(&self) -> Option<(&'a str, Option<&'a str>)> {
        if self.done {
            return None;
        }
        let b = self.rest.as_bytes();
        let open = skip_space_bytes(b, 0);
        if b.get(open) != Some(&b'"') {
            return None;
        }
        let close = open + 1 + find(b'"', b.get(open + 1..)?)?;
        let text = self.rest.get(open + 1..close)?;
        let i = close + 1;
        let after = match b.get(i) {
            None => None,
            Some(b',') => Some(self.rest.get(i + 1..)?),
            Some(_) => return None,
        };
        Some((text, after))
    }

    /// Continues after a field [`Fields::peek_plain_int`] or
    /// [`Fields::peek_quoted`] read.
    #[inline(always)]
    pub(super) fn skip_to(&mut self, after: Option<&'a str>) {
        self.malformed = false;
        match after {
            Some(rest) => self.rest = rest,
            None => {
                self.rest = "";
                self.done = true;
            }
        }
    }

    /// Ends a quoted or parenthesised field `s[..close]` (`close`: the index
    /// after its closing byte, or `None` if it has none): well-formed only if
    /// a comma or the end of the line follows.
    #[inline]
    fn close_field(&mut self, s: &'a str, close: Option<usize>, quoted: bool) -> RawField<'a> {
        if let Some(close) = close {
            match s.as_bytes().get(close) {
                None => {
                    self.end_of_line();
                    return closed(s, close, quoted);
                }
                Some(b',') => {
                    self.rest = &s[close + 1..];
                    return closed(s, close, quoted);
                }
                Some(_) => {}
            }
        }
        self.malformed = true;
        self.plain_field(s, close.unwrap_or(0))
    }

    /// The unquoted field at the start of `s`, up to the first comma at or
    /// after `from`, spaces trimmed at its end.
    #[inline]
    fn plain_field(&mut self, s: &'a str, from: usize) -> RawField<'a> {
        let text = match find(b',', &s.as_bytes()[from..]).map(|pos| pos + from) {
            Some(pos) => {
                self.rest = &s[pos + 1..];
                &s[..pos]
            }
            None => {
                self.end_of_line();
                s
            }
        };
        RawField {
            text: trim_end_spaces(text),
            quoted: false,
        }
    }

    /// Marks every field split off.
    #[inline]
    fn end_of_line(&mut self) {
        self.rest = "";
        self.done = true;
    }
}

/// The well-formed field `s[..close]`: the text inside the quotes if
/// `quoted`, else the parenthesised list with its parentheses.
#[inline]
fn closed(s: &str, close: usize, quoted: bool) -> RawField<'_> {
    let text = if quoted {
        &s[1..close - 1]
    } else {
        &s[..close]
    };
    RawField { text, quoted }
}

impl<'a> Iterator for Fields<'a> {
    type Item = RawField<'a>;

    #[inline]
    fn next(&mut self) -> Option<RawField<'a>> {
        self.malformed = false;
        if self.done {
            return None;
        }
        let s = skip_spaces(self.rest);
        let bytes = s.as_bytes();
        Some(match bytes.first() {
            Some(b'"') => {
                let close = find(b'"', &bytes[1..]).map(|end| end + 2);
                self.close_field(s, close, true)
            }
            Some(b'(') => {
                let close = find(b')', bytes).map(|end| end + 1);
                self.close_field(s, close, false)
            }
            _ => self.plain_field(s, 0),
        })
    }
}

/// The payload length announced by field `index` of a `prefix:` line.
#[inline]
pub fn payload_len(line: &str, prefix: &str, index: usize) -> Option<usize> {
    field_at(line, prefix, index)
        .and_then(|f| f.as_i64())
        .and_then(|n| usize::try_from(n).ok())
}

/// The field at 0-based `index` of a `prefix:` line, if the line has it.
#[inline]
pub fn field_at<'a>(line: &'a str, prefix: &str, index: usize) -> Option<RawField<'a>> {
    Fields::new(line_prefix(line, prefix)?).nth(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rest: &str) -> Vec<(&str, bool)> {
        Fields::new(rest).map(|f| (f.text, f.quoted)).collect()
    }

    #[test]
    fn spacing_variants() {
        assert_eq!(texts(" a,b"), [("a", false), ("b", false)]);
        assert_eq!(texts(" a, b"), [("a", false), ("b", false)]);
        assert_eq!(texts("a"), [("a", false)]);
        assert_eq!(texts(""), []);
        assert_eq!(texts(" "), []);
        assert_eq!(texts("1,"), [("1", false), ("", false)]);
        assert_eq!(texts("1,,3"), [("1", false), ("", false), ("3", false)]);
    }

    #[test]
    fn quoted_and_parenthesised() {
        assert_eq!(
            texts(r#" 0,"a,b", "c""#),
            [("0", false), ("a,b", true), ("c", true)]
        );
        assert_eq!(
            texts(" (0,1),(1-16)"),
            [("(0,1)", false), ("(1-16)", false)]
        );
        assert_eq!(texts(r#" """#), [("", true)]);
    }

    /// A field as `(text, quoted, malformed)`.
    type Split<'a> = (&'a str, bool, bool);

    /// Each field as `(text, quoted, malformed)`.
    fn split(rest: &str) -> Vec<Split<'_>> {
        let mut fields = Fields::new(rest);
        let mut out = Vec::new();
        while let Some(f) = fields.next() {
            out.push((f.text, f.quoted, fields.malformed()));
        }
        out
    }

    #[test]
    fn anything_after_a_closing_quote_but_a_comma_is_malformed() {
        const OK: bool = false;
        const BAD: bool = true;
        let table: &[(&str, &[Split<'_>])] = &[
            (
                r#""a"junk,5"#,
                &[(r#""a"junk"#, false, BAD), ("5", false, OK)],
            ),
            // Real modules write no space after a closing quote.
            (r#""a" ,5"#, &[(r#""a""#, false, BAD), ("5", false, OK)]),
            (r#""a" "#, &[(r#""a""#, false, BAD)]),
            (r#""a""b""#, &[(r#""a""b""#, false, BAD)]),
            (r#""a"#, &[(r#""a"#, false, BAD)]),
            (r#""a,5"#, &[(r#""a"#, false, BAD), ("5", false, OK)]),
            (
                r#""a,b"x,5"#,
                &[(r#""a,b"x"#, false, BAD), ("5", false, OK)],
            ),
            (r#""a","#, &[("a", true, OK), ("", false, OK)]),
            (
                r#""a",,"b""#,
                &[("a", true, OK), ("", false, OK), ("b", true, OK)],
            ),
            (r#" "a", "b""#, &[("a", true, OK), ("b", true, OK)]),
            (r#"1,"a""#, &[("1", false, OK), ("a", true, OK)]),
            ("(0,1)x,2", &[("(0,1)x", false, BAD), ("2", false, OK)]),
            ("(0,1", &[("(0", false, BAD), ("1", false, OK)]),
            ("(0,1),2", &[("(0,1)", false, OK), ("2", false, OK)]),
        ];
        for (rest, want) in table {
            assert_eq!(split(rest), *want, "{rest}");
        }
    }

    #[test]
    fn line_key_at_every_colon_position() {
        assert_eq!(line_key(""), "");
        assert_eq!(line_key("OK"), "OK");
        assert_eq!(line_key(":"), "");
        assert_eq!(line_key("+QSMTPPUT: 0,0"), "+QSMTPPUT");
        assert_eq!(line_key("+CME ERROR: 3"), "+CME ERROR");
        assert_eq!(line_key("+Ü: 1"), "+Ü");
        let long = "+ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for n in 0..=long.len() {
            let line = format!("{}:x:y", &long[..n]);
            assert_eq!(line_key(&line), &long[..n], "{line}");
            assert_eq!(line_key(&long[..n]), &long[..n], "no colon");
        }
    }

    proptest::proptest! {
        #[test]
        fn line_key_is_the_text_before_the_first_colon(line in "[a-c:é]{0,40}") {
            let want = line.split(':').next().unwrap_or_default();
            proptest::prop_assert_eq!(line_key(&line), want);
        }

        #[test]
        fn word_search_finds_the_first_byte(
            picks in proptest::collection::vec((0u8..6, 0u8..=255), 0..40),
            needle in 0u8..=255,
        ) {
            // Mostly the needle and its near misses (high bit flipped, one
            // off), which a word search could mistake for it.
            let hay: Vec<u8> = picks
                .iter()
                .map(|&(kind, raw)| match kind {
                    0 => needle,
                    1 => needle ^ 0x80,
                    2 => needle.wrapping_add(1),
                    3 => needle.wrapping_sub(1),
                    _ => raw,
                })
                .collect();
            let want = hay.iter().position(|&b| b == needle);
            proptest::prop_assert_eq!(find(needle, &hay), want);
        }
    }

    #[test]
    fn integers_never_overflow() {
        assert_eq!(parse_i64(b"-9223372036854775808"), None);
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_i64(b"99999999999999999999"), None);
        assert_eq!(parse_i64(b"-"), None);
        assert_eq!(parse_i64(b"-421"), Some(-421));
    }
}
