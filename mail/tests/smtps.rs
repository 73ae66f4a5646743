//! SIM7500/SIM7600 `AT+CSMTPS*` over a real pseudo-terminal pair: a scripted
//! module that answers only the manual's flow; subject and body bytes are
//! checked as the module took them; failures come back typed.

use std::sync::Arc;

use atspec_mail::{smtps, Address, Email, ErrorKind, Login, MailError, Sent, SmtpAccount};
use atspec_runtime::Modem;
use atspec_sim::{Scripted, Simulator, Step};

const SUBJECT: &str = "Grüße — 報告";

/// About 4 KB whose lines look like modem results.
fn body() -> String {
    (0..80)
        .map(|i| {
            format!(
                "reading {i:02} ok\r\n{}\r\n",
                ["OK", ".", "+SMTPSEND: 1", "ERROR"][i % 4]
            )
        })
        .collect()
}

fn email() -> Email {
    Email {
        from: Address::named("john@example.com", "John"),
        to: vec![Address::new("ann@example.com")],
        cc: vec![Address::new("carl@example.com")],
        bcc: vec![Address::new("hidden@example.com")],
        subject: SUBJECT.into(),
        body: body(),
        attachments: Vec::new(),
    }
}

fn flow(send: Step) -> Vec<Step> {
    vec![
        Step::ok("AT+CSMTPSCLEAN"),
        Step::ok("AT+CSMTPSSRV=\"smtp.example.com\",25,1"),
        Step::ok("AT+CSMTPSAUTH=1,\"john\",\"s3cret\""),
        Step::ok("AT+CSMTPSFROM=\"john@example.com\",\"John\""),
        Step::ok("AT+CSMTPSRCPT=0,0,\"ann@example.com\""),
        Step::ok("AT+CSMTPSRCPT=1,0,\"carl@example.com\""),
        Step::ok("AT+CSMTPSRCPT=2,0,\"hidden@example.com\""),
        Step::prompt_exact(
            format!("AT+CSMTPSSUB={},\"utf-8\"", SUBJECT.len()),
            SUBJECT.len(),
        ),
        Step::prompt_exact(format!("AT+CSMTPSBODY={}", body().len()), body().len()),
        send,
    ]
}

fn run(send: Step) -> (Result<Sent, MailError>, Vec<String>, Vec<Vec<u8>>) {
    let script = Scripted::new(flow(send));
    let (lines, data) = (Arc::clone(&script.received), Arc::clone(&script.data));
    let (_sim, port) = Simulator::spawn(script).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let account = SmtpAccount {
        host: "smtp.example.com".into(),
        port: 25,
        login: Some(Login::new("john", "s3cret")),
    };
    let result = smtps::send(&mut modem, &account, &email());
    let lines = lines.lock().unwrap().clone();
    let data = data.lock().unwrap().clone();
    (result, lines, data)
}

#[test]
fn the_manual_flow_is_sent_with_subject_and_body_byte_for_byte() {
    let (result, lines, data) = run(Step::ok("AT+CSMTPSSEND").then("+CSMTPSSEND: 0"));
    assert_eq!(result.expect("sent").completion, "+CSMTPSSEND: 0");
    let expected: Vec<String> = flow(Step::ok("AT+CSMTPSSEND"))
        .into_iter()
        .map(|s| s.line)
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(data, [SUBJECT.as_bytes().to_vec(), body().into_bytes()]);
}

#[test]
fn completion_codes_come_back_typed_with_code_and_meaning() {
    for (code, kind, meaning) in [
        (611, ErrorKind::Auth, "server refused the credentials"),
        (601, ErrorKind::Network, "network failure"),
        (605, ErrorKind::Timeout, "operation timed out"),
        (600, ErrorKind::Busy, "client busy"),
    ] {
        let (result, _, _) = run(Step::ok("AT+CSMTPSSEND").then(format!("+CSMTPSSEND: {code}")));
        let err = result.expect_err("failure");
        assert_eq!(err.kind, kind, "{code}: {err}");
        let vendor = err.vendor.expect("vendor code");
        assert_eq!(vendor.code, code.to_string());
        assert_eq!(vendor.meaning.as_deref(), Some(meaning));
    }
}

#[test]
fn an_error_line_before_error_keeps_its_code() {
    let (result, _, _) = run(Step::answer(
        "AT+CSMTPSSEND",
        &["+CSMTPSSEND: 600", "ERROR"],
    ));
    let err = result.expect_err("busy");
    assert_eq!(err.kind, ErrorKind::Busy, "{err}");
    assert_eq!(err.vendor.map(|v| v.code), Some("600".into()));
}
