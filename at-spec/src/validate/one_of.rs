//! Checks of line shapes and `one_of` alternatives: trailing `...`, and
//! alternatives that an earlier one shadows (every line they match, the
//! earlier one matches first, so they can never be chosen).

use crate::ir::{Alternative, Field, IntType, LineShape, Literal, Span, Type, ValueField};

use super::index::Index;
use super::{location, Validator};

/// The most alternatives one `one_of` takes. Real answers have a handful;
/// the bound keeps the pairwise shadowing check linear in the spec's size.
pub const MAX_ALTERNATIVES: usize = 64;

impl Validator<'_> {
    /// Checks a `one_of`: not empty, not over [`MAX_ALTERNATIVES`], distinct
    /// names, each line, and no alternative shadowed by an earlier one.
    pub(super) fn one_of(&mut self, span: &Span, alts: &[Alternative]) {
        if alts.is_empty() {
            self.err(
                span,
                "`one_of` has no alternatives",
                "empty",
                "list alternatives: `Name: \"+X\": fields`",
            );
        }
        self.duplicates(
            "alternative",
            alts.iter().map(|a| (a.name.as_str(), &a.span)),
            "rename one of them",
        );
        for alt in alts {
            self.line(&alt.line);
        }
        match alts.get(MAX_ALTERNATIVES) {
            Some(first_over) => self.err(
                &first_over.span,
                format!(
                    "this `one_of` has {} alternatives; at most {MAX_ALTERNATIVES} are allowed",
                    alts.len()
                ),
                "too many alternatives",
                "split the answer by prefix into separate shapes or URCs, or use a code table or enum field for the varying part",
            ),
            None => self.shadowed(alts),
        }
    }

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
    fn shadowed(&mut self, alts: &[Alternative]) {
        for (i, later) in alts.iter().enumerate() {
            let Some(earlier) = alts[..i]
                .iter()
                .find(|e| shadows(&self.index, &e.line, &later.line))
            else {
                continue;
            };
            let at = location(self.src, &earlier.span);
            let differ = "make them differ by a constant field (`\"+X\": 1, ...` / `\"+X\": 2, ...`) or a field type";
            let help = if shadows(&self.index, &later.line, &earlier.line) {
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
fn shadows(d: &Index, a: &LineShape, b: &LineShape) -> bool {
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
fn prefix_accepts(d: &Index, a: &LineShape, b: &LineShape) -> bool {
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
fn field_accepts(d: &Index, a: &Field, b: &Field) -> bool {
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
fn value_accepts_literal(d: &Index, a: &ValueField, lit: &Literal) -> bool {
    let int = match lit {
        Literal::Int(v) => Some(*v),
        Literal::Str(s) => s.parse::<i64>().ok(),
    };
    match &a.ty {
        Type::Str(_) | Type::Range | Type::Masked | Type::Text => true,
        Type::Codes(_) => int.is_some(),
        Type::Int(t) => int.is_some_and(|v| bounds(t).0 <= v && v <= bounds(t).1),
        Type::Enum(e) => d.enum_facts(e).is_some_and(|facts| {
            int.is_some_and(|v| facts.has_value(&Literal::Int(v)))
                || matches!(lit, Literal::Str(_)) && facts.has_value(lit)
        }),
    }
}

/// Whether every raw field of type `b` is also one of type `a`.
fn type_accepts(d: &Index, a: &Type, b: &Type) -> bool {
    let string_like = |t: &Type| matches!(t, Type::Str(_) | Type::Range | Type::Masked);
    match (a, b) {
        (a, _) if string_like(a) => !matches!(b, Type::Text),
        (Type::Codes(_), Type::Int(_) | Type::Codes(_)) => true,
        (Type::Codes(_), Type::Enum(e)) => d.enum_facts(e).is_some_and(|f| f.is_int()),
        (Type::Int(ta), Type::Int(tb)) => {
            let ((alo, ahi), (blo, bhi)) = (bounds(ta), bounds(tb));
            alo <= blo && bhi <= ahi
        }
        (Type::Int(ta), Type::Codes(_)) => bounds(ta) == (i64::MIN, i64::MAX),
        (Type::Int(ta), Type::Enum(e)) => {
            let (lo, hi) = bounds(ta);
            d.enum_facts(e).is_some_and(|f| f.ints_within(lo, hi))
        }
        (Type::Enum(ea), Type::Enum(eb)) => ea == eb,
        _ => false,
    }
}

/// The inclusive bounds an `int` field accepts (unbounded sides: `i64`'s).
fn bounds(t: &IntType) -> (i64, i64) {
    (t.min.unwrap_or(i64::MIN), t.max.unwrap_or(i64::MAX))
}
