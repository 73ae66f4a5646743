//! A form's parameter list flattened into wire positions, and its rules.

use at_spec::ir::{
    CompareOp, Condition, Dialect, Literal, Param, ParamNode, Requirement, Rule, Type,
};

use crate::value::{lookup, NamedValue, Value};

/// One position of a parameter list on the wire.
#[derive(Clone, Debug)]
pub(crate) struct Slot<'d> {
    /// A parameter or a constant.
    pub item: SlotItem<'d>,
    /// Indexes (into [`Layout::groups`]) of the optional groups holding it, outermost first.
    pub groups: Vec<usize>,
}

/// What a slot holds.
#[derive(Clone, Debug)]
pub(crate) enum SlotItem<'d> {
    Param(&'d Param),
    Literal(&'d Literal),
}

/// A form's parameters in wire order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout<'d> {
    pub slots: Vec<Slot<'d>>,
    /// Number of optional groups.
    pub groups: usize,
}

impl<'d> Layout<'d> {
    /// The layout of a parameter list.
    pub fn of(params: &'d [ParamNode]) -> Self {
        let mut layout = Layout::default();
        layout.push(params, &mut Vec::new());
        layout
    }

    fn push(&mut self, nodes: &'d [ParamNode], groups: &mut Vec<usize>) {
        for node in nodes {
            match node {
                ParamNode::Param(p) => self.slots.push(Slot {
                    item: SlotItem::Param(p),
                    groups: groups.clone(),
                }),
                ParamNode::Literal(l, _) => self.slots.push(Slot {
                    item: SlotItem::Literal(l),
                    groups: groups.clone(),
                }),
                ParamNode::Optional(inner, _) => {
                    groups.push(self.groups);
                    self.groups += 1;
                    self.push(inner, groups);
                    groups.pop();
                }
            }
        }
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&'d Param> {
        self.slots.iter().find_map(|s| match s.item {
            SlotItem::Param(p) if p.name == name => Some(p),
            _ => None,
        })
    }
}

/// The rule as the spec writes it (same text as the generated `ValidationError`).
pub fn rule_text(r: &Rule) -> String {
    let then = match &r.then {
        Requirement::Absent(n) => format!("absent({})", n.join(", ")),
        Requirement::Present(n) => format!("present({})", n.join(", ")),
        Requirement::Compare(c) => cond_text(c),
        Requirement::Hex(p) => format!("hex({p})"),
        Requirement::Ascii(p) => format!("ascii({p})"),
        Requirement::MaxLen(p, n) => format!("max({p}, {n})"),
    };
    format!("{} => {}", cond_text(&r.when), then)
}

fn cond_text(c: &Condition) -> String {
    let vals: Vec<String> = c.values.iter().map(crate::typed::lit_text).collect();
    match c.op {
        CompareOp::Eq => format!("{} == {}", c.param, vals.join(", ")),
        CompareOp::Ne => format!("{} != {}", c.param, vals.join(", ")),
        CompareOp::In => format!("{} in {{{}}}", c.param, vals.join(", ")),
    }
}

/// The parameter a broken rule is reported against (as the generator does).
pub fn rule_field(r: &Rule) -> &str {
    match &r.then {
        Requirement::Absent(n) | Requirement::Present(n) => {
            n.first().map_or(r.when.param.as_str(), String::as_str)
        }
        Requirement::Compare(c) => &c.param,
        Requirement::Hex(p) | Requirement::Ascii(p) | Requirement::MaxLen(p, _) => p,
    }
}

/// The first rule of `rules` that `values` break, if any.
///
/// Semantics of the generated constructors: a condition on a parameter left
/// off uses its default if it has one, else the rule does not apply;
/// `p == v` requirements constrain `p` only when it is given.
pub(crate) fn broken_rule<'r>(
    dialect: &Dialect,
    layout: &Layout<'_>,
    rules: &'r [Rule],
    values: &[NamedValue],
) -> Option<&'r Rule> {
    rules.iter().find(|r| {
        condition_holds(dialect, layout, &r.when, values)
            && requirement_broken(dialect, layout, &r.then, values)
    })
}

fn given<'v>(values: &'v [NamedValue], name: &str) -> Option<&'v Value> {
    lookup(values, name).filter(|v| !v.is_absent())
}

fn condition_holds(
    dialect: &Dialect,
    layout: &Layout<'_>,
    c: &Condition,
    values: &[NamedValue],
) -> bool {
    let Some(param) = layout.param(&c.param) else {
        return false;
    };
    let actual = match given(values, &c.param) {
        Some(v) => comparable(v),
        None => match &param.default {
            Some(d) => Some(resolve(dialect, param, d)),
            None => return false,
        },
    };
    actual.is_some_and(|a| compares(dialect, param, &a, c))
}

fn requirement_broken(
    dialect: &Dialect,
    layout: &Layout<'_>,
    req: &Requirement,
    values: &[NamedValue],
) -> bool {
    match req {
        Requirement::Absent(names) => names.iter().any(|n| given(values, n).is_some()),
        Requirement::Present(names) => names
            .iter()
            .any(|n| layout.param(n).is_some() && given(values, n).is_none()),
        Requirement::Compare(c) => match (layout.param(&c.param), given(values, &c.param)) {
            (Some(p), Some(v)) => comparable(v).is_some_and(|a| !compares(dialect, p, &a, c)),
            _ => false,
        },
        Requirement::Hex(name) => given(values, name)
            .and_then(Value::as_str)
            .is_some_and(|s| !atspec_runtime::wire::check_hex(s)),
        Requirement::Ascii(name) => given(values, name)
            .and_then(Value::as_str)
            .is_some_and(|s| s.bytes().any(|b| !(0x20..=0x7e).contains(&b))),
        Requirement::MaxLen(name, max) => given(values, name)
            .and_then(Value::as_str)
            .is_some_and(|s| s.len() > *max),
    }
}

/// A value as a literal it can be compared with.
fn comparable(v: &Value) -> Option<Literal> {
    match v {
        Value::Enum { value, .. } => Some(value.clone()),
        other => other
            .as_int()
            .map(Literal::Int)
            .or_else(|| other.as_str().map(|s| Literal::Str(s.to_owned()))),
    }
}

/// A rule constant for `param`: an enum variant name becomes its value.
fn resolve(dialect: &Dialect, param: &Param, lit: &Literal) -> Literal {
    if let (Type::Enum(e), Literal::Str(name)) = (&param.ty, lit) {
        if let Some(def) = dialect.enum_def(e) {
            if let Some(v) = def.variants.iter().find(|v| &v.name == name) {
                return v.value.clone();
            }
        }
    }
    lit.clone()
}

fn compares(dialect: &Dialect, param: &Param, actual: &Literal, c: &Condition) -> bool {
    let any = c
        .values
        .iter()
        .any(|v| &resolve(dialect, param, v) == actual);
    match c.op {
        CompareOp::Eq | CompareOp::In => any,
        CompareOp::Ne => !any,
    }
}
