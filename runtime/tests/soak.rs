//! Bounded soak test: many commands over a pty with random URC injection,
//! random echo and random read splits. Asserts no lost URC, no misrouted
//! line and no hang (every wait is bounded by the command timeout).
//!
//! Commands: `SOAK_COMMANDS` (default 20,000 per read mode; a few seconds in
//! a debug build); seed: `SOAK_SEED`.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::sync::mpsc;

use atspec_runtime::{Error, ModemError, Urc};
use support::commands::{At, Probe, ReadBody};
use support::dialect::{TestDialect, TestUrc};
use support::rng::XorShift;
use support::scripted::{pty_modem_with, spawn_script, ModemEnd, ReadMode};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Numbered URCs in three shapes; all carry the sequence number.
fn urc_bytes(seq: u64, rng: &mut XorShift) -> Vec<u8> {
    match rng.below(3) {
        0 => format!("\r\n+PING: {seq}\r\n").into_bytes(),
        1 => format!("\r\n+TEST: u{seq}\r\n").into_bytes(),
        _ => {
            let payload = format!("OK\r\n+PING: x\r\n{seq}");
            format!("\r\n+RECV: {}\r\n{payload}\r\n", payload.len()).into_bytes()
        }
    }
}

fn urc_seq(urc: &Urc<TestUrc>) -> Option<u64> {
    match urc {
        Urc::Typed(TestUrc::Ping(n)) | Urc::Typed(TestUrc::Test(n)) => Some(*n),
        Urc::WithPayload {
            urc: Some(TestUrc::Recv(_)),
            payload,
            ..
        } => std::str::from_utf8(payload)
            .ok()?
            .rsplit('\n')
            .next()?
            .parse()
            .ok(),
        _ => None,
    }
}

fn body_for(id: u64) -> Vec<u8> {
    format!(
        "OK\r\n+TEST: {id}\r\nERROR\r\n{}",
        "x".repeat((id % 50) as usize)
    )
    .into_bytes()
}

/// The modem side: answers every command, injecting URCs and splitting writes.
fn serve(end: &mut ModemEnd, seed: u64, done: mpsc::Sender<u64>) {
    let mut rng = XorShift::new(seed ^ 0xA5A5);
    let mut seq = 0u64;
    let mut last_body_id = 0u64;
    loop {
        let line = end.read_command();
        let echo = rng.chance(50);
        let mut out = Vec::new();
        let mut urc = |out: &mut Vec<u8>, rng: &mut XorShift| {
            if rng.chance(15) {
                out.extend(urc_bytes(seq, rng));
                seq += 1;
            }
        };
        urc(&mut out, &mut rng);
        if echo {
            out.extend_from_slice(line.as_bytes());
            out.push(b'\r');
        }
        urc(&mut out, &mut rng);
        if line == "AT" {
            out.extend_from_slice(b"\r\nOK\r\n");
            end.send(&out);
            done.send(seq).expect("host waits");
            return;
        } else if let Some(id) = line.strip_prefix("AT+TEST=") {
            let id: u64 = id.parse().expect("numeric id");
            if id % 97 == 0 {
                out.extend_from_slice(b"\r\n+CME ERROR: 3\r\n");
            } else {
                out.extend(format!("\r\n+TEST: {id}\r\n").into_bytes());
                urc(&mut out, &mut rng);
                out.extend_from_slice(b"\r\nOK\r\n");
            }
        } else if line == "AT+CSMTPSBODY?" {
            last_body_id += 1;
            let body = body_for(last_body_id);
            out.extend(format!("\r\n+CSMTPSBODY: {}\r\n", body.len()).into_bytes());
            out.extend(body);
            urc(&mut out, &mut rng);
            out.extend_from_slice(b"\r\nOK\r\n");
        } else {
            panic!("unexpected command {line:?}");
        }
        urc(&mut out, &mut rng);
        // Random read boundaries: some forced (wait until the host read
        // them), the rest left to the pty.
        let cuts = rng.below(4);
        let mut start = 0usize;
        for _ in 0..cuts {
            let cut = start + rng.below((out.len() - start) as u64 + 1) as usize;
            if rng.chance(30) {
                end.send_taken(&out[start..cut]);
            } else {
                end.send(&out[start..cut]);
            }
            start = cut;
        }
        end.send(&out[start..]);
    }
}

#[test]
fn soak_direct_reads() {
    soak(ReadMode::Direct, env_u64("SOAK_COMMANDS", 20_000));
}

#[test]
fn soak_threaded_reads() {
    soak(ReadMode::Threaded, env_u64("SOAK_COMMANDS", 20_000));
}

fn soak(mode: ReadMode, commands: u64) {
    let seed = env_u64("SOAK_SEED", 0x5EED_2026);
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let (done_tx, done_rx) = mpsc::channel();
    let script = spawn_script(end, move |end| serve(end, seed, done_tx));
    // URCs are consumed on another thread while commands run.
    let consumer = std::thread::spawn(move || urcs.collect::<Vec<_>>());

    let mut rng = XorShift::new(seed);
    let mut body_id = 0u64;
    let mut misrouted = 0u64;
    for i in 1..=commands {
        if rng.chance(15) {
            body_id += 1;
            match modem.send(&ReadBody) {
                Ok(reply) if reply.response == body_for(body_id) => {}
                Ok(reply) => {
                    misrouted += 1;
                    eprintln!(
                        "command {i}: wrong body {:?}",
                        String::from_utf8_lossy(&reply.response)
                    );
                }
                Err(e) => panic!("command {i} (body {body_id}): {e}"),
            }
        } else {
            match modem.send(&Probe { id: i }) {
                Ok(reply) if reply.response == i && i % 97 != 0 => {}
                Err(Error::Modem {
                    error: ModemError::Final(v),
                    ..
                }) if i % 97 == 0 && v.code == 3 => {}
                Ok(reply) => {
                    misrouted += 1;
                    eprintln!("command {i}: got {}", reply.response);
                }
                Err(e) => panic!("command {i}: {e}"),
            }
        }
    }
    modem.send(&At).expect("final sync");
    let sent_urcs = done_rx.recv().expect("script reports");
    script.join().expect("script");
    drop(modem);
    let got = consumer.join().expect("consumer");

    let seqs: Vec<u64> = got.iter().filter_map(urc_seq).collect();
    let foreign = got.len() - seqs.len();
    let expected: Vec<u64> = (0..sent_urcs).collect();
    let seen: std::collections::HashSet<u64> = seqs.iter().copied().collect();
    let lost = expected.iter().filter(|n| !seen.contains(n)).count();
    assert_eq!(misrouted, 0, "misrouted responses");
    assert_eq!(
        foreign, 0,
        "lines that were not URCs reached the URC stream"
    );
    assert_eq!(lost, 0, "lost URCs (of {sent_urcs})");
    assert_eq!(seqs, expected, "URCs out of order or duplicated");
    assert!(
        sent_urcs > commands / 10,
        "the soak injected too few URCs: {sent_urcs}"
    );
    eprintln!("soak ({mode:?}): {commands} commands, {sent_urcs} URCs, seed {seed:#x}");
}
