//! URC-driven chunked transfers (SIM900 `AT+SMTPFT`) against a scripted
//! module on real pty pairs: windows only from the declared ready shape,
//! zero windows within the deadline, grants never larger than the chunk,
//! per-call timeouts on every chunk command, and a plain send that fails
//! fast on an attachment offer.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::time::Duration;

use atspec_runtime::{Error, SendOptions, Stage, Urc};
use support::commands::At;
use support::data_cmds::{OfferedSend, ShapedFt};
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem, spawn_script};

fn send() -> OfferedSend {
    OfferedSend {
        within: Duration::from_secs(5),
    }
}

fn chunk(len: usize) -> Result<ShapedFt, std::convert::Infallible> {
    Ok(ShapedFt {
        len,
        timeout: Duration::from_secs(5),
    })
}

#[test]
fn a_ready_prefixed_line_of_another_shape_ends_the_transfer() {
    // Every split of the odd line.
    let odd: &[u8] = b"\r\n+SMTPFT: 0,61\r\n";
    for cut in 0..=odd.len() {
        let (mut modem, urcs, end) = pty_modem::<TestDialect>();
        let script = spawn_script(end, move |end| {
            end.expect_command("AT+SMTPSEND");
            end.send(b"\r\nOK\r\n");
            end.send_split(odd, &[cut]);
            // No chunk command: the next line is the host's sync.
            end.expect_command("AT");
            end.send(b"\r\nOK\r\n");
        });
        let err = modem
            .send_chunked(&send(), chunk, &b"data"[..])
            .expect_err("no window was offered");
        match err {
            Error::Protocol { command, detail } => {
                assert_eq!(command, "SMTPFT", "cut {cut}");
                assert!(detail.contains("+SMTPFT: 0,61"), "cut {cut}: {detail}");
            }
            other => panic!("cut {cut}: expected a protocol error, got {other}"),
        }
        modem.send(&At).expect("in sync");
        script.join().expect("script");
        let left: Vec<_> = std::iter::from_fn(|| urcs.try_recv()).collect();
        assert_eq!(
            left,
            vec![Urc::Unknown("+SMTPFT: 0,61".into())],
            "cut {cut}"
        );
    }
}

#[test]
fn a_stream_of_zero_windows_still_times_out() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        // Zero windows until the host gives up and syncs (or 10 s of them).
        let mut sent = 0;
        while sent < 200 {
            end.send(b"\r\n+SMTPFT: 1,0\r\n");
            sent += 1;
            if !end.quiet_for(Duration::from_millis(50)) {
                break;
            }
        }
        assert!(sent < 200, "the host waited through {sent} zero windows");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let opts = SendOptions {
        completion_timeout: Some(Duration::from_millis(300)),
        ..SendOptions::default()
    };
    let err = modem
        .send_chunked_with(&send(), chunk, &b"data"[..], opts)
        .expect_err("no usable window");
    assert!(
        matches!(
            err,
            Error::Timeout {
                stage: Stage::ChunkReady,
                ..
            }
        ),
        "{err}"
    );
    modem.send(&At).expect("in sync");
    script.join().expect("script");
}

#[test]
fn a_grant_larger_than_the_chunk_sends_nothing() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,10\r\n");
        end.expect_command("AT+SMTPFT=4");
        end.send(b"\r\n+SMTPFT: 2,8\r\n");
        // Not one data byte: the next bytes are the host's sync command.
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let err = modem
        .send_chunked(&send(), chunk, &b"data"[..])
        .expect_err("grant above the request");
    match err {
        Error::Protocol { command, detail } => {
            assert_eq!(command, "SMTPFT");
            assert!(detail.contains("granted 8"), "{detail}");
        }
        other => panic!("expected a protocol error, got {other}"),
    }
    modem.send(&At).expect("in sync");
    script.join().expect("script");
}

#[test]
fn the_per_call_timeout_applies_to_every_chunk_command() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,10\r\n");
        end.expect_command("AT+SMTPFT=4");
        // No answer to the chunk command; then the late OK and the sync.
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n\r\nOK\r\n");
    });
    let opts = SendOptions {
        timeout: Some(Duration::from_millis(250)),
        ..SendOptions::default()
    };
    let slow = |len| {
        Ok::<_, std::convert::Infallible>(ShapedFt {
            len,
            timeout: Duration::from_secs(60),
        })
    };
    let err = modem
        .send_chunked_with(&send(), slow, &b"data"[..], opts)
        .expect_err("unanswered chunk command");
    match err {
        Error::Timeout {
            command,
            stage,
            after,
        } => {
            assert_eq!((command, stage), ("SMTPFT", Stage::Final));
            assert_eq!(after, Duration::from_millis(250));
        }
        other => panic!("expected a timeout, got {other}"),
    }
    modem.send(&At).expect("in sync");
    script.join().expect("script");
}

#[test]
fn a_plain_send_fails_fast_when_the_module_offers_a_window() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,1360\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let slow = OfferedSend {
        within: Duration::from_secs(1200),
    };
    let err = modem.send(&slow).expect_err("the offer can't be answered");
    match err {
        Error::Protocol { command, detail } => {
            assert_eq!(command, "SMTPSEND");
            assert!(detail.contains("send_chunked"), "{detail}");
        }
        other => panic!("expected a protocol error, got {other}"),
    }
    modem.send(&At).expect("in sync");
    script.join().expect("script");
    let left: Vec<_> = std::iter::from_fn(|| urcs.try_recv()).collect();
    assert_eq!(left, vec![Urc::Typed(TestUrc::SmtpFtReady(1360))]);
}
