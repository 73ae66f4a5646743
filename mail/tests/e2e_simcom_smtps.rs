//! SIM7500/SIM7600 `AT+CSMTPS*` end to end: the mail API over a real pty
//! pair against the spec-driven module, which really delivers to a loopback
//! SMTP receiver. Attachments are module files: refused by the API.

mod support;

use atspec_mail::{DialectName, ErrorKind};
use support::{Expected, Server};

const SMTPS: DialectName = DialectName::SimcomSmtps;

/// The manual's flow for the test message, line for line.
fn flow() -> Vec<String> {
    vec![
        "AT+CSMTPSCLEAN".to_owned(),
        "AT+CSMTPSSRV=\"smtp.example.com\",25,1".into(), // 1: plain SMTP
        "AT+CSMTPSAUTH=1,\"john\",\"s3cret\"".into(),
        "AT+CSMTPSFROM=\"john@example.com\",\"John\"".into(),
        "AT+CSMTPSRCPT=0,0,\"ann@example.com\"".into(),
        "AT+CSMTPSRCPT=1,0,\"carl@example.com\"".into(),
        "AT+CSMTPSRCPT=2,0,\"hidden@example.com\"".into(),
        format!("AT+CSMTPSSUB={},\"utf-8\"", support::SUBJECT.len()),
        format!("AT+CSMTPSBODY={}", support::body().len()),
        "AT+CSMTPSSEND".into(),
    ]
}

#[test]
fn mail_with_cc_bcc_utf8_subject_and_counted_body_arrives() {
    let run = support::send(SMTPS, &support::email(), Server::default(), Vec::new());
    let sent = run.result.as_ref().expect("sent");
    assert_eq!(sent.completion, "+CSMTPSSEND: 0");
    assert_eq!(run.commands, flow());
    assert_eq!(
        run.data,
        vec![
            support::SUBJECT.as_bytes().to_vec(),
            support::body().into_bytes()
        ]
    );
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    support::check_received(
        &run.received,
        &Expected {
            subject: support::SUBJECT,
            body: &support::body(),
            attachment: None,
        },
    );
}

#[test]
fn an_attachment_is_refused_before_anything_is_sent() {
    let email = support::with_attachment(support::email());
    let run = support::send(SMTPS, &email, Server::default(), Vec::new());
    assert_eq!(run.result.unwrap_err().kind, ErrorKind::Unsupported);
    assert!(run.commands.is_empty(), "{:?}", run.commands);
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_611() {
    let server = Server {
        credentials: Some(("john".into(), "other".into())),
        ..Server::default()
    };
    let run = support::send(SMTPS, &support::email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::Auth,
        "611",
        "server refused the credentials",
    );
}

/// The dialect has no recipient code: a refused recipient is the server's error 610.
#[test]
fn a_refused_recipient_is_the_server_error_610() {
    let server = Server {
        reject: vec![support::CC.into()],
        ..Server::default()
    };
    let run = support::send(SMTPS, &support::email(), server, Vec::new());
    support::check_failure(&run, ErrorKind::Server, "610", "server reported an error");
}

#[test]
fn network_busy_and_timeout_reports_come_back_typed() {
    for (value, kind, code, meaning) in [
        ("NetworkError", ErrorKind::Network, "601", "network failure"),
        ("Busy", ErrorKind::Busy, "600", "client busy"),
        ("Timeout", ErrorKind::Timeout, "605", "operation timed out"),
    ] {
        let fault = support::completion("err", value);
        let run = support::send(
            SMTPS,
            &support::email(),
            Server::default(),
            vec![("CSMTPSSEND", fault)],
        );
        support::check_failure(&run, kind, code, meaning);
        assert!(
            run.received.is_empty(),
            "an injected failing completion delivers nothing ({value})"
        );
    }
}
