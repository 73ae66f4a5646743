//! Types and parsers for information lines and URCs.

use at_spec::ir::{
    Alternative, Charset, Dialect, Field, IntType, LineShape, Literal, Payload, TextLimits, Type,
    ValueField,
};
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
    ty: TokenStream,
    doc: String,
    /// Expression turning the local (borrowed from the line) into the stored value.
    own: TokenStream,
}

/// One step of reading a line's fields with the cursor `c`.
struct Read {
    /// The local the value is bound to (`None`: a literal, checked only).
    local: Option<Ident>,
    /// The read, without `?`.
    expr: TokenStream,
    /// Whether `expr` is a `Result` (a field that can fail).
    fallible: bool,
}

/// What one line shape generates.
struct CaseGen {
    prefix: String,
    /// Fields stored in the type: the line's named fields, then the payload.
    fields: Vec<FieldGen>,
    /// Reads of the line's fields and constants, in order.
    reads: Vec<Read>,
    /// Statements after the line: reading its payload (`pos` already advanced).
    payload: TokenStream,
    /// Expression: whether `line` has this shape (prefix and constants).
    matches: TokenStream,
    /// Expression: the claim for a `line` of this shape.
    claim: TokenStream,
}

/// How generated field reads react to a failure.
enum OnError {
    /// `expr?`: return the error.
    Return,
    /// Leave the labelled block with the error as its value.
    Break(TokenStream),
    /// Leave the labelled block (the caller only asks whether the line parses).
    Skip(TokenStream),
}

