//! Issue 8 through generated code: declared finals and prompts reach the
//! `Dialect` impl, verbose `+CME ERROR` texts map to the code table, claims
//! are strict (own-prefix lines that match no shape stay with the command),
//! and declared URCs interrupt free text — each proved over a real
//! pseudo-terminal pair through `Modem`.

#[allow(dead_code)]
mod finals {
    atspec_macros::dialect!("specs/finals.atspec");
}

use std::io::{Read, Write};
use std::thread::JoinHandle;
use std::time::Duration;

use atspec_runtime::{Claim, Command, Dialect as _, Error, Modem, ModemError, Urc, VendorError};
use finals::*;
use serialport::{SerialPort, TTYPort};

/// The module's side: for each `(command line, answer)`, reads the line up
/// to its `\r` and writes the answer.
fn script(mut port: TTYPort, steps: Vec<(&'static str, &'static [u8])>) -> JoinHandle<()> {
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
    })
}

fn modem(
    steps: Vec<(&'static str, &'static [u8])>,
) -> (Modem<Dialect>, atspec_runtime::Urcs<Urc>, JoinHandle<()>) {
    let (master, slave) = TTYPort::pair().expect("a pseudo-terminal pair");
    let (modem, urcs) = Modem::<Dialect>::from_tty(slave).expect("runtime on the pty");
    (modem, urcs, script(master, steps))
}

#[test]
fn declared_finals_and_prompts_reach_the_dialect_impl() {
    assert_eq!(Dialect::FINAL_ERRORS, &["COMMAND NOT SUPPORT"]);
    assert_eq!(Dialect::PROMPTS, &["DOWNLOAD", "@"]);
}

#[test]
fn verbose_cme_texts_map_to_their_codes_exactly() {
    let not_allowed = Some(VendorError {
        prefix: "+CME ERROR",
        code: 3,
        meaning: Some("operation not allowed"),
    });
    assert_eq!(
        Dialect::final_error("+CME ERROR: operation not allowed"),
        not_allowed
    );
    assert_eq!(
        Dialect::final_error("+CME ERROR:OPERATION NOT ALLOWED"),
        not_allowed
    );
    assert_eq!(Dialect::final_error("+CME ERROR: 3"), not_allowed);
    // Not the nearest meaning, not a code read off a longer line.
    assert_eq!(
        Dialect::final_error("+CME ERROR: operation not allowed yet"),
        None
    );
    assert_eq!(Dialect::final_error("+CME ERROR: SIM busy"), None);
    assert_eq!(Dialect::final_error("+CME ERROR: 3,4"), None);
}

#[test]
fn claims_check_the_whole_shape() {
    let cfg = QsmtpcfgTest;
    assert_eq!(cfg.claim("+QSMTPCFG: \"contextid\",(1-16)"), Claim::Mine);
    assert_eq!(
        cfg.claim("+QSMTPCFG: \"newthing\",(0,1)"),
        Claim::Unrecognised
    );
    assert_eq!(cfg.claim("+PING: 1"), Claim::NotMine);
    let csq = CsqExec;
    assert_eq!(csq.claim("+CSQ: 20,0"), Claim::Mine);
    assert_eq!(csq.claim("+CSQ: 200,0"), Claim::Unrecognised);
    assert_eq!(csq.claim("+CSQ: x,0"), Claim::Unrecognised);
}

#[test]
fn over_a_pty_an_extra_setting_line_stays_with_the_test_form() {
    let (mut modem, urcs, end) = modem(vec![(
        "AT+QSMTPCFG=?",
        b"\r\n+QSMTPCFG: \"contextid\",(1-16)\r\n+QSMTPCFG: \"newthing\",(0,1)\r\n+PING: 7\r\n+QSMTPCFG: \"ssltype\",(0-2)\r\n\r\nOK\r\n",
    )]);
    let reply = modem.send(&QsmtpcfgTest).expect("the test form completes");
    assert_eq!(reply.response.len(), 2, "{:?}", reply.response);
    assert_eq!(
        reply.unrecognised,
        vec!["+QSMTPCFG: \"newthing\",(0,1)".to_string()]
    );
    end.join().expect("script");
    assert_eq!(
        std::iter::from_fn(|| urcs.try_recv()).collect::<Vec<_>>(),
        vec![Urc::Typed(finals::Urc::Ping(Ping { n: 7 }))]
    );
}

#[test]
fn over_a_pty_finals_end_the_command_with_typed_errors() {
    let (mut modem, _urcs, end) = modem(vec![
        ("AT+CSQ", b"\r\n+CME ERROR: operation not allowed\r\n"),
        ("AT+CSQ", b"\r\n+CME ERROR: SIM busy\r\n"),
        ("AT+CSQ", b"\r\nCOMMAND NOT SUPPORT\r\n"),
        ("AT+CSQ", b"\r\nNO CARRIER\r\n"),
        ("AT+CSQ", b"\r\nCONNECT 9600\r\n"),
        ("AT+CSQ", b"\r\nDOWNLOAD\r\n"),
        ("AT+CSQ", b"\r\n+EXT ERROR: 4\r\n"),
    ]);
    let expected = [
        ModemError::Final(VendorError {
            prefix: "+CME ERROR",
            code: 3,
            meaning: Some("operation not allowed"),
        }),
        ModemError::Text("+CME ERROR: SIM busy".into()),
        ModemError::Declared("COMMAND NOT SUPPORT"),
        ModemError::NoCarrier,
        ModemError::UnexpectedConnect("CONNECT 9600".into()),
        ModemError::UnexpectedPrompt("DOWNLOAD"),
        ModemError::Final(VendorError {
            prefix: "+EXT ERROR",
            code: 4,
            meaning: None,
        }),
    ];
    for want in expected {
        match modem.send(&CsqExec) {
            Err(Error::Modem { error, .. }) => assert_eq!(error, want),
            other => panic!("expected {want:?}, got {other:?}"),
        }
    }
    end.join().expect("script");
}

#[test]
fn over_a_pty_a_declared_urc_interrupts_free_text() {
    let (mut modem, urcs, end) = modem(vec![(
        "AT+POP3HDR=1",
        b"\r\n+POP3HDR: 1\r\nFrom: a@b\r\n+PING: 4\r\nSubject: +PING: 5\r\n\r\nOK\r\n",
    )]);
    let reply = modem
        .send(&Pop3hdrWrite::new(1).expect("valid"))
        .expect("header read");
    assert_eq!(reply.response.index, 1);
    assert_eq!(reply.response.text, "From: a@b\nSubject: +PING: 5");
    end.join().expect("script");
    assert_eq!(
        std::iter::from_fn(|| urcs.try_recv()).collect::<Vec<_>>(),
        vec![Urc::Typed(finals::Urc::Ping(Ping { n: 4 }))]
    );
}

#[test]
fn over_a_pty_a_required_line_out_of_shape_is_named_in_the_parse_error() {
    let (mut modem, urcs, end) = modem(vec![("AT+CSQ", b"\r\n+CSQ: 200,0\r\n\r\nOK\r\n")]);
    match modem.send(&CsqExec) {
        Err(Error::Parse { error, .. }) => {
            assert!(error.found.contains("+CSQ: 200,0"), "{error}")
        }
        other => panic!("expected a parse error naming the line, got {other:?}"),
    }
    end.join().expect("script");
    assert_eq!(urcs.try_recv(), None, "the line is not a URC");
}
