//! Table-driven framing and routing: modem bytes in, routed result out.
//!
//! Every case runs through the sans-io router with the bytes split at every
//! byte boundary (and every pair of boundaries), and through a real pty pair
//! with the host's reads ending at every byte boundary.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

#[macro_use]
mod support;

use atspec_runtime::router::{DataStart, Event, Router};
use atspec_runtime::trace::Tracer;
use atspec_runtime::{Command, DataPhase, Error, ModemError, ResponseLine, Urc, VendorError};
use std::time::Duration;

use atspec_runtime::SendOptions;
use support::commands::{At, CsmtpsSend, ReadServer, Rule, TableCmd};
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem_with, spawn_script, ReadMode};

/// What one exchange routed where.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Routed {
    data_start: bool,
    lines: Vec<ResponseLine>,
    result: Option<Result<(), ModemError>>,
    urcs: Vec<Urc<TestUrc>>,
    /// Lines with the command's prefix but none of its shapes.
    unrecognised: Vec<String>,
}

struct Case {
    name: &'static str,
    cmd: TableCmd,
    /// Everything the modem sends after the command line (up to the prompt
    /// for data-entry cases).
    modem: &'static [u8],
    /// For data-entry cases: the payload the host sends and the modem's answer.
    data: Option<(&'static [u8], &'static [u8])>,
    expect: Routed,
}

/// A router with the command line `cmd` (no `\r`) in flight.
fn router_with(cmd: &str) -> Router<TestDialect> {
    let mut router = Router::<TestDialect>::new(Tracer::new());
    router.begin(format!("{cmd}\r").as_bytes(), cmd, false);
    router
}

/// A command that claims no line.
fn not_mine(_: &str) -> atspec_runtime::Claim {
    atspec_runtime::Claim::NotMine
}

fn line(s: &str) -> ResponseLine {
    ResponseLine::Line(s.into())
}

fn cmd(line: &'static str, rules: Vec<Rule>) -> TableCmd {
    TableCmd {
        line,
        rules,
        free_text: false,
        phase: None,
    }
}

fn ok(lines: Vec<ResponseLine>, urcs: Vec<Urc<TestUrc>>) -> Routed {
    Routed {
        data_start: false,
        lines,
        result: Some(Ok(())),
        urcs,
        unrecognised: vec![],
    }
}

fn err(error: ModemError, urcs: Vec<Urc<TestUrc>>) -> Routed {
    Routed {
        data_start: false,
        lines: vec![],
        result: Some(Err(error)),
        urcs,
        unrecognised: vec![],
    }
}

