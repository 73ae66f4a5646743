//! The information lines of test, read, write and exec forms, answered from
//! the spec and from what was set.

use at_spec::ir::{
    Command, Dialect, Field, Form, FormKind, LineShape, Literal, Param, ParamNode, Payload, Repeat,
    Type, ValueField,
};
use atspec_interp::{lit_text, Value};

use super::fill::{alternatives, literal_value, write_line};
use super::store::{slot, Entry, Settings};

/// One line of an answer, with the raw bytes that follow it (`then raw`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// The line's text.
    pub text: String,
    /// Bytes sent right after the line's CRLF.
    pub raw: Vec<u8>,
}

/// The parameters of a form in order, groups flattened, constants left out.
pub fn flat_params(nodes: &[ParamNode]) -> Vec<&Param> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            ParamNode::Param(p) => out.push(p),
            ParamNode::Optional(inner, _) => out.extend(flat_params(inner)),
            ParamNode::Literal(..) => {}
        }
    }
    out
}

/// The test form's lines: ranges and limits taken from the write form.
pub fn test_lines(dialect: &Dialect, command: &Command, form: &Form) -> Result<Vec<Line>, String> {
    let mut lines = Vec::new();
    for item in &form.response.items {
        let Some((_, shape)) = alternatives(&item.shape).into_iter().next() else {
            continue;
        };
        let write = writer_for(command, shape);
        let params = write.map(|w| flat_params(&w.params)).unwrap_or_default();
        let fields: Vec<&ValueField> = super::fill::value_fields(shape).collect();
        let lookup = |f: &ValueField| {
            let at = fields.iter().position(|g| g.name == f.name)?;
            test_value(dialect, f, &params, at)
        };
        let text = write_line(dialect, shape, &lookup).map_err(|e| e.to_string())?;
        lines.push(Line {
            text,
            raw: Vec::new(),
        });
    }
    Ok(lines)
}

/// The write form a test line describes: the one whose key is the line's
/// first constant, else the first write (or exec) form.
fn writer_for<'c>(command: &'c Command, shape: &LineShape) -> Option<&'c Form> {
    let first = shape.fields.iter().find_map(|f| match f {
        Field::Literal(l, _) => Some(l),
        _ => None,
    });
    let keyed = command
        .forms_of(FormKind::Write)
        .find(|w| w.key.is_some() && w.key.as_ref() == first);
    keyed
        .or_else(|| command.forms_of(FormKind::Write).next())
        .or_else(|| command.forms_of(FormKind::Exec).next())
}

/// A test-form field from the write parameter at the same position (or the
/// one its name points at: `user_len` is the limit of `user`).
fn test_value(
    dialect: &Dialect,
    field: &ValueField,
    params: &[&Param],
    at: usize,
) -> Option<Value> {
    let stem = field.name.strip_suffix("_len");
    let named = stem
        .and_then(|s| params.iter().find(|p| p.name == s))
        .copied();
    let param = named.or_else(|| params.get(at).copied());
    match &field.ty {
        Type::Range => param
            .and_then(|p| range_text(dialect, &p.ty))
            .map(Value::Range),
        Type::Int(_) => match param.map(|p| &p.ty) {
            Some(Type::Str(s)) => s
                .max_len
                .and_then(|m| i64::try_from(m).ok())
                .map(Value::Int),
            _ => None,
        },
        Type::Text => {
            let ranges: Vec<String> = params
                .iter()
                .skip(at)
                .filter_map(|p| range_text(dialect, &p.ty))
                .collect();
            Some(Value::Text(ranges.join(",")))
        }
        _ => None,
    }
}

/// `(min-max)` of an integer type, `(a,b,c)` of an enum's values.
fn range_text(dialect: &Dialect, ty: &Type) -> Option<String> {
    match ty {
        Type::Int(t) => Some(format!("({}-{})", t.min?, t.max?)),
        Type::Enum(e) => {
            let values: Vec<String> = dialect
                .enum_def(e)?
                .variants
                .iter()
                .map(|v| match &v.value {
                    Literal::Int(i) => i.to_string(),
                    s => lit_text(s),
                })
                .collect();
            Some(format!("({})", values.join(",")))
        }
        _ => None,
    }
}

/// The read form's lines: what the writes of the command set.
pub fn read_lines(
    dialect: &Dialect,
    command: &Command,
    form: &Form,
    settings: &Settings,
) -> Result<Vec<Line>, String> {
    let entries = settings.all(&slot(&command.name, None));
    let defaults = write_defaults(command);
    let mut lines = Vec::new();
    for item in &form.response.items {
        let chosen: Vec<Option<&Entry>> = match item.repeat {
            Repeat::Many => entries
                .iter()
                .filter(|e| !e.params.is_empty())
                .map(Some)
                .collect(),
            _ => vec![entries.last()],
        };
        for entry in chosen {
            for (_, shape) in alternatives(&item.shape).into_iter().take(1) {
                lines.push(entry_line(dialect, shape, entry, &defaults)?);
            }
        }
    }
    Ok(lines)
}

/// The defaults the write forms of `command` declare, by parameter name.
fn write_defaults(command: &Command) -> Vec<(&Param, &Literal)> {
    command
        .forms_of(FormKind::Write)
        .flat_map(|f| flat_params(&f.params))
        .filter_map(|p| p.default.as_ref().map(|d| (p, d)))
        .collect()
}

/// A line of `shape` from a stored write (the data entered after it fills a
/// `then raw` payload and its length field).
pub fn entry_line(
    dialect: &Dialect,
    shape: &LineShape,
    entry: Option<&Entry>,
    defaults: &[(&Param, &Literal)],
) -> Result<Line, String> {
    let data = entry.and_then(|e| e.data.clone()).unwrap_or_default();
    let counted = match &shape.payload {
        Some(Payload::Counted(field)) => Some(field.as_str()),
        _ => None,
    };
    let lookup = |f: &ValueField| {
        if Some(f.name.as_str()) == counted {
            return i64::try_from(data.len()).ok().map(Value::Int);
        }
        if let Some(v) = entry.and_then(|e| e.get(&f.name)) {
            return Some(v.clone());
        }
        defaults
            .iter()
            .find(|(p, _)| p.name == f.name)
            .and_then(|(p, d)| literal_value(dialect, &p.ty, d))
    };
    let text = write_line(dialect, shape, &lookup).map_err(|e| e.to_string())?;
    Ok(Line {
        text,
        raw: if counted.is_some() { data } else { Vec::new() },
    })
}

/// The information lines of a write or exec form, and whether the line was
/// a query (`response when absent(p)` with `p` left off: nothing is stored).
pub fn action_lines(
    dialect: &Dialect,
    command: &Command,
    form: &Form,
    given: &Entry,
    settings: &Settings,
) -> Result<(Vec<Line>, bool), String> {
    let stored = settings.last(&slot(&command.name, form.key.as_ref()));
    let defaults = write_defaults(command);
    let mut lines = Vec::new();
    let mut query = false;
    for item in &form.response.items {
        let Some((_, shape)) = alternatives(&item.shape).into_iter().next() else {
            continue;
        };
        match (&item.when_absent, item.repeat) {
            (Some(p), _) if given.get(p).is_none() => {
                query = true;
                lines.push(entry_line(dialect, shape, stored, &defaults)?);
            }
            (None, Repeat::One) => {
                lines.push(entry_line(dialect, shape, Some(given), &defaults)?);
            }
            _ => {}
        }
    }
    Ok((lines, query))
}
