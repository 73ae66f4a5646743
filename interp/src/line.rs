//! Strict matching of one modem line against a line shape.
//!
//! A line matches a shape when its prefix is the shape's, every constant
//! field is there, every typed field reads as its type (integers inside their
//! declared range, enum values listed by the enum) and **no field is left
//! over**: a line that would match only by dropping fields is not a match
//! (the mismatch says how many fields the spec knows). Optional fields may be
//! blank or left off at the end. This is the generated parsers' strict
//! semantics (see `docs/generated-code.md`).

use std::fmt;

use at_spec::ir::{
    Dialect, Field, LineShape, Literal, Payload, Shape, TextLimits, Type, ValueField,
};
use atspec_runtime::wire::{line_prefix, Fields, RawField};

use crate::typed::{self, lit_text, shown, Problem, Side};
use crate::value::{NamedValue, Value};

/// A line that matched a shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matched {
    /// The `one_of` alternative that matched, if the shape is a choice.
    pub alternative: Option<String>,
    /// Every named field in order; optional fields left off are [`Value::Absent`].
    pub values: Vec<NamedValue>,
    /// What follows the line.
    pub payload: Follows,
}

/// What follows a matched line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follows {
    /// Nothing: the next line stands on its own.
    Nothing,
    /// Exactly this many raw bytes (`then raw <field>`).
    Bytes(usize),
    /// Free text up to the final result (`then text`).
    Text,
}

/// Why a line did not match a shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The line does not start with any of these prefixes.
    Prefix(Vec<String>),
    /// Field `field` (1-based) of a line with the right prefix is wrong.
    Field {
        /// 1-based field index.
        field: usize,
        /// The field's name in the spec (constants: the constant).
        name: String,
        /// What was wrong.
        problem: Problem,
    },
    /// The line has more fields than the spec knows (new firmware?).
    Extra {
        /// Fields the shape knows.
        known: usize,
        /// Fields on the line.
        found: usize,
        /// The alternative that matched up to the extra fields, if a choice.
        alternative: Option<String>,
    },
}

impl Mismatch {
    /// How far into the line the attempt got (a wrong prefix is 0).
    fn depth(&self) -> usize {
        match self {
            Mismatch::Prefix(_) => 0,
            Mismatch::Field { field, .. } => *field,
            Mismatch::Extra { known, .. } => known + 1,
        }
    }

    /// Whether the prefix matched (the line has this shape's prefix).
    pub fn prefix_matched(&self) -> bool {
        !matches!(self, Mismatch::Prefix(_))
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Prefix(p) => {
                let list: Vec<String> = p.iter().map(|p| format!("`{p}:`")).collect();
                write!(f, "expected a {} line", list.join(" or "))
            }
            Mismatch::Field {
                field,
                name,
                problem,
            } => write!(f, "field {field} `{name}`: {problem}"),
            Mismatch::Extra { known, found, .. } => write!(
                f,
                "{found} fields where the spec knows {known} (undocumented extra field)"
            ),
        }
    }
}

/// Matches `line` against one line shape.
pub fn match_line(dialect: &Dialect, shape: &LineShape, line: &str) -> Result<Matched, Mismatch> {
    let rest = line_prefix(line, &shape.prefix)
        .ok_or_else(|| Mismatch::Prefix(vec![shape.prefix.clone()]))?;
    let mut fields = Fields::new(rest);
    let mut values = Vec::new();
    for (i, field) in shape.fields.iter().enumerate() {
        let index = i + 1;
        match field {
            Field::Literal(lit, _) => {
                let raw = fields.next();
                if !literal_matches(lit, raw) {
                    let found = raw.map_or(String::from("end of line"), |r| shown(&r, false));
                    return Err(Mismatch::Field {
                        field: index,
                        name: lit_text(lit),
                        problem: Problem::new(lit_text(lit), found),
                    });
                }
            }
            Field::Word(word, _) => match fields.after_word(word) {
                Some(rest) => fields = rest,
                None => {
                    let raw = fields.clone().next();
                    let found = raw.map_or(String::from("end of line"), |r| shown(&r, false));
                    return Err(Mismatch::Field {
                        field: index,
                        name: word.clone(),
                        problem: Problem::new(word.clone(), found),
                    });
                }
            },
            Field::Value(v) if v.ty == Type::Text => {
                let text = fields.remainder().to_owned();
                fields = Fields::new("");
                if text.is_empty() && !v.optional {
                    return Err(missing(dialect, index, &v.name, &v.ty));
                }
                if let Some(why) = v.text_limits.as_ref().and_then(|l| text_problem(l, &text)) {
                    return Err(Mismatch::Field {
                        field: index,
                        name: v.name.clone(),
                        problem: why,
                    });
                }
                let value = if text.is_empty() {
                    Value::Absent
                } else {
                    Value::Text(text)
                };
                values.push(NamedValue::new(v.name.clone(), value));
            }
            Field::Value(v) => {
                let value = read_field(dialect, fields.next(), &v.ty, v.optional)
                    .and_then(|value| in_code_range(dialect, v, value))
                    .map_err(|problem| Mismatch::Field {
                        field: index,
                        name: v.name.clone(),
                        problem,
                    })?;
                values.push(NamedValue::new(v.name.clone(), value));
            }
        }
    }
    let extra = fields.count();
    if extra > 0 {
        return Err(Mismatch::Extra {
            known: shape.fields.len(),
            found: shape.fields.len() + extra,
            alternative: None,
        });
    }
    let payload = follows(shape, &values);
    Ok(Matched {
        alternative: None,
        values,
        payload,
    })
}

