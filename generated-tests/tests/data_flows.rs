//! The generated data-phase commands of the dialects, run whole through
//! `Modem` against a scripted module on a real pseudo-terminal pair, in the
//! order each manual prints (quectel_gsm 4.4, quectel_uc15 2.4, SIMCom's
//! counted body, sim900 2.11 chunks).

#[allow(dead_code)] // shared with runtime/tests: not every helper is used here
#[path = "../../runtime/tests/support/scripted.rs"]
mod scripted;

use std::time::Duration;

use atspec_runtime::{Command, Error};
use scripted::{pty_modem, spawn_script};

#[test]
fn gsm_body_ok_connect_data_escape_result() {
    use atspec_dialects::quectel_gsm::{
        Charset, Dialect, QsmtpbodyWrite, QsmtpbodyWriteDataResult,
    };
    let (mut modem, _urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=1,100");
        end.send(b"\r\nOK\r\n\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(5), b"Hello");
        assert_eq!(end.read_exact(3), b"+++");
        end.send(b"\r\n+QSMTPBODY:2009\r\n");
        end.expect_command("AT+QSMTPBODY=1,100");
        end.send(b"\r\nOK\r\n\r\nCONNECT\r\n");
        end.read_exact(8);
        end.send(b"\r\n+QSMTPBODY: -5\r\n");
    });
    modem.set_chunk_size(64);
    let cmd = QsmtpbodyWrite::new(Charset::Utf8, Some(100)).unwrap();
    let reply = modem.send_data(&cmd, &b"Hello"[..]).expect("body stored");
    assert_eq!(
        reply.data_result,
        Some(QsmtpbodyWriteDataResult::Stored { length: 2009 })
    );
    let reply = modem
        .send_data(&cmd, &b"Hello"[..])
        .expect("result reported");
    match reply.data_result {
        Some(QsmtpbodyWriteDataResult::Failed { error }) => {
            assert_eq!(error.code(), -5, "{error:?}");
        }
        other => panic!("a negative result is an error, not a length: {other:?}"),
    }
    script.join().expect("script");
}

#[test]
fn gsm_body_beyond_10k_never_reaches_the_wire() {
    use atspec_dialects::quectel_gsm::{Charset, Dialect, QsmtpbodyWrite};
    let (mut modem, _urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPCLR");
        end.send(b"\r\nOK\r\n");
    });
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, None).unwrap();
    let err = modem
        .send_data(&cmd, &vec![b'x'; 10 * 1024 + 1][..])
        .expect_err("over the cap");
    assert!(matches!(err, Error::Payload { .. }), "{err}");
    modem
        .send(&atspec_dialects::quectel_gsm::QsmtpclrExec)
        .expect("nothing of the body was sent");
    script.join().expect("script");
}

#[test]
fn gsm_attachment_counted_after_ok() {
    use atspec_dialects::quectel_gsm::{Dialect, QsmtpattWrite, QsmtpattWriteDataResult};
    let (mut modem, _urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPATT=\"a.txt\",6,60");
        end.send(b"\r\nOK\r\n\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(6), b"abcdef");
        end.send(b"\r\n+QSMTPATT:6\r\n");
    });
    let cmd = QsmtpattWrite::new("a.txt", Some((6, 60))).unwrap();
    let reply = modem.send_data(&cmd, &b"abcdef"[..]).expect("stored");
    assert_eq!(
        reply.data_result,
        Some(QsmtpattWriteDataResult::Stored { length: 6 })
    );
    script.join().expect("script");
}

#[test]
fn uc15_body_result_before_ok() {
    use atspec_dialects::quectel_uc15::{
        Charset, Dialect, QsmtpbodyWrite, QsmtpbodyWriteDataResult,
    };
    let (mut modem, urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=0,100,120");
        end.send(b"\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(100), vec![b'm'; 100]);
        end.send(b"\r\n+QSMTPBODY: 100\r\n\r\nOK\r\n");
    });
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, 100, Some(120)).unwrap();
    let reply = modem
        .send_data(&cmd, &[b'm'; 100][..])
        .expect("body stored");
    assert_eq!(
        reply.data_result,
        Some(QsmtpbodyWriteDataResult { input_length: 100 })
    );
    script.join().expect("script");
    assert!(urcs.try_recv().is_none());
}

