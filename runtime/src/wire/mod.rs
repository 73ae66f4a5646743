//! Wire-level helpers the generated code calls: field splitting, quoting,
//! validation of bounded strings, and the parse error type.

use std::fmt;

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
