//! SIM900 end to end: the mail API drives a simulated SIM900 over a real
//! pseudo-terminal pair; the module really delivers to a loopback receiver.

use std::sync::{Arc, Mutex};

use atspec_mail::{sim900, Address, Attachment, Email, ErrorKind, Login, SmtpAccount};
use atspec_runtime::Modem;
use atspec_sim::smtp::{ReceiverConfig, SmtpReceiver, SmtpServer};
use atspec_sim::{Sim900, Simulator};
use mail_parser::{MessageParser, MimeHeaders};

const PASSWORD: &str = "s3cret";

/// Several KB whose lines look like modem results and SMTP's end marker.
fn tricky_body() -> String {
    (0..100)
        .map(|i| {
            let extra = ["OK", ".", "+SMTPSEND: 1", "ERROR"][i % 4];
            format!("line {i:03}: grüße from the field\r\n{extra}\r\n")
        })
        .collect()
}

fn email() -> Email {
    Email {
        from: Address::named("john@example.com", "John"),
        to: vec![Address::new("ann@example.com")],
        cc: vec![Address::new("carl@example.com")],
        bcc: vec![Address::new("hidden@example.com")],
        subject: "Grüße — 報告".into(),
        body: tricky_body(),
        attachments: vec![Attachment {
            name: "data.bin".into(),
            bytes: (0..=255u8).cycle().take(4000).collect(),
        }],
    }
}

struct Rig {
    receiver: SmtpReceiver,
    commands: Arc<Mutex<Vec<String>>>,
    modem: sim900::Sim900Modem,
    _sim: Simulator,
}

fn rig(relay_port: Option<u16>) -> Rig {
    let receiver = SmtpReceiver::with_config(ReceiverConfig {
        credentials: Some(("john".into(), PASSWORD.into())),
        reject_recipients: vec!["nobody@example.com".into()],
    })
    .expect("receiver starts");
    let relay = SmtpServer {
        host: "127.0.0.1".into(),
        port: relay_port.unwrap_or(receiver.addr().port()),
        credentials: None,
    };
    let personality = Sim900::relaying(Arc::default(), relay);
    let commands = Arc::clone(&personality.commands);
    let (sim, port) = Simulator::spawn(personality).expect("pty pair");
    let (modem, _urcs) = Modem::from_tty(port).expect("modem");
    Rig {
        receiver,
        commands,
        modem,
        _sim: sim,
    }
}

fn account(password: &str) -> SmtpAccount {
    SmtpAccount {
        host: "mail.example.com".into(),
        port: 25,
        login: Some(Login::new("john", password)),
    }
}

#[test]
fn an_email_with_cc_bcc_charset_and_attachment_arrives_whole() {
    let mut rig = rig(None);
    let mail = email();
    let sent = sim900::send(&mut rig.modem, &account(PASSWORD), &mail).expect("sent");
    assert_eq!(sent.completion, "+SMTPSEND: 1");
    assert_eq!(sent.attachment_bytes, 4000);

    // The module got the manual's flow (2.1-2.12), secrets and hex included.
    let commands = rig.commands.lock().unwrap().clone();
    let subject_hex: String = mail.subject.bytes().map(|b| format!("{b:02X}")).collect();
    let expected_head = [
        "AT+EMAILCID=1".to_owned(),
        "AT+EMAILTO=30".into(),
        "AT+SMTPSRV=\"mail.example.com\",25".into(),
        format!("AT+SMTPAUTH=1,\"john\",\"{PASSWORD}\""),
        "AT+SMTPFROM=\"john@example.com\",\"John\"".into(),
        "AT+SMTPRCPT=0".into(),
        "AT+SMTPRCPT=1".into(),
        "AT+SMTPRCPT=2".into(),
        "AT+SMTPRCPT=0,0,\"ann@example.com\"".into(),
        "AT+SMTPRCPT=1,0,\"carl@example.com\"".into(),
        "AT+SMTPRCPT=2,0,\"hidden@example.com\"".into(),
        "AT+SMTPCS=\"UTF-8\"".into(),
        format!("AT+SMTPSUB=\"{subject_hex}\""),
        "AT+SMTPBODY".into(),
        "AT+SMTPFILE=2,\"data.bin\",1".into(),
        "AT+SMTPSEND".into(),
    ];
    assert_eq!(commands[..expected_head.len()], expected_head);
    let chunks: Vec<_> = commands[expected_head.len()..].to_vec();
    assert_eq!(
        chunks,
        [
            "AT+SMTPFT=1360",
            "AT+SMTPFT=1360",
            "AT+SMTPFT=1280",
            "AT+SMTPFT=0"
        ]
    );

    // What the SMTP server got.
    let got = rig.receiver.mailbox().messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].user.as_deref(), Some("john"));
    let mut envelope = got[0].to.clone();
    envelope.sort();
    assert_eq!(
        envelope,
        ["ann@example.com", "carl@example.com", "hidden@example.com"]
    );
    let parsed = MessageParser::default()
        .parse(&got[0].data)
        .expect("MIME parses");
    assert_eq!(parsed.subject(), Some(mail.subject.as_str()));
    assert!(parsed.bcc().is_none());
    assert!(!String::from_utf8_lossy(&got[0].data).contains("hidden@"));
    let from = parsed
        .from()
        .and_then(|a| a.first())
        .expect("a From header");
    assert_eq!(from.address(), Some("john@example.com"));
    assert_eq!(from.name(), Some("John"));
    assert_eq!(parsed.body_text(0).expect("text body"), mail.body);
    let files: Vec<_> = parsed.attachments().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].attachment_name(), Some("data.bin"));
    assert_eq!(files[0].contents(), mail.attachments[0].bytes.as_slice());
}

#[test]
fn a_refused_login_is_an_auth_error_with_code_67() {
    let mut rig = rig(None);
    let err = sim900::send(&mut rig.modem, &account("wrong"), &email()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth, "{err}");
    let vendor = err.vendor.as_ref().expect("vendor code");
    assert_eq!(vendor.code, "67");
    assert_eq!(
        vendor.meaning.as_deref(),
        Some("server refused the user name or password")
    );
    assert!(!err.to_string().contains("wrong"), "password leaked: {err}");
    assert!(rig.receiver.mailbox().is_empty());
}

#[test]
fn a_refused_recipient_is_a_bad_recipient_error_with_code_68() {
    let mut rig = rig(None);
    let mut mail = email();
    mail.attachments.clear();
    mail.to.push(Address::new("nobody@example.com"));
    let err = sim900::send(&mut rig.modem, &account(PASSWORD), &mail).unwrap_err();
    assert_eq!(err.kind, ErrorKind::BadRecipient, "{err}");
    assert_eq!(err.vendor.as_ref().map(|v| v.code.as_str()), Some("68"));
}

#[test]
fn an_unreachable_server_is_a_network_error_with_code_63() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let mut rig = rig(Some(port));
    let err = sim900::send(&mut rig.modem, &account(PASSWORD), &email()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    assert_eq!(err.vendor.as_ref().map(|v| v.code.as_str()), Some("63"));
}

#[test]
fn two_attachments_are_refused_before_anything_is_sent() {
    let mut rig = rig(None);
    let mut mail = email();
    mail.attachments.push(mail.attachments[0].clone());
    let err = sim900::send(&mut rig.modem, &account(PASSWORD), &mail).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(rig.commands.lock().unwrap().is_empty());
}
