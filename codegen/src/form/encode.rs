//! Encoding a form's command line.

use at_spec::ir::{Command, Dialect, Form, FormKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::value_ident;
use crate::params::{write_literal, write_value, Layout, PosKind};

/// The statements writing the parameters with the `ParamWriter` `w`
/// (`secret`: secrets are masked when the local `redact` is set).
fn params(dialect: &Dialect, form: &Form, layout: &Layout<'_>, secret: bool) -> Vec<TokenStream> {
    let mut parts = Vec::new();
    if let Some(key) = &form.key {
        parts.push(write_literal(key));
    }
    for pos in &layout.positions {
        let presence = pos.group.map(|g| layout.presence(g));
        let code = match (&pos.kind, pos.group.is_some()) {
            (PosKind::Literal(l), _) => write_literal(l),
            (PosKind::Param(p), false) => {
                let f = value_ident(&p.name);
                write_value(dialect, p, quote!(self.#f), false, secret)
            }
            (PosKind::Param(p), true) => {
                let f = value_ident(&p.name);
                let w = write_value(dialect, p, quote!(v), true, secret);
                parts.push(quote!(if let ::core::option::Option::Some(v) = &self.#f { #w }));
                continue;
            }
        };
        match presence {
            Some(cond) => parts.push(quote!(if #cond { #code })),
            None => parts.push(code),
        }
    }
    parts
}

/// The statements appending the command line (with `\r`) to `out`.
pub(super) fn write_body(
    dialect: &Dialect,
    cmd: &Command,
    form: &Form,
    layout: &Layout<'_>,
    secret: bool,
) -> TokenStream {
    let name = cmd.name.as_str();
    let head = match form.kind {
        FormKind::Test => format!("AT+{name}=?\r"),
        FormKind::Read => format!("AT+{name}?\r"),
        FormKind::Exec => format!("AT+{name}\r"),
        FormKind::Write => format!("AT+{name}="),
    };
    let head_bytes = proc_macro2::Literal::byte_string(head.as_bytes());
    if form.kind != FormKind::Write {
        return quote!(out.extend_from_slice(#head_bytes););
    }
    let parts = params(dialect, form, layout, secret);
    let seps = parts.iter().enumerate().map(|(i, p)| {
        if i == 0 {
            quote!(#p)
        } else {
            quote!(w.sep(); #p)
        }
    });
    let writer = (!parts.is_empty()).then(|| {
        quote! {
            let mut w = ::atspec_runtime::wire::ParamWriter::new(out);
            #(#seps)*
            w.finish();
        }
    });
    quote! {
        out.extend_from_slice(#head_bytes);
        #writer
        out.push(b'\r');
    }
}
