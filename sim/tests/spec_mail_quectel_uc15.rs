//! Quectel UC15: a whole mail flow through the generated typed API over
//! `Modem` against the spec-driven module (keyed AT+QSMTPCFG settings,
//! CONNECT with an exact length, an attachment from the module's file
//! system), checked at the receiver.

mod support;

use atspec_dialects::quectel_uc15::*;
use atspec_runtime::wire::to_hex;
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::Simulator;
use support::mail::{self as m, Expected};

#[test]
fn utf8_mail_with_cc_bcc_and_attachment_arrives() {
    let receiver = SmtpReceiver::start().unwrap();
    let dialect = support::dialect("quectel_uc15");
    let file = m::attachment();
    let stored = format!("RAM:{}", m::FILE_NAME);
    let (module, _outbox) = m::mail_module(&dialect, &receiver, &[(&stored, &file)]);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();

    let ok = "valid";
    modem
        .send(&QsmtpcfgSmtpserverWrite::new(Some(("mail.example.com", 25))).expect(ok))
        .unwrap();
    modem
        .send(&QsmtpcfgAccountWrite::new(Some(("john", "s3cret"))).expect(ok))
        .unwrap();
    modem
        .send(&QsmtpcfgSenderWrite::new(Some(("John", m::FROM))).expect(ok))
        .unwrap();
    for (kind, addr) in [
        (RcptType::To, m::TO),
        (RcptType::Cc, m::CC),
        (RcptType::Bcc, m::BCC),
    ] {
        modem
            .send(&QsmtpdstWrite::new(DstMode::Add, Some((kind, Some(addr)))).expect(ok))
            .unwrap();
    }
    modem
        .send(&QsmtpsubWrite::new(Charset::Utf8, &to_hex(m::SUBJECT)).expect(ok))
        .unwrap();
    let body = m::body();
    let hex_body = to_hex(std::str::from_utf8(&body).unwrap());
    let len = u16::try_from(hex_body.len()).unwrap();
    let reply = modem
        .send_data(
            &QsmtpbodyWrite::new(Charset::Utf8, len, Some(90)).expect(ok),
            hex_body.as_bytes(),
        )
        .unwrap();
    assert!(reply.data_result.is_some(), "the stored length is reported");
    modem
        .send(&QsmtpattWrite::new(AttMode::Add, Some((1, stored.as_str()))).expect(ok))
        .unwrap();
    let reply = modem.send(&QsmtpputWrite::new(300).expect(ok)).unwrap();
    let outcome = reply.outcome.expect("a completion");
    assert_eq!(outcome.err, SmtpError::Success);

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
