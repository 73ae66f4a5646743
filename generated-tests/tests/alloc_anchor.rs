//! Zero steady-state heap allocations per exchange (issue 12): the anchor
//! stream's commands whose typed answer owns no heap data, run whole
//! through `Modem::from_tty` over a real pty pair against a scripted modem.
//!
//! A counting global allocator counts allocations made on the test's own
//! thread only (where `from_tty` does all of its reading, routing and
//! parsing; the scripted modem's thread is not counted). After warm-up
//! cycles (buffers reach their working size), further cycles must not
//! allocate at all. Not timed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use atspec_runtime::{Error, ModemError, Urc};
use generated_tests::flows::pty::{pty_modem, spawn_script};

#[allow(dead_code)]
mod anchor {
    atspec_macros::dialect!("benches/anchor.atspec");
}

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn count() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

struct Counting;

// SAFETY: delegates to the system allocator; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Allocations made on this thread while `f` runs.
fn allocations_in(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

const WARM_UP: usize = 5;
const COUNTED: usize = 50;

/// The scripted modem's side of one cycle.
fn serve_cycle(end: &mut generated_tests::flows::pty::ModemEnd) {
    end.expect_command("AT+SMTPSRV=\"smtp.example.com\",25");
    end.send(b"\r\nOK\r\n");
    // An idle URC, read with the next command's answer.
    end.send(b"\r\n+SMTPSEND: 1\r\n");
    end.expect_command("AT+POP3NUM");
    end.send(b"\r\nOK\r\n\r\n+POP3NUM: 1,3,10240\r\n");
    end.expect_command("AT+QSMTPPUT=300");
    end.send(b"\r\nOK\r\n\r\n+QSMTPPUT: 0,0\r\n");
    end.expect_command("AT+SMTPSRV?");
    end.send(b"\r\n+CME ERROR: 3\r\n");
}

#[test]
fn anchor_commands_allocate_nothing_in_steady_state() {
    let (mut modem, urcs, end) = pty_modem::<anchor::Dialect>();
    let script = spawn_script(end, |end| {
        for _ in 0..WARM_UP + COUNTED {
            serve_cycle(end);
        }
    });
    let set = anchor::SmtpsrvWrite::new("smtp.example.com", Some(25)).expect("valid");
    let pop3 = anchor::Pop3numExec;
    let put = anchor::QsmtpputWrite::new(Some(300)).expect("valid");
    let get = anchor::SmtpsrvRead;
    let mut sends = 0u32;
    let mut cycle = |modem: &mut atspec_runtime::Modem<anchor::Dialect>| {
        modem.send(&set).expect("SMTPSRV write");
        let n = modem.send(&pop3).expect("POP3NUM");
        assert_eq!(n.outcome.map(|o| (o.count, o.size)), Some((3, 10240)));
        let p = modem.send(&put).expect("QSMTPPUT");
        assert_eq!(p.outcome.map(|o| (o.err, o.protocol_error)), Some((0, 0)));
        match modem.send(&get) {
            Err(Error::Modem {
                error: ModemError::Final(v),
                ..
            }) => assert_eq!(v.code, 3),
            other => panic!("+CME ERROR: 3 expected, got {other:?}"),
        }
        while let Some(urc) = urcs.try_recv() {
            assert!(
                matches!(urc, Urc::Typed(anchor::Urc::SmtpSend(_))),
                "{urc:?}"
            );
            sends += 1;
        }
    };
    for _ in 0..WARM_UP {
        cycle(&mut modem);
    }
    let counted = allocations_in(|| {
        for _ in 0..COUNTED {
            cycle(&mut modem);
        }
    });
    script.join().expect("the scripted modem finished");
    assert_eq!(sends as usize, WARM_UP + COUNTED, "every idle URC typed");
    assert_eq!(
        counted,
        0,
        "{counted} heap allocations in {COUNTED} steady-state cycles ({} per cycle)",
        counted as f64 / COUNTED as f64
    );
}
