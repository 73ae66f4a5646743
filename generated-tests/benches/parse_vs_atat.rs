//! Parsing realistic response lines: our generated parsers vs `atat` 0.25.
//!
//! `atspec_frame_and_parse` and `atat_digest_and_parse` are the like-for-like
//! pair: both start from the same bytes off the wire and end with the parsed
//! value. Ours feeds each read to one long-lived `Framer` (as the executor
//! keeps one per port), which frames it in place (`Framer::feed`: whole lines
//! borrowed from the read, no copy), skips blank lines, decodes each line to
//! text, routes it (command claim, else URC) and parses it; a claimed line is
//! copied into the owned `ResponseLine` that `parse_response` takes, in a
//! line buffer handed back after the parse, as the router does (its spare
//! buffers: the steady state allocates only the typed values). Decoding gives exactly `String::from_utf8_lossy`'s text
//! (the router's), validating with `str::from_utf8` first, which is ~10 ns a
//! line cheaper on valid lines. atat runs its `AtDigester` (stateless:
//! building one per call costs nothing) and the derived `AtatResp`/`AtatUrc`
//! on the digested slice.
//!
//! Parser vs parser: `atspec_parse_line` (our parser alone on the framed
//! line, as the executor hands it over) and `atat_parse_only` (atat's parser
//! alone on the slice its digester would hand it), both ending with the
//! same typed values; `floor` is a hand-written parser of the same line.

use std::borrow::Cow;

use atat::atat_derive::{AtatCmd, AtatResp, AtatUrc};
use atat::heapless::String as HString;
use atat::{AtDigester, AtatCmd as _, AtatUrc as _, DigestResult, Digester};
use atspec_runtime::framer::{FrameRef, Framer};
use atspec_runtime::{Claim, Command, ResponseLine};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

// Only part of the dialect is used by the bench.
#[allow(dead_code)]
mod mail {
    atspec_macros::dialect!("specs/mail.atspec");
}

/// atat's model of the same lines.
mod theirs {
    use super::*;

    #[derive(Clone, Debug, AtatResp)]
    pub struct QsmtpPut {
        #[at_arg(position = 0)]
        pub err: i32,
        #[at_arg(position = 1)]
        pub protocol_error: i32,
    }

    #[derive(Clone, Debug, AtatResp)]
    pub struct SmtpSend {
        #[at_arg(position = 0)]
        pub code: i32,
    }

    #[derive(Clone, Debug, AtatResp)]
    pub struct Pop3Num {
        #[at_arg(position = 0)]
        pub flag: u8,
        #[at_arg(position = 1)]
        pub count: u32,
        #[at_arg(position = 2)]
        pub size: u32,
    }

    #[derive(Clone, Debug, AtatUrc)]
    pub enum Urc {
        #[at_urc("+QSMTPPUT")]
        QsmtpPut(QsmtpPut),
        #[at_urc("+SMTPSEND")]
        SmtpSend(SmtpSend),
        #[at_urc("+POP3NUM")]
        Pop3Num(Pop3Num),
    }

    #[derive(Clone, Debug, AtatResp)]
    pub struct SmtpRcpt {
        #[at_arg(position = 0)]
        pub kind: u8,
        #[at_arg(position = 1)]
        pub index: u8,
        #[at_arg(position = 2)]
        pub address: HString<50>,
        #[at_arg(position = 3)]
        pub name: HString<50>,
    }

    #[derive(Clone, AtatCmd)]
    #[at_cmd("+SMTPRCPT?", SmtpRcpt)]
    pub struct GetRcpt;

    #[derive(Clone, Debug, AtatResp)]
    pub struct SmtpSrv {
        #[at_arg(position = 0)]
        pub server: HString<50>,
        #[at_arg(position = 1)]
        pub port: u16,
    }

    #[derive(Clone, AtatCmd)]
    #[at_cmd("+SMTPSRV?", SmtpSrv)]
    pub struct GetSrv;
}

