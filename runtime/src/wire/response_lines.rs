//! Reading the lines and payloads of a whole response.

use super::field_error::{Expected, FieldError, Found};
use super::fields::line_prefix;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ParseError;

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
}
