//! `atspec run`, the main job, end to end against the built-in simulator.

use std::process::Command;

fn atspec(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(args)
        .output()
        .expect("the atspec binary runs")
}

#[test]
fn sends_an_email_through_the_simulated_modem() {
    let out = atspec(&[
        "run",
        "--trace",
        "--password",
        "hunter2",
        "--to",
        "bob@example.org",
    ]);
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