fn cases() -> Vec<Case> {
    let srv = || cmd("AT+SMTPSRV?", vec![Rule::Mine("+SMTPSRV:")]);
    vec![
        Case {
            name: "write, echo off",
            cmd: cmd("AT+SMTPSRV=\"a.b\",25", vec![]),
            modem: b"\r\nOK\r\n",
            data: None,
            expect: ok(vec![], vec![]),
        },
        Case {
            name: "write, echo on",
            cmd: cmd("AT+SMTPSRV=\"a.b\",25", vec![]),
            modem: b"AT+SMTPSRV=\"a.b\",25\r\r\nOK\r\n",
            data: None,
            expect: ok(vec![], vec![]),
        },
        Case {
            name: "read with info line, echo on",
            cmd: srv(),
            modem: b"AT+SMTPSRV?\r\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n",
            data: None,
            expect: ok(vec![line("+SMTPSRV: \"a.b\",25")], vec![]),
        },
        Case {
            name: "URC before, inside and after a response",
            cmd: srv(),
            modem: b"\r\n+PING: 1\r\nAT+SMTPSRV?\r\r\n+SMTPSRV: \"a.b\",25\r\n\r\nRING\r\n\r\nOK\r\n\r\n+PING: 2\r\n",
            data: None,
            expect: ok(
                vec![line("+SMTPSRV: \"a.b\",25")],
                vec![Urc::Typed(TestUrc::Ping(1)), Urc::Typed(TestUrc::Ring), Urc::Typed(TestUrc::Ping(2))],
            ),
        },
        Case {
            name: "URC with the prefix of the response in flight",
            cmd: cmd("AT+TEST=7", vec![Rule::Mine("+TEST: 7")]),
            modem: b"\r\n+TEST: u1\r\n+TEST: 7\r\n+TEST: u2\r\n\r\nOK\r\n",
            data: None,
            expect: ok(
                vec![line("+TEST: 7")],
                vec![Urc::Typed(TestUrc::Test(1)), Urc::Typed(TestUrc::Test(2))],
            ),
        },
        Case {
            name: "+CME ERROR with meaning",
            cmd: srv(),
            modem: b"\r\n+CME ERROR: 10\r\n",
            data: None,
            expect: err(
                ModemError::Final(VendorError { prefix: "+CME ERROR", code: 10, meaning: Some("SIM not inserted") }),
                vec![],
            ),
        },
        Case {
            name: "+CMS ERROR unknown to the dialect",
            cmd: srv(),
            modem: b"\r\n+CMS ERROR: 500\r\n",
            data: None,
            expect: err(
                ModemError::Final(VendorError { prefix: "+CMS ERROR", code: 500, meaning: None }),
                vec![],
            ),
        },
        Case {
            name: "vendor error line before ERROR",
            cmd: cmd("AT+CSMTPSSEND", vec![]),
            modem: b"\r\n+CSMTPS: 603\r\n\r\nERROR\r\n",
            data: None,
            expect: err(
                ModemError::Line(VendorError { prefix: "+CSMTPS", code: 603, meaning: Some("DNS error") }),
                vec![],
            ),
        },
        Case {
            name: "bare ERROR",
            cmd: srv(),
            modem: b"AT+SMTPSRV?\r\r\nERROR\r\n",
            data: None,
            expect: err(ModemError::Error, vec![]),
        },
        Case {
            name: "counted payload containing OK and ERROR lines",
            cmd: cmd("AT+CSMTPSBODY?", vec![Rule::Counted("+CSMTPSBODY")]),
            modem: b"\r\n+CSMTPSBODY: 11\r\nOK\r\nERROR\r\n\r\nOK\r\n",
            data: None,
            expect: ok(
                vec![line("+CSMTPSBODY: 11"), ResponseLine::Payload(b"OK\r\nERROR\r\n".to_vec())],
                vec![],
            ),
        },
        Case {
            name: "URC with a counted payload during a command",
            cmd: cmd("AT", vec![]),
            modem: b"\r\n+RECV: 4\r\nOK\r\n\r\nOK\r\n",
            data: None,
            expect: ok(
                vec![],
                vec![Urc::WithPayload {
                    line: "+RECV: 4".into(),
                    urc: Some(TestUrc::Recv(4)),
                    payload: b"OK\r\n".to_vec(),
                }],
            ),
        },
        Case {
            name: "noise, empty lines, unknown lines",
            cmd: cmd("AT", vec![]),
            modem: b"\r\n\r\n\x00\xff garbage\r\n\n\r\r\n+WHAT: 1\r\nOK\r\n",
            data: None,
            expect: ok(
                vec![],
                // Not UTF-8: the exact bytes, never replacement characters.
                vec![Urc::Raw(b"\x00\xff garbage".to_vec()), Urc::Unknown("+WHAT: 1".into())],
            ),
        },
        Case {
            name: "LF-only and stray CR terminators",
            cmd: srv(),
            modem: b"\n+SMTPSRV: \"a.b\",25\r+PING: 5\nOK\r",
            data: None,
            expect: ok(vec![line("+SMTPSRV: \"a.b\",25")], vec![Urc::Typed(TestUrc::Ping(5))]),
        },
        Case {
            name: "free text after a claimed header",
            cmd: TableCmd { free_text: true, ..cmd("AT+POP3HDR=1", vec![Rule::Mine("+POP3HDR:")]) },
            modem: b"\r\n+PING: 8\r\n+POP3HDR: 1\r\nFrom: a@b\r\n\r\nSubject: +PING: 9\r\n\r\nOK\r\n",
            data: None,
            expect: ok(
                vec![line("+POP3HDR: 1"), line("From: a@b"), line(""), line("Subject: +PING: 9")],
                vec![Urc::Typed(TestUrc::Ping(8))],
            ),
        },
        Case {
            name: "late completion URC with an error-line prefix before OK",
            cmd: srv(),
            modem: b"\r\n+CSMTPSSEND: 605\r\n\r\nOK\r\n",
            data: None,
            expect: ok(vec![], vec![Urc::Typed(TestUrc::CsmtpsSend(605))]),
        },
        Case {
            name: "error-line URC before an information line",
            cmd: srv(),
            modem: b"\r\n+CSMTPSSEND: 0\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n",
            data: None,
            expect: ok(vec![line("+SMTPSRV: \"a.b\",25")], vec![Urc::Typed(TestUrc::CsmtpsSend(0))]),
        },
        Case {
            name: "error-line URC, then the command's vendor error line and ERROR",
            cmd: cmd("AT+CSMTPSSEND", vec![]),
            modem: b"\r\n+CSMTPSSEND: 0\r\n\r\n+CSMTPSSEND: 603\r\n\r\nERROR\r\n",
            data: None,
            expect: err(
                ModemError::Line(VendorError { prefix: "+CSMTPSSEND", code: 603, meaning: Some("DNS error") }),
                vec![Urc::Typed(TestUrc::CsmtpsSend(0))],
            ),
        },
        Case {
            name: "error-line URC before +CME ERROR",
            cmd: srv(),
            modem: b"\r\n+CSMTPSSEND: 605\r\n+CME ERROR: 3\r\n",
            data: None,
            expect: err(
                ModemError::Final(VendorError { prefix: "+CME ERROR", code: 3, meaning: Some("operation not allowed") }),
                vec![Urc::Typed(TestUrc::CsmtpsSend(605))],
            ),
        },
        Case {
            name: "information line that reads as an error line",
            cmd: cmd("AT+CSMTPS?", vec![Rule::Mine("+CSMTPS:")]),
            modem: b"\r\n+CSMTPS: 604\r\n\r\nOK\r\n",
            data: None,
            expect: ok(vec![line("+CSMTPS: 604")], vec![]),
        },
        Case {
            name: "error-line URC right before the prompt",
            cmd: TableCmd { phase: Some(DataPhase::PromptCtrlZ), ..cmd("AT+SMTPBODY", vec![]) },
            modem: b"AT+SMTPBODY\r\r\n+CSMTPSSEND: 1\r\n> ",
            data: Some((b"Hi", b"\r\nOK\r\n")),
            expect: Routed {
                data_start: true,
                lines: vec![],
                result: Some(Ok(())),
                urcs: vec![Urc::Typed(TestUrc::CsmtpsSend(1))],
                unrecognised: vec![],
            },
        },
        Case {
            name: "prompt without a line end",
            cmd: TableCmd { phase: Some(DataPhase::PromptCtrlZ), ..cmd("AT+SMTPBODY", vec![]) },
            modem: b"AT+SMTPBODY\r\r\n> ",
            data: Some((b"Hello\r\nworld", b"\r\n+PING: 3\r\nOK\r\n")),
            expect: Routed {
                data_start: true,
                lines: vec![],
                result: Some(Ok(())),
                urcs: vec![Urc::Typed(TestUrc::Ping(3))],
                unrecognised: vec![],
            },
        },
    ]
    .into_iter()
    .chain(final_cases())
    .chain(strict_cases())
    .collect()
}

