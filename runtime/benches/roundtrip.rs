//! Per-command round trip over a pty: the runtime (`Modem::send`, typed
//! response) against a raw write-and-read of the same bytes, same responder.

#[path = "../tests/support/mod.rs"]
mod support;

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use atspec_runtime::Modem;
use criterion::{criterion_group, criterion_main, Criterion};
use support::commands::ReadServer;
use support::dialect::TestDialect;

/// Interleaved rounds of raw, fast-path and threaded round trips, so load
/// from other processes hits all three alike; prints median ratios.
fn paired_ratios() {
    let mut raw = common::served_pair();
    let mut answer = Vec::new();
    let cmd = ReadServer::default();
    let (mut direct, _u1) = Modem::<TestDialect>::from_tty(common::served_pair()).expect("modem");
    let (mut threaded, _u2) =
        Modem::<TestDialect>::from_serial(Box::new(common::served_pair())).expect("modem");
    let per_round = 300;
    let mut ratios_direct = Vec::new();
    let mut ratios_threaded = Vec::new();
    let mut raw_us = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        for _ in 0..per_round {
            raw.write_all(b"AT+SMTPSRV?\r").expect("write");
            common::read_until_tail(&mut raw, &mut answer, b"OK\r\n");
        }
        let raw_t = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for _ in 0..per_round {
            direct.send(&cmd).expect("reply");
        }
        let direct_t = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for _ in 0..per_round {
            threaded.send(&cmd).expect("reply");
        }
        let threaded_t = t.elapsed().as_secs_f64();
        raw_us.push(raw_t * 1e6 / per_round as f64);
        ratios_direct.push(direct_t / raw_t);
        ratios_threaded.push(threaded_t / raw_t);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    eprintln!(
        "paired medians over 30 rounds of {per_round}: raw {:.1} us/round trip; runtime/raw: from_tty {:.2}x, from_serial {:.2}x",
        median(&mut raw_us),
        median(&mut ratios_direct),
        median(&mut ratios_threaded)
    );
}

fn roundtrip(c: &mut Criterion) {
    paired_ratios();
    let mut group = c.benchmark_group("roundtrip");

    let mut raw = common::served_pair();
    let mut answer = Vec::new();
    group.bench_function("raw write+read", |b| {
        b.iter(|| {
            raw.write_all(b"AT+SMTPSRV?\r").expect("write");
            common::read_until_tail(&mut raw, &mut answer, b"OK\r\n");
            assert_eq!(answer, common::READ_ANSWER);
        })
    });

    let cmd = ReadServer::default();
    let (mut modem, _urcs) = Modem::<TestDialect>::from_tty(common::served_pair()).expect("modem");
    group.bench_function("runtime send (from_tty)", |b| {
        b.iter(|| {
            let reply = modem.send(&cmd).expect("reply");
            assert_eq!(reply.response.1, 25);
        })
    });

    let port = Box::new(common::served_pair());
    let (mut threaded, _urcs) = Modem::<TestDialect>::from_serial(port).expect("modem");
    group.bench_function("runtime send (from_serial, reader thread)", |b| {
        b.iter(|| {
            let reply = threaded.send(&cmd).expect("reply");
            assert_eq!(reply.response.1, 25);
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = roundtrip
}
criterion_main!(benches);
