//! A form's information lines: types, `parse_response`, `claim`.

use at_spec::ir::{DataPhase, Dialect, Form, Payload, Repeat, Response, Shape};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::lines::{line_enum, line_struct, Mode};

/// What a form's response generates.
pub struct ResponseGen {
    /// Type definitions.
    pub items: TokenStream,
    /// `Command::Response`.
    pub ty: TokenStream,
    /// Body of `parse_response(&self, lines)`.
    pub parse: TokenStream,
    /// Body of `claim(&self, line)`.
    pub claim: TokenStream,
    /// Whether the response runs as free text once claimed.
    pub free_text: bool,
}

/// Generates the response side of a form whose request type is `base`.
pub fn response(dialect: &Dialect, base: &str, form: &Form, what: &str) -> ResponseGen {
    let Response { items } = &form.response;
    let single = items.len() == 1;
    let mut defs = Vec::new();
    let mut stmts = Vec::new();
    let mut claims = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut tys = Vec::new();
    let mut text_item = false;
    let mut free_text = false;
    for (i, item) in items.iter().enumerate() {
        let local = format_ident!("item{}", i + 1);
        let type_name = crate::names::response_type_name(base, (!single).then_some(i + 1));
        let ty_ident = Ident::new(&type_name, proc_macro2::Span::call_site());
        let doc = format!("Information line of {what}.");
        let line_ty = match &item.shape {
            Shape::Text => {
                text_item = true;
                free_text = true;
                stmts
                    .push(quote!(let #local = ::atspec_runtime::wire::text_from(lines, &mut pos);));
                names.push(local);
                tys.push(quote!(::std::string::String));
                continue;
            }
            Shape::Line(line) => {
                free_text |= line.payload == Some(Payload::Text);
                defs.push(line_struct(dialect, &ty_ident, &doc, line, Mode::Response));
                quote!(#ty_ident)
            }
            Shape::OneOf(alts) => {
                free_text |= alts.iter().any(|a| a.line.payload == Some(Payload::Text));
                defs.push(line_enum(dialect, &ty_ident, &doc, alts, Mode::Response));
                quote!(#ty_ident)
            }
        };
        claims.push(quote! {
            if let ::core::option::Option::Some(claim) = #line_ty::parsed_claim(line) {
                return claim;
            }
        });
        for prefix in shape_prefixes(&item.shape) {
            if !prefixes.contains(&prefix) {
                prefixes.push(prefix);
            }
        }
        let matches_next =
            quote!(::atspec_runtime::wire::try_line_at(lines, pos).is_some_and(#line_ty::matches));
        match item.repeat {
            Repeat::One => {
                stmts.push(quote!(let #local = #line_ty::parse_at(lines, &mut pos)?;));
                tys.push(line_ty);
            }
            Repeat::Optional => {
                // `when absent(p)`: required when `p` is left off, else any
                // such line is left over (an error).
                let present = match &item.when_absent {
                    Some(p) => crate::params::absent_test(p),
                    None => matches_next,
                };
                stmts.push(quote! {
                    let #local = if #present {
                        ::core::option::Option::Some(#line_ty::parse_at(lines, &mut pos)?)
                    } else {
                        ::core::option::Option::None
                    };
                });
                tys.push(quote!(::core::option::Option<#line_ty>));
            }
            Repeat::Many => {
                // As the last item, every line left is one of its lines
                // (or an error): size the vector once.
                let new_vec = if i + 1 == items.len() {
                    quote!(::std::vec::Vec::with_capacity(
                        lines.len().saturating_sub(pos)
                    ))
                } else {
                    quote!(::std::vec::Vec::new())
                };
                stmts.push(quote! {
                    let mut #local = #new_vec;
                    while #matches_next {
                        #local.push(#line_ty::parse_at(lines, &mut pos)?);
                    }
                });
                tys.push(quote!(::std::vec::Vec<#line_ty>));
            }
        }
        names.push(local);
    }
    let (ty, value) = match names.len() {
        0 => (quote!(()), quote!(())),
        1 => (tys[0].clone(), {
            let n = &names[0];
            quote!(#n)
        }),
        _ => {
            let ident = Ident::new(
                &crate::names::response_type_name(base, None),
                proc_macro2::Span::call_site(),
            );
            let doc = format!("Information lines of {what}, one field per response clause.");
            let field_docs = (1..=names.len()).map(|i| format!("Response clause {i}."));
            defs.push(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, Eq)]
                pub struct #ident { #(#[doc = #field_docs] pub #names: #tys,)* }
            });
            (quote!(#ident), quote!(#ident { #(#names),* }))
        }
    };
    let mut_pos = if stmts.is_empty() {
        quote!(let pos = 0usize;)
    } else {
        quote!(let mut pos = 0usize;)
    };
    let parse = quote! {
        #mut_pos
        #(#stmts)*
        ::atspec_runtime::wire::expect_end(lines, pos, ::core::option::Option::None)?;
        ::core::result::Result::Ok(#value)
    };
    let fallback = if text_item {
        quote! {
            if is_urc(line) {
                ::atspec_runtime::Claim::NotMine
            } else {
                ::atspec_runtime::Claim::Mine
            }
        }
    } else {
        quote!(::atspec_runtime::Claim::NotMine)
    };
    // A line with one of the form's own prefixes that parses as none of
    // its shapes stays with the command, visibly (never a URC by default);
    // a data-phase result line is awaited by the executor, never claimed.
    let result_prefix = match &form.data {
        Some(DataPhase::Connect(c)) => crate::data::result_prefix(c).map(str::to_owned),
        _ => None,
    };
    prefixes.retain(|p| Some(p) != result_prefix.as_ref());
    let unrecognised = (!prefixes.is_empty()).then(|| {
        quote! {
            if #(::atspec_runtime::wire::line_prefix(line, #prefixes).is_some())||* {
                return ::atspec_runtime::Claim::Unrecognised;
            }
        }
    });
    let uses_line = !claims.is_empty() || text_item;
    let ignore = if uses_line {
        quote!()
    } else {
        quote!(let _ = line;)
    };
    let claim = quote! {
        #ignore
        #(#claims)*
        #unrecognised
        #fallback
    };
    ResponseGen {
        items: quote!(#(#defs)*),
        ty,
        parse,
        claim,
        free_text,
    }
}

/// The line prefixes of a response shape, in order, without repeats.
fn shape_prefixes(shape: &Shape) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let lines: Vec<&at_spec::ir::LineShape> = match shape {
        Shape::Line(line) => vec![line],
        Shape::OneOf(alts) => alts.iter().map(|a| &a.line).collect(),
        Shape::Text => Vec::new(),
    };
    for line in lines {
        if !out.contains(&line.prefix) {
            out.push(line.prefix.clone());
        }
    }
    out
}