/// Every V.250 / 3GPP final result, and the dialect's declared ones, ends
/// the command with its typed error (issue 8).
fn final_cases() -> Vec<Case> {
    let srv = || cmd("AT+SMTPSRV?", vec![Rule::Mine("+SMTPSRV:")]);
    let ends = |name: &'static str, modem: &'static [u8], error: ModemError| Case {
        name,
        cmd: srv(),
        modem,
        data: None,
        expect: err(error, vec![]),
    };
    let ext = |code| {
        ModemError::Final(VendorError {
            prefix: "+EXT ERROR",
            code,
            meaning: None,
        })
    };
    vec![
        ends("NO CARRIER", b"\r\nNO CARRIER\r\n", ModemError::NoCarrier),
        ends("BUSY", b"AT+SMTPSRV?\r\r\nBUSY\r\n", ModemError::Busy),
        ends("NO ANSWER", b"\r\nNO ANSWER\r\n", ModemError::NoAnswer),
        ends(
            "NO DIALTONE",
            b"\r\nNO DIALTONE\r\n",
            ModemError::NoDialtone,
        ),
        ends("+EXT ERROR with a code", b"\r\n+EXT ERROR: 2\r\n", ext(2)),
        ends(
            "+EXT ERROR with a text",
            b"\r\n+EXT ERROR: bad value\r\n",
            ModemError::Text("+EXT ERROR: bad value".into()),
        ),
        ends(
            "+CME ERROR with a text the dialect does not know",
            b"\r\n+CME ERROR: SIM busy\r\n",
            ModemError::Text("+CME ERROR: SIM busy".into()),
        ),
        ends(
            "bare CONNECT where no data phase waits",
            b"\r\nCONNECT\r\n",
            ModemError::UnexpectedConnect("CONNECT".into()),
        ),
        ends(
            "CONNECT <text> where no data phase waits",
            b"\r\nCONNECT 115200\r\n",
            ModemError::UnexpectedConnect("CONNECT 115200".into()),
        ),
        ends(
            "declared final error",
            b"\r\nCOMMAND NOT SUPPORT\r\n",
            ModemError::Declared("COMMAND NOT SUPPORT"),
        ),
        ends(
            "declared prompt where no data phase waits",
            b"\r\nDOWNLOAD\r\n",
            ModemError::UnexpectedPrompt("DOWNLOAD"),
        ),
        ends(
            "declared one-byte prompt as a line where no data phase waits",
            b"\r\n@\r\n",
            ModemError::UnexpectedPrompt("@"),
        ),
        Case {
            name: "declared one-byte prompt without a line end",
            cmd: TableCmd {
                phase: Some(DataPhase::PromptCtrlZ),
                ..cmd("AT+SMTPBODY", vec![])
            },
            modem: b"AT+SMTPBODY\r\r\n@",
            data: Some((b"Hi", b"\r\nOK\r\n")),
            expect: Routed {
                data_start: true,
                ..ok(vec![], vec![])
            },
        },
    ]
}

