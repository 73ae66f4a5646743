//! The inherent parser of URC and data-result line types: a thin wrapper
//! of their `wire::LineType::parse_line`, so users call it by name without
//! the trait in scope (the trait's `parse_fields` and `matches` are there
//! for generic code).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `parse` of a URC or data-result type.
pub(super) fn wrappers(name: &Ident) -> TokenStream {
    let lt = quote!(<Self as ::atspec_runtime::wire::LineType>);
    quote! {
        impl #name {
            /// Parses one line.
            pub fn parse(line: &str) -> ::core::result::Result<Self, ::atspec_runtime::ParseError> {
                #lt::parse_line(line)
            }
        }
    }
}
