//! Issue 8, strict lines through `Modem` over a real pseudo-terminal pair:
//! a completion URC's progress line is not the outcome (sim52xx
//! `AT+SMTPSEND`, manual 001 3.2), a line with a field left over is no
//! alternative's (so never the nearest one), and the sim900 unique-id keeps
//! its commas (manual 002 2.17).

use std::io::{Read, Write};
use std::thread::JoinHandle;
use std::time::Duration;

use atspec_dialects::{simcom_sim52xx as s52, simcom_sim900 as s900};
use atspec_runtime::{Dialect, Modem, SendOptions, Urc, Urcs};
use serialport::{SerialPort, TTYPort};

/// The module's side: for each `(command line, answer)`, reads the line up
/// to its `\r` and writes the answer. The port is handed back (kept open)
/// so the host reads every byte before the line closes.
fn script(mut port: TTYPort, steps: Vec<(&'static str, &'static [u8])>) -> JoinHandle<TTYPort> {
    std::thread::spawn(move || {
        port.set_timeout(Duration::from_millis(50))
            .expect("timeout");
        for (line, answer) in steps {
            let mut got = Vec::new();
            let mut byte = [0u8; 1];
            let mut idle = 0;
            while byte[0] != b'\r' {
                match port.read(&mut byte) {
                    Ok(1) => got.push(byte[0]),
                    _ => {
                        idle += 1;
                        assert!(idle < 200, "no command line (got {got:?})");
                    }
                }
            }
            assert_eq!(String::from_utf8_lossy(&got), format!("{line}\r"));
            port.write_all(answer).expect("answer");
            port.flush().expect("flush");
        }
        port
    })
}

fn modem<D: Dialect + 'static>(
    steps: Vec<(&'static str, &'static [u8])>,
) -> (Modem<D>, Urcs<D::Urc>, JoinHandle<TTYPort>) {
    let (master, slave) = TTYPort::pair().expect("a pseudo-terminal pair");
    let (modem, urcs) = Modem::<D>::from_tty(slave).expect("runtime on the pty");
    (modem, urcs, script(master, steps))
}

/// 3.2: `+SMTP: OK` says the session is open; should it come after `OK` it
/// is passed on as a URC and the send waits for the real outcome.
#[test]
fn smtpsend_waits_past_session_open_for_the_outcome() {
    let (mut m, urcs, end) = modem::<s52::Dialect>(vec![(
        "AT+SMTPSEND",
        b"\r\nOK\r\n\r\n+SMTP: OK\r\n\r\n+SMTP: SUCCESS\r\n",
    )]);
    let opts = SendOptions {
        completion_timeout: Some(Duration::from_secs(10)),
        ..SendOptions::default()
    };
    let reply = m
        .send_with(&s52::SmtpsendExec, opts)
        .expect("the send completes");
    assert_eq!(
        reply.outcome,
        Some(s52::Smtp::Status {
            status: s52::SmtpStatus::Success
        })
    );
    end.join().expect("script");
    let routed: Vec<_> = std::iter::from_fn(|| urcs.try_recv()).collect();
    assert_eq!(
        routed,
        vec![Urc::Typed(s52::Urc::Smtp(s52::Smtp::Status {
            status: s52::SmtpStatus::SessionOpen
        }))]
    );
}

/// 2.17: the unique-id is the rest of the line, commas included; a
/// `+POP3UIDL:` line with a field left over after `0` is no answer at all.
#[test]
fn pop3uidl_over_a_pty_keeps_the_whole_uid() {
    let (mut m, _urcs, end) = modem::<s900::Dialect>(vec![(
        "AT+POP3UIDL=1",
        b"\r\nOK\r\n\r\n+POP3UIDL: 1,1,abc,def\r\n",
    )]);
    let opts = SendOptions {
        completion_timeout: Some(Duration::from_secs(10)),
        ..SendOptions::default()
    };
    let cmd = s900::Pop3uidlWrite::new(1).expect("valid");
    let reply = m.send_with(&cmd, opts).expect("the answer arrives");
    match reply.outcome {
        Some(s900::Pop3Uidl::Listed { msg_number, uid }) => {
            assert_eq!((msg_number, uid.as_str()), (1, "abc,def"));
        }
        other => panic!("unexpected outcome {other:?}"),
    }
    end.join().expect("script");
}

/// A `+POP3NUM:` completion with one field more than any alternative is a
/// parse error naming the field, never the nearest alternative.
#[test]
fn a_completion_with_a_field_left_over_is_an_error() {
    let (mut m, _urcs, end) = modem::<s900::Dialect>(vec![(
        "AT+POP3NUM",
        b"\r\nOK\r\n\r\n+POP3NUM: 1,2,35797,9\r\n",
    )]);
    let opts = SendOptions {
        completion_timeout: Some(Duration::from_secs(10)),
        ..SendOptions::default()
    };
    let err = m.send_with(&s900::Pop3numExec, opts).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("field 4") && text.contains("no further field"),
        "{text}"
    );
    end.join().expect("script");
}