const PUT: &[u8] = b"\r\n+QSMTPPUT: 0,0\r\n";
const RCPT: &[u8] = b"\r\n+SMTPRCPT: 0,0,\"john@sim.com\",\"john\"\r\n\r\nOK\r\n";
const SRV: &[u8] = b"\r\n+SMTPSRV: \"smtp.example.com\",465\r\n\r\nOK\r\n";
const SEND: &[u8] = b"\r\n+SMTPSEND: 1\r\n";
const NUM: &[u8] = b"\r\n+POP3NUM: 1,3,10240\r\n";

/// A framed line as text: exactly `String::from_utf8_lossy(line)`, without
/// its slower validation when the line is valid UTF-8 (as modem lines are).
fn text(line: &[u8]) -> Cow<'_, str> {
    std::str::from_utf8(line).map_or_else(|_| String::from_utf8_lossy(line), Cow::Borrowed)
}

/// Ours: feeds `bytes` to `framer`, parses each non-blank line as a URC
/// (borrowed from `bytes`, trimmed and decoded as the router does); the
/// last URC wins.
fn ours_urc(framer: &mut Framer, bytes: &[u8]) -> Option<mail::Urc> {
    let mut feed = framer.feed(bytes);
    let mut urc = None;
    while let Some(frame) = feed.next_frame_ref() {
        // As the router: blank lines are skipped before any decoding.
        let FrameRef::Line(line) = frame else {
            continue;
        };
        let line = line.trim_ascii();
        if !line.is_empty() {
            urc = mail::parse_urc(&text(line));
        }
    }
    urc
}

/// The lines a command claims, kept as the router keeps them: each copied
/// into a line buffer, the buffers handed back after the parse
/// (`Router::recycle_response`) and reused for the next lines.
#[derive(Default)]
struct Collected {
    lines: Vec<ResponseLine>,
    spare: Vec<String>,
}

impl Collected {
    /// Keeps a copy of `line` in a reused buffer (a new one if none is spare).
    fn push(&mut self, line: &str) {
        let mut s = self.spare.pop().unwrap_or_default();
        s.push_str(line);
        self.lines.push(ResponseLine::Line(s));
    }

    /// Empties the lines, keeping their buffers.
    fn recycle(&mut self) {
        for line in self.lines.drain(..) {
            if let ResponseLine::Line(mut s) = line {
                s.clear();
                self.spare.push(s);
            }
        }
    }
}

/// Ours: feeds `bytes` to `framer`, keeps the lines `cmd` claims (copied
/// into `kept`'s buffers) and parses them at `OK`.
fn ours_response<C: Command>(
    framer: &mut Framer,
    kept: &mut Collected,
    cmd: &C,
    bytes: &[u8],
) -> Option<C::Response> {
    let mut feed = framer.feed(bytes);
    let mut response = None;
    while let Some(frame) = feed.next_frame_ref() {
        let FrameRef::Line(line) = frame else {
            continue;
        };
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let line = text(line);
        if line == "OK" {
            response = cmd.parse_response(&kept.lines).ok();
            kept.recycle();
        } else if cmd.claim(&line) == Claim::Mine {
            kept.push(&line);
        }
    }
    response
}

/// atat: digests `bytes` and parses what comes out.
fn theirs_urc(bytes: &[u8]) -> Option<theirs::Urc> {
    let mut digester = AtDigester::<theirs::Urc>::new();
    let (result, _) = digester.digest(bytes);
    match result {
        DigestResult::Urc(urc) => theirs::Urc::parse(urc),
        _ => None,
    }
}

fn theirs_response<C: atat::AtatCmd>(cmd: &C, bytes: &[u8]) -> Option<C::Response> {
    let mut digester = AtDigester::<theirs::Urc>::new();
    let (result, _) = digester.digest(bytes);
    match result {
        DigestResult::Response(resp) => cmd.parse(resp).ok(),
        _ => None,
    }
}

