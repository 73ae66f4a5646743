//! SIM52xx end to end: the mail API over a real pty pair against the
//! spec-driven module, which really delivers to a loopback SMTP receiver.
//! The dialect has no charset and takes the body as one quoted parameter, and
//! attachments are module files: all refused by the API with a typed error.

mod support;

use atspec_mail::{DialectName, Email, ErrorKind};
use support::{Expected, Server};

const SIM52XX: DialectName = DialectName::SimcomSim52xx;
const SUBJECT: &str = "Weekly report";
const BODY: &str = "All sensors OK. Next visit in June.";

fn email() -> Email {
    Email {
        subject: SUBJECT.into(),
        body: BODY.into(),
        ..support::email()
    }
}

#[test]
fn mail_with_cc_and_bcc_arrives_through_the_manual_flow() {
    let run = support::send(SIM52XX, &email(), Server::default(), Vec::new());
    let sent = run.result.as_ref().expect("sent");
    assert_eq!(sent.completion, "+SMTP: SUCCESS");
    assert_eq!(
        run.commands,
        [
            "AT+SMTPSRV=\"smtp.example.com\",25",
            "AT+SMTPAUTH=1,\"john\",\"s3cret\"",
            "AT+SMTPFROM=\"john@example.com\",\"John\"",
            "AT+SMTPRCPT=0,0,\"ann@example.com\"",
            "AT+SMTPRCPT=1,0,\"carl@example.com\"",
            "AT+SMTPRCPT=2,0,\"hidden@example.com\"",
            "AT+SMTPSUB=\"Weekly report\"",
            "AT+SMTPBODY=\"All sensors OK. Next visit in June.\"",
            "AT+SMTPSEND",
        ]
    );
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    support::check_received(
        &run.received,
        &Expected {
            subject: SUBJECT,
            body: BODY,
            attachment: None,
        },
    );
}

#[test]
fn non_ascii_subject_multi_line_body_and_attachment_are_refused_before_anything_is_sent() {
    for mail in [
        support::email(),
        support::with_attachment(email()),
        Email {
            subject: support::SUBJECT.into(),
            ..email()
        },
    ] {
        let run = support::send(SIM52XX, &mail, Server::default(), Vec::new());
        assert_eq!(run.result.unwrap_err().kind, ErrorKind::Unsupported);
        assert!(run.commands.is_empty(), "{:?}", run.commands);
    }
}

#[test]
fn a_refused_login_is_an_auth_error_with_its_status() {
    let server = Server {
        credentials: Some(("john".into(), "other".into())),
        ..Server::default()
    };
    let run = support::send(SIM52XX, &email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::Auth,
        "AUTH ERROR",
        "the server refused user name/password",
    );
}

#[test]
fn a_refused_recipient_is_a_bad_recipient_error() {
    let server = Server {
        reject: vec![support::BCC.into()],
        ..Server::default()
    };
    let run = support::send(SIM52XX, &email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::BadRecipient,
        "BAD RCPT",
        "a recipient address was refused",
    );
}

/// The dialect has no timeout status; network and busy (ONGOING) it has.
#[test]
fn network_and_busy_reports_come_back_typed() {
    for (value, kind, code, meaning) in [
        (
            "NetworkError",
            ErrorKind::Network,
            "NETWORK ERROR",
            "no network for SMTP",
        ),
        (
            "Ongoing",
            ErrorKind::Busy,
            "ONGOING",
            "another e-mail is being sent",
        ),
    ] {
        let fault = support::completion("status", value);
        let run = support::send(
            SIM52XX,
            &email(),
            Server::default(),
            vec![("SMTPSEND", fault)],
        );
        support::check_failure(&run, kind, code, meaning);
        assert!(
            run.received.is_empty(),
            "an injected failing completion delivers nothing ({value})"
        );
    }
}
