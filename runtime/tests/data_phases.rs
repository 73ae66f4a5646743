//! Data-entry phases, counted payloads, free text and completion URCs over
//! real pty pairs, each against a scripted modem.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::time::Duration;

use std::convert::Infallible;
use std::io::Read;

use atspec_runtime::wire::{ValidationError, ValidationErrorKind};
use atspec_runtime::{Error, Modem, ModemError, Reply, SendOptions, Stage, Urc};
use support::commands::{
    At, BodyResult, Pop3Hdr, QBody, ReadBody, SmtpBody, SmtpFt, SmtpSend, SubjectExact,
};
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem, spawn_script, ModemEnd};

fn drain<U>(urcs: &atspec_runtime::Urcs<U>) -> Vec<Urc<U>> {
    std::iter::from_fn(|| urcs.try_recv()).collect()
}

fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| b"abcdefghij\r\nXYZ"[i % 15]).collect()
}

/// `AT+SMTPSEND`, its completion awaited for 5 s.
fn smtp_send() -> SmtpSend {
    SmtpSend {
        within: Duration::from_secs(5),
    }
}

/// Sends `data` after `send` as `AT+SMTPFT` chunks.
fn send_in_chunks(
    modem: &mut Modem<TestDialect>,
    send: &SmtpSend,
    data: &[u8],
) -> Result<Reply<SmtpSend>, Error> {
    modem.send_chunked(send, |len| Ok::<_, Infallible>(SmtpFt { len }), data)
}

/// Script side: the length of the next `AT+SMTPFT=<n>` chunk command.
fn read_chunk_len(end: &mut ModemEnd) -> usize {
    end.read_command()
        .strip_prefix("AT+SMTPFT=")
        .expect("a chunk")
        .parse()
        .expect("a length")
}

#[test]
fn prompt_ctrl_z_streams_text_in_chunks() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    modem.set_chunk_size(7);
    let text = body(100);
    let expected = text.clone();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPBODY");
        end.send(b"AT+SMTPBODY\r\r\n> ");
        assert_eq!(end.read_until(0x1A), expected);
        end.send(b"\r\n+PING: 1\r\nOK\r\n");
    });
    modem
        .send_data(&SmtpBody, &text[..])
        .expect("body accepted");
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![Urc::Typed(TestUrc::Ping(1))]);
}

#[test]
fn ctrl_z_inside_text_is_refused_and_entry_cancelled() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPBODY");
        end.send(b"\r\n> ");
        assert_eq!(end.read_until(0x1B), b"", "nothing but ESC is sent");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let err = modem.send_data(&SmtpBody, &b"bad\x1abyte"[..]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Payload {
                command: "SMTPBODY",
                ..
            }
        ),
        "{err}"
    );
    modem.send(&At).expect("the line still works");
    script.join().expect("script");
}

#[test]
fn prompt_exact_length_and_short_source() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+CSMTPSSUB=10");
        end.send(b"\r\n>");
        assert_eq!(end.read_exact(10), b"0123456789");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT+CSMTPSSUB=10");
        end.send(b"\r\n> ");
        assert_eq!(end.read_exact(4), b"0123");
        assert_eq!(end.read_exact(1), b"\x1b");
    });
    // A source longer than declared is refused before its command line.
    let err = modem
        .send_data(&SubjectExact { len: 10 }, &b"0123456789ABC"[..])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Payload { detail, .. } if detail.contains("more than 10 bytes")),
        "{err}"
    );
    modem
        .send_data(&SubjectExact { len: 10 }, &b"0123456789"[..])
        .expect("subject accepted");
    let err = modem
        .send_data(&SubjectExact { len: 10 }, &b"0123"[..])
        .unwrap_err();
    assert!(matches!(err, Error::Payload { .. }), "{err}");
    script.join().expect("script");
}

#[test]
fn connect_with_length_then_result_line() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let data = body(5000);
    let expected = data.clone();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+QSMTPBODY=5000");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(5000), expected);
        end.send(b"\r\n+QSMTPBODY: 5000\r\n\r\nOK\r\n");
        // Result reported after OK this time.
        end.expect_command("AT+QSMTPBODY=3");
        end.send(b"\r\nCONNECT 115200\r\n");
        assert_eq!(end.read_exact(3), b"abc");
        end.send(b"\r\nOK\r\n\r\n+PING: 4\r\n\r\n+QSMTPBODY: 3\r\n");
        // DOWNLOAD opens data entry like CONNECT.
        end.expect_command("AT+QSMTPBODY=2");
        end.send(b"\r\nDOWNLOAD\r\n");
        assert_eq!(end.read_exact(2), b"hi");
        end.send(b"\r\n+QSMTPBODY: 2\r\n\r\nOK\r\n");
    });
    let cmd = QBody::counted(5000);
    let reply = modem.send_data(&cmd, &data[..]).expect("body accepted");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 5000 }));
    let cmd = QBody::counted(3);
    let reply = modem.send_data(&cmd, &b"abc"[..]).expect("body accepted");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 3 }));
    let cmd = QBody::counted(2);
    let reply = modem.send_data(&cmd, &b"hi"[..]).expect("body accepted");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 2 }));
    script.join().expect("script");
}

