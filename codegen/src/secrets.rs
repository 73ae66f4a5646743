//! `Dialect::redact_line`: the lines that can carry a secret field (a
//! response, data-result or URC line with a `secret` or masked field) are
//! masked from their first secret field on, for traces, URC text and error
//! messages. The runtime calls it on every line it shows.

use std::collections::BTreeMap;

use at_spec::ir::{DataPhase, Dialect, Field, LineShape, Shape};
use proc_macro2::TokenStream;
use quote::quote;

use crate::types::is_secret;

/// The `redact_line` method of the `Dialect` impl (nothing when no line of
/// the dialect has a secret field: the runtime's default applies).
pub fn redact_line(dialect: &Dialect) -> TokenStream {
    let lines = secret_lines(dialect);
    if lines.is_empty() {
        return TokenStream::new();
    }
    let arms = lines.iter().map(|(prefix, first)| {
        let first = crate::names::usize_lit(*first);
        quote! {
            if let ::core::option::Option::Some(masked) =
                ::atspec_runtime::wire::mask_fields_from(line, #prefix, #first)
            {
                return ::core::option::Option::Some(masked);
            }
        }
    });
    quote! {
        fn redact_line(line: &str) -> ::core::option::Option<::std::string::String> {
            #(#arms)*
            ::core::option::Option::None
        }
    }
}

/// Every line prefix with a secret field, and the lowest index of one.
fn secret_lines(dialect: &Dialect) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut add = |line: &LineShape| {
        // Wire field index: a constant word shares its field with the value
        // after it, so it does not count.
        let first = line
            .fields
            .iter()
            .filter(|f| !matches!(f, Field::Word(..)))
            .position(|f| matches!(f, Field::Value(v) if is_secret(&v.ty)));
        if let Some(first) = first {
            let slot = out.entry(line.prefix.clone()).or_insert(first);
            *slot = (*slot).min(first);
        }
    };
    let shape = |shape: &Shape, add: &mut dyn FnMut(&LineShape)| match shape {
        Shape::Line(line) => add(line),
        Shape::OneOf(alts) => alts.iter().for_each(|a| add(&a.line)),
        Shape::Text => {}
    };
    for urc in &dialect.urcs {
        shape(&urc.shape, &mut add);
    }
    for form in dialect.commands.iter().flat_map(|c| &c.forms) {
        for item in &form.response.items {
            shape(&item.shape, &mut add);
        }
        if let Some(DataPhase::Connect(phase)) = &form.data {
            if let Some(result) = &phase.result {
                shape(result, &mut add);
            }
        }
    }
    out
}
