//! The common bodies of generated response types: one borrowed read per line
//! shape ([`LineType`]) and the parse and claim of a whole response
//! ([`ResponseShape`]). The generator emits the data (prefixes, the read,
//! the build of the owned value); everything else is a default here.

use super::field_error::{Expected, FieldError, Found};
use super::fields::line_prefix;
use super::response_lines::{expect_end, line_at, try_line_at};
use super::ParseError;
use crate::{Claim, ResponseLine};

/// The result of reading a line: the value, or the cheap error of the
/// first field that failed.
pub type Parsed<'a, T> = Result<T, FieldError<'a>>;

/// The result of [`LineType::read`] for `T`: its values borrowed from the
/// line, or the error of the first field that failed.
pub type ReadFields<'a, T> = Parsed<'a, <T as LineType>::Fields<'a>>;

/// A generated information-line type of a command's response.
///
/// The generator emits [`LineType::PREFIXES`], [`LineType::EXPECTED`], one
/// [`LineType::read`] of the line into borrowed values and the
/// [`LineType::build`] of the owned value (or [`LineType::build_at`] for a
/// line followed by a payload); parsing and the strict claim are
/// the trait's, so both run the same read (the claim allocates nothing).
pub trait LineType: Sized {
    /// The line's values borrowed from it (strings as `&str`), as
    /// [`LineType::read`] gives them.
    type Fields<'a>;
    /// The line prefixes (without colon) of the type's shapes, without
    /// repeats: a line with one of them that reads as none of the shapes is
    /// [`Claim::Unrecognised`].
    const PREFIXES: &'static [&'static str];
    /// What is expected where such a line is missing (``a `+X:` line``).
    const EXPECTED: &'static str;

    /// Reads every field of `line` (1-based `line_no` for errors, 0 when
    /// only asked whether it parses); the first failed field is the error.
    fn read(line: &str, line_no: usize) -> Result<Self::Fields<'_>, FieldError<'_>>;
    /// The owned value from the values of its line; `None` for a line that
    /// announces a payload, which only [`LineType::build_at`] reads.
    fn build(fields: Self::Fields<'_>) -> Option<Self>;
    /// The owned value from the values of the line at `*pos - 1`, reading
    /// the payload that follows it (and advancing `pos` past it), if any.
    ///
    /// Default (lines without payload): [`LineType::build`]; where that
    /// gives `None`, the error that the payload is missing.
    #[inline]
    fn build_at<'a>(
        fields: Self::Fields<'a>,
        lines: &'a [ResponseLine],
        pos: &mut usize,
    ) -> Result<Self, FieldError<'a>> {
        let _ = lines;
        Self::build(fields).ok_or_else(|| missing_payload(*pos))
    }

    /// Whether `line` has this shape (prefix and constant fields; its other
    /// fields may still fail to parse): decides whether an optional or
    /// repeated line is there.
    ///
    /// Default (shapes without constant fields): `line` starts with one of
    /// [`LineType::PREFIXES`] and a colon.
    #[inline]
    fn matches(line: &str) -> bool {
        has_prefix(line, Self::PREFIXES)
    }
    /// The claim of a line of this shape (a struct's: its only shape).
    ///
    /// Default: [`Claim::Mine`]; a line that announces a counted payload
    /// says how many bytes follow (or, for a URC, that it announces more
    /// than the count's declared maximum).
    #[inline]
    fn line_claim(_line: &str) -> Claim {
        Claim::Mine
    }
    /// The claim of `line`, which read as `fields`.
    ///
    /// Default: [`LineType::line_claim`]; a `one_of` type with a counted
    /// payload gives the claim of the alternative that read the line.
    #[inline]
    fn claim_read(line: &str, _fields: &Self::Fields<'_>) -> Claim {
        Self::line_claim(line)
    }
    /// The claim of a line that has this shape (prefix and constants) but
    /// may not read; `None` if it has none of the shapes.
    ///
    /// Default: [`LineType::line_claim`] if [`LineType::matches`]; a
    /// `one_of` type with a counted payload gives the claim of the first
    /// alternative whose shape the line has.
    #[inline]
    fn shape_claim(line: &str) -> Option<Claim> {
        Self::matches(line).then(|| Self::line_claim(line))
    }

    /// Parses the line at `*pos` (and its payload), advancing `pos`.
    #[inline]
    fn parse_at<'a>(lines: &'a [ResponseLine], pos: &mut usize) -> Result<Self, FieldError<'a>> {
        let line = line_at(lines, *pos, Self::EXPECTED)?;
        let fields = Self::read(line, *pos + 1)?;
        *pos += 1;
        Self::build_at(fields, lines, pos)
    }
    /// How `line` is claimed if it reads completely as this type (every
    /// field read as its type); `None` otherwise.
    #[inline]
    fn parsed_claim(line: &str) -> Option<Claim> {
        let fields = Self::read(line, 0).ok()?;
        Some(Self::claim_read(line, &fields))
    }
    /// How a line is claimed as a URC: as the first shape that reads it,
    /// else as the first whose shape it has (so that its parse error is
    /// reported), else not at all.
    #[inline]
    fn claim_line(line: &str) -> Option<Claim> {
        Self::parsed_claim(line).or_else(|| Self::shape_claim(line))
    }
    /// Parses one line on its own (a URC or a data-phase result line);
    /// the error is cheap and borrows from the line.
    #[inline]
    fn parse_fields(line: &str) -> Parsed<'_, Self> {
        let fields = Self::read(line, 1)?;
        Self::build_at(fields, &[], &mut 0)
    }
    /// Parses one line on its own (see [`LineType::parse_fields`]).
    fn parse_line(line: &str) -> Result<Self, ParseError> {
        Ok(Self::parse_fields(line)?)
    }
}

