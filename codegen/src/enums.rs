//! Enumerations and code tables.

use at_spec::ir::{CodeTable, EnumDef, Literal};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{int_lit, type_ident};

/// A doc string, or a fallback when the spec gave none.
pub fn doc_or(doc: &str, fallback: impl FnOnce() -> String) -> String {
    if doc.trim().is_empty() {
        fallback()
    } else {
        doc.to_owned()
    }
}

/// An integer- or string-valued `enum`.
pub fn enum_def(def: &EnumDef) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = doc_or(&def.doc, || format!("The `{}` enumeration.", def.name));
    let is_str = def
        .variants
        .iter()
        .any(|v| matches!(v.value, Literal::Str(_)));
    let variants: Vec<_> = def.variants.iter().map(|v| type_ident(&v.name)).collect();
    let variant_docs: Vec<String> = def
        .variants
        .iter()
        .map(|v| {
            let value = match &v.value {
                Literal::Int(i) => i.to_string(),
                Literal::Str(s) => format!("{s:?}"),
            };
            if v.doc.is_empty() {
                format!("`{value}`.")
            } else {
                format!("`{value}`: {}.", v.doc.trim_end_matches('.'))
            }
        })
        .collect();
    let descriptions: Vec<&str> = def.variants.iter().map(|v| v.doc.as_str()).collect();
    let common = quote! {
        /// The description of this value in the manual (empty if none).
        pub const fn doc(self) -> &'static str {
            match self { #(Self::#variants => #descriptions,)* }
        }
    };
    let body = if is_str {
        let values: Vec<&str> = def
            .variants
            .iter()
            .map(|v| {
                if let Literal::Str(s) = &v.value {
                    s.as_str()
                } else {
                    ""
                }
            })
            .collect();
        quote! {
            impl #name {
                /// The value as written on the wire.
                pub const fn as_str(self) -> &'static str {
                    match self { #(Self::#variants => #values,)* }
                }
                /// The variant written as `value` on the wire.
                pub fn from_str_value(value: &str) -> ::core::option::Option<Self> {
                    match value {
                        #(#values => ::core::option::Option::Some(Self::#variants),)*
                        _ => ::core::option::Option::None,
                    }
                }
                #common
            }
            impl ::core::convert::TryFrom<&str> for #name {
                /// The unknown text.
                type Error = ::std::string::String;
                fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                    Self::from_str_value(value).ok_or_else(|| ::std::string::ToString::to_string(value))
                }
            }
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        }
    } else {
        let values: Vec<TokenStream> = def
            .variants
            .iter()
            .map(|v| int_lit(if let Literal::Int(i) = v.value { i } else { 0 }))
            .collect();
        quote! {
            impl #name {
                /// The value as written on the wire.
                pub const fn value(self) -> i64 {
                    match self { #(Self::#variants => #values,)* }
                }
                /// The variant with wire value `value`.
                pub const fn from_value(value: i64) -> ::core::option::Option<Self> {
                    match value {
                        #(#values => ::core::option::Option::Some(Self::#variants),)*
                        _ => ::core::option::Option::None,
                    }
                }
                #common
            }
            impl ::core::convert::TryFrom<i64> for #name {
                /// The unknown value.
                type Error = i64;
                fn try_from(value: i64) -> ::core::result::Result<Self, Self::Error> {
                    Self::from_value(value).ok_or(value)
                }
            }
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&self.value(), f)
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
        }
        #body
    }
}

/// A result/error `codes` table: unknown codes are kept as `Other(n)`.
pub fn code_table(table: &CodeTable) -> TokenStream {
    let name = type_ident(&table.name);
    let doc = doc_or(&table.doc, || format!("The `{}` code table.", table.name));
    let variants: Vec<_> = table.codes.iter().map(|c| type_ident(&c.name)).collect();
    let values: Vec<TokenStream> = table.codes.iter().map(|c| int_lit(c.value)).collect();
    let meanings: Vec<&str> = table.codes.iter().map(|c| c.meaning.as_str()).collect();
    let docs: Vec<String> = table
        .codes
        .iter()
        .map(|c| format!("`{}`: {}.", c.value, c.meaning.trim_end_matches('.')))
        .collect();
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #docs] #variants,)*
            /// A code the manual does not list, kept as received.
            Other(i64),
        }
        impl #name {
            /// The listed codes: `(code, entry, meaning from the manual)`.
            const TABLE: &'static [(i64, Self, &'static str)] = &[
                #((#values, Self::#variants, #meanings),)*
            ];
            /// The table entry of a listed code (`None` for `Other`).
            fn entry(self) -> ::core::option::Option<&'static (i64, Self, &'static str)> {
                Self::TABLE.iter().find(|e| e.1 == self)
            }
            /// The entry for `code` (`Other` if the table does not list it).
            pub const fn from_code(code: i64) -> Self {
                let mut i = 0;
                while i < Self::TABLE.len() {
                    let (listed, entry, _) = Self::TABLE[i];
                    if listed == code {
                        return entry;
                    }
                    i += 1;
                }
                Self::Other(code)
            }
            /// The numeric code.
            pub fn code(self) -> i64 {
                match (self, self.entry()) {
                    (Self::Other(code), _) => code,
                    (_, entry) => entry.map_or(0, |e| e.0),
                }
            }
            /// The meaning from the manual (`None` for unlisted codes).
            pub fn meaning(self) -> ::core::option::Option<&'static str> {
                self.entry().map(|e| e.2)
            }
        }
        impl ::core::convert::From<i64> for #name {
            fn from(code: i64) -> Self {
                Self::from_code(code)
            }
        }
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.meaning() {
                    ::core::option::Option::Some(meaning) => f.write_str(meaning),
                    ::core::option::Option::None => ::core::write!(f, "unknown code {}", self.code()),
                }
            }
        }
    }
}
