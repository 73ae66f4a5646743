//! The contract between generated code and the executor.
//!
//! Generated request types implement [`Command`]; a generated dialect module
//! implements [`Dialect`]. The executor knows nothing else about a dialect.

use std::fmt::Debug;
use std::time::Duration;

use crate::wire::ParseError;

mod simple;
pub use simple::SimpleCommand;

/// One line or payload the executor collected for the command in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseLine {
    /// An information line, without its terminator.
    Line(String),
    /// Raw bytes that followed the previous line (counted payload or free text).
    Payload(Vec<u8>),
}

/// What a line is to the command in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Not this command's: route it to the URC stream.
    NotMine,
    /// An information line of this command.
    Mine,
    /// This command's line, followed by exactly this many raw bytes.
    MineWithPayload(usize),
    /// A line announcing a counted payload longer than its length field's
    /// declared maximum (`len: int 0..=1460 then raw len` with `len` =
    /// 9000). The payload is refused, never buffered, and the bytes that
    /// follow are framed as lines. Generated URC claims give it (the URC
    /// comes out as [`crate::Urc::PayloadTooLarge`]); generated command
    /// claims are strict and mark such a line [`Claim::Unrecognised`]. A
    /// hand-written command claim may give it: the command then fails with
    /// [`crate::Refusal::Payload`] naming the declared limit.
    PayloadOverMax {
        /// The announced length.
        announced: usize,
        /// The declared maximum of the length field.
        max: usize,
    },
    /// A line with one of this command's own prefixes that has none of its
    /// shapes (firmware added a setting or a field). It stays with the
    /// command's answer ([`crate::Reply::unrecognised`]) and never reaches
    /// `parse_response`; only if a URC of the dialect parses it, or the
    /// operation awaits its prefix, is it routed that way instead.
    Unrecognised,
}

/// How a data-entry phase is run after the command line is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataPhase {
    /// Wait for `>`, send the text, end with Ctrl-Z (ESC cancels).
    PromptCtrlZ,
    /// Wait for `>`, send exactly this many bytes.
    PromptExact(usize),
    /// Wait for this prompt line (SIMCom `DOWNLOAD`), send exactly this many
    /// bytes; the final result follows.
    PromptLine {
        /// The line that opens data entry.
        prompt: &'static str,
        /// Bytes to send.
        length: usize,
    },
    /// Wait for `CONNECT`, send bytes, end as the spec says.
    Connect {
        /// Ends after this many bytes, if set.
        length: Option<usize>,
        /// Escape sequence and guard time, if set.
        escape: Option<(Vec<u8>, Duration)>,
        /// Ends when input pauses this long, if set.
        idle_timeout: Option<Duration>,
        /// Prefix of the result line reported once data entry ends.
        result_prefix: Option<&'static str>,
    },
    /// URC-driven flow-controlled chunks.
    Chunked {
        /// Prefix of the URC that opens the window.
        ready_prefix: &'static str,
    },
}

/// Where a data phase sits relative to the command's final result, and
/// where the result line of a `CONNECT` phase comes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DataOrder {
    /// The prompt or `CONNECT` comes instead of the final result; a result
    /// line may come before or after the final result (the default for
    /// hand-written commands).
    #[default]
    Any,
    /// As [`DataOrder::Any`], but the result line comes after the data and
    /// before the final result (quectel_uc15 `AT+QSMTPBODY`: `CONNECT`,
    /// data, `+QSMTPBODY: <n>`, `OK`); a final result without it is a
    /// protocol error.
    ResultBeforeFinal,
    /// `OK` first, then `CONNECT`, the data and the result line, which ends
    /// the command (quectel_gsm `AT+QSMTPBODY`).
    ConnectAfterOk,
}

/// A completion the executor waits for after `OK`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionSpec {
    /// Line prefixes (without colon) that may carry the outcome.
    pub prefixes: &'static [&'static str],
    /// How long to wait after `OK`.
    pub timeout: Duration,
}

/// The time allowed for a final result when the spec gives none (the
/// default of [`Command::timeout`]).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// A request built through a generated type: validated, ready to encode.
pub trait Command: Debug {
    /// Parsed information lines.
    type Response: Debug;
    /// Parsed completion URC (`()` when the form has none).
    type Outcome: Debug;
    /// Parsed result line of a `CONNECT` data phase (`()` when the form
    /// declares none).
    type DataResult: Debug;

    /// Whether the encoded command line holds no secret, so that it is its
    /// own redacted form (generated commands without a secret parameter say
    /// so). The defaults of [`Command::redacted`] and
    /// [`Command::write_redacted`] depend on it.
    ///
    /// Default: `false` (the line may hold one: nothing is logged that the
    /// implementation did not redact).
    const SECRET_FREE: bool = false;

