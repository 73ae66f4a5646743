//! Checks of line shapes and `one_of` alternatives: trailing `...`, and
//! alternatives that an earlier one shadows (every line they match, the
//! earlier one matches first, so they can never be chosen).

use crate::ir::{Alternative, Dialect, Field, IntType, LineShape, Literal, Type, ValueField};

use super::{location, Validator};

impl Validator<'_> {
    /// A line ending in `...`: the kept fields need a name of their own, and
    /// a `text` field already takes the rest of the line.
    pub(super) fn trailing(&mut self, line: &LineShape) {
        if !line.trailing {
            return;
        }
        let values = line.fields.iter().filter_map(|f| match f {
            Field::Value(v) => Some(v),
            Field::Literal(..) | Field::Word(..) => None,
        });
        for v in values {
            if v.ty == Type::Text {
                self.err(
                    &v.span,
                    format!("`...` after field `{}`, which is `text` and already takes the rest of the line", v.name),
                    "text before `...`",
                    "drop the `...`, or give the field a `string` type",
                );
            } else if v.name == "extra" {
                self.err(
                    &v.span,
                    "a line ending in `...` keeps the appended fields in `extra`; this field has that name",
                    "name taken",
                    "rename the field",
                );
            }
        }
    }

    /// Reports every alternative that an earlier one shadows.
    pub(super) fn shadowed(&mut self, alts: &[Alternative]) {
        for (i, later) in alts.iter().enumerate() {
            let Some(earlier) = alts[..i]
                .iter()
                .find(|e| shadows(self.d, &e.line, &later.line))
            else {
                continue;
            };
            let at = location(self.src, &earlier.span);
            let differ = "make them differ by a constant field (`\"+X\": 1, ...` / `\"+X\": 2, ...`) or a field type";
            let help = if shadows(self.d, &later.line, &earlier.line) {
                format!("the two match the same lines: merge them, or {differ}")
            } else {
                format!(
                    "put `{}` before `{}` (the more specific alternative first), or {differ}",
                    later.name, earlier.name
                )
            };
            self.err(
                &later.span,
                format!(
                    "alternative `{}` can never match: every line it matches is taken first by `{}` (at {at}), whose fields accept all of its values and constants",
                    later.name, earlier.name
                ),
                "unreachable",
                help,
            );
        }
    }
}

/// Whether every line `b` parses, `a` parses too (so `a`, tried first, always wins).
/// Conservative: `false` when unsure.
fn shadows(d: &Dialect, a: &LineShape, b: &LineShape) -> bool {
    if a.prefix != b.prefix {
        return false;
    }
    if b.trailing && !a.trailing {
        return takes_rest_at(a, b.fields.len()).is_some() && prefix_accepts(d, a, b);
    }
    if b.trailing && a.fields.len() > b.fields.len() {
        return false;
    }
    prefix_accepts(d, a, b)
}

/// Index of `a`'s `text` field if it stands at or before position `n`.
fn takes_rest_at(a: &LineShape, n: usize) -> Option<usize> {
    a.fields
        .iter()
        .position(|f| matches!(f, Field::Value(v) if v.ty == Type::Text))
        .filter(|&k| k <= n)
}

/// Position by position, `a`'s field accepts whatever `b`'s does (a missing
/// field of `b` must be optional in `a`; fields `b` has beyond `a`'s need
/// `a` to end in `...` or `text`).
fn prefix_accepts(d: &Dialect, a: &LineShape, b: &LineShape) -> bool {
    let n = a.fields.len().max(b.fields.len());
    for i in 0..n {
        match (a.fields.get(i), b.fields.get(i)) {
            (Some(Field::Value(v)), _) if v.ty == Type::Text => return true,
            (Some(fa), Some(fb)) => {
                if !field_accepts(d, fa, fb) {
                    return false;
                }
            }
            (Some(Field::Value(v)), None) if v.optional => {}
            (Some(_), None) => return false,
            (None, Some(_)) => return a.trailing,
            (None, None) => {}
        }
    }
    true
}

/// Whether field `a` accepts every raw field that field `b` accepts.
fn field_accepts(d: &Dialect, a: &Field, b: &Field) -> bool {
    match (a, b) {
        (Field::Literal(la, _), Field::Literal(lb, _)) => la == lb,
        (Field::Word(wa, _), Field::Word(wb, _)) => wa == wb,
        // A word splits its field in two: treat it as different from anything
        // else (never reported as shadowing: conservative).
        (Field::Word(..), _) | (_, Field::Word(..)) => false,
        (Field::Literal(..), Field::Value(_)) => false,
        (Field::Value(va), Field::Literal(lb, _)) => value_accepts_literal(d, va, lb),
        (Field::Value(va), Field::Value(vb)) => {
            (va.optional || !vb.optional) && type_accepts(d, &va.ty, &vb.ty)
        }
    }
}

/// Whether a value field accepts the constant `lit`.
fn value_accepts_literal(d: &Dialect, a: &ValueField, lit: &Literal) -> bool {
    let int = match lit {
        Literal::Int(v) => Some(*v),
        Literal::Str(s) => s.parse::<i64>().ok(),
    };
    match &a.ty {
        Type::Str(_) | Type::Range | Type::Masked | Type::Text => true,
        Type::Codes(_) => int.is_some(),
        Type::Int(t) => int.is_some_and(|v| bounds(t).0 <= v && v <= bounds(t).1),
        Type::Enum(e) => d.enum_def(e).is_some_and(|e| {
            e.variants.iter().any(|var| match (&var.value, lit) {
                (Literal::Int(x), _) => Some(*x) == int,
                (Literal::Str(x), Literal::Str(s)) => x == s,
                (Literal::Str(_), Literal::Int(_)) => false,
            })
        }),
    }
}

/// Whether every raw field of type `b` is also one of type `a`.
fn type_accepts(d: &Dialect, a: &Type, b: &Type) -> bool {
    let string_like = |t: &Type| matches!(t, Type::Str(_) | Type::Range | Type::Masked);
    match (a, b) {
        (a, _) if string_like(a) => !matches!(b, Type::Text),
        (Type::Codes(_), Type::Int(_) | Type::Codes(_)) => true,
        (Type::Codes(_), Type::Enum(e)) => int_enum(d, e).is_some(),
        (Type::Int(ta), Type::Int(tb)) => {
            let ((alo, ahi), (blo, bhi)) = (bounds(ta), bounds(tb));
            alo <= blo && bhi <= ahi
        }
        (Type::Int(ta), Type::Codes(_)) => bounds(ta) == (i64::MIN, i64::MAX),
        (Type::Int(ta), Type::Enum(e)) => int_enum(d, e).is_some_and(|values| {
            let (lo, hi) = bounds(ta);
            values.iter().all(|v| lo <= *v && *v <= hi)
        }),
        (Type::Enum(ea), Type::Enum(eb)) => ea == eb,
        _ => false,
    }
}

/// The values of an integer enum.
fn int_enum(d: &Dialect, name: &str) -> Option<Vec<i64>> {
    d.enum_def(name)?
        .variants
        .iter()
        .map(|v| match v.value {
            Literal::Int(i) => Some(i),
            Literal::Str(_) => None,
        })
        .collect()
}

/// The inclusive bounds an `int` field accepts (unbounded sides: `i64`'s).
fn bounds(t: &IntType) -> (i64, i64) {
    (t.min.unwrap_or(i64::MIN), t.max.unwrap_or(i64::MAX))
}