/// The error of a line whose payload is not there (response line `pos`,
/// 0-based, is where it should be).
#[cold]
fn missing_payload(pos: usize) -> FieldError<'static> {
    FieldError {
        line: pos + 1,
        field: None,
        expected: Expected::Text("the payload the line announces"),
        found: Found::EndOfResponse,
    }
}

/// Whether `line` starts with one of `prefixes` and a colon.
#[inline]
pub fn has_prefix(line: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| line_prefix(line, p).is_some())
}

/// The claim of a command for `line` when none of its shapes read it:
/// [`Claim::Unrecognised`] if it has one of the command's own `prefixes`,
/// else `otherwise`.
#[inline]
pub fn unrecognised_or(line: &str, prefixes: &[&str], otherwise: Claim) -> Claim {
    if has_prefix(line, prefixes) {
        Claim::Unrecognised
    } else {
        otherwise
    }
}

/// The read of a `one_of` line, one alternative after another: the values
/// of the first that reads the whole line; if none does, the error of the
/// attempt that got furthest, or, if no prefix matched, the line against
/// every alternative.
///
/// `Alternatives::new(line, line_no).or(read_1).or(read_2).end(expected)`.
#[must_use = "the read is only finished by `end`"]
pub struct Alternatives<'a, F> {
    line: &'a str,
    line_no: usize,
    /// The values read, or the furthest miss so far.
    state: Result<F, Option<FieldError<'a>>>,
}

impl<'a, F> Alternatives<'a, F> {
    /// No alternative tried yet on `line` (1-based `line_no` for errors).
    #[inline]
    pub fn new(line: &'a str, line_no: usize) -> Self {
        Alternatives {
            line,
            line_no,
            state: Err(None),
        }
    }
    /// Tries `read` unless an earlier alternative read the line.
    #[inline]
    pub fn or(mut self, read: impl FnOnce(&'a str, usize) -> Parsed<'a, F>) -> Self {
        if let Err(miss) = self.state {
            self.state = read(self.line, self.line_no).map_err(|e| match miss {
                Some(m) => Some(m.further(e)),
                None => Some(e),
            });
        }
        self
    }
    /// The values of the alternative that read the line, or the error
    /// (`expected` describes every alternative).
    #[inline]
    pub fn end(self, expected: &'static str) -> Parsed<'a, F> {
        self.state
            .map_err(|miss| no_alternative(miss, self.line, self.line_no, expected))
    }
}

/// The error of a `one_of` line none of whose alternatives read it: the
/// attempt that got furthest (`miss`), unless it failed on the prefix (or
/// there was none): then the line against every alternative (`expected`).
#[cold]
fn no_alternative<'a>(
    miss: Option<FieldError<'a>>,
    line: &'a str,
    line_no: usize,
    expected: &'static str,
) -> FieldError<'a> {
    match miss {
        Some(miss) if miss.field.is_some() => miss,
        _ => FieldError {
            line: line_no,
            field: None,
            expected: Expected::Text(expected),
            found: Found::Line(line),
        },
    }
}

