//! SIM52xx POP3 over a real pseudo-terminal pair, against the manual's flow
//! (application note 4.4/4.5): log in, count, list, fetch, delete, log out.

use std::sync::Arc;

use atspec_mail::pop3::{Pop3Account, Sim52xxPop3};
use atspec_mail::ErrorKind;
use atspec_runtime::Modem;
use atspec_sim::{Scripted, Simulator, Step};

fn account(password: &str) -> Pop3Account {
    Pop3Account {
        host: "pop3.server.com".into(),
        port: 110,
        user: "un".into(),
        password: password.to_owned().into(),
    }
}

const SRV: &str = "AT+POP3SRV=\"pop3.server.com\",\"un\",\"pwd\",110";

#[test]
fn login_count_list_fetch_delete_logout() {
    let script = Scripted::new(vec![
        Step::ok(SRV),
        Step::answer("AT+POP3IN", &["+POP3: SUCCESS", "OK"]),
        Step::answer("AT+POP3NUM", &["+POP3: 2, 2134", "OK"]),
        Step::answer("AT+POP3LIST=1", &["+POP3: 1, 1050", "OK"]),
        Step::ok("AT+POP3GET=1").then("+POP3: SUCCESS"),
        Step::answer(
            "AT+POP3READ",
            &[
                "Subject: First Test Email",
                "",
                "a line with a dot:",
                ".",
                "+SMTPSEND: 1",
                "OK",
            ],
        ),
        Step::answer("AT+POP3DEL=1", &["+POP3: SUCCESS", "OK"]),
        Step::answer("AT+POP3OUT", &["+POP3: SUCCESS", "OK"]),
    ]);
    let received = Arc::clone(&script.received);
    let (_sim, port) = Simulator::spawn(script).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let mut pop3 = Sim52xxPop3::login(&mut modem, &account("pwd")).expect("logged in");
    assert_eq!(pop3.count().expect("count"), (2, 2134));
    assert_eq!(pop3.list(1).expect("list"), 1050);
    let text = pop3.fetch(1).expect("fetched");
    assert_eq!(
        text,
        "Subject: First Test Email\n\na line with a dot:\n.\n+SMTPSEND: 1"
    );
    pop3.delete(1).expect("deleted");
    pop3.logout().expect("logged out");
    let lines = received.lock().unwrap().clone();
    assert_eq!(lines.len(), 8, "{lines:?}");
}

#[test]
fn a_refused_login_is_an_auth_error_with_the_vendor_status() {
    let script = Scripted::new(vec![
        Step::ok(SRV.replace("pwd", "bad")),
        Step::answer("AT+POP3IN", &["+POP3: INVALID UN/PWD", "OK"]),
    ]);
    let (_sim, port) = Simulator::spawn(script).expect("pty pair");
    let (mut modem, _urcs) = Modem::from_tty(port).expect("modem");
    let err = Sim52xxPop3::login(&mut modem, &account("bad")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth, "{err}");
    assert_eq!(
        err.vendor.as_ref().map(|v| v.code.as_str()),
        Some("INVALID UN/PWD")
    );
    assert!(!format!("{err} {err:?}").contains("\"bad\""), "{err:?}");
}
