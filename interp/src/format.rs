//! Writing a response or URC line from named values (for simulators).
//!
//! The line is `PREFIX: f1,f2,...` with one space after the colon and none
//! after commas, as the manuals print answers. Quoting follows the wire rule
//! of each type: `string` (and `masked`) quoted unless `unquoted`, string
//! constants quoted, integers, codes and enum values bare (modules print
//! string statuses such as `SUCCESS` bare), `text` and `range` verbatim.
//! Optional fields that are absent leave an empty field, and trailing empty
//! fields are dropped. Every value is checked against its field's type first,
//! so a formatted line always matches its own shape.

use std::fmt;

use at_spec::ir::{Dialect, Field, LineShape, Literal, Quoting, Type};

use crate::line::match_line;
use crate::value::{lookup, NamedValue, Value};

/// Why a line could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The field.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}`: {}", self.field, self.problem)
    }
}

impl std::error::Error for FormatError {}

/// Writes the line of `shape` holding `values` (by field name).
pub fn format_line(
    dialect: &Dialect,
    shape: &LineShape,
    values: &[NamedValue],
) -> Result<String, FormatError> {
    let mut fields: Vec<String> = Vec::new();
    // A constant word shares its wire field with the value after it.
    let mut word: Option<&str> = None;
    for field in &shape.fields {
        let before = fields.len();
        match field {
            Field::Word(w, _) => {
                word = Some(w);
                continue;
            }
            Field::Literal(Literal::Int(i), _) => fields.push(i.to_string()),
            Field::Literal(Literal::Str(s), _) => fields.push(format!("\"{s}\"")),
            Field::Value(v) => {
                let value = lookup(values, &v.name).unwrap_or(&Value::Absent);
                if value.is_absent() {
                    if !v.optional {
                        return Err(err(&v.name, "missing (the field is not optional)"));
                    }
                    fields.push(String::new());
                    if let (Some(w), Some(last)) = (word.take(), fields.last_mut()) {
                        *last = w.to_owned();
                    }
                    continue;
                }
                fields.push(write_value(&v.ty, value).ok_or_else(|| {
                    err(
                        &v.name,
                        &format!("a {} value does not fit this field", value.type_name()),
                    )
                })?);
            }
        }
        if let (Some(w), Some(last)) = (word.take(), fields.get_mut(before)) {
            *last = format!("{w} {last}");
        }
    }
    if let Some(w) = word {
        fields.push(w.to_owned());
    }
    while fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    let line = if fields.is_empty() {
        shape.prefix.clone()
    } else {
        format!("{}: {}", shape.prefix, fields.join(","))
    };
    if let Err(m) = match_line(dialect, shape, &line) {
        return Err(err(
            &shape.prefix,
            &format!("the line would not read back: {m}"),
        ));
    }
    Ok(line)
}

fn err(field: &str, problem: &str) -> FormatError {
    FormatError {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

fn write_value(ty: &Type, value: &Value) -> Option<String> {
    let text = match (ty, value) {
        (Type::Int(_), Value::Int(v)) => v.to_string(),
        (Type::Codes(_), Value::Code { code, .. } | Value::Int(code)) => code.to_string(),
        (Type::Enum(_), Value::Enum { value, .. }) => match value {
            Literal::Int(i) => i.to_string(),
            Literal::Str(s) => s.clone(),
        },
        (Type::Str(s), Value::Str(_) | Value::Secret(_)) => {
            let text = value.as_str()?;
            if bad_char(text, s.quoting == Quoting::Unquoted) {
                return None;
            }
            match s.quoting {
                Quoting::Quoted => format!("\"{text}\""),
                Quoting::Unquoted => text.to_owned(),
            }
        }
        (Type::Masked, Value::Secret(_) | Value::Str(_)) => {
            let text = value.as_str()?;
            if bad_char(text, false) {
                return None;
            }
            format!("\"{text}\"")
        }
        (Type::Text, Value::Text(t) | Value::Str(t)) if !breaks_line(t) => t.clone(),
        (Type::Range, Value::Range(t) | Value::Str(t)) if !breaks_line(t) => t.clone(),
        _ => return None,
    };
    Some(text)
}

/// Characters no line can carry (CR, LF, Ctrl-Z, ESC).
fn breaks_line(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\r' | '\n' | '\u{1a}' | '\u{1b}'))
}

/// Characters a field cannot carry on one line (`"`, CR, LF, Ctrl-Z, ESC; `,` when bare).
fn bad_char(text: &str, unquoted: bool) -> bool {
    text.chars()
        .any(|c| matches!(c, '"' | '\r' | '\n' | '\u{1a}' | '\u{1b}') || (unquoted && c == ','))
}
