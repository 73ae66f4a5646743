//! Every example exchange of manual 002 (SIMCom SIM900 e-mail, chapter 3), as
//! recorded in `dialects/examples/simcom_sim900.txt`.
//!
//! Each test lists, in order, the typed request for every command line of one
//! example and the exact line the manual prints for it (errata corrected). The
//! harness then replays the module's side from the examples file: the request
//! must encode to that line, claim its information lines, enter the right data
//! phase, parse its response and completion, and leave every other line to the
//! URC parser. The transcript of parsed values is snapshotted with insta.

use atspec_dialects::simcom_sim900::*;
use atspec_runtime::{Claim, Command, DataPhase, Dialect as _, ResponseLine};

const EXAMPLES: &str = include_str!("../../dialects/examples/simcom_sim900.txt");

/// Sections of the examples file; each has exactly one test below.
const SECTIONS: &[&str] = &[
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9",
];

// ---------------------------------------------------------------- harness

/// One item of a recorded exchange.
#[derive(Debug)]
enum Item {
    /// `< line`: sent by the module.
    Recv(String),
    /// `= text`: data the host sends in a data phase.
    Send(String),
    /// `~ text`: raw bytes the module sends after the previous line.
    Raw(String),
}

/// A command line and everything recorded after it up to the next one.
#[derive(Debug)]
struct Exchange {
    line: String,
    items: Vec<Item>,
}

/// The exchanges of the section whose heading starts with `id`.
fn section(id: &str) -> Vec<Exchange> {
    let mut inside = false;
    let mut out: Vec<Exchange> = Vec::new();
    for raw in EXAMPLES.lines() {
        if let Some(title) = raw.strip_prefix("# ") {
            inside = title.split_whitespace().next() == Some(id);
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(line) = raw.strip_prefix("> ") {
            out.push(Exchange {
                line: line.to_owned(),
                items: Vec::new(),
            });
            continue;
        }
        let item = if let Some(l) = raw.strip_prefix("< ") {
            Item::Recv(l.to_owned())
        } else if let Some(l) = raw.strip_prefix("= ") {
            Item::Send(l.to_owned())
        } else if let Some(l) = raw.strip_prefix("~ ") {
            Item::Raw(l.to_owned())
        } else {
            continue; // comments, errata notes, blank lines
        };
        // Lines before the first command of a section are not part of any exchange.
        if let Some(last) = out.last_mut() {
            last.items.push(item);
        }
    }
    assert!(
        !out.is_empty(),
        "section {id} not found in the examples file"
    );
    out
}

/// The encoded command line as text.
fn wire<C: Command>(cmd: &C) -> String {
    let mut out = Vec::new();
    cmd.encode(&mut out);
    String::from_utf8(out).expect("command lines are ASCII")
}

/// `n` bytes of a mail as a POP3 server sends it; `first` starts with `+OK`.
fn mail_bytes(n: usize, first: bool) -> Vec<u8> {
    let mut text = String::new();
    if first {
        text.push_str("+OK message follows\r\n");
    }
    while text.len() < n {
        text.push_str("Subject: Test\r\nThis is a new Email\r\n");
    }
    text.truncate(n);
    text.into_bytes()
}

/// Replaces each `data: [1, 2, ...]` in a Debug string by `data: <N bytes>`.
fn elide_bytes(debug: &str) -> String {
    let mut out = String::new();
    let mut rest = debug;
    while let Some(at) = rest.find("data: [") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + "data: [".len()..];
        let end = tail.find(']').expect("byte list is closed");
        let count = tail[..end]
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .count();
        out.push_str(&format!("data: <{count} bytes>"));
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// One command of an example.
trait Step {
    /// Replays `ex` against this step; returns the transcript lines.
    fn run(&self, ex: &Exchange) -> String;
}

/// A request built through the generated API and the line the manual prints.
struct Typed<C> {
    cmd: C,
    line: &'static str,
}

/// A command of another manual (bearer set-up): only checked to stay out of
/// this dialect's way.
struct Foreign {
    line: &'static str,
}

/// `cmd` must encode to `line`.
fn at<C: Command + 'static>(cmd: C, line: &'static str) -> Box<dyn Step> {
    Box::new(Typed { cmd, line })
}

