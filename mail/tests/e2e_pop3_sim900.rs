//! POP3 on SIM900 end to end: a mail sent through the spec-driven SIM900
//! module really reaches the loopback receiver; the message it got is then
//! served back through SIM900's POP3 commands over a real pty pair and read
//! with the mail API: log in, count, list, fetch (a body holding `OK`, `.`
//! and `+SMTPSEND: 1` lines, so dot-stuffing and result-like lines are
//! exercised), delete, log out.

mod support;

use std::sync::Arc;

use atspec_mail::pop3::Pop3Account;
use atspec_mail::pop3_sim900::Sim900Pop3;
use atspec_mail::{DialectName, ErrorKind};
use atspec_runtime::Modem;
use atspec_sim::Simulator;
use support::pop3_sim900::Pop3Module;
use support::Server;

fn account(password: &str) -> Pop3Account {
    Pop3Account {
        host: "pop.example.com".into(),
        port: 110,
        user: "john".into(),
        password: password.to_owned().into(),
    }
}

#[test]
fn a_delivered_mail_is_counted_listed_fetched_deleted_over_pop3() {
    let run = support::send(
        DialectName::SimcomSim900,
        &support::email(),
        Server::default(),
        Vec::new(),
    );
    run.result.as_ref().expect("sent");
    let stored = run.received[0].data.clone();
    let module = Pop3Module::new(
        vec![b"Subject: first\r\n\r\nhello\r\n".to_vec(), stored.clone()],
        "pw",
    );
    let deleted = Arc::clone(&module.deleted);
    let received = Arc::clone(&module.received);
    let (_sim, port) = Simulator::spawn(module).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");

    let mut pop3 = Sim900Pop3::login(&mut modem, &account("pw")).expect("logged in");
    let (count, size) = pop3.count().expect("count");
    assert_eq!(count, 2);
    assert_eq!(size, 25 + stored.len() as u64);
    assert_eq!(pop3.list(2).expect("list"), stored.len() as u64);
    let fetched = pop3.fetch(2).expect("fetched");
    assert_eq!(fetched, stored, "the message byte for byte, unstuffed");
    let parsed = mail_parser::MessageParser::default()
        .parse(&fetched)
        .expect("MIME");
    assert_eq!(parsed.subject(), Some(support::SUBJECT));
    pop3.delete(2).expect("deleted");
    pop3.logout().expect("logged out");

    assert_eq!(*deleted.lock().unwrap(), vec![2]);
    let lines = received.lock().unwrap().clone();
    assert_eq!(
        lines[..7],
        [
            "AT+EMAILCID=1",
            "AT+EMAILTO=30",
            "AT+POP3SRV=\"pop.example.com\",\"john\",\"pw\",110",
            "AT+POP3IN",
            "AT+POP3NUM",
            "AT+POP3LIST=2",
            "AT+POP3CMD=4,2",
        ]
    );
    let reads = lines.iter().filter(|l| *l == "AT+POP3READ=1460").count();
    assert!(
        reads >= 2,
        "the answer is read in 1460-byte chunks: {lines:?}"
    );
    assert_eq!(lines[lines.len() - 2..], ["AT+POP3DEL=2", "AT+POP3OUT"]);
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_68_and_no_password_shown() {
    let (_sim, port) = Simulator::spawn(Pop3Module::new(Vec::new(), "pw")).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let err = Sim900Pop3::login(&mut modem, &account("wrong-pw")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth, "{err}");
    let vendor = err.vendor.as_ref().expect("vendor code");
    assert_eq!(vendor.code, "68");
    assert_eq!(
        vendor.meaning.as_deref(),
        Some("user name or password not accepted")
    );
    assert!(!format!("{err} {err:?}").contains("wrong-pw"), "{err:?}");
}

#[test]
fn a_retr_answer_without_its_final_dot_is_a_protocol_error() {
    let err = atspec_mail::pop3_sim900::unframe(b"+OK\r\nSubject: x\r\n\r\nbody\r\n").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Protocol);
    let ok = atspec_mail::pop3_sim900::unframe(b"+OK\r\n..\r\nOK\r\n.\r\n").expect("framed");
    assert_eq!(ok, b".\r\nOK\r\n");
}
