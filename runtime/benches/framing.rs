//! Framing and routing throughput, sans-io (no port, no threads): how much
//! the runtime spends per received line before generated code sees it.
//!
//! - `framer/*`: [`Framer`] alone on a realistic multi-line stream (echo,
//!   information lines, blank lines, results, URCs) read in 64-byte pieces,
//!   and on back-to-back `+QSMTPPUT: 0,0` URCs; reported per line, through
//!   the owned (`next_frame`, one copy per line) and the borrowed
//!   (`next_frame_ref`, what the router uses) API, and framed in place
//!   (`feed`: lines borrowed from the read, only a line split by the read
//!   boundary copied).
//! - `router/*`: the [`Router`] on the same bytes: idle URC routing (typed
//!   `+QSMTPPUT` URCs) and whole command exchanges; reported per line.

#[path = "../tests/support/mod.rs"]
mod support;

use atspec_runtime::framer::{Frame, FrameRef, Framer};
use atspec_runtime::router::{Event, Router};
use atspec_runtime::trace::Tracer;
use atspec_runtime::{Claim, Command, Dialect, VendorError};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use support::commands::ReadServer;

/// A dialect with the one URC the bench routes.
#[derive(Debug)]
struct PutDialect;

/// `+QSMTPPUT: <err>,<protocol_error>`.
#[derive(Debug)]
#[allow(dead_code)]
struct QsmtpPut(i32, i32);

impl Dialect for PutDialect {
    type Urc = QsmtpPut;
    fn parse_urc(line: &str) -> Option<QsmtpPut> {
        let rest = line.strip_prefix("+QSMTPPUT:")?.trim();
        let (a, b) = rest.split_once(',')?;
        Some(QsmtpPut(a.trim().parse().ok()?, b.trim().parse().ok()?))
    }
    fn final_error(line: &str) -> Option<VendorError> {
        let code = line.strip_prefix("+CME ERROR:")?.trim().parse().ok()?;
        Some(VendorError {
            prefix: "+CME ERROR",
            code,
            meaning: None,
        })
    }
    fn error_line(_line: &str) -> Option<VendorError> {
        None
    }
}

/// One command's traffic with echo on: echo, URCs around an information
/// line, blank lines, the result.
const EXCHANGE: &[u8] = b"AT+SMTPSRV?\r\r\n+QSMTPPUT: 0,0\r\n+SMTPSRV: \"mail.example.com\",25\r\n\r\n+QSMTPPUT: 0,1\r\n\r\nOK\r\n";
/// Line frames in [`EXCHANGE`] (blank ones included).
const EXCHANGE_LINES: u64 = 8;
/// How many exchanges one iteration frames.
const ROUNDS: usize = 100;
/// One URC as modems send it.
const PUT: &[u8] = b"\r\n+QSMTPPUT: 0,0\r\n";

fn stream(unit: &[u8], times: usize) -> Vec<u8> {
    unit.iter()
        .copied()
        .cycle()
        .take(unit.len() * times)
        .collect()
}

/// Frames `bytes` pushed in `read`-sized pieces; returns the line count.
fn frame_owned(framer: &mut Framer, bytes: &[u8], read: usize) -> usize {
    let mut lines = 0;
    for piece in bytes.chunks(read) {
        framer.push(piece);
        while let Some(frame) = framer.next_frame() {
            if let Frame::Line(line) = frame {
                lines += 1;
                black_box(&line);
            }
        }
    }
    lines
}

/// [`frame_owned`] through the borrowed API (no copy per line).
fn frame_borrowed(framer: &mut Framer, bytes: &[u8], read: usize) -> usize {
    let mut lines = 0;
    for piece in bytes.chunks(read) {
        framer.push(piece);
        while let Some(frame) = framer.next_frame_ref() {
            if let FrameRef::Line(line) = frame {
                lines += 1;
                black_box(line);
            }
        }
    }
    lines
}

