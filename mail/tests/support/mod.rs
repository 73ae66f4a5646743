//! Shared harness of the end-to-end tests: the spec-driven simulated module
//! of a dialect (its built-in mail profile) on a real pseudo-terminal pair,
//! really delivering over SMTP to a loopback receiver, driven through
//! [`AnyModem`]; and the receiver-side check with mail-parser.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use at_spec::ir::Dialect;
use atspec_mail::{
    Address, AnyModem, Attachment, DialectName, Email, Login, MailError, Sent, SmtpAccount,
};
use atspec_sim::smtp::{Received, ReceiverConfig, SmtpReceiver};
use atspec_sim::spec::mail::{builtin, MailProfile, Relay};
use atspec_sim::spec::{load_spec, Fault, SpecOptions};
use atspec_sim::Simulator;
use mail_parser::{MessageParser, MimeHeaders};

pub const FROM: &str = "john@example.com";
pub const TO: &str = "ann@example.com";
pub const CC: &str = "carl@example.com";
pub const BCC: &str = "hidden@example.com";
pub const USER: &str = "john";
pub const PASSWORD: &str = "s3cret";
pub const SUBJECT: &str = "Grüße — Bericht";
pub const FILE_NAME: &str = "data.bin";

/// The spec of one of the five dialects.
pub fn dialect(name: DialectName) -> Arc<Dialect> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dialects/specs")
        .join(format!("{name}.atspec"));
    Arc::new(load_spec(&path).expect("the seed spec is valid"))
}

/// A body of several kilobytes holding lines a naive module or host would
/// take for a final result, the SMTP end of data, or a completion.
pub fn body() -> String {
    let mut body = String::new();
    for i in 0..150 {
        body.push_str(&format!("line {i:03} of the weekly report\r\n"));
        if i % 50 == 0 {
            body.push_str("OK\r\n.\r\n+SMTPSEND: 1\r\n");
        }
    }
    body
}

/// Binary attachment bytes (every byte value, Ctrl-Z and `+++` included).
pub fn attachment() -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(2500).collect();
    bytes.extend_from_slice(b"+++\r\nOK\r\n");
    bytes
}

/// The message of the tests: to, cc and bcc, a non-ASCII subject, the body.
pub fn email() -> Email {
    Email {
        from: Address::named(FROM, "John"),
        to: vec![Address::new(TO)],
        cc: vec![Address::new(CC)],
        bcc: vec![Address::new(BCC)],
        subject: SUBJECT.into(),
        body: body(),
        attachments: Vec::new(),
    }
}

/// [`email`] with one attachment.
pub fn with_attachment(mut email: Email) -> Email {
    email.attachments.push(Attachment {
        name: FILE_NAME.into(),
        bytes: attachment(),
    });
    email
}

/// The account the module is set up with (the receiver is on loopback).
pub fn account() -> SmtpAccount {
    SmtpAccount {
        host: "smtp.example.com".into(),
        port: 25,
        login: Some(Login::new(USER, PASSWORD)),
    }
}

/// What one send did.
pub struct Run {
    /// The sender's result.
    pub result: Result<Sent, MailError>,
    /// Every command line the simulated module received, in order.
    pub commands: Vec<String>,
    /// Every data entry it received.
    pub data: Vec<Vec<u8>>,
    /// What the simulated module found wrong with the host's input.
    pub problems: Vec<String>,
    /// What the SMTP receiver got.
    pub received: Vec<Received>,
    /// Data-phase bytes the progress callback was told of.
    pub progress: u64,
}

/// How the receiver behaves.
#[derive(Default)]
pub struct Server {
    /// Log-in the receiver accepts (`None`: none wanted).
    pub credentials: Option<(String, String)>,
    /// Recipients the receiver refuses.
    pub reject: Vec<String>,
}

/// Sends `email` through a simulated module of `name`, with `faults`
/// (command name, fault) planned first.
pub fn send(name: DialectName, email: &Email, server: Server, faults: Vec<(&str, Fault)>) -> Run {
    let receiver = SmtpReceiver::with_config(ReceiverConfig {
        credentials: server.credentials,
        reject_recipients: server.reject,
    })
    .expect("loopback receiver");
    send_to(name, email, &receiver, faults)
}

