//! Rust names for spec names.

use at_spec::ir::{FormKind, Literal};
use proc_macro2::{Ident, Span};

/// A value identifier (field, parameter, getter); keywords become raw identifiers.
pub fn value_ident(name: &str) -> Ident {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = if cleaned.is_empty() || cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cleaned}")
    } else {
        cleaned
    };
    if matches!(cleaned.as_str(), "self" | "Self" | "super" | "crate" | "_") {
        return Ident::new(&format!("{cleaned}_"), Span::call_site());
    }
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

/// A type identifier from an already UpperCamel spec name.
pub fn type_ident(name: &str) -> Ident {
    let camel = upper_camel(name);
    match camel.as_str() {
        "Self" => Ident::new("Self_", Span::call_site()),
        _ => Ident::new(&camel, Span::call_site()),
    }
}

/// UpperCamel from any text: split at non-alphanumerics, each part's first
/// letter upper-cased. Parts that are all upper case are lower-cased first
/// (`SMTPSRV` → `Smtpsrv`), mixed-case parts are kept (`SmtpSend`).
pub fn upper_camel(text: &str) -> String {
    let mut out = String::new();
    for part in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let all_upper = !part.chars().any(|c| c.is_ascii_lowercase());
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            for c in chars {
                out.push(if all_upper { c.to_ascii_lowercase() } else { c });
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'X');
    }
    out
}

/// The UpperCamel spelling of a sub-command key (`"account"` → `Account`).
pub fn key_stem(key: &Literal) -> String {
    match key {
        Literal::Int(v) if *v < 0 => format!("Minus{}", v.unsigned_abs()),
        Literal::Int(v) => v.to_string(),
        Literal::Str(s) => {
            let camel = upper_camel(s);
            camel
                .strip_prefix('X')
                .filter(|_| !s.starts_with(['x', 'X']))
                .map(str::to_owned)
                .unwrap_or(camel)
        }
    }
}

/// The name of a form's request type: `SmtpsrvWrite`, `QsmtpcfgAccountWrite`.
pub fn form_type_name(command: &str, key: Option<&Literal>, kind: FormKind) -> String {
    let mut name = upper_camel(&command.to_ascii_uppercase());
    if let Some(key) = key {
        name.push_str(&key_stem(key));
    }
    name.push_str(match kind {
        FormKind::Test => "Test",
        FormKind::Read => "Read",
        FormKind::Write => "Write",
        FormKind::Exec => "Exec",
    });
    name
}

#[cfg(test)]
mod tests {
    use super::*;

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
