//! `atspec run`, the main job, end to end against the built-in simulator and
//! the loopback SMTP receiver.

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
        .env_remove("ATSPEC_SMTP_PASSWORD")
        .env_remove("RUST_LOG");
    if let Some(p) = password {
        cmd.env("ATSPEC_SMTP_PASSWORD", p);
    }
    cmd.output().expect("the atspec binary runs")
}

#[test]
fn sends_an_email_that_the_loopback_receiver_gets() {
    let out = atspec(&[
        "run",
        "--to",
        "bob@example.org",
        "--subject",
        "Grüße aus dem Feld",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains("outcome: sent (+SMTPSEND: 1), 2280 attachment bytes"),
        "{stdout}"
    );
    // What the SMTP receiver got, parsed as MIME.
    assert!(stdout.contains("receiver got a message"), "{stdout}");
    assert!(stdout.contains("login:     john"), "{stdout}");
    assert!(stdout.contains("To:        bob@example.org"), "{stdout}");
    assert!(stdout.contains("Cc:        carl@example.com"), "{stdout}");
    assert!(stdout.contains("Bcc:       absent (header)"), "{stdout}");
    assert!(
        stdout.contains("audit@example.com"),
        "Bcc is in the envelope: {stdout}"
    );
    assert!(stdout.contains("Subject:   Grüße aus dem Feld"), "{stdout}");
    assert!(
        stdout.contains("attachment \"report.txt\" (2280 bytes)"),
        "{stdout}"
    );
    // The AT trace: the recipient, the hex subject, the chunked attachment, the completion...
    assert!(
        stderr.contains("AT+SMTPRCPT=0,0,\"bob@example.org\""),
        "{stderr}"
    );
    assert!(stderr.contains("AT+SMTPCS=\"UTF-8\""), "{stderr}");
    assert!(stderr.contains("AT+SMTPFT=1360\\r"), "{stderr}");
    assert!(stderr.contains("<< +SMTPSEND: 1"), "{stderr}");
    // ...with the password redacted.
    assert!(stderr.contains("AT+SMTPAUTH=1,\"john\",***"), "{stderr}");
    assert!(!stderr.contains("demo-only-password"), "password leaked");
}

#[test]
fn one_mail_goes_through_each_of_the_five_dialects() {
    let out = atspec(&["run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for (dialect, completion) in [
        ("simcom_sim900", "+SMTPSEND: 1"),
        ("simcom_smtps", "+CSMTPSSEND: 0"),
        ("simcom_sim52xx", "+SMTP: SUCCESS"),
        ("quectel_uc15", "+QSMTPPUT: 0,0"),
        ("quectel_gsm", "+QSMTPPUT: 0"),
    ] {
        let section = stdout
            .split(&format!("=== {dialect} ==="))
            .nth(1)
            .unwrap_or_else(|| panic!("no {dialect} section: {stdout}"));
        let section = section.split("===").next().unwrap_or_default();
        assert!(
            section.contains(&format!("outcome: sent ({completion})")),
            "{section}"
        );
        assert!(section.contains("Bcc:       absent (header)"), "{section}");
        assert!(section.contains("Cc:        carl@example.com"), "{section}");
    }
}

#[test]
fn dialect_picks_one_and_a_device_needs_one() {
    let out = atspec(&["run", "--dialect", "quectel_gsm"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("=== quectel_gsm ==="), "{stdout}");
    assert!(!stdout.contains("=== simcom_sim900 ==="), "{stdout}");
    assert!(
        stdout.contains("attachment \"report.txt\" (2280 bytes)"),
        "{stdout}"
    );
    let out = atspec(&["run", "--dialect", "nokia_3310"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown dialect"));
    let out = atspec(&["run", "--device", "/nonexistent-atspec-device"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dialect"));
}

#[test]
fn invalid_arguments_are_rejected_before_anything_is_sent() {
    let out = atspec(&["run", "--from", "two\r\nAT+CFUN=0"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("address"),
        "the error names the field: {stderr}"
    );
    assert!(
        !stderr.contains(">> AT+SMTPFROM"),
        "nothing smuggled onto the wire: {stderr}"
    );
    assert!(!stdout.contains("outcome"), "{stdout}");
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
    let out = atspec(&[
        "run",
        "--device",
        "/nonexistent-atspec-device",
        "--dialect",
        "simcom_sim900",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    // No password is invented for a real modem: the run stops before the
    // device is even opened.
    assert!(stderr.contains("ATSPEC_SMTP_PASSWORD"), "{stderr}");
    assert!(!stderr.contains("nonexistent-atspec-device"), "{stderr}");
}
