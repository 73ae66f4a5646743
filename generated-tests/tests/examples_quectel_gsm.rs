//! Every example exchange of manual 004 (Quectel GSM SMTP, chapter 4), as
//! recorded in `dialects/examples/quectel_gsm.txt`.
//!
//! Each test lists, in order, the typed request for every command line of one
//! example and the exact line the manual prints for it (page wrapping
//! corrected). The harness then replays the module's side from the examples
//! file: the request must encode to that line, claim its information lines,
//! enter the right data phase, parse its response, completion and data-phase
//! result, and leave every other line to the URC parser. The transcript of
//! parsed values is snapshotted with insta.

use atspec_dialects::quectel_gsm::*;
use atspec_runtime::{Claim, Command, DataPhase, Dialect as _, ResponseLine};

const EXAMPLES: &str = include_str!("../../dialects/examples/quectel_gsm.txt");

/// Sections of the examples file; each has exactly one test below.
const SECTIONS: &[&str] = &["4.1", "4.2", "4.3", "4.4", "4.5"];

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

/// The result-line prefix of a CONNECT data phase, if the form has one.
fn connect_result_prefix<C: Command>(cmd: &C) -> Option<&'static str> {
    match cmd.data_phase() {
        Some(DataPhase::Connect { result_prefix, .. }) => result_prefix,
        _ => None,
    }
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

