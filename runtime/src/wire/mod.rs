//! Wire-level helpers the generated code calls: field splitting, quoting,
//! validation of bounded strings, and the parse error type.

use std::fmt;

mod checks;
mod clauses;
mod cursor;
mod encode;
mod field_error;
mod fields;
mod line_type;
mod response_lines;
mod secret;
mod validate;

pub use checks::{checked_string, in_range};
pub use clauses::{Clause, MAX_CLAUSES};
pub use cursor::Cursor;
pub use encode::{push_hex, push_int, push_str, to_hex, ParamWriter};
pub use field_error::{Expected, FieldError, Found};
pub use fields::{field_at, line_key, line_prefix, payload_len, Fields, RawField};
pub use line_type::{
    has_prefix, parse_optional, parse_repeated, unrecognised_or, Alternatives, LineType, Parsed,
    ReadFields, ResponseShape,
};
pub use response_lines::{
    counted_payload_at, expect_end, line_at, payload_at, text_from, try_line_at,
};
pub use secret::{mask_fields_from, Secret, MASK};
pub use validate::{
    check_hex, check_range, check_str, wire_forbidden, Charset, StrRules, ValidationError,
    ValidationErrorKind,
};

/// Why a response or URC line could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based index of the offending line within the response (0: not line-specific).
    pub line: usize,
    /// 1-based index of the offending field within the line, if any.
    pub field: Option<usize>,
    /// What was expected.
    pub expected: String,
    /// What was found instead (escaped).
    pub found: String,
}

impl ParseError {
    /// An error at `line` (1-based), optionally at `field` (1-based); `found` is escaped.
    #[cold]
    pub fn new(line: usize, field: Option<usize>, expected: &str, found: &str) -> Self {
        ParseError {
            line,
            field,
            expected: expected.to_owned(),
            found: found.escape_debug().to_string(),
        }
    }

    /// The same error attributed to line `line` (1-based) of a response.
    pub fn on_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(field) = self.field {
            write!(f, ", field {field}")?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

impl std::error::Error for ParseError {}
