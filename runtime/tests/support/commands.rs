//! Hand-written `Command` implementations for realistic forms.

use std::time::Duration;

use atspec_runtime::{Claim, Command, CompletionSpec, DataPhase, ParseError, ResponseLine};

/// The default timeout of the test commands.
pub const TIMEOUT: Duration = Duration::from_secs(5);

fn bad(line: usize, expected: &str, found: &str) -> ParseError {
    ParseError {
        line,
        field: None,
        expected: expected.into(),
        found: found.into(),
    }
}

fn field_after<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    Some(line.strip_prefix(prefix)?.strip_prefix(':')?.trim())
}

fn no_lines(lines: &[ResponseLine]) -> Result<(), ParseError> {
    match lines.first() {
        None => Ok(()),
        Some(l) => Err(bad(1, "no information lines", &format!("{l:?}"))),
    }
}

/// `AT+SMTPSRV="<server>",<port>`: a write answered by `OK`.
#[derive(Debug, Clone)]
pub struct SetServer {
    pub server: String,
    pub port: u16,
}

impl Command for SetServer {
    type Response = ();
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPSRV"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("AT+SMTPSRV=\"{}\",{}\r", self.server, self.port).as_bytes());
    }
    fn redacted(&self) -> String {
        format!("AT+SMTPSRV=\"{}\",{}", self.server, self.port)
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
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+SMTPSRV?`: a read with a `+SMTPSRV: "<server>",<port>` line.
#[derive(Debug, Clone, Default)]
pub struct ReadServer {
    pub timeout: Option<Duration>,
}

impl Command for ReadServer {
    type Response = (String, u16);
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPSRV"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT+SMTPSRV?\r");
    }
    fn redacted(&self) -> String {
        "AT+SMTPSRV?".into()
    }
    fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(TIMEOUT)
    }
    fn claim(&self, line: &str) -> Claim {
        if line.starts_with("+SMTPSRV:") {
            Claim::Mine
        } else {
            Claim::NotMine
        }
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<(String, u16), ParseError> {
        let [ResponseLine::Line(line)] = lines else {
            return Err(bad(1, "one +SMTPSRV line", &format!("{lines:?}")));
        };
        let rest = field_after(line, "+SMTPSRV").ok_or_else(|| bad(1, "+SMTPSRV:", line))?;
        let (server, port) = rest
            .rsplit_once(',')
            .ok_or_else(|| bad(1, "server,port", line))?;
        let port = port.trim().parse().map_err(|_| bad(1, "a port", port))?;
        Ok((server.trim_matches('"').to_string(), port))
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+CSMTPSBODY?`: `+CSMTPSBODY: <len>` then exactly `<len>` raw bytes.
#[derive(Debug, Clone, Default)]
pub struct ReadBody;

impl Command for ReadBody {
    type Response = Vec<u8>;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "CSMTPSBODY"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT+CSMTPSBODY?\r");
    }
    fn redacted(&self) -> String {
        "AT+CSMTPSBODY?".into()
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, line: &str) -> Claim {
        match field_after(line, "+CSMTPSBODY").and_then(|n| n.parse().ok()) {
            Some(n) => Claim::MineWithPayload(n),
            None => Claim::NotMine,
        }
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Vec<u8>, ParseError> {
        match lines {
            [ResponseLine::Line(_), ResponseLine::Payload(p)] => Ok(p.clone()),
            _ => Err(bad(
                1,
                "+CSMTPSBODY line and payload",
                &format!("{lines:?}"),
            )),
        }
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+SMTPAUTH=1,"<user>","<password>"`: the password is secret.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: String,
    pub password: String,
}

impl Command for Auth {
    type Response = ();
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPAUTH"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(
            format!("AT+SMTPAUTH=1,\"{}\",\"{}\"\r", self.user, self.password).as_bytes(),
        );
    }
    fn redacted(&self) -> String {
        format!("AT+SMTPAUTH=1,\"{}\",***", self.user)
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
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+SMTPBODY`: `>` prompt, text, Ctrl-Z.
#[derive(Debug, Clone, Default)]
pub struct SmtpBody;

impl Command for SmtpBody {
    type Response = ();
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPBODY"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT+SMTPBODY\r");
    }
    fn redacted(&self) -> String {
        "AT+SMTPBODY".into()
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
        Some(DataPhase::PromptCtrlZ)
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+CSMTPSSUB=<len>`: `>` prompt, then exactly `<len>` bytes.
#[derive(Debug, Clone)]
pub struct SubjectExact {
    pub len: usize,
}

impl Command for SubjectExact {
    type Response = ();
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "CSMTPSSUB"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("AT+CSMTPSSUB={}\r", self.len).as_bytes());
    }
    fn redacted(&self) -> String {
        format!("AT+CSMTPSSUB={}", self.len)
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
        Some(DataPhase::PromptExact(self.len))
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// The typed `+QSMTPBODY: <n>` line: the stored length, or a negative error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyResult {
    pub stored: i64,
}

/// `AT+QSMTPBODY=<len>,<secs>`: `CONNECT`, bytes, then `+QSMTPBODY: <n>`.
#[derive(Debug, Clone)]
pub struct QBody {
    pub length: Option<usize>,
    pub escape: Option<(Vec<u8>, Duration)>,
    pub idle: Option<Duration>,
}

impl Command for QBody {
    type Response = ();
    type Outcome = ();
    type DataResult = BodyResult;
    fn name(&self) -> &'static str {
        "QSMTPBODY"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        match self.length {
            Some(n) => out.extend_from_slice(format!("AT+QSMTPBODY={n}\r").as_bytes()),
            None => out.extend_from_slice(b"AT+QSMTPBODY\r"),
        }
    }
    fn redacted(&self) -> String {
        let mut line = Vec::new();
        self.encode(&mut line);
        String::from_utf8_lossy(&line[..line.len() - 1]).into_owned()
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
            escape: self.escape.clone(),
            idle_timeout: self.idle,
            result_prefix: Some("+QSMTPBODY"),
        })
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<BodyResult, ParseError> {
        field_after(line, "+QSMTPBODY")
            .and_then(|n| n.parse().ok())
            .map(|stored| BodyResult { stored })
            .ok_or_else(|| bad(1, "+QSMTPBODY: <length or error>", line))
    }
}

/// `AT+SMTPSEND`: `OK`, then the outcome arrives as `+SMTPSEND: <code>`.
#[derive(Debug, Clone)]
pub struct SmtpSend {
    pub within: Duration,
}

impl Command for SmtpSend {
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
        field_after(line, "+SMTPSEND")
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| bad(1, "+SMTPSEND: <code>", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+CSMTPSSEND`: `OK`, then the outcome as `+CSMTPSSEND: <code>` — a
/// prefix the dialect also reads as a vendor error line before `ERROR`.
#[derive(Debug, Clone)]
pub struct CsmtpsSend {
    pub within: Duration,
}

impl Command for CsmtpsSend {
    type Response = ();
    type Outcome = i64;
    type DataResult = ();
    fn name(&self) -> &'static str {
        "CSMTPSSEND"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT+CSMTPSSEND\r");
    }
    fn redacted(&self) -> String {
        "AT+CSMTPSSEND".into()
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
            prefixes: &["+CSMTPSSEND"],
            timeout: self.within,
        })
    }
    fn parse_outcome(&self, line: &str) -> Result<i64, ParseError> {
        field_after(line, "+CSMTPSSEND")
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| bad(1, "+CSMTPSSEND: <code>", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+SMTPFT=<n>`: one chunk of a URC-driven transfer; `0` ends it.
#[derive(Debug, Clone)]
pub struct SmtpFt {
    pub len: usize,
}

impl Command for SmtpFt {
    type Response = Option<usize>;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPFT"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("AT+SMTPFT={}\r", self.len).as_bytes());
    }
    fn redacted(&self) -> String {
        format!("AT+SMTPFT={}", self.len)
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, line: &str) -> Claim {
        match field_after(line, "+SMTPFT") {
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
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+POP3HDR=<n>`: `+POP3HDR: <n>` then free text up to `OK`.
#[derive(Debug, Clone)]
pub struct Pop3Hdr {
    pub msg: u32,
}

impl Command for Pop3Hdr {
    type Response = Vec<String>;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "POP3HDR"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("AT+POP3HDR={}\r", self.msg).as_bytes());
    }
    fn redacted(&self) -> String {
        format!("AT+POP3HDR={}", self.msg)
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, line: &str) -> Claim {
        if line.starts_with("+POP3HDR:") {
            Claim::Mine
        } else {
            Claim::NotMine
        }
    }
    fn free_text(&self) -> bool {
        true
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Vec<String>, ParseError> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| match l {
                ResponseLine::Line(s) => Ok(s.clone()),
                ResponseLine::Payload(_) => Err(bad(i + 1, "a text line", "payload")),
            })
            .collect()
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT+TEST=<id>`: answered by `+TEST: <id>`; a URC `+TEST: u<n>` shares the
/// prefix and must not be claimed. Used by the soak test.
#[derive(Debug, Clone)]
pub struct Probe {
    pub id: u64,
}

impl Command for Probe {
    type Response = u64;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "TEST"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("AT+TEST={}\r", self.id).as_bytes());
    }
    fn redacted(&self) -> String {
        format!("AT+TEST={}", self.id)
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, line: &str) -> Claim {
        match field_after(line, "+TEST") {
            Some(rest) if rest.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty() => {
                Claim::Mine
            }
            _ => Claim::NotMine,
        }
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<u64, ParseError> {
        let [ResponseLine::Line(line)] = lines else {
            return Err(bad(1, "one +TEST line", &format!("{lines:?}")));
        };
        field_after(line, "+TEST")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| bad(1, "+TEST: <id>", line))
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// How a [`TableCmd`] claims a line.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Lines with this prefix are `Mine`.
    Mine(&'static str),
    /// Lines `<prefix>: <n>` are `MineWithPayload(n)`.
    Counted(&'static str),
}

/// A configurable command for table tests; its response is the raw lines.
#[derive(Debug, Clone)]
pub struct TableCmd {
    pub line: &'static str,
    pub rules: Vec<Rule>,
    pub free_text: bool,
    pub phase: Option<DataPhase>,
}

impl Command for TableCmd {
    type Response = Vec<ResponseLine>;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "TABLE"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.line.as_bytes());
        out.push(b'\r');
    }
    fn redacted(&self) -> String {
        self.line.into()
    }
    fn timeout(&self) -> Duration {
        TIMEOUT
    }
    fn claim(&self, line: &str) -> Claim {
        for rule in &self.rules {
            match *rule {
                Rule::Mine(p) if line.starts_with(p) => return Claim::Mine,
                Rule::Counted(p) => {
                    if let Some(n) = field_after(line, p).and_then(|n| n.parse().ok()) {
                        return Claim::MineWithPayload(n);
                    }
                }
                _ => {}
            }
        }
        Claim::NotMine
    }
    fn free_text(&self) -> bool {
        self.free_text
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Vec<ResponseLine>, ParseError> {
        Ok(lines.to_vec())
    }
    fn data_phase(&self) -> Option<DataPhase> {
        self.phase.clone()
    }
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}

/// `AT`: the simplest command, used to resynchronise.
#[derive(Debug, Clone, Default)]
pub struct At;

impl Command for At {
    type Response = ();
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "AT"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT\r");
    }
    fn redacted(&self) -> String {
        "AT".into()
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
    fn parse_outcome(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no completion", line))
    }
    fn parse_data_result(&self, line: &str) -> Result<(), ParseError> {
        Err(bad(0, "no data-phase result", line))
    }
}
