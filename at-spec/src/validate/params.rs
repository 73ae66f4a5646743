//! Checks of a form's parameters and rules: names, types, defaults, and
//! every parameter a rule, length or timeout names. Parameters are found by
//! name in constant time, so a form with many rules stays linear.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;

use crate::ir::{Condition, Literal, Param, Requirement, Span, Type};
use crate::lower::closest;

use super::{literal_text, str_problem, type_word, Validator};

/// A form's parameters, in order (through `Deref`) and by name.
pub(super) struct FormParams<'p> {
    list: Vec<&'p Param>,
    by_name: HashMap<&'p str, &'p Param>,
}

impl<'p> FormParams<'p> {
    /// Indexes `list` (the first of a duplicated name wins).
    pub(super) fn new(list: Vec<&'p Param>) -> Self {
        let mut by_name = HashMap::new();
        for p in &list {
            by_name.entry(p.name.as_str()).or_insert(*p);
        }
        FormParams { list, by_name }
    }

    /// The parameter named `name`.
    pub(super) fn get(&self, name: &str) -> Option<&'p Param> {
        self.by_name.get(name).copied()
    }
}

impl<'p> Deref for FormParams<'p> {
    type Target = [&'p Param];

    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

impl Validator<'_> {
    /// Checks a form's parameters: distinct names, parameter types, defaults.
    pub(super) fn params(&mut self, params: &FormParams) {
        self.duplicates(
            "parameter",
            params.iter().map(|p| (p.name.as_str(), &p.span)),
            "parameters of a form need distinct names",
        );
        for p in params.iter() {
            if self.is_poisoned(&p.span) {
                continue;
            }
            if matches!(p.ty, Type::Text | Type::Range | Type::Masked) {
                self.err(
                    &p.span,
                    format!(
                        "parameter `{}` has type {}, which only response fields can have",
                        p.name,
                        type_word(&p.ty)
                    ),
                    "response-only type",
                    "use `string ...` or `int ...` for parameters",
                );
                continue;
            }
            if let Some(default) = &p.default {
                if let Some(why) = self.value_problem(&p.ty, default) {
                    self.err(
                        &p.span,
                        format!("default {} of `{}` {why}", literal_text(default), p.name),
                        "bad default",
                        "change the default or the type",
                    );
                }
            }
        }
    }

    /// Why `lit` is not a value of `ty`, if it isn't.
    pub(super) fn value_problem(&self, ty: &Type, lit: &Literal) -> Option<String> {
        match (ty, lit) {
            (Type::Int(i), Literal::Int(n)) => {
                let below = i.min.is_some_and(|m| *n < m);
                let above = i.max.is_some_and(|m| *n > m);
                (below || above).then(|| {
                    format!(
                        "is outside {}..={}",
                        i.min.map(|m| m.to_string()).unwrap_or_default(),
                        i.max.map(|m| m.to_string()).unwrap_or_default()
                    )
                })
            }
            (Type::Str(s), Literal::Str(text)) => str_problem(s, text),
            (Type::Codes(_), Literal::Int(_)) => None,
            (Type::Enum(e), lit) => {
                let facts = self.index.enum_facts(e)?;
                (!facts.has_value(lit)).then(|| format!("is not a value of enum `{e}`"))
            }
            (Type::Text | Type::Range | Type::Masked, _) => None,
            (ty, _) => Some(format!("is the wrong kind: the type is {}", type_word(ty))),
        }
    }

    pub(super) fn rule(
        &mut self,
        r: &crate::ir::Rule,
        params: &FormParams,
        optional: &HashSet<&str>,
    ) {
        let poisoned = self.is_poisoned(&r.span);
        self.condition(&r.span, &r.when, params, poisoned);
        match &r.then {
            Requirement::Absent(names) | Requirement::Present(names) => {
                for n in names {
                    if self.find_param(&r.span, n, params).is_some()
                        && matches!(r.then, Requirement::Absent(_))
                        && !optional.contains(n.as_str())
                    {
                        self.err(
                            &r.span,
                            format!("rule requires `{n}` to be absent, but `{n}` is not optional"),
                            "required parameter",
                            "put the parameter in an optional group `[, ...]` or drop it from `absent(...)`",
                        );
                    }
                }
            }
            Requirement::Hex(n) | Requirement::Ascii(n) | Requirement::MaxLen(n, _) => {
                let (what, written) = match &r.then {
                    Requirement::Hex(_) => ("hex(p)", format!("hex({n})")),
                    Requirement::Ascii(_) => ("ascii(p)", format!("ascii({n})")),
                    _ => ("max(p, n)", format!("max({n}, ..)")),
                };
                if let Some(p) = self.find_param(&r.span, n, params) {
                    if !matches!(p.ty, Type::Str(_)) && !self.is_poisoned(&p.span) {
                        let msg =
                            format!("`{written}`: `{n}` is {}, not a string", type_word(&p.ty));
                        self.err(
                            &r.span,
                            msg,
                            "not a string",
                            format!("`{what}` applies to string parameters"),
                        );
                    }
                }
            }
            Requirement::Compare(c) => self.condition(&r.span, c, params, poisoned),
        }
    }

    fn condition(&mut self, span: &Span, c: &Condition, params: &FormParams, poisoned: bool) {
        let Some(p) = self.find_param(span, &c.param, params) else {
            return;
        };
        if poisoned || self.is_poisoned(&p.span) {
            return;
        }
        for v in &c.values {
            if let Some(why) = self.value_problem(&p.ty, v) {
                let msg = format!(
                    "rule compares `{}` with {}, which {why}",
                    c.param,
                    literal_text(v)
                );
                self.err(
                    span,
                    msg,
                    "bad value",
                    format!("`{}` is {}", c.param, type_word(&p.ty)),
                );
            }
        }
    }

    /// The parameter `name`, or an error naming the form's parameters.
    fn find_param<'p>(
        &mut self,
        span: &Span,
        name: &str,
        params: &FormParams<'p>,
    ) -> Option<&'p Param> {
        if let Some(p) = params.get(name) {
            return Some(p);
        }
        let hint = match closest(name, params.iter().map(|p| p.name.as_str())) {
            Some(s) => format!("did you mean `{s}`?"),
            None if params.is_empty() => "this form has no parameters".to_string(),
            None => format!(
                "the form's parameters are: {}",
                crate::suggest::listing(params.iter().map(|p| p.name.as_str()))
            ),
        };
        self.err(
            span,
            format!("`{name}` is not a parameter of this form"),
            "unknown parameter",
            hint,
        );
        None
    }

    /// Checks that `name` is an integer parameter (for lengths and timeouts).
    pub(super) fn int_param(&mut self, span: &Span, what: &str, name: &str, params: &FormParams) {
        if let Some(p) = self.find_param(span, name, params) {
            if !matches!(p.ty, Type::Int(_)) && !self.is_poisoned(&p.span) {
                let msg = format!(
                    "`{what} {name}`: `{name}` is {}, not an integer",
                    type_word(&p.ty)
                );
                self.err(
                    span,
                    msg,
                    "not an integer",
                    "lengths and timeouts come from `int` parameters",
                );
            }
        }
    }
}
