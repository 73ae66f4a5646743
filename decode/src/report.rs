//! The decoded capture: exchanges of placed lines, and the problems found.
//! Serialised as JSON by `--json` (schema: `docs/decode.md`).

use serde::Serialize;

use atspec_interp::{NamedValue, Value};

use crate::input::Direction;

/// The whole decoded capture.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The dialect the capture was read with.
    pub dialect: String,
    /// Exchanges in capture order; the first may have no command (lines before any).
    pub exchanges: Vec<Exchange>,
}

/// One command and everything the modem sent until the next command.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Exchange {
    /// The command, when the exchange starts with one.
    pub command: Option<CommandInfo>,
    /// Every line of the exchange, in order (the command line first).
    pub lines: Vec<Entry>,
    /// What went wrong.
    pub problems: Vec<Problem>,
}

/// A host command line as the spec reads it.
#[derive(Clone, Debug, Serialize)]
pub struct CommandInfo {
    /// The name after `AT+`, as the spec writes it (as sent if unknown).
    pub name: String,
    /// `test`, `read`, `write`, `exec`, or `basic` for a V.250 command such as `ATE0`.
    pub form: String,
    /// The command's description from the spec.
    pub doc: String,
    /// Parameters, named and typed (secrets masked).
    pub params: Vec<Field>,
}

/// A named, typed value in the report.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// Parameter or field name.
    pub name: String,
    /// The spec type (`int`, `string`, `secret`, an enum or code table name).
    #[serde(rename = "type")]
    pub ty: String,
    /// The value: number, string, or `"***"` for secrets; `null` when left off.
    pub value: serde_json::Value,
    /// The value for people (enum variant, code meaning).
    pub display: String,
}

impl Field {
    /// The report form of a named value.
    pub fn from_named(v: &NamedValue) -> Self {
        let value = match &v.value {
            Value::Secret(_) => serde_json::Value::from("***"),
            Value::Absent => serde_json::Value::Null,
            other => match other.as_int() {
                Some(i)
                    if !matches!(
                        other,
                        Value::Enum {
                            value: at_spec::ir::Literal::Str(_),
                            ..
                        }
                    ) =>
                {
                    serde_json::Value::from(i)
                }
                _ => serde_json::Value::from(other.as_str().unwrap_or_default()),
            },
        };
        Field {
            name: v.name.clone(),
            ty: v.value.type_name().to_owned(),
            value,
            display: v.value.to_string(),
        }
    }
}

/// One line of the capture, placed.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// 1-based line number in the capture.
    pub line: usize,
    /// The direction mark the capture gave, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<Direction>,
    /// The text, secrets masked.
    pub text: String,
    /// What the line is.
    pub kind: Kind,
    /// Name of what it is: the command, response item, URC (`SmtpSend`, `SmtpSend.Listed`), final result.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Typed values of the line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// A short explanation (meaning of a code, why a line is unrecognised).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A host command line.
    Command,
    /// The modem's echo of the command.
    Echo,
    /// An information line of the command's response.
    Response,
    /// Raw bytes announced by the previous line, or free text of a text answer.
    Payload,
    /// Text or bytes the host sends in a data phase.
    Data,
    /// The `>` prompt.
    Prompt,
    /// `CONNECT` starting a data phase.
    Connect,
    /// The line closing a CONNECT data phase.
    DataResult,
    /// A final result (`OK`, `ERROR`, `+CME ERROR: n` ...).
    Final,
    /// A vendor error line explaining the `ERROR` that follows.
    ErrorLine,
    /// The command's completion URC.
    Completion,
    /// An unsolicited result code of the dialect.
    Urc,
    /// A line the decoder could not place.
    Unrecognised,
}

impl Kind {
    /// The word shown in the human output.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Command => "command",
            Kind::Echo => "echo",
            Kind::Response => "response",
            Kind::Payload => "payload",
            Kind::Data => "data",
            Kind::Prompt => "prompt",
            Kind::Connect => "connect",
            Kind::DataResult => "result",
            Kind::Final => "final",
            Kind::ErrorLine => "error",
            Kind::Completion => "complete",
            Kind::Urc => "urc",
            Kind::Unrecognised => "unknown?",
        }
    }
}

/// A problem the decoder calls out.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// The capture line it is about (0: the end of the capture).
    pub line: usize,
    /// Its kind.
    pub kind: ProblemKind,
    /// What is wrong, in words.
    pub message: String,
}

/// Kinds of problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A command the dialect does not have.
    UnknownCommand,
    /// A parameter outside its range, of the wrong type, or a broken rule.
    BadParameter,
    /// A line with another command's or no known shape where the response was expected.
    ResponseMismatch,
    /// An answer with more fields than the spec knows.
    ExtraFields,
    /// A response line the spec requires did not come.
    MissingResponse,
    /// The command never got its final result.
    MissingFinal,
    /// The completion URC never came.
    MissingCompletion,
    /// The command ended with an error result.
    CommandFailed,
    /// The completion URC reported a failure code.
    FailureCompletion,
    /// A line could not be placed.
    Unrecognised,
    /// A host command was glued to the previous line (line end lost).
    GluedCommand,
}

/// Counts over a report, for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Exchanges that start with a command.
    pub commands: usize,
    /// Lines placed.
    pub lines: usize,
    /// Lines that could not be placed.
    pub unrecognised: usize,
    /// URCs (completions included).
    pub urcs: usize,
    /// Problems.
    pub problems: usize,
}

impl Report {
    /// Counts for the summary line.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in &self.exchanges {
            s.commands += usize::from(e.command.is_some());
            s.lines += e.lines.len();
            s.problems += e.problems.len();
            for l in &e.lines {
                s.unrecognised += usize::from(l.kind == Kind::Unrecognised);
                s.urcs += usize::from(matches!(l.kind, Kind::Urc | Kind::Completion));
            }
        }
        s
    }

    /// Whether any problem was found.
    pub fn has_problems(&self) -> bool {
        self.exchanges.iter().any(|e| !e.problems.is_empty())
    }
}
