//! One form of a command: its request type and `Command` implementation.

use at_spec::ir::{Command, Dialect, Form, FormKind, Literal, Type};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::data::{chunk_offer, data_phase, data_result, duration, timeout_expr, urc_prefix};
use crate::enums::doc_or;
use crate::names::{form_type_name, type_ident, value_ident};
use crate::params::{constructor, has_secret, write_literal, write_value, Layout, PosKind};
use crate::response::response;
use crate::rules::checks;
use crate::types::{is_secret, value_type};

/// The command line a form sends, for docs: `AT+SMTPSRV=<server>[,<port>]`.
fn syntax(cmd: &Command, form: &Form) -> String {
    match form.kind {
        FormKind::Test => format!("AT+{}=?", cmd.name),
        FormKind::Read => format!("AT+{}?", cmd.name),
        FormKind::Exec => format!("AT+{}", cmd.name),
        FormKind::Write => {
            let mut s = format!("AT+{}=", cmd.name);
            let mut parts = Vec::new();
            if let Some(key) = &form.key {
                parts.push(lit(key));
            }
            describe(&form.params, &mut parts);
            s.push_str(&parts.join(","));
            s
        }
    }
}

fn lit(l: &Literal) -> String {
    match l {
        Literal::Int(i) => i.to_string(),
        Literal::Str(s) => format!("{s:?}"),
    }
}

fn describe(nodes: &[at_spec::ir::ParamNode], parts: &mut Vec<String>) {
    for n in nodes {
        match n {
            at_spec::ir::ParamNode::Param(p) => parts.push(format!("<{}>", p.name)),
            at_spec::ir::ParamNode::Literal(l, _) => parts.push(lit(l)),
            at_spec::ir::ParamNode::Optional(inner, _) => {
                let mut sub = Vec::new();
                describe(inner, &mut sub);
                let joined = sub.join(",");
                match parts.pop() {
                    Some(last) => parts.push(format!("{last}[,{joined}]")),
                    None => parts.push(format!("[{joined}]")),
                }
            }
        }
    }
}

