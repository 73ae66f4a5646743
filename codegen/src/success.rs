//! `completes <Urc> ... success <...>`: whether a parsed completion reports
//! success (`Command::outcome_succeeded`).

use at_spec::ir::{CompareOp, Condition, Dialect, Field, Shape, Success, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{type_ident, value_ident};

/// `Command::outcome_succeeded` for a completion with a `success` clause
/// (nothing without one: the default answers `None`, the spec makes no claim).
pub fn outcome_succeeded(dialect: &Dialect, urc: &str, success: Option<&Success>) -> TokenStream {
    let (Some(success), Some(def)) = (success, dialect.urc(urc)) else {
        return quote!();
    };
    let t = type_ident(urc);
    let body = match (success, &def.shape) {
        (Success::Alternatives(names), Shape::OneOf(alts)) => {
            let patterns = names.iter().map(|n| {
                let variant = type_ident(n);
                // An alternative without fields is a unit variant.
                let unit = alts.iter().any(|a| {
                    &a.name == n
                        && !a.line.trailing
                        && !a.line.fields.iter().any(|f| matches!(f, Field::Value(_)))
                });
                if unit {
                    quote!(#t::#variant)
                } else {
                    quote!(#t::#variant { .. })
                }
            });
            quote!(::core::matches!(outcome, #(#patterns)|*))
        }
        (Success::When(cond), Shape::Line(l)) => match field_type(&l.fields, &cond.param) {
            Some((ty, optional)) => {
                let field = value_ident(&cond.param);
                holds(
                    dialect,
                    &ty,
                    (optional, false),
                    cond,
                    quote!(outcome.#field),
                )
            }
            None => quote!(false),
        },
        (Success::When(cond), Shape::OneOf(alts)) => {
            let field = value_ident(&cond.param);
            let arms = alts.iter().filter_map(|a| {
                let (ty, optional) = field_type(&a.line.fields, &cond.param)?;
                let variant = type_ident(&a.name);
                // Matched through `&Self::Outcome`: the binding is a reference.
                let test = holds(dialect, &ty, (optional, true), cond, quote!(#field));
                Some(quote!(#t::#variant { #field, .. } => #test,))
            });
            quote! {
                #[allow(unreachable_patterns)]
                match outcome {
                    #(#arms)*
                    _ => false,
                }
            }
        }
        _ => quote!(false),
    };
    quote! {
        fn outcome_succeeded(&self, outcome: &Self::Outcome) -> ::core::option::Option<bool> {
            ::core::option::Option::Some(#body)
        }
    }
}

/// The type of field `name` in `fields`, and whether it is optional.
fn field_type(fields: &[Field], name: &str) -> Option<(Type, bool)> {
    fields.iter().find_map(|f| match f {
        Field::Value(v) if v.name == name => Some((v.ty.clone(), v.optional)),
        _ => None,
    })
}

/// Whether the condition holds of `value`, a field of type `ty` (or, with
/// `by_ref`, a reference to one); a left-off optional field is not a success.
fn holds(
    dialect: &Dialect,
    ty: &Type,
    (optional, by_ref): (bool, bool),
    cond: &Condition,
    value: TokenStream,
) -> TokenStream {
    let eqs: Vec<TokenStream> = cond
        .values
        .iter()
        .filter_map(|l| crate::until::literal(dialect, ty, l))
        .map(|l| quote!(*v == #l))
        .collect();
    let any = if eqs.is_empty() {
        quote!(false)
    } else {
        quote!(#(#eqs)||*)
    };
    let test = match cond.op {
        CompareOp::Eq | CompareOp::In => any,
        CompareOp::Ne => quote!(!(#any)),
    };
    if optional {
        quote!(#value.as_ref().is_some_and(|v| #test))
    } else {
        let v = if by_ref {
            quote!(#value)
        } else {
            quote!(&#value)
        };
        quote!({ let v = #v; #test })
    }
}
