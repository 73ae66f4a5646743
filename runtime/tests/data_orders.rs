//! Data phases in the order each module really answers them, over real pty
//! pairs through `Modem`: the result line before `OK` (quectel_uc15), `OK`
//! before `CONNECT` (quectel_gsm), the `DOWNLOAD` prompt line of SIMCom
//! firmware, and data caps.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use atspec_runtime::{DataOrder, Error, ModemError, SendOptions, Stage, Urc};
use std::time::Duration;
use support::commands::{At, BodyResult};
use support::data_cmds::{Download, OrderedBody};
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem, spawn_script};

fn drain<U>(urcs: &atspec_runtime::Urcs<U>) -> Vec<Urc<U>> {
    std::iter::from_fn(|| urcs.try_recv()).collect()
}

#[test]
fn uc15_result_line_before_ok_is_the_data_result() {
    // Every split of the module's answer after the data.
    let answer: &[u8] = b"\r\n+QSMTPBODY: 100\r\n\r\nOK\r\n";
    for cut in 0..=answer.len() {
        let (mut modem, urcs, end) = pty_modem::<TestDialect>();
        let script = spawn_script(end, move |end| {
            end.expect_command("AT+QSMTPBODY=0,100");
            end.send(b"\r\nCONNECT\r\n");
            assert_eq!(end.read_exact(100), vec![b'b'; 100]);
            end.send_split(answer, &[cut]);
        });
        let reply = modem
            .send_data(&OrderedBody::uc15(100), &[b'b'; 100][..])
            .unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(
            reply.data_result,
            Some(BodyResult { stored: 100 }),
            "cut {cut}"
        );
        script.join().expect("script");
        assert_eq!(drain(&urcs), vec![], "cut {cut}");
    }
}

#[test]
fn uc15_ok_without_the_result_line_fails_at_once() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=0,3");
        end.send(b"\r\nCONNECT\r\n");
        end.read_exact(3);
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let err = modem
        .send_data(&OrderedBody::uc15(3), &b"abc"[..])
        .expect_err("the result line is due before OK");
    match err {
        Error::Protocol { command, detail } => {
            assert_eq!(command, "QSMTPBODY");
            assert!(detail.contains("+QSMTPBODY"), "{detail}");
        }
        other => panic!("expected a protocol error, got {other}"),
    }
    modem.send(&At).expect("in sync");
    script.join().expect("script");
}

#[test]
fn gsm_ok_before_connect_then_data_escape_and_result() {
    // Every split of `OK` + `CONNECT`, with a URC in between.
    let opening: &[u8] = b"\r\nOK\r\n\r\n+PING: 1\r\n\r\nCONNECT\r\n";
    for cut in 0..=opening.len() {
        let (mut modem, urcs, end) = pty_modem::<TestDialect>();
        let script = spawn_script(end, move |end| {
            end.expect_command("AT+QSMTPBODY=1");
            end.send_split(opening, &[cut]);
            assert_eq!(end.read_exact(10), b"Hello\r\n+++");
            end.send(b"\r\n+QSMTPBODY:2009\r\n");
        });
        let reply = modem
            .send_data(&OrderedBody::gsm(), &b"Hello\r\n"[..])
            .unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(
            reply.data_result,
            Some(BodyResult { stored: 2009 }),
            "cut {cut}"
        );
        script.join().expect("script");
        assert_eq!(
            drain(&urcs),
            vec![Urc::Typed(TestUrc::Ping(1))],
            "cut {cut}"
        );
    }
}

#[test]
fn gsm_error_instead_of_ok_or_connect() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=1");
        end.send(b"\r\nERROR\r\n");
        end.expect_command("AT+QSMTPBODY=1");
        // OK, but then the module refuses data mode.
        end.send(b"\r\nOK\r\n\r\n+CME ERROR: 3\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let err = modem.send_data(&OrderedBody::gsm(), &b"x"[..]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Modem {
                error: ModemError::Error,
                ..
            }
        ),
        "{err}"
    );
    let err = modem.send_data(&OrderedBody::gsm(), &b"x"[..]).unwrap_err();
    assert!(
        matches!(err, Error::Modem { error: ModemError::Final(ref v), .. } if v.code == 3),
        "{err}"
    );
    modem.send(&At).expect("in sync");
    script.join().expect("script");
}

#[test]
fn gsm_missing_connect_is_a_data_start_timeout() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=1");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let opts = SendOptions {
        timeout: Some(Duration::from_millis(200)),
        ..SendOptions::default()
    };
    let err = modem
        .send_data_with(&OrderedBody::gsm(), &b"x"[..], opts)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                stage: Stage::DataStart,
                ..
            }
        ),
        "{err}"
    );
    modem.send(&At).expect("in sync");
    script.join().expect("script");
}

#[test]
fn data_beyond_the_cap_never_reaches_the_wire() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        // The oversized body and the oversized declared length are refused
        // before their command lines: the first line seen is the body at
        // exactly the cap.
        end.expect_command("AT+QSMTPBODY=1");
        end.send(b"\r\nOK\r\n\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(10240), vec![b'q'; 10240]);
        assert_eq!(end.read_exact(3), b"+++");
        end.send(b"\r\n+QSMTPBODY: 10240\r\n");
    });
    let err = modem
        .send_data(&OrderedBody::gsm(), &vec![b'q'; 10241][..])
        .expect_err("one byte over the cap");
    assert!(matches!(err, Error::Payload { .. }), "{err}");
    let long = OrderedBody {
        order: DataOrder::ResultBeforeFinal,
        ..OrderedBody::uc15(10241)
    };
    let err = modem
        .send_data(&long, &vec![b'q'; 10241][..])
        .expect_err("declared length over the cap");
    assert!(matches!(err, Error::Payload { .. }), "{err}");
    let reply = modem
        .send_data(&OrderedBody::gsm(), &vec![b'q'; 10240][..])
        .expect("exactly the cap");
    assert_eq!(reply.data_result, Some(BodyResult { stored: 10240 }));
    script.join().expect("script");
}

#[test]
fn download_prompt_line_takes_exactly_len_bytes() {
    let opening: &[u8] = b"\r\nDOWNLOAD\r\n";
    for cut in 0..=opening.len() {
        let (mut modem, urcs, end) = pty_modem::<TestDialect>();
        let script = spawn_script(end, move |end| {
            end.expect_command("AT+SMTPBODY=12");
            end.send_split(opening, &[cut]);
            assert_eq!(end.read_exact(12), b"line1\r\nline2");
            end.send(b"\r\nOK\r\n");
        });
        // More than declared never reaches the wire (the script sees
        // one command line only).
        let err = modem
            .send_data(&Download { len: 12 }, &b"line1\r\nline2 and more"[..])
            .unwrap_err();
        assert!(matches!(err, Error::Payload { .. }), "cut {cut}: {err}");
        modem
            .send_data(&Download { len: 12 }, &b"line1\r\nline2"[..])
            .unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        script.join().expect("script");
        assert_eq!(drain(&urcs), vec![], "cut {cut}");
    }
}

#[test]
fn download_with_a_short_source_is_refused() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPBODY=12");
        end.send(b"\r\nDOWNLOAD\r\n");
        end.read_exact(5);
    });
    let err = modem
        .send_data(&Download { len: 12 }, &b"short"[..])
        .unwrap_err();
    assert!(matches!(err, Error::Payload { .. }), "{err}");
    script.join().expect("script");
}
