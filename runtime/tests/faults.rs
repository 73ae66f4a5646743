//! Faults over real pty pairs: silence, hang-up, garbage, reboot, cancel.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::sync::mpsc;
use std::time::Duration;

use atspec_runtime::{Error, SendOptions, Stage, Urc};
use support::commands::{At, ReadBody, ReadServer, SmtpSend};
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem, pty_modem_with, spawn_script, ReadMode};

fn drain<U>(urcs: &atspec_runtime::Urcs<U>) -> Vec<Urc<U>> {
    std::iter::from_fn(|| urcs.try_recv()).collect()
}

fn unknown(s: &str) -> Urc<TestUrc> {
    Urc::Unknown(s.into())
}

#[test]
fn silent_modem_times_out_then_resynchronises() {
    silent_modem(ReadMode::Direct);
    silent_modem(ReadMode::Threaded);
}

fn silent_modem(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let (late_tx, late_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSRV?");
        go_rx.recv().expect("host timed out");
        // The late answer of the timed-out command.
        end.send_taken(b"\r\n+SMTPSRV: \"late\",1\r\n\r\nOK\r\n");
        late_tx.send(()).expect("host waits");
        end.expect_command("AT+SMTPSRV?");
        end.send(b"\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n");
    });
    let cmd = ReadServer {
        timeout: Some(Duration::from_millis(150)),
    };
    let err = modem.send(&cmd).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                command: "SMTPSRV",
                stage: Stage::Final,
                after
            } if after == Duration::from_millis(150)
        ),
        "{err}"
    );
    go_tx.send(()).expect("script waits");
    late_rx.recv().expect("late answer sent");
    let reply = modem
        .send(&ReadServer::default())
        .expect("next command works");
    assert_eq!(reply.response, ("a.b".to_string(), 25));
    script.join().expect("script");
    // The late info line is kept as a URC; the late OK was swallowed.
    assert_eq!(drain(&urcs), vec![unknown("+SMTPSRV: \"late\",1")]);
}

#[test]
fn per_call_timeout_override() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSRV?");
    });
    let opts = SendOptions {
        timeout: Some(Duration::from_millis(80)),
        ..SendOptions::default()
    };
    let err = modem.send_with(&ReadServer::default(), opts).unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(80)),
        "{err}"
    );
    script.join().expect("script");
}

#[test]
fn hang_up_mid_command_is_an_error_not_a_hang() {
    hang_up_mid_command(ReadMode::Direct);
    hang_up_mid_command(ReadMode::Threaded);
}

fn hang_up_mid_command(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSRV?");
        end.send_taken(b"\r\n+PING: 1\r\n+SMTPSRV: \"a");
    });
    let (tx, rx) = mpsc::channel();
    let host = std::thread::spawn(move || {
        let first = modem.send(&ReadServer::default());
        let second = modem.send(&At);
        tx.send(()).ok();
        (first, second, modem)
    });
    let end = script.join().expect("script");
    end.close();
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the host did not hang");
    let (first, second, modem) = host.join().expect("host");
    let first = first.unwrap_err();
    assert!(matches!(first, Error::PortClosed { .. }), "{first}");
    let second = second.unwrap_err();
    assert!(matches!(second, Error::PortClosed { .. }), "{second}");
    assert!(modem.is_closed());
    // The URC that came before the hang-up is delivered, then the stream ends.
    let all: Vec<_> = urcs.collect();
    assert_eq!(all, vec![Urc::Typed(TestUrc::Ping(1))]);
}

#[test]
fn hang_up_while_waiting_for_the_completion() {
    hang_up_while_waiting(ReadMode::Direct);
    hang_up_while_waiting(ReadMode::Threaded);
}

fn hang_up_while_waiting(mode: ReadMode) {
    let (mut modem, _urcs, end) = pty_modem_with::<TestDialect>(mode);
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
    });
    let cmd = SmtpSend {
        within: Duration::from_secs(30),
    };
    let closer = std::thread::spawn(move || {
        let end = script.join().expect("script");
        end.close();
    });
    let err = modem.send(&cmd).unwrap_err();
    assert!(matches!(err, Error::PortClosed { .. }), "{err}");
    closer.join().expect("closer");
}

#[test]
fn garbage_and_reboot_banner_are_survived() {
    garbage_and_reboot(ReadMode::Direct);
    garbage_and_reboot(ReadMode::Threaded);
}

