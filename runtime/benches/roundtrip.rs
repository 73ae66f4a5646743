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

/// Round trips of raw, fast-path and threaded kinds in turn, each timed
/// alone, so load from other processes hits all three alike; prints each
/// kind's median round trip (a preempted one is an outlier the median
/// ignores, where a round's total would carry it) and the ratios.
fn paired_ratios() {
    const TRIPS: usize = 3_001;
    let mut raw = common::served_pair();
    let mut answer = Vec::new();
    let cmd = ReadServer::default();
    let (mut direct, _u1) = Modem::<TestDialect>::from_tty(common::served_pair()).expect("modem");
    let (mut threaded, _u2) =
        Modem::<TestDialect>::from_serial(Box::new(common::served_pair())).expect("modem");
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..TRIPS {
        let t = Instant::now();
        raw.write_all(b"AT+SMTPSRV?\r").expect("write");
        common::read_until_tail(&mut raw, &mut answer, b"OK\r\n");
        times[0].push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        direct.send(&cmd).expect("reply");
        times[1].push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        threaded.send(&cmd).expect("reply");
        times[2].push(t.elapsed().as_secs_f64() * 1e6);
    }
    let [raw_us, direct_us, threaded_us] = times.map(|mut v| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 4], v[v.len() / 2], v[v.len() * 3 / 4])
    });
    eprintln!(
        "paired medians over {TRIPS} interleaved round trips (quartiles in us): raw {:.1} ({:.1}-{:.1}), from_tty {:.1} ({:.1}-{:.1}), from_serial {:.1} ({:.1}-{:.1}); runtime/raw: from_tty {:.2}x, from_serial {:.2}x",
        raw_us.1,
        raw_us.0,
        raw_us.2,
        direct_us.1,
        direct_us.0,
        direct_us.2,
        threaded_us.1,
        threaded_us.0,
        threaded_us.2,
        direct_us.1 / raw_us.1,
        threaded_us.1 / raw_us.1
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
