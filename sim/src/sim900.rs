//! A SIM900-like e-mail module: enough of the SMTP command set of the SIM900
//! e-mail manual to configure, compose and send a message with an attachment.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::engine::{Mode, Personality, Reply};

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
    draft: SentMail,
    server: Option<(String, u16)>,
    attachment_name: Option<String>,
    attachment: Vec<u8>,
    transfer_pending: usize,
    awaiting: Awaiting,
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

    fn deliver(&mut self) {
        let mut mail = std::mem::take(&mut self.draft);
        if let Some(name) = self.attachment_name.take() {
            mail.attachment = Some((name, std::mem::take(&mut self.attachment)));
        }
        if let Ok(mut outbox) = self.outbox.lock() {
            outbox.push(mail);
        }
    }

    fn write(&mut self, name: &str, args: &[String]) -> Reply {
        let int = |i: usize| args.get(i).and_then(|a| a.parse::<i64>().ok());
        let text = |i: usize| args.get(i).cloned().unwrap_or_default();
        match name {
            "EMAILCID" | "EMAILTO" | "SMTPCS" | "EMAILSSL" | "SMTPAUTH" => Reply::ok(&[]),
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
                    self.deliver();
                    let mut reply = Reply::ok(&[]);
                    reply.later(SEND_DELAY, "+SMTPSEND: 1");
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
                    self.deliver();
                    reply.later(SEND_DELAY, "+SMTPSEND: 1");
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
