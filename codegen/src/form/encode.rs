//! Encoding a form's command line.

use at_spec::ir::{Command, Dialect, Form, FormKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::value_ident;
use crate::params::{write_literal, write_value, Layout, PosKind};

/// The statements writing the parameters with the `ParamWriter` `w`
/// (secrets through `w.secret`, which masks them in a masking writer).
fn params(dialect: &Dialect, form: &Form, layout: &Layout<'_>) -> Vec<TokenStream> {
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
                write_value(dialect, p, quote!(self.#f), false)
            }
            (PosKind::Param(p), true) => {
                let f = value_ident(&p.name);
                let w = write_value(dialect, p, quote!(v), true);
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

/// The start of the command line, without `\r`: `AT+NAME=?`, `AT+NAME?`,
/// `AT+NAME`, or `AT+NAME=` before a write form's parameters.
pub(super) fn head(cmd: &Command, form: &Form) -> proc_macro2::Literal {
    let name = cmd.name.as_str();
    let head = match form.kind {
        FormKind::Test => format!("AT+{name}=?"),
        FormKind::Read => format!("AT+{name}?"),
        FormKind::Exec => format!("AT+{name}"),
        FormKind::Write => format!("AT+{name}="),
    };
    proc_macro2::Literal::byte_string(head.as_bytes())
}

/// The statements writing a write form's parameters, comma-separated,
/// through the `ParamWriter` `w` (`None` for a form without any).
pub(super) fn params_body(
    dialect: &Dialect,
    form: &Form,
    layout: &Layout<'_>,
) -> Option<TokenStream> {
    if form.kind != FormKind::Write {
        return None;
    }
    let parts = params(dialect, form, layout);
    let seps = parts.iter().enumerate().map(|(i, p)| {
        if i == 0 {
            quote!(#p)
        } else {
            quote!(w.sep(); #p)
        }
    });
    (!parts.is_empty()).then(|| quote!(#(#seps)*))
}

/// The statements appending the command line (with `\r`) to `out`; with
/// `secret`, through a writer that masks secrets if the local `redact` is set.
pub(super) fn write_body(
    dialect: &Dialect,
    cmd: &Command,
    form: &Form,
    layout: &Layout<'_>,
    secret: bool,
) -> TokenStream {
    let head = head(cmd, form);
    let start = if secret {
        quote!(::atspec_runtime::wire::ParamWriter::masked(out, redact))
    } else {
        quote!(::atspec_runtime::wire::ParamWriter::new(out))
    };
    let writer = params_body(dialect, form, layout).map(|body| {
        quote! {
            let mut w = #start;
            #body
            w.finish();
        }
    });
    quote! {
        out.extend_from_slice(#head);
        #writer
        out.push(b'\r');
    }
}
