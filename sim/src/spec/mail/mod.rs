//! The mail profile: what a dialect's "send" does, declared per dialect in
//! `dialects/mail/<dialect>.toml` (see [`MailConfig`]), never in Rust. When
//! told to send, the module really delivers with lettre (`crate::smtp`) to
//! the relay it was given (the loopback receiver) or to the server it was set
//! up with, and reports the outcome with the profile's completion values.

mod builtin;
mod check;
mod compose;
mod config;
mod pop3;
mod pop3_config;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use at_spec::ir::Dialect;
use atspec_interp::HostCommand;

pub use config::{
    Attachments, Bytes, Clear, HexUnless, MailConfig, Recipients, Send, Source, TextPart, When,
};

pub use builtin::{builtin, mail_modem, PROFILES};
pub use pop3::Pop3Server;
pub use pop3_config::{Pop3Config, Pop3Op, Pop3Read, Shows};

use self::check::completion_values;
use self::compose::{attachment_names, compose, string, value};
use super::behaviour::{Action, Behaviour};
use super::store::{slot, Settings};
use crate::smtp::{deliver, DeliveryError, Mailbox, Outgoing, SmtpServer};

/// One message the module was told to send, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// What it put together (`None` when settings were missing).
    pub mail: Option<Outgoing>,
    /// The failure key of the profile (`None`: delivered; [`INJECTED`]: a
    /// fault script's failing completion, nothing delivered).
    pub failure: Option<String>,
    /// The delivery error, when the server refused.
    pub error: Option<DeliveryError>,
}

/// Every send attempt, shared with the test or demo.
#[derive(Clone, Debug, Default)]
pub struct Outbox(Arc<Mutex<Vec<Delivery>>>);

impl Outbox {
    /// A copy of every attempt so far, in order.
    pub fn attempts(&self) -> Vec<Delivery> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn push(&self, d: Delivery) {
        let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if list.len() >= 1024 {
            list.remove(0);
        }
        list.push(d);
    }
}

/// Where the module delivers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relay {
    /// This host and port, whatever server the module was set up with (the
    /// loopback receiver).
    Fixed(String, u16),
    /// The server and port the module was set up with.
    AsConfigured,
}

/// A dialect's mail profile, as a [`Behaviour`] of the spec-driven module.
#[derive(Debug)]
pub struct MailProfile {
    config: MailConfig,
    relay: Relay,
    files: HashMap<String, Vec<u8>>,
    outbox: Outbox,
    problems: Vec<String>,
    /// A fault script made the next send's completion a failure: that send
    /// delivers nothing.
    injected: bool,
    /// The POP3 mailbox served, if any.
    pop3: Option<Pop3Server>,
}

impl MailProfile {
    /// The profile `config` (checked against `dialect`) delivering to `relay`.
    pub fn new(config: MailConfig, dialect: &Dialect, relay: Relay) -> Result<Self, String> {
        config.check(dialect)?;
        Ok(MailProfile {
            config,
            relay,
            files: HashMap::new(),
            outbox: Outbox::default(),
            problems: Vec::new(),
            injected: false,
            pop3: None,
        })
    }

