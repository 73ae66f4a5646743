//! Rust names for spec names.

use proc_macro2::{Ident, Span};

/// A value identifier (field, parameter, getter); keywords become raw
/// identifiers. The name itself is [`at_spec::names::value_name`].
pub fn value_ident(name: &str) -> Ident {
    // `value_name` gives `[A-Za-z_][A-Za-z0-9_]*`, never `self`, `Self`,
    // `super`, `crate` or `_` (which cannot be raw), so both constructors
    // accept it.
    let cleaned = at_spec::names::value_name(name);
    if is_keyword(&cleaned) {
        Ident::new_raw(&cleaned, Span::call_site())
    } else {
        Ident::new(&cleaned, Span::call_site())
    }
}

/// Rust's strict and reserved keywords, up to edition 2024 (`union` and
/// other weak keywords are identifiers): a value named so is written as a
/// raw identifier.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// True if `name` is a keyword, so not usable as a plain identifier.
fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// An integer literal without a type suffix (`-421`, not `-421i64`).
pub fn int_lit(v: i64) -> proc_macro2::TokenStream {
    let abs = proc_macro2::Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote::quote!(-#abs)
    } else {
        quote::quote!(#abs)
    }
}

/// A `usize` literal without a type suffix.
pub fn usize_lit(v: usize) -> proc_macro2::Literal {
    proc_macro2::Literal::usize_unsuffixed(v)
}

/// A type identifier: [`at_spec::names::type_name`] of a spec name.
pub fn type_ident(name: &str) -> Ident {
    Ident::new(&at_spec::names::type_name(name), Span::call_site())
}

// The naming rules live in the front end, where validation uses the same
// functions to reject specs whose generated names would collide.
pub use at_spec::names::{data_result_type_name, form_type_name, response_type_name};

#[cfg(test)]
mod tests {
    use super::*;
    use at_spec::ir::{FormKind, Literal};
    use at_spec::names::upper_camel;

    #[test]
    fn names() {
        assert_eq!(
            form_type_name("SMTPSRV", None, FormKind::Write),
            "SmtpsrvWrite"
        );
        assert_eq!(
            form_type_name("POP3CMD", None, FormKind::Exec),
            "Pop3cmdExec"
        );
        let key = Literal::Str("account".into());
        assert_eq!(
            form_type_name("QSMTPCFG", Some(&key), FormKind::Write),
            "QsmtpcfgAccountWrite"
        );
        assert_eq!(
            form_type_name("QSMTPCFG", Some(&Literal::Int(1)), FormKind::Write),
            "Qsmtpcfg1Write"
        );
        assert_eq!(upper_camel("SmtpSend"), "SmtpSend");
        assert_eq!(upper_camel("ssl_ctx id"), "SslCtxId");
        assert_eq!(value_ident("type").to_string(), "r#type");
        assert_eq!(value_ident("self").to_string(), "self_");
        assert_eq!(value_ident("max_len").to_string(), "max_len");
        assert_eq!(value_ident("gen").to_string(), "r#gen");
        assert_eq!(value_ident("async").to_string(), "r#async");
        assert_eq!(value_ident("Type").to_string(), "Type");
        assert_eq!(value_ident("9 lives").to_string(), "_9_lives");
    }

    /// The table is syn's list of words that are not identifiers (the check
    /// the generator used before), plus `gen` (reserved since edition 2024).
    #[test]
    fn keyword_table_matches_syn() {
        let words = KEYWORDS
            .iter()
            .copied()
            .chain(["union", "raw", "dyn_", "Type", "x9", "_9"]);
        for w in words {
            let syn_refuses = syn::parse_str::<syn::Ident>(w).is_err();
            assert_eq!(is_keyword(w), syn_refuses || w == "gen", "{w}");
        }
    }
}
