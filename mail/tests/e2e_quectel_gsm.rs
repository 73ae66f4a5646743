//! Quectel GSM end to end: the mail API over a real pty pair against the
//! spec-driven module, which really delivers to a loopback SMTP receiver.

mod support;

use atspec_mail::{DialectName, ErrorKind};
use atspec_runtime::wire::to_hex;
use support::{Expected, Server};

const GSM: DialectName = DialectName::QuectelGsm;

/// The manual's flow (4.1-4.5) for the test message, line for line.
fn flow(attachment: Option<usize>) -> Vec<String> {
    let mut lines = vec![
        "AT+QSMTPCLR".to_owned(),
        "AT+QSMTPSRV=\"smtp.example.com\",25".into(),
        "AT+QSMTPCFG=1,1".into(),
        "AT+QSMTPUSER=\"john\"".into(),
        "AT+QSMTPPWD=\"s3cret\"".into(),
        "AT+QSMTPNAME=\"John\"".into(),
        "AT+QSMTPADDR=\"john@example.com\"".into(),
        "AT+QSMTPDST=1,1,\"ann@example.com\"".into(),
        "AT+QSMTPDST=1,2,\"carl@example.com\"".into(),
        "AT+QSMTPDST=1,3,\"hidden@example.com\"".into(),
        format!("AT+QSMTPSUB=1,\"{}\"", to_hex(support::SUBJECT)),
        "AT+QSMTPBODY=0,120".into(),
    ];
    if let Some(n) = attachment {
        lines.push(format!("AT+QSMTPATT=\"{}\",{n},120", support::FILE_NAME));
    }
    lines.push("AT+QSMTPPUT=300".into());
    lines
}

#[test]
fn mail_with_cc_bcc_hex_subject_body_and_attachment_arrives() {
    let email = support::with_attachment(support::email());
    let run = support::send(GSM, &email, Server::default(), Vec::new());
    let sent = run.result.as_ref().expect("sent");
    assert_eq!(sent.completion, "+QSMTPPUT: 0");
    assert_eq!(sent.attachment_bytes, support::attachment().len());
    assert_eq!(run.commands, flow(Some(support::attachment().len())));
    assert_eq!(
        run.data[0],
        support::body().as_bytes(),
        "the body, then +++"
    );
    assert_eq!(run.data[1], support::attachment(), "the attachment as is");
    let total = support::body().len() + support::attachment().len();
    assert_eq!(
        run.progress, total as u64,
        "progress covers body and attachment"
    );
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    let file = support::attachment();
    support::check_received(
        &run.received,
        &Expected {
            subject: support::SUBJECT,
            body: &support::body(),
            attachment: Some((support::FILE_NAME, &file)),
        },
    );
}

/// Manual 004 is silent on how a UTF-8 body is entered: refused, not guessed.
#[test]
fn a_non_ascii_body_is_refused_before_anything_is_sent_naming_why() {
    let mut email = support::email();
    email.body = "Grüße\r\n".into();
    let run = support::send(GSM, &email, Server::default(), Vec::new());
    let err = run.result.expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Unsupported, "{err}");
    assert_eq!(err.step, "AT+QSMTPBODY", "{err}");
    assert_eq!(err.detail, atspec_mail::gsm::NON_ASCII_BODY);
    assert!(run.commands.is_empty(), "{:?}", run.commands);
    assert!(run.received.is_empty());
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_minus_535() {
    let server = Server {
        credentials: Some(("john".into(), "other".into())),
        ..Server::default()
    };
    let run = support::send(GSM, &support::email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::Auth,
        "-535",
        "credentials rejected (SMTP 535)",
    );
    assert!(run.received.is_empty());
}

#[test]
fn a_refused_recipient_is_a_bad_recipient_error_with_code_minus_550() {
    let server = Server {
        reject: vec![support::CC.into()],
        ..Server::default()
    };
    let run = support::send(GSM, &support::email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::BadRecipient,
        "-550",
        "mailbox unavailable (SMTP 550)",
    );
}

#[test]
fn network_busy_and_timeout_reports_come_back_typed() {
    for (value, kind, code, meaning) in [
        (
            "NetworkError",
            ErrorKind::Network,
            "-5",
            "bearer, TCP connection or transfer to the server failed",
        ),
        (
            "Busy",
            ErrorKind::Busy,
            "-3",
            "SMTP service busy (data entry or sending in progress)",
        ),
        ("Timeout", ErrorKind::Timeout, "-9", "operation timed out"),
    ] {
        let fault = support::completion("result", value);
        let run = support::send(
            GSM,
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
fn a_failed_recipient_result_stops_the_flow_there() {
    let fault = support::completion("result", "BadParameter");
    let run = support::send(
        GSM,
        &support::email(),
        Server::default(),
        vec![("QSMTPDST", fault)],
    );
    support::check_failure(&run, ErrorKind::BadParameter, "-15", "invalid parameter");
    assert_eq!(
        run.commands.last().map(String::as_str),
        Some("AT+QSMTPDST=1,1,\"ann@example.com\"")
    );
}
