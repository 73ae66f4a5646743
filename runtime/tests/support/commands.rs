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

/// Implements `name`, `encode` (the line, then `\r`), `redacted` (the line
/// as is: only for lines without secrets) and `timeout` ([`TIMEOUT`] unless
/// given). `|c|` binds the command for the line and timeout expressions.
macro_rules! plain_line {
    ($name:literal, $line:literal) => {
        plain_line!($name, |_c| $line);
    };
    ($name:literal, |$c:ident| $line:expr) => {
        plain_line!($name, |$c| $line, timeout: TIMEOUT);
    };
    ($name:literal, |$c:ident| $line:expr, timeout: $timeout:expr) => {
        fn name(&self) -> &'static str {
            $name
        }
        fn encode(&self, out: &mut Vec<u8>) {
            #[allow(unused_variables)]
            let $c = self;
            let line = $line;
            out.extend_from_slice(line.as_bytes());
            out.push(b'\r');
        }
        fn redacted(&self) -> String {
            #[allow(unused_variables)]
            let $c = self;
            String::from($line)
        }
        fn timeout(&self) -> Duration {
            #[allow(unused_variables)]
            let $c = self;
            $timeout
        }
    };
}

/// `Mine` if `mine`, else `NotMine`.
fn mine_if(mine: bool) -> Claim {
    if mine {
        Claim::Mine
    } else {
        Claim::NotMine
    }
}

/// Implements `Outcome = i64` for a completion URC `$prefix: <code>`:
/// `completion` (awaited for `self.within`) and `parse_outcome`.
macro_rules! code_completion {
    ($prefix:literal) => {
        type Outcome = i64;
        fn completion(&self) -> Option<CompletionSpec> {
            Some(CompletionSpec {
                prefixes: &[$prefix],
                timeout: self.within,
            })
        }
        fn parse_outcome(&self, line: &str) -> Result<i64, ParseError> {
            field_after(line, $prefix)
                .and_then(|c| c.parse().ok())
                .ok_or_else(|| bad(1, concat!($prefix, ": <code>"), line))
        }
    };
}

/// Implements `Response = ()` for a command with no information lines: it
/// claims no line, and any collected line is a parse error.
macro_rules! no_info_lines {
    () => {
        type Response = ();
        fn claim(&self, _line: &str) -> Claim {
            Claim::NotMine
        }
        fn parse_response(&self, lines: &[ResponseLine]) -> Result<(), ParseError> {
            no_lines(lines)
        }
    };
}

/// `AT+SMTPSRV="<server>",<port>`: a write answered by `OK`.
#[derive(Debug, Clone)]
pub struct SetServer {
    pub server: String,
    pub port: u16,
}

impl Command for SetServer {
    type Outcome = ();
    type DataResult = ();
    plain_line!("SMTPSRV", |c| format!(
        "AT+SMTPSRV=\"{}\",{}",
        c.server, c.port
    ));
    no_info_lines!();
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
    plain_line!("SMTPSRV", |c| "AT+SMTPSRV?", timeout: c.timeout.unwrap_or(TIMEOUT));
    fn claim(&self, line: &str) -> Claim {
        mine_if(line.starts_with("+SMTPSRV:"))
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
}

/// `AT+CSMTPSBODY?`: `+CSMTPSBODY: <len>` then exactly `<len>` raw bytes.
#[derive(Debug, Clone, Default)]
pub struct ReadBody;

impl Command for ReadBody {
    type Response = Vec<u8>;
    type Outcome = ();
    type DataResult = ();
    plain_line!("CSMTPSBODY", "AT+CSMTPSBODY?");
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
}

/// `AT+SMTPAUTH=1,"<user>","<password>"`: the password is secret.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: String,
    pub password: String,
}

impl Command for Auth {
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
    no_info_lines!();
}

/// `AT+SMTPBODY`: `>` prompt, text, Ctrl-Z.
#[derive(Debug, Clone, Default)]
pub struct SmtpBody;

impl Command for SmtpBody {
    type Outcome = ();
    type DataResult = ();
    plain_line!("SMTPBODY", "AT+SMTPBODY");
    no_info_lines!();
    fn data_phase(&self) -> Option<DataPhase> {
        Some(DataPhase::PromptCtrlZ)
    }
}

/// `AT+CSMTPSSUB=<len>`: `>` prompt, then exactly `<len>` bytes.
#[derive(Debug, Clone)]
pub struct SubjectExact {
    pub len: usize,
}