#[test]
fn connect_ended_by_escape_or_idle() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(8), b"line\r\n+P");
        assert_eq!(end.read_exact(3), b"+++");
        end.send(b"\r\nOK\r\n\r\n+QSMTPBODY: 8\r\n");
        end.expect_command("AT+QSMTPBODY");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(5), b"hello");
        assert!(
            end.quiet_for(Duration::from_millis(30)),
            "nothing after the data"
        );
        end.send(b"\r\n+QSMTPBODY: 5\r\nOK\r\n");
    });
    let escaped = QBody {
        length: None,
        escape: Some((b"+++".to_vec(), Duration::from_millis(20))),
        idle: None,
    };
    let reply = modem
        .send_data(&escaped, &b"line\r\n+P"[..])
        .expect("escape ends entry");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 8 }));
    let idle = QBody {
        length: None,
        escape: None,
        idle: Some(Duration::from_millis(30)),
    };
    let reply = modem
        .send_data(&idle, &b"hello"[..])
        .expect("idle ends entry");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 5 }));
    script.join().expect("script");
}

#[test]
fn connect_result_line_is_parsed_into_a_typed_value() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        // As in the manual's example: no space after the colon; here the
        // result comes after OK, a URC in between.
        end.expect_command("AT+QSMTPBODY");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(4), b"body");
        assert_eq!(end.read_exact(3), b"+++");
        end.send(b"\r\nOK\r\n\r\n+PING: 7\r\n\r\n+QSMTPBODY:2009\r\n");
        // A negative result is an error code, still a typed value.
        end.expect_command("AT+QSMTPBODY=4");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(4), b"more");
        end.send(b"\r\n+QSMTPBODY:   -3  \r\n\r\nOK\r\n");
    });
    let escaped = QBody {
        length: None,
        escape: Some((b"+++".to_vec(), Duration::from_millis(10))),
        idle: None,
    };
    let reply = modem
        .send_data(&escaped, &b"body"[..])
        .expect("escape ends entry");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 2009 }));
    let counted = QBody::counted(4);
    let reply = modem
        .send_data(&counted, &b"more"[..])
        .expect("length ends entry");
    assert_eq!(reply.data_result, Some(BodyResult { stored: -3 }));
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![Urc::Typed(TestUrc::Ping(7))]);
}

#[test]
fn malformed_connect_result_is_a_parse_error_and_the_line_stays_in_sync() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=2");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(2), b"hi");
        end.send(b"\r\n+QSMTPBODY: lots\r\n\r\nOK\r\n\r\n+PING: 8\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT+QSMTPBODY=1");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(1), b"x");
        end.send(b"\r\n+QSMTPBODY: 1\r\n\r\nOK\r\n");
    });
    let cmd = QBody::counted(2);
    let err = modem
        .send_data(&cmd, &b"hi"[..])
        .expect_err("the result line does not parse");
    match err {
        Error::Parse {
            command: "QSMTPBODY",
            error,
        } => {
            assert_eq!(error.expected, "+QSMTPBODY: <length or error>");
            assert_eq!(error.found, "+QSMTPBODY: lots");
        }
        other => panic!("expected Error::Parse, got {other}"),
    }
    modem.send(&At).expect("the line is still in sync");
    let cmd = QBody::counted(1);
    let reply = modem
        .send_data(&cmd, &b"x"[..])
        .expect("the next body is accepted");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 1 }));
    script.join().expect("script");
    // The malformed line was the command's: it never reaches the URC stream.
    assert_eq!(drain(&urcs), vec![Urc::Typed(TestUrc::Ping(8))]);
}

#[test]
fn counted_payload_is_read_exactly_across_many_reads() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let mut payload = b"OK\r\nERROR\r\n+PING: 99\r\n> \r\n".to_vec();
    payload.extend(body(70_000));
    payload.extend_from_slice(b"\r\nOK\r\n");
    let expected = payload.clone();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+CSMTPSBODY?");
        let mut out = format!("\r\n+CSMTPSBODY: {}\r\n", payload.len()).into_bytes();
        out.extend_from_slice(&payload);
        out.extend_from_slice(b"\r\n\r\nOK\r\n+PING: 1\r\n");
        end.send_split(&out, &[5, 21, 40, 1000, 65_000]);
    });
    let reply = modem.send(&ReadBody).expect("body read");
    assert_eq!(reply.response, expected);
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![Urc::Typed(TestUrc::Ping(1))]);
}

