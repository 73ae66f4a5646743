//! Rust types for spec types.

use at_spec::ir::{Charset, Dialect, IntType, Quoting, StrType, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::type_ident;

/// A Rust integer type chosen for a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntRepr {
    U8,
    U16,
    U32,
    I8,
    I16,
    I32,
    I64,
}

impl IntRepr {
    /// The smallest type holding `t`'s range (`i64` when unbounded).
    pub fn for_range(t: &IntType) -> Self {
        let (Some(min), Some(max)) = (t.min, t.max) else {
            return IntRepr::I64;
        };
        let candidates = [
            IntRepr::U8,
            IntRepr::U16,
            IntRepr::U32,
            IntRepr::I8,
            IntRepr::I16,
            IntRepr::I32,
        ];
        candidates
            .into_iter()
            .find(|r| r.bounds().0 <= min && max <= r.bounds().1)
            .unwrap_or(IntRepr::I64)
    }

    /// The type's own inclusive bounds.
    pub fn bounds(self) -> (i64, i64) {
        match self {
            IntRepr::U8 => (0, u8::MAX.into()),
            IntRepr::U16 => (0, u16::MAX.into()),
            IntRepr::U32 => (0, u32::MAX.into()),
            IntRepr::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntRepr::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntRepr::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntRepr::I64 => (i64::MIN, i64::MAX),
        }
    }

    /// The type's tokens.
    pub fn tokens(self) -> TokenStream {
        match self {
            IntRepr::U8 => quote!(u8),
            IntRepr::U16 => quote!(u16),
            IntRepr::U32 => quote!(u32),
            IntRepr::I8 => quote!(i8),
            IntRepr::I16 => quote!(i16),
            IntRepr::I32 => quote!(i32),
            IntRepr::I64 => quote!(i64),
        }
    }

    /// `expr` (of this type) converted to `i64` without a useless conversion.
    pub fn to_i64(self, expr: TokenStream) -> TokenStream {
        match self {
            IntRepr::I64 => expr,
            _ => quote!(i64::from(#expr)),
        }
    }

    /// `expr` (of this type) converted to `u64` (negative values become 0).
    pub fn to_u64(self, expr: TokenStream) -> TokenStream {
        match self {
            IntRepr::U8 | IntRepr::U16 | IntRepr::U32 => quote!(u64::from(#expr)),
            _ => quote!(u64::try_from(#expr).unwrap_or(0)),
        }
    }

    /// `expr` (of this type) converted to `usize` (negative values become 0).
    pub fn to_usize(self, expr: TokenStream) -> TokenStream {
        match self {
            IntRepr::U8 | IntRepr::U16 => quote!(usize::from(#expr)),
            _ => quote!(usize::try_from(#expr).unwrap_or(0)),
        }
    }
}

/// Whether an enum is string-valued.
pub fn enum_is_str(dialect: &Dialect, name: &str) -> bool {
    dialect
        .enum_def(name)
        .and_then(|e| e.variants.first())
        .is_some_and(|v| matches!(v.value, at_spec::ir::Literal::Str(_)))
}

/// The stored Rust type of a parameter or response field.
pub fn value_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Int(t) => IntRepr::for_range(t).tokens(),
        Type::Str(s) if s.secret => quote!(::atspec_runtime::wire::Secret<::std::string::String>),
        Type::Str(_) | Type::Text | Type::Range => quote!(::std::string::String),
        Type::Masked => quote!(::atspec_runtime::wire::Secret<::std::string::String>),
        Type::Enum(name) | Type::Codes(name) => {
            let ident = type_ident(name);
            quote!(#ident)
        }
    }
}

/// Whether this type hides its value.
pub fn is_secret(ty: &Type) -> bool {
    matches!(ty, Type::Str(StrType { secret: true, .. }) | Type::Masked)
}

/// The `::atspec_runtime::wire::StrRules` of a string type: the plain
/// rules and a builder call for each one that differs.
pub fn str_rules(s: &StrType) -> TokenStream {
    let mut rules = quote!(::atspec_runtime::wire::StrRules::ANY);
    if s.min_len > 0 {
        let min = crate::names::usize_lit(s.min_len);
        rules = quote!(#rules.min(#min));
    }
    if let Some(max) = s.max_len {
        let max = crate::names::usize_lit(max);
        rules = quote!(#rules.max(#max));
    }
    let charset = match s.charset {
        Charset::Any => None,
        Charset::Ascii => Some(quote!(Ascii)),
        Charset::Alnum => Some(quote!(Alnum)),
        Charset::Printable => Some(quote!(Printable)),
        Charset::Hex => Some(quote!(Hex)),
    };
    if let Some(c) = charset {
        rules = quote!(#rules.charset(::atspec_runtime::wire::Charset::#c));
    }
    if s.quoting == Quoting::Unquoted {
        rules = quote!(#rules.unquoted());
    }
    if let Some(p) = &s.prefix {
        rules = quote!(#rules.prefix(#p));
    }
    if s.non_ascii_marker.is_some() {
        rules = quote!(#rules.non_ascii());
    }
    rules
}

/// A human description of an integer range for parse errors.
pub fn int_expectation(t: &IntType) -> String {
    match (t.min, t.max) {
        (Some(a), Some(b)) => format!("an integer {a}..={b}"),
        (Some(a), None) => format!("an integer >= {a}"),
        (None, Some(b)) => format!("an integer <= {b}"),
        (None, None) => String::from("an integer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(min: i64, max: i64) -> IntType {
        IntType {
            min: Some(min),
            max: Some(max),
            alias: None,
        }
    }

    #[test]
    fn smallest_types() {
        assert_eq!(IntRepr::for_range(&range(0, 255)), IntRepr::U8);
        assert_eq!(IntRepr::for_range(&range(1, 65535)), IntRepr::U16);
        assert_eq!(IntRepr::for_range(&range(60, 65535)), IntRepr::U16);
        assert_eq!(IntRepr::for_range(&range(0, 70000)), IntRepr::U32);
        assert_eq!(IntRepr::for_range(&range(-1, 1)), IntRepr::I8);
        assert_eq!(IntRepr::for_range(&range(-554, -1)), IntRepr::I16);
        assert_eq!(IntRepr::for_range(&range(0, 1 << 40)), IntRepr::I64);
        assert_eq!(IntRepr::for_range(&IntType::default()), IntRepr::I64);
    }
}
