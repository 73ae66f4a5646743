//! Rust names for spec names.

use proc_macro2::{Ident, Span};

/// A value identifier (field, parameter, getter); keywords become raw
/// identifiers. The name itself is [`at_spec::names::value_name`].
pub fn value_ident(name: &str) -> Ident {
    let cleaned = at_spec::names::value_name(name);
    match syn::parse_str::<Ident>(&cleaned) {
        Ok(ident) => ident,
        Err(_) => Ident::new_raw(&cleaned, Span::call_site()),
    }
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
    }
}
