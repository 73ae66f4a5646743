//! Quectel UC15 `AT+QSMTPBODY` takes *up to* `<body_length>` bytes (spec:
//! `length at_most body_length`): a shorter body ended by `+++` is stored
//! as sent, and the module reports the count it took. Through the typed API
//! over `Modem` against the spec-driven module.

mod support;

use atspec_dialects::quectel_uc15::*;
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::Simulator;
use support::mail as m;

#[test]
fn an_early_escape_ends_the_body_and_the_count_is_reported() {
    let receiver = SmtpReceiver::start().unwrap();
    let dialect = support::dialect("quectel_uc15");
    let (module, _outbox) = m::mail_module(&dialect, &receiver, &[]);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let (mut modem, _urcs) = Modem::<Dialect>::from_tty(port).unwrap();
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, 100, Some(120)).expect("valid");
    let reply = modem
        .send_data(&cmd, &[b'x'; 90][..])
        .expect("a shorter body is accepted");
    assert_eq!(
        reply.data_result,
        Some(QsmtpbodyWriteDataResult { input_length: 90 })
    );
    let count = reply.data_count.expect("a data phase ran");
    assert_eq!(
        (count.sent, count.taken, count.ended_early),
        (90, Some(90), true)
    );
    assert_eq!(count.short_by(), None);
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}
