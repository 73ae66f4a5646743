//! `atspec decode` as a user runs it: files and stdin, exit codes, --json, colour.

use std::io::Write;
use std::process::{Command, Stdio};

fn atspec() -> Command {
    Command::new(env!("CARGO_BIN_EXE_atspec"))
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("atspec-decode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn stdin_run(args: &[&str], input: &str) -> std::process::Output {
    let mut child = atspec()
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    child.wait_with_output().expect("wait")
}

const CLEAN: &str = "AT+SMTPSRV=\"mail.sim.com\",25\r\nOK\r\nAT+SMTPSEND\r\nOK\r\n+SMTPSEND: 1\r\n";
const FAILING: &str = "AT+SMTPSEND\r\nOK\r\n+SMTPSEND: 65\r\n";

#[test]
fn a_clean_log_from_stdin_exits_0_without_colour_on_a_pipe() {
    let out = stdin_run(&["decode", "--dialect", "simcom_sim900"], CLEAN);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("server=\"mail.sim.com\" port=25"), "{text}");
    assert!(
        text.ends_with("2 commands, 5 lines (0 unrecognised), 1 URC: no problems\n"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "colour on a pipe: {text}");
}

#[test]
fn problems_exit_1_and_name_the_failure_code() {
    let path = temp_file("failing.log", FAILING);
    let out = atspec()
        .args(["decode", "--dialect", "simcom_sim900"])
        .arg(&path)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("+SMTPSEND: 65 ServerError — SMTP server answered with an error"),
        "{text}"
    );
}

#[test]
fn json_is_one_object_per_exchange_then_a_summary() {
    let out = stdin_run(&["decode", "--dialect", "simcom_sim900", "--json"], CLEAN);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("{\"command\":{\"name\":\"SMTPSRV\",\"form\":\"write\""),
        "{text}"
    );
    assert!(
        lines[1].contains("\"kind\":\"completion\",\"name\":\"SmtpSend\""),
        "{text}"
    );
    assert!(lines[2].contains("\"summary\":{\"commands\":2"), "{text}");
}

#[test]
fn colour_always_and_no_color() {
    let out = stdin_run(
        &["decode", "--dialect", "simcom_sim900", "--color", "always"],
        FAILING,
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{1b}["));
    let out = atspec()
        .args(["decode", "--dialect", "simcom_sim900", "--color", "never"])
        .arg(temp_file("f2.log", FAILING))
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn usage_errors_exit_2_and_spec_errors_show_file_line_col() {
    let out = atspec()
        .args(["decode", "--dialect", "nosuch"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a dialect"));
    let out = atspec()
        .args(["decode", "--dialect", "simcom_sim900", "/nonexistent/x.log"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = atspec().args(["decode"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let bad = temp_file("bad.atspec", "dialect demo { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\ncommand X \"x\" { write (a: Nope) }\n");
    let out = atspec()
        .args(["decode", "--dialect"])
        .arg(&bad)
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.atspec:2:"), "{err}");
}

#[test]
fn help_has_examples_and_exit_codes() {
    for sub in ["decode", "doc", "expand"] {
        let out = atspec().args([sub, "--help"]).output().expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            text.contains("Examples:") && text.contains("Exit codes:"),
            "{sub}: {text}"
        );
    }
}
