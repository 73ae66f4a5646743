//! Bad input and failed deliveries: the spec-driven module answers with the
//! dialect's own codes, seen typed through `Modem`.

mod support;

use std::sync::Arc;

use atspec_runtime::Modem;
use atspec_sim::smtp::{ReceiverConfig, SmtpReceiver};
use atspec_sim::spec::mail::{builtin, MailProfile, Relay};
use atspec_sim::spec::{SpecModem, SpecOptions};
use atspec_sim::Simulator;
use support::{dialect, mail as m, Raw};

#[test]
fn uc15_bad_input_is_cme_error_664() {
    let d = dialect("quectel_uc15");
    let receiver = SmtpReceiver::start().unwrap();
    let (module, _) = m::mail_module(&d, &receiver, &[]);
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK");
    for line in [
        &b"AT+QSMTPSUB=0,\"\xc3\xa9\"\r"[..],
        b"AT+QSMTPSUB=1,\"ABC\"\r",
        b"AT+QSMTPPUT=10\r",
        b"AT+QSMTPCFG=\"nokey\",1\r",
    ] {
        let got = raw.say(line, "\r\n+CME ERROR: 664\r\n");
        assert!(!got.contains("OK"), "{line:?}: {got:?}");
    }
    let got = raw.say(b"AT+QSMTPX=1\r", "ERROR\r\n");
    assert_eq!(got, "\r\nERROR\r\n", "an unknown command is plain ERROR");
}

#[test]
fn smtps_bad_input_as_a_vendor_error_line_then_error() {
    let d = dialect("simcom_smtps");
    let options = SpecOptions {
        bad_input: "+CSMTPS: 608".into(),
        ..SpecOptions::default()
    };
    let (_sim, port) = Simulator::spawn(SpecModem::new(d).with_options(options)).unwrap();
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK");
    let got = raw.say(b"AT+CSMTPSSRV=\"a\",0\r", "ERROR\r\n");
    assert_eq!(got, "\r\n+CSMTPS: 608\r\n\r\nERROR\r\n");
}

/// Sends a minimal SIM900 mail through `relay`; the typed outcome code.
fn sim900_send(relay: Relay) -> atspec_dialects::simcom_sim900::SmtpResult {
    use atspec_dialects::simcom_sim900::*;
    let d = dialect("simcom_sim900");
    let config = builtin("simcom_sim900").unwrap().unwrap();
    let profile = MailProfile::new(config, &d, relay).unwrap();
    let (module, _) = profile.into_modem(Arc::clone(&d), SpecOptions::default());
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();
    let ok = "valid";
    modem
        .send(&SmtpsrvWrite::new("mail.example.com", None).expect(ok))
        .unwrap();
    modem
        .send(&SmtpauthWrite::new(AuthType::Login, Some(("john", "wrong"))).expect(ok))
        .unwrap();
    modem
        .send(&SmtpfromWrite::new(m::FROM, None).expect(ok))
        .unwrap();
    modem
        .send(&SmtprcptWrite::new(RcptType::To, Some((0, Some((m::TO, None))))).expect(ok))
        .unwrap();
    modem.send(&SmtpsubWrite::new("x").expect(ok)).unwrap();
    modem.send_data(&SmtpbodyExec, &b"hello"[..]).unwrap();
    let reply = modem.send(&SmtpsendExec).unwrap();
    reply.outcome.expect("a completion").code
}

fn relay_to(r: &SmtpReceiver) -> Relay {
    Relay::Fixed(r.addr().ip().to_string(), r.addr().port())
}

#[test]
fn sim900_failures_come_back_with_the_manual_codes() {
    use atspec_dialects::simcom_sim900::SmtpResult;
    let strict = SmtpReceiver::with_config(ReceiverConfig {
        credentials: Some(("john".into(), "right".into())),
        ..ReceiverConfig::default()
    })
    .unwrap();
    assert_eq!(sim900_send(relay_to(&strict)), SmtpResult::AuthFailed);
    let picky = SmtpReceiver::with_config(ReceiverConfig {
        reject_recipients: vec![m::TO.into()],
        ..ReceiverConfig::default()
    })
    .unwrap();
    assert_eq!(sim900_send(relay_to(&picky)), SmtpResult::BadRecipient);
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    assert_eq!(
        sim900_send(Relay::Fixed("127.0.0.1".into(), closed)),
        SmtpResult::ConnectError
    );
    let open = SmtpReceiver::start().unwrap();
    assert_eq!(sim900_send(relay_to(&open)), SmtpResult::Sent);
    assert_eq!(open.mailbox().len(), 1);
}

#[test]
fn send_without_recipients_reports_the_missing_code() {
    use atspec_dialects::quectel_gsm::*;
    let receiver = SmtpReceiver::start().unwrap();
    let d = dialect("quectel_gsm");
    let (module, outbox) = m::mail_module(&d, &receiver, &[]);
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();
    modem
        .send(&QsmtpsrvWrite::new("mail.example.com", 25).unwrap())
        .unwrap();
    modem.send(&QsmtpaddrWrite::new(m::FROM).unwrap()).unwrap();
    let reply = modem.send(&QsmtpputExec).unwrap();
    assert_eq!(
        reply.outcome.map(|o| o.result),
        Some(QsmtpResult::NoRecipient)
    );
    assert!(receiver.mailbox().is_empty());
    assert_eq!(outbox.attempts()[0].failure.as_deref(), Some("missing"));
}
