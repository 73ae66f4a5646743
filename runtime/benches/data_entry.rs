//! An 8 MiB `CONNECT` data-entry payload through a pty: the runtime
//! (`Modem::send_data` streaming from a `Read`) against raw writes of the
//! same bytes in the same chunk size, same responder. A counting global
//! allocator reports the runtime's peak heap growth for 1 MiB and 8 MiB
//! payloads: it must not depend on the payload size.

#[path = "../tests/support/mod.rs"]
mod support;

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atspec_runtime::modem::DEFAULT_CHUNK;
use atspec_runtime::Modem;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use support::commands::QBody;
use support::dialect::TestDialect;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: delegates to the system allocator; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const PAYLOAD: usize = 8 * 1024 * 1024;

fn body(len: usize) -> QBody {
    QBody {
        length: Some(len),
        escape: None,
        idle: None,
    }
}

/// A payload that is generated, never held in memory.
fn source(len: usize) -> impl Read {
    std::io::repeat(b'x').take(len as u64)
}

fn peak_growth(modem: &mut Modem<TestDialect>, len: usize) -> usize {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    modem.send_data(&body(len), source(len)).expect("sent");
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

fn raw_transfer(raw: &mut serialport::TTYPort, chunk: &[u8], answer: &mut Vec<u8>) {
    raw.write_all(format!("AT+QSMTPBODY={PAYLOAD}\r").as_bytes())
        .expect("write");
    common::read_until_tail(raw, answer, b"CONNECT\r\n");
    let mut left = PAYLOAD;
    while left > 0 {
        let n = left.min(chunk.len());
        raw.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    common::read_until_tail(raw, answer, b"OK\r\n");
}

/// Alternating raw and runtime transfers; prints the median ratio.
fn paired_throughput(modem: &mut Modem<TestDialect>) {
    let mut raw = common::served_pair();
    let chunk = vec![b'x'; DEFAULT_CHUNK];
    let mut answer = Vec::new();
    let mut ratios = Vec::new();
    let mut raw_mib_s = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        raw_transfer(&mut raw, &chunk, &mut answer);
        let raw_t = t.elapsed().as_secs_f64();
        let t = Instant::now();
        modem
            .send_data(&body(PAYLOAD), source(PAYLOAD))
            .expect("sent");
        let rt_t = t.elapsed().as_secs_f64();
        raw_mib_s.push(8.0 / raw_t);
        ratios.push(raw_t / rt_t);
    }
    ratios.sort_by(|a, b| a.total_cmp(b));
    raw_mib_s.sort_by(|a, b| a.total_cmp(b));
    eprintln!(
        "paired medians over 9 rounds: raw {:.0} MiB/s; runtime throughput = {:.0}% of raw",
        raw_mib_s[4],
        ratios[4] * 100.0
    );
}

fn data_entry(c: &mut Criterion) {
    let (mut modem, _urcs) = Modem::<TestDialect>::from_tty(common::served_pair()).expect("modem");
    let first = peak_growth(&mut modem, PAYLOAD / 8);
    let small = peak_growth(&mut modem, PAYLOAD / 8);
    let large = peak_growth(&mut modem, PAYLOAD);
    eprintln!(
        "peak heap growth during send_data: {small} bytes for 1 MiB, {large} bytes for 8 MiB (first call: {first})"
    );
    paired_throughput(&mut modem);

    let mut group = c.benchmark_group("data_entry_8MiB");
    group.throughput(Throughput::Bytes(PAYLOAD as u64));
    group.sample_size(10);

    let mut raw = common::served_pair();
    let chunk = vec![b'x'; DEFAULT_CHUNK];
    let mut answer = Vec::new();
    group.bench_function("raw writes", |b| {
        b.iter(|| raw_transfer(&mut raw, &chunk, &mut answer))
    });

    group.bench_function("runtime send_data", |b| {
        b.iter(|| {
            let reply = modem
                .send_data(&body(PAYLOAD), source(PAYLOAD))
                .expect("sent");
            assert!(reply.data_result.is_some());
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    targets = data_entry
}
criterion_main!(benches);
