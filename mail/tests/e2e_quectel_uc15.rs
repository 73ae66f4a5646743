//! Quectel UC15 end to end: the mail API over a real pty pair against the
//! spec-driven module, which really delivers to a loopback SMTP receiver.

mod support;

use atspec_mail::{DialectName, ErrorKind};
use atspec_runtime::wire::to_hex;
use support::{Expected, Server};

const UC15: DialectName = DialectName::QuectelUc15;

/// The manual's flow (3.1, without the PDP and file commands of other
/// manuals) for the test message, line for line.
fn flow() -> Vec<String> {
    vec![
        "AT+QSMTPCLR".to_owned(),
        "AT+QSMTPCFG=\"contextid\",1".into(),
        "AT+QSMTPCFG=\"ssltype\",0".into(),
        "AT+QSMTPCFG=\"smtpserver\",\"smtp.example.com\",25".into(),
        "AT+QSMTPCFG=\"account\",\"john\",\"s3cret\"".into(),
        "AT+QSMTPCFG=\"sender\",\"John\",\"john@example.com\"".into(),
        "AT+QSMTPDST=1,1,\"ann@example.com\"".into(),
        "AT+QSMTPDST=1,2,\"carl@example.com\"".into(),
        "AT+QSMTPDST=1,3,\"hidden@example.com\"".into(),
        format!("AT+QSMTPSUB=1,\"{}\"", to_hex(support::SUBJECT)),
        format!("AT+QSMTPBODY=0,{},90", support::body().len()),
        "AT+QSMTPPUT=300".into(),
    ]
}

#[test]
fn mail_with_cc_bcc_hex_subject_and_counted_body_arrives() {
    let run = support::send(UC15, &support::email(), Server::default(), Vec::new());
    let sent = run.result.as_ref().expect("sent");
    assert_eq!(sent.completion, "+QSMTPPUT: 0,0");
    assert_eq!(run.commands, flow());
    assert_eq!(run.data, vec![support::body().into_bytes()]);
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
fn attachments_and_non_ascii_bodies_are_refused_before_anything_is_sent() {
    let mut non_ascii = support::email();
    non_ascii.body = "Grüße\r\n".into();
    for email in [support::with_attachment(support::email()), non_ascii] {
        let run = support::send(UC15, &email, Server::default(), Vec::new());
        let err = run.result.expect_err("refused");
        assert_eq!(err.kind, ErrorKind::Unsupported, "{err}");
        assert!(run.commands.is_empty(), "{:?}", run.commands);
    }
    let mut non_ascii = support::email();
    non_ascii.body = "Grüße\r\n".into();
    let run = support::send(UC15, &non_ascii, Server::default(), Vec::new());
    let err = run.result.expect_err("refused");
    assert_eq!(err.step, "AT+QSMTPBODY", "{err}");
    assert_eq!(
        err.detail,
        atspec_mail::uc15::NON_ASCII_BODY,
        "names the reason"
    );
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_677() {
    let server = Server {
        credentials: Some(("john".into(), "other".into())),
        ..Server::default()
    };
    let run = support::send(UC15, &support::email(), server, Vec::new());
    support::check_failure(&run, ErrorKind::Auth, "677", "login refused (SMTP 535)");
    let err = run.result.unwrap_err();
    assert!(
        err.detail.contains("535"),
        "the server's reply is kept: {err}"
    );
}

#[test]
fn a_refused_recipient_is_a_bad_recipient_error_with_code_678() {
    let server = Server {
        reject: vec![support::BCC.into()],
        ..Server::default()
    };
    let run = support::send(UC15, &support::email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::BadRecipient,
        "678",
        "mailbox not available (SMTP 550)",
    );
}

#[test]
fn network_busy_and_timeout_reports_come_back_typed() {
    for (value, kind, code, meaning) in [
        (
            "NetworkError",
            ErrorKind::Network,
            "654",
            "bearer, TCP connection or transfer failed",
        ),
        (
            "Busy",
            ErrorKind::Busy,
            "652",
            "SMTP service busy (body upload or send running)",
        ),
        ("Timeout", ErrorKind::Timeout, "658", "operation timed out"),
    ] {
        let fault = support::completion("err", value);
        let run = support::send(
            UC15,
            &support::email(),
            Server::default(),
            vec![("QSMTPPUT", fault)],
        );
        support::check_failure(&run, kind, code, meaning);
        assert!(
            run.received.is_empty(),
            "an injected failing completion delivers nothing ({value})"
        );
    }
}

#[test]
fn a_cme_error_on_a_setting_keeps_its_code() {
    let dialect = support::dialect(UC15);
    let fault =
        atspec_sim::spec::Fault::answer(&dialect, "+CME ERROR: 652").expect("an error line");
    let run = support::send(
        UC15,
        &support::email(),
        Server::default(),
        vec![("QSMTPDST", fault)],
    );
    support::check_failure(
        &run,
        ErrorKind::Busy,
        "652",
        "SMTP service busy (body upload or send running)",
    );
}