/// A line of another manual.
fn foreign(line: &'static str) -> Box<dyn Step> {
    Box::new(Foreign { line })
}

impl<C: Command> Step for Typed<C> {
    fn run(&self, ex: &Exchange) -> String {
        assert_eq!(
            ex.line, self.line,
            "the test and the examples file disagree"
        );
        assert_eq!(wire(&self.cmd), format!("{}\r", self.line));
        let mut out = format!("> {}\n", self.line);
        let mut info: Vec<ResponseLine> = Vec::new();
        let mut finished = false;
        let mut items = ex.items.iter().peekable();
        while let Some(item) = items.next() {
            match item {
                Item::Recv(l) if l == "OK" => {
                    assert!(!finished, "{}: two final results", self.line);
                    let resp = self
                        .cmd
                        .parse_response(&info)
                        .unwrap_or_else(|e| panic!("{}: response does not parse: {e}", self.line));
                    out.push_str(&format!(
                        "  response: {}\n",
                        elide_bytes(&format!("{resp:?}"))
                    ));
                    finished = true;
                }
                Item::Recv(l) if l == ">" => {
                    assert_eq!(self.cmd.data_phase(), Some(DataPhase::PromptCtrlZ));
                    out.push_str("  data phase: prompt, text ended by Ctrl-Z\n");
                }
                Item::Send(text) => {
                    assert!(
                        self.cmd.data_phase().is_some(),
                        "{}: no data phase",
                        self.line
                    );
                    out.push_str(&format!("  host sends: {text}\n"));
                }
                Item::Raw(what) => panic!("{}: raw bytes without a header line: {what}", self.line),
                Item::Recv(l) if !finished => match self.cmd.claim(l) {
                    Claim::Mine => info.push(ResponseLine::Line(l.clone())),
                    Claim::MineWithPayload(n) => {
                        let Some(Item::Raw(what)) = items.next() else {
                            panic!("{}: `{l}` announces {n} raw bytes", self.line)
                        };
                        info.push(ResponseLine::Line(l.clone()));
                        info.push(ResponseLine::Payload(mail_bytes(n, what.contains("+OK"))));
                    }
                    Claim::NotMine => panic!("{}: information line `{l}` not claimed", self.line),
                },
                Item::Recv(l) => {
                    let completion = self.cmd.completion();
                    let is_completion = completion
                        .as_ref()
                        .is_some_and(|c| c.prefixes.iter().any(|p| l.starts_with(p)));
                    if is_completion {
                        let outcome = self.cmd.parse_outcome(l).unwrap_or_else(|e| {
                            panic!("{}: completion `{l}` does not parse: {e}", self.line)
                        });
                        out.push_str(&format!("  completion: {outcome:?}\n"));
                    } else {
                        assert_eq!(
                            self.cmd.claim(l),
                            Claim::NotMine,
                            "URC `{l}` claimed by {}",
                            self.line
                        );
                        let urc = Dialect::parse_urc(l)
                            .unwrap_or_else(|| panic!("`{l}` is not a URC of the dialect"));
                        out.push_str(&format!("  urc: {urc:?}\n"));
                    }
                }
            }
        }
        assert!(finished, "{}: no final result recorded", self.line);
        out
    }
}

impl Step for Foreign {
    fn run(&self, ex: &Exchange) -> String {
        assert_eq!(
            ex.line, self.line,
            "the test and the examples file disagree"
        );
        for item in &ex.items {
            if let Item::Recv(l) = item {
                assert!(
                    Dialect::parse_urc(l).is_none(),
                    "`{l}` taken for a URC of this dialect"
                );
            }
        }
        format!("> {} (general AT manual, not this dialect)\n", self.line)
    }
}

