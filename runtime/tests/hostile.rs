//! The hostile-modem corpus, over real pty pairs through `Modem`: every
//! case ends in a typed error or a bounded wait (a timeout), never a panic
//! or a hang, and the next command still works. Generated parsers (SIM900)
//! where the case is about a response's shape.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::time::Duration;

use atspec_dialects::simcom_sim900 as sim900;
use atspec_runtime::framer::MAX_LINE;
use atspec_runtime::{Error, SendOptions, Urc};
use support::commands::At;
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem, spawn_script};

fn short() -> SendOptions {
    SendOptions {
        timeout: Some(Duration::from_millis(300)),
        ..SendOptions::default()
    }
}

/// Collects URCs until `n` arrived or the stream stays quiet for a while.
fn take_urcs<U>(urcs: &atspec_runtime::Urcs<U>, n: usize) -> Vec<Urc<U>> {
    let mut all = Vec::new();
    while all.len() < n {
        // Generous: 16 MiB through a pty on a loaded machine.
        match urcs.recv_timeout(Duration::from_secs(60)) {
            Some(urc) => all.push(urc),
            None => break,
        }
    }
    all
}

#[test]
fn a_64_kib_line_is_kept_and_a_16_mib_line_is_reported_not_kept() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        let mut long = vec![b'a'; MAX_LINE];
        long.extend_from_slice(b"\r\n");
        end.send(&long);
        let mut huge = vec![b'b'; 16 << 20];
        huge.extend_from_slice(b"\r\n+PING: 1\r\n");
        end.send(&huge);
        end.expect_command("AT");
        end.send(b"AT\r\r\nOK\r\n");
    });
    let got = take_urcs(&urcs, 3);
    modem.send(&At).expect("works after the long lines");
    script.join().expect("script");
    assert_eq!(
        got,
        vec![
            Urc::Unknown("a".repeat(MAX_LINE)),
            Urc::Overlong(16 << 20),
            Urc::Typed(TestUrc::Ping(1)),
        ]
    );
}

#[test]
fn nul_and_ff_bytes_keep_their_bytes_and_fail_a_typed_parse() {
    let (mut modem, urcs, end) = pty_modem::<sim900::Dialect>();
    let script = spawn_script(end, |end| {
        end.send(b"\r\n\x00\xff\xfe\r\n");
        end.expect_command("AT+SMTPSRV?");
        end.send(b"\r\n+SMTPSRV: \"mail\xff.example\",25\r\n\r\nOK\r\n");
    });
    let err = modem.send(&sim900::SmtpsrvRead).unwrap_err();
    script.join().expect("script");
    // A typed string is never guessed from replacement characters.
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    assert!(err.to_string().contains("UTF-8"), "{err}");
    assert_eq!(
        take_urcs(&urcs, 1),
        vec![Urc::Raw(b"\x00\xff\xfe".to_vec())]
    );
}

#[test]
fn an_unterminated_quote_and_an_overflowing_number_are_parse_errors() {
    let (mut modem, _urcs, end) = pty_modem::<sim900::Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSRV?");
        end.send(b"\r\n+SMTPSRV: \"mail.example.com,25\r\n\r\nOK\r\n");
        end.expect_command("AT+SMTPSRV?");
        end.send(b"\r\n+SMTPSRV: \"mail\",99999999999999999999999999\r\n\r\nOK\r\n");
        end.expect_command("AT+SMTPSRV?");
        end.send(b"\r\n+SMTPSRV: \"mail\",25\r\n\r\nOK\r\n");
    });
    for case in ["unterminated quote", "overflowing number"] {
        let err = modem.send(&sim900::SmtpsrvRead).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }), "{case}: {err}");
    }
    let ok = modem.send(&sim900::SmtpsrvRead).expect("in sync");
    assert_eq!(
        (ok.response.server.as_str(), ok.response.port),
        ("mail", 25)
    );
    script.join().expect("script");
}

/// Lines of 1,000 bytes after a lying length.
const FLOOD: u64 = 2000;