/// Lines with the command's own prefix but none of its shapes stay with
/// the command; declared URCs still interrupt free text (issue 8).
fn strict_cases() -> Vec<Case> {
    const CFG: &[&str] = &[
        "+QSMTPCFG: \"contextid\",(1-16)",
        "+QSMTPCFG: \"ssltype\",(0-2)",
    ];
    vec![
        Case {
            name: "test form with one more setting line than the spec",
            cmd: cmd("AT+QSMTPCFG=?", vec![Rule::Shapes("+QSMTPCFG:", CFG)]),
            modem: b"\r\n+QSMTPCFG: \"contextid\",(1-16)\r\n+QSMTPCFG: \"newthing\",(0,1)\r\n+QSMTPCFG: \"ssltype\",(0-2)\r\n\r\nOK\r\n",
            data: None,
            expect: Routed {
                unrecognised: vec!["+QSMTPCFG: \"newthing\",(0,1)".into()],
                ..ok(vec![line(CFG[0]), line(CFG[1])], vec![])
            },
        },
        Case {
            name: "own-prefix line a declared URC parses is a URC",
            cmd: cmd("AT+TEST=7", vec![Rule::Shapes("+TEST:", &["+TEST: 7"])]),
            modem: b"\r\n+TEST: u3\r\n+TEST: 9\r\n+TEST: 7\r\n\r\nOK\r\n",
            data: None,
            expect: Routed {
                unrecognised: vec!["+TEST: 9".into()],
                ..ok(vec![line("+TEST: 7")], vec![Urc::Typed(TestUrc::Test(3))])
            },
        },
        Case {
            name: "declared URC in the middle of free text",
            cmd: TableCmd { free_text: true, ..cmd("AT+POP3HDR=1", vec![Rule::Mine("+POP3HDR:")]) },
            modem: b"\r\n+POP3HDR: 1\r\nFrom: a@b\r\n+PING: 4\r\n +PING: 5\r\nSubject: s\r\n\r\nOK\r\n",
            data: None,
            expect: ok(
                vec![line("+POP3HDR: 1"), line("From: a@b"), line(" +PING: 5"), line("Subject: s")],
                vec![Urc::Typed(TestUrc::Ping(4))],
            ),
        },
    ]
}

/// Runs `case` through the sans-io router, feeding `chunks` one by one.
fn run_sansio(case: &Case, chunks: &[&[u8]]) -> Routed {
    let mut router = Router::<TestDialect>::new(Tracer::new());
    let mut line = Vec::new();
    case.cmd.encode(&mut line);
    router.begin(&line, &case.cmd.redacted(), case.cmd.free_text());
    if case.cmd.phase.is_some() {
        router.expect_data_start(DataStart::Prompt);
    }
    let claim = |l: &str| case.cmd.claim(l);
    let mut routed = Routed {
        data_start: false,
        lines: vec![],
        result: None,
        urcs: vec![],
        unrecognised: vec![],
    };
    for chunk in chunks {
        router.push(chunk);
        loop {
            let event = if routed.result.is_none() {
                router.next_event(Some(&claim))
            } else {
                router.next_event(None)
            };
            match event {
                None => break,
                Some(Event::DataStart) => routed.data_start = true,
                Some(Event::Final(r)) => {
                    if r.is_ok() {
                        routed.lines = router.take_lines();
                        routed.unrecognised = router.take_unrecognised();
                    }
                    routed.result = Some(r);
                    router.end(false);
                }
                Some(Event::Claimed | Event::Awaited(_)) => {}
            }
        }
    }
    routed.urcs = router.drain_urcs().collect();
    routed
}