/// Runs the steps against section `id` and returns the transcript.
fn replay(id: &str, steps: &[Box<dyn Step>]) -> String {
    assert!(
        SECTIONS.contains(&id),
        "section {id} is not listed in SECTIONS"
    );
    let exchanges = section(id);
    assert_eq!(
        exchanges
            .iter()
            .map(|e| e.line.as_str())
            .collect::<Vec<_>>()
            .len(),
        steps.len(),
        "section {id}: the test has {} steps, the file {} command lines: {:#?}",
        steps.len(),
        exchanges.len(),
        exchanges.iter().map(|e| &e.line).collect::<Vec<_>>()
    );
    exchanges
        .iter()
        .zip(steps)
        .map(|(ex, step)| step.run(ex))
        .collect()
}

#[test]
fn every_section_of_the_examples_file_has_a_test() {
    let recorded: Vec<&str> = EXAMPLES
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter_map(|t| t.split_whitespace().next())
        .collect();
    assert_eq!(recorded, SECTIONS);
}

// ---------------------------------------------------------------- shared steps

fn set_bearer_and_timeout() -> Vec<Box<dyn Step>> {
    vec![
        at(EmailcidWrite::new(1).unwrap(), "AT+EMAILCID=1"),
        at(EmailtoWrite::new(30).unwrap(), "AT+EMAILTO=30"),
    ]
}

/// Server, login, sender, the three recipients of john@sim.com, subject "Test" and body.
fn john_mail_without_body() -> Vec<Box<dyn Step>> {
    vec![
        at(
            SmtpsrvWrite::new("mail.sim.com", Some(25)).unwrap(),
            "AT+SMTPSRV=\"mail.sim.com\",25",
        ),
        at(
            SmtpauthWrite::new(AuthType::Login, Some(("john", "123456"))).unwrap(),
            "AT+SMTPAUTH=1,\"john\",\"123456\"",
        ),
        at(
            SmtpfromWrite::new("john@sim.com", Some("john")).unwrap(),
            "AT+SMTPFROM=\"john@sim.com\",\"john\"",
        ),
    ]
}

fn john_recipients() -> Vec<Box<dyn Step>> {
    vec![
        at(
            SmtprcptWrite::new(
                RcptType::To,
                Some((0, Some(("john@sim.com", Some("john"))))),
            )
            .unwrap(),
            "AT+SMTPRCPT=0,0,\"john@sim.com\",\"john\"",
        ),
        at(
            SmtprcptWrite::new(
                RcptType::Cc,
                Some((0, Some(("john@sim.com", Some("john"))))),
            )
            .unwrap(),
            "AT+SMTPRCPT=1,0,\"john@sim.com\",\"john\"",
        ),
        at(
            SmtprcptWrite::new(
                RcptType::Bcc,
                Some((0, Some(("john@sim.com", Some("john"))))),
            )
            .unwrap(),
            "AT+SMTPRCPT=2,0,\"john@sim.com\",\"john\"",
        ),
    ]
}

fn subject_and_body() -> Vec<Box<dyn Step>> {
    vec![
        at(SmtpsubWrite::new("Test").unwrap(), "AT+SMTPSUB=\"Test\""),
        at(SmtpbodyExec, "AT+SMTPBODY"),
    ]
}

/// Attachment test.txt, send, one 100-byte chunk, end of attachment.
fn attach_and_send() -> Vec<Box<dyn Step>> {
    vec![
        at(
            SmtpfileWrite::new(FileType::Text, Some(("test.txt", EncodeType::SevenBit))).unwrap(),
            "AT+SMTPFILE=1,\"test.txt\",0",
        ),
        at(SmtpsendExec, "AT+SMTPSEND"),
        at(SmtpftWrite::new(100).unwrap(), "AT+SMTPFT=100"),
        at(SmtpftWrite::new(0).unwrap(), "AT+SMTPFT=0"),
    ]
}

fn pop3_login(server: &str, user: &str, port: u16, line: &'static str) -> Vec<Box<dyn Step>> {
    vec![
        at(
            Pop3srvWrite::new(server, user, "123456", Some(port)).unwrap(),
            line,
        ),
        at(Pop3inExec, "AT+POP3IN"),
        at(Pop3numExec, "AT+POP3NUM"),
    ]
}

