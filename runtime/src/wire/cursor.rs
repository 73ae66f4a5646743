//! A typed reader over the fields of one line.

use super::field_error::{Expected, FieldError, Found};
use super::fields::{line_prefix, Fields, RawField};

/// A typed reader over the fields of one line; errors name the line and field.
#[derive(Clone, Debug)]
pub struct Cursor<'a> {
    fields: Fields<'a>,
    line_no: usize,
    index: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over `line`, which must start with `prefix:`; `line_no` is 1-based.
    #[inline(always)]
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
            None => Err(prefix_error(line, prefix, line_no)),
        }
    }

    /// A cursor if `line` starts with `prefix:` (for matching, line number 0).
    #[inline(always)]
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

    /// The next field, or the failure of a malformed one (text after its
    /// closing quote, an unterminated quote: see [`Fields::malformed`]).
    #[inline]
    fn next_checked(&mut self) -> Result<Option<RawField<'a>>, FieldError<'a>> {
        let raw = self.next_raw();
        if self.fields.malformed() {
            return Err(self.error(Expected::Text(WELL_FORMED), raw));
        }
        Ok(raw)
    }

    /// The failure of the current field (cold: built only on a failed parse).
    #[cold]
    #[inline(never)]
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
        let raw = self.next_checked()?;
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
        match self.next_checked()? {
            None => Ok(None),
            Some(raw) if raw.text.is_empty() => Ok(None),
            Some(raw) => match convert(raw) {
                Some(v) => Ok(Some(v)),
                None => Err(self.error(Expected::Text(expected), Some(raw))),
            },
        }
    }

    /// A required integer that fits `T`.
    #[inline(always)]
    pub fn int<T: TryFrom<i64>>(&mut self, expected: &'static str) -> Result<T, FieldError<'a>> {
        self.int_map(expected, |v| T::try_from(v).ok())
    }

    /// A required integer field converted by `convert` (e.g. an integer
    /// enum's `from_value`); a bare decimal takes a fast path.
    #[inline(always)]
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
        self.int_map_slow(expected, convert)
    }

    /// [`Cursor::int_map`] off its fast path: a quoted or signed integer, or
    /// a failure (kept out of line so the fast path inlines small).
    #[cold]
    #[inline(never)]
    fn int_map_slow<T>(
        &mut self,
        expected: &'static str,
        convert: impl Fn(i64) -> Option<T>,
    ) -> Result<T, FieldError<'a>> {
        self.field(expected, |f| f.as_i64().and_then(&convert))
    }

    /// A required integer within `min..=max` (the field's declared range)
    /// that fits `T`; a value outside the range fails like a non-integer.
    #[inline(always)]
    pub fn int_in<T: TryFrom<i64>>(
        &mut self,
        expected: &'static str,
        min: i64,
        max: i64,
    ) -> Result<T, FieldError<'a>> {
        self.int_map(expected, |v| in_range(v, min, max))
    }

    /// An optional integer within `min..=max` that fits `T` (missing, blank
    /// or `""` gives `None`).
    #[inline]
    pub fn opt_int_in<T: TryFrom<i64>>(
        &mut self,
        expected: &'static str,
        min: i64,
        max: i64,
    ) -> Result<Option<T>, FieldError<'a>> {
        self.opt_field(expected, |f| f.as_i64().and_then(|v| in_range(v, min, max)))
    }

    /// Succeeds if every field of the line has been read: a line that
    /// matches only by dropping fields is not a match (a line shape that
    /// allows more fields reads them with [`Cursor::rest_fields`]).
    #[inline(always)]
    pub fn end(&mut self) -> Result<(), FieldError<'a>> {
        if self.fields.is_done() {
            return Ok(());
        }
        self.left_over()
    }

    /// The failure of [`Cursor::end`]: the first field left over.
    #[cold]
    #[inline(never)]
    fn left_over(&mut self) -> Result<(), FieldError<'a>> {
        let raw = self.next_raw();
        Err(self.error(Expected::End, raw))
    }

    /// The fields not read yet (a line shape ending in `...`); afterwards the
    /// line counts as fully read.
    #[inline]
    pub fn rest_fields(&mut self) -> Fields<'a> {
        std::mem::replace(&mut self.fields, Fields::new(""))
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

    /// A quoted next field ending at a comma or the end of the line, read
    /// without the general splitter (`None`: nothing was read).
    #[inline(always)]
    fn quoted_fast(&mut self) -> Option<&'a str> {
        let (text, after) = self.fields.peek_quoted()?;
        self.fields.skip_to(after);
        self.index += 1;
        Some(text)
    }

    /// A required string (quoted or not), borrowed from the line.
    #[inline]
    pub fn str_field(&mut self) -> Result<&'a str, FieldError<'a>> {
        if let Some(text) = self.quoted_fast() {
            return Ok(text);
        }
        match self.next_checked()? {
            Some(raw) => Ok(raw.text),
            None => Err(self.error(Expected::Text("a string"), None)),
        }
    }

    /// A required string (quoted or not) that `ok` accepts (a response
    /// field with a required prefix); otherwise the field fails, naming
    /// `expected`.
    #[inline]
    pub fn str_field_if(
        &mut self,
        expected: &'static str,
        ok: impl FnOnce(&str) -> bool,
    ) -> Result<&'a str, FieldError<'a>> {
        match self.next_checked()? {
            Some(raw) if ok(raw.text) => Ok(raw.text),
            raw => Err(self.error(Expected::Text(expected), raw)),
        }
    }

    /// An optional string borrowed from the line: missing or blank (`a,,c`)
    /// gives `None`, an empty quoted `""` gives `Some("")`.
    #[inline]
    pub fn opt_str_field(&mut self) -> Result<Option<&'a str>, FieldError<'a>> {
        if let Some(text) = self.quoted_fast() {
            return Ok(Some(text));
        }
        Ok(self
            .next_checked()?
            .filter(|raw| !raw.is_blank())
            .map(|raw| raw.text))
    }

    /// A literal integer that must be here.
    #[inline]
    pub fn literal_int(&mut self, value: i64) -> Result<(), FieldError<'a>> {
        let raw = self.next_checked()?;
        if raw.and_then(|f| f.as_i64()) == Some(value) {
            Ok(())
        } else {
            Err(self.error(Expected::Int(value), raw))
        }
    }

    /// A literal string that must be here (quotes optional).
    #[inline]
    pub fn literal_str(&mut self, value: &'static str) -> Result<(), FieldError<'a>> {
        let raw = self.next_checked()?;
        if raw.map(|f| f.text) == Some(value) {
            Ok(())
        } else {
            Err(self.error(Expected::Str(value), raw))
        }
    }

    /// A constant word that must start the next field, followed by a space
    /// or the end of the line (`BAD RCPT` of `+SMTP: BAD RCPT <address>`);
    /// the text after the space is read as the next field.
    #[inline]
    pub fn literal_word(&mut self, word: &'static str) -> Result<(), FieldError<'a>> {
        match self.fields.after_word(word) {
            Some(rest) => {
                self.fields = rest;
                Ok(())
            }
            None => {
                let raw = self.fields.clone().next();
                self.index += 1;
                let e = self.error(Expected::Str(word), raw);
                self.index -= 1;
                Err(e)
            }
        }
    }

    /// Skips `skip` fields, then tells whether the next starts with the word
    /// `value` (consumes the word, as [`Cursor::literal_word`]).
    #[inline]
    pub fn nth_is_word(&mut self, skip: usize, value: &str) -> bool {
        for _ in 0..skip {
            self.next_raw();
        }
        match self.fields.after_word(value) {
            Some(rest) => {
                self.fields = rest;
                true
            }
            None => false,
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

    /// The rest of the line (a `text` field with limits, `text printable
    /// max 70`) if `ok` accepts it; otherwise the field fails, naming
    /// `expected` and the text found.
    #[inline]
    pub fn rest_str_if(
        &mut self,
        expected: &'static str,
        ok: impl FnOnce(&str) -> bool,
    ) -> Result<&'a str, FieldError<'a>> {
        let text = self.rest_str();
        if ok(text) {
            return Ok(text);
        }
        let found = RawField {
            text,
            quoted: false,
        };
        Err(self.error(Expected::Text(expected), Some(found)))
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

/// What a malformed field was expected to be.
const WELL_FORMED: &str = "a comma or the end of the line after the closing quote";

/// The failure of [`Cursor::new`]: `line` does not start with `prefix:`.
#[cold]
#[inline(never)]
fn prefix_error<'a>(line: &'a str, prefix: &'static str, line_no: usize) -> FieldError<'a> {
    FieldError {
        line: line_no,
        field: None,
        expected: Expected::Str(prefix),
        found: Found::Line(line),
    }
}

/// `v` as a `T` if it lies in `min..=max`.
#[inline]
fn in_range<T: TryFrom<i64>>(v: i64, min: i64, max: i64) -> Option<T> {
    if (min..=max).contains(&v) {
        T::try_from(v).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{field_at, ParseError};

    #[test]
    fn rest_with_limits_fails_the_field() {
        let mut c = Cursor::new("+U: 1,abc def", "+U", 2).unwrap();
        c.skip();
        let err = c
            .rest_str_if("1-70 printable", |t| !t.contains(' '))
            .unwrap_err();
        assert_eq!(err.field, Some(2));
        let mut c = Cursor::new("+U: 1,abc", "+U", 2).unwrap();
        c.skip();
        assert_eq!(
            c.rest_str_if("1-70 printable", |t| !t.contains(' ')),
            Ok("abc")
        );
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
        fn fast_i64_path_agrees_with_the_tokenizer(rest in "-?[0-9]{17,20}(, ?-?[0-9]{17,20})?") {
            let mut fast = Cursor { fields: Fields::new(&rest), line_no: 1, index: 0 };
            let mut slow = Fields::new(&rest);
            for _ in 0..3 {
                let want = slow.next().and_then(|f| f.as_i64());
                proptest::prop_assert_eq!(fast.int::<i64>("an integer").ok(), want, "{:?}", rest);
            }
        }

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

    proptest::proptest! {
        #[test]
        fn fast_string_path_agrees_with_the_tokenizer(rest in "[ ,\"a(é]{0,24}") {
            let mut fast = Cursor { fields: Fields::new(&rest), line_no: 1, index: 0 };
            let mut slow = Fields::new(&rest);
            for n in 0..5 {
                let want = slow.next().filter(|_| !slow.malformed());
                let got = if n % 2 == 0 {
                    fast.str_field().ok()
                } else {
                    fast.opt_str_field().ok().flatten()
                };
                let want = match n % 2 {
                    0 => want.map(|f| f.text),
                    _ => want.filter(|f| !f.is_blank()).map(|f| f.text),
                };
                proptest::prop_assert_eq!(got, want, "{:?}", rest);
                proptest::prop_assert_eq!(fast.index, n + 1);
            }
            proptest::prop_assert_eq!(fast.fields.is_done(), slow.clone().next().is_none());
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
    fn declared_ranges_are_checked_while_parsing() {
        let mut c = Cursor::new("+X: 0,61,5,,7", "+X", 1).unwrap();
        let e = ParseError::from(c.int_in::<u8>("an integer 1..=10", 1, 10).unwrap_err());
        assert_eq!((e.field, e.found.as_str()), (Some(1), "0"));
        assert_eq!(c.int_in::<u8>("an integer 1..=61", 1, 61), Ok(61));
        let e = ParseError::from(c.opt_int_in::<u8>("an integer 6..=9", 6, 9).unwrap_err());
        assert_eq!((e.field, e.found.as_str()), (Some(3), "5"));
        assert_eq!(c.opt_int_in::<u8>("an integer 6..=9", 6, 9), Ok(None));
        assert_eq!(c.opt_int_in::<u8>("an integer 6..=9", 6, 9), Ok(Some(7)));
        assert_eq!(c.end(), Ok(()));
    }

    #[test]
    fn a_line_with_fields_left_over_does_not_end() {
        let mut c = Cursor::new("+X: 1,1,xxxx", "+X", 2).unwrap();
        assert_eq!(c.int::<u8>("an integer"), Ok(1));
        assert_eq!(c.int::<u8>("an integer"), Ok(1));
        let e = ParseError::from(c.end().unwrap_err());
        assert_eq!((e.line, e.field), (2, Some(3)));
        assert_eq!(
            (e.expected.as_str(), e.found.as_str()),
            ("no further field", "xxxx")
        );
        // An empty trailing field is a field too.
        let mut c = Cursor::new("+X: 1,", "+X", 1).unwrap();
        assert_eq!(c.int::<u8>("an integer"), Ok(1));
        assert!(c.end().is_err());
        let mut c = Cursor::new("+X: 1,abc,\"d,e\"", "+X", 1).unwrap();
        assert_eq!(c.int::<u8>("an integer"), Ok(1));
        let rest: Vec<&str> = c.rest_fields().map(|f| f.text).collect();
        assert_eq!(rest, ["abc", "d,e"]);
        assert_eq!(c.end(), Ok(()));
        let mut c = Cursor::new("+X: tail text", "+X", 1).unwrap();
        assert_eq!(c.rest_str(), "tail text");
        assert_eq!(c.end(), Ok(()));
        let mut c = Cursor::new("+X", "+X", 1).unwrap();
        assert_eq!(c.end(), Ok(()));
    }

    #[test]
    fn a_word_then_a_value_in_one_field() {
        let mut c = Cursor::new("+SMTP: BAD RCPT nobody@server.com", "+SMTP", 1).unwrap();
        assert_eq!(c.literal_word("BAD RCPT"), Ok(()));
        assert_eq!(c.rest_str(), "nobody@server.com");
        assert_eq!(c.end(), Ok(()));
        let mut c = Cursor::new("+SMTP: BAD RCPT", "+SMTP", 1).unwrap();
        assert_eq!(c.literal_word("BAD RCPT"), Ok(()));
        assert_eq!(c.opt_str_field(), Ok(None), "no address");
        for line in [
            "+SMTP: BAD RCPTS x",
            "+SMTP: SUCCESS",
            "+SMTP: BAD RCPT,x",
            "+SMTP:",
        ] {
            let mut c = Cursor::new(line, "+SMTP", 1).unwrap();
            let e = ParseError::from(c.literal_word("BAD RCPT").unwrap_err());
            assert_eq!(
                (e.field, e.expected.as_str()),
                (Some(1), "\"BAD RCPT\""),
                "{line}"
            );
            let mut c = Cursor::try_new(line, "+SMTP").unwrap();
            assert!(!c.nth_is_word(0, "BAD RCPT"), "{line}");
        }
        let mut c = Cursor::try_new("+SMTP: 1, BAD RCPT a@b", "+SMTP").unwrap();
        assert!(c.nth_is_word(1, "BAD RCPT"));
        assert_eq!(c.str_field(), Ok("a@b"));
    }
}
