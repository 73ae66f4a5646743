//! Dialect-wide items: URCs, error lines and the `Dialect` marker.

use at_spec::ir::{Dialect, ErrorKind, Payload, Shape};
use proc_macro2::TokenStream;
use quote::quote;

use crate::enums::doc_or;
use crate::lines::{line_enum, line_struct, Mode};
use crate::names::type_ident;

/// URC types, `Urc`, `parse_urc`, `is_urc`.
pub fn urcs(dialect: &Dialect) -> TokenStream {
    let mut defs = Vec::new();
    let mut variants = Vec::new();
    // URC names by line prefix, in declaration order.
    let mut groups: Vec<(String, Vec<proc_macro2::Ident>)> = Vec::new();
    let mut payload_lens = Vec::new();
    let mut payload_maxes = Vec::new();
    for urc in &dialect.urcs {
        let name = type_ident(&urc.name);
        let doc = doc_or(&urc.doc, || format!("The `{}` URC.", urc.name));
        let lines: Vec<&at_spec::ir::LineShape> = match &urc.shape {
            Shape::Line(line) => {
                defs.push(line_struct(dialect, &name, &doc, line, Mode::Urc));
                vec![line]
            }
            Shape::OneOf(alts) => {
                defs.push(line_enum(dialect, &name, &doc, alts, Mode::Urc));
                alts.iter().map(|a| &a.line).collect()
            }
            Shape::Text => continue,
        };
        if lines
            .iter()
            .any(|l| matches!(l.payload, Some(Payload::Counted(_))))
        {
            // The claim is that of the alternative that parses the line, so
            // the count comes from the same alternative `parse_urc` picks.
            payload_lens.push(quote! {
                match <#name as ::atspec_runtime::wire::LineType>::claim_line(line) {
                    ::core::option::Option::Some(::atspec_runtime::Claim::MineWithPayload(n)) => {
                        return ::core::option::Option::Some(n);
                    }
                    ::core::option::Option::Some(::atspec_runtime::Claim::PayloadOverMax {
                        announced,
                        ..
                    }) => return ::core::option::Option::Some(announced),
                    _ => {}
                }
            });
            if lines.iter().any(|l| counted_max(l).is_some()) {
                payload_maxes.push(quote! {
                    if let ::core::option::Option::Some(::atspec_runtime::Claim::PayloadOverMax {
                        max,
                        ..
                    }) = <#name as ::atspec_runtime::wire::LineType>::claim_line(line)
                    {
                        return ::core::option::Option::Some(max);
                    }
                });
            }
        }
        variants.push(quote!(#[doc = #doc] #name(#name)));
        let mut prefixes: Vec<&str> = match &urc.shape {
            Shape::Line(line) => vec![line.prefix.as_str()],
            Shape::OneOf(alts) => alts.iter().map(|a| a.line.prefix.as_str()).collect(),
            Shape::Text => Vec::new(),
        };
        prefixes.dedup();
        for prefix in prefixes {
            match groups.iter_mut().find(|(p, _)| p == prefix) {
                Some((_, names)) => names.push(name.clone()),
                None => groups.push((prefix.to_owned(), vec![name.clone()])),
            }
        }
    }
    let (parse_body, is_urc_body) = dispatch(&groups);
    let redact_line = crate::secrets::redact_line(dialect);
    let payload_body = if payload_lens.is_empty() {
        quote!()
    } else {
        quote! {
            fn urc_payload_len(line: &str) -> ::core::option::Option<usize> {
                #(#payload_lens)*
                ::core::option::Option::None
            }
        }
    };
    let payload_max_body = if payload_maxes.is_empty() {
        quote!()
    } else {
        quote! {
            fn urc_payload_max(line: &str) -> ::core::option::Option<usize> {
                #(#payload_maxes)*
                ::core::option::Option::None
            }
        }
    };
    let (final_err, line_err) = (
        errors(dialect, ErrorKind::Final),
        errors(dialect, ErrorKind::Line),
    );
    let declared = declared(dialect);
    let doc = format!(
        "The `{}` dialect ({} {}, {} v{}).",
        dialect.name,
        dialect.header.vendor,
        dialect.header.family,
        dialect.header.manual,
        dialect.header.version
    );
    quote! {
        #(#defs)*
        /// Any unsolicited result code of this dialect.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Urc {
            #(#variants,)*
        }
        /// Parses a line into a URC of this dialect; `None` if none matches.
        pub fn parse_urc(line: &str) -> ::core::option::Option<Urc> {
            #parse_body
        }
        /// Whether `line` has the shape of one of this dialect's URCs.
        pub fn is_urc(line: &str) -> bool {
            #is_urc_body
        }
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct Dialect;
        impl ::atspec_runtime::Dialect for Dialect {
            type Urc = Urc;
            fn parse_urc(line: &str) -> ::core::option::Option<Urc> {
                parse_urc(line)
            }
            #payload_body
            #payload_max_body
            fn final_error(line: &str) -> ::core::option::Option<::atspec_runtime::VendorError> {
                #final_err
            }
            fn error_line(line: &str) -> ::core::option::Option<::atspec_runtime::VendorError> {
                #line_err
            }
            #redact_line
            #declared
        }
    }
}

