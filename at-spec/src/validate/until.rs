//! Checks of `completes <Urc> within <t> until <condition> success <...>`:
//! each condition names a field of the URC and its values fit that field's
//! type; `success` alternatives are alternatives of the URC.

use crate::ir::{Completion, Condition, Field, Literal, Shape, Success, Type, ValueField};

use super::index::Index;
use super::Validator;

impl Validator<'_> {
    /// Reports an `until` condition over a missing field or with values that
    /// the field can never hold.
    pub(super) fn until(&mut self, done: &Completion) {
        if let Some(cond) = &done.until {
            self.completion_condition(done, "until", cond);
        }
    }

    /// Reports a `success` clause over a missing field, with values the field
    /// can never hold, or naming alternatives the URC does not have.
    pub(super) fn success(&mut self, done: &Completion) {
        match &done.success {
            Some(Success::When(cond)) => self.completion_condition(done, "success", cond),
            Some(Success::Alternatives(names)) => self.success_alternatives(done, names),
            None => {}
        }
    }

    fn success_alternatives(&mut self, done: &Completion, names: &[String]) {
        let Some(urc) = self.index.urc(&done.urc) else {
            return;
        };
        let Shape::OneOf(alts) = &urc.shape else {
            self.err(
                &done.span,
                format!(
                    "`success {}`: URC `{}` has no `one_of` alternatives",
                    names.join(", "),
                    urc.name
                ),
                "not an alternative",
                "test a field instead: `success <field> == <value>`",
            );
            return;
        };
        let known: Vec<&str> = alts.iter().map(|a| a.name.as_str()).collect();
        for name in names {
            if !known.contains(&name.as_str()) {
                self.err(
                    &done.span,
                    format!(
                        "`success {name}`: URC `{}` has no alternative `{name}`",
                        urc.name
                    ),
                    "unknown alternative",
                    format!("name one of its alternatives: `{}`", known.join("`, `")),
                );
            }
        }
    }

    /// Checks `<clause> <cond>` of a completion against the URC's fields.
    fn completion_condition(&mut self, done: &Completion, clause: &str, cond: &Condition) {
        let Some(urc) = self.index.urc(&done.urc) else {
            return;
        };
        let fields = urc_fields(&urc.shape, &cond.param);
        if fields.is_empty() {
            let names = all_field_names(&urc.shape).join("`, `");
            self.err(
                &done.span,
                format!(
                    "`{clause} {}`: URC `{}` has no field `{}`",
                    cond.param, urc.name, cond.param
                ),
                "unknown field",
                if names.is_empty() {
                    format!(
                        "URC `{}` has no fields to test: drop the `{clause}`",
                        urc.name
                    )
                } else {
                    format!("name one of its fields: `{names}`")
                },
            );
            return;
        }
        for f in fields {
            for v in &cond.values {
                if let Some(why) = value_problem(&self.index, &f.ty, v) {
                    self.err(
                        &done.span,
                        format!("`{clause} {}`: {why}", cond.param),
                        "value the field can't hold",
                        "compare with a value of the field's type (an enum or code name, an integer in its range)",
                    );
                    return;
                }
            }
        }
    }
}

/// The fields named `name` in the URC's line or alternatives.
fn urc_fields<'a>(shape: &'a Shape, name: &str) -> Vec<&'a ValueField> {
    lines(shape)
        .flat_map(|l| l.fields.iter())
        .filter_map(|f| match f {
            Field::Value(v) if v.name == name => Some(v),
            _ => None,
        })
        .collect()
}

fn all_field_names(shape: &Shape) -> Vec<&str> {
    let mut names: Vec<&str> = lines(shape)
        .flat_map(|l| l.fields.iter())
        .filter_map(|f| match f {
            Field::Value(v) => Some(v.name.as_str()),
            Field::Literal(..) | Field::Word(..) => None,
        })
        .collect();
    names.dedup();
    names
}

fn lines(shape: &Shape) -> impl Iterator<Item = &crate::ir::LineShape> {
    let (one, alts) = match shape {
        Shape::Line(l) => (Some(l), &[][..]),
        Shape::OneOf(a) => (None, &a[..]),
        Shape::Text => (None, &[][..]),
    };
    one.into_iter().chain(alts.iter().map(|a| &a.line))
}

/// Why `v` can't be a value of a field of type `ty`, if it can't.
fn value_problem(index: &Index, ty: &Type, v: &Literal) -> Option<String> {
    match (ty, v) {
        (Type::Int(t), Literal::Int(n)) => {
            let (lo, hi) = (t.min.unwrap_or(i64::MIN), t.max.unwrap_or(i64::MAX));
            (!(lo..=hi).contains(n))
                .then(|| format!("{n} is outside the field's range {lo}..={hi}"))
        }
        (Type::Codes(_), Literal::Int(_)) => None,
        (Type::Codes(c), Literal::Str(s)) => {
            let known = index.code_table(c).is_some_and(|t| t.has_name(s));
            (!known).then(|| format!("`{s}` is not a code of `{c}`"))
        }
        (Type::Enum(e), v) => {
            let known = index.enum_facts(e).is_some_and(|facts| {
                matches!(v, Literal::Str(s) if facts.has_name(s)) || facts.has_value(v)
            });
            (!known).then(|| format!("{} is not a value of enum `{e}`", literal(v)))
        }
        (Type::Str(_) | Type::Text, Literal::Str(_)) => None,
        (_, v) => Some(format!(
            "{} is of the wrong kind for this field",
            literal(v)
        )),
    }
}

fn literal(v: &Literal) -> String {
    match v {
        Literal::Int(n) => n.to_string(),
        Literal::Str(s) => format!("`{s}`"),
    }
}
