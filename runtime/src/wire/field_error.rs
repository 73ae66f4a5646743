//! Cheap parse failures of generated parsers, and their conversion to [`ParseError`].

use super::fields::RawField;
use super::ParseError;

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
    /// The end of the line: every declared field has been read.
    End,
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
    /// one that got further into the line; on a tie, `later`, unless `later`
    /// only found a field left over where `self` found a wrong one (a shape
    /// that stops there says less than one that reads the field). A wrong
    /// prefix (no field) is the least specific.
    #[inline]
    pub fn further(self, later: FieldError<'a>) -> FieldError<'a> {
        let tie = later.field == self.field;
        if tie && later.expected == Expected::End && self.expected != Expected::End {
            self
        } else if later.field >= self.field {
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
            Expected::End => String::from("no further field"),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_field_left_over_is_less_specific_than_a_wrong_field() {
        let at = |expected| FieldError {
            line: 1,
            field: Some(3),
            expected,
            found: Found::EndOfLine,
        };
        let wrong = at(Expected::Text("an integer"));
        assert_eq!(wrong.further(at(Expected::End)), wrong);
        assert_eq!(at(Expected::End).further(wrong), wrong);
        assert_eq!(
            at(Expected::End).further(at(Expected::End)),
            at(Expected::End)
        );
    }
}
