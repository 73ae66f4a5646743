//! What follows a response line (`then raw n`, `then text`) and the claim
//! of a line that announces a counted payload.

use at_spec::ir::{LineShape, Payload, Type};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Count, FieldGen, Mode};
use crate::names::usize_lit;
use crate::types::IntRepr;

/// The payload field's name: `preferred`, or `payload` if a line field
/// already has that name.
fn payload_ident(fields: &[FieldGen], preferred: &str) -> Ident {
    if fields.iter().any(|f| f.ident == preferred) {
        format_ident!("payload")
    } else {
        format_ident!("{}", preferred)
    }
}

/// Statements reading a counted payload into `raw_payload` (`pos` is past
/// the line; a blank optional count announces none).
fn counted(count: &Count) -> TokenStream {
    let (_, count_local, ty, optional) = count;
    let local = format_ident!("raw_payload");
    let repr = match ty {
        Type::Int(t) => IntRepr::for_range(t),
        _ => IntRepr::I64,
    };
    let read = |n: TokenStream| {
        let announced = repr.to_i64(n);
        quote!(::atspec_runtime::wire::counted_payload_at(lines, *pos, #announced)?)
    };
    if *optional {
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
    }
}

/// The statements reading a response line's payload, adding its field to
/// `fields` (none for a line without payload).
pub(super) fn response_payload(
    line: &LineShape,
    count: Option<&Count>,
    fields: &mut Vec<FieldGen>,
) -> TokenStream {
    let local = format_ident!("raw_payload");
    match (&line.payload, count) {
        (Some(Payload::Counted(_)), Some(count)) => {
            let ident = payload_ident(fields, "data");
            fields.push(FieldGen {
                ident,
                ty: quote!(::std::vec::Vec<u8>),
                doc: String::from("The raw bytes that followed the line."),
                own: quote!(#local),
            });
            counted(count)
        }
        (Some(Payload::Text), _) => {
            let ident = payload_ident(fields, "text");
            fields.push(FieldGen {
                ident,
                ty: quote!(::std::string::String),
                doc: String::from("The free text that followed the line."),
                own: quote!(#local),
            });
            quote!(let #local = ::atspec_runtime::wire::text_from(lines, pos);)
        }
        _ => quote!(),
    }
}

/// The claim of a line whose field `index` counts the raw bytes after it.
/// For a URC, a count over the field's declared maximum is refused, never
/// taken (a command's claim is strict: such a line matches none of its
/// shapes and is `Unrecognised`).
pub(super) fn counted_claim(prefix: &str, index: usize, ty: &Type, mode: Mode) -> TokenStream {
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
