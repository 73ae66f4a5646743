//! Real delivery of what a simulated module was told to send, with `lettre`.

use std::fmt;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::{Message, SmtpTransport, Transport};

/// How long one SMTP exchange may take before delivery fails as a timeout.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// An SMTP server and how to log in to it.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpServer {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// User and password, when the module was told to authenticate.
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish_non_exhaustive()
    }
}

/// A file carried by an outgoing message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingFile {
    /// File name shown to the recipient.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// What a simulated module composed from its settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outgoing {
    /// Sender address.
    pub from: String,
    /// Sender display name (may be empty).
    pub from_name: String,
    /// Primary recipients.
    pub to: Vec<String>,
    /// Carbon-copy recipients.
    pub cc: Vec<String>,
    /// Blind carbon-copy recipients (envelope only, never a header).
    pub bcc: Vec<String>,
    /// Subject, already decoded from the module's charset or hex form.
    pub subject: String,
    /// Body bytes exactly as entered.
    pub body: Vec<u8>,
    /// Attachments.
    pub files: Vec<OutgoingFile>,
}

/// Why delivery failed, sorted the way modules report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryError {
    /// The message could not be built (bad address, no recipient).
    Compose(String),
    /// The server refused the login.
    Auth(String),
    /// The server refused a recipient.
    Recipient(String),
    /// The server could not be reached (connection refused, name unknown).
    Network(String),
    /// The server did not answer in time.
    Timeout(String),
    /// Any other refusal, with the SMTP reply code when there was one.
    Refused(Option<u16>, String),
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryError::Compose(m) => write!(f, "cannot compose the message: {m}"),
            DeliveryError::Auth(m) => write!(f, "authentication refused: {m}"),
            DeliveryError::Recipient(m) => write!(f, "recipient refused: {m}"),
            DeliveryError::Network(m) => write!(f, "server unreachable: {m}"),
            DeliveryError::Timeout(m) => write!(f, "server timed out: {m}"),
            DeliveryError::Refused(Some(c), m) => write!(f, "server refused ({c}): {m}"),
            DeliveryError::Refused(None, m) => write!(f, "server refused: {m}"),
        }
    }
}

impl std::error::Error for DeliveryError {}

/// Builds the MIME message for `mail` (Bcc kept out of the headers).
pub fn compose(mail: &Outgoing) -> Result<Message, DeliveryError> {
    let bad = |e: &dyn fmt::Display| DeliveryError::Compose(e.to_string());
    let from = Mailbox::new(
        (!mail.from_name.is_empty()).then(|| mail.from_name.clone()),
        mail.from.parse().map_err(|e| bad(&e))?,
    );
    let mut builder = Message::builder().from(from).subject(mail.subject.clone());
    for to in &mail.to {
        builder = builder.to(to.parse().map_err(|e| bad(&e))?);
    }
    for cc in &mail.cc {
        builder = builder.cc(cc.parse().map_err(|e| bad(&e))?);
    }
    for bcc in &mail.bcc {
        builder = builder.bcc(bcc.parse().map_err(|e| bad(&e))?);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(text_body(&mail.body));
    // Always multipart, even without attachments: a single-part message
    // ends its body with the line break before SMTP's final dot, which
    // parsers keep as part of the body; inside a multipart that break
    // belongs to the boundary, so the body reads back byte for byte.
    let mut parts = MultiPart::mixed().singlepart(text);
    for file in &mail.files {
        let kind = ContentType::parse("application/octet-stream").map_err(|e| bad(&e))?;
        parts = parts.singlepart(Attachment::new(file.name.clone()).body(file.bytes.clone(), kind));
    }
    let message = builder.multipart(parts);
    message.map_err(|e| bad(&e))
}

/// A body that decodes back to exactly `bytes`: readable text when it is
/// UTF-8 with CRLF line ends only, base64 otherwise.
fn text_body(bytes: &[u8]) -> Body {
    match std::str::from_utf8(bytes) {
        Ok(text) if crlf_only(bytes) => Body::new(text.to_owned()),
        // Bare CR or LF would not survive SMTP's line handling: base64 keeps them.
        _ => Body::new_with_encoding(bytes.to_vec(), ContentTransferEncoding::Base64)
            .unwrap_or_else(Body::new),
    }
}

fn crlf_only(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        b'\n' => i > 0 && bytes[i - 1] == b'\r',
        _ => true,
    })
}

/// Delivers `mail` to `server` over plain SMTP.
pub fn deliver(server: &SmtpServer, mail: &Outgoing) -> Result<(), DeliveryError> {
    let message = compose(mail)?;
    let mut builder = SmtpTransport::builder_dangerous(server.host.as_str())
        .port(server.port)
        .timeout(Some(SMTP_TIMEOUT));
    if let Some((user, password)) = &server.credentials {
        builder = builder
            .credentials(Credentials::new(user.clone(), password.clone()))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]);
    }
    builder
        .build()
        .send(&message)
        .map(|_| ())
        .map_err(|e| classify(&e))
}

fn classify(e: &lettre::transport::smtp::Error) -> DeliveryError {
    let text = e.to_string();
    let code = e.status().map(u16::from);
    match code {
        Some(535 | 534 | 454 | 530) => DeliveryError::Auth(text),
        Some(550 | 551 | 553) => DeliveryError::Recipient(text),
        Some(_) => DeliveryError::Refused(code, text),
        None if e.is_timeout() => DeliveryError::Timeout(text),
        None if e.is_client() => DeliveryError::Compose(text),
        None => DeliveryError::Network(text),
    }
}
