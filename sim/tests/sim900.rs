//! The simulated SIM900 over a real pseudo-terminal: the raw exchange of the
//! manual's "send an e-mail with an attachment" example.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use atspec_sim::{Sim900, Simulator};
use serialport::SerialPort;

fn expect(port: &mut impl Read, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while Instant::now() < deadline {
        if let Ok(n) = port.read(&mut buf) {
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).contains(needle) {
                return String::from_utf8_lossy(&seen).into_owned();
            }
        }
    }
    panic!(
        "expected {needle:?}, got {:?}",
        String::from_utf8_lossy(&seen)
    );
}

#[test]
fn sends_a_mail_with_an_attachment() {
    let outbox = Arc::new(Mutex::new(Vec::new()));
    let (_sim, mut port) = Simulator::spawn(Sim900::new(Arc::clone(&outbox))).unwrap();
    port.set_timeout(Duration::from_millis(50)).unwrap();
    let mut say = |line: &[u8], answer: &str| {
        port.write_all(line).unwrap();
        expect(&mut port, answer)
    };
    let echoed = say(b"AT+SMTPSRV=\"mail.sim.com\",25\r", "OK");
    assert!(
        echoed.starts_with("AT+SMTPSRV"),
        "echo is on by default: {echoed:?}"
    );
    say(b"ATE0\r", "OK");
    let quiet = say(b"AT+SMTPFROM=\"john@sim.com\",\"john\"\r", "OK");
    assert!(!quiet.contains("AT+"), "no echo after ATE0: {quiet:?}");
    say(b"AT+SMTPRCPT=0,0,\"ann@sim.com\",\"ann\"\r", "OK");
    say(b"AT+SMTPSUB=\"Test\"\r", "OK");
    say(b"AT+SMTPBODY\r", "> ");
    say(b"line one\r\nline two\x1a", "OK");
    say(b"AT+SMTPFILE=1,\"a.txt\",0\r", "OK");
    say(b"AT+SMTPSEND\r", "+SMTPFT: 1,1360");
    say(b"AT+SMTPFT=5\r", "+SMTPFT: 2,5");
    say(b"hello", "+SMTPFT: 1,1360");
    say(b"AT+SMTPFT=0\r", "+SMTPSEND: 1");
    let sent = outbox.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].from, ("john@sim.com".into(), "john".into()));
    assert_eq!(sent[0].recipients, vec![(0, "ann@sim.com".into())]);
    assert_eq!(sent[0].body, b"line one\r\nline two");
    assert_eq!(
        sent[0].attachment,
        Some(("a.txt".into(), b"hello".to_vec()))
    );
}

#[test]
fn unknown_commands_and_bad_values_answer_error() {
    let (_sim, mut port) = Simulator::spawn(Sim900::default()).unwrap();
    port.set_timeout(Duration::from_millis(50)).unwrap();
    port.write_all(b"AT+NOSUCH=1\r").unwrap();
    expect(&mut port, "ERROR");
    port.write_all(b"AT+SMTPSRV=\"x\",70000\r").unwrap();
    expect(&mut port, "ERROR");
}
