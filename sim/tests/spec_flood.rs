//! Bounded input: a 16 MiB flood over a real pty, as an endless command
//! line or an endless data entry, is refused the way a module would, the
//! simulator answers the next `AT`, and what it holds never grows with the
//! flood (its input high-water mark, not time, is what is checked).

mod support;

use std::io::{ErrorKind, Write};
use std::time::{Duration, Instant};

use atspec_sim::spec::{longest_line, SpecModem};
use atspec_sim::{Simulator, MAX_ENTRY};
use serialport::TTYPort;
use support::Raw;

const FLOOD: usize = 16 << 20;
/// One read of the simulator (what it may hold beyond a limit before it looks).
const READ: usize = 4096;

/// Writes `FLOOD` bytes of `byte` (a hang guard of 120 s, not a timing check).
fn flood(port: &mut TTYPort, byte: u8) {
    let block = vec![byte; 64 * 1024];
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut left = FLOOD;
    while left > 0 {
        assert!(Instant::now() < deadline, "the simulator stopped reading");
        match port.write(&block[..left.min(block.len())]) {
            Ok(n) => left -= n,
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {}
            Err(e) => panic!("write failed: {e}"),
        }
    }
}

fn start(dialect: &str) -> (Simulator, Raw, usize) {
    let d = support::dialect(dialect);
    let limit = longest_line(&d);
    let (sim, port) = Simulator::spawn(SpecModem::new(d)).expect("pty pair");
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK\r\n");
    (sim, raw, limit)
}

#[test]
fn an_endless_command_line_is_refused_once_and_the_next_at_answers() {
    let (sim, mut raw, limit) = start("simcom_sim900");
    flood(&mut raw.port, b'A');
    let got = raw.say(b"\rAT\r", "OK\r\n");
    assert_eq!(got.matches("ERROR").count(), 1, "{got:?}");
    assert!(got.ends_with("\r\nERROR\r\n\r\nOK\r\n"), "{got:?}");
    let peak = sim.input_peak();
    assert!(
        peak <= limit + READ,
        "held {peak} bytes of a {FLOOD}-byte line"
    );
}

#[test]
fn a_line_over_the_limit_never_reaches_the_module_one_at_it_does() {
    let d = support::dialect("simcom_sim900");
    let limit = longest_line(&d);
    let module = SpecModem::new(d);
    let log = module.log();
    let (_sim, port) = Simulator::spawn(module).expect("pty pair");
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK\r\n");
    for (len, reaches) in [(limit + 1, false), (limit, true)] {
        let mut line = b"AT+SMTPSUB=".to_vec();
        line.resize(len, b'B');
        line.push(b'\r');
        raw.say(&line, "ERROR\r\n");
        let logged = log.commands().iter().any(|c| c.len() == len);
        assert_eq!(logged, reaches, "a {len}-byte line, limit {limit}");
    }
    raw.say(b"AT\r", "OK\r\n");
}

#[test]
fn an_endless_ctrl_z_entry_is_dropped_past_the_cap() {
    let (sim, mut raw, limit) = start("simcom_sim900");
    raw.say(b"AT+SMTPBODY\r", "> ");
    flood(&mut raw.port, b'a');
    let got = raw.say(b"\rAT\r", "OK\r\n");
    assert!(got.contains("ERROR"), "the entry is refused: {got:?}");
    let peak = sim.input_peak();
    assert!(
        peak <= MAX_ENTRY.max(limit) + READ,
        "held {peak} bytes of a {FLOOD}-byte entry"
    );
}

#[test]
fn an_endless_connect_entry_stops_at_its_declared_max() {
    let (sim, mut raw, limit) = start("quectel_gsm");
    raw.say(b"AT+QSMTPBODY=0,120\r", "CONNECT\r\n");
    flood(&mut raw.port, b'b');
    let got = raw.say(b"\rAT\r", "OK\r\n");
    assert!(got.contains("ERROR"), "past max 10240: refused: {got:?}");
    let peak = sim.input_peak();
    assert!(
        peak <= 10240_usize.max(limit) + READ,
        "held {peak} bytes of a {FLOOD}-byte entry"
    );
}
