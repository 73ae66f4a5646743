//! A form's `Command` impl: only what differs from the trait's defaults.

use at_spec::ir::{Dialect, Form};
use proc_macro2::TokenStream;
use quote::quote;

use crate::data::{chunk_offer, duration, timeout_expr, urc_prefix};
use crate::names::type_ident;
use crate::params::Layout;

/// `name`, `encode` and the redaction of the command line: a form without
/// a secret is `SECRET_FREE` (the trait redacts by encoding); one with a
/// secret writes its line through `write_line(out, redact)`.
pub(super) fn line_items(name: &str, write_body: &TokenStream, secret: bool) -> TokenStream {
    let common = quote! {
        fn name(&self) -> &'static str {
            #name
        }
    };
    if !secret {
        return quote! {
            const SECRET_FREE: bool = true;
            #common
            fn encode(&self, out: &mut ::std::vec::Vec<u8>) {
                #write_body
            }
        };
    }
    quote! {
        #common
        fn encode(&self, out: &mut ::std::vec::Vec<u8>) {
            self.write_line(out, false);
        }
        fn redacted(&self) -> ::std::string::String {
            ::atspec_runtime::command::redacted_line(self)
        }
        fn write_redacted(&self, out: &mut ::std::vec::Vec<u8>) {
            self.write_line(out, true);
            let _ = out.pop();
        }
    }
}

/// `timeout`, unless the form's is the trait's default.
pub(super) fn timeout(form: &Form) -> TokenStream {
    if form.timeout == std::time::Duration::from_secs(5) {
        return quote!();
    }
    let t = duration(form.timeout);
    quote! {
        fn timeout(&self) -> ::core::time::Duration {
            #t
        }
    }
}

/// `SimpleCommand::TIMEOUT`, unless the form's is the default.
pub(super) fn timeout_const(form: &Form) -> TokenStream {
    if form.timeout == std::time::Duration::from_secs(5) {
        return quote!();
    }
    let t = duration(form.timeout);
    quote!(const TIMEOUT: ::core::time::Duration = #t;)
}

/// `completion` (and the chunk offer, `completion_is_final`,
/// `outcome_succeeded`, `parse_outcome`) and the `Outcome` type; the
/// trait's defaults when the form has no completion.
pub(super) fn completion(
    dialect: &Dialect,
    form: &Form,
    layout: &Layout<'_>,
) -> (TokenStream, TokenStream) {
    let Some(c) = form
        .completion
        .as_ref()
        .filter(|c| dialect.urc(&c.urc).is_some())
    else {
        return (quote!(()), quote!());
    };
    let urc = type_ident(&c.urc);
    let prefixes = urc_prefix(dialect, &c.urc);
    let t = timeout_expr(layout, &c.timeout);
    let offer = c
        .after_chunks
        .as_deref()
        .map(|other| chunk_offer(dialect, other));
    let until = crate::until::completion_is_final(dialect, &c.urc, c.until.as_ref());
    let success = crate::success::outcome_succeeded(dialect, &c.urc, c.success.as_ref());
    let items = quote! {
        fn completion(&self) -> ::core::option::Option<::atspec_runtime::CompletionSpec> {
            ::core::option::Option::Some(::atspec_runtime::CompletionSpec { prefixes: &[#(#prefixes),*], timeout: #t })
        }
        #offer
        #until
        #success
        fn parse_outcome(&self, line: &str) -> ::core::result::Result<Self::Outcome, ::atspec_runtime::ParseError> {
            #urc::parse(line)
        }
    };
    (quote!(#urc), items)
}
