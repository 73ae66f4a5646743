//! Hostile specs (issue 9): each input that once aborted, overflowed the
//! stack, took quadratic time, read what it should not, or put framing
//! characters on the wire is a regression test here; each gets a typed
//! diagnostic with a position.

use at_spec::{parse_with, Diagnostics, MAX_RENDERED};

const HEADER: &str = "dialect d { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\n";

/// Parses `body` after a header; includes are refused.
fn parse(body: &str) -> Result<at_spec::ir::Dialect, Diagnostics> {
    parse_with("t.atspec", &format!("{HEADER}{body}"), &mut |_| {
        Err("no includes here".into())
    })
}

/// The diagnostics of a spec that must be rejected.
fn errors(body: &str) -> Diagnostics {
    match parse(body) {
        Ok(_) => panic!("spec should be rejected:\n{body}"),
        Err(d) => d,
    }
}

/// True if some diagnostic's message contains `needle`; prints all otherwise.
fn has(diags: &Diagnostics, needle: &str) -> bool {
    let found = diags.iter().any(|d| d.message.contains(needle));
    if !found {
        eprintln!("no diagnostic contains {needle:?}:\n{diags}");
    }
    found
}

#[test]
fn a_60000_character_unknown_name_gets_no_suggestion_and_no_abort() {
    let name = "A".repeat(60_000);
    let d = errors(&format!(
        "enum {}B {{ 0 X }}\ncommand X {{ write (v: {name}) }}",
        "A".repeat(59_999)
    ));
    assert!(has(&d, "unknown type"));
    let help = d.iter().find_map(|d| d.help.clone()).unwrap_or_default();
    assert!(!help.contains("did you mean"), "{help:.200}");
}

#[test]
fn a_5000_alias_chain_is_refused_without_overflowing_the_stack() {
    let mut body = String::new();
    for i in 0..5_000 {
        body.push_str(&format!("type A{i} = A{}\n", i + 1));
    }
    body.push_str("type A5000 = int\ncommand X { write (v: A0) }\n");
    // A small stack: the bound must hold however deep the chain is.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || parse(&body).err().map(|d| (d.len(), d.to_string())))
        .expect("thread starts");
    let (count, text) = handle
        .join()
        .expect("no stack overflow")
        .expect("the chain is refused");
    assert!(text.contains("more than 64 aliases"), "{text:.400}");
    assert!(count >= 1);
}

#[test]
fn ten_thousand_errors_on_one_line_have_exact_positions_and_a_bounded_rendering() {
    let values: Vec<String> = (0..10_000).map(|i| format!("{}", 100 + i)).collect();
    let line = format!(
        "command X {{ write (a: int 0..=9 [, b: int]) {{ rule a in {{{}}} => present(b) }} }}",
        values.join(", ")
    );
    let d = errors(&line);
    assert_eq!(d.len(), 10_000, "one error per value");
    // Every error is on line 2, at the column of the rule (the rule's span).
    let col = line.find("rule").expect("rule") + 1;
    assert!(d.iter().all(|e| e.line == 2 && e.col == col));
    let text = d.render();
    assert!(
        text.contains("... and 9950 more errors"),
        "{:.300}",
        &text[text.len().saturating_sub(300)..]
    );
    assert_eq!(text.matches("error: rule compares").count(), MAX_RENDERED);
    // Each snippet shows a window of the 70 KB line, not the line.
    assert!(text.len() < MAX_RENDERED * 1_000, "{} bytes", text.len());
    let display = d.to_string();
    assert_eq!(
        display.lines().filter(|l| l.contains(": error: ")).count(),
        MAX_RENDERED
    );
}

#[test]
fn positions_on_long_non_ascii_lines_count_characters() {
    let pad = "é".repeat(5_000);
    let d = errors(&format!(
        "enum E \"{pad}\" {{ 0 A }} command X {{ write (v: Nope) }}"
    ));
    let e = d.first().expect("one error");
    assert!(e.message.contains("unknown type"));
    let line = format!("enum E \"{pad}\" {{ 0 A }} command X {{ write (v: Nope) }}");
    let want = line[..line.find("Nope").expect("Nope")].chars().count() + 1;
    assert_eq!((e.line, e.col), (2, want));
    assert!(e.render().contains("^^^^"), "{}", e.render());
}

// ---- spec text that reaches the wire ----

#[test]
fn a_literal_parameter_cannot_smuggle_a_second_command() {
    let d = errors("command X { write (\"a\\r\\nAT+EVIL=1\", v: int) }");
    assert!(has(
        &d,
        "literal parameter \"a\\r\\nAT+EVIL=1\" holds '\\r'"
    ));
    let e = d.first().expect("one");
    assert_eq!((e.line, e.col), (2, 20), "{e}");
}

#[test]
fn keys_markers_enum_values_prefixes_and_escapes_obey_the_wire_rule() {
    let cases: [(&str, &str); 8] = [
        ("command X { write \"a\\\"b\" (v: int) }", "sub-command key"),
        ("command X { write \"a\\\\b\" (v: int) }", "sub-command key"),
        (
            "enum E { \"a\\x08\" A }\ncommand X { write (v: E) }",
            "string enum value",
        ),
        (
            "command X { write (v: string non_ascii_marker \"{x\\n}\") }",
            "`non_ascii_marker`",
        ),
        (
            "command X { write (v: string non_ascii_marker \"{a,b}\") }",
            "holds a comma",
        ),
        (
            "command X { write (v: string prefix \"RAM\\x7F\") }",
            "`prefix`",
        ),
        (
            "type F = string prefix \"a\\x00\"\ncommand X { write (v: F) }",
            "`prefix`",
        ),
        (
            "command X { write (n: int) { data connect { escape \"+\\r+\" guard 1s } } }",
            "escape sequence",
        ),
    ];
    for (body, needle) in cases {
        let d = errors(body);
        assert!(has(&d, needle), "{body}");
        assert!(d.iter().all(|e| e.line >= 2 && e.help.is_some()), "{d}");
    }
}

