//! Cross-parameter rules, checked at construction.

use at_spec::ir::{CompareOp, Condition, Dialect, Literal, Requirement, Rule, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{int_lit, value_ident};
use crate::params::Layout;
use crate::types::{enum_is_str, IntRepr};

/// How a parameter compares in a rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Str,
}

/// The parameter's comparable value: `(expression, optional, kind)`. For an
/// optional parameter the expression is an `Option`.
fn comparable(
    dialect: &Dialect,
    layout: &Layout<'_>,
    name: &str,
) -> Option<(TokenStream, bool, Kind)> {
    let slot = layout.slot(name)?;
    let f = value_ident(name);
    let opt = slot.optional;
    let (conv, kind): (TokenStream, Kind) = match &slot.param.ty {
        Type::Int(t) => {
            let repr = IntRepr::for_range(t);
            if !opt {
                return Some((repr.to_i64(quote!(self.#f)), false, Kind::Int));
            }
            match repr {
                IntRepr::I64 => return Some((quote!(self.#f), true, Kind::Int)),
                _ => return Some((quote!(self.#f.map(i64::from)), true, Kind::Int)),
            }
        }
        Type::Enum(e) if enum_is_str(dialect, e) => (quote!(as_str), Kind::Str),
        Type::Enum(_) => (quote!(value), Kind::Int),
        Type::Codes(_) => (quote!(code), Kind::Int),
        Type::Str(s) if s.secret => {
            if !opt {
                return Some((quote!(self.#f.expose().as_str()), false, Kind::Str));
            }
            return Some((
                quote!(self.#f.as_ref().map(|v| v.expose().as_str())),
                true,
                Kind::Str,
            ));
        }
        Type::Masked => return None,
        Type::Str(_) | Type::Text | Type::Range => {
            if !opt {
                return Some((quote!(self.#f.as_str()), false, Kind::Str));
            }
            return Some((quote!(self.#f.as_deref()), true, Kind::Str));
        }
    };
    if opt {
        Some((quote!(self.#f.map(|v| v.#conv())), true, kind))
    } else {
        Some((quote!(self.#f.#conv()), false, kind))
    }
}

/// `values` as literals of `kind`; enum variant names are looked up in `enum_name`.
fn literals(
    dialect: &Dialect,
    layout: &Layout<'_>,
    param: &str,
    values: &[Literal],
    kind: Kind,
) -> Vec<TokenStream> {
    let enum_name = layout.slot(param).and_then(|s| match &s.param.ty {
        Type::Enum(e) => Some(e.as_str()),
        _ => None,
    });
    values
        .iter()
        .filter_map(|v| {
            let v = match (v, enum_name.and_then(|e| dialect.enum_def(e))) {
                (Literal::Str(name), Some(def)) if kind == Kind::Int => def
                    .variants
                    .iter()
                    .find(|var| &var.name == name)
                    .map(|var| var.value.clone())?,
                _ => v.clone(),
            };
            match (v, kind) {
                (Literal::Int(i), Kind::Int) => Some(int_lit(i)),
                (Literal::Str(s), Kind::Str) => Some(quote!(#s)),
                _ => None,
            }
        })
        .collect()
}

/// A boolean expression and whether it is an `||` chain (needs parentheses
/// next to `&&`).
type Test = (TokenStream, bool);

/// `v OP values` (or its negation) over a plain expression.
fn compare(v: &TokenStream, op: CompareOp, lits: &[TokenStream], negate: bool) -> Test {
    let any = matches!(
        (op, negate),
        (CompareOp::Eq | CompareOp::In, false) | (CompareOp::Ne, true)
    );
    if any {
        let parts: Vec<TokenStream> = lits.iter().map(|l| quote!(#v == #l)).collect();
        (quote!(#(#parts)||*), parts.len() > 1)
    } else {
        let parts: Vec<TokenStream> = lits.iter().map(|l| quote!(#v != #l)).collect();
        (quote!(#(#parts)&&*), false)
    }
}

/// The condition of a rule, or `None` if it cannot hold (no usable literal).
fn condition(dialect: &Dialect, layout: &Layout<'_>, c: &Condition) -> Option<Test> {
    let (expr, opt, kind) = comparable(dialect, layout, &c.param)?;
    let lits = literals(dialect, layout, &c.param, &c.values, kind);
    if lits.is_empty() {
        return None;
    }
    if !opt {
        return Some(compare(&expr, c.op, &lits, false));
    }
    let default = layout.slot(&c.param).and_then(|s| s.param.default.as_ref());
    let default = default
        .and_then(|d| literals(dialect, layout, &c.param, std::slice::from_ref(d), kind).pop());
    let v = quote!(v);
    let (test, _) = compare(&v, c.op, &lits, false);
    Some(match default {
        Some(d) => {
            let unwrapped = quote!(#expr.unwrap_or(#d));
            compare(&unwrapped, c.op, &lits, false)
        }
        None => (quote!(#expr.is_some_and(|v| #test)), false),
    })
}

/// The expression that is true when the requirement is broken, `Some(None)`
/// when it is always broken, `None` when it can never be.
fn violation(dialect: &Dialect, layout: &Layout<'_>, req: &Requirement) -> Option<Option<Test>> {
    match req {
        Requirement::Absent(names) => {
            let mut parts = Vec::new();
            for n in names {
                match layout.slot(n) {
                    Some(s) if !s.optional => return Some(None),
                    Some(_) => {
                        let f = value_ident(n);
                        parts.push(quote!(self.#f.is_some()));
                    }
                    None => {}
                }
            }
            let is_or = parts.len() > 1;
            (!parts.is_empty()).then(|| Some((quote!(#(#parts)||*), is_or)))
        }
        Requirement::Present(names) => {
            let parts: Vec<TokenStream> = names
                .iter()
                .filter(|n| layout.slot(n).is_some_and(|s| s.optional))
                .map(|n| {
                    let f = value_ident(n);
                    quote!(self.#f.is_none())
                })
                .collect();
            let is_or = parts.len() > 1;
            (!parts.is_empty()).then(|| Some((quote!(#(#parts)||*), is_or)))
        }
        Requirement::Compare(c) => {
            let (expr, opt, kind) = comparable(dialect, layout, &c.param)?;
            let lits = literals(dialect, layout, &c.param, &c.values, kind);
            if lits.is_empty() {
                return None;
            }
            if opt {
                let (test, _) = compare(&quote!(v), c.op, &lits, true);
                Some(Some((quote!(#expr.is_some_and(|v| #test)), false)))
            } else {
                Some(Some(compare(&expr, c.op, &lits, true)))
            }
        }
        Requirement::Hex(name) => str_violation(
            dialect,
            layout,
            name,
            |v| quote!(!::atspec_runtime::wire::check_hex(#v)),
        ),
        Requirement::Ascii(name) => str_violation(
            dialect,
            layout,
            name,
            |v| quote!(#v.bytes().any(|b| !(0x20..=0x7e).contains(&b))),
        ),
        Requirement::MaxLen(name, max) => str_violation(dialect, layout, name, |v| {
            let max = proc_macro2::Literal::usize_unsuffixed(*max);
            quote!(#v.len() > #max)
        }),
    }
}

/// The violation of a requirement on a string parameter, `broken(v)` being
/// true of a value that breaks it (`None` if the parameter is not a string).
fn str_violation(
    dialect: &Dialect,
    layout: &Layout<'_>,
    name: &str,
    broken: impl Fn(&TokenStream) -> TokenStream,
) -> Option<Option<Test>> {
    let (expr, opt, kind) = comparable(dialect, layout, name)?;
    if kind != Kind::Str {
        return None;
    }
    if opt {
        let test = broken(&quote!(v));
        Some(Some((quote!(#expr.is_some_and(|v| #test)), false)))
    } else {
        Some(Some((broken(&expr), false)))
    }
}

fn lit_text(l: &Literal) -> String {
    match l {
        Literal::Int(i) => i.to_string(),
        Literal::Str(s) => format!("{s:?}"),
    }
}

fn cond_text(c: &Condition) -> String {
    let vals: Vec<String> = c.values.iter().map(lit_text).collect();
    match c.op {
        CompareOp::Eq => format!("{} == {}", c.param, vals.join(", ")),
        CompareOp::Ne => format!("{} != {}", c.param, vals.join(", ")),
        CompareOp::In => format!("{} in {{{}}}", c.param, vals.join(", ")),
    }
}

/// The rule as the spec writes it.
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

/// The parameter a broken rule is reported against.
fn rule_field(r: &Rule) -> &str {
    match &r.then {
        Requirement::Absent(n) | Requirement::Present(n) => {
            n.first().map_or(r.when.param.as_str(), String::as_str)
        }
        Requirement::Compare(c) => &c.param,
        Requirement::Hex(p) | Requirement::Ascii(p) | Requirement::MaxLen(p, _) => p,
    }
}

/// Statements checking every rule of a form over `self`.
pub fn checks(dialect: &Dialect, layout: &Layout<'_>, rules: &[Rule]) -> Vec<TokenStream> {
    rules
        .iter()
        .filter_map(|r| {
            let cond = condition(dialect, layout, &r.when)?;
            let broken = violation(dialect, layout, &r.then)?;
            let text = rule_text(r);
            let field = rule_field(r);
            let paren = |(t, is_or): Test| if is_or { quote!((#t)) } else { t };
            let test = match broken {
                Some(b) => {
                    let (c, b) = (paren(cond), paren(b));
                    quote!(#c && #b)
                }
                None => cond.0,
            };
            Some(quote! {
                if #test {
                    return ::core::result::Result::Err(::atspec_runtime::wire::ValidationError::rule(#field, #text));
                }
            })
        })
        .collect()
}
