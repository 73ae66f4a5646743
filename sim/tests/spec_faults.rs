//! Fault injection of the spec-driven module, each kind over a real pty.

mod support;

use std::time::Duration;

use atspec_sim::spec::{Fault, SpecModem};
use atspec_sim::Simulator;
use support::{dialect, Raw};

fn start() -> (
    Simulator,
    Raw,
    atspec_sim::spec::Faults,
    std::sync::Arc<at_spec::ir::Dialect>,
) {
    let d = dialect("simcom_sim900");
    let modem = SpecModem::new(std::sync::Arc::clone(&d));
    let faults = modem.faults();
    let (sim, port) = Simulator::spawn(modem).unwrap();
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK");
    (sim, raw, faults, d)
}

#[test]
fn answer_with_a_code_of_the_dialect() {
    let (_sim, mut raw, faults, d) = start();
    faults.on("SMTPSRV", Fault::answer(&d, "+CME ERROR: 3").unwrap());
    raw.say(b"AT+SMTPSUB=\"x\"\r", "OK");
    let got = raw.say(b"AT+SMTPSRV=\"a.example\",25\r", "\r\n+CME ERROR: 3\r\n");
    assert!(!got.contains("OK"), "{got:?}");
    assert!(Fault::answer(&d, "+CME ERROR: x").is_err());
    assert!(
        Fault::answer(&d, "+QSMTPPUT: -1").is_err(),
        "not this dialect's"
    );
    assert_eq!(faults.pending(), 0);
}

#[test]
fn completion_with_a_failure_code() {
    let (_sim, mut raw, faults, _d) = start();
    faults.on(
        "SMTPSEND",
        Fault::Completion(vec![("code".into(), "AuthFailed".into())]),
    );
    raw.port.write_all(b"AT+SMTPSEND\r").unwrap();
    let got = raw.expect_line("+SMTPSEND: ");
    assert!(got.contains("+SMTPSEND: 67\r\n"), "{got:?}");
}

#[test]
fn silence_then_normal_again() {
    let (_sim, mut raw, faults, _d) = start();
    faults.next(Fault::Silence);
    raw.port.write_all(b"AT+SMTPSRV?\r").unwrap();
    assert_eq!(raw.drain(Duration::from_millis(300)), "");
    raw.say(b"AT+SMTPSRV?\r", "OK");
}

#[test]
fn urc_burst_before_the_answer() {
    let (_sim, mut raw, faults, d) = start();
    let burst = Fault::burst(&d, &["+POP3READ: 3,10", "+SMTPFT: 1,1360", "+POP3OUT: 61"]).unwrap();
    assert!(Fault::burst(&d, &["+NOSUCH: 1"]).is_err());
    faults.next(burst);
    let got = raw.say(b"AT+SMTPSRV?\r", "OK\r\n");
    assert!(
        got.starts_with(
            "\r\n+POP3READ: 3,10\r\n\r\n+SMTPFT: 1,1360\r\n\r\n+POP3OUT: 61\r\n\r\n+SMTPSRV:"
        ),
        "{got:?}"
    );
}

#[test]
fn echo_turns_on() {
    let (_sim, mut raw, faults, _d) = start();
    faults.next(Fault::EchoOn);
    let got = raw.say(b"AT+SMTPSRV?\r", "OK\r\n");
    assert!(
        !got.starts_with("AT+"),
        "the faulted line itself comes before the switch"
    );
    let got = raw.say(b"AT+SMTPSUB?\r", "OK\r\n");
    assert!(
        got.starts_with("AT+SMTPSUB?\r"),
        "echo on from then on: {got:?}"
    );
}

#[test]
fn reboot_banner_forgets_settings() {
    let (_sim, mut raw, faults, _d) = start();
    raw.say(b"AT+SMTPSRV=\"a.example\",2525\r", "OK");
    faults.next(Fault::Reboot(vec!["RDY".into(), "Call Ready".into()]));
    let got = raw.say(b"AT+SMTPSUB=\"x\"\r", "Call Ready\r\n");
    assert_eq!(
        got, "\r\nRDY\r\n\r\nCall Ready\r\n",
        "banner only, no answer"
    );
    let got = raw.say(b"AT+SMTPSRV?\r", "OK\r\n");
    assert!(
        got.starts_with("AT+SMTPSRV?\r"),
        "echo back on after the restart: {got:?}"
    );
    assert!(
        got.contains("+SMTPSRV: \"\",25"),
        "settings forgotten: {got:?}"
    );
}

#[test]
fn dropped_line() {
    let (_sim, mut raw, faults, _d) = start();
    raw.say(b"AT+SMTPSRV=\"a.example\",2525\r", "OK");
    faults.next(Fault::DropLine);
    let got = raw.say(b"AT+SMTPSRV?\r", "OK\r\n");
    assert_eq!(got, "\r\nOK\r\n", "the information line is lost");
    faults.next(Fault::DropLine);
    raw.port.write_all(b"AT+SMTPSUB=\"x\"\r").unwrap();
    assert_eq!(
        raw.drain(Duration::from_millis(300)),
        "",
        "the final result is lost"
    );
}

use std::io::Write;