fn stream(case: &Case) -> Vec<u8> {
    let mut all = case.modem.to_vec();
    if let Some((_, reply)) = case.data {
        all.extend_from_slice(reply);
    }
    all
}

#[test]
fn sansio_every_single_and_double_split() {
    for case in cases() {
        let all = stream(&case);
        let whole = run_sansio(&case, &[&all]);
        assert_eq!(whole, case.expect, "case `{}` unsplit", case.name);
        for i in 0..=all.len() {
            let got = run_sansio(&case, &[&all[..i], &all[i..]]);
            assert_eq!(got, case.expect, "case `{}` split at {i}", case.name);
            for j in i..=all.len() {
                let got = run_sansio(&case, &[&all[..i], &all[i..j], &all[j..]]);
                assert_eq!(
                    got, case.expect,
                    "case `{}` split at {i} and {j}",
                    case.name
                );
            }
        }
        let bytes: Vec<&[u8]> = all.chunks(1).collect();
        assert_eq!(
            run_sansio(&case, &bytes),
            case.expect,
            "case `{}` byte by byte",
            case.name
        );
    }
}

per_read_mode!(pty_every_read_boundary => pty_every_read_boundary_direct, pty_every_read_boundary_threaded);

/// Runs every case over a real pty, with the host's reads ending at every
/// byte boundary of the modem's answer.
fn pty_every_read_boundary(mode: ReadMode) {
    for case in cases() {
        let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
        let all = stream(&case);
        let rounds = all.len() + 1;
        let modem_bytes = case.modem;
        let data = case.data;
        let mut expect_line = Vec::new();
        case.cmd.encode(&mut expect_line);
        let expect_line =
            String::from_utf8_lossy(&expect_line[..expect_line.len() - 1]).into_owned();
        let script = spawn_script(end, move |end| {
            for cut in 0..rounds {
                end.expect_command(&expect_line);
                match data {
                    None => end.send_split(modem_bytes, &[cut]),
                    Some((payload, reply)) => {
                        end.send_split(modem_bytes, &[cut]);
                        let got = end.read_until(0x1A);
                        assert_eq!(got, payload, "payload before Ctrl-Z");
                        end.send_split(reply, &[cut.saturating_sub(modem_bytes.len())]);
                    }
                }
                end.expect_command("AT");
                end.send_taken(b"\r\nOK\r\n");
            }
        });
        for cut in 0..rounds {
            let outcome = match case.data {
                None => modem.send(&case.cmd),
                Some((payload, _)) => modem.send_data(&case.cmd, payload),
            };
            let (lines, unrecognised, result) = match outcome {
                Ok(reply) => (reply.response, reply.unrecognised, Ok(())),
                Err(Error::Modem { error, .. }) => (vec![], vec![], Err(error)),
                Err(other) => panic!("case `{}` cut {cut}: {other}", case.name),
            };
            modem
                .send(&At)
                .unwrap_or_else(|e| panic!("case `{}` cut {cut}: sync failed: {e}", case.name));
            let got = Routed {
                data_start: case.data.is_some(),
                lines,
                result: Some(result),
                urcs: std::iter::from_fn(|| urcs.try_recv()).collect(),
                unrecognised,
            };
            assert_eq!(
                got, case.expect,
                "case `{}` over pty, read cut at {cut}",
                case.name
            );
        }
        script.join().expect("script");
    }
}

/// One piece of a generated exchange.
#[derive(Clone, Debug)]
enum Piece {
    Ping(u64),
    SamePrefixUrc(u64),
    Info,
    Body(Vec<u8>),
    Empty,
}

fn piece() -> impl proptest::strategy::Strategy<Value = Piece> {
    use proptest::prelude::*;
    let body_byte = prop_oneof![
        Just(b'\r'),
        Just(b'\n'),
        Just(b'O'),
        Just(b'K'),
        Just(b'>'),
        Just(b' '),
        any::<u8>()
    ];
    prop_oneof![
        (0u64..1000).prop_map(Piece::Ping),
        (0u64..1000).prop_map(Piece::SamePrefixUrc),
        Just(Piece::Info),
        proptest::collection::vec(body_byte, 0..40).prop_map(Piece::Body),
        Just(Piece::Empty),
    ]
}

