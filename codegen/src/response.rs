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
    /// Whether `parse` and `claim` are those of the type's
    /// `wire::ResponseShape` (so the form may be a `SimpleCommand`).
    pub shaped: bool,
    /// For a shaped `when absent(p)` clause: whether its line must come,
    /// as an expression over `self`.
    pub expected: Option<TokenStream>,
}

/// One response clause: its statement in `parse_response`, type and claim.
struct ItemGen {
    local: Ident,
    stmt: TokenStream,
    ty: TokenStream,
    /// The line type (`None`: free text).
    line_ty: Option<TokenStream>,
}

/// The statement reading clause `item` of type `line_ty` into `local`.
fn item_stmt(
    item: &at_spec::ir::ResponseItem,
    local: &Ident,
    line_ty: &TokenStream,
) -> TokenStream {
    let lt = quote!(<#line_ty as ::atspec_runtime::wire::LineType>);
    match (item.repeat, &item.when_absent) {
        (Repeat::One, _) => quote!(let #local = #lt::parse_at(lines, &mut pos)?;),
        // `when absent(p)`: required when `p` is left off, else any such
        // line is left over (an error).
        (Repeat::Optional, Some(p)) => {
            let absent = crate::params::absent_test(p);
            quote! {
                let #local = if #absent {
                    ::core::option::Option::Some(#lt::parse_at(lines, &mut pos)?)
                } else {
                    ::core::option::Option::None
                };
            }
        }
        (Repeat::Optional, None) => {
            quote!(let #local = ::atspec_runtime::wire::parse_optional::<#line_ty>(lines, &mut pos)?;)
        }
        (Repeat::Many, _) => {
            quote!(let #local = ::atspec_runtime::wire::parse_repeated::<#line_ty>(lines, &mut pos)?;)
        }
    }
}

/// The stored type of a clause of line type `line_ty`.
fn item_type(repeat: Repeat, line_ty: &TokenStream) -> TokenStream {
    match repeat {
        Repeat::One => quote!(#line_ty),
        Repeat::Optional => quote!(::core::option::Option<#line_ty>),
        Repeat::Many => quote!(::std::vec::Vec<#line_ty>),
    }
}

/// The line prefixes a form claims as `Unrecognised`: those of its shapes,
/// except a data-phase result line (awaited by the executor, never claimed)
/// and the ready URC of a chunked phase (a declared URC, never this
/// command's).
fn own_prefixes(dialect: &Dialect, form: &Form) -> Vec<String> {
    let mut prefixes: Vec<String> = Vec::new();
    for item in &form.response.items {
        for prefix in shape_prefixes(&item.shape) {
            if !prefixes.contains(&prefix) {
                prefixes.push(prefix);
            }
        }
    }
    if let Some(DataPhase::Connect(c)) = &form.data {
        let result = crate::data::result_prefix(c);
        prefixes.retain(|p| Some(p.as_str()) != result);
    }
    if let Some(DataPhase::Chunked(ch)) = &form.data {
        let ready = crate::data::urc_prefix(dialect, &ch.ready.0);
        prefixes.retain(|p| !ready.contains(p));
    }
    prefixes
}

/// The most clauses a tuple response holds (`atspec_runtime::wire::MAX_CLAUSES`).
const MAX_CLAUSES: usize = 8;

/// Whether `parse_response` and `claim` are those of the response type's
/// `wire::ResponseShape`: no clause, one line clause (`when absent` only on
/// an optional one), or up to [`MAX_CLAUSES`] line clauses without
/// `when absent`; and no prefix left to the executor (a data-phase result
/// or ready line).
fn shaped(dialect: &Dialect, form: &Form) -> bool {
    let mut all: Vec<String> = Vec::new();
    for item in &form.response.items {
        for prefix in shape_prefixes(&item.shape) {
            if !all.contains(&prefix) {
                all.push(prefix);
            }
        }
    }
    let all = all.len();
    match form.response.items.as_slice() {
        [] => true,
        [item] => {
            !matches!(item.shape, Shape::Text)
                && (item.when_absent.is_none() || item.repeat == Repeat::Optional)
                && own_prefixes(dialect, form).len() == all
        }
        // Several clauses: a tuple, each clause a `wire::Clause`.
        items => {
            items.len() <= MAX_CLAUSES
                && items
                    .iter()
                    .all(|i| !matches!(i.shape, Shape::Text) && i.when_absent.is_none())
                && own_prefixes(dialect, form).len() == all
        }
    }
}

/// The generated `claim` body of a form whose response is not shaped.
fn claim_body(items: &[ItemGen], prefixes: &[String]) -> TokenStream {
    let claims = items.iter().filter_map(|i| i.line_ty.as_ref()).map(|t| {
        quote! {
            if let ::core::option::Option::Some(claim) = <#t as ::atspec_runtime::wire::LineType>::parsed_claim(line) {
                return claim;
            }
        }
    });
    let unrecognised = (!prefixes.is_empty()).then(|| {
        quote! {
            if ::atspec_runtime::wire::has_prefix(line, &[#(#prefixes),*]) {
                return ::atspec_runtime::Claim::Unrecognised;
            }
        }
    });
    let fallback = if items.iter().any(|i| i.line_ty.is_none()) {
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
    quote!(#(#claims)* #unrecognised #fallback)
}

/// The response value: the single clause, or a struct of every clause.
fn response_value(
    base: &str,
    what: &str,
    items: &[ItemGen],
    defs: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    if let [one] = items {
        let local = &one.local;
        return (one.ty.clone(), quote!(#local));
    }
    let ident = Ident::new(
        &crate::names::response_type_name(base, None),
        proc_macro2::Span::call_site(),
    );
    let doc = format!("Information lines of {what}, one field per response clause.");
    let field_docs = (1..=items.len()).map(|i| format!("Response clause {i}."));
    let (names, tys): (Vec<&Ident>, Vec<&TokenStream>) =
        items.iter().map(|i| (&i.local, &i.ty)).unzip();
    defs.push(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #ident { #(#[doc = #field_docs] pub #names: #tys,)* }
    });
    (quote!(#ident), quote!(#ident { #(#names),* }))
}

/// Generates the response side of a form whose request type is `base`.
pub fn response(dialect: &Dialect, base: &str, form: &Form, what: &str) -> ResponseGen {
    let Response { items } = &form.response;
    let single = items.len() == 1;
    let mut defs = Vec::new();
    let mut gens = Vec::new();
    let mut free_text = false;
    for (i, item) in items.iter().enumerate() {
        let local = format_ident!("item{}", i + 1);
        let type_name = crate::names::response_type_name(base, (!single).then_some(i + 1));
        let ty_ident = Ident::new(&type_name, proc_macro2::Span::call_site());
        let doc = format!("Information line of {what}.");
        match &item.shape {
            Shape::Text => {
                free_text = true;
                let stmt = quote!(let #local = ::atspec_runtime::wire::text_from(lines, &mut pos););
                gens.push(ItemGen {
                    local,
                    stmt,
                    ty: quote!(::std::string::String),
                    line_ty: None,
                });
                continue;
            }
            Shape::Line(line) => {
                free_text |= line.payload == Some(Payload::Text);
                defs.push(line_struct(dialect, &ty_ident, &doc, line, Mode::Response));
            }
            Shape::OneOf(alts) => {
                free_text |= alts.iter().any(|a| a.line.payload == Some(Payload::Text));
                defs.push(line_enum(dialect, &ty_ident, &doc, alts, Mode::Response));
            }
        }
        let line_ty = quote!(#ty_ident);
        let stmt = item_stmt(item, &local, &line_ty);
        let ty = item_type(item.repeat, &line_ty);
        gens.push(ItemGen {
            local,
            stmt,
            ty,
            line_ty: Some(line_ty),
        });
    }
    if gens.is_empty() || shaped(dialect, form) {
        let ty = match gens.as_slice() {
            [] => quote!(()),
            [one] => one.ty.clone(),
            several => {
                let tys = several.iter().map(|g| &g.ty);
                quote!((#(#tys),*))
            }
        };
        let shape = quote!(<Self::Response as ::atspec_runtime::wire::ResponseShape>);
        let expected = items
            .first()
            .and_then(|i| i.when_absent.as_deref())
            .map(crate::params::absent_test);
        let parse = match &expected {
            Some(e) => quote!(#shape::parse_expected(lines, #e)),
            None => quote!(#shape::parse_lines(lines)),
        };
        return ResponseGen {
            items: quote!(#(#defs)*),
            ty,
            parse,
            claim: quote!(#shape::claim(line)),
            free_text,
            shaped: true,
            expected,
        };
    }
    let (ty, value) = response_value(base, what, &gens, &mut defs);
    let stmts = gens.iter().map(|g| &g.stmt);
    let parse = quote! {
        let mut pos = 0usize;
        #(#stmts)*
        ::atspec_runtime::wire::expect_end(lines, pos, ::core::option::Option::None)?;
        ::core::result::Result::Ok(#value)
    };
    ResponseGen {
        items: quote!(#(#defs)*),
        ty,
        parse,
        claim: claim_body(&gens, &own_prefixes(dialect, form)),
        free_text,
        shaped: false,
        expected: None,
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
