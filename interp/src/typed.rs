//! One field or parameter read as its spec type.
//!
//! Response fields are read as the generated parsers read them (quotes
//! optional, integers checked against their declared range, unknown codes
//! kept); host parameters as the generated encoders write them (integers and
//! enums bare, strings quoted unless `unquoted`, string rules checked).

use std::fmt;

use at_spec::ir::{Dialect, Literal, Quoting, StrType, Type};
use atspec_runtime::wire::{check_str, Charset as WireCharset, RawField, Secret, StrRules};

use crate::value::Value;

/// Why a field or parameter did not read as its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What the spec wants there.
    pub expected: String,
    /// What was found (a secret's text is never copied here).
    pub found: String,
}

impl Problem {
    /// A problem: `expected` wanted, `found` seen.
    pub fn new(expected: impl Into<String>, found: impl Into<String>) -> Self {
        Problem {
            expected: expected.into(),
            found: found.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {}", self.expected, self.found)
    }
}

/// Where a value is read: decides quoting and which checks apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// A modem line (lenient quoting, as the generated parsers).
    Response,
    /// A host command line (as the generated encoders write it).
    Param,
}

/// How a raw field is shown in a problem.
pub(crate) fn shown(raw: &RawField<'_>, secret: bool) -> String {
    if secret {
        return String::from("a secret value");
    }
    match (raw.quoted, raw.text.is_empty()) {
        (true, _) => format!("\"{}\"", raw.text.escape_debug()),
        (false, true) => String::from("an empty field"),
        (false, false) => raw.text.escape_debug().to_string(),
    }
}

/// The type in words, as used in problems and documentation.
pub fn describe(dialect: &Dialect, ty: &Type) -> String {
    match ty {
        Type::Int(t) => match (t.min, t.max) {
            (Some(a), Some(b)) => format!("an integer {a}..={b}"),
            (Some(a), None) => format!("an integer >= {a}"),
            (None, Some(b)) => format!("an integer <= {b}"),
            (None, None) => String::from("an integer"),
        },
        Type::Str(s) if s.quoting == Quoting::Unquoted => String::from("an unquoted string"),
        Type::Str(_) => String::from("a quoted string"),
        Type::Enum(name) => {
            let values: Vec<String> = dialect
                .enum_def(name)
                .map(|e| e.variants.iter().map(|v| lit_text(&v.value)).collect())
                .unwrap_or_default();
            format!("{name} ({})", values.join(", "))
        }
        Type::Codes(name) => format!("a {name} code"),
        Type::Text => String::from("text"),
        Type::Range => String::from("a range such as (1-16)"),
        Type::Masked => String::from("a masked secret"),
    }
}

/// A literal as written in a spec (`7`, `"account"`).
pub fn lit_text(l: &Literal) -> String {
    match l {
        Literal::Int(i) => i.to_string(),
        Literal::Str(s) => format!("{s:?}"),
    }
}

/// Whether the type is a secret (`string ... secret` or `masked`).
pub fn is_secret(ty: &Type) -> bool {
    matches!(ty, Type::Masked | Type::Str(StrType { secret: true, .. }))
}

/// Reads a non-blank raw field as `ty`.
pub(crate) fn read(
    dialect: &Dialect,
    ty: &Type,
    raw: RawField<'_>,
    side: Side,
) -> Result<Value, Problem> {
    let wrong = || Problem::new(describe(dialect, ty), shown(&raw, is_secret(ty)));
    match ty {
        Type::Int(t) => {
            if side == Side::Param && raw.quoted {
                return Err(wrong());
            }
            let v = raw.as_i64().ok_or_else(wrong)?;
            let in_range = t.min.is_none_or(|m| v >= m) && t.max.is_none_or(|m| v <= m);
            in_range.then_some(Value::Int(v)).ok_or_else(wrong)
        }
        Type::Str(s) => read_str(s, raw, side),
        Type::Enum(name) => read_enum(dialect, name, raw, side).ok_or_else(wrong),
        Type::Codes(name) => {
            if side == Side::Param && raw.quoted {
                return Err(wrong());
            }
            let code = raw.as_i64().ok_or_else(wrong)?;
            Ok(code_value(dialect, name, code))
        }
        Type::Text => Ok(Value::Text(raw.text.to_owned())),
        Type::Range => Ok(Value::Range(raw.text.to_owned())),
        Type::Masked => Ok(Value::Secret(Secret::new(raw.text.to_owned()))),
    }
}

