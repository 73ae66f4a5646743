//! Every spec that checks clean generates Rust that parses and defines no
//! name twice (issue 9): random specs built from names chosen to collide
//! (case variants, keys `1` / `"1"`, the generator's own `Urc` / `Dialect` /
//! `Other` / `...Response`) either fail validation or generate clean items.

use std::cell::Cell;
use std::collections::HashSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const HEADER: &str = "dialect d { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\n";

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(pool)
}

fn form() -> impl Strategy<Value = &'static str> {
    pick(&[
        "exec",
        "read",
        "test",
        "write 1 (v: int)",
        "write \"1\" (v: int)",
        "write \"a\" (v: int)",
        "write \"A\" (v: int)",
        "write (v: int) { response \"+R\": w: int }",
        "write (v: int, V: int) { response \"+R\": w: int }",
        "read { response \"+R\": w: int, W: int }",
        "read { response \"+R\": w: int response many \"+S\": z: int }",
    ])
}

fn command() -> impl Strategy<Value = String> {
    (
        pick(&["SMTP", "smtp", "Smtp", "SMTPSRV", "X", "POP3", "Dialect"]),
        proptest::collection::vec(form(), 1..4),
    )
        .prop_map(|(name, forms)| format!("command {name} {{\n  {}\n}}\n", forms.join("\n  ")))
}

fn enum_def() -> impl Strategy<Value = String> {
    (
        pick(&["E", "Urc", "Dialect", "SmtpExec", "SmtpWriteResponse", "F"]),
        proptest::collection::vec(pick(&["a", "A", "ab", "AB", "Other", "Self"]), 1..4),
    )
        .prop_map(|(name, vs)| {
            let rows: Vec<String> = vs
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{i} {v}"))
                .collect();
            format!("enum {name} {{ {} }}\n", rows.join(" "))
        })
}

fn codes() -> impl Strategy<Value = String> {
    (
        pick(&["C", "Other", "Codes", "Urc"]),
        proptest::collection::vec(pick(&["Other", "Ok", "OK", "Fail"]), 1..3),
    )
        .prop_map(|(name, cs)| {
            let rows: Vec<String> = cs
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{i} {c} \"m\""))
                .collect();
            format!("codes {name} {{ {} }}\n", rows.join(" "))
        })
}

fn urc() -> impl Strategy<Value = String> {
    (
        pick(&["Dialect", "Urc", "Done", "done", "SmtpExec", "U"]),
        pick(&[
            "\"+U\": v: int",
            "one_of { A: \"+U\": 1 B: \"+U\": 2 }",
            "one_of { A: \"+U\": 1 a: \"+U\": 2 }",
        ]),
    )
        .prop_map(|(name, shape)| format!("urc {name} \"doc\" {shape}\n"))
}

fn spec() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(command(), 0..4),
        proptest::collection::vec(enum_def(), 0..3),
        proptest::collection::vec(codes(), 0..2),
        proptest::collection::vec(urc(), 0..3),
    )
        .prop_map(|(c, e, k, u)| {
            format!(
                "{HEADER}{}{}{}{}",
                e.concat(),
                k.concat(),
                u.concat(),
                c.concat()
            )
        })
}

/// Names defined twice among `names`, if any.
fn repeated(names: impl IntoIterator<Item = String>, what: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    for n in names {
        if !seen.insert(n.clone()) {
            return Err(format!("{what} `{n}` defined twice"));
        }
    }
    Ok(())
}

/// Checks the generated file: top-level items, enum variants and struct
/// fields each have distinct names.
fn check_items(file: &syn::File) -> Result<(), String> {
    let mut top = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                top.push(s.ident.to_string());
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()));
                repeated(fields, &format!("field of `{}`", s.ident))?;
            }
            syn::Item::Enum(e) => {
                top.push(e.ident.to_string());
                repeated(
                    e.variants.iter().map(|v| v.ident.to_string()),
                    &format!("variant of `{}`", e.ident),
                )?;
            }
            syn::Item::Fn(f) => top.push(f.sig.ident.to_string()),
            syn::Item::Type(t) => top.push(t.ident.to_string()),
            _ => {}
        }
    }
    repeated(top, "item")
}

#[test]

fn random_clean_specs_generate_rust_with_distinct_names() {
    let valid = Cell::new(0usize);
    let mut runner = TestRunner::new(Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(400),
        ..Config::default()
    });
    let result = runner.run(&spec(), |text| {
        let Ok(tokens) = atspec_codegen::expand_str("random.atspec", &text) else {
            return Ok(());
        };
        valid.set(valid.get() + 1);
        let file = syn::parse2::<syn::File>(tokens)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        check_items(&file).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        valid.get() >= 20,
        "only {} of 400 random specs were valid",
        valid.get()
    );
}

#[test]
fn the_three_reported_collisions_are_spec_errors_with_positions() {
    for (body, line) in [
        (
            "command X {\n write 1 (v: int)\n write \"1\" (v: int)\n}\n",
            4,
        ),
        ("command SMTP { exec }\ncommand smtp { exec }\n", 3),
        ("urc Dialect \"doc\" \"+X\": v: int\n", 2),
    ] {
        let err = atspec_codegen::expand_str("c.atspec", &format!("{HEADER}{body}")).unwrap_err();
        assert!(err.starts_with(&format!("c.atspec:{line}:")), "{err}");
        assert!(err.contains("generate"), "{err}");
    }
}
