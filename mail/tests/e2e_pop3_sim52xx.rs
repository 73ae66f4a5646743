//! POP3 on SIM52xx end to end: a mail sent through the spec-driven SIM900
//! module really reaches the loopback receiver; the message it got is then
//! served back through SIM52xx's POP3 commands (application note 4.4/4.5)
//! over a real pty pair and read with the mail API: log in, count, list,
//! fetch (a body holding `.` and `+SMTPSEND: 1` lines), delete, log out.

mod support;

use std::sync::Arc;

use atspec_mail::pop3::{Pop3Account, Sim52xxPop3};
use atspec_mail::DialectName;
use atspec_runtime::Modem;
use atspec_sim::{Scripted, Simulator, Step};
use support::Server;

const BODY: &str = "Readings follow.\r\n.\r\n+SMTPSEND: 1\r\n..\r\nend\r\n";

#[test]
fn a_delivered_mail_is_counted_listed_fetched_deleted_over_pop3() {
    let email = atspec_mail::Email {
        body: BODY.into(),
        ..support::email()
    };
    let run = support::send(
        DialectName::SimcomSim900,
        &email,
        Server::default(),
        Vec::new(),
    );
    run.result.as_ref().expect("sent");
    let stored = String::from_utf8(run.received[0].data.clone()).expect("7-bit mail");
    let lines: Vec<&str> = stored.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(
        lines.contains(&".") && lines.contains(&"+SMTPSEND: 1"),
        "{stored}"
    );
    let mut read = lines.clone();
    read.push("OK");
    let size = stored.len().to_string();
    let script = Scripted::new(vec![
        Step::ok("AT+POP3SRV=\"pop3.example.com\",\"john\",\"pw\",110"),
        Step::answer("AT+POP3IN", &["+POP3: SUCCESS", "OK"]),
        Step::answer("AT+POP3NUM", &[&format!("+POP3: 1, {size}"), "OK"]),
        Step::answer("AT+POP3LIST=1", &[&format!("+POP3: 1, {size}"), "OK"]),
        Step::ok("AT+POP3GET=1").then("+POP3: SUCCESS"),
        Step::answer("AT+POP3READ", &read),
        Step::answer("AT+POP3DEL=1", &["+POP3: SUCCESS", "OK"]),
        Step::answer("AT+POP3OUT", &["+POP3: SUCCESS", "OK"]),
    ]);
    let received = Arc::clone(&script.received);
    let (_sim, port) = Simulator::spawn(script).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let account = Pop3Account {
        host: "pop3.example.com".into(),
        port: 110,
        user: "john".into(),
        password: "pw".to_owned().into(),
    };
    let mut pop3 = Sim52xxPop3::login(&mut modem, &account).expect("logged in");
    assert_eq!(pop3.count().expect("count"), (1, stored.len() as u64));
    assert_eq!(pop3.list(1).expect("list"), stored.len() as u64);
    let text = pop3.fetch(1).expect("fetched");
    assert_eq!(text, lines.join("\n"), "every line of the stored mail");
    let crlf = text.replace('\n', "\r\n");
    let parsed = mail_parser::MessageParser::default()
        .parse(crlf.as_bytes())
        .expect("MIME");
    assert_eq!(parsed.subject(), Some(support::SUBJECT));
    pop3.delete(1).expect("deleted");
    pop3.logout().expect("logged out");
    assert_eq!(received.lock().unwrap().len(), 8, "only the manual's flow");
}
