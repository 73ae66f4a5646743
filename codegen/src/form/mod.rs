//! One form of a command: its request type and `Command` implementation.

use at_spec::ir::{Command, Dialect, Form};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::data::{data_phase, data_result};
use crate::names::form_type_name;
use crate::params::{has_secret, Layout};
use crate::response::response;

mod command_impl;
mod encode;
mod request;
mod simple;
mod syntax;

/// The request type, its response types and its `Command` impl.
pub fn form(dialect: &Dialect, cmd: &Command, form: &Form) -> TokenStream {
    let type_name = form_type_name(&cmd.name, form.key.as_ref(), form.kind);
    let ident = Ident::new(&type_name, proc_macro2::Span::call_site());
    let what = format!("`{}`", syntax::syntax(cmd, form));
    let doc = syntax::type_doc(dialect, cmd, form, &what);
    let layout = Layout::new(&form.params);
    let secret = has_secret(&layout);
    let (def, ctor) = request::request(dialect, form, &layout, &ident, &doc);
    let resp = response(dialect, &type_name, form, &what);
    let (resp_items, resp_ty, parse, claim) = (&resp.items, &resp.ty, &resp.parse, &resp.claim);
    let free_text = resp.free_text.then(|| {
        quote! {
            fn free_text(&self) -> bool {
                true
            }
        }
    });
    let data = form.data.as_ref().map(|d| data_phase(dialect, &layout, d));
    let timeout = command_impl::timeout(form);
    let (outcome_ty, completion) = command_impl::completion(dialect, form, &layout);
    let data_result = data_result(dialect, &type_name, form, &what);
    let (data_result_items, data_result_ty, data_result_parse) =
        (&data_result.items, &data_result.ty, &data_result.parse);
    let simple = resp.shaped
        && free_text.is_none()
        && data.is_none()
        && completion.is_empty()
        && data_result_parse.is_empty();
    if simple {
        let parts = simple::Parts {
            ident: &ident,
            layout: &layout,
            secret,
            resp: &resp,
        };
        let imp = simple::simple_impl(dialect, cmd, form, &parts);
        let inherent = (!ctor.is_empty()).then(|| quote!(impl #ident { #ctor }));
        return quote!(#def #inherent #resp_items #imp);
    }
    let write_body = encode::write_body(dialect, cmd, form, &layout, secret);
    // A form with a secret writes its line in one place for both `encode`
    // and `write_redacted`.
    let write_line = secret.then(|| {
        quote! {
            /// Writes the command line (with `\r`), secrets masked if `redact`.
            fn write_line(&self, out: &mut ::std::vec::Vec<u8>, redact: bool) {
                #write_body
            }
        }
    });
    let line_items = command_impl::line_items(&cmd.name, &write_body, secret);
    let inherent = (!ctor.is_empty() || write_line.is_some())
        .then(|| quote!(impl #ident { #ctor #write_line }));
    quote! {
        #def
        #inherent
        #resp_items
        #data_result_items
        impl ::atspec_runtime::Command for #ident {
            type Response = #resp_ty;
            type Outcome = #outcome_ty;
            type DataResult = #data_result_ty;
            #line_items
            #timeout
            fn claim(&self, line: &str) -> ::atspec_runtime::Claim {
                #claim
            }
            #free_text
            fn parse_response(
                &self,
                lines: &[::atspec_runtime::ResponseLine],
            ) -> ::core::result::Result<Self::Response, ::atspec_runtime::ParseError> {
                #parse
            }
            #data
            #completion
            #data_result_parse
        }
    }
}
