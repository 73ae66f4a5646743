//! The `SimpleCommand` impl of a form whose `Command` follows from it (no
//! data phase, no completion, a `wire::ResponseShape` answer).

use at_spec::ir::{Command, Dialect, Form};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{command_impl, encode};
use crate::params::Layout;
use crate::response::ResponseGen;

/// What the impl is made from.
pub(super) struct Parts<'a> {
    /// The request type.
    pub ident: &'a Ident,
    /// Its parameters.
    pub layout: &'a Layout<'a>,
    /// Whether a parameter is secret.
    pub secret: bool,
    /// The response side.
    pub resp: &'a ResponseGen,
}

/// `impl SimpleCommand`: name, line start, and only what differs from the
/// trait's defaults (timeout, secret, parameters, `when absent`).
pub(super) fn simple_impl(
    dialect: &Dialect,
    cmd: &Command,
    form: &Form,
    p: &Parts<'_>,
) -> TokenStream {
    let (ident, resp_ty) = (p.ident, &p.resp.ty);
    let name = cmd.name.as_str();
    let head = encode::head(cmd, form);
    let timeout = command_impl::timeout_const(form);
    let expected = p.resp.expected.as_ref().map(|e| {
        quote! {
            fn line_expected(&self) -> ::core::option::Option<bool> {
                ::core::option::Option::Some(#e)
            }
        }
    });
    let has_secret = p.secret.then(|| {
        quote!(
            const HAS_SECRET: bool = true;
        )
    });
    let params = encode::params_body(dialect, form, p.layout).map(|body| {
        quote! {
            fn params(&self, w: &mut ::atspec_runtime::wire::ParamWriter<'_>) {
                #body
            }
        }
    });
    quote! {
        impl ::atspec_runtime::SimpleCommand for #ident {
            type Response = #resp_ty;
            const NAME: &'static str = #name;
            const LINE: &'static [u8] = #head;
            #timeout
            #has_secret
            #params
            #expected
        }
    }
}
