//! Reading one field of a line with the cursor `c`: the read, its borrowed
//! type and the conversion to the stored value.

use at_spec::ir::{Charset, Dialect, IntType, LineShape, Literal, TextLimits, Type, ValueField};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{FieldGen, Read};
use crate::names::{int_lit, type_ident, usize_lit};
use crate::types::{enum_is_str, int_expectation, IntRepr};

/// The type of a field's value as read, borrowed from the line (`'a`).
fn read_type(v: &ValueField) -> TokenStream {
    let base = match &v.ty {
        Type::Int(t) => IntRepr::for_range(t).tokens(),
        Type::Str(_) | Type::Masked | Type::Range | Type::Text => quote!(&'a str),
        Type::Enum(name) => {
            let t = type_ident(name);
            quote!(#t)
        }
        Type::Codes(name) if v.optional => {
            let t = type_ident(name);
            quote!(#t)
        }
        Type::Codes(_) => quote!(i64),
    };
    if v.optional {
        quote!(::core::option::Option<#base>)
    } else {
        base
    }
}

/// The read of one field into `local` (strings borrowed from the line), and
/// the expression that makes the stored value from `local`.
pub(super) fn field_read(dialect: &Dialect, v: &ValueField, local: &Ident) -> (Read, TokenStream) {
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
        ty: Some(read_type(v)),
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
pub(super) fn line_end(line: &LineShape, fields: &mut Vec<FieldGen>, reads: &mut Vec<Read>) {
    if !line.trailing {
        reads.push(Read {
            local: None,
            expr: quote!(c.end()),
            fallible: true,
            ty: None,
        });
        return;
    }
    let local = format_ident!("f_extra");
    reads.push(Read {
        local: Some(local.clone()),
        expr: quote!(c.rest_fields()),
        fallible: false,
        ty: Some(quote!(::atspec_runtime::wire::Fields<'a>)),
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
