//! `Modem::start`: a command's response now, its completion later or never
//! (issue 8, the sim52xx abort flows), over real pty pairs in both read
//! modes.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

#[macro_use]
mod support;

use std::sync::mpsc;
use std::time::Duration;

use atspec_runtime::{Error, Stage, Urc};
use support::commands::{At, SmtpSend, SmtpSendProgress, SmtpSendState, SmtpStop};
use support::data_cmds::OfferedSend;
use support::dialect::{TestDialect, TestUrc};
use support::scripted::{pty_modem_with, spawn_script, ReadMode};

/// Generous bound for a completion the script sends at once.
const WITHIN: Duration = Duration::from_secs(10);

fn send() -> SmtpSend {
    SmtpSend { within: WITHIN }
}

/// The URCs that reach the stream within `wait` (at most `n`).
fn urcs_within<U>(urcs: &atspec_runtime::Urcs<U>, n: usize, wait: Duration) -> Vec<Urc<U>> {
    let mut got = Vec::new();
    while got.len() < n {
        match urcs.recv_timeout(wait) {
            Some(urc) => got.push(urc),
            None => break,
        }
    }
    got
}

per_read_mode!(abandoned_late_completion_is_a_typed_urc => abandon_late_direct, abandon_late_threaded);

/// 3.3 in the test dialect: `OK`, the stop command, then the module's late
/// completion after the host abandoned the wait: a typed URC, and the next
/// command gets only its own answer.
fn abandoned_late_completion_is_a_typed_urc(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let (abandoned_tx, abandoned) = mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT+SMTPSTOP");
        end.send(b"\r\nOK\r\n");
        abandoned.recv().expect("the host abandons");
        end.send_taken(b"\r\n+SMTPSEND: 66\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let cmd = send();
    let pending = modem.start(&cmd).expect("OK came");
    assert_eq!(pending.response(), &());
    modem.send(&SmtpStop).expect("the stop command is allowed");
    pending.abandon();
    abandoned_tx.send(()).expect("script runs");
    let late = urcs_within(&urcs, 1, WITHIN);
    assert_eq!(late, vec![Urc::Typed(TestUrc::SmtpSend(66))]);
    modem.send(&At).expect("the next command is in sync");
    script.join().expect("script");
}

per_read_mode!(wait_after_the_completion_came_returns_it => came_before_wait_direct, came_before_wait_threaded);

/// The completion comes (in the same write as `OK`, then once more while
/// idle) before `wait` is called: `wait` returns it at once.
fn wait_after_the_completion_came_returns_it(mode: ReadMode) {
    for answer in [
        &b"\r\nOK\r\n\r\n+SMTPSEND: 1\r\n"[..],
        &b"\r\n+SMTPSEND: 1\r\n\r\nOK\r\n"[..],
    ] {
        let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
        let script = spawn_script(end, move |end| {
            end.expect_command("AT+SMTPSEND");
            end.send_taken(answer);
        });
        let cmd = send();
        let pending = modem.start(&cmd).expect("OK came");
        script.join().expect("script");
        let reply = pending.wait().expect("the completion came");
        assert_eq!(reply.outcome, Some(1), "{answer:?}");
        assert_eq!(urcs.try_recv(), None, "{answer:?}: nothing else routed");
    }
}

per_read_mode!(completion_during_the_stop_command_is_kept => during_stop_direct, during_stop_threaded);

/// The completion arrives while the stop command runs (before its `OK`):
/// it is the pending command's, not the stop's, and not a URC.
fn completion_during_the_stop_command_is_kept(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        end.expect_command("AT+SMTPSTOP");
        end.send(b"\r\n+SMTPSEND: 67\r\n\r\nOK\r\n");
    });
    let cmd = send();
    let pending = modem.start(&cmd).expect("OK came");
    modem.send(&SmtpStop).expect("stop answered");
    assert_eq!(pending.wait().expect("kept").outcome, Some(67));
    script.join().expect("script");
    assert_eq!(urcs.try_recv(), None);
}

per_read_mode!(wait_times_out_then_the_late_line_is_a_urc => timeout_direct, timeout_threaded);

/// Nothing comes within the wait: a completion timeout; the line that
/// comes afterwards is a typed URC.
fn wait_times_out_then_the_late_line_is_a_urc(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let (timed_out_tx, timed_out) = mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        timed_out.recv().expect("the host times out");
        end.send_taken(b"\r\n+SMTPSEND: 0\r\n");
    });
    let cmd = send();
    let pending = modem.start(&cmd).expect("OK came");
    let wait = Duration::from_millis(100);
    match pending.wait_timeout(wait) {
        Err(Error::Timeout {
            command: "SMTPSEND",
            stage: Stage::Completion,
            after,
        }) => assert_eq!(after, wait),
        other => panic!("expected a completion timeout, got {other:?}"),
    }
    timed_out_tx.send(()).expect("script runs");
    assert_eq!(
        urcs_within(&urcs, 1, WITHIN),
        vec![Urc::Typed(TestUrc::SmtpSend(0))]
    );
    script.join().expect("script");
}

