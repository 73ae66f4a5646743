//! Response line types as `wire::LineType`: the generator emits the
//! prefixes, one borrowed read and the build of the owned value; parsing
//! and the strict claim are the trait's defaults.

use at_spec::ir::LineShape;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{AltGen, CaseGen};

/// The tuple (or single value, or `()`) of the locals a read binds, and its
/// type borrowed from the line.
fn bound_tuple(case: &CaseGen) -> (TokenStream, TokenStream) {
    let (locals, tys): (Vec<&Ident>, Vec<&TokenStream>) = case.bound().unzip();
    match locals.as_slice() {
        [] => (quote!(()), quote!(())),
        [one] => (quote!(#one), tys[0].clone()),
        _ => (quote!((#(#locals),*)), quote!((#(#tys),*))),
    }
}

/// Whether a type read from the line borrows from it.
fn borrows(case: &CaseGen) -> bool {
    case.bound().any(|(_, ty)| ty.to_string().contains("'a"))
}

/// `const PREFIXES`, `const EXPECTED` of a line type.
fn consts(prefixes: &[&str], expected: &str) -> TokenStream {
    quote! {
        const PREFIXES: &'static [&'static str] = &[#(#prefixes),*];
        const EXPECTED: &'static str = #expected;
    }
}

/// The `read` function: the statements, then `Ok(value)`.
fn read_fn(body: TokenStream) -> TokenStream {
    quote! {
        fn read(line: &str, line_no: usize) -> ::atspec_runtime::wire::ReadFields<'_, Self> {
            #body
        }
    }
}

/// The `build` of a line always followed by a payload: none without it.
fn no_build() -> TokenStream {
    quote! {
        fn build(_: Self::Fields<'_>) -> ::core::option::Option<Self> {
            ::core::option::Option::None
        }
    }
}

/// `build` (and, for a line followed by a payload, `build_at`): `fields`
/// is bound by `pattern`; `value` gives the owned value, after `payload`
/// (statements reading the payload with `lines` and `pos`, if any).
fn build_fns(pattern: TokenStream, payload: &TokenStream, value: TokenStream) -> TokenStream {
    if payload.is_empty() {
        return quote! {
            fn build(#pattern: Self::Fields<'_>) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(#value)
            }
        };
    }
    let none = no_build();
    quote! {
        #none
        fn build_at<'a>(
            #pattern: Self::Fields<'a>,
            lines: &'a [::atspec_runtime::ResponseLine],
            pos: &mut usize,
        ) -> ::atspec_runtime::wire::Parsed<'a, Self> {
            #payload
            ::core::result::Result::Ok(#value)
        }
    }
}

/// The `matches` override of shapes with constant fields, if any has them.
fn matches_fn<'c>(cases: impl Iterator<Item = &'c CaseGen> + Clone) -> TokenStream {
    if !cases.clone().any(|c| c.constants) {
        return quote!();
    }
    let all = cases.map(|c| &c.matches);
    quote! {
        fn matches(line: &str) -> bool {
            #(#all)||*
        }
    }
}

/// A response struct's `LineType` impl.
pub(super) fn line_type(name: &Ident, line: &LineShape, case: &CaseGen) -> TokenStream {
    let (tuple, tuple_ty) = bound_tuple(case);
    let reads = case.read_stmts();
    let read = read_fn(quote! {
        #reads
        ::core::result::Result::Ok(#tuple)
    });
    let value = case.construct(quote!(Self));
    let pattern = if case.bound().next().is_none() {
        quote!(_)
    } else {
        tuple
    };
    let build = build_fns(pattern, &case.payload, value);
    let claim = &case.claim;
    let line_claim = case.counted.then(|| {
        quote! {
            fn line_claim(line: &str) -> ::atspec_runtime::Claim {
                #claim
            }
        }
    });
    let consts = consts(
        &[line.prefix.as_str()],
        &format!("a `{}:` line", line.prefix),
    );
    let matches = matches_fn(std::iter::once(case));
    quote! {
        impl ::atspec_runtime::wire::LineType for #name {
            type Fields<'a> = #tuple_ty;
            #consts
            #read
            #build
            #matches
            #line_claim
        }
    }
}

/// The borrowed enum of a `one_of` line (one variant per alternative) and
/// the inherent `read_altN` functions that read each alternative into it.
fn fields_enum(name: &Ident, fields: &Ident, cases: &[AltGen<'_>]) -> TokenStream {
    let borrowed = cases.iter().any(|a| borrows(&a.case));
    let lifetime = borrowed.then(|| quote!(<'a>));
    let variants = cases.iter().map(|a| {
        let v = &a.variant;
        let doc = format!("The values of a [`{name}::{v}`] line.");
        if a.case.bound().next().is_none() {
            quote!(#[doc = #doc] #v)
        } else {
            let (_, ty) = bound_tuple(&a.case);
            quote!(#[doc = #doc] #v(#ty))
        }
    });
    let reads = cases.iter().enumerate().map(|(i, a)| {
        let f = format_ident!("read_alt{}", i + 1);
        let v = &a.variant;
        let stmts = a.case.read_stmts();
        let value = alt_values(fields, a);
        let doc = format!("Reads `line` as the [`{name}::{v}`] alternative.");
        quote! {
            #[doc = #doc]
            fn #f(line: &str, line_no: usize) -> ::atspec_runtime::wire::ReadFields<'_, Self> {
                #stmts
                ::core::result::Result::Ok(#value)
            }
        }
    });
    let doc =
        format!("The values of a [`{name}`] line, borrowed from it (one variant per alternative).");
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #fields #lifetime {
            #(#variants,)*
        }
        impl #name {
            #(#reads)*
        }
    }
}

/// `read` of a `one_of` line: the first alternative that reads the whole
/// line wins; none: the error of the attempt that got furthest.
fn enum_read(cases: &[AltGen<'_>]) -> TokenStream {
    let alts = (1..=cases.len()).map(|i| format_ident!("read_alt{i}"));
    read_fn(quote! {
        ::atspec_runtime::wire::Alternatives::new(line, line_no)
            #(.or(Self::#alts))*
            .end(Self::EXPECTED)
    })
}

/// The borrowed values of alternative `a`: `XxxFields::V(tuple)` (or
/// `XxxFields::V` without values), as a pattern or an expression.
fn alt_values(fields: &Ident, a: &AltGen<'_>) -> TokenStream {
    let v = &a.variant;
    if a.case.bound().next().is_none() {
        quote!(#fields::#v)
    } else {
        let (tuple, _) = bound_tuple(&a.case);
        quote!(#fields::#v(#tuple))
    }
}

/// The match arm building alternative `a` from its borrowed values.
fn build_arm(fields: &Ident, a: &AltGen<'_>) -> TokenStream {
    let v = &a.variant;
    let payload = &a.case.payload;
    let value = a.case.construct(quote!(Self::#v));
    let pattern = alt_values(fields, a);
    if payload.is_empty() {
        quote!(#pattern => #value,)
    } else {
        quote!(#pattern => { #payload #value })
    }
}

/// `build` and `build_at` of a `one_of` line some of whose alternatives are
/// followed by a payload: `build` gives the others (a line read on its own),
/// `build_at` every alternative (`value`, the match of all of them).
fn with_payload(fields: &Ident, cases: &[AltGen<'_>], value: TokenStream) -> TokenStream {
    let some = cases.iter().filter(|a| a.case.payload.is_empty()).map(|a| {
        let v = &a.variant;
        let value = a.case.construct(quote!(Self::#v));
        let pattern = alt_values(fields, a);
        quote!(#pattern => ::core::option::Option::Some(#value),)
    });
    let some: Vec<TokenStream> = some.collect();
    let build = if some.is_empty() {
        no_build()
    } else {
        quote! {
            fn build(fields: Self::Fields<'_>) -> ::core::option::Option<Self> {
                match fields {
                    #(#some)*
                    _ => ::core::option::Option::None,
                }
            }
        }
    };
    quote! {
        #build
        fn build_at<'a>(
            fields: Self::Fields<'a>,
            lines: &'a [::atspec_runtime::ResponseLine],
            pos: &mut usize,
        ) -> ::atspec_runtime::wire::Parsed<'a, Self> {
            ::core::result::Result::Ok(#value)
        }
    }
}

/// `claim_read` and `shape_claim` of a `one_of` line with a counted
/// payload alternative.
fn enum_claim_read(fields: &Ident, cases: &[AltGen<'_>]) -> TokenStream {
    if !cases.iter().any(|a| a.case.counted) {
        return quote!();
    }
    let arms = cases.iter().filter(|a| a.case.counted).map(|a| {
        let (v, claim) = (&a.variant, &a.case.claim);
        quote!(#fields::#v(..) => #claim,)
    });
    let rest = cases
        .iter()
        .any(|a| !a.case.counted)
        .then(|| quote!(_ => ::atspec_runtime::Claim::Mine,));
    let shapes = cases.iter().map(|a| {
        let (matches, claim) = (&a.case.matches, &a.case.claim);
        quote!(if #matches { return ::core::option::Option::Some(#claim); })
    });
    quote! {
        fn claim_read(line: &str, fields: &Self::Fields<'_>) -> ::atspec_runtime::Claim {
            match fields {
                #(#arms)*
                #rest
            }
        }
        fn shape_claim(line: &str) -> ::core::option::Option<::atspec_runtime::Claim> {
            #(#shapes)*
            ::core::option::Option::None
        }
    }
}

/// A `one_of` response enum's borrowed values and `LineType` impl.
pub(super) fn enum_line_type(name: &Ident, cases: &[AltGen<'_>], expected: &str) -> TokenStream {
    let fields = format_ident!("{}Fields", name);
    let def = fields_enum(name, &fields, cases);
    let lifetime = cases.iter().any(|a| borrows(&a.case)).then(|| quote!(<'a>));
    let mut prefixes: Vec<&str> = Vec::new();
    for a in cases {
        if !prefixes.contains(&a.alt.line.prefix.as_str()) {
            prefixes.push(&a.alt.line.prefix);
        }
    }
    let consts = consts(&prefixes, expected);
    let read = enum_read(cases);
    let arms = cases.iter().map(|a| build_arm(&fields, a));
    let payload = cases.iter().any(|a| !a.case.payload.is_empty());
    let value = quote!(match fields { #(#arms)* });
    let build = if payload {
        with_payload(&fields, cases, value)
    } else {
        build_fns(quote!(fields), &quote!(), value)
    };
    let matches = matches_fn(cases.iter().map(|a| &a.case));
    let claim_read = enum_claim_read(&fields, cases);
    quote! {
        #def
        impl ::atspec_runtime::wire::LineType for #name {
            type Fields<'a> = #fields #lifetime;
            #consts
            #read
            #build
            #matches
            #claim_read
        }
    }
}