#[test]
fn a_prefix_no_value_can_satisfy_is_refused() {
    let d = errors("command X { write (v: string alnum prefix \"RAM:\") }");
    assert!(has(&d, "outside the string's `alnum` class"));
    let d = errors("command X { write (v: string unquoted prefix \"a,b\") }");
    assert!(has(&d, "which an `unquoted` value can't"));
    let d = errors("command X { write (v: string hex min 3 max 3) }");
    assert!(has(&d, "no `hex` string fits"));
    assert!(parse("command X { write (v: string printable prefix \"RAM:\" max 9) }").is_ok());
}

// ---- clean-looking specs whose generated names collide ----

#[test]
fn keys_1_and_quoted_1_on_one_command_are_a_generated_name_clash() {
    let d = errors("command X {\n write 1 (v: int)\n write \"1\" (v: int)\n}");
    assert!(has(&d, "generates the Rust type name `X1Write`"));
    let e = d.first().expect("one");
    assert_eq!(e.line, 4, "reported at the second form: {e}");
}

#[test]
fn commands_differing_in_case_are_a_generated_name_clash() {
    let d = errors("command SMTP { exec }\ncommand smtp { exec }");
    assert!(has(&d, "`SmtpExec`"));
    assert_eq!(d.first().map(|e| e.line), Some(3));
}

#[test]
fn a_urc_named_like_a_generated_item_is_a_clash() {
    for name in ["Dialect", "Urc"] {
        let d = errors(&format!("urc {name} \"doc\" \"+X\": v: int"));
        assert!(has(&d, &format!("the generator's own `{name}`")), "{name}");
    }
    let d = errors("codes C { 1 Other \"other\" }");
    assert!(has(&d, "`Other`"));
    let d = errors("enum E { 0 ab 1 AB }\ncommand X { write (v: E) }");
    assert!(has(&d, "variant of enum `E` name `Ab`"));
    let d = errors("urc Smtp \"doc\" \"+X\": v: int\ncommand SMTP { write (v: int) { response \"+S\": w: int } }\nenum SmtpWriteResponse { 0 A }");
    assert!(has(&d, "`SmtpWriteResponse`"));
}

#[test]
fn every_bundled_dialect_still_checks_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dialects/specs");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("dialect specs") {
        let path = entry.expect("entry").path();
        if let Err(d) = at_spec::parse_file(&path) {
            panic!("{}:\n{}", path.display(), d.render());
        }
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn a_one_of_over_the_alternative_cap_is_refused_at_the_first_one_over() {
    let alts: Vec<String> = (0..65)
        .map(|i| format!("A{i}: \"+X\": {i}, v: int"))
        .collect();
    let body = format!(
        "command X {{ exec {{ response one_of {{\n{}\n}} }} }}\n",
        alts.join("\n")
    );
    let d = errors(&body);
    assert!(has(
        &d,
        "this `one_of` has 65 alternatives; at most 64 are allowed"
    ));
    let over = d
        .iter()
        .find(|e| e.message.contains("at most 64"))
        .expect("the cap error");
    // Header on line 1, `command` on line 2, A0 on line 3: A64 is on line 67.
    assert_eq!((over.line, over.col), (67, 1));
    // 64 alternatives are fine.
    let ok: Vec<String> = (0..64)
        .map(|i| format!("A{i}: \"+X\": {i}, v: int"))
        .collect();
    parse(&format!(
        "command X {{ exec {{ response one_of {{\n{}\n}} }} }}\n",
        ok.join("\n")
    ))
    .unwrap_or_else(|d| panic!("64 alternatives are allowed:\n{d}"));
}

#[test]
fn hints_naming_a_big_enum_or_form_stay_short() {
    // An enum of 20,000 values, a rule naming 20,000 unknown values of it,
    // and a form of 5,000 parameters with a rule naming an unknown one: each
    // hint lists a few names and how many more, never all of them.
    let variants: Vec<String> = (0..20_000).map(|i| format!("{i} V{i}")).collect();
    let unknown: Vec<String> = (0..20_000).map(|i| format!("Zq{i}x")).collect();
    let params: Vec<String> = (0..5_000).map(|i| format!("p{i}: int")).collect();
    let body = format!(
        "enum Big {{ {} }}\ncommand X {{ write (a: Big [, b: int]) {{ rule a in {{{}}} => present(b) }} }}\ncommand Y {{ write ({}) {{ rule qqqq_unknown == 1 => absent(p1) }} }}\n",
        variants.join(" "),
        unknown.join(", "),
        params.join(", ")
    );
    let d = errors(&body);
    assert!(d.len() >= 20_001, "{} errors", d.len());
    let longest_help = d
        .iter()
        .filter_map(|e| e.help.as_ref().map(String::len))
        .max()
        .unwrap_or(0);
    assert!(longest_help < 400, "a hint of {longest_help} bytes");
    assert!(has(&d, "`Big` has no value named `Zq0x`"));
    assert!(d.iter().any(|e| e
        .help
        .as_deref()
        .is_some_and(|h| h.contains("and 19988 more"))));
    assert!(has(&d, "`qqqq_unknown` is not a parameter of this form"));
    assert!(d.iter().any(|e| e
        .help
        .as_deref()
        .is_some_and(|h| h.contains("p0, p1,") && h.contains("and 4988 more"))));
}