/// The code `code` of table `table`, with its row when the table lists it.
pub fn code_value(dialect: &Dialect, table: &str, code: i64) -> Value {
    let known = dialect
        .code_table(table)
        .and_then(|t| t.codes.iter().find(|c| c.value == code))
        .map(|c| (c.name.clone(), c.meaning.clone()));
    Value::Code {
        table: table.to_owned(),
        code,
        known,
    }
}

fn read_enum(dialect: &Dialect, name: &str, raw: RawField<'_>, side: Side) -> Option<Value> {
    let def = dialect.enum_def(name)?;
    let variant = def.variants.iter().find(|v| match &v.value {
        Literal::Int(i) => (side == Side::Response || !raw.quoted) && raw.as_i64() == Some(*i),
        Literal::Str(s) => (side == Side::Response || raw.quoted) && raw.text == s,
    })?;
    Some(Value::Enum {
        ty: name.to_owned(),
        variant: variant.name.clone(),
        value: variant.value.clone(),
    })
}

fn read_str(s: &StrType, raw: RawField<'_>, side: Side) -> Result<Value, Problem> {
    let wrap = |text: String| {
        if s.secret {
            Value::Secret(Secret::new(text))
        } else {
            Value::Str(text)
        }
    };
    if side == Side::Response {
        if let Some(prefix) = s.prefix.as_deref().filter(|p| !raw.text.starts_with(p)) {
            let expected = format!("a string starting with {prefix:?}");
            return Err(Problem::new(expected, shown(&raw, s.secret)));
        }
        return Ok(wrap(raw.text.to_owned()));
    }
    let text = param_text(s, raw)?;
    check_param_str(s, &text)?;
    Ok(wrap(text))
}

/// The text of a string parameter as the encoder writes it: quoted (or
/// bare when `unquoted`), or `marker"HEX"` for non-ASCII text.
fn param_text(s: &StrType, raw: RawField<'_>) -> Result<String, Problem> {
    let found = || shown(&raw, s.secret);
    if let Some(marker) = &s.non_ascii_marker {
        if let Some(hex) = raw.text.strip_prefix(marker.as_str()) {
            return decode_marked_hex(hex)
                .ok_or_else(|| Problem::new(format!("{marker}\"<hex of UTF-8 text>\""), found()));
        }
    }
    let want_quoted = s.quoting == Quoting::Quoted;
    if raw.quoted != want_quoted {
        let expected = if want_quoted {
            "a quoted string"
        } else {
            "an unquoted string"
        };
        return Err(Problem::new(expected, found()));
    }
    Ok(raw.text.to_owned())
}

fn decode_marked_hex(quoted_hex: &str) -> Option<String> {
    let hex = quoted_hex.strip_prefix('"')?.strip_suffix('"')?;
    if hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// Checks a string parameter exactly as the generated constructor does
/// (`atspec_runtime::wire::check_str`, then the required prefix).
pub(crate) fn check_param_str(s: &StrType, text: &str) -> Result<(), Problem> {
    let rules = StrRules {
        min_len: s.min_len,
        max_len: s.max_len,
        charset: wire_charset(s.charset),
        unquoted: s.quoting == Quoting::Unquoted,
        prefix: None,
        non_ascii_allowed: s.non_ascii_marker.is_some(),
    };
    let found = || {
        if s.secret {
            String::from("a secret value")
        } else {
            format!("{text:?}")
        }
    };
    if let Err(e) = check_str("value", text, &rules) {
        let msg = e.to_string();
        let rule = msg
            .strip_prefix("field `value`: ")
            .unwrap_or(&msg)
            .to_owned();
        return Err(Problem::new(format!("a string that {rule}"), found()));
    }
    if let Some(prefix) = &s.prefix {
        if !text.starts_with(prefix.as_str()) {
            return Err(Problem::new(
                format!("a string starting with {prefix:?}"),
                found(),
            ));
        }
    }
    Ok(())
}

fn wire_charset(c: at_spec::ir::Charset) -> WireCharset {
    use at_spec::ir::Charset as C;
    match c {
        C::Any => WireCharset::Any,
        C::Ascii => WireCharset::Ascii,
        C::Alnum => WireCharset::Alnum,
        C::Printable => WireCharset::Printable,
        C::Hex => WireCharset::Hex,
    }
}