/// The line at `*pos` as a `T` if it has `T`'s shape (advancing `pos`),
/// else `None`: an optional response line.
#[inline]
pub fn parse_optional<'a, T: LineType>(
    lines: &'a [ResponseLine],
    pos: &mut usize,
) -> Result<Option<T>, FieldError<'a>> {
    if try_line_at(lines, *pos).is_some_and(T::matches) {
        T::parse_at(lines, pos).map(Some)
    } else {
        Ok(None)
    }
}

/// Every line from `*pos` on that has `T`'s shape, as `T`s (advancing
/// `pos`): a repeated response line. The vector is sized once, and not
/// allocated when no such line comes.
#[inline]
pub fn parse_repeated<'a, T: LineType>(
    lines: &'a [ResponseLine],
    pos: &mut usize,
) -> Result<Vec<T>, FieldError<'a>> {
    let next = |pos: usize| try_line_at(lines, pos).is_some_and(T::matches);
    if !next(*pos) {
        return Ok(Vec::new());
    }
    let mut items = Vec::with_capacity(lines.len().saturating_sub(*pos));
    while next(*pos) {
        items.push(T::parse_at(lines, pos)?);
    }
    Ok(items)
}

/// The typed answer of a command with one response clause (or none), so
/// that its `parse_response` and `claim` are one call: implemented for `()`
/// (no information line), any [`LineType`] `T` (exactly one line),
/// `Option<T>` (an optional line) and `Vec<T>` (repeated lines).
pub trait ResponseShape: Sized {
    /// Parses the whole response: its lines, then nothing else.
    fn parse_lines(lines: &[ResponseLine]) -> Result<Self, ParseError>;
    /// The strict claim: the type's claim of a line it reads completely,
    /// [`Claim::Unrecognised`] for another line with one of its prefixes,
    /// else [`Claim::NotMine`].
    fn claim(line: &str) -> Claim;
    /// Parses the whole response when the request decides whether its line
    /// comes (spec: `response optional … when absent(p)`): with `expected`
    /// the line must come, without it no line may.
    ///
    /// Default (shapes the request does not decide): [`ResponseShape::parse_lines`].
    fn parse_expected(lines: &[ResponseLine], expected: bool) -> Result<Self, ParseError> {
        let _ = expected;
        Self::parse_lines(lines)
    }
}

impl ResponseShape for () {
    #[inline]
    fn parse_lines(lines: &[ResponseLine]) -> Result<Self, ParseError> {
        Ok(expect_end(lines, 0, None)?)
    }
    fn claim(_line: &str) -> Claim {
        Claim::NotMine
    }
}

/// The strict claim of a response made of `T` lines.
#[inline]
fn claim_as<T: LineType>(line: &str) -> Claim {
    match T::parsed_claim(line) {
        Some(claim) => claim,
        None => unrecognised_or(line, T::PREFIXES, Claim::NotMine),
    }
}

/// The whole response read by `read` from its first line, then nothing
/// else (a line left over is an error).
#[inline]
fn whole<'a, R>(
    lines: &'a [ResponseLine],
    read: impl FnOnce(&'a [ResponseLine], &mut usize) -> Result<R, FieldError<'a>>,
) -> Result<R, ParseError> {
    let mut pos = 0;
    let value = read(lines, &mut pos)?;
    expect_end(lines, pos, None)?;
    Ok(value)
}

impl<T: LineType> ResponseShape for T {
    #[inline]
    fn parse_lines(lines: &[ResponseLine]) -> Result<Self, ParseError> {
        whole(lines, T::parse_at)
    }
    #[inline]
    fn claim(line: &str) -> Claim {
        claim_as::<T>(line)
    }
}

impl<T: LineType> ResponseShape for Option<T> {
    #[inline]
    fn parse_lines(lines: &[ResponseLine]) -> Result<Self, ParseError> {
        whole(lines, parse_optional)
    }
    #[inline]
    fn parse_expected(lines: &[ResponseLine], expected: bool) -> Result<Self, ParseError> {
        match expected {
            true => whole(lines, |lines, pos| T::parse_at(lines, pos).map(Some)),
            false => whole(lines, |_, _| Ok(None)),
        }
    }
    #[inline]
    fn claim(line: &str) -> Claim {
        claim_as::<T>(line)
    }
}

impl<T: LineType> ResponseShape for Vec<T> {
    #[inline]
    fn parse_lines(lines: &[ResponseLine]) -> Result<Self, ParseError> {
        whole(lines, parse_repeated)
    }
    #[inline]
    fn claim(line: &str) -> Claim {
        claim_as::<T>(line)
    }
}