fn garbage_and_reboot(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSRV?");
        end.send(b"\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n");
        // Line noise and a reboot while idle; the module comes back with echo on.
        end.send_taken(
            b"\xff\xfe\x00\x13junk\r\n\r\n\x00\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\nSMS Ready\r\n",
        );
        end.expect_command("AT+SMTPSRV?");
        end.send_split(
            b"AT+SMTPSRV?\r\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n",
            &[3, 11, 12, 13],
        );
        // A reboot in the middle of a command: the command times out...
        end.expect_command("AT+SMTPSRV?");
        end.send(b"AT+SMTPSRV?\r\r\n+SMTP\xff\xff\x00\r\nRDY\r\n");
        // ... and the next one works.
        end.expect_command("AT");
        end.send(b"AT\r\r\nOK\r\n");
    });
    modem.send(&ReadServer::default()).expect("first");
    let reply = modem.send(&ReadServer::default()).expect("after reboot");
    assert_eq!(reply.response, ("a.b".to_string(), 25));
    let short = ReadServer {
        timeout: Some(Duration::from_millis(150)),
    };
    let err = modem.send(&short).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    modem.send(&At).expect("works after the reboot");
    script.join().expect("script");
    assert_eq!(
        drain(&urcs),
        vec![
            // Not UTF-8: the exact bytes, never replacement characters.
            Urc::Raw(b"\xff\xfe\x00\x13junk".to_vec()),
            unknown("\0"),
            unknown("RDY"),
            unknown("+CFUN: 1"),
            unknown("SMS Ready"),
            Urc::Raw(b"+SMTP\xff\xff\x00".to_vec()),
            unknown("RDY"),
        ]
    );
}

#[test]
fn cancel_from_another_thread() {
    cancel(ReadMode::Direct);
    cancel(ReadMode::Threaded);
}

fn cancel(mode: ReadMode) {
    let (mut modem, _urcs, end) = pty_modem_with::<TestDialect>(mode);
    let canceller = modem.canceller();
    let (sent_tx, sent_rx) = mpsc::channel();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send_taken(b"\r\nOK\r\n");
        sent_tx.send(()).expect("main waits");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let host = std::thread::spawn(move || {
        let cmd = SmtpSend {
            within: Duration::from_secs(600),
        };
        let first = modem.send(&cmd);
        let second = modem.send(&At);
        (first, second)
    });
    sent_rx.recv().expect("script sent OK");
    canceller.cancel();
    let (first, second) = host.join().expect("host");
    assert!(
        matches!(
            first,
            Err(Error::Cancelled {
                command: "SMTPSEND"
            })
        ),
        "{first:?}"
    );
    second.expect("the line still works");
    script.join().expect("script");
}

#[test]
fn late_answer_before_the_next_commands_echo_is_not_taken_for_it() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSRV?");
        end.send(b"AT+SMTPSRV?\r");
        // Silent until the host gives up and sends the next command...
        end.expect_command("AT+SMTPSRV?");
        // ... then the late answer, then the next command's echo and answer.
        end.send(b"\r\n+SMTPSRV: \"late\",1\r\n\r\nOK\r\n");
        end.send(b"AT+SMTPSRV?\r\r\n+SMTPSRV: \"a.b\",25\r\n\r\nOK\r\n");
    });
    let short = ReadServer {
        timeout: Some(Duration::from_millis(150)),
    };
    let err = modem.send(&short).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    let reply = modem.send(&ReadServer::default()).expect("next command");
    assert_eq!(reply.response, ("a.b".to_string(), 25));
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![unknown("+SMTPSRV: \"late\",1")]);
}

#[test]
fn echo_switched_off_after_a_timeout_costs_one_command_at_most() {
    let (mut modem, _urcs, end) = pty_modem::<TestDialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT");
        end.send(b"AT\r\r\nOK\r\n");
        end.expect_command("AT");
        end.send(b"AT\r");
        // The module restarts with echo off and never answers the old command.
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let opts = SendOptions {
        timeout: Some(Duration::from_millis(150)),
        ..SendOptions::default()
    };
    modem.send(&At).expect("echo on");
    assert!(matches!(
        modem.send_with(&At, opts),
        Err(Error::Timeout { .. })
    ));
    // This OK is taken for the timed-out command's late answer...
    assert!(matches!(
        modem.send_with(&At, opts),
        Err(Error::Timeout { .. })
    ));
    // ... after which echo is known to be off and commands work again.
    modem.send(&At).expect("recovered");
    script.join().expect("script");
}

#[test]
fn a_payload_length_that_never_completes_is_abandoned_on_timeout() {
    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+CSMTPSBODY?");
        end.send(b"\r\n+CSMTPSBODY: 100000\r\nabc\r\n\r\nOK\r\n");
        go_rx.recv().expect("host timed out");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let opts = SendOptions {
        timeout: Some(Duration::from_millis(150)),
        ..SendOptions::default()
    };
    let err = modem.send_with(&ReadBody, opts).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    go_tx.send(()).expect("script waits");
    modem.send(&At).expect("the line works again");
    script.join().expect("script");
    assert_eq!(drain(&urcs), vec![unknown("abc")]);
}
