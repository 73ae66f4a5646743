//! A form's data phase and completion: `data_phase`, `data_order`,
//! `data_cap`, `chunk_window`, `chunk_offer`, the data-result type and
//! timeouts given by parameters.

use std::time::Duration;

use at_spec::ir::{
    ChunkedPhase, ConnectPhase, DataPhase, Dialect, Field, Form, LineShape, Shape, Timeout, Type,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::lines::{line_enum, line_struct, Mode};
use crate::names::{type_ident, value_ident};
use crate::params::Layout;
use crate::types::IntRepr;

/// `Duration::from_millis(..)` for a fixed duration.
pub fn duration(d: Duration) -> TokenStream {
    let ms = proc_macro2::Literal::u64_unsuffixed(u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    quote!(::core::time::Duration::from_millis(#ms))
}

/// An integer parameter's value as `usize`/seconds: `(expr, optional)`.
fn int_param(
    layout: &Layout<'_>,
    name: &str,
    conv: fn(IntRepr, TokenStream) -> TokenStream,
) -> Option<(TokenStream, bool)> {
    let slot = layout.slot(name)?;
    let Type::Int(t) = &slot.param.ty else {
        return None;
    };
    let repr = IntRepr::for_range(t);
    let f = value_ident(name);
    if slot.optional {
        let c = conv(repr, quote!(v));
        // A plain `T::from(v)` is passed as a path (clippy::redundant_closure).
        let text = c.to_string().replace(' ', "");
        let mapper = match text.strip_suffix("::from(v)") {
            Some(ty) if !ty.contains('(') => {
                let ty = proc_macro2::Ident::new(ty, proc_macro2::Span::call_site());
                quote!(#ty::from)
            }
            _ => quote!(|v| #c),
        };
        Some((quote!(self.#f.map(#mapper)), true))
    } else {
        Some((conv(repr, quote!(self.#f)), false))
    }
}

/// A [`Timeout`] as a `Duration` expression over the request's fields.
pub fn timeout_expr(layout: &Layout<'_>, t: &Timeout) -> TokenStream {
    let (p, margin, fallback) = match t {
        Timeout::Fixed(d) => return duration(*d),
        Timeout::Param(p, fallback) => (p, None, fallback),
        Timeout::Margin {
            param,
            margin,
            fallback,
        } => (param, Some(*margin), fallback),
    };
    let fb = duration(*fallback);
    let from_secs = quote!(::core::time::Duration::from_secs);
    // The margin goes with the parameter, not with the fallback.
    match (int_param(layout, p, IntRepr::to_u64), margin.map(duration)) {
        (Some((e, true)), None) => quote!(#e.map_or(#fb, #from_secs)),
        (Some((e, true)), Some(m)) => {
            quote!(#e.map_or(#fb, |s| #from_secs(s).saturating_add(#m)))
        }
        (Some((e, false)), None) => quote!(#from_secs(#e)),
        (Some((e, false)), Some(m)) => quote!(#from_secs(#e).saturating_add(#m)),
        (None, _) => fb,
    }
}

/// The line prefixes of a URC (one per distinct alternative prefix).
pub fn urc_prefix(dialect: &Dialect, urc: &str) -> Vec<String> {
    let mut out: Vec<String> = match dialect.urc(urc).map(|u| &u.shape) {
        Some(Shape::Line(l)) => vec![l.prefix.clone()],
        Some(Shape::OneOf(alts)) => alts.iter().map(|a| a.line.prefix.clone()).collect(),
        _ => Vec::new(),
    };
    out.dedup();
    out
}

/// The length parameter as `usize` (0 if it is missing: validation rules
/// that out).
fn length_expr(layout: &Layout<'_>, p: &str) -> TokenStream {
    match int_param(layout, p, IntRepr::to_usize) {
        Some((e, true)) => quote!(#e.unwrap_or(0)),
        Some((e, false)) => e,
        None => quote!(0),
    }
}

fn connect_value(layout: &Layout<'_>, c: &ConnectPhase) -> TokenStream {
    let phase = quote!(::atspec_runtime::DataPhase);
    let some = quote!(::core::option::Option::Some);
    let none = quote!(::core::option::Option::None);
    let length = match c
        .length
        .as_ref()
        .and_then(|p| int_param(layout, p, IntRepr::to_usize))
    {
        Some((e, true)) => e,
        Some((e, false)) => quote!(#some(#e)),
        None => none.clone(),
    };
    let escape = match &c.escape {
        Some((seq, guard)) => {
            let bytes = proc_macro2::Literal::byte_string(seq.as_bytes());
            let g = duration(*guard);
            quote!(#some((::std::vec::Vec::from(&#bytes[..]), #g)))
        }
        None => none.clone(),
    };
    let idle = match &c.idle_timeout {
        Some(t) => {
            let e = timeout_expr(layout, t);
            quote!(#some(#e))
        }
        None => none.clone(),
    };
    let result = match result_prefix(c) {
        Some(p) => quote!(#some(#p)),
        None => none,
    };
    quote!(#phase::Connect { length: #length, escape: #escape, idle_timeout: #idle, result_prefix: #result })
}

/// The prefix of a connect phase's result line (all alternatives share it).
pub fn result_prefix(c: &ConnectPhase) -> Option<&str> {
    match c.result.as_ref()? {
        Shape::Line(l) => Some(&l.prefix),
        Shape::OneOf(alts) => alts.first().map(|a| a.line.prefix.as_str()),
        Shape::Text => None,
    }
}

/// `data_phase`, and `data_order` / `data_cap` / `chunk_window` where the
/// phase declares them.
pub fn data_phase(dialect: &Dialect, layout: &Layout<'_>, data: &DataPhase) -> TokenStream {
    let phase = quote!(::atspec_runtime::DataPhase);
    let some = quote!(::core::option::Option::Some);
    let mut extra = TokenStream::new();
    let value = match data {
        DataPhase::PromptCtrlZ => quote!(#phase::PromptCtrlZ),
        DataPhase::PromptExact(p) => {
            let len = length_expr(layout, p);
            quote!(#phase::PromptExact(#len))
        }
        DataPhase::PromptLine { prompt, length } => {
            let len = length_expr(layout, length);
            quote!(#phase::PromptLine { prompt: #prompt, length: #len })
        }
        DataPhase::Connect(c) => {
            extra.extend(connect_extras(c));
            connect_value(layout, c)
        }
        DataPhase::Chunked(ch) => {
            let prefix = urc_prefix(dialect, &ch.ready.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            extra.extend(chunk_window(dialect, ch));
            quote!(#phase::Chunked { ready_prefix: #prefix })
        }
    };
    quote! {
        fn data_phase(&self) -> ::core::option::Option<::atspec_runtime::DataPhase> {
            #some(#value)
        }
        #extra
    }
}

/// `data_order` and `data_cap` of a connect phase.
fn connect_extras(c: &ConnectPhase) -> TokenStream {
    let order = if c.after_ok {
        Some(quote!(ConnectAfterOk))
    } else if c.result.is_some() {
        Some(quote!(ResultBeforeFinal))
    } else {
        None
    };
    let order = order.map(|o| {
        quote! {
            fn data_order(&self) -> ::atspec_runtime::DataOrder {
                ::atspec_runtime::DataOrder::#o
            }
        }
    });
    let at_most = c.at_most.then(|| {
        quote! {
            fn data_length_at_most(&self) -> bool {
                true
            }
        }
    });
    let cap = c.max.map(|m| {
        let m = proc_macro2::Literal::usize_unsuffixed(usize::try_from(m).unwrap_or(usize::MAX));
        quote! {
            fn data_cap(&self) -> ::core::option::Option<usize> {
                ::core::option::Option::Some(#m)
            }
        }
    });
    quote!(#order #at_most #cap)
}

/// The ready URC of a chunked phase: its type, the path of the struct or
/// variant that carries the window field, and whether the field is optional.
fn ready_pattern(dialect: &Dialect, ch: &ChunkedPhase) -> Option<(Ident, TokenStream, bool)> {
    let (urc_name, field) = &ch.ready;
    let urc = dialect.urc(urc_name)?;
    let has_field = |l: &at_spec::ir::LineShape| {
        l.fields.iter().find_map(|f| match f {
            Field::Value(v) if &v.name == field => Some(v.optional),
            _ => None,
        })
    };
    let ty = type_ident(urc_name);
    let (path, optional) = match &urc.shape {
        Shape::Line(l) => has_field(l).map(|opt| (quote!(#ty), opt)),
        Shape::OneOf(alts) => alts.iter().find_map(|a| {
            let v = type_ident(&a.name);
            has_field(&a.line).map(|opt| (quote!(#ty::#v), opt))
        }),
        Shape::Text => None,
    }?;
    Some((ty, path, optional))
}

/// `chunk_window`: the window only from a line of the ready URC's declared
/// shape (its alternative carrying the field), never from any line with the
/// prefix.
fn chunk_window(dialect: &Dialect, ch: &ChunkedPhase) -> TokenStream {
    let Some((ty, path, optional)) = ready_pattern(dialect, ch) else {
        return quote!();
    };
    let (urc_name, field) = &ch.ready;
    let f = value_ident(field);
    let pattern = quote!(#path { #f, .. });
    let value = if optional {
        quote!(#f.and_then(|v| usize::try_from(v).ok()))
    } else {
        quote!(usize::try_from(#f).ok())
    };
    let doc = format!(
        "The window of a `{urc_name}` line (its `{field}`); any other line, even with the same prefix, is none."
    );
    quote! {
        #[doc = #doc]
        fn chunk_window(&self, line: &str) -> ::core::option::Option<usize> {
            match <#ty as ::atspec_runtime::wire::LineType>::parse_fields(line) {
                ::core::result::Result::Ok(#pattern) => #value,
                _ => ::core::option::Option::None,
            }
        }
    }
}

/// `chunk_offer` / `chunk_offer_prefixes` of a form whose completion comes
/// `after chunks <COMMAND>`: a line of that command's ready shape is an
/// offer a plain send can't answer.
pub fn chunk_offer(dialect: &Dialect, chunk_cmd: &str) -> TokenStream {
    let phase = dialect.command(chunk_cmd).and_then(|c| {
        c.forms.iter().find_map(|f| match &f.data {
            Some(DataPhase::Chunked(ch)) => Some(ch),
            _ => None,
        })
    });
    let Some(ch) = phase else {
        return quote!();
    };
    let Some((ty, path, _)) = ready_pattern(dialect, ch) else {
        return quote!();
    };
    let pattern = quote!(#path { .. });
    let prefixes = urc_prefix(dialect, &ch.ready.0);
    quote! {
        fn chunk_offer(&self, line: &str) -> bool {
            ::core::matches!(<#ty as ::atspec_runtime::wire::LineType>::parse_fields(line), ::core::result::Result::Ok(#pattern))
        }
        fn chunk_offer_prefixes(&self) -> &'static [&'static str] {
            &[#(#prefixes),*]
        }
    }
}

/// What the result line of a form's `CONNECT` data phase generates.
pub struct DataResultGen {
    /// The line's type definition (empty when the phase declares no result).
    pub items: TokenStream,
    /// `Command::DataResult`.
    pub ty: TokenStream,
    /// The `parse_data_result(&self, line)` method; empty (the trait's
    /// default, which fails on every line) when the form declares none.
    pub parse: TokenStream,
}

/// The `{base}DataResult` type and its parser for a form whose `CONNECT`
/// phase declares `result ...`; `()` and a parser that always fails
/// otherwise.
pub fn data_result(dialect: &Dialect, base: &str, form: &Form, what: &str) -> DataResultGen {
    let result = match &form.data {
        Some(DataPhase::Connect(c)) => c.result.as_ref().zip(result_prefix(c)),
        _ => None,
    };
    let Some((shape, prefix)) = result else {
        return DataResultGen {
            items: quote!(),
            ty: quote!(()),
            parse: quote!(),
        };
    };
    let ident = Ident::new(
        &crate::names::data_result_type_name(base),
        proc_macro2::Span::call_site(),
    );
    let doc =
        format!("Result line `{prefix}:` reported once the `CONNECT` data phase of {what} ends.");
    let items = match shape {
        Shape::OneOf(alts) => line_enum(dialect, &ident, &doc, alts, Mode::Urc),
        Shape::Line(line) => line_struct(dialect, &ident, &doc, line, Mode::Urc),
        Shape::Text => quote!(),
    };
    let taken = match &form.data {
        Some(DataPhase::Connect(c)) => c.taken.as_deref().map(|f| data_taken(&ident, shape, f)),
        _ => None,
    };
    DataResultGen {
        items,
        ty: quote!(#ident),
        parse: quote! {
            fn parse_data_result(&self, line: &str) -> ::core::result::Result<Self::DataResult, ::atspec_runtime::ParseError> {
                #ident::parse(line)
            }
            #taken
        },
    }
}

/// `data_taken`: the `taken <field>` of the result (in the alternatives
/// that carry it), as a byte count.
fn data_taken(ident: &Ident, shape: &Shape, field: &str) -> TokenStream {
    let f = value_ident(field);
    let optional = |l: &LineShape| {
        l.fields.iter().find_map(|x| match x {
            Field::Value(v) if v.name == field => Some(v.optional),
            _ => None,
        })
    };
    let count = |opt: bool| {
        if opt {
            quote!((*#f).and_then(|v| usize::try_from(v).ok()))
        } else {
            quote!(usize::try_from(*#f).ok())
        }
    };
    let body = match shape {
        Shape::Line(l) => match optional(l) {
            Some(opt) => {
                let c = count(opt);
                quote!(let #ident { #f, .. } = result; #c)
            }
            None => quote!(let _ = result; ::core::option::Option::None),
        },
        Shape::OneOf(alts) => {
            let arms = alts.iter().filter_map(|a| {
                let opt = optional(&a.line)?;
                let v = type_ident(&a.name);
                let c = count(opt);
                Some(quote!(#ident::#v { #f, .. } => #c,))
            });
            quote! {
                #[allow(unreachable_patterns)]
                match result {
                    #(#arms)*
                    _ => ::core::option::Option::None,
                }
            }
        }
        Shape::Text => quote!(let _ = result; ::core::option::Option::None),
    };
    quote! {
        #[allow(clippy::unnecessary_fallible_conversions)]
        fn data_taken(&self, result: &Self::DataResult) -> ::core::option::Option<usize> {
            #body
        }
    }
}
