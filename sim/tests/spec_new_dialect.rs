//! A dialect written outside the workspace (a temp folder): its spec and its
//! mail profile are all it takes to get a working, mail-sending simulator.

mod support;

use std::sync::Arc;

use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::spec::mail::{MailProfile, Relay};
use atspec_sim::spec::{load_spec, SpecOptions};
use atspec_sim::Simulator;
use mail_parser::MessageParser;
use support::Raw;

const SPEC: &str = r#"
dialect acme_mail {
    vendor  "Acme"
    family  "AM1"
    manual  "Acme mail notes"
    version "1"
    timeout 5s
}

codes MailResult "Outcome of a send" {
    0  Done     "delivered"
    10 NoServer "no server reachable"
    11 Refused  "the server refused"
}

error final "+CME ERROR": MailResult

enum Kind "Recipient kind" {
    0 To "to"
    1 Cc "cc"
}

urc MailSent "Outcome of AT+AMSEND" "+AMSEND": result: MailResult

command AMSRV "Server" {
    read  { response "+AMSRV": host, port }
    write (host: string nonempty max 60 [, port: int 1..=65535 = 25])
}

command AMFROM "Sender" {
    write (address: string ascii nonempty max 60)
}

command AMRCPT "Recipients" {
    read  { response many "+AMRCPT": kind, address }
    write (kind: Kind [, address: string ascii nonempty max 60])
}

command AMSUB "Subject" {
    write (subject: string ascii max 80)
}

command AMBODY "Body" {
    exec { data prompt ctrl_z }
}

command AMSEND "Send" {
    exec { completes MailSent within 60s }
}
"#;

const PROFILE: &str = r#"
dialect = "acme_mail"
bad_input = "+CME ERROR: 11"
host = { command = "AMSRV", param = "host" }
port = { command = "AMSRV", param = "port" }
from = { command = "AMFROM", param = "address" }

[recipients]
command = "AMRCPT"
kind = "kind"
to = "To"
cc = "Cc"
bcc = "Bcc"
address = "address"

[subject]
from = { command = "AMSUB", param = "subject" }

[body]
from = { command = "AMBODY", data = true }

[send]
command = "AMSEND"
success = { result = "Done" }

[send.failures]
network = { result = "NoServer" }
refused = { result = "Refused" }
"#;

#[test]
fn a_spec_in_a_temp_folder_gets_a_mail_sending_simulator() {
    let dir = std::env::temp_dir().join(format!(
        "atspec-sim-new-dialect-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let spec_path = dir.join("acme_mail.atspec");
    let profile_path = dir.join("acme_mail.toml");
    std::fs::write(&spec_path, SPEC).unwrap();
    std::fs::write(&profile_path, PROFILE).unwrap();

    let dialect = Arc::new(load_spec(&spec_path).expect("the new spec is valid"));
    // The spec has no login command: a receiver that offers none.
    let receiver = SmtpReceiver::start_open().unwrap();
    let relay = Relay::Fixed(receiver.addr().ip().to_string(), receiver.addr().port());
    let profile = MailProfile::load(&profile_path, &dialect, relay).expect("the profile fits");
    let (module, outbox) = profile.into_modem(Arc::clone(&dialect), SpecOptions::default());
    let (_sim, port) = Simulator::spawn(module).unwrap();
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK");

    raw.say(b"AT+AMSRV=\"mail.acme.test\"\r", "OK");
    let got = raw.say(b"AT+AMSRV?\r", "OK\r\n");
    assert_eq!(got, "\r\n+AMSRV: \"mail.acme.test\",25\r\n\r\nOK\r\n");
    let got = raw.say(b"AT+AMSRV=\"x\",0\r", "\r\n");
    let got = got + &raw.drain(std::time::Duration::from_millis(100));
    assert_eq!(got, "\r\n+CME ERROR: 11\r\n", "a range check from the spec");
    raw.say(b"AT+AMFROM=\"john@acme.test\"\r", "OK");
    raw.say(b"AT+AMRCPT=0,\"ann@acme.test\"\r", "OK");
    raw.say(b"AT+AMRCPT=1,\"carl@acme.test\"\r", "OK");
    let got = raw.say(b"AT+AMRCPT?\r", "OK\r\n");
    assert_eq!(
        got,
        "\r\n+AMRCPT: 0,\"ann@acme.test\"\r\n\r\n+AMRCPT: 1,\"carl@acme.test\"\r\n\r\nOK\r\n"
    );
    raw.say(b"AT+AMSUB=\"Hello from Acme\"\r", "OK");
    raw.say(b"AT+AMBODY\r", "> ");
    raw.say(b"first\r\nOK\r\n.\r\nlast\r\n\x1a", "OK");
    raw.port.write_all(b"AT+AMSEND\r").unwrap();
    let got = raw.expect_line("+AMSEND: ");
    assert!(
        got.ends_with("+AMSEND: 0\r\n"),
        "{got:?} {:?}",
        outbox.attempts()
    );

    let got = receiver.mailbox().messages();
    assert_eq!(got.len(), 1);
    let parsed = MessageParser::default().parse(&got[0].data).unwrap();
    assert_eq!(parsed.subject(), Some("Hello from Acme"));
    assert_eq!(
        parsed.body_text(0).as_deref(),
        Some("first\r\nOK\r\n.\r\nlast\r\n")
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_profile_naming_what_the_spec_lacks_is_refused() {
    let dir = std::env::temp_dir().join(format!("atspec-sim-bad-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec_path = dir.join("acme_mail.atspec");
    std::fs::write(&spec_path, SPEC).unwrap();
    let dialect = load_spec(&spec_path).unwrap();
    let relay = Relay::AsConfigured;
    for (bad, says) in [
        (PROFILE.replace("\"AMSEND\"", "\"AMGO\""), "AT+AMGO"),
        (
            PROFILE.replace("param = \"host\"", "param = \"hostname\""),
            "hostname",
        ),
        (PROFILE.replace("\"Done\"", "\"Finished\""), "send.success"),
        (PROFILE.replace("acme_mail", "other"), "other"),
    ] {
        let config = atspec_sim::spec::mail::MailConfig::parse("p.toml", &bad).unwrap();
        let err = MailProfile::new(config, &dialect, relay.clone()).unwrap_err();
        assert!(err.contains(says), "{says}: {err}");
    }
    assert!(atspec_sim::spec::mail::MailConfig::parse("p.toml", "dialect = 1").is_err());
    std::fs::remove_dir_all(&dir).ok();
}

use std::io::Write;