fn sanity(framer: &mut Framer, kept: &mut Collected) {
    assert!(matches!(
        ours_urc(framer, PUT),
        Some(mail::Urc::QsmtpPut(mail::QsmtpPut {
            err: 0,
            protocol_error: 0
        }))
    ));
    assert!(matches!(
        theirs_urc(PUT),
        Some(theirs::Urc::QsmtpPut(theirs::QsmtpPut {
            err: 0,
            protocol_error: 0
        }))
    ));
    let ours =
        ours_response(framer, kept, &mail::SmtprcptRead, RCPT).expect("ours parses the recipient");
    assert_eq!(ours[0].address, "john@sim.com");
    assert_eq!(ours[0].name.as_deref(), Some("john"));
    let theirs = theirs_response(&theirs::GetRcpt, RCPT).expect("atat parses the recipient");
    assert_eq!(theirs.address.as_str(), "john@sim.com");
    assert_eq!(theirs.name.as_str(), "john");
    let ours_srv =
        ours_response(framer, kept, &mail::SmtpsrvRead, SRV).expect("ours parses the server");
    assert_eq!(
        (ours_srv.server.as_str(), ours_srv.port),
        ("smtp.example.com", 465)
    );
    let theirs_srv = theirs_response(&theirs::GetSrv, SRV).expect("atat parses the server");
    assert_eq!(
        (theirs_srv.server.as_str(), theirs_srv.port),
        ("smtp.example.com", 465)
    );
    assert_eq!((theirs.kind, theirs.index), (0, 0));
    assert_eq!((ours[0].kind, ours[0].index), (mail::RcptType::To, 0));
    assert!(matches!(
        ours_urc(framer, SEND),
        Some(mail::Urc::SmtpSend(mail::SmtpSend {
            code: mail::SmtpResult::Sent
        }))
    ));
    assert!(matches!(
        theirs_urc(SEND),
        Some(theirs::Urc::SmtpSend(theirs::SmtpSend { code: 1 }))
    ));
    assert!(matches!(
        ours_urc(framer, NUM),
        Some(mail::Urc::Pop3Num(mail::Pop3Num::Listed {
            count: 3,
            size: 10240
        }))
    ));
    assert!(matches!(
        theirs_urc(NUM),
        Some(theirs::Urc::Pop3Num(theirs::Pop3Num {
            flag: 1,
            count: 3,
            size: 10240
        }))
    ));
}

/// The slice atat's digester hands a parser for `bytes`.
fn digest_of(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut digester = AtDigester::<theirs::Urc>::new();
    match digester.digest(bytes).0 {
        DigestResult::Urc(urc) => Some(urc.to_vec()),
        DigestResult::Response(Ok(resp)) => Some(resp.to_vec()),
        _ => None,
    }
}

/// The slices atat's parsers are given alone are the ones its digester
/// hands them: `responses` (QSMTPPUT, SMTPRCPT, SMTPSRV) and the URCs
/// `urcs` (SMTPSEND, POP3NUM) parse to the values the digested bytes do.
fn digested_slices_parse(responses: [&[u8]; 3], urcs: [&[u8]; 2]) {
    let [put, rcpt, srv] = responses;
    assert!(matches!(
        theirs::Urc::parse(put),
        Some(theirs::Urc::QsmtpPut(theirs::QsmtpPut {
            err: 0,
            protocol_error: 0
        }))
    ));
    let r = theirs::GetRcpt
        .parse(Ok(rcpt))
        .expect("atat parses the recipient");
    assert_eq!(
        (r.kind, r.index, r.address.as_str()),
        (0, 0, "john@sim.com")
    );
    let r = theirs::GetSrv
        .parse(Ok(srv))
        .expect("atat parses the server");
    assert_eq!((r.server.as_str(), r.port), ("smtp.example.com", 465));
    assert!(matches!(
        theirs::Urc::parse(urcs[0]),
        Some(theirs::Urc::SmtpSend(theirs::SmtpSend { code: 1 }))
    ));
    assert!(matches!(
        theirs::Urc::parse(urcs[1]),
        Some(theirs::Urc::Pop3Num(theirs::Pop3Num {
            flag: 1,
            count: 3,
            size: 10240
        }))
    ));
}