/// The request type, its response types and its `Command` impl.
pub fn form(dialect: &Dialect, cmd: &Command, form: &Form) -> TokenStream {
    let type_name = form_type_name(&cmd.name, form.key.as_ref(), form.kind);
    let ident = Ident::new(&type_name, proc_macro2::Span::call_site());
    let line = syntax(cmd, form);
    let what = format!("`{line}`");
    let mut doc = format!(
        "{} ({what}).",
        doc_or(&cmd.doc, || format!("The `{}` command", cmd.name)).trim_end_matches('.')
    );
    if !form.doc.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&form.doc);
    }
    if let Some(other) = form
        .completion
        .as_ref()
        .and_then(|c| c.after_chunks.as_deref())
    {
        doc.push_str(&chunks_doc(dialect, other));
    }
    let layout = Layout::new(&form.params);
    let secret = has_secret(&layout);

    // Struct and constructor.
    let (def, ctor) = if layout.slots.is_empty() && layout.flags().next().is_none() {
        (
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
                pub struct #ident;
            },
            quote! {
                /// The request (it has no parameters).
                pub const fn new() -> Self {
                    Self
                }
            },
        )
    } else {
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        for slot in &layout.slots {
            let f = value_ident(&slot.param.name);
            let l = crate::params::local(slot.param);
            let ty = value_type(&slot.param.ty);
            let ty = if slot.optional {
                quote!(::core::option::Option<#ty>)
            } else {
                ty
            };
            let fdoc = doc_or(&slot.param.doc, || {
                format!("The `{}` parameter.", slot.param.name)
            });
            fields.push(quote!(#[doc = #fdoc] #f: #ty));
            inits.push(quote!(#f: #l));
        }
        for flag in layout.flags() {
            fields.push(quote!(#[doc = "Whether this optional group was given."] #flag: bool));
            inits.push(quote!(#flag));
        }
        let c = constructor(&form.params, &layout);
        // Nested optional groups are nested `Option` tuples on purpose: they
        // make "c without b" unrepresentable. The allow says so in its doc.
        let nested = form.params.iter().any(|n| match n {
            at_spec::ir::ParamNode::Optional(inner, _) => inner
                .iter()
                .any(|i| matches!(i, at_spec::ir::ParamNode::Optional(..))),
            _ => false,
        });
        let many_args = if c.args.len() > 7 {
            quote! {
                ///
                /// It takes one argument per parameter of the manual's syntax, in order.
                #[allow(clippy::too_many_arguments)]
            }
        } else {
            quote!()
        };
        let complexity = if nested {
            quote! {
                ///
                /// The nested `Option` arguments mirror the spec's nesting of optional
                /// parameters, so a later parameter cannot be given without the earlier ones.
                #[allow(clippy::type_complexity)]
            }
        } else {
            quote!()
        };
        let args = &c.args;
        let body = &c.body;
        let arg_docs = c.arg_docs.iter().map(|d| format!("- {d}"));
        let rules = checks(dialect, &layout, &form.rules);
        let check_rules = if rules.is_empty() {
            quote!()
        } else {
            quote!(value.check_rules()?;)
        };
        let rules_fn = if rules.is_empty() {
            quote!()
        } else {
            quote! {
                fn check_rules(&self) -> ::core::result::Result<(), ::atspec_runtime::wire::ValidationError> {
                    #(#rules)*
                    ::core::result::Result::Ok(())
                }
            }
        };
        let value_binding = if rules.is_empty() {
            quote!()
        } else {
            quote!(let value = Self { #(#inits),* }; #check_rules)
        };
        let ret = if rules.is_empty() {
            quote!(Self { #(#inits),* })
        } else {
            quote!(value)
        };
        let getters = layout.slots.iter().map(|slot| {
            let f = value_ident(&slot.param.name);
            let gdoc = doc_or(&slot.param.doc, || {
                format!("The `{}` parameter.", slot.param.name)
            });
            let (ty, expr) = match (&slot.param.ty, slot.optional) {
                (t, false) if is_secret(t) => (quote!(&str), quote!(self.#f.expose())),
                (t, true) if is_secret(t) => (
                    quote!(::core::option::Option<&str>),
                    quote!(self.#f.as_ref().map(|v| v.expose().as_str())),
                ),
                (Type::Str(_) | Type::Text | Type::Range, false) => {
                    (quote!(&str), quote!(&self.#f))
                }
                (Type::Str(_) | Type::Text | Type::Range, true) => (
                    quote!(::core::option::Option<&str>),
                    quote!(self.#f.as_deref()),
                ),
                (t, false) => (value_type(t), quote!(self.#f)),
                (t, true) => {
                    let vt = value_type(t);
                    (quote!(::core::option::Option<#vt>), quote!(self.#f))
                }
            };
            // A parameter called `len` is a value, not a collection length.
            let len_allow = if f == "len" {
                quote! {
                    ///
                    /// (A parameter value, not the length of a collection.)
                    #[allow(clippy::len_without_is_empty)]
                }
            } else {
                quote!()
            };
            quote! {
                #[doc = #gdoc]
                #len_allow
                pub fn #f(&self) -> #ty {
                    #expr
                }
            }
        });
        (
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, Eq)]
                pub struct #ident {
                    #(#fields,)*
                }
            },
            quote! {
                /// Checks every parameter and rule; the only way to build the request.
                ///
                #(#[doc = #arg_docs])*
                #complexity
                #many_args
                pub fn new(#(#args),*) -> ::core::result::Result<Self, ::atspec_runtime::wire::ValidationError> {
                    #(#body)*
                    #value_binding
                    ::core::result::Result::Ok(#ret)
                }
                #(#getters)*
                #rules_fn
            },
        )
    };

    // Encoding.
    let name = cmd.name.as_str();
    let head = match form.kind {
        FormKind::Test => format!("AT+{name}=?\r"),
        FormKind::Read => format!("AT+{name}?\r"),
        FormKind::Exec => format!("AT+{name}\r"),
        FormKind::Write => format!("AT+{name}="),
    };
    let head_bytes = proc_macro2::Literal::byte_string(head.as_bytes());
    let write_body = if form.kind == FormKind::Write {
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
        let seps = parts.iter().enumerate().map(|(i, p)| {
            if i == 0 {
                quote!(#p)
            } else {
                quote!(w.sep(); #p)
            }
        });
        let writer = if parts.is_empty() {
            quote!()
        } else {
            quote! {
                let mut w = ::atspec_runtime::wire::ParamWriter::new(out);
                #(#seps)*
                w.finish();
            }
        };
        quote! {
            out.extend_from_slice(#head_bytes);
            #writer
            out.push(b'\r');
        }
    } else {
        quote!(out.extend_from_slice(#head_bytes);)
    };
    let (write_sig, encode_call, redact_call) = if secret {
        (
            quote!(fn write_line(&self, out: &mut ::std::vec::Vec<u8>, redact: bool)),
            quote!(self.write_line(out, false)),
            quote!(self.write_line(out, true)),
        )
    } else {
        (
            quote!(fn write_line(&self, out: &mut ::std::vec::Vec<u8>)),
            quote!(self.write_line(out)),
            quote!(self.write_line(out)),
        )
    };

    // Response side.
    let resp = response(dialect, &type_name, form, &what);
    let resp_items = &resp.items;
    let resp_ty = &resp.ty;
    let parse = &resp.parse;
    let claim = &resp.claim;
    let free_text = if resp.free_text {
        quote! {
            fn free_text(&self) -> bool {
                true
            }
        }
    } else {
        quote!()
    };
    let data = form.data.as_ref().map(|d| data_phase(dialect, &layout, d));
    let timeout = duration(form.timeout);
    let completion = form
        .completion
        .as_ref()
        .filter(|c| dialect.urc(&c.urc).is_some());
    let (outcome_ty, completion_fn, outcome_parse) = match completion {
        Some(c) => {
            let urc = type_ident(&c.urc);
            let prefixes = urc_prefix(dialect, &c.urc);
            let t = timeout_expr(&layout, &c.timeout);
            let offer = c
                .after_chunks
                .as_deref()
                .map(|other| chunk_offer(dialect, other));
            let until = crate::until::completion_is_final(dialect, &c.urc, c.until.as_ref());
            (
                quote!(#urc),
                quote! {
                    fn completion(&self) -> ::core::option::Option<::atspec_runtime::CompletionSpec> {
                        ::core::option::Option::Some(::atspec_runtime::CompletionSpec { prefixes: &[#(#prefixes),*], timeout: #t })
                    }
                    #offer
                    #until
                },
                quote! {
                    fn parse_outcome(&self, line: &str) -> ::core::result::Result<Self::Outcome, ::atspec_runtime::ParseError> {
                        #urc::parse(line)
                    }
                },
            )
        }
        // The trait's defaults: no completion, every line an error.
        None => (quote!(()), quote!(), quote!()),
    };

    let data_result = data_result(dialect, &type_name, form, &what);
    let data_result_items = &data_result.items;
    let data_result_ty = &data_result.ty;
    let data_result_parse = &data_result.parse;

    quote! {
        #def
        impl #ident {
            #ctor
            /// Writes the command line (with `\r`).
            #write_sig {
                #write_body
            }
        }
        #resp_items
        #data_result_items
        impl ::atspec_runtime::Command for #ident {
            type Response = #resp_ty;
            type Outcome = #outcome_ty;
            type DataResult = #data_result_ty;
            fn name(&self) -> &'static str {
                #name
            }
            fn encode(&self, out: &mut ::std::vec::Vec<u8>) {
                #encode_call
            }
            fn redacted(&self) -> ::std::string::String {
                let mut out = ::std::vec::Vec::new();
                ::atspec_runtime::Command::write_redacted(self, &mut out);
                ::std::string::String::from_utf8_lossy(&out).into_owned()
            }
            fn write_redacted(&self, out: &mut ::std::vec::Vec<u8>) {
                #redact_call;
                let _ = out.pop();
            }
            fn timeout(&self) -> ::core::time::Duration {
                #timeout
            }
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
            #completion_fn
            #outcome_parse
            #data_result_parse
        }
    }
}

/// Doc paragraph of a form whose completion comes after another command's
/// chunked transfer.
fn chunks_doc(dialect: &Dialect, other: &str) -> String {
    let chunk_ty = dialect
        .command(other)
        .and_then(|c| {
            c.forms
                .iter()
                .find(|f| f.kind == FormKind::Write)
                .map(|f| form_type_name(&c.name, f.key.as_ref(), f.kind))
        })
        .unwrap_or_else(|| other.to_string());
    format!(
        "\n\nBefore its completion the module may ask for `AT+{other}` chunks \
         (when there is data to transfer, e.g. an attachment): run it with \
         `modem.send_chunked(&cmd, |n| {chunk_ty}::new(n as _), data)`. A plain `send` \
         fails with `Error::Protocol` as soon as such a request arrives."
    )
}
