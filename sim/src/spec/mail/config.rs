//! The mail profile of one dialect, read from a small TOML file
//! (`dialects/mail/<dialect>.toml`): which command sets what, which command
//! sends, and which completion values report each outcome.

use std::collections::BTreeMap;

use at_spec::ir::{Dialect, Literal};
use serde::Deserialize;

/// Where a value comes from: a parameter of the last write of a command
/// (and sub-command key), or the data entered after it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The command name (without `AT+`).
    pub command: String,
    /// The sub-command key of a keyed write form.
    pub key: Option<toml::Value>,
    /// The parameter holding the value.
    pub param: Option<String>,
    /// The data entered after the command instead of a parameter.
    #[serde(default)]
    pub data: bool,
}

/// Text that is hex digits unless a charset setting says it is plain.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HexUnless {
    /// The charset setting.
    #[serde(flatten)]
    pub source: Source,
    /// The settings under which the text is plain (value names or text,
    /// compared without case); never set counts as plain (power-on).
    pub plain: Vec<String>,
}

/// A piece of text of the message.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TextPart {
    /// Where it comes from.
    pub from: Source,
    /// When it is hex-encoded.
    pub hex_unless: Option<HexUnless>,
}

/// A parameter condition (`mode` is `Add`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The parameter.
    pub param: String,
    /// The values (names or numbers) for which the condition holds.
    pub values: Vec<String>,
}

/// The recipients: every write of one command, in order.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recipients {
    /// The command.
    pub command: String,
    /// The parameter holding the kind (To / Cc / Bcc).
    pub kind: String,
    /// The value names of the three kinds.
    pub to: String,
    /// Carbon copy.
    pub cc: String,
    /// Blind carbon copy.
    pub bcc: String,
    /// The parameter holding the address; a write without it deletes the
    /// recipients of its kind (all of them when the kind is left off too).
    pub address: String,
    /// A write with the same kind and index replaces the entry.
    pub index: Option<String>,
    /// Writes that add; other writes delete.
    pub adds_when: Option<When>,
}

/// How attachment bytes reach the module.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Bytes {
    /// The data phase after the attachment command.
    Data,
    /// The send command's `after chunks` transfer.
    Chunks,
    /// A file of the module's file system, by name ([`super::MailProfile::with_file`]).
    Files,
}

/// The attachments: every write of one command, in order.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Attachments {
    /// The command.
    pub command: String,
    /// The parameter holding the file name; a write without it removes the
    /// attachment of its index (all of them without an index).
    pub name: String,
    /// A write with the same index replaces the entry.
    pub index: Option<String>,
    /// Writes that add; other writes remove.
    pub adds_when: Option<When>,
    /// Where the bytes come from.
    pub bytes: Bytes,
}

/// Completion values (field -> value name or number; `alternative` picks
/// the URC's alternative).
pub type Values = BTreeMap<String, toml::Value>;

/// The sending command and what its completion reports.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Send {
    /// The command whose write or exec form sends.
    pub command: String,
    /// Completion values of a delivered message.
    pub success: Values,
    /// Completion values per failure: `network`, `timeout`, `auth`,
    /// `recipient`, `refused` (any other refusal, and the fallback),
    /// `compose`, `missing` (no server, sender or recipient set), `file`
    /// (an attachment file the module does not have).
    pub failures: BTreeMap<String, Values>,
}

/// A command that clears settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clear {
    /// The command.
    pub command: String,
    /// The commands whose settings it clears (all when empty).
    #[serde(default)]
    pub clears: Vec<String>,
}

/// One dialect's mail profile.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// The dialect name the profile is for.
    pub dialect: String,
    /// Answer to a line the spec refuses (default `ERROR`).
    pub bad_input: Option<String>,
    /// Window of a chunked transfer.
    pub chunk_window: Option<usize>,
    /// Server host.
    pub host: Source,
    /// Server port.
    pub port: Option<Source>,
    /// Login user.
    pub user: Option<Source>,
    /// Login password.
    pub password: Option<Source>,
    /// Sender address.
    pub from: Source,
    /// Sender name.
    pub from_name: Option<Source>,
    /// Recipients.
    pub recipients: Recipients,
    /// Subject.
    pub subject: TextPart,
    /// Body.
    pub body: TextPart,
    /// Attachments.
    pub attachments: Option<Attachments>,
    /// Sending.
    pub send: Send,
    /// Commands that clear settings.
    #[serde(default)]
    pub clear: Vec<Clear>,
    /// POP3 retrieval, for dialects that have it.
    pub pop3: Option<super::pop3_config::Pop3Config>,
}

/// A TOML value as text (numbers written out).
pub fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A `key = ...` of a [`Source`] as a spec literal.
pub fn key_literal(v: &toml::Value) -> Option<Literal> {
    match v {
        toml::Value::Integer(i) => Some(Literal::Int(*i)),
        toml::Value::String(s) => Some(Literal::Str(s.clone())),
        _ => None,
    }
}

impl MailConfig {
    /// Reads a profile; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| format!("{name}: {e}"))
    }

    /// Checks every command, parameter and completion field against `dialect`.
    pub fn check(&self, dialect: &Dialect) -> Result<(), String> {
        super::check::check(self, dialect)
    }
}
