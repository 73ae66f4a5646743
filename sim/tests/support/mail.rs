//! The message every dialect's flow sends, and its check at the receiver.

use std::sync::Arc;

use at_spec::ir::Dialect;
use atspec_sim::smtp::{Received, SmtpReceiver};
use atspec_sim::spec::mail::{builtin, MailProfile, Outbox, Relay};
use atspec_sim::spec::{SpecModem, SpecOptions};
use mail_parser::{MessageParser, MimeHeaders};

pub const FROM: &str = "john@example.com";
pub const TO: &str = "ann@example.com";
pub const CC: &str = "carl@example.com";
pub const BCC: &str = "hidden@example.com";
pub const SUBJECT: &str = "Grüße — report";
pub const ASCII_SUBJECT: &str = "Weekly report";
pub const FILE_NAME: &str = "data.txt";

/// A body of several kilobytes with lines a naive module or host would take
/// for a result, an SMTP end of data, or a completion.
pub fn body() -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..120 {
        body.extend_from_slice(format!("line {i:03} of the weekly report\r\n").as_bytes());
        if i % 40 == 0 {
            body.extend_from_slice(b"OK\r\n.\r\n+SMTPSEND: 1\r\n");
        }
    }
    body
}

/// The attachment's bytes.
pub fn attachment() -> Vec<u8> {
    (0..3000u32)
        .map(|i| b"abcdefghij\r\n"[(i % 12) as usize])
        .collect()
}

/// A module of `dialect` with its built-in mail profile, delivering to `receiver`.
pub fn mail_module(
    dialect: &Arc<Dialect>,
    receiver: &SmtpReceiver,
    files: &[(&str, &[u8])],
) -> (SpecModem, Outbox) {
    let config = builtin(&dialect.name)
        .expect("a built-in profile")
        .expect("it parses");
    let relay = Relay::Fixed(receiver.addr().ip().to_string(), receiver.addr().port());
    let mut profile = MailProfile::new(config, dialect, relay).expect("the profile fits the spec");
    for (name, bytes) in files {
        profile = profile.with_file(name, bytes);
    }
    profile.into_modem(Arc::clone(dialect), SpecOptions::default())
}

/// What the receiver must have got.
pub struct Expected<'a> {
    pub subject: &'a str,
    pub body: &'a [u8],
    pub cc: bool,
    pub bcc: bool,
    pub attachment: Option<(&'a str, &'a [u8])>,
}

/// Checks the one message of the receiver: envelope, headers, Bcc only in
/// the envelope, subject decoded, body byte for byte, the attachment.
pub fn check(got: &[Received], want: &Expected<'_>) {
    assert_eq!(got.len(), 1, "exactly one message arrived");
    let got = &got[0];
    assert_eq!(got.from, FROM);
    let mut envelope = got.to.clone();
    envelope.sort();
    let mut expected = vec![TO];
    if want.cc {
        expected.push(CC);
    }
    if want.bcc {
        expected.push(BCC);
    }
    expected.sort();
    assert_eq!(envelope, expected, "envelope recipients");
    let parsed = MessageParser::default()
        .parse(&got.data)
        .expect("MIME parses");
    assert_eq!(parsed.subject(), Some(want.subject));
    let first = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned)
    };
    assert_eq!(first(parsed.to()).as_deref(), Some(TO));
    if want.cc {
        assert_eq!(first(parsed.cc()).as_deref(), Some(CC));
    }
    assert!(parsed.bcc().is_none(), "Bcc must not be a header");
    let raw = String::from_utf8_lossy(&got.data).to_ascii_lowercase();
    assert!(!raw.contains(BCC), "Bcc address leaked into the message");
    let text = parsed.body_text(0).expect("a text body");
    assert_eq!(text.as_bytes(), want.body, "body byte for byte");
    let files: Vec<_> = parsed.attachments().collect();
    match want.attachment {
        Some((name, bytes)) => {
            assert_eq!(files.len(), 1, "one attachment");
            assert_eq!(files[0].attachment_name(), Some(name));
            assert_eq!(files[0].contents(), bytes);
        }
        None => assert!(files.is_empty(), "no attachment"),
    }
}
