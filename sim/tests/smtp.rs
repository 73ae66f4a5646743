//! Real delivery: lettre to the loopback receiver, checked with mail-parser.

use atspec_sim::smtp::{
    deliver, DeliveryError, Outgoing, OutgoingFile, ReceiverConfig, SmtpReceiver, SmtpServer,
};
use mail_parser::{MessageParser, MimeHeaders};

/// A body of several KB whose lines look like modem results and SMTP's end marker.
fn tricky_body() -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..120 {
        body.extend_from_slice(format!("line {i:03} of the report, grüße\r\n").as_bytes());
        match i % 4 {
            0 => body.extend_from_slice(b"OK\r\n"),
            1 => body.extend_from_slice(b".\r\n"),
            2 => body.extend_from_slice(b"+SMTPSEND: 1\r\n"),
            _ => body.extend_from_slice(b"..leading dots\r\n"),
        }
    }
    body
}

fn outgoing() -> Outgoing {
    Outgoing {
        from: "john@example.com".into(),
        from_name: "John".into(),
        to: vec!["ann@example.com".into()],
        cc: vec!["carl@example.com".into()],
        bcc: vec!["hidden@example.com".into()],
        subject: "Grüße — 報告".into(),
        body: tricky_body(),
        files: vec![OutgoingFile {
            name: "data.bin".into(),
            bytes: (0..=255u8).cycle().take(3000).collect(),
        }],
    }
}

fn server(receiver: &SmtpReceiver, user: &str, password: &str) -> SmtpServer {
    SmtpServer {
        host: receiver.addr().ip().to_string(),
        port: receiver.addr().port(),
        credentials: Some((user.into(), password.into())),
    }
}

fn strict_receiver() -> SmtpReceiver {
    SmtpReceiver::with_config(ReceiverConfig {
        credentials: Some(("john".into(), "s3cret".into())),
        reject_recipients: vec!["nobody@example.com".into()],
    })
    .expect("receiver starts")
}

#[test]
fn a_message_arrives_whole_with_bcc_only_in_the_envelope() {
    let receiver = strict_receiver();
    let mail = outgoing();
    deliver(&server(&receiver, "john", "s3cret"), &mail).expect("delivered");

    let got = receiver.mailbox().messages();
    assert_eq!(got.len(), 1);
    let got = &got[0];
    assert_eq!(got.from, "john@example.com");
    assert_eq!(got.user.as_deref(), Some("john"));
    let mut envelope = got.to.clone();
    envelope.sort();
    assert_eq!(
        envelope,
        ["ann@example.com", "carl@example.com", "hidden@example.com"]
    );

    let parsed = MessageParser::default()
        .parse(&got.data)
        .expect("MIME parses");
    assert_eq!(parsed.subject(), Some("Grüße — 報告"));
    let first = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned)
    };
    assert_eq!(first(parsed.to()).as_deref(), Some("ann@example.com"));
    assert_eq!(first(parsed.cc()).as_deref(), Some("carl@example.com"));
    assert!(parsed.bcc().is_none(), "Bcc must not be a header");
    let raw = String::from_utf8_lossy(&got.data).to_ascii_lowercase();
    assert!(!raw.contains("hidden@example.com"), "Bcc address leaked");

    let body = parsed.body_text(0).expect("a text body");
    assert_eq!(body.as_bytes(), mail.body.as_slice(), "body byte for byte");
    let files: Vec<_> = parsed.attachments().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].attachment_name(), Some("data.bin"));
    assert_eq!(files[0].contents(), mail.files[0].bytes.as_slice());
}

#[test]
fn a_body_with_bare_line_feeds_is_kept_byte_for_byte() {
    let receiver = SmtpReceiver::start().expect("receiver starts");
    let mut mail = outgoing();
    mail.body = b"first\nOK\n.\nlast\r\nno end".to_vec();
    mail.files.clear();
    deliver(&server(&receiver, "any", "any"), &mail).expect("delivered");
    let got = receiver.mailbox().messages();
    let parsed = MessageParser::default()
        .parse(&got[0].data)
        .expect("MIME parses");
    let body = parsed.text_bodies().next().expect("a text part");
    assert_eq!(body.contents(), mail.body.as_slice());
}

#[test]
fn a_wrong_password_is_an_authentication_failure() {
    let receiver = strict_receiver();
    let err = deliver(&server(&receiver, "john", "wrong"), &outgoing()).unwrap_err();
    assert!(matches!(err, DeliveryError::Auth(_)), "{err:?}");
    assert!(receiver.mailbox().is_empty());
}

#[test]
fn a_refused_recipient_is_a_recipient_failure() {
    let receiver = strict_receiver();
    let mut mail = outgoing();
    mail.cc = vec!["nobody@example.com".into()];
    let err = deliver(&server(&receiver, "john", "s3cret"), &mail).unwrap_err();
    assert!(matches!(err, DeliveryError::Recipient(_)), "{err:?}");
    assert!(receiver.mailbox().is_empty());
}

#[test]
fn no_server_listening_is_a_network_failure() {
    let receiver = SmtpReceiver::start().expect("receiver starts");
    let server = server(&receiver, "a", "b");
    drop(receiver);
    let err = deliver(&server, &outgoing()).unwrap_err();
    assert!(matches!(err, DeliveryError::Network(_)), "{err:?}");
}

#[test]
fn the_password_never_shows_in_debug() {
    let receiver = SmtpReceiver::start().expect("receiver starts");
    let text = format!("{:?}", server(&receiver, "john", "hunter2"));
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("john"), "{text}");
}
