//! The anchor stream (issue 12): six exchanges, every line typed, on the
//! same bytes through atspec (frame + route + typed parse, driven as
//! `Modem` drives its router) and atat 0.25 (its `AtDigester` behind an
//! ingress buffer as atat's `Ingress` keeps one, then the derived parsers).
//!
//! Per cycle, echo off (`ATE0`), 266 bytes from the modem:
//! 1. `AT+SMTPSRV="smtp.example.com",25` → `OK`;
//! 2. `AT+SMTPRCPT?` → two `+SMTPRCPT:` lines, `OK`;
//! 3. idle: the URC `+SMTPSEND: 1`;
//! 4. `AT+POP3NUM` → `OK`, then its completion `+POP3NUM: 1,3,10240`;
//! 5. `AT+QSMTPPUT=300` → `OK`, then its completion `+QSMTPPUT: 0,0`;
//! 6. `AT+SMTPSRV?` → `+CME ERROR: 3`.
//!
//! Each side encodes the command line, takes the modem's bytes in reads of
//! one exchange (`one_read_per_exchange`) or of at most 16 bytes
//! (`reads_of_16b`), and types every line: the response, the completion
//! and the URC. Both sides are checked to produce the same values first.

#[path = "stream/atat_side.rs"]
mod atat_side;
#[path = "stream/atspec_side.rs"]
mod atspec_side;

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// The modem's bytes for each exchange, in order.
pub const EXCHANGES: [&[u8]; 6] = [
    b"\r\nOK\r\n",
    b"\r\n+SMTPRCPT: 0,0,\"john@sim.com\",\"john\"\r\n+SMTPRCPT: 1,1,\"ann.lee@example.org\",\"Ann Lee\"\r\n\r\nOK\r\n",
    b"\r\n+SMTPSEND: 1\r\n",
    b"\r\nOK\r\n\r\n+POP3NUM: 1,3,10240\r\n",
    b"\r\nOK\r\n\r\n+QSMTPPUT: 0,0\r\n",
    b"\r\n+CME ERROR: 3\r\n",
];

/// What one cycle typed, as plain numbers both sides can be compared on.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// `(kind, index, address length)` of each recipient.
    pub recipients: Vec<(u8, u8, usize)>,
    /// The `+SMTPSEND` code.
    pub send_code: i64,
    /// `(count, size)` of `+POP3NUM`.
    pub pop3: (u32, u32),
    /// `(err, protocol_error)` of `+QSMTPPUT`.
    pub put: (i32, i32),
    /// The `+CME ERROR` code.
    pub cme: i64,
    /// Exchanges ended by `OK`.
    pub oks: usize,
}

fn cycle_bytes() -> usize {
    EXCHANGES.iter().map(|e| e.len()).sum()
}

fn bench(c: &mut Criterion) {
    let ours = atspec_side::Side::new().cycle(usize::MAX, true);
    let theirs = atat_side::Side::new().cycle(usize::MAX, true);
    assert_eq!(ours, theirs, "both sides type the same values");
    assert_eq!(atspec_side::Side::new().cycle(16, true), ours);
    assert_eq!(atat_side::Side::new().cycle(16, true), theirs);
    assert_eq!(cycle_bytes(), 266, "the issue's 266-byte cycle");

    for (name, read) in [("one_read_per_exchange", usize::MAX), ("reads_of_16b", 16)] {
        let mut g = c.benchmark_group(format!("stream/{name}"));
        g.throughput(Throughput::Bytes(cycle_bytes() as u64));
        let mut side = atspec_side::Side::new();
        g.bench_function("atspec", |b| b.iter(|| black_box(side.cycle(read, false))));
        let mut side = atat_side::Side::new();
        g.bench_function("atat", |b| b.iter(|| black_box(side.cycle(read, false))));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
