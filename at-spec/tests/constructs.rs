//! One small spec per language construct: each parses, and its IR is snapshotted.

mod support;

use at_spec::ir::{Dialect, FormKind, Timeout, Type};
use support::{compact_debug, relative_name, specs_in, stem};

/// The IR without the source texts (they are the spec itself).
fn ir_view(d: &Dialect) -> String {
    let sources: Vec<&str> = d.sources.iter().map(|s| s.name.as_str()).collect();
    // Declared finals and prompts only where a spec has them (older
    // snapshots stay as they were).
    if !d.final_errors.is_empty() || !d.prompts.is_empty() {
        return compact_debug(&(&d.name, &d.final_errors, &d.prompts, &d.errors));
    }
    compact_debug(&(
        &d.name,
        &d.header,
        &d.enums,
        &d.code_tables,
        &d.types,
        &d.errors,
        &d.urcs,
        &d.commands,
        sources,
    ))
}

fn parse(path: &std::path::Path) -> Dialect {
    let name = relative_name(path);
    let text = std::fs::read_to_string(path).expect("spec readable");
    let root = env!("CARGO_MANIFEST_DIR");
    at_spec::parse_with(&name, &text, &mut |p| {
        std::fs::read_to_string(std::path::Path::new(root).join(p)).map_err(|e| e.to_string())
    })
    .unwrap_or_else(|e| panic!("{} should parse:\n{}", path.display(), e.render()))
}

#[test]
fn every_construct_parses_and_matches_its_snapshot() {
    let files = specs_in("tests/specs");
    assert!(
        files.len() >= 30,
        "expected a spec per construct, found {}",
        files.len()
    );
    for path in files {
        let dialect = parse(&path);
        insta::assert_snapshot!(format!("construct_{}", stem(&path)), ir_view(&dialect));
    }
}

fn spec(name: &str) -> Dialect {
    parse(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/specs")
            .join(name),
    )
}

#[test]
fn header_timeout_defaults_to_five_seconds() {
    let d = spec("header_default_timeout.atspec");
    assert_eq!(d.header.default_timeout, std::time::Duration::from_secs(5));
    assert_eq!(
        d.commands[0].forms[0].timeout,
        std::time::Duration::from_secs(5)
    );
}

#[test]
fn forms_without_timeout_take_the_header_timeout() {
    let d = spec("timeouts.atspec");
    let c = &d.commands[0];
    let secs: Vec<u128> = c.forms.iter().map(|f| f.timeout.as_millis()).collect();
    assert_eq!(secs, vec![30_000, 10_000, 1_500]);
}

#[test]
fn included_files_are_read_once_and_spliced_in() {
    let d = spec("include.atspec");
    assert_eq!(d.sources.len(), 3);
    assert_eq!(d.urcs.len(), 1);
    assert_eq!(d.code_tables.len(), 1);
}

#[test]
fn untyped_response_fields_take_the_write_parameter_type() {
    let d = spec("secret.atspec");
    let read = d.commands[0]
        .forms_of(FormKind::Read)
        .next()
        .expect("read form");
    let at_spec::ir::Shape::Line(line) = &read.response.items[0].shape else {
        panic!("expected a line")
    };
    let at_spec::ir::Field::Value(pw) = &line.fields[1] else {
        panic!("expected a value")
    };
    let Type::Str(s) = &pw.ty else {
        panic!("expected a string")
    };
    assert!(s.secret);
    assert_eq!(s.alias.as_deref(), Some("Password"));
}

#[test]
fn enum_names_in_rules_resolve_to_values() {
    let d = spec("rules.atspec");
    let rule = &d.commands[2].forms[0].rules[1];
    assert_eq!(
        rule.when.values,
        vec![at_spec::ir::Literal::Int(1), at_spec::ir::Literal::Int(2)]
    );
}

#[test]
fn completion_fallback_comes_from_else_or_the_default() {
    let d = spec("completion.atspec");
    let t = |i: usize| {
        d.commands[i].forms[0]
            .completion
            .clone()
            .expect("completion")
            .timeout
    };
    assert_eq!(t(0), Timeout::Fixed(std::time::Duration::from_secs(95)));
    assert_eq!(
        t(1),
        Timeout::Param("timeout".into(), std::time::Duration::from_secs(300))
    );
    assert_eq!(
        t(2),
        Timeout::Param("timeout".into(), std::time::Duration::from_secs(240))
    );
}

#[test]
fn data_orders_caps_prompt_lines_margins_and_chunk_links_lower() {
    use at_spec::ir::{DataPhase, Shape};
    use std::time::Duration;
    let d = spec("data_orders.atspec");
    let form = |c: &str| &d.command(c).expect("command").forms[0];
    let Some(DataPhase::Connect(body)) = &form("QSMTPBODY").data else {
        panic!("a connect phase");
    };
    assert!(body.after_ok);
    assert_eq!(body.max, Some(10240));
    match &body.result {
        Some(Shape::OneOf(alts)) => {
            let names: Vec<&str> = alts.iter().map(|a| a.name.as_str()).collect();
            assert_eq!(names, ["Stored", "Failed"]);
        }
        other => panic!("a one_of result, got {other:?}"),
    }
    let counted = spec("data_prompt_line.atspec");
    assert_eq!(
        counted.commands[0].forms[0].data,
        Some(DataPhase::PromptLine {
            prompt: "DOWNLOAD".into(),
            length: "len".into()
        })
    );
    let send = form("SMTPSEND").completion.clone().expect("completion");
    assert_eq!(send.after_chunks.as_deref(), Some("SMTPFT"));
    let put = form("QSMTPPUT").completion.clone().expect("completion");
    assert_eq!(
        put.timeout,
        Timeout::Margin {
            param: "timeout".into(),
            margin: Duration::from_secs(30),
            fallback: Duration::from_secs(300)
        }
    );
}

#[test]
fn the_dialect_specs_of_the_project_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dialects/specs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "atspec") {
            if let Err(diags) = at_spec::parse_file(&p) {
                panic!("{}:\n{}", p.display(), diags.render());
            }
        }
    }
}
