//! Values for the lines the simulated module writes: from what was set, from
//! the spec's defaults, or the power-on value of the field's type.

use at_spec::ir::{Alternative, Dialect, Field, LineShape, Literal, Shape, Type, ValueField};
use atspec_interp::{code_value, format_line, FormatError, NamedValue, Value};

/// What a module prints for a secret it keeps.
pub const MASK: &str = "****";

/// A constant of the spec (a default) as a value of `ty`.
pub fn literal_value(dialect: &Dialect, ty: &Type, lit: &Literal) -> Option<Value> {
    match (ty, lit) {
        (Type::Int(_), Literal::Int(i)) => Some(Value::Int(*i)),
        (Type::Codes(t), Literal::Int(i)) => Some(code_value(dialect, t, *i)),
        (Type::Enum(e), lit) => enum_value(dialect, e, |v| {
            &v.value == lit || matches!(lit, Literal::Str(s) if *s == v.name)
        }),
        (Type::Codes(t), Literal::Str(name)) => dialect
            .code_table(t)?
            .codes
            .iter()
            .find(|c| &c.name == name)
            .map(|c| code_value(dialect, t, c.value)),
        (Type::Str(_) | Type::Masked, Literal::Str(s)) => Some(Value::Str(s.clone())),
        (Type::Text, Literal::Str(s)) => Some(Value::Text(s.clone())),
        (Type::Range, Literal::Str(s)) => Some(Value::Range(s.clone())),
        _ => None,
    }
}

fn enum_value(
    dialect: &Dialect,
    name: &str,
    pick: impl Fn(&at_spec::ir::EnumVariant) -> bool,
) -> Option<Value> {
    let def = dialect.enum_def(name)?;
    let v = def.variants.iter().find(|v| pick(v))?;
    Some(Value::Enum {
        ty: name.to_owned(),
        variant: v.name.clone(),
        value: v.value.clone(),
    })
}

/// The power-on value of a field of type `ty`: the smallest integer the type
/// allows (0 when it allows it), an empty string, the first enum variant or
/// code of the table.
pub fn power_on(dialect: &Dialect, ty: &Type) -> Value {
    match ty {
        Type::Int(t) => {
            let low = t.min.unwrap_or(0).max(0);
            Value::Int(t.max.map_or(low, |m| low.min(m)))
        }
        Type::Str(_) => Value::Str(String::new()),
        Type::Masked => Value::Str(MASK.to_owned()),
        Type::Enum(e) => enum_value(dialect, e, |_| true).unwrap_or(Value::Absent),
        Type::Codes(t) => dialect
            .code_table(t)
            .and_then(|table| table.codes.first())
            .map_or(Value::Absent, |c| code_value(dialect, t, c.value)),
        Type::Text => Value::Text(String::new()),
        Type::Range => Value::Range(String::from("(0)")),
    }
}

/// Writes `shape` with each value field's value from `lookup`, else left
/// off (optional fields) or its power-on value.
pub fn write_line(
    dialect: &Dialect,
    shape: &LineShape,
    lookup: &dyn Fn(&ValueField) -> Option<Value>,
) -> Result<String, FormatError> {
    let values: Vec<NamedValue> = value_fields(shape)
        .map(|f| {
            let value = match lookup(f) {
                Some(v) => masked(&f.ty, v),
                None if f.optional => Value::Absent,
                None => power_on(dialect, &f.ty),
            };
            NamedValue::new(f.name.clone(), value)
        })
        .collect();
    format_line(dialect, shape, &values)
}

/// A masked field shows the mask, never the secret.
fn masked(ty: &Type, value: Value) -> Value {
    match (ty, &value) {
        (Type::Masked, _) => Value::Str(MASK.to_owned()),
        _ => value,
    }
}

/// The value fields of a line shape, in order.
pub fn value_fields(shape: &LineShape) -> impl Iterator<Item = &ValueField> {
    shape.fields.iter().filter_map(|f| match f {
        Field::Value(v) => Some(v),
        _ => None,
    })
}

/// The line shapes of `shape`, with the alternative's name when it has one.
pub fn alternatives(shape: &Shape) -> Vec<(Option<&str>, &LineShape)> {
    match shape {
        Shape::Line(l) => vec![(None, l)],
        Shape::OneOf(alts) => alts
            .iter()
            .map(|Alternative { name, line, .. }| (Some(name.as_str()), line))
            .collect(),
        Shape::Text => Vec::new(),
    }
}

/// Writes `shape` (the alternative named `pick`, else the first one that can
/// be written) with values from `lookup`.
pub fn write_shape(
    dialect: &Dialect,
    shape: &Shape,
    pick: Option<&str>,
    lookup: &dyn Fn(&ValueField) -> Option<Value>,
) -> Result<String, FormatError> {
    let mut last = FormatError {
        field: String::from("(shape)"),
        problem: String::from("the shape has no line to write"),
    };
    for (name, line) in alternatives(shape) {
        if pick.is_some() && name != pick {
            continue;
        }
        match write_line(dialect, line, lookup) {
            Ok(text) => return Ok(text),
            Err(e) => last = e,
        }
    }
    if let Some(p) = pick {
        if !alternatives(shape).iter().any(|(n, _)| *n == Some(p)) {
            last.problem = format!("no alternative named `{p}`");
        }
    }
    Err(last)
}
