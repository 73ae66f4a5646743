//! SIM900 end to end: the mail API over a real pty pair against the
//! spec-driven module, which really delivers to a loopback SMTP receiver.

mod support;

use atspec_mail::{DialectName, ErrorKind};
use atspec_runtime::wire::to_hex;
use support::{Expected, Server};

const SIM900: DialectName = DialectName::SimcomSim900;

/// The manual's flow (3.2 / 3.8) up to `AT+SMTPSEND`, line for line.
fn flow() -> Vec<String> {
    vec![
        "AT+EMAILCID=1".to_owned(),
        "AT+EMAILTO=30".into(),
        "AT+SMTPSRV=\"smtp.example.com\",25".into(),
        "AT+SMTPAUTH=1,\"john\",\"s3cret\"".into(),
        "AT+SMTPFROM=\"john@example.com\",\"John\"".into(),
        "AT+SMTPRCPT=0".into(),
        "AT+SMTPRCPT=1".into(),
        "AT+SMTPRCPT=2".into(),
        "AT+SMTPRCPT=0,0,\"ann@example.com\"".into(),
        "AT+SMTPRCPT=1,0,\"carl@example.com\"".into(),
        "AT+SMTPRCPT=2,0,\"hidden@example.com\"".into(),
        "AT+SMTPCS=\"UTF-8\"".into(),
        format!("AT+SMTPSUB=\"{}\"", to_hex(support::SUBJECT)),
        "AT+SMTPBODY".into(),
    ]
}

#[test]
fn mail_with_cc_bcc_hex_subject_and_body_and_chunked_attachment_arrives() {
    let email = support::with_attachment(support::email());
    let run = support::send(SIM900, &email, Server::default(), Vec::new());
    let sent = run.result.as_ref().expect("sent");
    assert_eq!(sent.completion, "+SMTPSEND: 1");
    let file = support::attachment();
    let mut expected = flow();
    expected.push(format!("AT+SMTPFILE=2,\"{}\",1", support::FILE_NAME));
    expected.push("AT+SMTPSEND".into());
    // The module's windows (1360 bytes) bound each chunk; 0 ends the transfer.
    let mut left = file.len();
    while left > 0 {
        let n = left.min(1360);
        expected.push(format!("AT+SMTPFT={n}"));
        left -= n;
    }
    expected.push("AT+SMTPFT=0".into());
    assert_eq!(run.commands, expected);
    assert_eq!(run.data[0], to_hex(&support::body()).as_bytes(), "hex body");
    let total = to_hex(&support::body()).len() + file.len();
    assert_eq!(
        run.progress, total as u64,
        "progress covers body and chunks"
    );
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    support::check_received(
        &run.received,
        &Expected {
            subject: support::SUBJECT,
            body: &support::body(),
            attachment: Some((support::FILE_NAME, &file)),
        },
    );
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_67() {
    let server = Server {
        credentials: Some(("john".into(), "other".into())),
        ..Server::default()
    };
    let run = support::send(SIM900, &support::email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::Auth,
        "67",
        "server refused the user name or password",
    );
}

#[test]
fn a_refused_recipient_is_a_bad_recipient_error_with_code_68() {
    let server = Server {
        reject: vec![support::TO.into()],
        ..Server::default()
    };
    let run = support::send(SIM900, &support::email(), server, Vec::new());
    support::check_failure(
        &run,
        ErrorKind::BadRecipient,
        "68",
        "server refused a recipient",
    );
}

/// SIM900 lists no "busy" code; its network, DNS and timeout codes.
#[test]
fn network_dns_and_timeout_reports_come_back_typed() {
    for (value, kind, code, meaning) in [
        ("NetworkError", ErrorKind::Network, "61", "network failure"),
        (
            "DnsError",
            ErrorKind::Dns,
            "62",
            "server name could not be resolved",
        ),
        (
            "ServerTimeout",
            ErrorKind::Timeout,
            "64",
            "SMTP server did not answer in time",
        ),
    ] {
        let fault = support::completion("code", value);
        let run = support::send(
            SIM900,
            &support::email(),
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

/// The failure comes after the attachment chunks: still nothing is delivered.
#[test]
fn an_injected_failure_after_the_attachment_chunks_delivers_nothing() {
    let fault = support::completion("code", "NetworkError");
    let run = support::send(
        SIM900,
        &support::with_attachment(support::email()),
        Server::default(),
        vec![("SMTPSEND", fault)],
    );
    support::check_failure(&run, ErrorKind::Network, "61", "network failure");
    assert!(
        run.commands.iter().any(|c| c.starts_with("AT+SMTPFT=")),
        "the chunks were sent: {:?}",
        run.commands
    );
    assert!(run.received.is_empty(), "{} delivered", run.received.len());
}

#[test]
fn two_attachments_are_refused_before_anything_is_sent() {
    let mut email = support::with_attachment(support::email());
    email.attachments.push(email.attachments[0].clone());
    let run = support::send(SIM900, &email, Server::default(), Vec::new());
    assert_eq!(run.result.unwrap_err().kind, ErrorKind::Unsupported);
    assert!(run.commands.is_empty(), "{:?}", run.commands);
}