fn retrieve_first_mail() -> Vec<Box<dyn Step>> {
    vec![
        at(Pop3listWrite::new(1).unwrap(), "AT+POP3LIST=1"),
        at(
            Pop3cmdWrite::new(Pop3CmdType::Retr, Some((1, None))).unwrap(),
            "AT+POP3CMD=4,1",
        ),
        at(Pop3readWrite::new(1460).unwrap(), "AT+POP3READ=1460"),
        at(Pop3readWrite::new(1460).unwrap(), "AT+POP3READ=1460"),
        at(Pop3readWrite::new(1460).unwrap(), "AT+POP3READ=1460"),
        at(Pop3outExec, "AT+POP3OUT"),
    ]
}

// ---------------------------------------------------------------- 3.x examples

#[test]
fn s3_1_bearer_profile() {
    let steps = vec![
        foreign("AT+SAPBR=3,1,\"Contype\",\"GPRS\""),
        foreign("AT+SAPBR=3,1,\"APN\",\"CMNET\""),
        foreign("AT+SAPBR=1,1"),
        foreign("AT+SAPBR=2,1"),
        foreign("AT+SAPBR=0,1"),
    ];
    insta::assert_snapshot!(replay("3.1", &steps));
}

#[test]
fn s3_2_send_an_email() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(john_mail_without_body());
    steps.extend(john_recipients());
    steps.extend(subject_and_body());
    steps.push(at(SmtpsendExec, "AT+SMTPSEND"));
    insta::assert_snapshot!(replay("3.2", &steps));
}

#[test]
fn s3_3_send_an_email_with_an_attachment() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(john_mail_without_body());
    steps.extend(john_recipients());
    steps.extend(subject_and_body());
    steps.extend(attach_and_send());
    insta::assert_snapshot!(replay("3.3", &steps));
}

#[test]
fn s3_4_send_a_utf8_email() {
    let mut steps = set_bearer_and_timeout();
    steps.push(at(
        SmtpcsWrite::new("UTF-8").unwrap(),
        "AT+SMTPCS=\"UTF-8\"",
    ));
    steps.extend(john_mail_without_body());
    steps.extend(john_recipients());
    steps.push(at(
        SmtpsubWrite::new("54455354").unwrap(),
        "AT+SMTPSUB=\"54455354\"",
    ));
    steps.push(at(SmtpbodyExec, "AT+SMTPBODY"));
    steps.push(at(SmtpsendExec, "AT+SMTPSEND"));
    insta::assert_snapshot!(replay("3.4", &steps));
}

#[test]
fn s3_5_retrieve_the_email() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(pop3_login(
        "mail.sim.com",
        "john",
        110,
        "AT+POP3SRV=\"mail.sim.com\",\"john\",\"123456\",110",
    ));
    steps.extend(retrieve_first_mail());
    insta::assert_snapshot!(replay("3.5", &steps));
}

#[test]
fn s3_6_delete_the_email() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(pop3_login(
        "mail.sim.com",
        "john",
        110,
        "AT+POP3SRV=\"mail.sim.com\",\"john\",\"123456\",110",
    ));
    steps.push(at(Pop3delWrite::new(1).unwrap(), "AT+POP3DEL=1"));
    steps.push(at(Pop3outExec, "AT+POP3OUT"));
    insta::assert_snapshot!(replay("3.6", &steps));
}

#[test]
fn s3_7_get_the_emails_size_and_unique_id() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(pop3_login(
        "mail.sim.com",
        "john",
        110,
        "AT+POP3SRV=\"mail.sim.com\",\"john\",\"123456\",110",
    ));
    steps.push(at(Pop3listWrite::new(1).unwrap(), "AT+POP3LIST=1"));
    steps.push(at(Pop3uidlWrite::new(1).unwrap(), "AT+POP3UIDL=1"));
    steps.push(at(Pop3outExec, "AT+POP3OUT"));
    insta::assert_snapshot!(replay("3.7", &steps));
}