    /// Reads the profile file at `path`.
    pub fn load(path: &Path, dialect: &Dialect, relay: Relay) -> Result<Self, String> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let config = MailConfig::parse(&name, &text)?;
        Self::new(config, dialect, relay).map_err(|e| format!("{name}: {e}"))
    }

    /// Puts a file in the module's file system (for dialects that attach files by name).
    pub fn with_file(mut self, name: &str, bytes: &[u8]) -> Self {
        self.files.insert(name.to_owned(), bytes.to_vec());
        self
    }

    /// Serves `mailbox` over the profile's POP3 commands (its `[pop3]`
    /// section), accepting only `credentials` (user, password) when given.
    pub fn with_pop3(mut self, mailbox: Mailbox, credentials: Option<(String, String)>) -> Self {
        self.pop3 = Some(Pop3Server::new(mailbox, credentials));
        self
    }

    /// The send attempts (shared).
    pub fn outbox(&self) -> Outbox {
        self.outbox.clone()
    }

    /// The profile.
    pub fn config(&self) -> &MailConfig {
        &self.config
    }

    /// Delivers what the module holds; the completion the outcome gets.
    fn send(&mut self, settings: &Settings, chunks: Option<Vec<u8>>) -> Action {
        let composed = compose(
            &self.config,
            settings,
            &self.files,
            chunks,
            &mut self.problems,
        );
        let injected = std::mem::take(&mut self.injected);
        let (mail, failure, error) = match composed {
            Err(missing) => (None, Some(missing.to_owned()), None),
            // The completion reports the injected failure: nothing goes out.
            Ok(mail) if injected => (Some(mail), Some(String::from(INJECTED)), None),
            Ok(mail) => match self.server(settings) {
                None => (Some(mail), Some(String::from("missing")), None),
                Some(server) => match deliver(&server, &mail) {
                    Ok(()) => (Some(mail), None, None),
                    Err(e) => (Some(mail), Some(failure_key(&e).to_owned()), Some(e)),
                },
            },
        };
        let values = match &failure {
            None => &self.config.send.success,
            // The fault script's values replace these.
            Some(key) if key == INJECTED => &self.config.send.success,
            Some(key) => self
                .config
                .send
                .failures
                .get(key)
                .or_else(|| self.config.send.failures.get("refused"))
                .unwrap_or(&self.config.send.success),
        };
        let (list, alternative) = completion_values(values);
        self.outbox.push(Delivery {
            mail,
            failure,
            error,
        });
        Action {
            completion: Some(list),
            alternative,
            ..Action::default()
        }
    }

    /// The server to deliver to, with the login the module was given;
    /// `None` when the module was never told its server.
    fn server(&self, settings: &Settings) -> Option<SmtpServer> {
        let credentials = match (&self.config.user, &self.config.password) {
            (Some(u), Some(p)) => string(settings, u).zip(string(settings, p)),
            _ => None,
        };
        let configured_port = self
            .config
            .port
            .as_ref()
            .and_then(|p| value(settings, p))
            .and_then(|v| v.as_int())
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(25);
        let (host, port) = match &self.relay {
            Relay::Fixed(h, p) => (h.clone(), *p),
            Relay::AsConfigured => (string(settings, &self.config.host)?, configured_port),
        };
        Some(SmtpServer {
            host,
            port,
            credentials,
        })
    }

    fn clears(&self, command: &str, settings: &mut Settings) {
        for c in self
            .config
            .clear
            .iter()
            .filter(|c| c.command.eq_ignore_ascii_case(command))
        {
            if c.clears.is_empty() {
                settings.clear_all();
            }
            for cleared in &c.clears {
                settings.clear(&slot(cleared, None));
            }
        }
    }
}

/// The failure key of a send whose failing completion a fault script injected.
pub const INJECTED: &str = "injected";

/// The profile's failure key of a delivery error.
fn failure_key(e: &DeliveryError) -> &'static str {
    match e {
        DeliveryError::Compose(_) => "compose",
        DeliveryError::Auth(_) => "auth",
        DeliveryError::Recipient(_) => "recipient",
        DeliveryError::Network(_) => "network",
        DeliveryError::Timeout(_) => "timeout",
        DeliveryError::Refused(..) => "refused",
    }
}

impl Behaviour for MailProfile {
    fn on_action(
        &mut self,
        dialect: &Dialect,
        cmd: &HostCommand<'_>,
        settings: &mut Settings,
    ) -> Action {
        if let Some(action) = self.pop3_action(dialect, cmd, settings) {
            return action;
        }
        let name = cmd.command.name.as_str();
        self.clears(name, settings);
        if !name.eq_ignore_ascii_case(&self.config.send.command) || cmd.form.completion.is_none() {
            return Action::default();
        }
        if string(settings, &self.config.host).is_none() {
            return self.missing();
        }
        let chunked =
            self.config.attachments.as_ref().is_some_and(|a| {
                a.bytes == Bytes::Chunks && !attachment_names(settings, a).is_empty()
            });
        if chunked
            && cmd
                .form
                .completion
                .as_ref()
                .is_some_and(|c| c.after_chunks.is_some())
        {
            return Action {
                want_chunks: true,
                ..Action::default()
            };
        }
        self.send(settings, None)
    }

    fn on_injected_failure(&mut self, command: &str) {
        if command.eq_ignore_ascii_case(&self.config.send.command) {
            self.injected = true;
        }
    }

    fn on_chunks_done(
        &mut self,
        _: &Dialect,
        _: &str,
        bytes: Vec<u8>,
        settings: &mut Settings,
    ) -> Action {
        self.send(settings, Some(bytes))
    }
}

impl MailProfile {
    /// The POP3 answer to `cmd`, if it is a POP3 operation of the profile
    /// and a mailbox is served.
    fn pop3_action(
        &mut self,
        dialect: &Dialect,
        cmd: &HostCommand<'_>,
        settings: &Settings,
    ) -> Option<Action> {
        let config = self.config.pop3.as_ref()?;
        let result = self
            .pop3
            .as_mut()?
            .on_action(config, dialect, cmd, settings)?;
        Some(result.unwrap_or_else(|problem| Action {
            final_line: Some(vec![String::from("ERROR")]),
            problem: Some(problem),
            ..Action::default()
        }))
    }

    fn missing(&mut self) -> Action {
        self.injected = false;
        self.outbox.push(Delivery {
            mail: None,
            failure: Some(String::from("missing")),
            error: None,
        });
        let values = self
            .config
            .send
            .failures
            .get("missing")
            .or_else(|| self.config.send.failures.get("refused"))
            .unwrap_or(&self.config.send.success);
        let (list, alternative) = completion_values(values);
        Action {
            completion: Some(list),
            alternative,
            ..Action::default()
        }
    }
}
