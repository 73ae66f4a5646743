//! The anchor stream (issue 12): six exchanges, every line typed, on the
//! same bytes through atspec (frame + route + typed parse, driven as
//! `Modem` drives its router) and atat 0.25 (its `AtDigester` behind an
//! ingress buffer as atat's `Ingress` keeps one, then the derived parsers).
//!
//! Per cycle, echo off (`ATE0`), 186 bytes from the modem (the issue's
//! 266-byte cycle counted the echoed command lines too):
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

// atat's models keep every field of the line, read or not.
#[allow(dead_code)]
#[path = "stream/atat_side.rs"]
mod atat_side;
#[path = "stream/atspec_side.rs"]
mod atspec_side;

use std::time::{Duration, Instant};

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

/// Interleaved rounds of both sides on the same reads, so load from other
/// processes hits both alike; prints the median time ratio (atat / atspec)
/// with its range, and atspec's median time per cycle.
fn paired_ratio(read: usize, name: &str) {
    // Short rounds: a preemption spoils few of them, and the median none.
    const ROUNDS: usize = 201;
    let (mut ours, mut theirs) = (atspec_side::Side::new(), atat_side::Side::new());
    let per_round = 200;
    let mut ratios = Vec::new();
    let mut ours_ns = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..per_round {
            black_box(ours.cycle(read, false));
        }
        let ours_t = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for _ in 0..per_round {
            black_box(theirs.cycle(read, false));
        }
        ratios.push(t.elapsed().as_secs_f64() / ours_t);
        ours_ns.push(ours_t * 1e9 / per_round as f64);
    }
    ratios.sort_by(f64::total_cmp);
    ours_ns.sort_by(f64::total_cmp);
    eprintln!(
        "paired {name}: atat/atspec median {:.2}x (range {:.2}-{:.2}), atspec {:.0} ns/cycle, over {ROUNDS} rounds of {per_round}",
        ratios[ROUNDS / 2],
        ratios[0],
        ratios[ROUNDS - 1],
        ours_ns[ROUNDS / 2]
    );
}

fn bench(c: &mut Criterion) {
    let ours = atspec_side::Side::new().cycle(usize::MAX, true);
    let theirs = atat_side::Side::new().cycle(usize::MAX, true);
    assert_eq!(ours, theirs, "both sides type the same values");
    assert_eq!(atspec_side::Side::new().cycle(16, true), ours);
    // Finding: with reads of 16 B, atat 0.25 hands the two-line recipient
    // answer over in a form its line split does not type (no recipient
    // comes out); everything else matches. atat does less work in that row,
    // so atspec's ratio there is a lower bound.
    let split = atat_side::Side::new().cycle(16, true);
    assert_eq!(
        Summary {
            recipients: theirs.recipients.clone(),
            ..split
        },
        theirs
    );
    assert_eq!(cycle_bytes(), 186, "the cycle the module doc describes");

    for (name, read) in [("one_read_per_exchange", usize::MAX), ("reads_of_16b", 16)] {
        paired_ratio(read, name);
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
