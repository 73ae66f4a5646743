//! A form's request type: its struct, checked constructor and getters.

use at_spec::ir::{Dialect, Form, ParamNode, Type};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::enums::doc_or;
use crate::names::value_ident;
use crate::params::{constructor, Layout, Slot};
use crate::rules::checks;
use crate::types::{is_secret, value_type};

/// The struct and its inherent items (`new`, getters, rule checks; none
/// for a form without parameters, a unit struct).
pub(super) fn request(
    dialect: &Dialect,
    form: &Form,
    layout: &Layout<'_>,
    ident: &Ident,
    doc: &str,
) -> (TokenStream, TokenStream) {
    if layout.slots.is_empty() && layout.flags().next().is_none() {
        // A unit struct: the request is its own (only) value.
        return (
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
                pub struct #ident;
            },
            quote!(),
        );
    }
    let (fields, inits) = fields(layout);
    let getters = layout.slots.iter().map(getter);
    let (ctor, rules_fn) = new_fn(dialect, form, layout, &inits);
    (
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct #ident {
                #(#fields,)*
            }
        },
        quote! {
            #ctor
            #(#getters)*
            #rules_fn
        },
    )
}

/// The struct's fields and their initialisers from the checked locals.
fn fields(layout: &Layout<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
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
    (fields, inits)
}

/// Whether an optional group nests another (the constructor then takes
/// nested `Option` tuples).
fn nested(form: &Form) -> bool {
    form.params.iter().any(|n| match n {
        ParamNode::Optional(inner, _) => inner.iter().any(|i| matches!(i, ParamNode::Optional(..))),
        _ => false,
    })
}

/// The `allow`s the constructor needs, with their reasons in its doc.
fn ctor_allows(form: &Form, args: usize) -> TokenStream {
    let many_args = (args > 7).then(|| {
        quote! {
            ///
            /// It takes one argument per parameter of the manual's syntax, in order.
            #[allow(clippy::too_many_arguments)]
        }
    });
    // Nested optional groups are nested `Option` tuples on purpose: they
    // make "c without b" unrepresentable.
    let complexity = nested(form).then(|| {
        quote! {
            ///
            /// The nested `Option` arguments mirror the spec's nesting of optional
            /// parameters, so a later parameter cannot be given without the earlier ones.
            #[allow(clippy::type_complexity)]
        }
    });
    quote!(#complexity #many_args)
}

/// `new` (checks every argument, then the cross-parameter rules) and
/// `check_rules` (if the form has rules).
fn new_fn(
    dialect: &Dialect,
    form: &Form,
    layout: &Layout<'_>,
    inits: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let c = constructor(&form.params, layout);
    let allows = ctor_allows(form, c.args.len());
    let (args, body) = (&c.args, &c.body);
    let arg_docs = c.arg_docs.iter().map(|d| format!("- {d}"));
    let rules = checks(dialect, layout, &form.rules);
    let (finish, rules_fn) = if rules.is_empty() {
        (
            quote!(::core::result::Result::Ok(Self { #(#inits),* })),
            quote!(),
        )
    } else {
        (
            quote! {
                let value = Self { #(#inits),* };
                value.check_rules()?;
                ::core::result::Result::Ok(value)
            },
            quote! {
                fn check_rules(&self) -> ::core::result::Result<(), ::atspec_runtime::wire::ValidationError> {
                    #(#rules)*
                    ::core::result::Result::Ok(())
                }
            },
        )
    };
    let new = quote! {
        /// Checks every parameter and rule; the only way to build the request.
        ///
        #(#[doc = #arg_docs])*
        #allows
        pub fn new(#(#args),*) -> ::core::result::Result<Self, ::atspec_runtime::wire::ValidationError> {
            #(#body)*
            #finish
        }
    };
    (new, rules_fn)
}

/// The getter of one parameter (strings as `&str`, secrets exposed).
fn getter(slot: &Slot<'_>) -> TokenStream {
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
        (Type::Str(_) | Type::Text | Type::Range, false) => (quote!(&str), quote!(&self.#f)),
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
    let len_allow = (f == "len").then(|| {
        quote! {
            ///
            /// (A parameter value, not the length of a collection.)
            #[allow(clippy::len_without_is_empty)]
        }
    });
    quote! {
        #[doc = #gdoc]
        #len_allow
        pub fn #f(&self) -> #ty {
            #expr
        }
    }
}
