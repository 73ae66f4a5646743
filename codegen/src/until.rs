//! `completes <Urc> within <t> until <cond>`: which completion lines end the wait.

use at_spec::ir::{CompareOp, Condition, Dialect, Field, Literal, Shape, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{int_lit, type_ident, value_ident};

/// `Command::completion_is_final` for a completion with an `until`
/// condition (nothing when it has none: the default takes every line).
///
/// A line that parses as the URC and has the tested field ends the wait only
/// if the condition holds; a line without the field, or one that does not
/// parse (so that its error is reported), ends it too.
pub fn completion_is_final(dialect: &Dialect, urc: &str, until: Option<&Condition>) -> TokenStream {
    let (Some(cond), Some(def)) = (until, dialect.urc(urc)) else {
        return quote!();
    };
    let t = type_ident(urc);
    let field = value_ident(&cond.param);
    let arms: Vec<TokenStream> = match &def.shape {
        Shape::Line(l) => field_type(&l.fields, &cond.param)
            .map(|(ty, optional)| {
                let test = test(dialect, &ty, optional, cond, quote!(v.#field));
                quote!(::core::result::Result::Ok(v) => #test,)
            })
            .into_iter()
            .collect(),
        Shape::OneOf(alts) => alts
            .iter()
            .filter_map(|a| {
                let (ty, optional) = field_type(&a.line.fields, &cond.param)?;
                let variant = type_ident(&a.name);
                let test = test(dialect, &ty, optional, cond, quote!(#field));
                Some(quote!(::core::result::Result::Ok(#t::#variant { #field, .. }) => #test,))
            })
            .collect(),
        Shape::Text => Vec::new(),
    };
    if arms.is_empty() {
        return quote!();
    }
    quote! {
        fn completion_is_final(&self, line: &str) -> bool {
            match <#t as ::atspec_runtime::wire::LineType>::parse_fields(line) {
                #(#arms)*
                _ => true,
            }
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

/// Whether the condition holds of `value` (a field of type `ty`).
fn test(
    dialect: &Dialect,
    ty: &Type,
    optional: bool,
    cond: &Condition,
    value: TokenStream,
) -> TokenStream {
    let v = quote!(v);
    let lits: Vec<TokenStream> = cond
        .values
        .iter()
        .filter_map(|l| literal(dialect, ty, l))
        .collect();
    let eqs: Vec<TokenStream> = lits.iter().map(|l| quote!(*#v == #l)).collect();
    let any = if eqs.is_empty() {
        quote!(false)
    } else {
        quote!(#(#eqs)||*)
    };
    let holds = match cond.op {
        CompareOp::Eq | CompareOp::In => any,
        CompareOp::Ne => quote!(!(#any)),
    };
    if optional {
        quote!(#value.as_ref().is_none_or(|v| #holds))
    } else {
        quote!({ let v = &#value; #holds })
    }
}

/// A value of the field's Rust type for the spec's literal (a value name or
/// a value of an enum / code table, an integer, a string).
pub(crate) fn literal(dialect: &Dialect, ty: &Type, lit: &Literal) -> Option<TokenStream> {
    match ty {
        Type::Enum(e) => {
            let def = dialect.enum_def(e)?;
            let var = def
                .variants
                .iter()
                .find(|x| matches!(lit, Literal::Str(s) if &x.name == s))
                .or_else(|| def.variants.iter().find(|x| &x.value == lit))?;
            let (t, v) = (type_ident(e), type_ident(&var.name));
            Some(quote!(#t::#v))
        }
        Type::Codes(c) => {
            let t = type_ident(c);
            let code = match lit {
                Literal::Int(n) => *n,
                Literal::Str(s) => {
                    dialect
                        .code_table(c)?
                        .codes
                        .iter()
                        .find(|x| &x.name == s)?
                        .value
                }
            };
            let n = int_lit(code);
            Some(quote!(#t::from_code(#n)))
        }
        Type::Int(_) => match lit {
            Literal::Int(n) => Some(int_lit(*n)),
            Literal::Str(_) => None,
        },
        Type::Str(_) | Type::Text => match lit {
            Literal::Str(s) => Some(quote!(#s)),
            Literal::Int(_) => None,
        },
        _ => None,
    }
}
