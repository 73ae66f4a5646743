//! Splitting information lines into fields, and typed field parsers.
//!
//! Accepts `+X: a,b`, `+X: a, b` and `+X:a`; quoted strings may hold commas;
//! parenthesised lists such as `(0,1)` are one field. Nothing here allocates
//! except the parsers that return owned strings.

use super::ParseError;

/// The text after `prefix:` in `line` (leading spaces kept), or `None` if the
/// line does not start with `prefix` immediately followed by a colon. A line
/// that is exactly `prefix` has no fields (`Some("")`).
#[inline]
pub fn line_prefix<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(prefix)?;
    if rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix(':')
}

/// The part of a line a URC or response is recognised by: the text before
/// the first colon, or the whole line if it has none.
#[inline]
pub fn line_key(line: &str) -> &str {
    match find(b':', line.as_bytes()) {
        Some(i) => &line[..i],
        None => line,
    }
}

/// `s` without leading spaces.
#[inline]
fn skip_spaces(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| b == b' ').count();
    &s[n..]
}

/// `s` without trailing spaces.
#[inline]
fn trim_end_spaces(s: &str) -> &str {
    let n = s.bytes().rev().take_while(|&b| b == b' ').count();
    &s[..s.len() - n]
}

/// Position of `needle` in a short haystack (a plain loop beats a SIMD
/// search on the few bytes of an AT field).
#[inline]
fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
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
fn parse_i64(b: &[u8]) -> Option<i64> {
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
}

impl<'a> Fields<'a> {
    /// Fields of `rest` (the text after the colon). Blank text has no fields.
    #[inline]
    pub fn new(rest: &'a str) -> Self {
        let rest = skip_spaces(rest);
        Fields {
            rest,
            // `skip_spaces` left no leading space: blank text is empty now.
            done: rest.is_empty(),
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

    /// Fast path for a bare decimal integer field (`12`, ` -3 `): its value
    /// and what follows its comma (`None`: it was the last field), or `None`
    /// if the next field is not a bare integer. Consumes nothing (see
    /// [`Fields::skip_to`]), so the caller need not copy the iterator to undo.
    #[inline]
    fn peek_plain_int(&self) -> Option<(i64, Option<&'a str>)> {
        if self.done {
            return None;
        }
        let b = self.rest.as_bytes();
        let mut i = 0;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        let neg = b.get(i) == Some(&b'-');
        if neg {
            i += 1;
        }
        let start = i;
        let mut v: i64 = 0;
        while let Some(&d) = b.get(i) {
            if !d.is_ascii_digit() || i - start >= 18 {
                break;
            }
            v = v * 10 + i64::from(d - b'0');
            i += 1;
        }
        if i == start {
            return None;
        }
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        let after = match b.get(i) {
            None => None,
            Some(b',') => Some(&self.rest[i + 1..]),
            Some(_) => return None,
        };
        Some((if neg { -v } else { v }, after))
    }

    /// Continues after a field [`Fields::peek_plain_int`] read.
    #[inline]
    fn skip_to(&mut self, after: Option<&'a str>) {
        match after {
            Some(rest) => self.rest = rest,
            None => {
                self.rest = "";
                self.done = true;
            }
        }
    }

    #[inline]
    fn finish_after(&mut self, after: &'a str) {
        match find(b',', after.as_bytes()) {
            Some(pos) => self.rest = &after[pos + 1..],
            None => {
                self.rest = "";
                self.done = true;
            }
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = RawField<'a>;

    #[inline]
    fn next(&mut self) -> Option<RawField<'a>> {
        if self.done {
            return None;
        }
        let s = skip_spaces(self.rest);
        let bytes = s.as_bytes();
        match bytes.first() {
            Some(b'"') => match find(b'"', &bytes[1..]) {
                Some(end) => {
                    let text = &s[1..end + 1];
                    self.finish_after(&s[end + 2..]);
                    Some(RawField { text, quoted: true })
                }
                None => {
                    self.done = true;
                    Some(RawField {
                        text: &s[1..],
                        quoted: true,
                    })
                }
            },
            Some(b'(') => {
                let end = find(b')', bytes).unwrap_or(bytes.len() - 1);
                let text = &s[..end + 1];
                self.finish_after(&s[end + 1..]);
                Some(RawField {
                    text,
                    quoted: false,
                })
            }
            _ => match find(b',', bytes) {
                Some(pos) => {
                    self.rest = &s[pos + 1..];
                    Some(RawField {
                        text: trim_end_spaces(&s[..pos]),
                        quoted: false,
                    })
                }
                None => {
                    self.done = true;
                    Some(RawField {
                        text: trim_end_spaces(s),
                        quoted: false,
                    })
                }
            },
        }
    }
}

/// The information line at 0-based `pos` of a response, or an error naming
/// what was expected there.
#[inline]
pub fn line_at<'a>(
    lines: &'a [crate::ResponseLine],
    pos: usize,
    expected: &'static str,
) -> Result<&'a str, FieldError<'a>> {
    let found = match lines.get(pos) {
        Some(crate::ResponseLine::Line(line)) => return Ok(line),
        Some(crate::ResponseLine::Payload(bytes)) => Found::Payload(bytes.len()),
        None => Found::EndOfResponse,
    };
    Err(FieldError {
        line: pos + 1,
        field: None,
        expected: Expected::Text(expected),
        found,
    })
}

/// The information line at `pos`, if there is one (not a payload).
#[inline]
pub fn try_line_at(lines: &[crate::ResponseLine], pos: usize) -> Option<&str> {
    match lines.get(pos) {
        Some(crate::ResponseLine::Line(line)) => Some(line),
        _ => None,
    }
}

/// The raw payload at `pos`, or an error.
#[inline]
pub fn payload_at(lines: &[crate::ResponseLine], pos: usize) -> Result<Vec<u8>, FieldError<'_>> {
    let found = match lines.get(pos) {
        Some(crate::ResponseLine::Payload(bytes)) => return Ok(bytes.clone()),
        Some(crate::ResponseLine::Line(line)) => Found::Line(line),
        None => Found::EndOfResponse,
    };
    Err(FieldError {
        line: pos + 1,
        field: None,
        expected: Expected::Text("raw payload bytes"),
        found,
    })
}

/// The raw payload at `pos`, which must hold exactly `announced` bytes (the
/// count its header line gave, `then raw <field>`), or an error saying how
/// many bytes were announced and how many came.
#[inline]
pub fn counted_payload_at(
    lines: &[crate::ResponseLine],
    pos: usize,
    announced: i64,
) -> Result<Vec<u8>, FieldError<'_>> {
    let found = match lines.get(pos) {
        Some(crate::ResponseLine::Payload(bytes))
            if usize::try_from(announced).is_ok_and(|n| n == bytes.len()) =>
        {
            return Ok(bytes.clone())
        }
        Some(crate::ResponseLine::Payload(bytes)) => Found::Payload(bytes.len()),
        Some(crate::ResponseLine::Line(line)) => Found::Line(line),
        None => Found::EndOfResponse,
    };
    Err(FieldError {
        line: pos + 1,
        field: None,
        expected: Expected::PayloadLen(announced),
        found,
    })
}

