//! The `[pop3]` section of a mail profile: which command logs in, counts,
//! lists, retrieves, reads, deletes and logs out, and what each answer (a
//! response line of the command, or its completion URC, as the spec says)
//! carries. Values may name a number of the mailbox: `$count`, `$size`
//! (all messages, or the one message of a list line), `$id` (the message
//! asked for), `$length` (the bytes of a read chunk).

use serde::Deserialize;

use super::config::{Source, Values, When};

/// One POP3 operation.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pop3Op {
    /// The command (without `AT+`).
    pub command: String,
    /// The parameter holding the message number (1 is the oldest message).
    pub id: Option<String>,
    /// Only lines for which this holds are this operation (`cmd_type` is `Retr`).
    pub when: Option<When>,
    /// What the answer carries when the operation succeeds.
    pub ok: Values,
    /// What it carries when it fails (no session, no such message, a
    /// refused login); left out, the line is answered `ERROR`.
    pub refused: Option<Values>,
}

/// What a read shows of the message retrieved last.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Shows {
    /// The server's RETR answer as it came: a `+OK` line, the message's
    /// lines dot-stuffed (RFC 1939 3), a final `.` line.
    RetrAnswer,
    /// The message's lines, as free text up to the final result.
    Message,
}

/// The read of the retrieved message.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pop3Read {
    /// The command.
    pub command: String,
    /// What it shows.
    pub shows: Shows,
    /// The parameter holding how many bytes one read asks for; left out,
    /// one read shows everything as text.
    pub length: Option<String>,
    /// The answer of a chunk that is not the last (`$length` bytes follow it).
    pub more: Option<Values>,
    /// The answer of the last chunk.
    pub last: Option<Values>,
    /// The answer when nothing was retrieved; left out, `ERROR`.
    pub refused: Option<Values>,
}

/// A dialect's POP3 commands.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pop3Config {
    /// The user name the module logs in with.
    pub user: Source,
    /// Its password.
    pub password: Source,
    /// Logging in (checks user and password).
    pub login: Pop3Op,
    /// Counting the messages and their total size.
    pub count: Pop3Op,
    /// The size of one message.
    pub list: Pop3Op,
    /// Fetching one message into the module (for the reads).
    pub retrieve: Pop3Op,
    /// Reading what was fetched.
    pub read: Pop3Read,
    /// Marking one message for deletion (done at logout).
    pub delete: Pop3Op,
    /// Ending the session.
    pub logout: Pop3Op,
}

impl Pop3Config {
    /// The operations other than the read, with their names.
    pub fn ops(&self) -> [(&'static str, &Pop3Op); 6] {
        [
            ("login", &self.login),
            ("count", &self.count),
            ("list", &self.list),
            ("retrieve", &self.retrieve),
            ("delete", &self.delete),
            ("logout", &self.logout),
        ]
    }
}
