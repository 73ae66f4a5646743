//! `atspec check` on real files: exit codes, stdout and stderr.

use std::path::PathBuf;
use std::process::Command;

/// A fresh directory for this test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atspec-check-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const GOOD: &str = r#"dialect demo { vendor "V" family "F" manual "M" version "1" }
command SMTPSRV "Server" {
    write (server: string max 50 [, port: int 1..=65535 = 25])
    read { response "+SMTPSRV": server, port }
}
command SMTPSEND "Send" { exec }
"#;

const BROKEN: &str = r#"dialect demo { vendor "V" family "F" manual "M" version "1" }
command SMTPSRV "Server" {
    write (server: string max 50, port: Prot)
}
"#;

fn atspec() -> Command {
    Command::new(env!("CARGO_BIN_EXE_atspec"))
}

#[test]
fn a_valid_spec_passes_with_its_command_count() {
    let dir = temp_dir("good");
    let good = dir.join("good.atspec");
    std::fs::write(&good, GOOD).expect("write spec");
    let out = atspec()
        .arg("check")
        .arg(&good)
        .output()
        .expect("run atspec");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.trim(),
        format!("ok: {} (2 commands)", good.display())
    );
}

#[test]
fn a_broken_spec_fails_with_a_located_snippet() {
    let dir = temp_dir("broken");
    let broken = dir.join("broken.atspec");
    std::fs::write(&broken, BROKEN).expect("write spec");
    let out = atspec()
        .arg("check")
        .arg(&broken)
        .output()
        .expect("run atspec");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("error: unknown type `Prot`"), "{stderr}");
    assert!(
        stderr.contains(&format!("--> {}:3:41", broken.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("    write (server: string max 50, port: Prot)"),
        "{stderr}"
    );
    assert!(stderr.contains("^^^^ not declared"), "{stderr}");
    assert!(
        stderr.contains("help: did you mean `Port`?") || stderr.contains("help: declare it"),
        "{stderr}"
    );
    assert!(stderr.contains("1 problem"), "{stderr}");
}

#[test]
fn one_broken_file_among_good_ones_fails_the_run() {
    let dir = temp_dir("mixed");
    let good = dir.join("good.atspec");
    let broken = dir.join("broken.atspec");
    std::fs::write(&good, GOOD).expect("write spec");
    std::fs::write(&broken, BROKEN).expect("write spec");
    let out = atspec()
        .arg("check")
        .arg(&good)
        .arg(&broken)
        .output()
        .expect("run atspec");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("ok: {}", good.display())),
        "{stdout}"
    );
    assert!(!stdout.contains("broken.atspec"), "{stdout}");
}

#[test]
fn a_missing_file_is_reported_not_a_crash() {
    let dir = temp_dir("missing");
    let missing = dir.join("nope.atspec");
    let out = atspec()
        .arg("check")
        .arg(&missing)
        .output()
        .expect("run atspec");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn the_project_dialect_specs_check_clean() {
    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dialects/specs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&specs)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "atspec"));
    if files.is_empty() {
        return;
    }
    let out = atspec()
        .arg("check")
        .args(&files)
        .output()
        .expect("run atspec");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        files.len()
    );
}
