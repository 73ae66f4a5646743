//! POP3 on SIM900 end to end: a mail sent through the spec-driven Quectel
//! UC15 module really reaches the loopback receiver; the spec-driven SIM900
//! module (its profile's `[pop3]` section) then serves that receiver's
//! mailbox over a second pty pair, read with the mail API: log in, count,
//! list, fetch (a body holding `OK`, `.` and `+SMTPSEND: 1` lines, so
//! dot-stuffing and result-like lines are exercised), delete, log out.

mod support;

use atspec_mail::pop3::Pop3Account;
use atspec_mail::pop3_sim900::Sim900Pop3;
use atspec_mail::{DialectName, ErrorKind};
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;

fn account(password: &str) -> Pop3Account {
    Pop3Account {
        host: "pop.example.com".into(),
        port: 110,
        user: "john".into(),
        password: password.to_owned().into(),
    }
}

/// The lines a naive reader would take for a final result, the end of a
/// POP3 answer, or a completion.
fn tricky_lines(stored: &[u8]) -> bool {
    let text = String::from_utf8_lossy(stored);
    let lines: Vec<&str> = text.split("\r\n").collect();
    ["OK", ".", "+SMTPSEND: 1"]
        .iter()
        .all(|l| lines.contains(l))
}

#[test]
fn a_mail_sent_through_uc15_is_counted_listed_fetched_deleted_over_sim900_pop3() {
    let receiver = SmtpReceiver::start().expect("loopback receiver");
    for _ in 0..2 {
        let run = support::send_to(
            DialectName::QuectelUc15,
            &support::email(),
            &receiver,
            Vec::new(),
        );
        run.result.as_ref().expect("sent");
    }
    let stored = receiver.mailbox().messages();
    assert_eq!(stored.len(), 2);
    let second = stored[1].data.clone();
    assert!(tricky_lines(&second), "the body has OK, . and +SMTPSEND: 1");
    let total: usize = stored.iter().map(|m| m.data.len()).sum();

    let (_sim, port, log) =
        support::pop3_module(DialectName::SimcomSim900, &receiver, "john", "pw");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let mut pop3 = Sim900Pop3::login(&mut modem, &account("pw")).expect("logged in");
    assert_eq!(pop3.count().expect("count"), (2, total as u64));
    assert_eq!(pop3.list(2).expect("list"), second.len() as u64);
    let fetched = pop3.fetch(2).expect("fetched");
    assert_eq!(fetched, second, "the message byte for byte, unstuffed");
    let parsed = mail_parser::MessageParser::default()
        .parse(&fetched)
        .expect("MIME");
    assert_eq!(parsed.subject(), Some(support::SUBJECT));
    pop3.delete(2).expect("deleted");
    assert_eq!(
        pop3.count().expect("count"),
        (1, stored[0].data.len() as u64),
        "a marked message is no longer counted"
    );
    pop3.logout().expect("logged out");
    assert_eq!(receiver.mailbox().len(), 1, "deleted at logout");

    let lines = log.commands();
    assert_eq!(
        lines[..6],
        [
            "AT+EMAILCID=1",
            "AT+EMAILTO=30",
            "AT+POP3SRV=\"pop.example.com\",\"john\",\"pw\",110",
            "AT+POP3IN",
            "AT+POP3NUM",
            "AT+POP3LIST=2",
        ]
    );
    let reads = lines.iter().filter(|l| *l == "AT+POP3READ=1460").count();
    assert!(
        reads >= 2,
        "the answer is read in 1460-byte chunks: {lines:?}"
    );
    assert_eq!(lines[lines.len() - 1], "AT+POP3OUT");
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_68_and_no_password_shown() {
    let receiver = SmtpReceiver::start().expect("loopback receiver");
    let (_sim, port, _log) =
        support::pop3_module(DialectName::SimcomSim900, &receiver, "john", "pw");
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