/// A declared URC inside free text is routed as a URC (issue 8); text
/// lines that merely mention one stay text.
#[test]
fn free_text_routes_declared_urcs_and_keeps_the_rest() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+POP3HDR=2");
        end.send(b"\r\n+PING: 1\r\n+POP3HDR: 1\r\nX-Ping: 2\r\n+PING: 3\r\n\r\nbody\r\n\r\nOK\r\n");
    });
    let reply = modem.send(&Pop3Hdr { msg: 2 }).expect("headers");
    assert_eq!(reply.response, vec!["+POP3HDR: 1", "X-Ping: 2", "", "body"]);
    script.join().expect("script");
    assert_eq!(
        drain(&urcs),
        vec![Urc::Typed(TestUrc::Ping(1)), Urc::Typed(TestUrc::Ping(3))]
    );
}

#[test]
fn completion_urc_after_ok_and_timeout_override() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+PING: 1\r\n");
        end.send(b"\r\n+SMTPSEND: 61\r\n");
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT");
        end.send(b"\r\n+SMTPSEND: 1\r\n\r\nOK\r\n");
    });
    let send = smtp_send();
    let reply = modem.send(&send).expect("sent");
    assert_eq!(reply.outcome, Some(61));
    let slow = SmtpSend {
        within: Duration::from_secs(600),
    };
    let opts = SendOptions {
        completion_timeout: Some(Duration::from_millis(100)),
        ..SendOptions::default()
    };
    let err = modem.send_with(&slow, opts).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                command: "SMTPSEND",
                stage: Stage::Completion,
                after
            } if after == Duration::from_millis(100)
        ),
        "{err}"
    );
    // The late completion is not lost: it arrives as a URC.
    modem.send(&At).expect("line works");
    script.join().expect("script");
    assert_eq!(
        drain(&urcs),
        vec![
            Urc::Typed(TestUrc::Ping(1)),
            Urc::Typed(TestUrc::SmtpSend(1))
        ]
    );
}

#[test]
fn chunked_transfer_smtpft() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let data = body(3500);
    let expected = data.clone();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+PING: 1\r\n\r\n+SMTPFT: 1,1360\r\n");
        let mut got = Vec::new();
        let mut round = 0;
        loop {
            let n = read_chunk_len(end);
            assert!(n <= 1360, "chunk within the window");
            if n == 0 {
                end.send(b"\r\nOK\r\n\r\n+PING: 2\r\n\r\n+SMTPSEND: 1\r\n");
                break;
            }
            // Grant less than asked: the rest must come in the next chunk.
            let granted = n.min(1000);
            end.send(format!("\r\n+SMTPFT: 2,{granted}\r\n").as_bytes());
            got.extend(end.read_exact(granted));
            round += 1;
            if round == 2 {
                // The next window opens before OK: it must not be lost.
                end.send(b"\r\n+SMTPFT: 1,1360\r\n\r\nOK\r\n");
            } else {
                end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,1360\r\n");
            }
        }
        assert_eq!(got, expected);
    });
    let reply = send_in_chunks(&mut modem, &smtp_send(), &data).expect("transfer done");
    assert_eq!(reply.outcome, Some(1));
    script.join().expect("script");
    assert_eq!(
        drain(&urcs),
        vec![Urc::Typed(TestUrc::Ping(1)), Urc::Typed(TestUrc::Ping(2))]
    );
}

#[test]
fn chunked_transfer_ended_early_by_completion() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPSEND: 64\r\n");
    });
    let reply = send_in_chunks(&mut modem, &smtp_send(), b"data").expect("outcome reported");
    assert_eq!(reply.outcome, Some(64));
    script.join().expect("script");
}

#[test]
fn error_instead_of_prompt_and_repeated_prompts() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPBODY");
        end.send(b"\r\n+CME ERROR: 3\r\n");
        end.expect_command("AT+SMTPBODY");
        end.send(b"\r\n> ");
        assert_eq!(end.read_until(0x1A), b"one\rtwo\r");
        end.send(b"\r\n> \r\n> \r\nOK\r\n");
    });
    let err = modem.send_data(&SmtpBody, &b"x"[..]).unwrap_err();
    match err {
        Error::Modem {
            command: "SMTPBODY",
            error: ModemError::Final(v),
        } => assert_eq!((v.code, v.meaning), (3, Some("operation not allowed"))),
        other => panic!("{other}"),
    }
    modem
        .send_data(&SmtpBody, &b"one\rtwo\r"[..])
        .expect("body accepted");
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![]);
}

