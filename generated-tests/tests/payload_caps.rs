//! Counted payloads are capped by the length field's declared maximum
//! (issue 9), not only by `Limits::max_payload`: a longer announced payload
//! is refused with a typed error and never taken as payload, for a
//! command's answer and for a URC, and the link stays in sync.

#[allow(dead_code)] // shared with runtime/tests: not every helper is used here
#[path = "../../runtime/tests/support/scripted.rs"]
mod scripted;

#[allow(dead_code)]
mod caps {
    atspec_macros::dialect!("specs/caps.atspec");
}

use atspec_runtime::{Claim, Command, Dialect as _, Error, Urc};
use caps::{Dialect, ReadWrite, ReadWriteResponse};
use scripted::{pty_modem, spawn_script};

#[test]
fn a_command_count_over_the_declared_maximum_is_not_a_payload() {
    // A command's claim is strict: a count outside the field's range makes
    // the line match none of the command's shapes, so no byte after it is
    // taken as payload and the line stays visible with the command.
    let cmd = ReadWrite::new(16).expect("valid");
    let table: [(&str, Claim); 5] = [
        ("+READ: 0", Claim::MineWithPayload(0)),
        ("+READ: 16", Claim::MineWithPayload(16)),
        ("+READ: 17", Claim::Unrecognised),
        ("+READ: 18446744073709551615", Claim::Unrecognised),
        ("+READ: -1", Claim::Unrecognised),
    ];
    for (line, want) in table {
        assert_eq!(cmd.claim(line), want, "{line}");
    }
}

#[test]
fn a_urc_count_over_the_declared_maximum_is_reported_not_taken() {
    assert_eq!(Dialect::urc_payload_len("+BLOCK: 65"), Some(65));
    assert_eq!(Dialect::urc_payload_max("+BLOCK: 65"), Some(64));
    assert_eq!(Dialect::urc_payload_max("+BLOCK: 64"), None);
    assert_eq!(Dialect::urc_payload_max("+FREE: 100000"), None);
}

#[test]
fn over_a_pty_an_answer_over_the_declared_maximum_fails_typed_and_stays_in_sync() {
    let (mut modem, urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+READ=16");
        // 40 bytes announced where at most 16 may come: not a payload; the
        // bytes are framed as lines (one here), and the final result still
        // ends the command.
        end.send(b"\r\n+READ: 40\r\n0123456789012345678901234567890123456789\r\n\r\nOK\r\n");
        end.expect_command("AT+READ=16");
        end.send(b"\r\n+READ: 4\r\nOK\r\n\r\nOK\r\n");
    });
    let cmd = ReadWrite::new(16).expect("valid");
    let err = modem.send(&cmd).expect_err("over the declared maximum");
    match &err {
        Error::Parse { error, .. } => {
            let text = error.to_string();
            assert!(text.contains("+READ: 40"), "{text}");
        }
        other => panic!("expected a parse error naming the line, got {other:?}"),
    }
    // The 40 bytes were not taken as payload: they came as a line.
    assert_eq!(
        urcs.try_recv(),
        Some(Urc::Unknown(
            "0123456789012345678901234567890123456789".into()
        ))
    );
    let reply = modem.send(&cmd).expect("in sync: the next read works");
    assert_eq!(
        reply.response,
        ReadWriteResponse {
            len: 4,
            data: b"OK\r\n".to_vec()
        }
    );
    script.join().expect("script");
}

#[test]
fn over_a_pty_a_urc_over_the_declared_maximum_comes_out_as_too_large() {
    let (mut modem, urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+READ=1");
        end.send(b"\r\n+BLOCK: 100\r\n\r\n+FREE: 3\r\nabc\r\n+READ: 1\r\nz\r\nOK\r\n");
    });
    let cmd = ReadWrite::new(1).expect("valid");
    let reply = modem.send(&cmd).expect("the command is not disturbed");
    assert_eq!(reply.response.data, b"z".to_vec());
    script.join().expect("script");
    let got: Vec<_> = urcs.try_iter().collect();
    assert!(
        matches!(
            got.first(),
            Some(Urc::PayloadTooLarge { line, announced: 100 }) if line == "+BLOCK: 100"
        ),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|u| matches!(u, Urc::WithPayload { payload, .. } if payload == b"abc")),
        "{got:?}"
    );
}