/// [`send`] to a receiver the caller keeps (its mailbox outlives the run).
pub fn send_to(
    name: DialectName,
    email: &Email,
    receiver: &SmtpReceiver,
    faults: Vec<(&str, Fault)>,
) -> Run {
    let dialect = dialect(name);
    let config = builtin(name.name())
        .expect("a built-in profile")
        .expect("it parses");
    let relay = Relay::Fixed(receiver.addr().ip().to_string(), receiver.addr().port());
    let profile = MailProfile::new(config, &dialect, relay).expect("the profile fits the spec");
    let (module, _outbox) = profile.into_modem(Arc::clone(&dialect), SpecOptions::default());
    let log = module.log();
    let plan = module.faults();
    for (command, fault) in faults {
        plan.on(command, fault);
    }
    let (sim, port) = Simulator::spawn(module).expect("pty pair");
    let mut modem = AnyModem::from_tty(name, port).expect("modem");
    let mut progress = 0;
    let result = modem.send_observed(&account(), email, &mut |n| progress += n);
    drop(modem);
    drop(sim);
    Run {
        result,
        commands: log.commands(),
        data: log.data(),
        problems: log.problems(),
        received: receiver.mailbox().messages(),
        progress,
    }
}

/// The spec-driven module of `name` serving `receiver`'s mailbox over its
/// profile's POP3 commands to `user` with `password` only, on a pty pair.
pub fn pop3_module(
    name: DialectName,
    receiver: &SmtpReceiver,
    user: &str,
    password: &str,
) -> (Simulator, serialport::TTYPort, atspec_sim::spec::Log) {
    let dialect = dialect(name);
    let config = builtin(name.name())
        .expect("a built-in profile")
        .expect("it parses");
    let relay = Relay::Fixed(receiver.addr().ip().to_string(), receiver.addr().port());
    let profile = MailProfile::new(config, &dialect, relay)
        .expect("the profile fits the spec")
        .with_pop3(
            receiver.mailbox().clone(),
            Some((user.to_owned(), password.to_owned())),
        );
    let (module, _outbox) = profile.into_modem(dialect, SpecOptions::default());
    let log = module.log();
    let (sim, port) = Simulator::spawn(module).expect("pty pair");
    (sim, port, log)
}

/// A completion carrying `value` in field `field` instead of success.
pub fn completion(field: &str, value: &str) -> Fault {
    Fault::Completion(vec![(field.into(), value.into())])
}

/// What the receiver must have got.
pub struct Expected<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub attachment: Option<(&'a str, &'a [u8])>,
}

/// Checks the one message of the receiver: envelope (Bcc there only),
/// headers, subject decoded, body byte for byte, the attachment.
pub fn check_received(got: &[Received], want: &Expected<'_>) {
    assert_eq!(got.len(), 1, "exactly one message arrived");
    let got = &got[0];
    assert_eq!(got.from, FROM);
    let mut envelope = got.to.clone();
    envelope.sort();
    let mut expected = vec![BCC, CC, TO];
    expected.sort();
    assert_eq!(envelope, expected, "envelope recipients");
    let parsed = MessageParser::default()
        .parse(&got.data)
        .expect("MIME parses");
    assert_eq!(parsed.subject(), Some(want.subject), "subject decoded");
    let first = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned)
    };
    assert_eq!(first(parsed.from()).as_deref(), Some(FROM));
    assert_eq!(first(parsed.to()).as_deref(), Some(TO));
    assert_eq!(first(parsed.cc()).as_deref(), Some(CC));
    assert!(parsed.bcc().is_none(), "Bcc must not be a header");
    let raw = String::from_utf8_lossy(&got.data).to_ascii_lowercase();
    assert!(
        !raw.contains(BCC),
        "the Bcc address leaked into the message"
    );
    let text = parsed.body_text(0).expect("a text body");
    // A single-part message's text runs to the end of the DATA, so it picks
    // up the line ends the simulator's SMTP client (lettre) and the DATA
    // framing add after the body: at most two CRLFs, nothing else.
    let framing = text
        .strip_prefix(want.body)
        .unwrap_or_else(|| panic!("body byte for byte: got {text:?}"));
    assert!(
        ["", "\r\n", "\r\n\r\n"].contains(&framing),
        "after the body only the message's framing: {framing:?}"
    );
    let files: Vec<_> = parsed.attachments().collect();
    match want.attachment {
        Some((name, bytes)) => {
            assert_eq!(files.len(), 1, "one attachment");
            assert_eq!(files[0].attachment_name(), Some(name));
            assert_eq!(files[0].contents(), bytes, "attachment byte for byte");
        }
        None => assert!(files.is_empty(), "no attachment"),
    }
}

/// Checks a typed failure: kind, vendor code and meaning, no secret shown.
pub fn check_failure(run: &Run, kind: atspec_mail::ErrorKind, code: &str, meaning: &str) {
    let err = run.result.as_ref().expect_err("the send fails");
    assert_eq!(err.kind, kind, "{err}");
    let vendor = err.vendor.as_ref().expect("the vendor code is kept");
    assert_eq!(vendor.code, code, "{err}");
    assert_eq!(vendor.meaning.as_deref(), Some(meaning), "{err}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
}
