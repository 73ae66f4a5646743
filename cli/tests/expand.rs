//! `atspec expand` prints the same Rust as the codegen's expand example.

use std::process::Command;

#[test]
fn expand_prints_the_generated_rust_of_a_spec() {
    let spec = format!(
        "{}/../dialects/specs/simcom_sim900.atspec",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(["expand", &spec])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let want = atspec_codegen::pretty(&atspec_codegen::expand_file(&spec).expect("spec"));
    assert_eq!(text, want);
    assert!(
        text.contains("pub struct SmtpsrvWrite"),
        "{}",
        &text[..200.min(text.len())]
    );
    let by_name = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(["expand", "simcom_sim900"])
        .output()
        .expect("run");
    assert_eq!(by_name.status.code(), Some(0));
}

#[test]
fn expand_of_a_broken_spec_exits_1_with_its_position() {
    let dir = std::env::temp_dir().join(format!("atspec-expand-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("broken.atspec");
    std::fs::write(&path, "dialect demo { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\ncommand X \"x\" { write (a: Nope) }\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .arg("expand")
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.atspec:2:"), "{err}");
}