/// A command of another manual (GPRS context set-up): only checked to stay out of
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
        for item in &ex.items {
            match item {
                Item::Recv(l) if l == "OK" => {
                    assert!(!finished, "{}: two final results", self.line);
                    let resp = self
                        .cmd
                        .parse_response(&info)
                        .unwrap_or_else(|e| panic!("{}: response does not parse: {e}", self.line));
                    out.push_str(&format!("  response: {resp:?}\n"));
                    finished = true;
                }
                Item::Recv(l) if l == "CONNECT" => {
                    let Some(DataPhase::Connect { escape, .. }) = self.cmd.data_phase() else {
                        panic!("{}: CONNECT without a connect data phase", self.line)
                    };
                    assert_eq!(escape.map(|(seq, _)| seq), Some(b"+++".to_vec()));
                    out.push_str("  data phase: CONNECT, bytes ended by +++\n");
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
                        panic!(
                            "{}: no Quectel answer carries raw bytes ({n} announced)",
                            self.line
                        )
                    }
                    Claim::NotMine => panic!("{}: information line `{l}` not claimed", self.line),
                },
                Item::Recv(l) => {
                    let completion = self.cmd.completion();
                    let is_completion = completion
                        .as_ref()
                        .is_some_and(|c| c.prefixes.iter().any(|p| l.starts_with(p)));
                    if let Some(prefix) =
                        connect_result_prefix(&self.cmd).filter(|p| l.starts_with(p))
                    {
                        // The line that closes a CONNECT data phase.
                        assert_eq!(
                            self.cmd.claim(l),
                            Claim::Mine,
                            "{}: `{l}` not claimed",
                            self.line
                        );
                        let resp = self.cmd.parse_response(&[ResponseLine::Line(l.clone())]);
                        assert!(resp.is_ok(), "{}: `{l}` rejected: {resp:?}", self.line);
                        out.push_str(&format!("  data result ({prefix}): {l}\n"));
                    } else if is_completion {
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

// ---------------------------------------------------------------- 4.x examples

#[test]
fn s4_1_configure_smtp_server() {
    let steps = vec![
        at(
            QsmtpsrvWrite::new("smtp.163.com", 25).unwrap(),
            "AT+QSMTPSRV=\"smtp.163.com\",25",
        ),
        at(
            QsmtpuserWrite::new("quectel").unwrap(),
            "AT+QSMTPUSER=\"quectel\"",
        ),
        at(QsmtppwdWrite::new("test").unwrap(), "AT+QSMTPPWD=\"test\""),
    ];
    insta::assert_snapshot!(replay("4.1", &steps));
}

#[test]
fn s4_2_configure_the_information_of_sender() {
    let steps = vec![
        at(
            QsmtpnameWrite::new("quectel").unwrap(),
            "AT+QSMTPNAME=\"quectel\"",
        ),
        at(
            QsmtpaddrWrite::new("quectel@163.com").unwrap(),
            "AT+QSMTPADDR=\"quectel@163.com\"",
        ),
    ];
    insta::assert_snapshot!(replay("4.2", &steps));
}

#[test]
fn s4_3_add_recipients() {
    let steps = vec![
        at(
            QsmtpdstWrite::new(
                DstMode::Add,
                Some((RcptType::Cc, Some("colin.hu@quectel.com"))),
            )
            .unwrap(),
            "AT+QSMTPDST=1,2,\"colin.hu@quectel.com\"",
        ),
        at(
            QsmtpdstWrite::new(
                DstMode::Delete,
                Some((RcptType::Cc, Some("colin.hu@quectel.com"))),
            )
            .unwrap(),
            "AT+QSMTPDST=0,2,\"colin.hu@quectel.com\"",
        ),
    ];
    insta::assert_snapshot!(replay("4.3", &steps));
}

#[test]
fn s4_4_edit_the_content_of_the_email() {
    let steps = vec![
        at(
            QsmtpsubWrite::new(Charset::Ascii, "SMTP TEST").unwrap(),
            "AT+QSMTPSUB=0,\"SMTP TEST\"",
        ),
        at(
            QsmtpbodyWrite::new(Charset::Utf8, Some(100)).unwrap(),
            "AT+QSMTPBODY=1,100",
        ),
        at(
            QsmtpattWrite::new("bigfile.txt", None).unwrap(),
            "AT+QSMTPATT=\"bigfile.txt\"",
        ),
        at(QsmtpattRead, "AT+QSMTPATT?"),
        at(QsmtpdattWrite::new(1).unwrap(), "AT+QSMTPDATT=1"),
    ];
    insta::assert_snapshot!(replay("4.4", &steps));
}

#[test]
fn s4_5_send_email() {
    let steps = vec![
        foreign("AT+QIFGCNT=0"),
        foreign("AT+QICSGP=1,\"CMNET\""),
        at(QsmtpputWrite::new(300).unwrap(), "AT+QSMTPPUT=300"),
    ];
    insta::assert_snapshot!(replay("4.5", &steps));
}

// ---------------------------------------------------------------- details the transcripts summarise

/// The data phases and completions the examples rely on.
#[test]
fn data_phases_and_completions() {
    let Some(DataPhase::Connect {
        length,
        escape,
        idle_timeout,
        result_prefix,
    }) = QsmtpbodyWrite::new(Charset::Utf8, Some(100))
        .unwrap()
        .data_phase()
    else {
        panic!("AT+QSMTPBODY has a CONNECT data phase")
    };
    assert_eq!(length, None);
    assert_eq!(escape.map(|(seq, _)| seq), Some(b"+++".to_vec()));
    assert_eq!(idle_timeout, Some(std::time::Duration::from_secs(100)));
    assert_eq!(result_prefix, Some("+QSMTPBODY"));

    let Some(DataPhase::Connect { length, .. }) = QsmtpattWrite::new("a.txt", Some((20090, 60)))
        .unwrap()
        .data_phase()
    else {
        panic!("AT+QSMTPATT has a CONNECT data phase")
    };
    assert_eq!(length, Some(20090));

    let put = QsmtpputWrite::new(300)
        .unwrap()
        .completion()
        .expect("AT+QSMTPPUT completes by URC");
    assert_eq!(put.prefixes, &["+QSMTPPUT"]);
    assert_eq!(put.timeout, std::time::Duration::from_secs(300));
    assert_eq!(
        QsmtpputExec.parse_outcome("+QSMTPPUT: -535").unwrap(),
        QsmtpPut {
            result: QsmtpResult::AuthFailed
        }
    );
    assert_eq!(
        QsmtpdattExec.parse_outcome("+QSMTPDATT:0").unwrap(),
        QsmtpDatt {
            result: QsmtpResult::Ok
        }
    );
}

/// The read forms' answers, as the syntax tables print them (the manual has
/// no example for them): literal test answers, the masked password, the
/// recipient list, the auth-mode query.
#[test]
fn read_and_test_answers_of_the_syntax_tables() {
    let lines = |ls: &[&str]| -> Vec<ResponseLine> {
        ls.iter()
            .map(|l| ResponseLine::Line((*l).to_owned()))
            .collect()
    };
    QsmtpuserTest
        .parse_response(&lines(&["+QSMTPUSER: \"USER\""]))
        .unwrap();
    QsmtppwdTest
        .parse_response(&lines(&["+QSMTPPWD: \"PASSWORD\""]))
        .unwrap();
    let pwd = QsmtppwdRead
        .parse_response(&lines(&["+QSMTPPWD: \"<****>\""]))
        .unwrap();
    let srv = QsmtpsrvRead
        .parse_response(&lines(&["+QSMTPSRV: \"smtp.163.com\",25"]))
        .unwrap();
    let dst = QsmtpdstRead
        .parse_response(&lines(&[
            "+QSMTPDST: 1,\"a@quectel.com\"",
            "+QSMTPDST: 2,\"colin.hu@quectel.com\"",
        ]))
        .unwrap();
    let none = QsmtpdstRead.parse_response(&[]).unwrap();
    let sub = QsmtpsubRead
        .parse_response(&lines(&["+QSMTPSUB: 1,\"E4BDA0E5A5BD\""]))
        .unwrap();
    let cfg_query = Qsmtpcfg1Write::new(None).unwrap();
    let cfg = cfg_query.parse_response(&lines(&["+QSMTPCFG:1"])).unwrap();
    let tests = (
        QsmtpsrvTest
            .parse_response(&lines(&["+QSMTPSRV: \"SERVER\",(1-65535)"]))
            .unwrap(),
        QsmtpdstTest
            .parse_response(&lines(&["+QSMTPDST: (0,1),(1-3),\"ADDRESS\""]))
            .unwrap(),
        QsmtpbodyTest
            .parse_response(&lines(&["+QSMTPBODY: (0-3),(1-48000)"]))
            .unwrap(),
        QsmtpputTest
            .parse_response(&lines(&["+QSMTPPUT: (100-48000)"]))
            .unwrap(),
    );
    let more_tests = (
        QsmtpaddrTest
            .parse_response(&lines(&["+QSMTPADDR: \"ADDRESS\""]))
            .unwrap(),
        QsmtpnameTest
            .parse_response(&lines(&["+QSMTPNAME: \"NAME\""]))
            .unwrap(),
        QsmtpsubTest
            .parse_response(&lines(&["+QSMTPSUB: (0-3),\"TITLE\""]))
            .unwrap(),
        // The manual prints the placeholder <fileSz> here; kept verbatim.
        QsmtpattTest
            .parse_response(&lines(&["+QSMTPATT: \"FILE NAME\",(0-102400),(1-48000)"]))
            .unwrap(),
        QsmtpdattTest
            .parse_response(&lines(&["+QSMTPDATT: (1-10)"]))
            .unwrap(),
        QsmtpcfgTest
            .parse_response(&lines(&["+QSMTPCFG: (1)"]))
            .unwrap(),
        QsmtpclrTest.parse_response(&[]).unwrap(),
    );
    let user = QsmtpuserRead
        .parse_response(&lines(&["+QSMTPUSER: \"quectel\""]))
        .unwrap();
    let set_auth = Qsmtpcfg1Write::new(Some(AuthMode::NotRequired)).unwrap();
    assert_eq!(wire(&set_auth), "AT+QSMTPCFG=1,0\r");
    assert_eq!(set_auth.parse_response(&[]).unwrap(), None);
    insta::assert_debug_snapshot!((
        pwd,
        srv,
        dst,
        none,
        sub,
        wire(&cfg_query),
        cfg,
        tests,
        more_tests,
        user
    ));
}
