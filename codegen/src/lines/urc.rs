//! The inherent parsers of URC and data-result line types: `parse`,
//! `parse_fields`, `matches` and `claim_line` (the dialect's `parse_urc`
//! dispatch calls them by name).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{alt_label, AltGen, CaseGen, OnError};

/// `parse` and `parse_fields` around `body` (which has `line` and `line_no`).
fn parser_fn(body: TokenStream) -> TokenStream {
    quote! {
        /// Parses one line.
        pub fn parse(line: &str) -> ::core::result::Result<Self, ::atspec_runtime::ParseError> {
            Self::parse_fields(line).map_err(::atspec_runtime::ParseError::from)
        }
        /// Parses one line; the error is cheap and borrows from the line.
        pub fn parse_fields(
            line: &str,
        ) -> ::core::result::Result<Self, ::atspec_runtime::wire::FieldError<'_>> {
            let line_no = 1;
            #body
        }
    }
}

/// The inherent impl of a URC struct.
pub(super) fn struct_impl(name: &Ident, case: &CaseGen) -> TokenStream {
    let CaseGen { matches, claim, .. } = case;
    let reads = case.read_stmts(&OnError::Return);
    let value = case.construct(quote!(Self));
    let parser = parser_fn(quote! {
        #reads
        ::core::result::Result::Ok(#value)
    });
    quote! {
        impl #name {
            #parser
            /// Whether `line` has this shape (prefix and constant fields).
            pub fn matches(line: &str) -> bool {
                #matches
            }
            /// How a matching line is claimed.
            pub fn claim_line(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
                if Self::matches(line) {
                    ::core::option::Option::Some(#claim)
                } else {
                    ::core::option::Option::None
                }
            }
        }
    }
}

/// The body of `parse_fields` of a URC enum: each alternative is tried in a
/// labelled block that either returns the value or ends with the error of
/// its failed read; none parsed: the attempt that got furthest.
fn enum_parse_body(cases: &[AltGen<'_>], expected: &str) -> TokenStream {
    let misses: Vec<Ident> = (1..=cases.len())
        .map(|i| format_ident!("miss{i}"))
        .collect();
    let attempts = cases.iter().enumerate().map(|(i, a)| {
        let label = alt_label(i);
        let reads = a.case.read_stmts(&OnError::Break(label.clone()));
        let v = &a.variant;
        let value = a.case.construct(quote!(Self::#v));
        let miss = &misses[i];
        quote! {
            let #miss = #label: {
                #reads
                return ::core::result::Result::Ok(#value);
            };
        }
    });
    let first_miss = &misses[0];
    let later_misses = &misses[1..];
    quote! {
        #(#attempts)*
        let miss = #first_miss #(.further(#later_misses))*;
        ::core::result::Result::Err(::atspec_runtime::wire::no_alternative(miss, line, line_no, #expected))
    }
}

/// The inherent impl of a URC enum.
pub(super) fn enum_impl(name: &Ident, cases: &[AltGen<'_>], expected: &str) -> TokenStream {
    let parser = parser_fn(enum_parse_body(cases, expected));
    let all_matches = cases.iter().map(|a| &a.case.matches);
    let parsing_claims = cases.iter().enumerate().map(|(i, a)| {
        let label = alt_label(i);
        let reads = a.case.read_stmts(&OnError::Skip(label.clone()));
        let claim = &a.case.claim;
        quote! {
            #label: {
                #reads
                return ::core::option::Option::Some(#claim);
            }
        }
    });
    let shape_claims = cases.iter().map(|a| {
        let CaseGen { matches, claim, .. } = &a.case;
        quote!(if #matches { return ::core::option::Option::Some(#claim); })
    });
    quote! {
        impl #name {
            #parser
            /// Whether `line` has one of the alternatives' shapes (prefix and
            /// constant fields; its other fields may still fail to parse).
            pub fn matches(line: &str) -> bool {
                #(#all_matches)||*
            }
            /// How a line is claimed: as the first alternative that parses
            /// it, else as the first whose shape it has (so that the parse
            /// error is reported), else not at all.
            pub fn claim_line(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
                #(#parsing_claims)*
                #(#shape_claims)*
                ::core::option::Option::None
            }
        }
    }
}
