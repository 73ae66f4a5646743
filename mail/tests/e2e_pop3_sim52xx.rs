//! POP3 on SIM52xx end to end: a mail sent through the spec-driven Quectel
//! UC15 module really reaches the loopback receiver; the spec-driven SIM52xx
//! module (its profile's `[pop3]` section) then serves that receiver's
//! mailbox over a second pty pair (application note 4.2-4.5), read with the
//! mail API: log in, count, list, fetch (a body holding `.`, `..` and
//! `+SMTPSEND: 1` lines), delete, log out.
//!
//! `AT+POP3READ` shows the mail as free text up to `OK` with no length, so a
//! mail line that is exactly `OK` cannot come through this dialect (see the
//! spec and `Sim52xxPop3::fetch`): this body has none.

mod support;

use atspec_mail::pop3::{Pop3Account, Sim52xxPop3};
use atspec_mail::{DialectName, ErrorKind};
use atspec_runtime::Modem;
use atspec_sim::smtp::SmtpReceiver;

const BODY: &str = "Readings follow.\r\n.\r\n+SMTPSEND: 1\r\n..\r\nend\r\n";

fn account(password: &str) -> Pop3Account {
    Pop3Account {
        host: "pop3.example.com".into(),
        port: 110,
        user: "john".into(),
        password: password.to_owned().into(),
    }
}

#[test]
fn a_mail_sent_through_uc15_is_counted_listed_fetched_deleted_over_sim52xx_pop3() {
    let receiver = SmtpReceiver::start().expect("loopback receiver");
    let email = atspec_mail::Email {
        body: BODY.into(),
        ..support::email()
    };
    let run = support::send_to(DialectName::QuectelUc15, &email, &receiver, Vec::new());
    run.result.as_ref().expect("sent");
    let stored = String::from_utf8(receiver.mailbox().messages()[0].data.clone()).expect("7-bit");
    let lines: Vec<&str> = stored.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(
        lines.contains(&".") && lines.contains(&"+SMTPSEND: 1") && lines.contains(&".."),
        "{stored}"
    );

    let (_sim, port, log) =
        support::pop3_module(DialectName::SimcomSim52xx, &receiver, "john", "pw");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let mut pop3 = Sim52xxPop3::login(&mut modem, &account("pw")).expect("logged in");
    assert_eq!(pop3.count().expect("count"), (1, stored.len() as u64));
    assert_eq!(pop3.list(1).expect("list"), stored.len() as u64);
    let text = pop3.fetch(1).expect("fetched");
    assert_eq!(
        text,
        lines.join("\n"),
        "every line of the stored mail, as is"
    );
    // The receiver keeps the CRLF before DATA's final `.` (the message then
    // ends in a blank line); a text dump cannot show a last blank line
    // apart from the CRLF in front of `OK`, so that one is not compared.
    let crlf = format!("{}\r\n", text.replace('\n', "\r\n"));
    let shown = format!("{}\r\n", stored.trim_end_matches("\r\n"));
    assert_eq!(crlf, shown, "byte for byte once the lines are joined again");
    let parsed = mail_parser::MessageParser::default()
        .parse(crlf.as_bytes())
        .expect("MIME");
    assert_eq!(parsed.subject(), Some(support::SUBJECT));
    pop3.delete(1).expect("deleted");
    assert_eq!(pop3.count().expect("count"), (0, 0), "marked: not counted");
    pop3.logout().expect("logged out");
    assert!(receiver.mailbox().is_empty(), "deleted at logout");
    assert_eq!(
        log.commands(),
        [
            "AT+POP3SRV=\"pop3.example.com\",\"john\",\"pw\",110",
            "AT+POP3IN",
            "AT+POP3NUM",
            "AT+POP3LIST=1",
            "AT+POP3GET=1",
            "AT+POP3READ",
            "AT+POP3DEL=1",
            "AT+POP3NUM",
            "AT+POP3OUT",
        ],
        "the application note's flow"
    );
    assert!(log.problems().is_empty(), "{:?}", log.problems());
}

#[test]
fn a_refused_login_is_an_auth_error_with_the_vendor_status() {
    let receiver = SmtpReceiver::start().expect("loopback receiver");
    let (_sim, port, _log) =
        support::pop3_module(DialectName::SimcomSim52xx, &receiver, "john", "pw");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let err = Sim52xxPop3::login(&mut modem, &account("bad-pw")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth, "{err}");
    let vendor = err.vendor.as_ref().expect("vendor status");
    assert_eq!(vendor.code, "INVALID UN/PWD");
    assert_eq!(
        vendor.meaning.as_deref(),
        Some("user name/password refused")
    );
    assert!(!format!("{err} {err:?}").contains("bad-pw"), "{err:?}");
}