#[test]
fn s3_8_send_an_email_with_an_attachment_using_smtps() {
    let mut steps = vec![at(
        EmailsslWrite::new(SslMode::On).unwrap(),
        "AT+EMAILSSL=1",
    )];
    steps.extend(set_bearer_and_timeout());
    steps.push(at(
        SmtpsrvWrite::new("smtp.google.com", Some(465)).unwrap(),
        "AT+SMTPSRV=\"smtp.google.com\",465",
    ));
    steps.push(at(
        SmtpauthWrite::new(AuthType::Login, Some(("mike", "123456"))).unwrap(),
        "AT+SMTPAUTH=1,\"mike\",\"123456\"",
    ));
    steps.push(at(
        SmtpfromWrite::new("mike@google.com", Some("mike")).unwrap(),
        "AT+SMTPFROM=\"mike@google.com\",\"mike\"",
    ));
    steps.extend(john_recipients());
    steps.extend(subject_and_body());
    steps.extend(attach_and_send());
    insta::assert_snapshot!(replay("3.8", &steps));
}

#[test]
fn s3_9_retrieve_the_email_using_pop3s() {
    let mut steps = vec![at(
        EmailsslWrite::new(SslMode::On).unwrap(),
        "AT+EMAILSSL=1",
    )];
    steps.extend(set_bearer_and_timeout());
    steps.extend(pop3_login(
        "pop.google.com",
        "mike",
        995,
        "AT+POP3SRV=\"pop.google.com\",\"mike\",\"123456\",995",
    ));
    steps.extend(retrieve_first_mail());
    insta::assert_snapshot!(replay("3.9", &steps));
}

// ---------------------------------------------------------------- details the transcripts summarise

/// The counted payload of `+POP3READ:` reaches the caller byte for byte,
/// including a line that looks like a URC or a final result.
#[test]
fn pop3read_payload_is_kept_verbatim() {
    let cmd = Pop3readWrite::new(1460).unwrap();
    let payload = b"+OK 1183 octets\r\n+POP3OUT: 1\r\nOK\r\n.\r\n".to_vec();
    let header = format!("+POP3READ: 2,{}", payload.len());
    assert_eq!(cmd.claim(&header), Claim::MineWithPayload(payload.len()));
    let lines = vec![
        ResponseLine::Line(header),
        ResponseLine::Payload(payload.clone()),
    ];
    match cmd.parse_response(&lines).unwrap() {
        Pop3readWriteResponse::Last { len, data } => {
            assert_eq!(len, payload.len() as i64);
            assert_eq!(data, payload);
        }
        other => panic!("expected the last chunk, got {other:?}"),
    }
}

/// The data phases and completions the examples rely on.
#[test]
fn data_phases_and_completions() {
    assert_eq!(SmtpbodyExec.data_phase(), Some(DataPhase::PromptCtrlZ));
    assert_eq!(
        SmtpftWrite::new(100).unwrap().data_phase(),
        Some(DataPhase::Chunked {
            ready_prefix: "+SMTPFT"
        })
    );
    let send = SmtpsendExec
        .completion()
        .expect("AT+SMTPSEND completes by URC");
    assert_eq!(send.prefixes, &["+SMTPSEND"]);
    let num = Pop3numExec
        .completion()
        .expect("AT+POP3NUM completes by URC");
    assert!(num.prefixes.contains(&"+POP3NUM") && num.prefixes.contains(&"+POP3OUT"));
    assert_eq!(
        Pop3numExec.parse_outcome("+POP3OUT: 64").unwrap(),
        Pop3Num::Closed {
            code: Pop3SessionResult::ServerTimeout
        }
    );
}

/// The attachment-chunk URC and the unread-data URC are told apart from the
/// command answers that share their prefix.
#[test]
fn urcs_sharing_a_prefix_with_an_answer() {
    assert_eq!(
        parse_urc("+SMTPFT: 1,1360"),
        Some(Urc::SmtpFtReady(SmtpFtReady { max_len: 1360 }))
    );
    assert_eq!(
        SmtpftWrite::new(100).unwrap().claim("+SMTPFT: 1,1360"),
        Claim::NotMine
    );
    assert_eq!(
        parse_urc("+POP3READ: 3,2048"),
        Some(Urc::Pop3DataWaiting(Pop3DataWaiting { data_len: 2048 }))
    );
    assert_eq!(
        Pop3readWrite::new(1460).unwrap().claim("+POP3READ: 3,2048"),
        Claim::NotMine
    );
}