proptest::proptest! {
    /// Any interleaving of URCs, information lines and counted payloads
    /// (payload bytes drawn to look like terminators and `OK`), cut at any
    /// read boundaries, routes exactly as generated.
    #[test]
    fn generated_exchanges_route_exactly(
        pieces in proptest::collection::vec(piece(), 0..12),
        after in proptest::collection::vec(0u64..1000, 0..3),
        cuts in proptest::collection::vec(0usize..2000, 0..10),
    ) {
        let cmd = cmd("AT+TEST=7", vec![Rule::Mine("+TEST: 7"), Rule::Counted("+BODY")]);
        let mut bytes = Vec::new();
        let mut lines = Vec::new();
        let mut urcs = Vec::new();
        for p in &pieces {
            match p {
                Piece::Ping(n) => {
                    bytes.extend(format!("\r\n+PING: {n}\r\n").into_bytes());
                    urcs.push(Urc::Typed(TestUrc::Ping(*n)));
                }
                Piece::SamePrefixUrc(n) => {
                    bytes.extend(format!("+TEST: u{n}\r\n").into_bytes());
                    urcs.push(Urc::Typed(TestUrc::Test(*n)));
                }
                Piece::Info => {
                    bytes.extend_from_slice(b"+TEST: 7\r\n");
                    lines.push(line("+TEST: 7"));
                }
                Piece::Body(body) => {
                    let header = format!("+BODY: {}", body.len());
                    bytes.extend(format!("{header}\r\n").into_bytes());
                    bytes.extend_from_slice(body);
                    bytes.extend_from_slice(b"\r\n");
                    lines.push(line(&header));
                    lines.push(ResponseLine::Payload(body.clone()));
                }
                Piece::Empty => bytes.extend_from_slice(b"\r\n"),
            }
        }
        bytes.extend_from_slice(b"\r\nOK\r\n");
        for n in &after {
            bytes.extend(format!("\r\n+PING: {n}\r\n").into_bytes());
            urcs.push(Urc::Typed(TestUrc::Ping(*n)));
        }
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
        cuts.sort_unstable();
        let mut chunks = Vec::new();
        let mut start = 0;
        for c in cuts {
            chunks.push(&bytes[start..c]);
            start = c;
        }
        chunks.push(&bytes[start..]);
        let case = Case { name: "generated", cmd, modem: b"", data: None, expect: ok(vec![], vec![]) };
        let got = run_sansio(&case, &chunks);
        proptest::prop_assert_eq!(got, ok(lines, urcs));
    }
}

/// Feeds `bytes` to `router` cut at `cut` and collects the events, passing
/// `claim` until the final result.
fn events_split(
    router: &mut Router<TestDialect>,
    bytes: &[u8],
    cut: usize,
    claim: &dyn Fn(&str) -> atspec_runtime::Claim,
) -> Vec<Event> {
    let mut events = Vec::new();
    for chunk in [&bytes[..cut], &bytes[cut..]] {
        router.push(chunk);
        while let Some(event) = router.next_event(Some(claim)) {
            events.push(event);
        }
    }
    events
}

#[test]
fn error_line_candidate_before_ok_is_the_awaited_completion() {
    let bytes = b"\r\n+CSMTPSSEND: 0\r\n\r\nOK\r\n";
    for cut in 0..=bytes.len() {
        let mut router = router_with("AT+CSMTPSSEND");
        router.await_prefixes(vec!["+CSMTPSSEND"]);
        let events = events_split(&mut router, bytes, cut, &not_mine);
        assert_eq!(
            events,
            vec![
                Event::Awaited("+CSMTPSSEND: 0".into()),
                Event::Final(Ok(()))
            ],
            "cut at {cut}"
        );
        assert_eq!(router.drain_urcs().count(), 0, "cut at {cut}");
    }
}

