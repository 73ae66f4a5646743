//! `atspec doc` for the five dialects: snapshots, every command present,
//! and the committed pages under docs/dialects/ up to date.

use std::path::PathBuf;
use std::process::Command;

const DIALECTS: [&str; 5] = [
    "simcom_smtps",
    "simcom_sim52xx",
    "simcom_sim900",
    "quectel_uc15",
    "quectel_gsm",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atspec-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn doc_for_the_five_dialects() {
    let dir = out_dir();
    for name in DIALECTS {
        let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
            .args(["doc", name, "-o"])
            .arg(&dir)
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let md = std::fs::read_to_string(dir.join(format!("{name}.md"))).expect("md written");
        let html = std::fs::read_to_string(dir.join(format!("{name}.html"))).expect("html written");
        let spec = at_spec::parse_file(&root().join(format!("dialects/specs/{name}.atspec")))
            .expect("spec");
        for c in &spec.commands {
            let id = format!("at-{}", c.name.to_ascii_lowercase());
            assert!(
                md.contains(&format!("### AT+{}\n", c.name)),
                "{name}: AT+{} missing",
                c.name
            );
            assert!(
                html.contains(&format!("<a href=\"#{id}\">")),
                "{name}: index lacks AT+{}",
                c.name
            );
            assert!(
                html.contains(&format!("<a id=\"{id}\"></a>")),
                "{name}: page lacks AT+{}",
                c.name
            );
        }
        for u in &spec.urcs {
            assert!(
                md.contains(&format!("### {}\n", u.name)),
                "{name}: URC {} missing",
                u.name
            );
        }
        for t in &spec.code_tables {
            for code in &t.codes {
                assert!(
                    md.contains(&format!("| {} | {} |", code.value, code.name)),
                    "{name}: code {} missing",
                    code.value
                );
            }
        }
        insta::assert_snapshot!(format!("{name}_md"), md);
        let committed = root().join(format!("docs/dialects/{name}.md"));
        let committed_md = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            committed_md == md,
            "docs/dialects/{name}.md is out of date: run `cargo run -p atspec-cli -- doc {name} -o docs/dialects`"
        );
        let committed_html =
            std::fs::read_to_string(root().join(format!("docs/dialects/{name}.html")))
                .unwrap_or_default();
        assert!(
            committed_html == html,
            "docs/dialects/{name}.html is out of date: run `cargo run -p atspec-cli -- doc {name} -o docs/dialects`"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn doc_without_out_prints_markdown() {
    let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(["doc", "quectel_gsm"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("# quectel_gsm — Quectel"),
        "{}",
        &text[..80.min(text.len())]
    );
}
