//! Types and parsers for information lines and URCs.

use at_spec::ir::{Dialect, Field, LineShape, Literal, Payload, Type};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::enums::doc_or;
use crate::names::{int_lit, type_ident, usize_lit, value_ident};
use crate::types::{enum_is_str, int_expectation, value_type, IntRepr};

/// Whether a line type is parsed from a response (with payloads) or is a URC.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Parsed from `&[ResponseLine]` by `parse_at`; payload fields included.
    Response,
    /// Parsed from one line by `parse`.
    Urc,
}

/// A named field of a generated line type.
struct FieldGen {
    ident: Ident,
    /// The parser's local holding the value (`f_<name>`, so a field called
    /// `c`, `line` or `pos` cannot shadow the parser's own variables).
    local: Ident,
    ty: TokenStream,
    doc: String,
}

/// What one line shape generates.
struct CaseGen {
    fields: Vec<FieldGen>,
    /// Statements reading the fields from `line` into locals.
    parse: TokenStream,
    /// Statements after the line: reading its payload (advance `pos` first).
    payload: TokenStream,
    /// Expression: whether `line` has this shape.
    matches: TokenStream,
    /// Expression: the claim for a matching `line`.
    claim: TokenStream,
}

fn field_parse(dialect: &Dialect, ty: &Type, optional: bool) -> TokenStream {
    let secret_wrap = |e: TokenStream| {
        if optional {
            quote!(#e.map(::atspec_runtime::wire::Secret::new))
        } else {
            quote!(::atspec_runtime::wire::Secret::new(#e))
        }
    };
    let (req, opt) = (quote!(field), quote!(opt_field));
    let method = if optional { opt } else { req };
    match ty {
        Type::Int(t) => {
            let repr = IntRepr::for_range(t).tokens();
            let exp = int_expectation(t);
            if optional {
                quote!(c.opt_int::<#repr>(#exp)?)
            } else {
                quote!(c.int::<#repr>(#exp)?)
            }
        }
        Type::Str(s) => {
            let e = if optional {
                quote!(c.opt_string()?)
            } else {
                quote!(c.string()?)
            };
            if s.secret {
                secret_wrap(e)
            } else {
                e
            }
        }
        Type::Masked => secret_wrap(if optional {
            quote!(c.opt_string()?)
        } else {
            quote!(c.string()?)
        }),
        Type::Range => {
            if optional {
                quote!(c.opt_string()?)
            } else {
                quote!(c.string()?)
            }
        }
        Type::Text => {
            if optional {
                quote!(::core::option::Option::Some(c.rest()).filter(|t| !t.is_empty()))
            } else {
                quote!(c.rest())
            }
        }
        Type::Enum(name) => {
            let t = type_ident(name);
            let values: Vec<String> = dialect
                .enum_def(name)
                .map(|e| {
                    e.variants
                        .iter()
                        .map(|v| match &v.value {
                            Literal::Int(i) => i.to_string(),
                            Literal::Str(s) => format!("{s:?}"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let exp = format!("one of {name} ({})", values.join(", "));
            if enum_is_str(dialect, name) {
                quote!(c.#method(#exp, |f| #t::from_str_value(f.text))?)
            } else {
                quote!(c.#method(#exp, |f| f.as_i64().and_then(#t::from_value))?)
            }
        }
        Type::Codes(name) => {
            let t = type_ident(name);
            let exp = format!("a {name} code");
            quote!(c.#method(#exp, |f| f.as_i64().map(#t::from_code))?)
        }
    }
}

fn case_gen(dialect: &Dialect, line: &LineShape, mode: Mode) -> CaseGen {
    let prefix = line.prefix.as_str();
    let mut fields = Vec::new();
    let mut stmts = Vec::new();
    let mut literal_checks = Vec::new();
    let mut skipped = 0usize;
    let mut count_index = None;
    for (i, f) in line.fields.iter().enumerate() {
        match f {
            Field::Literal(Literal::Int(v), _) => {
                let (v, skip) = (int_lit(*v), usize_lit(skipped));
                stmts.push(quote!(c.literal_int(#v)?;));
                literal_checks.push(quote!(c.nth_is_int(#skip, #v)));
                skipped = 0;
            }
            Field::Literal(Literal::Str(v), _) => {
                let skip = usize_lit(skipped);
                stmts.push(quote!(c.literal_str(#v)?;));
                literal_checks.push(quote!(c.nth_is_str(#skip, #v)));
                skipped = 0;
            }
            Field::Value(v) => {
                skipped += 1;
                if matches!(&line.payload, Some(Payload::Counted(n)) if n == &v.name) {
                    count_index = Some(i);
                }
                let ident = value_ident(&v.name);
                let local = format_ident!("f_{}", ident.to_string().trim_start_matches("r#"));
                let parse = field_parse(dialect, &v.ty, v.optional);
                stmts.push(quote!(let #local = #parse;));
                let base = value_type(&v.ty);
                let ty = if v.optional {
                    quote!(::core::option::Option<#base>)
                } else {
                    base
                };
                let doc = doc_or(&v.doc, || format!("The `{}` field.", v.name));
                fields.push(FieldGen {
                    ident,
                    local,
                    ty,
                    doc,
                });
            }
        }
    }
    let parse = if fields.is_empty() && literal_checks.is_empty() {
        quote!(::atspec_runtime::wire::Cursor::new(line, #prefix, line_no)?;)
    } else {
        quote! {
            let mut c = ::atspec_runtime::wire::Cursor::new(line, #prefix, line_no)?;
            #(#stmts)*
        }
    };
    let matches = if literal_checks.is_empty() {
        quote!(::atspec_runtime::wire::line_prefix(line, #prefix).is_some())
    } else {
        quote!(::atspec_runtime::wire::Cursor::try_new(line, #prefix).is_some_and(|mut c| #(#literal_checks)&&*))
    };
    let taken: Vec<String> = fields.iter().map(|f| f.ident.to_string()).collect();
    let payload_ident = |preferred: &str| {
        if taken.iter().any(|t| t == preferred) {
            format_ident!("payload")
        } else {
            format_ident!("{}", preferred)
        }
    };
    let mut payload = quote!();
    if mode == Mode::Response {
        match &line.payload {
            Some(Payload::Counted(_)) => {
                let ident = payload_ident("data");
                let local = format_ident!("raw_payload");
                payload = quote! {
                    let #local = ::atspec_runtime::wire::payload_at(lines, *pos)?;
                    *pos += 1;
                };
                fields.push(FieldGen {
                    ident,
                    local,
                    ty: quote!(::std::vec::Vec<u8>),
                    doc: String::from("The raw bytes that followed the line."),
                });
            }
            Some(Payload::Text) => {
                let ident = payload_ident("text");
                let local = format_ident!("raw_payload");
                payload = quote!(let #local = ::atspec_runtime::wire::text_from(lines, pos););
                fields.push(FieldGen {
                    ident,
                    local,
                    ty: quote!(::std::string::String),
                    doc: String::from("The free text that followed the line."),
                });
            }
            None => {}
        }
    }
    let claim = match count_index.map(usize_lit) {
        Some(idx) => quote! {
            match ::atspec_runtime::wire::payload_len(line, #prefix, #idx) {
                ::core::option::Option::Some(n) => ::atspec_runtime::Claim::MineWithPayload(n),
                ::core::option::Option::None => ::atspec_runtime::Claim::Mine,
            }
        },
        None => quote!(::atspec_runtime::Claim::Mine),
    };
    CaseGen {
        fields,
        parse,
        payload,
        matches,
        claim,
    }
}

fn struct_body(fields: &[FieldGen], public: bool) -> TokenStream {
    let idents = fields.iter().map(|f| &f.ident);
    let tys = fields.iter().map(|f| &f.ty);
    let docs = fields.iter().map(|f| &f.doc);
    let vis = if public { quote!(pub) } else { quote!() };
    quote!({ #(#[doc = #docs] #vis #idents: #tys,)* })
}

fn construct(path: TokenStream, fields: &[FieldGen]) -> TokenStream {
    let idents = fields.iter().map(|f| &f.ident);
    let locals = fields.iter().map(|f| &f.local);
    quote!(#path { #(#idents: #locals),* })
}

/// A struct for one line shape, with `parse_at`/`parse`, `matches` and `claim_line`.
pub fn line_struct(
    dialect: &Dialect,
    name: &Ident,
    doc: &str,
    line: &LineShape,
    mode: Mode,
) -> TokenStream {
    let case = case_gen(dialect, line, mode);
    let CaseGen {
        parse,
        payload,
        matches,
        claim,
        ..
    } = &case;
    let def = if case.fields.is_empty() {
        quote!(pub struct #name;)
    } else {
        let body = struct_body(&case.fields, true);
        quote!(pub struct #name #body)
    };
    let value = construct(quote!(Self), &case.fields);
    let advance = advance(mode);
    let parser = parser_fn(
        mode,
        &format!("a `{}:` line", line.prefix),
        quote! {
            #parse
            #advance
            #payload
            ::core::result::Result::Ok(#value)
        },
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        #def
        impl #name {
            #parser
            /// Whether `line` has this shape (prefix and constant fields).
            pub fn matches(line: &str) -> bool {
                #matches
            }
            /// How a matching line is claimed by a command.
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

fn parser_fn(mode: Mode, expected: &str, body: TokenStream) -> TokenStream {
    match mode {
        Mode::Response => quote! {
            /// Parses the line at `pos` (and its payload), advancing `pos`.
            pub fn parse_at<'a>(
                lines: &'a [::atspec_runtime::ResponseLine],
                pos: &mut usize,
            ) -> ::core::result::Result<Self, ::atspec_runtime::wire::FieldError<'a>> {
                let line_no = *pos + 1;
                let line = ::atspec_runtime::wire::line_at(lines, *pos, #expected)?;
                #body
            }
        },
        Mode::Urc => quote! {
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
        },
    }
}

fn advance(mode: Mode) -> TokenStream {
    match mode {
        Mode::Response => quote!(*pos += 1;),
        Mode::Urc => quote!(),
    }
}

/// An enum for `one_of` alternatives: the first alternative that matches wins.
pub fn line_enum(
    dialect: &Dialect,
    name: &Ident,
    doc: &str,
    alts: &[at_spec::ir::Alternative],
    mode: Mode,
) -> TokenStream {
    let cases: Vec<(Ident, CaseGen, &LineShape)> = alts
        .iter()
        .map(|a| {
            (
                type_ident(&a.name),
                case_gen(dialect, &a.line, mode),
                &a.line,
            )
        })
        .collect();
    let variants = cases.iter().map(|(v, case, line)| {
        let doc = format!("`{}:` line.", line.prefix);
        if case.fields.is_empty() {
            quote!(#[doc = #doc] #v)
        } else {
            let body = struct_body(&case.fields, false);
            quote!(#[doc = #doc] #v #body)
        }
    });
    let adv = advance(mode);
    let arms = cases.iter().map(|(v, case, _)| {
        let CaseGen {
            parse,
            payload,
            matches,
            ..
        } = case;
        let value = construct(quote!(Self::#v), &case.fields);
        quote! {
            if #matches {
                #parse
                #adv
                #payload
                return ::core::result::Result::Ok(#value);
            }
        }
    });
    let mut prefixes: Vec<String> = alts
        .iter()
        .map(|a| format!("`{}:`", a.line.prefix))
        .collect();
    prefixes.dedup();
    let expected = format!("one of the {} lines", prefixes.join(" / "));
    let parser = parser_fn(
        mode,
        &expected,
        quote! {
            #(#arms)*
            ::core::result::Result::Err(::atspec_runtime::wire::FieldError {
                line: line_no,
                field: ::core::option::Option::None,
                expected: ::atspec_runtime::wire::Expected::Text(#expected),
                found: ::atspec_runtime::wire::Found::Line(line),
            })
        },
    );
    let all_matches = cases.iter().map(|(_, c, _)| &c.matches);
    let claims = cases.iter().map(|(_, c, _)| {
        let CaseGen { matches, claim, .. } = c;
        quote!(if #matches { return ::core::option::Option::Some(#claim); })
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(#variants,)*
        }
        impl #name {
            #parser
            /// Whether `line` has one of the alternatives' shapes.
            pub fn matches(line: &str) -> bool {
                #(#all_matches)||*
            }
            /// How a matching line is claimed by a command.
            pub fn claim_line(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
                #(#claims)*
                ::core::option::Option::None
            }
        }
    }
}
