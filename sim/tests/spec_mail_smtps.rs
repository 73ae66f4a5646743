//! SIM7500/SIM7600 SMTPS: a whole mail flow through the generated typed API
//! over `Modem` against the spec-driven module (subject and body entered
//! after `>` with their exact length, an attachment from the module's file
//! system), checked at the receiver.

mod support;

use atspec_dialects::simcom_smtps::*;
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::Simulator;
use support::mail::{self as m, Expected};

#[test]
fn utf8_mail_with_cc_bcc_and_attachment_arrives() {
    let receiver = SmtpReceiver::start().unwrap();
    let dialect = support::dialect("simcom_smtps");
    let file = m::attachment();
    let stored = format!("C:/{}", m::FILE_NAME);
    let (module, _outbox) = m::mail_module(&dialect, &receiver, &[(&stored, &file)]);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();

    let ok = "valid";
    modem
        .send(&CsmtpssrvWrite::new("mail.example.com", 25, Some(ServerType::Plain)).expect(ok))
        .unwrap();
    modem
        .send(&CsmtpsauthWrite::new(AuthFlag::Login, Some(("john", "s3cret"))).expect(ok))
        .unwrap();
    modem
        .send(&CsmtpsfromWrite::new(m::FROM, Some("John")).expect(ok))
        .unwrap();
    for (kind, addr) in [
        (RcptKind::To, m::TO),
        (RcptKind::Cc, m::CC),
        (RcptKind::Bcc, m::BCC),
    ] {
        modem
            .send(&CsmtpsrcptWrite::new(kind, Some((0, Some((addr, None))))).expect(ok))
            .unwrap();
    }
    let subject = m::SUBJECT.as_bytes();
    let len = u16::try_from(subject.len()).unwrap();
    modem
        .send_data(&CsmtpssubWrite::new(len, Some("utf-8")).expect(ok), subject)
        .unwrap();
    let body = m::body();
    let len = u16::try_from(body.len()).unwrap();
    modem
        .send_data(&CsmtpsbodyWrite::new(len).expect(ok), &body[..])
        .unwrap();
    modem
        .send(&CsmtpsfileWrite::new(1, Some(stored.as_str())).expect(ok))
        .unwrap();
    let reply = modem.send(&CsmtpssendExec).unwrap();
    assert_eq!(reply.outcome.map(|o| o.err), Some(SmtpsResult::Success));

    m::check(
        &receiver.mailbox().messages(),
        &Expected {
            subject: m::SUBJECT,
            body: &body,
            cc: true,
            bcc: true,
            attachment: Some((m::FILE_NAME, &file)),
        },
    );
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}