#[test]
fn error_line_candidate_waits_for_the_next_line() {
    let mut router = router_with("AT+SMTPSRV?");
    router.push(b"\r\n+CSMTPSSEND: 605\r\n\r\n");
    assert_eq!(router.next_event(None), None);
    assert_eq!(router.drain_urcs().count(), 0, "held, not yet routed");
    // `ERR` could still become `ERROR`, `ERRORS` could not.
    router.push(b"ERR");
    assert_eq!(router.next_event(None), None);
    router.push(b"ORS\r\n");
    assert_eq!(router.next_event(None), None);
    let urcs: Vec<_> = router.drain_urcs().collect();
    assert_eq!(
        urcs,
        vec![
            Urc::Typed(TestUrc::CsmtpsSend(605)),
            Urc::Unknown("ERRORS".into())
        ]
    );
}

#[test]
fn held_candidate_is_a_urc_when_the_input_ends() {
    let mut router = router_with("AT+SMTPSRV?");
    router.push(b"\r\n+CSMTPSSEND: 605\r\n\r\nERR");
    assert_eq!(router.next_event(None), None);
    router.flush_held();
    router.end(true);
    assert_eq!(
        router.drain_urcs().collect::<Vec<_>>(),
        vec![Urc::Typed(TestUrc::CsmtpsSend(605))]
    );
    // One whose next line already arrived is left to routing.
    let mut router = router_with("AT+CSMTPSSEND");
    router.push(b"\r\n+CSMTPSSEND: 603\r\n");
    assert_eq!(router.next_event(None), None);
    router.push(b"ERROR\r\n");
    router.flush_held();
    assert_eq!(
        router.next_event(None),
        Some(Event::Final(Err(ModemError::Line(VendorError {
            prefix: "+CSMTPSSEND",
            code: 603,
            meaning: Some("DNS error")
        }))))
    );
    assert_eq!(router.drain_urcs().count(), 0);
}

#[test]
fn after_a_timeout_error_line_urcs_are_kept_and_late_errors_skipped() {
    // Idle after a timed-out command (echo off).
    let bytes = b"\r\n+CSMTPSSEND: 1\r\n\r\nOK\r\n\r\n+CSMTPS: 603\r\n\r\nERROR\r\n+PING: 1\r\n";
    for cut in 0..=bytes.len() {
        let mut router = router_with("AT+X");
        router.end(true);
        let events = events_split(&mut router, bytes, cut, &not_mine);
        assert_eq!(events, vec![], "cut at {cut}");
        // The late OK is skipped; after it, nothing is orphaned any more, so
        // the vendor line and ERROR are plain URCs.
        assert_eq!(
            router.drain_urcs().collect::<Vec<_>>(),
            vec![
                Urc::Typed(TestUrc::CsmtpsSend(1)),
                Urc::Unknown("+CSMTPS: 603".into()),
                Urc::Unknown("ERROR".into()),
                Urc::Typed(TestUrc::Ping(1)),
            ],
            "cut at {cut}"
        );
    }
    // The late answer is a vendor error line and ERROR: both skipped.
    let bytes = b"\r\n+CSMTPS: 603\r\n\r\nERROR\r\n+PING: 2\r\n";
    for cut in 0..=bytes.len() {
        let mut router = router_with("AT+X");
        router.end(true);
        let events = events_split(&mut router, bytes, cut, &not_mine);
        assert_eq!(events, vec![], "cut at {cut}");
        assert_eq!(
            router.drain_urcs().collect::<Vec<_>>(),
            vec![Urc::Typed(TestUrc::Ping(2))],
            "cut at {cut}"
        );
    }
}

#[test]
fn before_the_next_echo_error_line_urcs_are_kept() {
    let bytes = b"\r\n+CSMTPSSEND: 1\r\n\r\nOK\r\nAT+Y\r\r\nOK\r\n";
    for cut in 0..=bytes.len() {
        // The module echoes; the first command times out.
        let mut router = router_with("AT+X");
        router.push(b"AT+X\r\r\n");
        assert_eq!(router.next_event(None), None);
        router.end(true);
        router.begin(b"AT+Y\r", "AT+Y", false);
        let events = events_split(&mut router, bytes, cut, &not_mine);
        assert_eq!(events, vec![Event::Final(Ok(()))], "cut at {cut}");
        assert_eq!(
            router.drain_urcs().collect::<Vec<_>>(),
            vec![Urc::Typed(TestUrc::CsmtpsSend(1))],
            "cut at {cut}"
        );
    }
}

per_read_mode!(pty_late_completion_with_error_line_prefix => pty_late_completion_with_error_line_prefix_reaches_the_urc_stream_direct, pty_late_completion_with_error_line_prefix_reaches_the_urc_stream_threaded);

