//! Per-command round trip over a pty: the runtime (`Modem::send`, typed
//! response) against a raw write-and-read of the same bytes, same responder.

#[path = "../tests/support/mod.rs"]
mod support;

mod common;

use std::io::Write;
use std::time::Duration;

use atspec_runtime::Modem;
use criterion::{criterion_group, criterion_main, Criterion};
use support::commands::ReadServer;
use support::dialect::TestDialect;

fn roundtrip(c: &mut Criterion) {
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

    let port = common::served_pair();
    let (mut modem, _urcs) = Modem::<TestDialect>::from_serial(Box::new(port)).expect("modem");
    let cmd = ReadServer::default();
    group.bench_function("runtime send", |b| {
        b.iter(|| {
            let reply = modem.send(&cmd).expect("reply");
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
