//! Completion URCs: the line that reports an outcome after `OK`.

use at_spec::ir::{CompareOp, Completion, Dialect, Literal, Type, ValueField};
use atspec_interp::Value;

use super::fill::{literal_value, write_shape};

/// A value set by name in a fault script or a mail file: a number, or the
/// name of an enum variant or code, or a string.
pub fn given_literal(text: &str) -> Literal {
    text.trim()
        .parse::<i64>()
        .map_or_else(|_| Literal::Str(text.to_owned()), Literal::Int)
}

/// The completion line of `completion` with `values` (field name, value) set,
/// in alternative `alternative` if given. Fields not given take the value
/// its `until` condition needs to end the wait, else their power-on value
/// (the first code of a table: by convention of the five dialects' tables,
/// their success).
pub fn completion_line(
    dialect: &Dialect,
    completion: &Completion,
    values: &[(String, String)],
    alternative: Option<&str>,
) -> Result<String, String> {
    let urc = dialect
        .urc(&completion.urc)
        .ok_or_else(|| format!("the spec has no URC {}", completion.urc))?;
    for (name, _) in values {
        let known = super::fill::alternatives(&urc.shape)
            .iter()
            .any(|(_, l)| super::fill::value_fields(l).any(|f| &f.name == name));
        if !known {
            return Err(format!("URC {} has no field `{name}`", urc.name));
        }
    }
    let lookup = |f: &ValueField| -> Option<Value> {
        if let Some((_, text)) = values.iter().find(|(n, _)| *n == f.name) {
            return literal_value(dialect, &f.ty, &given_literal(text))
                .or_else(|| Some(Value::Str(text.clone())));
        }
        let until = completion.until.as_ref().filter(|c| c.param == f.name)?;
        ending_value(dialect, &f.ty, until.op, &until.values)
    };
    write_shape(dialect, &urc.shape, alternative, &lookup)
        .map_err(|e| format!("URC {}: {e}", urc.name))
}

/// A value of `ty` for which `field <op> values` holds.
fn ending_value(dialect: &Dialect, ty: &Type, op: CompareOp, values: &[Literal]) -> Option<Value> {
    match op {
        CompareOp::Eq | CompareOp::In => literal_value(dialect, ty, values.first()?),
        CompareOp::Ne => candidates(dialect, ty)
            .into_iter()
            .find(|c| !values.iter().any(|v| same(dialect, ty, v, c)))
            .and_then(|c| literal_value(dialect, ty, &c)),
    }
}

/// Every value an enum or code table offers, in spec order.
fn candidates(dialect: &Dialect, ty: &Type) -> Vec<Literal> {
    match ty {
        Type::Enum(e) => dialect
            .enum_def(e)
            .map(|d| d.variants.iter().map(|v| v.value.clone()).collect())
            .unwrap_or_default(),
        Type::Codes(t) => dialect
            .code_table(t)
            .map(|d| d.codes.iter().map(|c| Literal::Int(c.value)).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn same(dialect: &Dialect, ty: &Type, a: &Literal, b: &Literal) -> bool {
    literal_value(dialect, ty, a) == literal_value(dialect, ty, b)
}