/// The test and read answers of the syntax tables (chapter 2 prints no
/// example for them), in the shapes the tables give, with the spacing
/// variants modules send. The lengths and ranges in the test answers are
/// sample values: the manual prints only their placeholders.
#[test]
fn read_and_test_answers_of_the_syntax_tables() {
    let lines = |ls: &[&str]| -> Vec<ResponseLine> {
        ls.iter()
            .map(|l| ResponseLine::Line((*l).to_owned()))
            .collect()
    };
    let reads = (
        EmailcidRead
            .parse_response(&lines(&["+EMAILCID: 1"]))
            .unwrap(),
        EmailtoRead
            .parse_response(&lines(&["+EMAILTO:30"]))
            .unwrap(),
        SmtpsrvRead
            .parse_response(&lines(&["+SMTPSRV: \"mail.sim.com\", 25"]))
            .unwrap(),
        SmtpauthRead
            .parse_response(&lines(&["+SMTPAUTH: 0,\"\",\"\""]))
            .unwrap(),
        SmtpfromRead
            .parse_response(&lines(&["+SMTPFROM: \"john@sim.com\",\"john\""]))
            .unwrap(),
        SmtprcptRead
            .parse_response(&lines(&[
                "+SMTPRCPT: 0,0,\"john@sim.com\",\"john\"",
                "+SMTPRCPT: 2,1,\"boss@sim.com\",\"\"",
            ]))
            .unwrap(),
        SmtprcptRead.parse_response(&[]).unwrap(),
    );
    let more_reads = (
        SmtpsubRead
            .parse_response(&lines(&["+SMTPSUB: \"Test\""]))
            .unwrap(),
        SmtpfileRead
            .parse_response(&lines(&["+SMTPFILE: 2,\"a.bmp\",1"]))
            .unwrap(),
        SmtpfileRead
            .parse_response(&lines(&["+SMTPFILE: 0"]))
            .unwrap(),
        SmtpcsRead
            .parse_response(&lines(&["+SMTPCS: \"UTF-8\""]))
            .unwrap(),
        Pop3srvRead
            .parse_response(&lines(&[
                "+POP3SRV: \"mail.sim.com\",\"john\",\"123456\",110",
            ]))
            .unwrap(),
        EmailsslRead
            .parse_response(&lines(&["+EMAILSSL: 1"]))
            .unwrap(),
    );
    let tests = (
        EmailcidTest
            .parse_response(&lines(&["+EMAILCID: (1-3)"]))
            .unwrap(),
        EmailtoTest
            .parse_response(&lines(&["+EMAILTO: (10-120)"]))
            .unwrap(),
        SmtpsrvTest
            .parse_response(&lines(&["+SMTPSRV: 50,(1-65535)"]))
            .unwrap(),
        SmtpauthTest
            .parse_response(&lines(&["+SMTPAUTH: (0,1),50,50"]))
            .unwrap(),
        SmtprcptTest
            .parse_response(&lines(&["+SMTPRCPT: (0-2),(0-4),50,50"]))
            .unwrap(),
        SmtpfileTest
            .parse_response(&lines(&["+SMTPFILE: (0-2),50,(0,1)"]))
            .unwrap(),
        Pop3srvTest
            .parse_response(&lines(&["+POP3SRV: 50,50,50,(1-65535)"]))
            .unwrap(),
        Pop3cmdTest
            .parse_response(&lines(&["+POP3CMD: (1-4),(1-65535),(0-65535)"]))
            .unwrap(),
        Pop3readTest
            .parse_response(&lines(&["+POP3READ: (1-1460)"]))
            .unwrap(),
        EmailsslTest
            .parse_response(&lines(&["+EMAILSSL: (0,1)"]))
            .unwrap(),
        SmtpsendTest.parse_response(&[]).unwrap(),
    );
    insta::assert_debug_snapshot!((reads, more_reads, tests));
}