/// Everything from `pos` to the end as text (lines joined by `\n`); advances `pos`.
pub fn text_from(lines: &[crate::ResponseLine], pos: &mut usize) -> String {
    let mut text = String::new();
    for (i, item) in lines.iter().enumerate().skip(*pos) {
        if i > *pos {
            text.push('\n');
        }
        match item {
            crate::ResponseLine::Line(line) => text.push_str(line),
            crate::ResponseLine::Payload(bytes) => text.push_str(&String::from_utf8_lossy(bytes)),
        }
    }
    *pos = lines.len();
    text
}

/// Checks that nothing but lines starting with `skip:` follows `pos`.
#[inline]
pub fn expect_end<'a>(
    lines: &'a [crate::ResponseLine],
    pos: usize,
    skip: Option<&str>,
) -> Result<(), FieldError<'a>> {
    for (i, item) in lines.iter().enumerate().skip(pos) {
        let found = match item {
            crate::ResponseLine::Line(line)
                if skip.is_some_and(|p| line_prefix(line, p).is_some()) =>
            {
                continue
            }
            crate::ResponseLine::Line(line) => Found::Line(line),
            crate::ResponseLine::Payload(bytes) => Found::Payload(bytes.len()),
        };
        return Err(FieldError {
            line: i + 1,
            field: None,
            expected: Expected::Text("no further information line"),
            found,
        });
    }
    Ok(())
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