    /// Command name as written after `AT+`.
    fn name(&self) -> &'static str;
    /// Appends the exact command line, including `AT` and the `\r` terminator.
    fn encode(&self, out: &mut Vec<u8>);
    /// The same line with every secret replaced by `***`, for logs and traces.
    ///
    /// Default: for a [`Command::SECRET_FREE`] command, what
    /// [`Command::write_redacted`] writes; otherwise `AT+<name>` and a
    /// `=***` mask of every parameter (implement this method or
    /// [`Command::write_redacted`] to say more).
    fn redacted(&self) -> String {
        if !Self::SECRET_FREE {
            return format!("AT+{}=***", self.name());
        }
        let mut out = Vec::new();
        self.write_redacted(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
    /// Appends [`Command::redacted`] (without `\r`) to `out`: what the
    /// executor calls, so a reused buffer serves every exchange.
    ///
    /// Default: for a [`Command::SECRET_FREE`] command, the encoded line
    /// without its `\r` (nothing allocated); otherwise `self.redacted()`
    /// (one allocation). Generated commands with a secret write into `out`
    /// directly.
    fn write_redacted(&self, out: &mut Vec<u8>) {
        if Self::SECRET_FREE {
            self.encode(out);
            if out.last() == Some(&b'\r') {
                out.pop();
            }
        } else {
            out.extend_from_slice(self.redacted().as_bytes());
        }
    }
    /// Time allowed for the final result.
    ///
    /// Default: [`DEFAULT_TIMEOUT`] (generated commands whose spec gives
    /// another timeout implement it).
    fn timeout(&self) -> Duration {
        DEFAULT_TIMEOUT
    }
    /// Whether `line` is one of this command's information lines.
    ///
    /// Generated commands with one response clause (or none) call
    /// [`crate::wire::ResponseShape::claim`] of their response type.
    fn claim(&self, line: &str) -> Claim;
    /// Whether the response runs as free text up to the final result once a
    /// line has been claimed (`then text` / `text`).
    ///
    /// The executor hands every free-text line (empty lines inside the text
    /// included, trailing empty lines dropped) to `parse_response` as a
    /// [`ResponseLine::Line`], in order.
    fn free_text(&self) -> bool {
        false
    }
    /// Parses the collected lines.
    ///
    /// Generated commands with one response clause (or none) call
    /// [`crate::wire::ResponseShape::parse_lines`] of their response type.
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Self::Response, ParseError>;
    /// The data-entry phase, if the form has one.
    fn data_phase(&self) -> Option<DataPhase> {
        None
    }
    /// Where the data phase sits relative to the final result (see
    /// [`DataOrder`]).
    fn data_order(&self) -> DataOrder {
        DataOrder::Any
    }
    /// The most bytes the data phase takes (`None`: no cap). The executor
    /// fails with [`crate::Error::Payload`] before writing a byte beyond it.
    fn data_cap(&self) -> Option<usize> {
        None
    }
    /// Whether the data phase's declared length is a bound, not an exact
    /// count (spec: `length at_most <param>`): the host may send fewer
    /// bytes, and the executor then ends the phase early (the escape
    /// between guard times, or the module's input time). More than the
    /// declared length is refused either way.
    ///
    /// Default: the length is exact.
    fn data_length_at_most(&self) -> bool {
        false
    }
    /// How many bytes the data-phase result says the module took (spec:
    /// `taken <field>`), for [`crate::DataCount`]; `None` when the result
    /// does not say (or the spec names no such field).
    fn data_taken(&self, _result: &Self::DataResult) -> Option<usize> {
        None
    }
    /// Whether `line` asks for another command's chunked data while this
    /// one runs (SIM900 `+SMTPFT: 1,<n>` during `AT+SMTPSEND` with an
    /// attachment set). A plain [`crate::Modem::send`] then fails at once
    /// instead of waiting out the completion: run the command through
    /// [`crate::Modem::send_chunked`].
    ///
    /// Default: no line does.
    fn chunk_offer(&self, _line: &str) -> bool {
        false
    }
    /// Line prefixes of the offers [`Command::chunk_offer`] looks at.
    fn chunk_offer_prefixes(&self) -> &'static [&'static str] {
        &[]
    }
    /// The completion URC awaited after `OK`, if any.
    fn completion(&self) -> Option<CompletionSpec> {
        None
    }
    /// Whether the completion line `line` (one starting with a completion
    /// prefix) ends the wait. A line for which this is `false` is a progress
    /// report (`completes Smtp within 300s until status != SessionOpen` makes
    /// `+SMTP: OK` one): the executor passes it on as a URC and keeps waiting.
    ///
    /// Default: every completion line ends the wait.
    fn completion_is_final(&self, _line: &str) -> bool {
        true
    }
    /// Whether a parsed completion reports success, as the spec declares it
    /// (`completes Pop3In within 6min success code == LoggedIn`); `None`
    /// when the spec does not say (nothing is guessed).
    ///
    /// Default (no `success` clause, or no completion): `None`.
    fn outcome_succeeded(&self, _outcome: &Self::Outcome) -> Option<bool> {
        None
    }
    /// Parses the completion line.
    ///
    /// Default (for a command without [`completion`](Command::completion)):
    /// every line is an error.
    fn parse_outcome(&self, line: &str) -> Result<Self::Outcome, ParseError> {
        Err(ParseError::new(
            0,
            None,
            "no completion line for this command",
            line,
        ))
    }
    /// Parses the result line reported once a `CONNECT` data phase ends
    /// (the line starting with the `result_prefix` of [`DataPhase::Connect`]).
    ///
    /// Default (for a command whose data phase reports no result line):
    /// every line is an error.
    fn parse_data_result(&self, line: &str) -> Result<Self::DataResult, ParseError> {
        Err(ParseError::new(
            0,
            None,
            "no data-phase result line for this command",
            line,
        ))
    }
    /// For a chunked data phase: the largest chunk the ready URC `line`
    /// announces, or `None` if `line` is not a ready announcement.
    ///
    /// Default: `line` starts with the phase's `ready_prefix` and its last
    /// comma-separated field is an integer (`+SMTPFT: 1,1360` gives 1360).
    fn chunk_window(&self, line: &str) -> Option<usize> {
        match self.data_phase() {
            Some(DataPhase::Chunked { ready_prefix }) if line.starts_with(ready_prefix) => {
                last_int_field(line)
            }
            _ => None,
        }
    }
    /// For a chunked data phase: how many bytes the module takes now, read
    /// from the information lines collected so far (`None`: not known yet).
    ///
    /// Default: the last integer field of the last line (`+SMTPFT: 2,100`
    /// gives 100).
    fn chunk_granted(&self, lines: &[ResponseLine]) -> Option<usize> {
        match lines.last() {
            Some(ResponseLine::Line(line)) => last_int_field(line),
            _ => None,
        }
    }
}

/// What [`Command::write_redacted`] writes, as a string: the
/// [`Command::redacted`] of generated commands with a secret.
pub fn redacted_line<C: Command + ?Sized>(cmd: &C) -> String {
    let mut out = Vec::new();
    cmd.write_redacted(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The last comma-separated field of `line` (after its `prefix:`), as a
/// non-negative integer.
fn last_int_field(line: &str) -> Option<usize> {
    let fields = line.split_once(':').map_or(line, |(_, rest)| rest);
    fields.rsplit(',').next()?.trim().parse().ok()
}

/// A vendor or 3GPP error carried by a final result or an error line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorError {
    /// Prefix of the line, e.g. `+CME ERROR`.
    pub prefix: &'static str,
    /// The numeric code.
    pub code: i64,
    /// Its meaning from the dialect's code table, if known.
    pub meaning: Option<&'static str>,
}

/// Facts about a whole dialect the executor needs.
pub trait Dialect {
    /// The dialect's typed URC.
    type Urc: Debug + Send + 'static;

    /// Parses a line into a typed URC; `None` if no URC of the dialect matches.
    fn parse_urc(line: &str) -> Option<Self::Urc>;
    /// If `line` is a URC header followed by a counted raw payload, its length.
    fn urc_payload_len(_line: &str) -> Option<usize> {
        None
    }
    /// If `line` is a URC header with a counted payload whose length field
    /// has a declared maximum, that maximum: a longer announced payload is
    /// refused ([`crate::Urc::PayloadTooLarge`]) like one over
    /// [`crate::Limits::max_payload`]. Default: no declared maximum.
    fn urc_payload_max(_line: &str) -> Option<usize> {
        None
    }
    /// If `line` is a final error result (`+CME ERROR: 3`), the error.
    fn final_error(line: &str) -> Option<VendorError>;
    /// If `line` is a vendor error line that precedes `ERROR`, the error.
    fn error_line(line: &str) -> Option<VendorError>;
    /// If `line` carries a secret field (the read-back of a password,
    /// `+SMTPAUTH: 1,"user","pw"`), the line with its secret fields masked
    /// (`***`). Used for traces, URC text and error messages only; the
    /// command's parser sees the line as received. Generated from the
    /// spec's `secret` response and URC fields. Default: no secret lines.
    fn redact_line(_line: &str) -> Option<String> {
        None
    }
    /// Whole lines the dialect declares as final error results besides the
    /// V.250 / 3GPP ones (spec: `error final "COMMAND NOT SUPPORT"`). A line
    /// equal to one ends the command in flight with
    /// [`crate::ModemError::Declared`].
    const FINAL_ERRORS: &'static [&'static str] = &[];
    /// Data-entry prompts the dialect declares besides `>` and `CONNECT`
    /// (spec: `prompt "DOWNLOAD"`, `prompt "@"`). While a data phase waits
    /// (either kind), a line equal to one opens it; a one-character prompt
    /// also opens it at the start of a line without a line end, as `>` does.
    /// Arriving while the command collects and no data phase waits, it ends
    /// the command with [`crate::ModemError::UnexpectedPrompt`].
    const PROMPTS: &'static [&'static str] = &[];
}
