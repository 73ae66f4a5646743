//! SIM52xx: a whole mail flow through the generated typed API over `Modem`
//! against the spec-driven module (subject and body are ASCII parameters,
//! attachments are files of the module, the completion waits past
//! `+SMTP: OK`), checked at the receiver.

mod support;

use atspec_dialects::simcom_sim52xx::*;
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::Simulator;
use support::mail::{self as m, Expected};

/// The body: the dialect's body is one ASCII parameter (no line breaks), of
/// several kilobytes with result-like words in it.
fn body() -> String {
    let mut body = String::new();
    for i in 0..100 {
        body.push_str(&format!("part {i:03} of the report. OK . +SMTPSEND: 1 "));
    }
    body
}

#[test]
fn mail_with_cc_bcc_and_attachment_arrives() {
    let receiver = SmtpReceiver::start().unwrap();
    let dialect = support::dialect("simcom_sim52xx");
    let file = m::attachment();
    let stored = format!("C:/{}", m::FILE_NAME);
    let (module, _outbox) = m::mail_module(&dialect, &receiver, &[(&stored, &file)]);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();

    let ok = "valid";
    modem
        .send(&SmtpsrvWrite::new("mail.example.com", 25).expect(ok))
        .unwrap();
    modem
        .send(&SmtpauthWrite::new(AuthFlag::Login, Some(("john", "s3cret"))).expect(ok))
        .unwrap();
    modem
        .send(&SmtpfromWrite::new(m::FROM, Some("John")).expect(ok))
        .unwrap();
    for (kind, addr) in [
        (RcptKind::To, m::TO),
        (RcptKind::Cc, m::CC),
        (RcptKind::Bcc, m::BCC),
    ] {
        modem
            .send(&SmtprcptWrite::new(kind, Some((0, Some((addr, None))))).expect(ok))
            .unwrap();
    }
    modem
        .send(&SmtpsubWrite::new(m::ASCII_SUBJECT).expect(ok))
        .unwrap();
    let body = body();
    modem.send(&SmtpbodyWrite::new(&body).expect(ok)).unwrap();
    modem
        .send(&SmtpfileWrite::new(1, Some(stored.as_str())).expect(ok))
        .unwrap();
    let reply = modem.send(&SmtpsendExec).unwrap();
    let outcome = format!("{:?}", reply.outcome.expect("a completion"));
    assert!(outcome.contains("Success"), "{outcome}");

    m::check(
        &receiver.mailbox().messages(),
        &Expected {
            subject: m::ASCII_SUBJECT,
            body: body.as_bytes(),
            cc: true,
            bcc: true,
            attachment: Some((m::FILE_NAME, &file)),
        },
    );
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}