#[test]
fn uc15_put_waits_the_module_limit_plus_a_margin() {
    use atspec_dialects::quectel_uc15::QsmtpputWrite;
    let put = QsmtpputWrite::new(300).unwrap();
    let spec = put.completion().expect("completes with +QSMTPPUT");
    assert_eq!(spec.timeout, Duration::from_secs(330));
    let gsm = atspec_dialects::quectel_gsm::QsmtpputWrite::new(300).unwrap();
    assert_eq!(
        gsm.completion().expect("completes").timeout,
        Duration::from_secs(330)
    );
}

#[test]
fn sim900_counted_body_after_download() {
    use atspec_dialects::simcom_sim900::{Dialect, SmtpbodyWrite};
    let (mut modem, _urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPBODY=7");
        end.send(b"\r\nDOWNLOAD\r\n");
        // Ctrl-Z and ESC are plain bytes in the counted form.
        assert_eq!(end.read_exact(7), b"a\x1ab\x1bc\r\n");
        end.send(b"\r\nOK\r\n");
    });
    let cmd = SmtpbodyWrite::new(7).unwrap();
    modem
        .send_data(&cmd, &b"a\x1ab\x1bc\r\n"[..])
        .expect("body stored");
    script.join().expect("script");
}

#[test]
fn sim900_chunks_take_the_window_only_from_the_ready_shape() {
    use atspec_dialects::simcom_sim900::{Dialect, SmtpResult, SmtpftWrite, SmtpsendExec};
    let (mut modem, urcs, end) = pty_modem::<Dialect>();
    let data: Vec<u8> = (0..2000u32).map(|i| (i % 251) as u8).collect();
    let expected = data.clone();
    let chunk = |n: usize| SmtpftWrite::new(u16::try_from(n).expect("a window fits req_len"));
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,1360\r\n");
        let mut got = Vec::new();
        loop {
            let n: usize = end
                .read_command()
                .strip_prefix("AT+SMTPFT=")
                .expect("a chunk")
                .parse()
                .expect("a length");
            assert!(n <= 1360, "chunk of {n} within the window");
            if n == 0 {
                end.send(b"\r\nOK\r\n\r\n+SMTPSEND: 1\r\n");
                break;
            }
            end.send(format!("\r\n+SMTPFT: 2,{n}\r\n").as_bytes());
            got.extend(end.read_exact(n));
            end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,1360\r\n");
        }
        assert_eq!(got, expected);
        // Then a line with the ready prefix but another shape.
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 3,61\r\n");
        end.expect_command("AT+SMTPFT=?");
        end.send(b"\r\nOK\r\n");
    });
    let reply = modem
        .send_chunked(&SmtpsendExec, chunk, &data[..])
        .expect("transfer done");
    assert_eq!(reply.outcome.map(|o| o.code), Some(SmtpResult::Sent));
    let err = modem
        .send_chunked(&SmtpsendExec, chunk, &b"x"[..])
        .expect_err("no window");
    assert!(
        matches!(
            err,
            Error::Protocol {
                command: "SMTPFT",
                ..
            }
        ),
        "{err}"
    );
    modem
        .send(&atspec_dialects::simcom_sim900::SmtpftTest)
        .expect("no chunk was sent");
    script.join().expect("script");
    let left: Vec<_> = std::iter::from_fn(|| urcs.try_recv()).collect();
    assert_eq!(left.len(), 1, "the odd +SMTPFT line is a URC: {left:?}");
}

#[test]
fn sim900_plain_send_fails_fast_on_an_attachment_offer() {
    use atspec_dialects::simcom_sim900::{Dialect, SmtpsendExec};
    let (mut modem, _urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n\r\n+SMTPFT: 1,1360\r\n");
    });
    let err = modem
        .send(&SmtpsendExec)
        .expect_err("the offer can't be answered");
    match err {
        Error::Protocol { command, detail } => {
            assert_eq!(command, "SMTPSEND");
            assert!(detail.contains("send_chunked"), "{detail}");
        }
        other => panic!("expected a fast protocol error, got {other}"),
    }
    script.join().expect("script");
}