/// [`frame_borrowed`] framing each read in place ([`Framer::feed`]).
fn frame_in_place(framer: &mut Framer, bytes: &[u8], read: usize) -> usize {
    let mut lines = 0;
    for piece in bytes.chunks(read) {
        let mut feed = framer.feed(piece);
        while let Some(frame) = feed.next_frame_ref() {
            if let FrameRef::Line(line) = frame {
                lines += 1;
                black_box(line);
            }
        }
    }
    lines
}

fn framer(c: &mut Criterion) {
    let mut g = c.benchmark_group("framer");
    g.sample_size(30);
    g.measurement_time(std::time::Duration::from_secs(2));
    let mixed = stream(EXCHANGE, ROUNDS);
    g.throughput(Throughput::Elements(EXCHANGE_LINES * ROUNDS as u64));
    let mut f = Framer::new();
    assert_eq!(
        frame_owned(&mut f, &mixed, 64) as u64,
        EXCHANGE_LINES * ROUNDS as u64
    );
    g.bench_function("mixed_64b_reads", |b| {
        b.iter(|| frame_owned(&mut f, black_box(&mixed), 64))
    });
    g.bench_function("mixed_64b_reads_borrowed", |b| {
        b.iter(|| frame_borrowed(&mut f, black_box(&mixed), 64))
    });
    assert_eq!(
        frame_in_place(&mut f, &mixed, 64) as u64,
        EXCHANGE_LINES * ROUNDS as u64
    );
    g.bench_function("mixed_64b_reads_in_place", |b| {
        b.iter(|| frame_in_place(&mut f, black_box(&mixed), 64))
    });
    let puts = stream(PUT, ROUNDS);
    // Per `+QSMTPPUT: 0,0` line (its leading blank line included in the cost).
    g.throughput(Throughput::Elements(ROUNDS as u64));
    g.bench_function("qsmtpput_per_line", |b| {
        b.iter(|| frame_owned(&mut f, black_box(&puts), puts.len()))
    });
    g.bench_function("qsmtpput_per_line_borrowed", |b| {
        b.iter(|| frame_borrowed(&mut f, black_box(&puts), puts.len()))
    });
    g.bench_function("qsmtpput_per_line_in_place", |b| {
        b.iter(|| frame_in_place(&mut f, black_box(&puts), puts.len()))
    });
    // One read per URC, as a modem's idle URCs usually arrive.
    g.bench_function("qsmtpput_per_read_in_place", |b| {
        b.iter(|| frame_in_place(&mut f, black_box(&puts), PUT.len()))
    });
    g.finish();
}

fn router(c: &mut Criterion) {
    let mut g = c.benchmark_group("router");
    g.sample_size(30);
    g.measurement_time(std::time::Duration::from_secs(2));
    let puts = stream(PUT, ROUNDS);
    g.throughput(Throughput::Elements(ROUNDS as u64));
    let mut r = Router::<PutDialect>::new(Tracer::new());
    g.bench_function("idle_qsmtpput_per_urc", |b| {
        b.iter(|| {
            r.push(black_box(&puts));
            while r.next_event(None).is_some() {}
            let n = r.drain_urcs().count();
            assert_eq!(n, ROUNDS);
        })
    });
    let cmd = ReadServer::default();
    let mut line = Vec::new();
    cmd.encode(&mut line);
    let claim = |l: &str| cmd.claim(l);
    let claim: &dyn Fn(&str) -> Claim = &claim;
    g.throughput(Throughput::Elements(EXCHANGE_LINES * ROUNDS as u64));
    g.bench_function("exchange_per_line", |b| {
        b.iter(|| {
            for _ in 0..ROUNDS {
                r.begin(&line, "", false);
                r.push(black_box(EXCHANGE));
                let event = loop {
                    if let Some(event) = r.next_event(Some(claim)) {
                        if matches!(event, Event::Final(_)) {
                            break event;
                        }
                    }
                };
                black_box(event);
                black_box(r.take_lines());
                r.end(false);
                black_box(r.drain_urcs().count());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, framer, router);
criterion_main!(benches);
