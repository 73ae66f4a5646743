//! The build-script entry point writes formatted files and reports errors.

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atspec-codegen-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn compile_writes_one_formatted_file_per_spec() {
    let dir = scratch("ok");
    let spec = dir.join("demo.atspec");
    std::fs::write(
        &spec,
        "dialect demo { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\n\
         command SMTPSRV \"Set the server\" { write (server: string max 50 nonempty) }\n",
    )
    .expect("write spec");
    atspec_codegen::build::compile(&[&spec], &dir).expect("compiles");
    let code = std::fs::read_to_string(dir.join("demo.rs")).expect("generated file");
    assert!(code.contains("pub struct SmtpsrvWrite {"), "{code}");
    assert!(
        code.contains("\n    /// "),
        "formatted with spaced doc comments"
    );
    assert!(syn::parse_file(&code).is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn compile_reports_spec_errors_with_location() {
    let dir = scratch("bad");
    let spec = dir.join("bad.atspec");
    std::fs::write(&spec, "dialect bad { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\ncommand X \"x\" { write (p: Nope) }\n")
        .expect("write spec");
    let err = atspec_codegen::build::compile(&[&spec], &dir).unwrap_err();
    assert!(err.contains("bad.atspec:2:"), "{err}");
    assert!(!dir.join("bad.rs").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn expand_file_and_missing_files() {
    let err = atspec_codegen::expand_file("/nonexistent/x.atspec").unwrap_err();
    assert!(err.contains("cannot read"), "{err}");
    let err =
        atspec_codegen::expand_in(std::path::Path::new("/nonexistent"), "x.atspec").unwrap_err();
    assert!(err.starts_with("x.atspec"), "{err}");
}
