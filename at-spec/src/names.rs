//! The Rust names generated for spec names. The code generator and the
//! validator's collision check both use these functions, so a spec that checks
//! clean cannot generate two items with one name.

use crate::ir::{DataPhase, Dialect, FormKind, Literal, Shape, Span};

/// Type names the generator adds to every dialect.
pub const RESERVED_TYPES: &[&str] = &["Urc", "Dialect"];

/// Variant every code-table enum gets for codes it does not list.
pub const OTHER_CODE_VARIANT: &str = "Other";

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

/// The Rust type (or variant) name of a spec name: UpperCamel, `Self` → `Self_`.
pub fn type_name(name: &str) -> String {
    let camel = upper_camel(name);
    if camel == "Self" {
        "Self_".to_string()
    } else {
        camel
    }
}

/// The Rust value name (field, parameter, getter) of a spec name, before any
/// `r#` for keywords: non-identifier characters become `_`, a leading digit
/// gets a `_`, and `self`, `Self`, `super`, `crate` and `_` get a trailing `_`.
pub fn value_name(name: &str) -> String {
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
        format!("{cleaned}_")
    } else {
        cleaned
    }
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

/// The type of a form's information lines: `{base}Response` for the whole
/// response (or its only clause), `{base}Item{n}` for clause `n` (1-based) of
/// several.
pub fn response_type_name(base: &str, clause: Option<usize>) -> String {
    match clause {
        None => format!("{base}Response"),
        Some(n) => format!("{base}Item{n}"),
    }
}

/// The type of a form's `CONNECT` data-phase result line.
pub fn data_result_type_name(base: &str) -> String {
    format!("{base}DataResult")
}

/// One type the generator defines for a dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedType {
    /// Its Rust name.
    pub name: String,
    /// What it is generated for (`command \`SMTP\``, `URC \`Dialect\``, ...).
    pub what: String,
    /// The spec item it comes from, with its namespace (`type/`, `urc/`,
    /// command forms): equal only for exact repeats inside one namespace,
    /// which the duplicate checks report. An enum and a URC of one name
    /// differ here, so their clash is reported as a generated-name clash.
    pub spec: String,
    /// Where that is declared (default for the generator's own items).
    pub span: Span,
}

/// Every type name the generator defines at the top level of a dialect's
/// module, in declaration order (the generator's own items first).
pub fn generated_types(d: &Dialect) -> Vec<GeneratedType> {
    let mut out: Vec<GeneratedType> = RESERVED_TYPES
        .iter()
        .map(|n| GeneratedType {
            name: (*n).to_string(),
            what: format!("the generator's own `{n}`"),
            spec: String::new(),
            span: Span::default(),
        })
        .collect();
    let mut push = |name: String, what: &str, spec: &str, span: &Span| {
        out.push(GeneratedType {
            name,
            what: what.to_string(),
            spec: spec.to_string(),
            span: span.clone(),
        })
    };
    for e in &d.enums {
        let what = format!("enum `{}`", e.name);
        push(
            type_name(&e.name),
            &what,
            &format!("type/{}", e.name),
            &e.span,
        );
    }
    for t in &d.code_tables {
        let what = format!("code table `{}`", t.name);
        push(
            type_name(&t.name),
            &what,
            &format!("type/{}", t.name),
            &t.span,
        );
    }
    for u in d.urcs.iter().filter(|u| u.shape != Shape::Text) {
        push(
            type_name(&u.name),
            &format!("URC `{}`", u.name),
            &format!("urc/{}", u.name),
            &u.span,
        );
    }
    for c in &d.commands {
        for f in &c.forms {
            let base = form_type_name(&c.name, f.key.as_ref(), f.kind);
            let key = match &f.key {
                Some(Literal::Int(n)) => format!(" {n}"),
                Some(Literal::Str(s)) => format!(" {s:?}"),
                None => String::new(),
            };
            let kind = match f.kind {
                FormKind::Test => "test",
                FormKind::Read => "read",
                FormKind::Write => "write",
                FormKind::Exec => "exec",
            };
            let what = format!("`{kind}{key}` of command `{}`", c.name);
            let spec = format!("command/{}/{what}", c.name);
            push(base.clone(), &what, &spec, &f.span);
            let items = &f.response.items;
            let typed: Vec<usize> = (0..items.len())
                .filter(|i| items[*i].shape != Shape::Text)
                .collect();
            if items.len() == 1 {
                if !typed.is_empty() {
                    push(response_type_name(&base, None), &what, &spec, &f.span);
                }
            } else {
                for i in &typed {
                    push(
                        response_type_name(&base, Some(i + 1)),
                        &what,
                        &spec,
                        &f.span,
                    );
                }
                if !items.is_empty() {
                    push(response_type_name(&base, None), &what, &spec, &f.span);
                }
            }
            if let Some(DataPhase::Connect(ph)) = &f.data {
                if ph.result.is_some() {
                    push(data_result_type_name(&base), &what, &spec, &f.span);
                }
            }
        }
    }
    out
}