/// Why a non-empty `text` value breaks its field's limits (`text printable
/// max 70`); an empty one is left to the optional / required check.
fn text_problem(limits: &TextLimits, text: &str) -> Option<Problem> {
    if text.is_empty() {
        return None;
    }
    let why = limits.check(text)?;
    Some(Problem::new(limits.describe(), why))
}

/// A code-table value outside the field's `in lo..=hi` range is no match.
fn in_code_range(dialect: &Dialect, v: &ValueField, value: Value) -> Result<Value, Problem> {
    let (Some((lo, hi)), Value::Code { code, .. }) = (v.code_range, &value) else {
        return Ok(value);
    };
    if (lo..=hi).contains(code) {
        return Ok(value);
    }
    let expected = format!("{} {lo}..={hi}", typed::describe(dialect, &v.ty));
    Err(Problem::new(expected, code.to_string()))
}

fn missing(dialect: &Dialect, index: usize, name: &str, ty: &Type) -> Mismatch {
    Mismatch::Field {
        field: index,
        name: name.to_owned(),
        problem: Problem::new(typed::describe(dialect, ty), "end of line"),
    }
}

fn literal_matches(lit: &Literal, raw: Option<RawField<'_>>) -> bool {
    match (lit, raw) {
        (Literal::Int(i), Some(r)) => r.as_i64() == Some(*i),
        (Literal::Str(s), Some(r)) => r.text == s,
        (_, None) => false,
    }
}

/// A typed field; `optional` fields may be missing or blank (an empty quoted
/// `""` is `Some("")` for string types, absent for the others).
fn read_field(
    dialect: &Dialect,
    raw: Option<RawField<'_>>,
    ty: &Type,
    optional: bool,
) -> Result<Value, Problem> {
    let Some(raw) = raw else {
        return if optional {
            Ok(Value::Absent)
        } else {
            Err(Problem::new(typed::describe(dialect, ty), "end of line"))
        };
    };
    let stringy = matches!(ty, Type::Str(_) | Type::Masked | Type::Range);
    if optional && (raw.is_blank() || (!stringy && raw.text.is_empty())) {
        return Ok(Value::Absent);
    }
    typed::read(dialect, ty, raw, Side::Response)
}

fn follows(shape: &LineShape, values: &[NamedValue]) -> Follows {
    match &shape.payload {
        None => Follows::Nothing,
        Some(Payload::Text) => Follows::Text,
        Some(Payload::Counted(field)) => {
            let n = crate::value::lookup(values, field)
                .and_then(Value::as_int)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0);
            Follows::Bytes(n)
        }
    }
}

/// Matches `line` against a shape: a single line, the first `one_of`
/// alternative that matches completely, or any line for `text`.
///
/// When nothing matches, the mismatch is the one of the attempt that got
/// furthest into the line (the later alternative on a tie), as in the
/// generated parsers.
pub fn match_shape(dialect: &Dialect, shape: &Shape, line: &str) -> Result<Matched, Mismatch> {
    match shape {
        Shape::Line(l) => match_line(dialect, l, line),
        Shape::Text => Ok(Matched {
            alternative: None,
            values: vec![NamedValue::new("text", Value::Text(line.to_owned()))],
            payload: Follows::Nothing,
        }),
        Shape::OneOf(alts) => {
            let mut best: Option<Mismatch> = None;
            for alt in alts {
                match match_line(dialect, &alt.line, line) {
                    Ok(mut m) => {
                        m.alternative = Some(alt.name.clone());
                        return Ok(m);
                    }
                    Err(e) => best = Some(further(best, tag(e, &alt.name), alts)),
                }
            }
            Err(best.unwrap_or_else(|| Mismatch::Prefix(Vec::new())))
        }
    }
}

fn tag(e: Mismatch, alt: &str) -> Mismatch {
    match e {
        Mismatch::Extra { known, found, .. } => Mismatch::Extra {
            known,
            found,
            alternative: Some(alt.to_owned()),
        },
        other => other,
    }
}

fn further(best: Option<Mismatch>, later: Mismatch, alts: &[at_spec::ir::Alternative]) -> Mismatch {
    match best {
        None => later,
        Some(Mismatch::Prefix(_)) if !later.prefix_matched() => {
            let mut prefixes: Vec<String> = Vec::new();
            for a in alts {
                if !prefixes.contains(&a.line.prefix) {
                    prefixes.push(a.line.prefix.clone());
                }
            }
            Mismatch::Prefix(prefixes)
        }
        Some(b) if b.depth() > later.depth() => b,
        Some(_) => later,
    }
}

/// The prefixes a shape's lines start with (empty for `text`).
pub fn shape_prefixes(shape: &Shape) -> Vec<&str> {
    match shape {
        Shape::Line(l) => vec![l.prefix.as_str()],
        Shape::OneOf(alts) => alts.iter().map(|a| a.line.prefix.as_str()).collect(),
        Shape::Text => Vec::new(),
    }
}