impl Command for SubjectExact {
    type Outcome = ();
    type DataResult = ();
    plain_line!("CSMTPSSUB", |c| format!("AT+CSMTPSSUB={}", c.len));
    no_info_lines!();
    fn data_phase(&self) -> Option<DataPhase> {
        Some(DataPhase::PromptExact(self.len))
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

impl QBody {
    /// Data entry that ends after exactly `length` bytes.
    pub fn counted(length: usize) -> Self {
        QBody {
            length: Some(length),
            escape: None,
            idle: None,
        }
    }
}

impl Command for QBody {
    type Outcome = ();
    type DataResult = BodyResult;
    plain_line!("QSMTPBODY", |c| match c.length {
        Some(n) => format!("AT+QSMTPBODY={n}"),
        None => "AT+QSMTPBODY".to_string(),
    });
    no_info_lines!();
    fn data_phase(&self) -> Option<DataPhase> {
        Some(DataPhase::Connect {
            length: self.length,
            escape: self.escape.clone(),
            idle_timeout: self.idle,
            result_prefix: Some("+QSMTPBODY"),
        })
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
    type DataResult = ();
    plain_line!("SMTPSEND", "AT+SMTPSEND");
    no_info_lines!();
    code_completion!("+SMTPSEND");
}

/// `AT+SMTPSEND` of firmware that reports progress: `+SMTPSEND: 1`
/// (session open) is passed on as a URC, any other code is the outcome.
#[derive(Debug, Clone)]
pub struct SmtpSendProgress {
    pub within: Duration,
}

impl Command for SmtpSendProgress {
    type DataResult = ();
    plain_line!("SMTPSEND", "AT+SMTPSEND");
    no_info_lines!();
    code_completion!("+SMTPSEND");
    fn completion_is_final(&self, line: &str) -> bool {
        field_after(line, "+SMTPSEND") != Some("1")
    }
}

/// `AT+SMTPSTOP`: aborts a running send; answered by `OK` only.
#[derive(Debug, Clone, Default)]
pub struct SmtpStop;

impl Command for SmtpStop {
    type Outcome = ();
    type DataResult = ();
    plain_line!("SMTPSTOP", "AT+SMTPSTOP");
    no_info_lines!();
}

/// `AT+SMTPSEND?`: a read whose `+SMTPSEND: <state>` line shares the
/// completion's prefix.
#[derive(Debug, Clone, Default)]
pub struct SmtpSendState;

impl Command for SmtpSendState {
    type Response = Vec<ResponseLine>;
    type Outcome = ();
    type DataResult = ();
    plain_line!("SMTPSEND", "AT+SMTPSEND?");
    fn claim(&self, line: &str) -> Claim {
        mine_if(line.starts_with("+SMTPSEND:"))
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Self::Response, ParseError> {
        Ok(lines.to_vec())
    }
}

/// `AT+CSMTPSSEND`: `OK`, then the outcome as `+CSMTPSSEND: <code>` — a
/// prefix the dialect also reads as a vendor error line before `ERROR`.
#[derive(Debug, Clone)]
pub struct CsmtpsSend {
    pub within: Duration,
}

impl Command for CsmtpsSend {
    type DataResult = ();
    plain_line!("CSMTPSSEND", "AT+CSMTPSSEND");
    no_info_lines!();
    code_completion!("+CSMTPSSEND");
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
    plain_line!("SMTPFT", |c| format!("AT+SMTPFT={}", c.len));
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
    plain_line!("POP3HDR", |c| format!("AT+POP3HDR={}", c.msg));
    fn claim(&self, line: &str) -> Claim {
        mine_if(line.starts_with("+POP3HDR:"))
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
    plain_line!("TEST", |c| format!("AT+TEST={}", c.id));
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
}

/// How a [`TableCmd`] claims a line.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Lines with this prefix are `Mine`.
    Mine(&'static str),
    /// Lines `<prefix>: <n>` are `MineWithPayload(n)`.
    Counted(&'static str),
    /// Lines with this prefix are `Mine` if they are one of these lines
    /// exactly (the command's shapes), else `Unrecognised`.
    Shapes(&'static str, &'static [&'static str]),
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
    plain_line!("TABLE", |c| c.line);
    fn claim(&self, line: &str) -> Claim {
        for rule in &self.rules {
            match *rule {
                Rule::Mine(p) if line.starts_with(p) => return Claim::Mine,
                Rule::Shapes(p, shapes) if line.starts_with(p) => {
                    return match shapes.contains(&line) {
                        true => Claim::Mine,
                        false => Claim::Unrecognised,
                    };
                }
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
}

/// `AT`: the simplest command, used to resynchronise.
#[derive(Debug, Clone, Default)]
pub struct At;

impl Command for At {
    type Outcome = ();
    type DataResult = ();
    plain_line!("AT", "AT");
    no_info_lines!();
}
