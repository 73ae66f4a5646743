//! Quectel GSM (M-series): a whole mail flow through the generated typed API
//! over `Modem` against the spec-driven module (OK then CONNECT, `+++` after
//! the guard time, attachment uploaded after CONNECT), checked at the receiver.

mod support;

use atspec_dialects::quectel_gsm::*;
use atspec_runtime::wire::to_hex;
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::Simulator;
use support::mail::{self as m, Expected};

#[test]
fn utf8_mail_with_cc_bcc_and_attachment_arrives() {
    let receiver = SmtpReceiver::start().unwrap();
    let dialect = support::dialect("quectel_gsm");
    let (module, _outbox) = m::mail_module(&dialect, &receiver, &[]);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();

    let ok = "valid";
    modem
        .send(&QsmtpsrvWrite::new("mail.example.com", 25).expect(ok))
        .unwrap();
    modem.send(&QsmtpuserWrite::new("john").expect(ok)).unwrap();
    modem
        .send(&QsmtppwdWrite::new("s3cret").expect(ok))
        .unwrap();
    modem
        .send(&QsmtpaddrWrite::new(m::FROM).expect(ok))
        .unwrap();
    modem.send(&QsmtpnameWrite::new("John").expect(ok)).unwrap();
    for (kind, addr) in [
        (RcptType::To, m::TO),
        (RcptType::Cc, m::CC),
        (RcptType::Bcc, m::BCC),
    ] {
        let reply = modem
            .send(&QsmtpdstWrite::new(DstMode::Add, Some((kind, Some(addr)))).expect(ok))
            .unwrap();
        assert_eq!(reply.outcome.map(|o| o.result), Some(QsmtpResult::Ok));
    }
    modem
        .send(&QsmtpsubWrite::new(Charset::Utf8, &to_hex(m::SUBJECT)).expect(ok))
        .unwrap();
    let body = m::body();
    let hex_body = to_hex(std::str::from_utf8(&body).unwrap());
    let reply = modem
        .send_data(
            &QsmtpbodyWrite::new(Charset::Utf8, Some(60)).expect(ok),
            hex_body.as_bytes(),
        )
        .unwrap();
    assert!(reply.data_result.is_some(), "the stored length is reported");
    let file = m::attachment();
    let size = u32::try_from(file.len()).unwrap();
    modem
        .send_data(
            &QsmtpattWrite::new(m::FILE_NAME, Some((size, 60))).expect(ok),
            &file[..],
        )
        .unwrap();
    let reply = modem.send(&QsmtpputExec).unwrap();
    assert_eq!(reply.outcome.map(|o| o.result), Some(QsmtpResult::Ok));

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
    assert_eq!(
        log.data()[0],
        hex_body.as_bytes(),
        "the body without the escape"
    );
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}