#[test]
fn a_lying_length_field_is_refused_and_the_line_stays_in_sync() {
    let (mut modem, urcs, end) = pty_modem::<sim900::Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+POP3READ=100");
        end.send(b"\r\n+POP3READ: 1,9223372036854775807\r\n");
        // A flood far bigger than any limit, then the final result.
        let mut flood = b"x".repeat(1000);
        flood.extend_from_slice(b"\r\n");
        for _ in 0..FLOOD {
            end.send_taken(&flood);
        }
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT+POP3READ=100");
        // `OK` inside a counted payload is payload, not the final result.
        end.send(b"\r\n+POP3READ: 2,8\r\nOK\r\nOK\r\n\r\nOK\r\n");
        end.expect_command("AT");
        end.send(b"AT\r\r\nOK\r\n");
    });
    let read = sim900::Pop3readWrite::new(100).expect("valid");
    // Generous: the flood must not time out on a loaded machine.
    let patient = SendOptions {
        timeout: Some(Duration::from_secs(60)),
        ..SendOptions::default()
    };
    let err = modem.send_with(&read, patient).unwrap_err();
    // The count is over the spec's declared maximum (`len: int 0..=1460`),
    // so the line matches none of POP3READ's shapes: no byte after it is
    // taken as payload, and the error names the line.
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    assert!(err.to_string().contains("9223372036854775807"), "{err}");
    let reply = modem.send(&read).expect("next read in sync");
    assert_eq!(
        reply.response,
        sim900::Pop3readWriteResponse::Last {
            len: 8,
            data: b"OK\r\nOK\r\n".to_vec()
        }
    );
    // The flood became URCs: no more than the channel holds...
    let got: Vec<_> = urcs.try_iter().collect();
    assert_eq!(got.len(), 1024);
    assert!(got.iter().all(|u| *u == Urc::Unknown("x".repeat(1000))));
    // ... and once there is room, the count of the dropped ones.
    modem.send(&At).expect("works");
    script.join().expect("script");
    assert_eq!(urcs.try_recv(), Some(Urc::Dropped(FLOOD - 1024)));
}

#[test]
fn endless_urcs_with_no_final_result_time_out_with_the_queue_bounded() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT");
        let mut flood = Vec::new();
        for i in 0..100_000u32 {
            flood.extend_from_slice(format!("+PING: {i}\r\n").as_bytes());
        }
        end.send_taken(&flood);
        for _ in 0..2 {
            end.expect_command("AT");
            end.send(b"AT\r\r\nOK\r\n");
        }
    });
    let err = modem.send_with(&At, short()).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    // The answer to the next command comes after the whole flood, so the
    // flood has been routed by then; nobody read the URCs meanwhile: at
    // most the channel's capacity is kept.
    modem.send(&At).expect("works after the flood");
    let got: Vec<_> = urcs.try_iter().collect();
    // Room was made: the next routing reports the count.
    modem.send(&At).expect("works");
    script.join().expect("script");
    let typed = got.iter().filter(|u| matches!(u, Urc::Typed(_))).count();
    assert!(typed <= 1024, "{typed}");
    assert_eq!(got.first(), Some(&Urc::Typed(TestUrc::Ping(0))));
    let dropped: u64 = got
        .iter()
        .chain(urcs.try_iter().collect::<Vec<_>>().iter())
        .map(|u| match u {
            Urc::Dropped(n) => *n,
            _ => 0,
        })
        .sum();
    assert!(dropped > 0, "drops are counted");
}

#[test]
fn a_port_that_closes_mid_line_ends_the_command_and_the_stream() {
    let (mut modem, urcs, end) = pty_modem::<sim900::Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSRV?");
        end.send_taken(b"\r\n+SMTPSRV: \"mai");
    });
    let host = std::thread::spawn(move || {
        let result = modem.send(&sim900::SmtpsrvRead);
        (result, modem)
    });
    let end = script.join().expect("script");
    end.close();
    let (result, modem) = host.join().expect("host");
    let err = result.unwrap_err();
    assert!(matches!(err, Error::PortClosed { .. }), "{err}");
    drop(modem);
    // The stream ends (no hang); the cut line is never a typed URC.
    let rest: Vec<_> = urcs.collect();
    assert!(rest.iter().all(|u| !matches!(u, Urc::Typed(_))), "{rest:?}");
}