/// `AT+CSMTPSSEND`'s completion gives up waiting; the URC then arrives while
/// the next command collects its answer: it must reach the URC stream, not
/// be taken as that command's error. A real failure (`+CSMTPSSEND: <err>`,
/// `ERROR`) is still the command's error.
fn pty_late_completion_with_error_line_prefix(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let script = spawn_script(end, |end| {
        end.expect_command("AT+CSMTPSSEND");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT+SMTPSRV?");
        end.send_split(
            b"\r\n+CSMTPSSEND: 0\r\n\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n",
            &[20, 21],
        );
        end.expect_command("AT+CSMTPSSEND");
        end.send_split(b"\r\n+CSMTPSSEND: 603\r\n\r\nERROR\r\n", &[22]);
    });
    let send = CsmtpsSend {
        within: Duration::from_secs(5),
    };
    let opts = SendOptions {
        completion_timeout: Some(Duration::from_millis(1)),
        ..SendOptions::default()
    };
    match modem.send_with(&send, opts) {
        Err(Error::Timeout { stage, .. }) => assert_eq!(stage, atspec_runtime::Stage::Completion),
        other => panic!("expected a completion timeout, got {other:?}"),
    }
    let reply = modem.send(&ReadServer::default()).expect("server read");
    assert_eq!(reply.response, ("a.b".to_string(), 25));
    match modem.send(&send) {
        Err(Error::Modem { error, .. }) => assert_eq!(
            error,
            ModemError::Line(VendorError {
                prefix: "+CSMTPSSEND",
                code: 603,
                meaning: Some("DNS error")
            })
        ),
        other => panic!("expected the vendor error, got {other:?}"),
    }
    script.join().expect("script");
    assert_eq!(
        std::iter::from_fn(|| urcs.try_recv()).collect::<Vec<_>>(),
        vec![Urc::Typed(TestUrc::CsmtpsSend(0))]
    );
}

/// `CONNECT` where the `>` prompt is due ends the command (the module went
/// into data mode for a phase that waits for a prompt), at every split.
#[test]
fn connect_where_a_prompt_is_due_ends_the_command() {
    let bytes = b"AT+SMTPBODY\r\r\nCONNECT 9600\r\n";
    for cut in 0..=bytes.len() {
        let mut router = router_with("AT+SMTPBODY");
        router.expect_data_start(DataStart::Prompt);
        let events = events_split(&mut router, bytes, cut, &not_mine);
        assert_eq!(
            events,
            vec![Event::Final(Err(ModemError::UnexpectedConnect(
                "CONNECT 9600".into()
            )))],
            "cut at {cut}"
        );
    }
}

/// A declared line prompt (`DOWNLOAD`) opens a waiting `CONNECT` phase, and
/// a `>` does not (it is not framed as a prompt there), at every split.
#[test]
fn declared_line_prompt_opens_a_connect_phase() {
    let bytes = b"\r\n>\r\nDOWNLOAD\r\n";
    for cut in 0..=bytes.len() {
        let mut router = router_with("AT+SMTPBODY=2");
        router.expect_data_start(DataStart::Connect);
        let events = events_split(&mut router, bytes, cut, &not_mine);
        assert_eq!(events, vec![Event::DataStart], "cut at {cut}");
        assert_eq!(
            router.drain_urcs().collect::<Vec<_>>(),
            vec![Urc::Unknown(">".into())],
            "cut at {cut}"
        );
    }
}

/// A phase waiting for exactly one prompt line opens on it only: `CONNECT`
/// there ends the command as unexpected, at every split.
#[test]
fn a_phase_waiting_for_one_prompt_line_opens_on_it_only() {
    let (opens, wrong) = (b"\r\nDOWNLOAD\r\n", b"\r\nCONNECT\r\n");
    for cut in 0..=opens.len() {
        let mut router = router_with("AT+SMTPBODY=2");
        router.expect_data_start(DataStart::Line("DOWNLOAD"));
        let events = events_split(&mut router, opens, cut, &not_mine);
        assert_eq!(events, vec![Event::DataStart], "cut at {cut}");
    }
    for cut in 0..=wrong.len() {
        let mut router = router_with("AT+SMTPBODY=2");
        router.expect_data_start(DataStart::Line("DOWNLOAD"));
        let events = events_split(&mut router, wrong, cut, &not_mine);
        let unexpected = ModemError::UnexpectedConnect("CONNECT".into());
        assert_eq!(events, vec![Event::Final(Err(unexpected))], "cut at {cut}");
    }
}
