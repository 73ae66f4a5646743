//! A SIM900-like e-mail module: enough of the SMTP command set of the SIM900
//! e-mail manual to configure, compose and send a message with an attachment.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::engine::{Mode, Personality, Reply};
use crate::smtp::{deliver, DeliveryError, Outgoing, OutgoingFile, SmtpServer};

/// A message the simulated module "sent" to its SMTP server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SentMail {
    /// `(address, name)` of the sender.
    pub from: (String, String),
    /// `(kind, address)` of each recipient: kind 0 To, 1 Cc, 2 Bcc.
    pub recipients: Vec<(u8, String)>,
    /// Subject as set.
    pub subject: String,
    /// Body bytes as entered.
    pub body: Vec<u8>,
    /// Attachment name and bytes, when one was transferred.
    pub attachment: Option<(String, Vec<u8>)>,
}

/// The SIM900 personality; `outbox` collects every message sent.
#[derive(Debug, Default)]
pub struct Sim900 {
    /// Messages sent so far (shared with the test or demo that started the simulator).
    pub outbox: Arc<Mutex<Vec<SentMail>>>,
    /// Every command line received, in order (shared, for checking a flow).
    pub commands: Arc<Mutex<Vec<String>>>,
    draft: SentMail,
    server: Option<(String, u16)>,
    attachment_name: Option<String>,
    attachment: Vec<u8>,
    transfer_pending: usize,
    awaiting: Awaiting,
    charset: String,
    login: Option<(String, String)>,
    relay: Option<SmtpServer>,
}

#[derive(Debug, Default, PartialEq, Eq)]
enum Awaiting {
    #[default]
    Nothing,
    Body,
    Chunk,
}

/// Largest attachment chunk the simulated network accepts at once.
pub const MAX_CHUNK: usize = 1360;
const SEND_DELAY: Duration = Duration::from_millis(50);

impl Sim900 {
    /// A module with an empty draft and the given outbox.
    pub fn new(outbox: Arc<Mutex<Vec<SentMail>>>) -> Self {
        Sim900 {
            outbox,
            ..Sim900::default()
        }
    }

    /// A module that really delivers every message over SMTP to `relay`
    /// (host and port; the login is the one set with `AT+SMTPAUTH`), and
    /// reports the server's refusals with the manual's codes.
    pub fn relaying(outbox: Arc<Mutex<Vec<SentMail>>>, relay: SmtpServer) -> Self {
        Sim900 {
            relay: Some(relay),
            ..Sim900::new(outbox)
        }
    }

    /// Takes the draft as sent: `+SMTPSEND` code 1, or the code of the
    /// relay's refusal.
    fn deliver(&mut self) -> u8 {
        let mut mail = std::mem::take(&mut self.draft);
        if let Some(name) = self.attachment_name.take() {
            mail.attachment = Some((name, std::mem::take(&mut self.attachment)));
        }
        if !self.charset.is_empty() && !self.charset.eq_ignore_ascii_case("ASCII") {
            mail.subject = unhex(&mail.subject)
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or(mail.subject);
            mail.body = unhex(&String::from_utf8_lossy(&mail.body)).unwrap_or(mail.body);
        }
        let code = match &self.relay {
            Some(relay) => relay_code(relay, self.login.clone(), &mail),
            None => 1,
        };
        if code == 1 {
            if let Ok(mut outbox) = self.outbox.lock() {
                outbox.push(mail);
            }
        }
        code
    }

    fn write(&mut self, name: &str, args: &[String]) -> Reply {
        let int = |i: usize| args.get(i).and_then(|a| a.parse::<i64>().ok());
        let text = |i: usize| args.get(i).cloned().unwrap_or_default();
        match name {
            "EMAILCID" | "EMAILTO" | "EMAILSSL" => Reply::ok(&[]),
            "SMTPCS" => {
                self.charset = text(0);
                Reply::ok(&[])
            }
            "SMTPAUTH" => {
                self.login = (int(0) == Some(1)).then(|| (text(1), text(2)));
                Reply::ok(&[])
            }
            "SMTPSRV" => {
                let port = int(1).unwrap_or(25);
                match u16::try_from(port) {
                    Ok(port) if port > 0 && !text(0).is_empty() => {
                        self.server = Some((text(0), port));
                        Reply::ok(&[])
                    }
                    _ => Reply::error(),
                }
            }
            "SMTPFROM" => {
                self.draft.from = (text(0), text(1));
                Reply::ok(&[])
            }
            "SMTPRCPT" => match (int(0), args.len()) {
                (Some(kind @ 0..=2), 1) => {
                    self.draft.recipients.retain(|(k, _)| i64::from(*k) != kind);
                    Reply::ok(&[])
                }
                (Some(kind @ 0..=2), n) if n >= 3 => {
                    self.draft.recipients.push((kind as u8, text(2)));
                    Reply::ok(&[])
                }
                _ => Reply::error(),
            },
            "SMTPSUB" => {
                self.draft.subject = text(0);
                Reply::ok(&[])
            }
            "SMTPFILE" => {
                self.attachment_name = (int(0) != Some(0)).then(|| text(1));
                Reply::ok(&[])
            }
            "SMTPFT" => match int(0).and_then(|n| usize::try_from(n).ok()) {
                Some(0) => {
                    let code = self.deliver();
                    let mut reply = Reply::ok(&[]);
                    reply.later(SEND_DELAY, format!("+SMTPSEND: {code}"));
                    reply
                }
                Some(n) if n <= MAX_CHUNK => {
                    self.transfer_pending = n;
                    self.awaiting = Awaiting::Chunk;
                    let mut reply = Reply::default();
                    reply.line(&format!("+SMTPFT: 2,{n}"));
                    reply.mode = Mode::Exact(n);
                    reply
                }
                _ => Reply::error(),
            },
            _ => Reply::error(),
        }
    }