impl CaseGen {
    /// Statements that read the line into the fields' locals (borrowed from
    /// the line: nothing is allocated until every field has parsed).
    fn read_stmts(&self, on: &OnError) -> TokenStream {
        let prefix = self.prefix.as_str();
        let (ok, err) = (
            quote!(::core::result::Result::Ok),
            quote!(::core::result::Result::Err),
        );
        let fail = |expr: &TokenStream, pattern: Option<TokenStream>| match (on, pattern) {
            (OnError::Return, Some(p)) => quote!(let #p = #expr?;),
            (OnError::Return, None) => quote!(#expr?;),
            (OnError::Break(label), Some(p)) => quote! {
                let #p = match #expr {
                    #ok(v) => v,
                    #err(e) => break #label e,
                };
            },
            (OnError::Break(label), None) => quote! {
                if let #err(e) = #expr {
                    break #label e;
                }
            },
            (OnError::Skip(label), Some(p)) => quote! {
                let #ok(#p) = #expr else {
                    break #label;
                };
            },
            (OnError::Skip(label), None) => quote! {
                if #expr.is_err() {
                    break #label;
                }
            },
        };
        let line_no = match on {
            OnError::Skip(_) => quote!(0),
            _ => quote!(line_no),
        };
        let cursor = quote!(::atspec_runtime::wire::Cursor::new(line, #prefix, #line_no));
        if self.reads.is_empty() {
            return fail(&cursor, None);
        }
        let open = fail(&cursor, Some(quote!(mut c)));
        let steps = self.reads.iter().map(|r| {
            let (local, expr) = (&r.local, &r.expr);
            match (r.fallible, on) {
                (true, OnError::Skip(_)) => fail(expr, None),
                (true, _) => fail(expr, local.as_ref().map(|l| quote!(#l))),
                (false, OnError::Skip(_)) => quote!(let _ = #expr;),
                (false, _) => quote!(let #local = #expr;),
            }
        });
        quote!(#open #(#steps)*)
    }

    /// The stored value built from the locals: `Self { a: f_a, ... }`.
    fn construct(&self, path: TokenStream) -> TokenStream {
        let idents = self.fields.iter().map(|f| &f.ident);
        let owns = self.fields.iter().map(|f| &f.own);
        quote!(#path { #(#idents: #owns),* })
    }
}

/// The read of one field into `local` (strings borrowed from the line), and
/// the expression that makes the stored value from `local`.
fn field_read(dialect: &Dialect, v: &ValueField, local: &Ident) -> (Read, TokenStream) {
    let (ty, optional) = (&v.ty, v.optional);
    let string = quote!(::std::string::String::from);
    let secret = quote!(::atspec_runtime::wire::Secret::new);
    let owned_str = |is_secret: bool| match (is_secret, optional) {
        (false, false) => quote!(#string(#local)),
        (false, true) => quote!(#local.map(#string)),
        (true, false) => quote!(#secret(#string(#local))),
        (true, true) => quote!(#local.map(|s| #secret(#string(s)))),
    };
    let read = |expr: TokenStream, fallible: bool| Read {
        local: Some(local.clone()),
        expr,
        fallible,
    };
    let str_read = || {
        if optional {
            quote!(c.opt_str_field())
        } else {
            quote!(c.str_field())
        }
    };
    match ty {
        Type::Int(t) => (read(int_read(t, optional), true), quote!(#local)),
        Type::Str(s) => match (&s.prefix, optional) {
            // A required prefix is checked on response values too.
            (Some(prefix), false) => {
                let exp = format!("a string starting with {prefix:?}");
                let e = quote!(c.str_field_if(#exp, |t| t.starts_with(#prefix)));
                (read(e, true), owned_str(s.secret))
            }
            _ => (read(str_read(), true), owned_str(s.secret)),
        },
        Type::Masked => (read(str_read(), true), owned_str(true)),
        Type::Range => (read(str_read(), true), owned_str(false)),
        Type::Text => match &v.text_limits {
            Some(limits) => (read(text_in(limits, optional), true), owned_str(false)),
            None => {
                let e = if optional {
                    quote!(::core::option::Option::Some(c.rest_str()).filter(|t| !t.is_empty()))
                } else {
                    quote!(c.rest_str())
                };
                (read(e, false), owned_str(false))
            }
        },
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
            let e = match (enum_is_str(dialect, name), optional) {
                (true, false) => quote!(c.field(#exp, |f| #t::from_str_value(f.text))),
                (true, true) => quote!(c.opt_field(#exp, |f| #t::from_str_value(f.text))),
                (false, false) => quote!(c.int_map(#exp, #t::from_value)),
                (false, true) => {
                    quote!(c.opt_field(#exp, |f| f.as_i64().and_then(#t::from_value)))
                }
            };
            (read(e, true), quote!(#local))
        }
        Type::Codes(name) => {
            let t = type_ident(name);
            let (exp, lo, hi) = match v.code_range {
                Some((lo, hi)) => (format!("a {name} code {lo}..={hi}"), lo, hi),
                None => (format!("a {name} code"), i64::MIN, i64::MAX),
            };
            let (lo, hi) = (int_lit(lo), int_lit(hi));
            let e = match (optional, v.code_range.is_some()) {
                (true, false) => quote!(c.opt_field(#exp, |f| f.as_i64().map(#t::from_code))),
                (true, true) => quote!(c.opt_field(#exp, |f| f
                    .as_i64()
                    .filter(|v| (#lo..=#hi).contains(v))
                    .map(#t::from_code))),
                (false, false) => quote!(c.int::<i64>(#exp)),
                (false, true) => quote!(c.int_in::<i64>(#exp, #lo, #hi)),
            };
            let own = if optional {
                quote!(#local)
            } else {
                quote!(#t::from_code(#local))
            };
            (read(e, true), own)
        }
    }
}

/// The read of a `text` field with limits: the rest of the line, failing
/// the field when its length or a character breaks them (an optional field
/// may be empty).
fn text_in(limits: &TextLimits, optional: bool) -> TokenStream {
    let exp = limits.describe();
    let min = usize_lit(limits.min_len);
    let len_ok = match (limits.min_len, limits.max_len) {
        (_, Some(max)) => {
            let max = usize_lit(max);
            quote!((#min..=#max).contains(&t.len()))
        }
        (0, None) => quote!(true),
        (_, None) => quote!(t.len() >= #min),
    };
    let class_ok = match limits.charset {
        Charset::Any => quote!(true),
        Charset::Ascii => quote!(t.bytes().all(|b| (0x20..=0x7e).contains(&b))),
        Charset::Alnum => quote!(t.bytes().all(|b| b.is_ascii_alphanumeric())),
        Charset::Printable => quote!(t.bytes().all(|b| (0x21..=0x7e).contains(&b))),
        Charset::Hex => quote!(t.len() % 2 != 1 && t.bytes().all(|b| b.is_ascii_hexdigit())),
    };
    let ok = if optional {
        quote!(|t: &str| t.is_empty() || (#len_ok && #class_ok))
    } else {
        quote!(|t: &str| #len_ok && #class_ok)
    };
    let e = quote!(c.rest_str_if(#exp, #ok));
    if optional {
        quote!(#e.map(|t| ::core::option::Option::Some(t).filter(|t| !t.is_empty())))
    } else {
        e
    }
}

/// The read of an `int` field: the declared range is checked when the Rust
/// type does not already bound it (a value outside it fails the line).
fn int_read(t: &IntType, optional: bool) -> TokenStream {
    let repr = IntRepr::for_range(t);
    let exp = int_expectation(t);
    let (lo, hi) = (t.min.unwrap_or(i64::MIN), t.max.unwrap_or(i64::MAX));
    let ty = repr.tokens();
    if (lo, hi) == repr.bounds() {
        return if optional {
            quote!(c.opt_int::<#ty>(#exp))
        } else {
            quote!(c.int::<#ty>(#exp))
        };
    }
    let (lo, hi) = (int_lit(lo), int_lit(hi));
    if optional {
        quote!(c.opt_int_in::<#ty>(#exp, #lo, #hi))
    } else {
        quote!(c.int_in::<#ty>(#exp, #lo, #hi))
    }
}

/// The end of a line's fields: with `...`, the fields left kept in `extra`;
/// otherwise a check that none is left (a line that matches only by dropping
/// fields is not a match).
fn line_end(line: &LineShape, fields: &mut Vec<FieldGen>, reads: &mut Vec<Read>) {
    if !line.trailing {
        reads.push(Read {
            local: None,
            expr: quote!(c.end()),
            fallible: true,
        });
        return;
    }
    let local = format_ident!("f_extra");
    reads.push(Read {
        local: Some(local.clone()),
        expr: quote!(c.rest_fields()),
        fallible: false,
    });
    fields.push(FieldGen {
        ident: format_ident!("extra"),
        ty: quote!(::std::vec::Vec<::std::string::String>),
        doc: String::from(
            "Fields the module appended after the declared ones (`...`), verbatim without quotes.",
        ),
        own: quote!(#local.map(|f| ::std::string::String::from(f.text)).collect()),
    });
}

fn case_gen(dialect: &Dialect, line: &LineShape, mode: Mode) -> CaseGen {
    let prefix = line.prefix.as_str();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut literal_checks = Vec::new();
    let mut skipped = 0usize;
    let mut words = 0usize;
    let mut count = None;
    for (i, f) in line.fields.iter().enumerate() {
        match f {
            Field::Literal(Literal::Int(v), _) => {
                let (v, skip) = (int_lit(*v), usize_lit(skipped));
                reads.push(Read {
                    local: None,
                    expr: quote!(c.literal_int(#v)),
                    fallible: true,
                });
                literal_checks.push(quote!(c.nth_is_int(#skip, #v)));
                skipped = 0;
            }
            Field::Literal(Literal::Str(v), _) => {
                let skip = usize_lit(skipped);
                reads.push(Read {
                    local: None,
                    expr: quote!(c.literal_str(#v)),
                    fallible: true,
                });
                literal_checks.push(quote!(c.nth_is_str(#skip, #v)));
                skipped = 0;
            }
            Field::Word(v, _) => {
                let skip = usize_lit(skipped);
                reads.push(Read {
                    local: None,
                    expr: quote!(c.literal_word(#v)),
                    fallible: true,
                });
                literal_checks.push(quote!(c.nth_is_word(#skip, #v)));
                skipped = 0;
                // The word and the value after it share one wire field.
                words += 1;
            }
            Field::Value(v) => {
                skipped += 1;
                let ident = value_ident(&v.name);
                // `f_<name>`, so a field called `c`, `line` or `pos` cannot
                // shadow the parser's own variables.
                let local = format_ident!("f_{}", ident.to_string().trim_start_matches("r#"));
                if matches!(&line.payload, Some(Payload::Counted(n)) if n == &v.name) {
                    count = Some((i - words, local.clone(), v.ty.clone(), v.optional));
                }
                let (read, own) = field_read(dialect, v, &local);
                reads.push(read);
                let base = value_type(&v.ty);
                let ty = if v.optional {
                    quote!(::core::option::Option<#base>)
                } else {
                    base
                };
                let doc = doc_or(&v.doc, || format!("The `{}` field.", v.name));
                fields.push(FieldGen {
                    ident,
                    ty,
                    doc,
                    own,
                });
            }
        }
    }
    line_end(line, &mut fields, &mut reads);
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
        let local = format_ident!("raw_payload");
        match (&line.payload, &count) {
            (Some(Payload::Counted(_)), Some((_, count_local, ty, optional))) => {
                let ident = payload_ident("data");
                let repr = match ty {
                    Type::Int(t) => IntRepr::for_range(t),
                    _ => IntRepr::I64,
                };
                let read = |n: TokenStream| {
                    let announced = repr.to_i64(n);
                    quote! {
                        ::atspec_runtime::wire::counted_payload_at(lines, *pos, #announced)?
                    }
                };
                payload = if *optional {
                    // A blank count announces no payload (the line is claimed without one).
                    let some = read(quote!(n));
                    quote! {
                        let #local = match #count_local {
                            ::core::option::Option::Some(n) => {
                                let bytes = #some;
                                *pos += 1;
                                bytes
                            }
                            ::core::option::Option::None => ::std::vec::Vec::new(),
                        };
                    }
                } else {
                    let r = read(quote!(#count_local));
                    quote! {
                        let #local = #r;
                        *pos += 1;
                    }
                };
                fields.push(FieldGen {
                    ident,
                    ty: quote!(::std::vec::Vec<u8>),
                    doc: String::from("The raw bytes that followed the line."),
                    own: quote!(#local),
                });
            }
            (Some(Payload::Text), _) => {
                let ident = payload_ident("text");
                payload = quote!(let #local = ::atspec_runtime::wire::text_from(lines, pos););
                fields.push(FieldGen {
                    ident,
                    ty: quote!(::std::string::String),
                    doc: String::from("The free text that followed the line."),
                    own: quote!(#local),
                });
            }
            _ => {}
        }
    }
    let claim = match &count {
        Some((i, _, ty, _)) => counted_claim(prefix, *i, ty, mode),
        None => quote!(::atspec_runtime::Claim::Mine),
    };
    CaseGen {
        prefix: prefix.to_owned(),
        fields,
        reads,
        payload,
        matches,
        claim,
    }
}

/// The claim of a line whose field `index` counts the raw bytes after it.
/// For a URC, a count over the field's declared maximum is refused, never
/// taken (a command's claim is strict: such a line matches none of its
/// shapes and is `Unrecognised`).
fn counted_claim(prefix: &str, index: usize, ty: &Type, mode: Mode) -> TokenStream {
    let idx = usize_lit(index);
    let max = match ty {
        Type::Int(t) if mode == Mode::Urc => t.max.and_then(|m| usize::try_from(m).ok()),
        _ => None,
    };
    let over = max.map(|max| {
        let max = usize_lit(max);
        quote! {
            ::core::option::Option::Some(n) if n > #max => {
                ::atspec_runtime::Claim::PayloadOverMax { announced: n, max: #max }
            }
        }
    });
    quote! {
        match ::atspec_runtime::wire::payload_len(line, #prefix, #idx) {
            #over
            ::core::option::Option::Some(n) => ::atspec_runtime::Claim::MineWithPayload(n),
            ::core::option::Option::None => ::atspec_runtime::Claim::Mine,
        }
    }
}

fn struct_body(fields: &[FieldGen], public: bool) -> TokenStream {
    let idents = fields.iter().map(|f| &f.ident);
    let tys = fields.iter().map(|f| &f.ty);
    let docs = fields.iter().map(|f| &f.doc);
    let vis = if public { quote!(pub) } else { quote!() };
    quote!({ #(#[doc = #docs] #vis #idents: #tys,)* })
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
    let reads = case.read_stmts(&OnError::Return);
    let parsed_claim = {
        let label = alt_label(0);
        let checks = case.read_stmts(&OnError::Skip(label.clone()));
        quote! {
            #label: {
                #checks
                return ::core::option::Option::Some(#claim);
            }
            ::core::option::Option::None
        }
    };
    let value = case.construct(quote!(Self));
    let advance = advance(mode);
    let parser = parser_fn(
        mode,
        &format!("a `{}:` line", line.prefix),
        quote! {
            #reads
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
            /// How `line` is claimed if it parses completely as this shape
            /// (every field read as its type); `None` otherwise.
            pub fn parsed_claim(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
                #parsed_claim
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

/// The generated docs' list of the alternatives, in the order they are tried.
fn alternatives_doc(alts: &[Alternative]) -> String {
    let items: Vec<String> = alts
        .iter()
        .map(|a| {
            let trailing = if a.line.trailing { ", ..." } else { "" };
            let doc = if a.doc.is_empty() {
                String::new()
            } else {
                format!(": {}", a.doc.trim_end_matches('.'))
            };
            format!("- `{}` (`{}:` line{trailing}){doc}", a.name, a.line.prefix)
        })
        .collect();
    format!(
        "Alternatives, tried in this order (the first whose whole line parses wins):\n{}",
        items.join("\n")
    )
}

/// The label of the block trying alternative `i` (0-based).
fn alt_label(i: usize) -> TokenStream {
    let name = proc_macro2::Ident::new(&format!("alt{}", i + 1), proc_macro2::Span::call_site());
    let tick = proc_macro2::Punct::new('\'', proc_macro2::Spacing::Joint);
    TokenStream::from_iter([proc_macro2::TokenTree::from(tick), name.into()])
}

/// An enum for `one_of` alternatives: the first alternative whose line parses
/// completely (prefix, constants and every field's type) wins.
pub fn line_enum(
    dialect: &Dialect,
    name: &Ident,
    doc: &str,
    alts: &[Alternative],
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
    let variants = cases.iter().zip(alts).map(|((v, case, line), alt)| {
        let doc = if alt.doc.is_empty() {
            format!("`{}:` line.", line.prefix)
        } else {
            format!(
                "{} (`{}:` line).",
                alt.doc.trim_end_matches('.'),
                line.prefix
            )
        };
        if case.fields.is_empty() {
            quote!(#[doc = #doc] #v)
        } else {
            let body = struct_body(&case.fields, false);
            quote!(#[doc = #doc] #v #body)
        }
    });
    let adv = advance(mode);
    // Each alternative is tried in a labelled block that either returns the
    // value or ends with the error of its failed read; once the line has
    // parsed the alternative is chosen, and a payload error is final.
    let misses: Vec<Ident> = (1..=cases.len())
        .map(|i| format_ident!("miss{i}"))
        .collect();
    let attempts = cases.iter().enumerate().map(|(i, (v, case, _))| {
        let label = alt_label(i);
        let reads = case.read_stmts(&OnError::Break(label.clone()));
        let payload = &case.payload;
        let value = case.construct(quote!(Self::#v));
        let miss = &misses[i];
        quote! {
            let #miss = #label: {
                #reads
                #adv
                #payload
                return ::core::result::Result::Ok(#value);
            };
        }
    });
    let first_miss = &misses[0];
    let later_misses = &misses[1..];
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
            #(#attempts)*
            // None parsed: report the attempt that got furthest into the line
            // (the later one on a tie), or, if no prefix matched, every prefix.
            let miss = #first_miss #(.further(#later_misses))*;
            ::core::result::Result::Err(if miss.field.is_some() {
                miss
            } else {
                ::atspec_runtime::wire::FieldError {
                    line: line_no,
                    field: ::core::option::Option::None,
                    expected: ::atspec_runtime::wire::Expected::Text(#expected),
                    found: ::atspec_runtime::wire::Found::Line(line),
                }
            })
        },
    );
    let all_matches = cases.iter().map(|(_, c, _)| &c.matches);
    let parsing_claims: Vec<TokenStream> = cases
        .iter()
        .enumerate()
        .map(|(i, (_, case, _))| {
            let label = alt_label(i);
            let reads = case.read_stmts(&OnError::Skip(label.clone()));
            let claim = &case.claim;
            quote! {
                #label: {
                    #reads
                    return ::core::option::Option::Some(#claim);
                }
            }
        })
        .collect();
    let shape_claims = cases.iter().map(|(_, c, _)| {
        let CaseGen { matches, claim, .. } = c;
        quote!(if #matches { return ::core::option::Option::Some(#claim); })
    });
    let doc = format!("{doc}\n\n{}", alternatives_doc(alts));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(#variants,)*
        }
        impl #name {
            #parser
            /// Whether `line` has one of the alternatives' shapes (prefix and
            /// constant fields; its other fields may still fail to parse).
            pub fn matches(line: &str) -> bool {
                #(#all_matches)||*
            }
            /// How a line is claimed by a command: as the first alternative
            /// that parses it, else as the first whose shape it has (so that
            /// the parse error is reported), else not at all.
            pub fn claim_line(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
                #(#parsing_claims)*
                #(#shape_claims)*
                ::core::option::Option::None
            }
            /// How `line` is claimed as the first alternative that parses it
            /// completely; `None` if none does.
            pub fn parsed_claim(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
                #(#parsing_claims)*
                ::core::option::Option::None
            }
        }
    }
}
