//! The executor's error type.

use std::fmt;
use std::io;
use std::time::Duration;

use crate::command::VendorError;
use crate::wire::{ParseError, ValidationError};

/// What the modem answered instead of `OK`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModemError {
    /// A bare `ERROR` with no explaining line.
    Error,
    /// A final error result carrying a code (`+CME ERROR: 3`, `+CMS ERROR: 500`,
    /// `+EXT ERROR: 2`, or a dialect's `error final` line; a verbose text the
    /// dialect's code table knows, `+CME ERROR: operation not allowed`, is
    /// mapped to its code).
    Final(VendorError),
    /// A dialect's vendor error line (`+CSMTPS: 603`) followed by `ERROR`.
    Line(VendorError),
    /// A final error result whose code could not be read and whose text the
    /// dialect does not know (`+CME ERROR: SIM busy`): the whole line.
    Text(String),
    /// `NO CARRIER` (V.250 result 3): the connection ended or never came up.
    NoCarrier,
    /// `BUSY` (V.250 result 7).
    Busy,
    /// `NO ANSWER` (V.250 result 8).
    NoAnswer,
    /// `NO DIALTONE` (V.250 result 6).
    NoDialtone,
    /// `CONNECT` or `CONNECT <text>` (the whole line) where no data phase
    /// waited for it: the module went into data mode for a command that has
    /// none.
    UnexpectedConnect(String),
    /// One of the dialect's declared prompts ([`crate::Dialect::PROMPTS`])
    /// where no data phase waited for it.
    UnexpectedPrompt(&'static str),
    /// One of the dialect's declared final error results
    /// ([`crate::Dialect::FINAL_ERRORS`], e.g. `COMMAND NOT SUPPORT`).
    Declared(&'static str),
}

impl ModemError {
    /// The vendor error, if the answer carried a code.
    pub fn vendor(&self) -> Option<&VendorError> {
        match self {
            ModemError::Final(v) | ModemError::Line(v) => Some(v),
            _ => None,
        }
    }
}

fn fmt_vendor(v: &VendorError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{}: {}", v.prefix, v.code)?;
    if let Some(meaning) = v.meaning {
        write!(f, " ({meaning})")?;
    }
    Ok(())
}

impl fmt::Display for ModemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModemError::Error => f.write_str("ERROR"),
            ModemError::Final(v) => fmt_vendor(v, f),
            ModemError::Line(v) => {
                fmt_vendor(v, f)?;
                f.write_str(", then ERROR")
            }
            ModemError::Text(line) => f.write_str(line),
            ModemError::NoCarrier => f.write_str("NO CARRIER"),
            ModemError::Busy => f.write_str("BUSY"),
            ModemError::NoAnswer => f.write_str("NO ANSWER"),
            ModemError::NoDialtone => f.write_str("NO DIALTONE"),
            ModemError::UnexpectedConnect(line) => write!(
                f,
                "{line} although the command has no data phase (the module now waits for data)"
            ),
            ModemError::UnexpectedPrompt(prompt) => write!(
                f,
                "the prompt {prompt} although the command has no data phase (the module now waits for data)"
            ),
            ModemError::Declared(text) => f.write_str(text),
        }
    }
}

/// Which part of an exchange ran out of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the final result (`OK` / `ERROR`).
    Final,
    /// Waiting for the `>` prompt or `CONNECT` that opens data entry.
    DataStart,
    /// Waiting for the completion URC after `OK`.
    Completion,
    /// Waiting for the URC that opens a chunk window.
    ChunkReady,
    /// Writing to the port.
    Write,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Final => "the final result",
            Stage::DataStart => "the data-entry prompt",
            Stage::Completion => "the completion URC",
            Stage::ChunkReady => "the chunk-ready URC",
            Stage::Write => "the port to accept data",
        })
    }
}