    fn exec(&mut self, name: &str) -> Reply {
        match name {
            "SMTPBODY" => {
                self.awaiting = Awaiting::Body;
                Reply {
                    mode: Mode::CtrlZ,
                    ..Reply::default()
                }
            }
            "SMTPSEND" if self.server.is_none() || self.draft.recipients.is_empty() => {
                let mut reply = Reply::ok(&[]);
                reply.later(SEND_DELAY, "+SMTPSEND: 61");
                reply
            }
            "SMTPSEND" => {
                let mut reply = Reply::ok(&[]);
                if self.attachment_name.is_some() {
                    reply.later(SEND_DELAY, format!("+SMTPFT: 1,{MAX_CHUNK}"));
                } else {
                    let code = self.deliver();
                    reply.later(SEND_DELAY, format!("+SMTPSEND: {code}"));
                }
                reply
            }
            _ => Reply::error(),
        }
    }

    fn read(&self, name: &str) -> Reply {
        match (name, &self.server) {
            ("SMTPSRV", Some((host, port))) => {
                Reply::ok(&[&format!("+SMTPSRV: \"{host}\",{port}")])
            }
            ("SMTPSRV", None) => Reply::ok(&["+SMTPSRV: \"\",25"]),
            ("SMTPSUB", _) => Reply::ok(&[&format!("+SMTPSUB: \"{}\"", self.draft.subject)]),
            _ => Reply::error(),
        }
    }
}

impl Personality for Sim900 {
    fn command(&mut self, line: &str) -> Reply {
        if let Ok(mut log) = self.commands.lock() {
            log.push(line.to_owned());
        }
        let Some(rest) = line
            .strip_prefix("AT+")
            .or_else(|| line.strip_prefix("at+"))
        else {
            return Reply::error();
        };
        let name_end = rest.find(['=', '?']).unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_uppercase();
        let tail = &rest[name_end..];
        if tail == "=?" {
            Reply::ok(&[])
        } else if tail == "?" {
            self.read(&name)
        } else if let Some(args) = tail.strip_prefix('=') {
            self.write(&name, &split_args(args))
        } else if tail.is_empty() {
            self.exec(&name)
        } else {
            Reply::error()
        }
    }

    fn data(&mut self, bytes: Vec<u8>, cancelled: bool) -> Reply {
        match std::mem::take(&mut self.awaiting) {
            Awaiting::Body if cancelled => Reply::ok(&[]),
            Awaiting::Body => {
                self.draft.body = bytes;
                Reply::ok(&[])
            }
            Awaiting::Chunk => {
                self.attachment.extend_from_slice(&bytes);
                self.transfer_pending = 0;
                let mut reply = Reply::ok(&[]);
                reply.later(SEND_DELAY, format!("+SMTPFT: 1,{MAX_CHUNK}"));
                reply
            }
            Awaiting::Nothing => Reply::error(),
        }
    }
}

/// Delivers `mail` through `relay`; the `+SMTPSEND` code of the outcome.
fn relay_code(relay: &SmtpServer, login: Option<(String, String)>, mail: &SentMail) -> u8 {
    let by_kind = |k: u8| -> Vec<String> {
        mail.recipients
            .iter()
            .filter(|(kind, _)| *kind == k)
            .map(|(_, a)| a.clone())
            .collect()
    };
    let outgoing = Outgoing {
        from: mail.from.0.clone(),
        from_name: mail.from.1.clone(),
        to: by_kind(0),
        cc: by_kind(1),
        bcc: by_kind(2),
        subject: mail.subject.clone(),
        body: mail.body.clone(),
        files: mail
            .attachment
            .iter()
            .map(|(name, bytes)| OutgoingFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect(),
    };
    let server = SmtpServer {
        credentials: login,
        ..relay.clone()
    };
    match deliver(&server, &outgoing) {
        Ok(()) => 1,
        Err(DeliveryError::Network(_)) => 63,
        Err(DeliveryError::Timeout(_)) => 64,
        Err(DeliveryError::Auth(_)) => 67,
        Err(DeliveryError::Recipient(_)) => 68,
        Err(DeliveryError::Compose(_) | DeliveryError::Refused(..)) => 65,
    }
}

/// Decodes an even-length string of hex digits.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

/// Splits a parameter list at commas outside double quotes and unquotes each part.
pub fn split_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in args.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    out.push(current.trim().to_owned());
    out
}
