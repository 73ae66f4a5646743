//! Peak heap stays flat however much hostile input arrives: a counting
//! global allocator measures the router's peak heap growth after 1 MiB and
//! after 64 MiB of each hostile stream (not timed). The router's limits are
//! set below 1 MiB here, so every bound is reached within the first MiB;
//! past it, nothing may grow.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use atspec_runtime::router::{Limits, Router};
use atspec_runtime::Claim;
use support::drive::{DriveDialect, LINE};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is forwarded to `System` unchanged; only sizes are
// counted.
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
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MIB: usize = 1 << 20;

/// Lines `+X...` are the command's; `+XP: <n>` announces a payload.
fn claim(line: &str) -> Claim {
    match line.strip_prefix("+XP: ").map(str::parse) {
        Some(Ok(n)) => Claim::MineWithPayload(n),
        _ if line.starts_with("+X") => Claim::Mine,
        _ => Claim::NotMine,
    }
}

/// A hostile stream: a header once, then `unit` repeated forever.
struct Hostile {
    name: &'static str,
    in_command: bool,
    free_text: bool,
    header: &'static [u8],
    unit: Vec<u8>,
}

/// Peak heap growth (bytes) while `total` bytes of `case` are routed.
fn peak_growth(case: &Hostile, total: usize) -> usize {
    let mut router = Router::<DriveDialect>::default();
    router.set_limits(Limits {
        max_payload: 64 * 1024,
        max_response: 256 * 1024,
        max_urcs: 64,
    });
    if case.in_command {
        router.begin(LINE, "AT+X=***", case.free_text);
    }
    let mut read = Vec::with_capacity(4096 + case.unit.len());
    let claim: &dyn Fn(&str) -> Claim = &claim;
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    router.push(case.header);
    let mut sent = case.header.len();
    while sent < total {
        read.clear();
        while read.len() < 4096 {
            read.extend_from_slice(&case.unit);
        }
        router.push(&read);
        sent += read.len();
        while router.next_event(Some(claim)).is_some() {}
    }
    let peak = PEAK.load(Ordering::SeqCst) - base;
    drop(router);
    peak
}

#[test]
fn peak_heap_is_flat_from_1_to_64_mib_of_hostile_input() {
    let cases = [
        Hostile {
            name: "one endless line",
            in_command: false,
            free_text: false,
            header: b"",
            unit: b"\x00\xffgarbage".to_vec(),
        },
        Hostile {
            name: "endless URCs, no final result",
            in_command: true,
            free_text: false,
            header: b"",
            unit: b"+U: 1\r\n".to_vec(),
        },
        Hostile {
            name: "a lying length, then a flood of claimed lines",
            in_command: true,
            free_text: false,
            header: b"+XP: 9223372036854775807\r\n",
            unit: b"+X: flood\r\n".to_vec(),
        },
        Hostile {
            name: "endless free text",
            in_command: true,
            free_text: true,
            header: b"+X: text\r\n",
            unit: b"a line of an endless text\r\n".to_vec(),
        },
        Hostile {
            name: "URCs with counted payloads",
            in_command: false,
            free_text: false,
            header: b"",
            unit: [&b"+B: 1000\r\n"[..], &[b'p'; 1000]].concat(),
        },
        Hostile {
            name: "over-long lines",
            in_command: false,
            free_text: false,
            header: b"",
            unit: [&[b'o'; 100_000][..], b"\r\n"].concat(),
        },
    ];
    let mut report = Vec::new();
    for case in &cases {
        let small = peak_growth(case, MIB);
        let large = peak_growth(case, 64 * MIB);
        report.push(format!(
            "{}: {small} B after 1 MiB, {large} B after 64 MiB",
            case.name
        ));
        assert!(
            large <= small + 4096,
            "{}: peak heap grew from {small} to {large} bytes",
            case.name
        );
    }
    eprintln!("{}", report.join("\n"));
}
