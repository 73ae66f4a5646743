//! Hand-written commands for the data-phase orders, caps, prompt lines and
//! chunk-window shapes (what generated code declares for them).

use std::time::Duration;

use atspec_runtime::{
    Claim, Command, CompletionSpec, DataOrder, DataPhase, ParseError, ResponseLine,
};

use super::commands::{BodyResult, TIMEOUT};

fn after<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    Some(line.strip_prefix(prefix)?.strip_prefix(':')?.trim())
}

fn bad(expected: &str, found: &str) -> ParseError {
    ParseError::new(1, None, expected, found)
}

fn no_lines(lines: &[ResponseLine]) -> Result<(), ParseError> {
    match lines.first() {
        None => Ok(()),
        Some(l) => Err(bad("no information lines", &format!("{l:?}"))),
    }
}

/// `AT+QSMTPBODY`: a `CONNECT` phase in a declared [`DataOrder`], with an
/// optional length, `+++` escape and data cap; result `+QSMTPBODY: <n>`.
#[derive(Debug, Clone)]
pub struct OrderedBody {
    pub order: DataOrder,
    pub length: Option<usize>,
    pub escape: bool,
    pub cap: Option<usize>,
}

impl OrderedBody {
    /// quectel_uc15: `CONNECT`, `len` bytes, `+QSMTPBODY: <n>`, `OK`.
    pub fn uc15(len: usize) -> Self {
        OrderedBody {
            order: DataOrder::ResultBeforeFinal,
            length: Some(len),
            escape: false,
            cap: Some(10240),
        }
    }

    /// quectel_gsm: `OK`, `CONNECT`, bytes, `+++`, `+QSMTPBODY: <n>`.
    pub fn gsm() -> Self {
        OrderedBody {
            order: DataOrder::ConnectAfterOk,
            length: None,
            escape: true,
            cap: Some(10240),
        }
    }
}

impl Command for OrderedBody {
    type Response = ();
    type Outcome = ();
    type DataResult = BodyResult;
    fn name(&self) -> &'static str {
        "QSMTPBODY"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.redacted().as_bytes());
        out.push(b'\r');
    }
    fn redacted(&self) -> String {
        match self.length {
            Some(n) => format!("AT+QSMTPBODY=0,{n}"),
            None => "AT+QSMTPBODY=1".into(),
        }
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, _line: &str) -> Claim {
        Claim::NotMine
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<(), ParseError> {
        no_lines(lines)
    }
    fn data_phase(&self) -> Option<DataPhase> {
        Some(DataPhase::Connect {
            length: self.length,
            escape: self
                .escape
                .then(|| (b"+++".to_vec(), Duration::from_millis(20))),
            idle_timeout: None,
            result_prefix: Some("+QSMTPBODY"),
        })
    }
    fn data_order(&self) -> DataOrder {
        self.order
    }
    fn data_cap(&self) -> Option<usize> {
        self.cap
    }
    fn parse_data_result(&self, line: &str) -> Result<BodyResult, ParseError> {
        after(line, "+QSMTPBODY")
            .and_then(|n| n.parse().ok())
            .map(|stored| BodyResult { stored })
            .ok_or_else(|| bad("+QSMTPBODY: <length or error>", line))
    }
}

/// `AT+SMTPBODY=<len>` of SIMCom firmware: `DOWNLOAD`, exactly `len`
/// bytes, then `OK`.
#[derive(Debug, Clone)]
pub struct Download {
    pub len: usize,
}

impl Command for Download {
    type Response = ();
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPBODY"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.redacted().as_bytes());
        out.push(b'\r');
    }
    fn redacted(&self) -> String {
        format!("AT+SMTPBODY={}", self.len)
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, _line: &str) -> Claim {
        Claim::NotMine
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<(), ParseError> {
        no_lines(lines)
    }
    fn data_phase(&self) -> Option<DataPhase> {
        Some(DataPhase::PromptLine {
            prompt: "DOWNLOAD",
            length: self.len,
        })
    }
}

/// `AT+SMTPFT=<n>` whose window comes only from the declared ready shape
/// `+SMTPFT: 1,<max>` (as generated code reads it), with its own timeout.
#[derive(Debug, Clone)]
pub struct ShapedFt {
    pub len: usize,
    pub timeout: Duration,
}

impl Command for ShapedFt {
    type Response = Option<usize>;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPFT"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.redacted().as_bytes());
        out.push(b'\r');
    }
    fn redacted(&self) -> String {
        format!("AT+SMTPFT={}", self.len)
    }
    fn timeout(&self) -> Duration {
        self.timeout
    }
    fn claim(&self, line: &str) -> Claim {
        match after(line, "+SMTPFT") {
            Some(rest) if rest.starts_with("2,") => Claim::Mine,
            _ => Claim::NotMine,
        }
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Option<usize>, ParseError> {
        Ok(self.chunk_granted(lines))
    }
    fn data_phase(&self) -> Option<DataPhase> {
        Some(DataPhase::Chunked {
            ready_prefix: "+SMTPFT",
        })
    }
    fn chunk_window(&self, line: &str) -> Option<usize> {
        let (kind, max) = after(line, "+SMTPFT")?.split_once(',')?;
        (kind.trim() == "1").then_some(())?;
        max.trim().parse().ok()
    }
}

/// `AT+SMTPSEND` that knows `+SMTPFT: 1,<n>` offers belong to a chunked
/// transfer (the spec's `chunks SMTPFT` link).
#[derive(Debug, Clone)]
pub struct OfferedSend {
    pub within: Duration,
}

impl Command for OfferedSend {
    type Response = ();
    type Outcome = i64;
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPSEND"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT+SMTPSEND\r");
    }
    fn redacted(&self) -> String {
        "AT+SMTPSEND".into()
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, _line: &str) -> Claim {
        Claim::NotMine
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<(), ParseError> {
        no_lines(lines)
    }
    fn completion(&self) -> Option<CompletionSpec> {
        Some(CompletionSpec {
            prefixes: &["+SMTPSEND"],
            timeout: self.within,
        })
    }
    fn parse_outcome(&self, line: &str) -> Result<i64, ParseError> {
        after(line, "+SMTPSEND")
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| bad("+SMTPSEND: <code>", line))
    }
    fn chunk_offer(&self, line: &str) -> bool {
        after(line, "+SMTPFT").is_some_and(|rest| rest.starts_with("1,"))
    }
    fn chunk_offer_prefixes(&self) -> &'static [&'static str] {
        &["+SMTPFT"]
    }
}