/// Everything that can go wrong running a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No answer within the allowed time.
    #[error("AT+{command}: timed out after {after:?} waiting for {stage}; the modem may be busy or disconnected (raise the timeout or check the line)")]
    Timeout {
        /// The command's name.
        command: &'static str,
        /// What was awaited.
        stage: Stage,
        /// The time that was allowed.
        after: Duration,
    },
    /// The modem refused the command.
    #[error("AT+{command}: the modem answered {error}")]
    Modem {
        /// The command's name.
        command: &'static str,
        /// The error result.
        error: ModemError,
    },
    /// The modem's answer did not have the declared shape.
    #[error("AT+{command}: unexpected response, {error}")]
    Parse {
        /// The command's name.
        command: &'static str,
        /// What did not parse.
        #[source]
        error: ParseError,
    },
    /// The exchange broke the protocol (e.g. `OK` where a prompt was due).
    #[error("AT+{command}: {detail}")]
    Protocol {
        /// The command's name.
        command: &'static str,
        /// What happened.
        detail: String,
    },
    /// The data to send does not fit the data-entry phase.
    #[error("AT+{command}: payload rejected, {detail}; nothing more was sent")]
    Payload {
        /// The command's name.
        command: &'static str,
        /// Why.
        detail: String,
    },
    /// Reading the payload source or writing the port failed.
    #[error("serial I/O failed: {0}")]
    Io(#[from] io::Error),
    /// The port could not be opened.
    #[cfg(feature = "serial")]
    #[error("cannot open serial port: {0}")]
    Open(#[from] serialport::Error),
    /// The port went away (EOF, hang-up, I/O error).
    #[error("serial port closed ({reason}); reopen it to continue")]
    PortClosed {
        /// What the reader saw.
        reason: String,
    },
    /// A request could not be built (e.g. a chunk command whose generated
    /// constructor rejected its length); nothing was sent for it.
    #[error("invalid request, {0}")]
    Invalid(#[from] ValidationError),
    /// The modem's answer broke a memory limit ([`crate::router::Limits`]);
    /// what was over it was dropped, and the rest of the exchange was read
    /// to its final result (the line stays in sync).
    #[error("AT+{command}: answer refused, {detail}; if the module is right, raise the limit with Modem::set_limits")]
    TooLarge {
        /// The command's name.
        command: &'static str,
        /// Which limit, and by how much.
        detail: String,
    },
    /// [`crate::Canceller::cancel`] was called.
    #[error("AT+{command}: cancelled")]
    Cancelled {
        /// The command's name.
        command: &'static str,
    },
}

/// A parse failure of `command`'s answer that names the lines kept aside as
/// unrecognised (own prefix, no shape), since the `Reply` that would carry
/// them is not returned: a required line that firmware changed shows up as
/// "expected ..., found ...; unrecognised: ..." instead of a bare "missing".
pub(crate) fn parse_failure(
    command: &'static str,
    mut error: ParseError,
    unrecognised: &[String],
) -> Error {
    if let Some(first) = unrecognised.first() {
        let shown: String = first.chars().take(80).collect();
        let more = unrecognised.len() - 1;
        error.found = format!(
            "{}; {} line(s) with this command's prefix matched none of its shapes, first: \"{}\"{}",
            error.found,
            unrecognised.len(),
            crate::trace::Escaped(shown.as_bytes()),
            if more > 0 { " ..." } else { "" },
        );
    }
    Error::Parse { command, error }
}

/// Lets infallible request builders (`Ok::<_, Infallible>(cmd)`) be used
/// where a fallible one is accepted.
impl From<std::convert::Infallible> for Error {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every stage reads as an English sentence in the timeout message
    /// (it once said "no the completion URC").
    #[test]
    fn timeout_messages_read_as_sentences() {
        let after = Duration::from_secs(30);
        let shown = |stage| {
            Error::Timeout {
                command: "SMTPSEND",
                stage,
                after,
            }
            .to_string()
        };
        assert_eq!(
            shown(Stage::Completion),
            "AT+SMTPSEND: timed out after 30s waiting for the completion URC; \
             the modem may be busy or disconnected (raise the timeout or check the line)"
        );
        for stage in [
            Stage::Final,
            Stage::DataStart,
            Stage::ChunkReady,
            Stage::Write,
        ] {
            assert!(!shown(stage).contains("no the"), "{}", shown(stage));
        }
    }
}