per_read_mode!(progress_lines_are_urcs_while_pending => progress_direct, progress_threaded);

/// A progress line (not final for the command) while pending is a URC;
/// the wait goes on to the final line.
fn progress_lines_are_urcs_while_pending(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let script = spawn_script(end, |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        end.send_taken(b"\r\n+SMTPSEND: 1\r\n\r\n+PING: 2\r\n\r\n+SMTPSEND: 0\r\n");
    });
    let cmd = SmtpSendProgress { within: WITHIN };
    let pending = modem.start(&cmd).expect("OK came");
    assert_eq!(pending.wait().expect("final").outcome, Some(0));
    script.join().expect("script");
    assert_eq!(
        urcs_within(&urcs, 2, Duration::from_millis(200)),
        vec![
            Urc::Typed(TestUrc::SmtpSend(1)),
            Urc::Typed(TestUrc::Ping(2))
        ]
    );
}

per_read_mode!(overlapping_commands_are_refused => refused_direct, refused_threaded);

/// While the completion is due (pending or abandoned), a command whose
/// answer or completion has its prefix is refused before a byte is sent;
/// once the completion came, it goes through.
fn overlapping_commands_are_refused(mode: ReadMode) {
    let (mut modem, _urcs, end) = pty_modem_with::<TestDialect>(mode);
    let (go_tx, go) = mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        go.recv().expect("the host tried");
        end.send_taken(b"\r\n+SMTPSEND: 0\r\n");
        end.expect_command("AT+SMTPSEND?");
        end.send(b"\r\n+SMTPSEND: 0\r\n\r\nOK\r\n");
    });
    let cmd = send();
    let pending = modem.start(&cmd).expect("OK came");
    for refused in [
        modem.send(&send()).map(|_| ()).unwrap_err(),
        modem.send(&SmtpSendState).map(|_| ()).unwrap_err(),
        modem.start(&send()).map(|_| ()).unwrap_err(),
    ] {
        let text = refused.to_string();
        assert!(
            matches!(refused, Error::Protocol { .. })
                && text.contains("not sent")
                && text.contains("+SMTPSEND"),
            "{text}"
        );
    }
    drop(pending);
    let refused = modem.send(&SmtpSendState).map(|_| ()).unwrap_err();
    assert!(refused.to_string().contains("abandon"), "{refused}");
    go_tx.send(()).expect("script runs");
    // The late completion comes (a URC); then the read is allowed.
    let deadline = std::time::Instant::now() + WITHIN;
    let reply = loop {
        match modem.send(&SmtpSendState) {
            Ok(reply) => break reply,
            Err(Error::Protocol { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(reply.response.len(), 1);
    script.join().expect("script");
}

/// A command without a completion, or one that may ask for chunked data
/// before it, cannot be started; nothing is sent.
#[test]
fn only_commands_with_a_completion_start() {
    let (mut modem, _urcs, end) = pty_modem_with::<TestDialect>(ReadMode::Direct);
    let err = modem.start(&At).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("use send"), "{err}");
    let offered = OfferedSend { within: WITHIN };
    let err = modem.start(&offered).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("send_chunked"), "{err}");
    let script = spawn_script(end, |end| {
        assert!(end.quiet_for(Duration::from_millis(100)), "nothing sent");
    });
    script.join().expect("script");
}

per_read_mode!(a_canceller_ends_the_wait => cancelled_direct, cancelled_threaded);

/// A `Canceller` ends a `Pending::wait` from another thread; the
/// completion is abandoned (its late line is a URC) and the modem goes on.
fn a_canceller_ends_the_wait(mode: ReadMode) {
    let (mut modem, urcs, end) = pty_modem_with::<TestDialect>(mode);
    let (cancelled_tx, cancelled) = mpsc::channel::<()>();
    let script = spawn_script(end, move |end| {
        end.expect_command("AT+SMTPSEND");
        end.send(b"\r\nOK\r\n");
        cancelled.recv().expect("the host cancels");
        end.send_taken(b"\r\n+SMTPSEND: 3\r\n");
        end.expect_command("AT");
        end.send(b"\r\nOK\r\n");
    });
    let cmd = send();
    let pending = modem.start(&cmd).expect("OK came");
    let canceller = modem.canceller();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = std::sync::Arc::clone(&done);
    // Cancels until the wait has ended (a cancel before it starts is a no-op).
    let cancelling = std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::Acquire) {
            canceller.cancel();
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    let waited = pending.wait();
    done.store(true, std::sync::atomic::Ordering::Release);
    cancelling.join().expect("canceller");
    match waited {
        Err(Error::Cancelled {
            command: "SMTPSEND",
        }) => {}
        other => panic!("expected a cancelled wait, got {other:?}"),
    }
    cancelled_tx.send(()).expect("script runs");
    assert_eq!(
        urcs_within(&urcs, 1, WITHIN),
        vec![Urc::Typed(TestUrc::SmtpSend(3))]
    );
    modem.send(&At).expect("not cancelled any more");
    script.join().expect("script");
}