#[test]
fn final_error_during_a_large_upload_stops_it() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+QSMTPBODY=4194304");
        end.send(b"\r\nCONNECT\r\n");
        end.read_exact(100);
        // Refuse the rest and stop reading: the host must notice the error
        // while its writes are blocked on a full line.
        end.send(b"\r\n+CME ERROR: 3\r\n");
        done_rx.recv().ok();
    });
    let cmd = QBody::counted(4 * 1024 * 1024);
    let err = modem
        .send_data(&cmd, std::io::repeat(b'z').take(4 * 1024 * 1024))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Modem {
                error: ModemError::Final(_),
                ..
            }
        ),
        "{err}"
    );
    done_tx.send(()).ok();
    script.join().expect("script");
}

#[test]
fn completion_or_window_overtaking_ok_is_kept() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\n+SMTPSEND: 1\r\n\r\nOK\r\n");
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\n+SMTPFT: 1,10\r\n\r\nOK\r\n");
        end.expect_command("AT+SMTPFT=4");
        end.send(b"\r\n+SMTPFT: 2,4\r\n");
        assert_eq!(end.read_exact(4), b"data");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,10\r\n");
        end.expect_command("AT+SMTPFT=0");
        end.send(b"\r\n+SMTPSEND: 1\r\nOK\r\n");
    });
    let send = smtp_send();
    assert_eq!(modem.send(&send).expect("sent").outcome, Some(1));
    let reply = send_in_chunks(&mut modem, &send, b"data").expect("transfer done");
    assert_eq!(reply.outcome, Some(1));
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![]);
}

#[test]
fn echoed_text_after_the_prompt_is_skipped() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    modem.set_chunk_size(5);
    let text = b"Dear John,\r\nsee you.\r\n".to_vec();
    let echoed = text.clone();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPBODY");
        // Echo is on: the command line comes back, then every typed byte.
        end.send(b"AT+SMTPBODY\r\r\n> ");
        let got = end.read_until(0x1A);
        assert_eq!(got, echoed);
        end.send_split(&got, &[3, 11, 12]);
        end.send(b"\r\n+PING: 1\r\n\r\nOK\r\n");
        // Echo off this time: nothing comes back but the result.
        end.expect_command("AT+SMTPBODY");
        end.send(b"\r\n> ");
        end.read_until(0x1A);
        end.send(b"\r\nOK\r\n");
    });
    modem
        .send_data(&SmtpBody, &text[..])
        .expect("body accepted");
    modem
        .send_data(&SmtpBody, &text[..])
        .expect("body accepted");
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![Urc::Typed(TestUrc::Ping(1))]);
}

#[test]
fn absurd_chunk_window_is_capped() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let data = body(70_000);
    let expected = data.clone();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,18446744073709551615\r\n");
        let mut got = Vec::new();
        loop {
            let n = read_chunk_len(end);
            assert!(n <= 64 * 1024, "chunk of {n} bytes");
            if n == 0 {
                end.send(b"\r\nOK\r\n\r\n+SMTPSEND: 1\r\n");
                break;
            }
            end.send(format!("\r\n+SMTPFT: 2,{n}\r\n").as_bytes());
            got.extend(end.read_exact(n));
            end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,18446744073709551615\r\n");
        }
        assert_eq!(got, expected);
    });
    let reply = send_in_chunks(&mut modem, &smtp_send(), &data).expect("transfer done");
    assert_eq!(reply.outcome, Some(1));
    script.join().expect("script");
}

#[test]
fn rejected_chunk_command_ends_the_transfer_with_its_error() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,1360\r\n");
        // No chunk command follows: the next line is the host's sync.
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    // A generated constructor with a 0..=1000 range, as a closure.
    let make_chunk = |len: usize| {
        if len <= 1000 {
            Ok(SmtpFt { len })
        } else {
            Err(ValidationError::new(
                "len",
                ValidationErrorKind::OutOfRange { min: 0, max: 1000 },
            ))
        }
    };
    let err = modem
        .send_chunked(&smtp_send(), make_chunk, &body(2000)[..])
        .expect_err("the window is larger than the chunk command allows");
    match err {
        Error::Invalid(v) => assert_eq!(v.field, "len"),
        other => panic!("expected Error::Invalid, got {other}"),
    }
    modem.send(&At).expect("the line is still in sync");
    script.join().expect("script");
}
