//! Malformed specs: each must be rejected with a diagnostic at the line and
//! column its first line names (`// expect: LINE:COL`), and its rendered
//! diagnostics must match the snapshot.

mod support;

use support::{relative_name, specs_in, stem};

/// Parses a malformed spec; includes are read relative to the crate.
fn diagnostics(path: &std::path::Path) -> at_spec::Diagnostics {
    let name = relative_name(path);
    let text = std::fs::read_to_string(path).expect("spec readable");
    let root = env!("CARGO_MANIFEST_DIR");
    match at_spec::parse_with(&name, &text, &mut |p| {
        std::fs::read_to_string(std::path::Path::new(root).join(p))
            .map_err(|e| e.kind().to_string())
    }) {
        Ok(_) => panic!("{} should be rejected", path.display()),
        Err(d) => d,
    }
}

/// The `LINE:COL` of the `// expect:` first line.
fn expected(path: &std::path::Path) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let first = text.lines().next()?;
    let (l, c) = first.strip_prefix("// expect: ")?.trim().split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

#[test]
fn every_malformed_spec_is_rejected_at_the_right_place() {
    let files = specs_in("tests/malformed");
    assert!(
        files.len() >= 45,
        "expected at least 45 malformed specs, found {}",
        files.len()
    );
    let mut wrong = Vec::new();
    for path in &files {
        let diags = diagnostics(path);
        let first = diags.first().expect("at least one diagnostic");
        let actual = (first.line, first.col);
        if expected(path) != Some(actual) {
            wrong.push(format!(
                "{}: expected {:?}, got {}:{}\n{}",
                stem(path),
                expected(path),
                actual.0,
                actual.1,
                diags.render()
            ));
        }
        for d in diags.iter() {
            assert!(
                d.help.is_some(),
                "{}: every diagnostic says how to fix it: {d}",
                stem(path)
            );
            assert!(
                d.span.end <= d.source_text().len(),
                "{}: span inside the file",
                stem(path)
            );
        }
        insta::assert_snapshot!(format!("malformed_{}", stem(path)), diags.render());
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn display_is_file_line_col_error_message() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/malformed/unknown_type.atspec");
    let diags = diagnostics(&path);
    let text = diags.to_string();
    assert!(
        text.starts_with("tests/malformed/unknown_type.atspec:5:41: error: unknown type `Prot`"),
        "{text}"
    );
    assert!(text.contains("\n  help: did you mean `Port`?"), "{text}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/malformed/many_errors_at_once.atspec");
    let diags = diagnostics(&path);
    assert!(
        diags.len() >= 5,
        "expected every problem, got:\n{}",
        diags.render()
    );
}

#[cfg(feature = "miette")]
#[test]
fn diagnostics_work_with_miette() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/malformed/unknown_type.atspec");
    let diags = diagnostics(&path);
    let first: &dyn miette::Diagnostic = diags.first().expect("one diagnostic");
    let labels: Vec<miette::LabeledSpan> = first.labels().expect("labels").collect();
    assert_eq!(labels.len(), 1);
    let source = first.source_code().expect("source");
    let contents = source
        .read_span(labels[0].inner(), 0, 0)
        .expect("span readable");
    assert_eq!(std::str::from_utf8(contents.data()).expect("utf-8"), "Prot");
    let related = miette::Diagnostic::related(&diags)
        .expect("related")
        .count();
    assert_eq!(related, diags.len());
}