/// `FINAL_ERRORS` and `PROMPTS` of the `Dialect` impl, where the spec
/// declares any (the trait's defaults are empty).
fn declared(dialect: &Dialect) -> TokenStream {
    let texts = |lines: &[at_spec::ir::DeclaredLine]| -> Vec<String> {
        lines.iter().map(|l| l.text.clone()).collect()
    };
    let (finals, prompts) = (texts(&dialect.final_errors), texts(&dialect.prompts));
    let finals = (!finals.is_empty())
        .then(|| quote!(const FINAL_ERRORS: &'static [&'static str] = &[#(#finals),*];));
    let prompts = (!prompts.is_empty())
        .then(|| quote!(const PROMPTS: &'static [&'static str] = &[#(#prompts),*];));
    quote!(#finals #prompts)
}

fn errors(dialect: &Dialect, kind: ErrorKind) -> TokenStream {
    let arms: Vec<TokenStream> = dialect
        .errors
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| {
            let prefix = &e.prefix;
            let table = dialect.code_table(&e.table);
            let meaning = if table.is_some() {
                let t = type_ident(&e.table);
                quote!(#t::from_code(code).meaning())
            } else {
                quote!(::core::option::Option::None)
            };
            let verbose = match (kind, table) {
                (ErrorKind::Final, Some(t)) => verbose_arm(prefix, t),
                _ => quote!(),
            };
            // The code is the whole text after the colon: `+CME ERROR: 3,4`
            // is no code (a verbose or unknown text, kept as such).
            quote! {
                if let ::core::option::Option::Some(text) = ::atspec_runtime::wire::line_prefix(line, #prefix) {
                    if let ::core::result::Result::Ok(code) = text.trim().parse::<i64>() {
                        return ::core::option::Option::Some(::atspec_runtime::VendorError { prefix: #prefix, code, meaning: #meaning });
                    }
                    #verbose
                }
            }
        })
        .collect();
    if arms.is_empty() {
        quote! {
            let _ = line;
            ::core::option::Option::None
        }
    } else {
        quote! {
            #(#arms)*
            ::core::option::Option::None
        }
    }
}

/// Maps the verbose texts of `table` (`text "operation not allowed"`) to
/// their codes, ignoring ASCII case; `text` is the line after `prefix:`.
fn verbose_arm(prefix: &str, table: &at_spec::ir::CodeTable) -> TokenStream {
    let t = type_ident(&table.name);
    let rows = table.codes.iter().filter_map(|c| {
        let text = c.verbose.as_ref()?;
        let code = crate::names::int_lit(c.value);
        Some(quote! {
            if text.eq_ignore_ascii_case(#text) {
                return ::core::option::Option::Some(::atspec_runtime::VendorError {
                    prefix: #prefix,
                    code: #code,
                    meaning: #t::from_code(#code).meaning(),
                });
            }
        })
    });
    let rows: Vec<TokenStream> = rows.collect();
    if rows.is_empty() {
        return quote!();
    }
    quote! {
        let text = text.trim();
        #(#rows)*
    }
}

/// Bodies of `parse_urc` and `is_urc`: the line's key (text before the colon)
/// picks the candidate URCs, which are then tried in declaration order; the
/// first that parses the line wins (`is_urc` checks prefixes and constants).
fn dispatch(groups: &[(String, Vec<proc_macro2::Ident>)]) -> (TokenStream, TokenStream) {
    let none = quote!(::core::option::Option::None);
    if groups.is_empty() {
        return (quote!(let _ = line; #none), quote!(let _ = line; false));
    }
    let tries = |names: &[proc_macro2::Ident]| {
        let parses = names.iter().map(|n| {
            quote! {
                if let ::core::result::Result::Ok(urc) = <#n as ::atspec_runtime::wire::LineType>::parse_fields(line) {
                    return ::core::option::Option::Some(Urc::#n(urc));
                }
            }
        });
        quote!(#(#parses)*)
    };
    // Under a key, a lone URC is the only candidate.
    let keyed_arm = |key: &str, names: &[proc_macro2::Ident]| match names {
        [n] => {
            quote!(#key => return <#n as ::atspec_runtime::wire::LineType>::parse_fields(line).ok().map(Urc::#n),)
        }
        _ => {
            let t = tries(names);
            quote!(#key => { #t })
        }
    };
    let any = |names: &[proc_macro2::Ident]| {
        let m = names
            .iter()
            .map(|n| quote!(<#n as ::atspec_runtime::wire::LineType>::matches(line)));
        quote!(#(#m)||*)
    };
    // A prefix holding a colon cannot be a key: try every URC in order.
    if groups.len() == 1 || groups.iter().any(|(p, _)| p.contains(':')) {
        let mut all: Vec<proc_macro2::Ident> = Vec::new();
        for (_, names) in groups {
            for n in names {
                if !all.contains(n) {
                    all.push(n.clone());
                }
            }
        }
        let (t, a) = (tries(&all), any(&all));
        return (quote!(#t #none), a);
    }
    let keys: Vec<&str> = groups.iter().map(|(p, _)| p.as_str()).collect();
    let parse_arms = groups.iter().map(|(key, names)| keyed_arm(key, names));
    let any_arms = groups.iter().map(|(_, names)| any(names));
    let keys2 = keys.clone();
    (
        quote! {
            match ::atspec_runtime::wire::line_key(line) {
                #(#parse_arms)*
                _ => {}
            }
            #none
        },
        quote! {
            match ::atspec_runtime::wire::line_key(line) {
                #(#keys2 => #any_arms,)*
                _ => false,
            }
        },
    )
}

/// The declared maximum of the field that counts `line`'s raw payload.
fn counted_max(line: &at_spec::ir::LineShape) -> Option<i64> {
    let Some(Payload::Counted(name)) = &line.payload else {
        return None;
    };
    line.fields.iter().find_map(|f| match f {
        at_spec::ir::Field::Value(v) if &v.name == name => match &v.ty {
            at_spec::ir::Type::Int(t) => t.max,
            _ => None,
        },
        _ => None,
    })
}
