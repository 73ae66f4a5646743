//! SIM52xx over a real pseudo-terminal pair: a scripted module that answers
//! only the manual's flow, line for line; failures come back typed.

use atspec_mail::{sim52xx, Address, Email, ErrorKind, Login, SmtpAccount};
use atspec_runtime::Modem;
use atspec_sim::{Scripted, Simulator, Step};

fn email() -> Email {
    Email {
        from: Address::named("john@example.com", "John"),
        to: vec![Address::new("ann@example.com")],
        cc: vec![Address::new("carl@example.com")],
        bcc: vec![Address::new("hidden@example.com")],
        subject: "Monthly report".into(),
        body: "All sensors OK. Next visit in June.".into(),
        attachments: Vec::new(),
    }
}

fn account() -> SmtpAccount {
    SmtpAccount {
        host: "smtp.example.com".into(),
        port: 25,
        login: Some(Login::new("john", "s3cret")),
    }
}

/// The manual's sending flow, ending with `completion` after `OK`.
fn flow(completion: &str) -> Vec<Step> {
    vec![
        Step::ok("AT+SMTPSRV=\"smtp.example.com\",25"),
        Step::ok("AT+SMTPAUTH=1,\"john\",\"s3cret\""),
        Step::ok("AT+SMTPFROM=\"john@example.com\",\"John\""),
        Step::ok("AT+SMTPRCPT=0,0,\"ann@example.com\""),
        Step::ok("AT+SMTPRCPT=1,0,\"carl@example.com\""),
        Step::ok("AT+SMTPRCPT=2,0,\"hidden@example.com\""),
        Step::ok("AT+SMTPSUB=\"Monthly report\""),
        Step::ok("AT+SMTPBODY=\"All sensors OK. Next visit in June.\""),
        Step::ok("AT+SMTPSEND").then(completion),
    ]
}

fn run(
    completion: &str,
    mail: &Email,
) -> (
    Result<atspec_mail::Sent, atspec_mail::MailError>,
    Vec<String>,
) {
    let script = Scripted::new(flow(completion));
    let received = std::sync::Arc::clone(&script.received);
    let (_sim, port) = Simulator::spawn(script).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let result = sim52xx::send(&mut modem, &account(), mail);
    let lines = received.lock().unwrap().clone();
    (result, lines)
}

#[test]
fn the_manual_flow_is_sent_and_success_is_reported() {
    let (result, lines) = run("+SMTP: SUCCESS", &email());
    let sent = result.expect("sent");
    assert_eq!(sent.completion, "+SMTP: SUCCESS");
    let expected: Vec<String> = flow("").into_iter().map(|s| s.line).collect();
    assert_eq!(lines, expected);
}

#[test]
fn documented_failures_come_back_typed_with_the_vendor_status() {
    for (status, kind, meaning) in [
        (
            "AUTH ERROR",
            ErrorKind::Auth,
            "the server refused user name/password",
        ),
        (
            "BAD RCPT",
            ErrorKind::BadRecipient,
            "a recipient address was refused",
        ),
        ("NETWORK ERROR", ErrorKind::Network, "no network for SMTP"),
        ("ONGOING", ErrorKind::Busy, "another e-mail is being sent"),
        (
            "SERVER ERROR",
            ErrorKind::Server,
            "bad server, or no link to it",
        ),
    ] {
        let (result, _) = run(&format!("+SMTP: {status}"), &email());
        let err = result.expect_err(status);
        assert_eq!(err.kind, kind, "{status}: {err}");
        let vendor = err.vendor.as_ref().expect("vendor status");
        assert_eq!(vendor.code, status);
        assert_eq!(vendor.meaning.as_deref(), Some(meaning));
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }
}

#[test]
fn what_the_dialect_cannot_carry_is_refused_before_anything_is_sent() {
    let mut multi_line = email();
    multi_line.body = "line one\r\nOK\r\n.\r\n".into();
    let mut non_ascii = email();
    non_ascii.subject = "Grüße".into();
    let mut with_file = email();
    with_file.attachments.push(atspec_mail::Attachment {
        name: "a.txt".into(),
        bytes: b"x".to_vec(),
    });
    for mail in [multi_line, non_ascii, with_file] {
        let (result, lines) = run("+SMTP: SUCCESS", &mail);
        assert_eq!(result.expect_err("refused").kind, ErrorKind::Unsupported);
        assert!(lines.is_empty(), "{lines:?}");
    }
}