/// What a field was expected to be (kept small and `Copy` so the happy path
/// of a parser moves no strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A description such as `an integer 1..=65535`.
    Text(&'static str),
    /// This literal integer.
    Int(i64),
    /// This literal string.
    Str(&'static str),
    /// A raw payload of exactly this many bytes (the count its line announced).
    PayloadLen(i64),
}

/// What was found where a field was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found<'a> {
    /// This field.
    Field(RawField<'a>),
    /// The line ended.
    EndOfLine,
    /// This whole line (its prefix did not match).
    Line(&'a str),
    /// The response ended.
    EndOfResponse,
    /// A raw payload of this many bytes.
    Payload(usize),
}

/// A parse failure before it is turned into a [`ParseError`] (cheap to
/// return; converted with `?` on the cold path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError<'a> {
    /// 1-based line within the response.
    pub line: usize,
    /// 1-based field within the line, if any.
    pub field: Option<usize>,
    /// What was expected.
    pub expected: Expected,
    /// What was there.
    pub found: Found<'a>,
}

impl<'a> FieldError<'a> {
    /// Of two failed attempts to read the same line (`self` the earlier), the
    /// one that got further into the line; on a tie, `later`. A wrong prefix
    /// (no field) is the least specific.
    #[inline]
    pub fn further(self, later: FieldError<'a>) -> FieldError<'a> {
        if later.field >= self.field {
            later
        } else {
            self
        }
    }
}

impl From<FieldError<'_>> for ParseError {
    #[cold]
    #[inline(never)]
    fn from(e: FieldError<'_>) -> ParseError {
        let expected = match e.expected {
            Expected::Text(t) => t.to_owned(),
            Expected::Int(v) => v.to_string(),
            Expected::Str(s) => format!("\"{s}\""),
            Expected::PayloadLen(n) => format!("{n} raw bytes, as the line announced"),
        };
        let found = match e.found {
            Found::Field(f) if f.quoted => format!("\"{}\"", f.text),
            Found::Field(f) if f.text.is_empty() => String::from("an empty field"),
            Found::Field(f) => f.text.to_owned(),
            Found::EndOfLine => String::from("end of line"),
            Found::Line(l) => l.to_owned(),
            Found::EndOfResponse => String::from("end of response"),
            Found::Payload(n) => format!("{n} raw bytes"),
        };
        ParseError {
            line: e.line,
            field: e.field,
            expected,
            found: found.escape_debug().to_string(),
        }
    }
}

/// A typed reader over the fields of one line; errors name the line and field.
#[derive(Clone, Debug)]
pub struct Cursor<'a> {
    fields: Fields<'a>,
    line_no: usize,
    index: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over `line`, which must start with `prefix:`; `line_no` is 1-based.
    #[inline]
    pub fn new(
        line: &'a str,
        prefix: &'static str,
        line_no: usize,
    ) -> Result<Self, FieldError<'a>> {
        match Self::try_new(line, prefix) {
            Some(mut c) => {
                c.line_no = line_no;
                Ok(c)
            }
            None => Err(FieldError {
                line: line_no,
                field: None,
                expected: Expected::Str(prefix),
                found: Found::Line(line),
            }),
        }
    }

    /// A cursor if `line` starts with `prefix:` (for matching, line number 0).
    #[inline]
    pub fn try_new(line: &'a str, prefix: &str) -> Option<Self> {
        Some(Cursor {
            fields: Fields::new(line_prefix(line, prefix)?),
            line_no: 0,
            index: 0,
        })
    }

    #[inline]
    fn next_raw(&mut self) -> Option<RawField<'a>> {
        self.index += 1;
        self.fields.next()
    }

    #[inline]
    fn error(&self, expected: Expected, found: Option<RawField<'a>>) -> FieldError<'a> {
        FieldError {
            line: self.line_no,
            field: Some(self.index),
            expected,
            found: found.map_or(Found::EndOfLine, Found::Field),
        }
    }

    /// A required field converted by `convert`.
    #[inline]
    pub fn field<T>(
        &mut self,
        expected: &'static str,
        convert: impl FnOnce(RawField<'a>) -> Option<T>,
    ) -> Result<T, FieldError<'a>> {
        let raw = self.next_raw();
        match raw.and_then(convert) {
            Some(v) => Ok(v),
            None => Err(self.error(Expected::Text(expected), raw)),
        }
    }

    /// An optional non-string field (integer, enum, code): missing, blank
    /// (`a,,c`) or an empty quoted `""` gives `None`.
    #[inline]
    pub fn opt_field<T>(
        &mut self,
        expected: &'static str,
        convert: impl FnOnce(RawField<'a>) -> Option<T>,
    ) -> Result<Option<T>, FieldError<'a>> {
        match self.next_raw() {
            None => Ok(None),
            Some(raw) if raw.text.is_empty() => Ok(None),
            Some(raw) => match convert(raw) {
                Some(v) => Ok(Some(v)),
                None => Err(self.error(Expected::Text(expected), Some(raw))),
            },
        }
    }

    /// A required integer that fits `T`.
    #[inline]
    pub fn int<T: TryFrom<i64>>(&mut self, expected: &'static str) -> Result<T, FieldError<'a>> {
        self.int_map(expected, |v| T::try_from(v).ok())
    }

    /// A required integer field converted by `convert` (e.g. an integer
    /// enum's `from_value`); a bare decimal takes a fast path.
    #[inline]
    pub fn int_map<T>(
        &mut self,
        expected: &'static str,
        convert: impl Fn(i64) -> Option<T>,
    ) -> Result<T, FieldError<'a>> {
        if let Some((v, after)) = self.fields.peek_plain_int() {
            if let Some(v) = convert(v) {
                self.fields.skip_to(after);
                self.index += 1;
                return Ok(v);
            }
        }
        self.field(expected, |f| f.as_i64().and_then(&convert))
    }

    /// An optional integer that fits `T`.
    #[inline]
    pub fn opt_int<T: TryFrom<i64>>(
        &mut self,
        expected: &'static str,
    ) -> Result<Option<T>, FieldError<'a>> {
        self.opt_field(expected, |f| f.as_i64().and_then(|v| T::try_from(v).ok()))
    }

    /// A required string (quoted or not).
    #[inline]
    pub fn string(&mut self) -> Result<String, FieldError<'a>> {
        self.str_field().map(str::to_owned)
    }

    /// An optional string: missing or blank (`a,,c`) gives `None`, an empty
    /// quoted `""` gives `Some("")`.
    #[inline]
    pub fn opt_string(&mut self) -> Result<Option<String>, FieldError<'a>> {
        self.opt_str_field().map(|s| s.map(str::to_owned))
    }

    /// A required string (quoted or not), borrowed from the line.
    #[inline]
    pub fn str_field(&mut self) -> Result<&'a str, FieldError<'a>> {
        match self.next_raw() {
            Some(raw) => Ok(raw.text),
            None => Err(self.error(Expected::Text("a string"), None)),
        }
    }

    /// An optional string borrowed from the line: missing or blank (`a,,c`)
    /// gives `None`, an empty quoted `""` gives `Some("")`.
    #[inline]
    pub fn opt_str_field(&mut self) -> Result<Option<&'a str>, FieldError<'a>> {
        Ok(self
            .next_raw()
            .filter(|raw| !raw.is_blank())
            .map(|raw| raw.text))
    }

    /// A literal integer that must be here.
    #[inline]
    pub fn literal_int(&mut self, value: i64) -> Result<(), FieldError<'a>> {
        let raw = self.next_raw();
        if raw.and_then(|f| f.as_i64()) == Some(value) {
            Ok(())
        } else {
            Err(self.error(Expected::Int(value), raw))
        }
    }

    /// A literal string that must be here (quotes optional).
    #[inline]
    pub fn literal_str(&mut self, value: &'static str) -> Result<(), FieldError<'a>> {
        let raw = self.next_raw();
        if raw.map(|f| f.text) == Some(value) {
            Ok(())
        } else {
            Err(self.error(Expected::Str(value), raw))
        }
    }

    /// Whether the next field is the integer `value` (consumes it).
    #[inline]
    pub fn is_int(&mut self, value: i64) -> bool {
        self.next_raw().and_then(|f| f.as_i64()) == Some(value)
    }

    /// Whether the next field is the string `value` (consumes it).
    #[inline]
    pub fn is_str(&mut self, value: &str) -> bool {
        self.next_raw().map(|f| f.text) == Some(value)
    }

    /// Skips `skip` fields, then tells whether the next is the integer `value`.
    #[inline]
    pub fn nth_is_int(&mut self, skip: usize, value: i64) -> bool {
        for _ in 0..skip {
            self.next_raw();
        }
        self.is_int(value)
    }

    /// Skips `skip` fields, then tells whether the next is the string `value`.
    #[inline]
    pub fn nth_is_str(&mut self, skip: usize, value: &str) -> bool {
        for _ in 0..skip {
            self.next_raw();
        }
        self.is_str(value)
    }

    /// Skips one field.
    #[inline]
    pub fn skip(&mut self) {
        self.next_raw();
    }

    /// The rest of the line verbatim (a `text` field).
    #[inline]
    pub fn rest(&mut self) -> String {
        self.rest_str().to_owned()
    }

    /// The rest of the line verbatim (a `text` field), borrowed from the line.
    #[inline]
    pub fn rest_str(&mut self) -> &'a str {
        self.index += 1;
        let text = self.fields.remainder();
        self.fields = Fields::new("");
        text
    }
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
            texts(r#" 0,"a,b" , "c""#),
            [("0", false), ("a,b", true), ("c", true)]
        );
        assert_eq!(
            texts(" (0,1),(1-16)"),
            [("(0,1)", false), ("(1-16)", false)]
        );
        assert_eq!(texts(r#" "unterminated"#), [("unterminated", true)]);
        assert_eq!(texts(r#" """#), [("", true)]);
    }

    #[test]
    fn cursor_reports_line_and_field() {
        let mut c = Cursor::new("+X: 1,abc", "+X", 3).unwrap();
        assert_eq!(c.int::<u8>("an integer").unwrap(), 1);
        let e = ParseError::from(c.int::<u8>("an integer 0..=255").unwrap_err());
        assert_eq!((e.line, e.field, e.found.as_str()), (3, Some(2), "abc"));
        assert_eq!(e.expected, "an integer 0..=255");
        let e = ParseError::from(c.int::<u8>("x").unwrap_err());
        assert_eq!(e.found, "end of line");
        assert!(Cursor::new("+XY: 1", "+X", 1).is_err());
        assert_eq!(
            field_at("+X:5,6", "+X", 1).and_then(|f| f.as_i64()),
            Some(6)
        );
    }

    proptest::proptest! {
        #[test]
        fn fast_integer_path_agrees_with_the_tokenizer(rest in "[ 0-9,+\"a-]{0,24}") {
            let mut fast = Cursor { fields: Fields::new(&rest), line_no: 1, index: 0 };
            let mut slow = Fields::new(&rest);
            for _ in 0..4 {
                let want = slow.next().and_then(|f| f.as_i64()).and_then(|v| i32::try_from(v).ok());
                let got = fast.int::<i32>("an integer").ok();
                proptest::prop_assert_eq!(got, want, "{:?}", rest);
            }
        }
    }

    #[test]
    fn optional_fields_empty_and_quoted_empty() {
        let mut c = Cursor::new(r#"+X: ,"", ,"",a"#, "+X", 1).unwrap();
        assert_eq!(c.opt_str_field(), Ok(None), "blank");
        assert_eq!(c.opt_str_field(), Ok(Some("")), "quoted empty string");
        assert_eq!(c.opt_int::<u8>("an integer"), Ok(None), "spaces only");
        assert_eq!(
            c.opt_int::<u8>("an integer"),
            Ok(None),
            "quoted empty integer"
        );
        assert_eq!(c.opt_str_field(), Ok(Some("a")));
        assert_eq!(c.opt_str_field(), Ok(None), "left off at the end");
        assert_eq!(
            c.opt_int::<u8>("an integer"),
            Ok(None),
            "left off at the end"
        );
    }

    #[test]
    fn furthest_failure_wins_and_later_on_a_tie() {
        let at = |field: Option<usize>, found: &'static str| FieldError {
            line: 1,
            field,
            expected: Expected::Text("x"),
            found: Found::Line(found),
        };
        assert_eq!(at(Some(2), "a").further(at(Some(1), "b")), at(Some(2), "a"));
        assert_eq!(at(Some(1), "a").further(at(Some(1), "b")), at(Some(1), "b"));
        assert_eq!(at(None, "a").further(at(None, "b")), at(None, "b"));
        assert_eq!(at(Some(1), "a").further(at(None, "b")), at(Some(1), "a"));
    }

    #[test]
    fn counted_payload_length_is_checked() {
        use crate::ResponseLine::{Line, Payload};
        let lines = [Line("+X: 3".into()), Payload(b"abc".to_vec())];
        assert_eq!(counted_payload_at(&lines, 1, 3), Ok(b"abc".to_vec()));
        for n in [2, 4, -3] {
            let e = ParseError::from(counted_payload_at(&lines, 1, n).unwrap_err());
            assert_eq!((e.line, e.found.as_str()), (2, "3 raw bytes"));
            assert_eq!(e.expected, format!("{n} raw bytes, as the line announced"));
        }
        let e = ParseError::from(counted_payload_at(&lines, 0, 3).unwrap_err());
        assert_eq!(e.found, "+X: 3");
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
