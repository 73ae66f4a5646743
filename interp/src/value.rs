//! Typed values read from a command line or a modem line.

use std::fmt;

use at_spec::ir::Literal;
use atspec_runtime::wire::Secret;

/// One typed value, as the spec types it.
///
/// `Display` writes the value for people; secrets always print `***`, in
/// `Display` and in `Debug` (the text is only reachable with [`Secret::expose`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// An integer (`int`).
    Int(i64),
    /// A string (`string`), quotes removed, non-ASCII marker decoded.
    Str(String),
    /// A `secret` string or a `masked` field: never displayed.
    Secret(Secret<String>),
    /// A value of a named enum.
    Enum {
        /// The enum's name (`RcptType`).
        ty: String,
        /// The variant (`Cc`).
        variant: String,
        /// Its value on the wire.
        value: Literal,
    },
    /// A code of a code table; an unknown code keeps its number.
    Code {
        /// The table's name (`SmtpResult`).
        table: String,
        /// The number on the wire.
        code: i64,
        /// The row, when the table lists the code: `(name, meaning)`.
        known: Option<(String, String)>,
    },
    /// The rest of a line, verbatim (`text`).
    Text(String),
    /// A parenthesised range or list such as `(1-16)`, verbatim (`range`).
    Range(String),
    /// An optional parameter or field that was left off or empty.
    Absent,
}

impl Value {
    /// The integer, for `Int`, integer enums and codes.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(v) | Value::Code { code: v, .. } => Some(*v),
            Value::Enum {
                value: Literal::Int(v),
                ..
            } => Some(*v),
            _ => None,
        }
    }

    /// The text, for strings, secrets (exposed!), string enums, text and ranges.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Text(s) | Value::Range(s) => Some(s),
            Value::Secret(s) => Some(s.expose()),
            Value::Enum {
                value: Literal::Str(s),
                ..
            } => Some(s),
            _ => None,
        }
    }

    /// Whether this is [`Value::Absent`].
    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Absent)
    }

    /// The value's type in words (`int`, `string`, `RcptType` ...).
    pub fn type_name(&self) -> &str {
        match self {
            Value::Int(_) => "int",
            Value::Str(_) => "string",
            Value::Secret(_) => "secret",
            Value::Enum { ty, .. } => ty,
            Value::Code { table, .. } => table,
            Value::Text(_) => "text",
            Value::Range(_) => "range",
            Value::Absent => "absent",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Secret(_) => f.write_str("***"),
            Value::Enum { variant, value, .. } => match value {
                Literal::Int(v) => write!(f, "{variant} ({v})"),
                Literal::Str(s) => write!(f, "{variant} ({s:?})"),
            },
            Value::Code { code, known, .. } => match known {
                Some((name, meaning)) => write!(f, "{code} {name} — {meaning}"),
                None => write!(f, "{code} (unknown code)"),
            },
            Value::Text(s) | Value::Range(s) => f.write_str(s),
            Value::Absent => f.write_str("(left off)"),
        }
    }
}

/// A value with the name the spec gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedValue {
    /// Parameter or field name (snake_case).
    pub name: String,
    /// The value.
    pub value: Value,
}

impl NamedValue {
    /// A named value.
    pub fn new(name: impl Into<String>, value: Value) -> Self {
        NamedValue {
            name: name.into(),
            value,
        }
    }
}

impl fmt::Display for NamedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)
    }
}

/// Looks a value up by name in a list of named values.
pub fn lookup<'a>(values: &'a [NamedValue], name: &str) -> Option<&'a Value> {
    values.iter().find(|v| v.name == name).map(|v| &v.value)
}

/// Writes `name=value` pairs separated by `, ` (secrets masked).
pub fn display_list(values: &[NamedValue]) -> String {
    let parts: Vec<String> = values
        .iter()
        .filter(|v| !v.value.is_absent())
        .map(ToString::to_string)
        .collect();
    parts.join(", ")
}
