//! SIM900 (manual 002): a whole mail flow through the generated typed API
//! over `Modem` against the spec-driven module with its mail profile, the
//! message checked at the loopback SMTP receiver.

mod support;

use atspec_dialects::simcom_sim900::*;
use atspec_runtime::wire::to_hex;
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::Simulator;
use support::mail::{self as m, Expected};

#[test]
fn utf8_mail_with_cc_bcc_and_attachment_arrives() {
    let receiver = SmtpReceiver::start().unwrap();
    let dialect = support::dialect("simcom_sim900");
    let (module, _outbox) = m::mail_module(&dialect, &receiver, &[]);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();

    let ok = "valid";
    modem
        .send(&SmtpsrvWrite::new("mail.example.com", Some(25)).expect(ok))
        .unwrap();
    modem
        .send(&SmtpauthWrite::new(AuthType::Login, Some(("john", "s3cret"))).expect(ok))
        .unwrap();
    modem
        .send(&SmtpfromWrite::new(m::FROM, Some("John")).expect(ok))
        .unwrap();
    for (kind, addr) in [
        (RcptType::To, m::TO),
        (RcptType::Cc, m::CC),
        (RcptType::Bcc, m::BCC),
    ] {
        modem
            .send(&SmtprcptWrite::new(kind, Some((0, Some((addr, None))))).expect(ok))
            .unwrap();
    }
    modem.send(&SmtpcsWrite::new("UTF-8").expect(ok)).unwrap();
    modem
        .send(&SmtpsubWrite::new(&to_hex(m::SUBJECT)).expect(ok))
        .unwrap();
    let body = m::body();
    let hex_body = to_hex(std::str::from_utf8(&body).unwrap());
    let len = u16::try_from(hex_body.len()).unwrap();
    modem
        .send_data(&SmtpbodyWrite::new(len).expect(ok), hex_body.as_bytes())
        .unwrap();
    modem
        .send(
            &SmtpfileWrite::new(FileType::Text, Some((m::FILE_NAME, EncodeType::SevenBit)))
                .expect(ok),
        )
        .unwrap();
    let file = m::attachment();
    let chunk = |n: usize| SmtpftWrite::new(u16::try_from(n).unwrap_or(u16::MAX));
    let reply = modem.send_chunked(&SmtpsendExec, chunk, &file[..]).unwrap();
    assert_eq!(reply.outcome.map(|o| o.code), Some(SmtpResult::Sent));

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
    let user = receiver.mailbox().messages()[0].user.clone();
    assert_eq!(user.as_deref(), Some("john"), "the module logged in as set");
    let chunks = log
        .commands()
        .iter()
        .filter(|c| c.starts_with("AT+SMTPFT="))
        .count();
    assert_eq!(chunks, 4, "3000 bytes in windows of 1360, then AT+SMTPFT=0");
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}