/// Hand-written floor: `+QSMTPPUT: <int>,<int>` into the same values, the
/// least work a strict parser can do (no error detail).
fn floor_put(line: &str) -> Option<(i64, i64)> {
    let rest = line.strip_prefix("+QSMTPPUT:")?.trim_start();
    let (a, b) = rest.split_once(',')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Hand-written floor: `+SMTPSRV: "<server>",<port>` into an owned server
/// and a port in 1..=65535.
fn floor_srv(line: &str) -> Option<(String, u16)> {
    let rest = line.strip_prefix("+SMTPSRV:")?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let (server, port) = rest.split_once("\",")?;
    let port: u16 = port.parse().ok()?;
    (port != 0).then(|| (server.to_owned(), port))
}

/// The framed lines of each byte string, as the executor hands them over.
fn framed(bytes: &[u8]) -> Vec<String> {
    let mut framer = Framer::new();
    framer.push(bytes);
    let mut out = Vec::new();
    while let Some(frame) = framer.next_frame_ref() {
        if let FrameRef::Line(line) = frame {
            if !line.is_empty() && line != b"OK" {
                out.push(String::from_utf8(line.to_vec()).expect("utf-8"));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    // One framer for the whole run, as the executor keeps one per port.
    let mut framer = Framer::new();
    let mut kept = Collected::default();
    sanity(&mut framer, &mut kept);
    assert_eq!(
        framer.buffered(),
        0,
        "every byte string is framed completely"
    );
    let read = mail::SmtprcptRead;
    let srv = mail::SmtpsrvRead;
    let put_line = framed(PUT).remove(0);
    let rcpt_lines: Vec<ResponseLine> = framed(RCPT).into_iter().map(ResponseLine::Line).collect();
    let srv_lines: Vec<ResponseLine> = framed(SRV).into_iter().map(ResponseLine::Line).collect();
    let send_line = framed(SEND).remove(0);
    let num_line = framed(NUM).remove(0);
    // atat's parsers alone get the bytes its digester would hand them.
    let put_digested: &[u8] = b"+QSMTPPUT: 0,0";
    let rcpt_digested: &[u8] = b"+SMTPRCPT: 0,0,\"john@sim.com\",\"john\"";
    let srv_digested: &[u8] = b"+SMTPSRV: \"smtp.example.com\",465";
    let send_digested: &[u8] = b"+SMTPSEND: 1";
    let num_digested: &[u8] = b"+POP3NUM: 1,3,10240";
    for (bytes, slice) in [
        (PUT, put_digested),
        (RCPT, rcpt_digested),
        (SRV, srv_digested),
        (SEND, send_digested),
        (NUM, num_digested),
    ] {
        assert_eq!(digest_of(bytes).as_deref(), Some(slice), "{bytes:?}");
    }
    digested_slices_parse(
        [put_digested, rcpt_digested, srv_digested],
        [send_digested, num_digested],
    );

    // One group per line: the like-for-like pair (our framer + parser, atat's
    // digester + parser, on the same bytes), and for reference both parsers
    // alone.
    let mut g = c.benchmark_group("qsmtpput_urc");
    g.bench_function("atspec_parse_line", |b| {
        b.iter(|| mail::parse_urc(black_box(&put_line)))
    });
    g.bench_function("atat_digest_and_parse", |b| {
        b.iter(|| theirs_urc(black_box(PUT)))
    });
    g.bench_function("atat_parse_only", |b| {
        b.iter(|| theirs::Urc::parse(black_box(put_digested)))
    });
    g.bench_function("atspec_frame_and_parse", |b| {
        b.iter(|| ours_urc(&mut framer, black_box(PUT)))
    });
    assert_eq!(floor_put(&put_line), Some((0, 0)));
    g.bench_function("floor", |b| b.iter(|| floor_put(black_box(&put_line))));

    g.finish();

    let mut g = c.benchmark_group("smtprcpt_response");
    g.bench_function("atspec_parse_line", |b| {
        b.iter(|| read.parse_response(black_box(&rcpt_lines)))
    });
    g.bench_function("atat_digest_and_parse", |b| {
        b.iter(|| theirs_response(&theirs::GetRcpt, black_box(RCPT)))
    });
    g.bench_function("atat_parse_only", |b| {
        b.iter(|| theirs::GetRcpt.parse(Ok(black_box(rcpt_digested))))
    });
    g.bench_function("atspec_frame_and_parse", |b| {
        b.iter(|| ours_response(&mut framer, &mut kept, &read, black_box(RCPT)))
    });
    g.finish();

    let mut g = c.benchmark_group("smtpsrv_response");
    g.bench_function("atspec_parse_line", |b| {
        b.iter(|| srv.parse_response(black_box(&srv_lines)))
    });
    g.bench_function("atat_digest_and_parse", |b| {
        b.iter(|| theirs_response(&theirs::GetSrv, black_box(SRV)))
    });
    g.bench_function("atat_parse_only", |b| {
        b.iter(|| theirs::GetSrv.parse(Ok(black_box(srv_digested))))
    });
    g.bench_function("atspec_frame_and_parse", |b| {
        b.iter(|| ours_response(&mut framer, &mut kept, &srv, black_box(SRV)))
    });
    let ResponseLine::Line(srv_line) = &srv_lines[0] else {
        unreachable!("framed lines are text")
    };
    assert_eq!(
        floor_srv(srv_line),
        Some(("smtp.example.com".to_owned(), 465))
    );
    g.bench_function("floor", |b| b.iter(|| floor_srv(black_box(srv_line))));
    g.finish();

    let mut g = c.benchmark_group("mix_of_five");
    g.bench_function("atspec_parse_line", |b| {
        b.iter(|| {
            (
                mail::parse_urc(black_box(&put_line)),
                read.parse_response(black_box(&rcpt_lines)),
                srv.parse_response(black_box(&srv_lines)),
                mail::parse_urc(black_box(&send_line)),
                mail::parse_urc(black_box(&num_line)),
            )
        })
    });
    g.bench_function("atat_parse_only", |b| {
        b.iter(|| {
            (
                theirs::Urc::parse(black_box(put_digested)),
                theirs::GetRcpt.parse(Ok(black_box(rcpt_digested))),
                theirs::GetSrv.parse(Ok(black_box(srv_digested))),
                theirs::Urc::parse(black_box(send_digested)),
                theirs::Urc::parse(black_box(num_digested)),
            )
        })
    });
    g.bench_function("atat_digest_and_parse", |b| {
        b.iter(|| {
            (
                theirs_urc(black_box(PUT)),
                theirs_response(&theirs::GetRcpt, black_box(RCPT)),
                theirs_response(&theirs::GetSrv, black_box(SRV)),
                theirs_urc(black_box(SEND)),
                theirs_urc(black_box(NUM)),
            )
        })
    });
    g.bench_function("atspec_frame_and_parse", |b| {
        b.iter(|| {
            (
                ours_urc(&mut framer, black_box(PUT)),
                ours_response(&mut framer, &mut kept, &read, black_box(RCPT)),
                ours_response(&mut framer, &mut kept, &srv, black_box(SRV)),
                ours_urc(&mut framer, black_box(SEND)),
                ours_urc(&mut framer, black_box(NUM)),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
