//! The inherent parsers of URC and data-result line types: thin wrappers
//! of their `wire::LineType` (the dialect's `parse_urc` dispatch and users
//! call them by name, without the trait in scope).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `parse`, `parse_fields` and `matches` of a URC or data-result type.
pub(super) fn wrappers(name: &Ident) -> TokenStream {
    let lt = quote!(<Self as ::atspec_runtime::wire::LineType>);
    quote! {
        impl #name {
            /// Parses one line.
            pub fn parse(line: &str) -> ::core::result::Result<Self, ::atspec_runtime::ParseError> {
                #lt::parse_line(line)
            }
            /// Parses one line; the error is cheap and borrows from the line.
            pub fn parse_fields(line: &str) -> ::atspec_runtime::wire::Parsed<'_, Self> {
                #lt::parse_fields(line)
            }
            /// Whether `line` has this type's shape (prefix and constant
            /// fields; its other fields may still fail to parse).
            pub fn matches(line: &str) -> bool {
                #lt::matches(line)
            }
        }
    }
}
