//! `atspec run`, the main job, end to end against the built-in simulator.

use std::process::Command;

fn atspec(args: &[&str]) -> std::process::Output {
    atspec_with_password(args, None)
}

/// Runs `atspec` with stdin closed (no prompt) and the password, if any, in
/// the environment.
fn atspec_with_password(args: &[&str], password: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_atspec"));
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .env_remove("ATSPEC_SMTP_PASSWORD");
    if let Some(p) = password {
        cmd.env("ATSPEC_SMTP_PASSWORD", p);
    }
    cmd.output().expect("the atspec binary runs")
}

#[test]
fn sends_an_email_through_the_simulated_modem() {
    let out = atspec_with_password(
        &["run", "--trace", "--to", "bob@example.org"],
        Some("hunter2"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains(">> AT+SMTPRCPT=0,0,\"bob@example.org\""),
        "{stdout}"
    );
    assert!(stdout.contains("result: 1 (e-mail delivered"), "{stdout}");
    assert!(
        stdout.contains("attachment \"report.txt\" (2280 bytes)"),
        "{stdout}"
    );
    // The trace shows the raw traffic, the chunked attachment transfer included...
    assert!(stderr.contains(">> AT+SMTPFT=1360\\r"), "{stderr}");
    assert!(stderr.contains("<< +SMTPSEND: 1"), "{stderr}");
    // ...but never the password, neither sent nor echoed.
    assert!(
        !stdout.contains("hunter2") && !stderr.contains("hunter2"),
        "password leaked"
    );
    assert!(stderr.contains("AT+SMTPAUTH=1,\"john\",***"), "{stderr}");
}

#[test]
fn invalid_arguments_are_rejected_before_anything_is_sent() {
    let out = atspec(&["run", "--subject", "two\r\nAT+CFUN=0"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("subject"),
        "the error names the field: {stderr}"
    );
    assert!(
        !stdout.contains("AT+CFUN"),
        "nothing smuggled onto the wire: {stdout}"
    );
}

#[test]
fn the_password_is_not_taken_from_the_command_line() {
    let out = atspec(&["run", "--password", "hunter2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "`--password` must be refused");
    assert!(stderr.contains("--password"), "{stderr}");
}

#[test]
fn a_real_modem_without_a_password_is_refused_before_anything_is_sent() {
    let out = atspec(&["run", "--device", "/nonexistent-atspec-device"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    // No password is invented for a real modem: the run stops before the
    // device is even opened.
    assert!(stderr.contains("ATSPEC_SMTP_PASSWORD"), "{stderr}");
    assert!(!stderr.contains("nonexistent-atspec-device"), "{stderr}");
}
