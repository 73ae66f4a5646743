//! Secrets never reach a trace, a URC or an error message, however the
//! modem sends them back: the read-back of a secret field, an echo garbled
//! by one byte, a late read-back after a timeout, an error line quoting the
//! password, a malformed read-back. All over a real pty through `Modem`.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atspec_runtime::{Claim, Command, Error, ParseError, ResponseLine, Urc};

use support::commands::{Auth, TIMEOUT};
use support::dialect::TestDialect;
use support::scripted::{pty_modem, spawn_script};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `AT+SMTPAUTH?`: the read-back `+SMTPAUTH: 1,"<user>","<password>"`.
#[derive(Debug, Default)]
struct ReadAuth {
    timeout: Option<Duration>,
}

impl Command for ReadAuth {
    type Response = String;
    type Outcome = ();
    type DataResult = ();
    fn name(&self) -> &'static str {
        "SMTPAUTH"
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"AT+SMTPAUTH?\r");
    }
    fn redacted(&self) -> String {
        "AT+SMTPAUTH?".into()
    }
    fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(TIMEOUT)
    }
    fn claim(&self, line: &str) -> Claim {
        if line.starts_with("+SMTPAUTH:") {
            Claim::Mine
        } else {
            Claim::NotMine
        }
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<String, ParseError> {
        match lines {
            [ResponseLine::Line(l)] if l.matches(',').count() == 2 => Ok(l.clone()),
            [ResponseLine::Line(l)] => Err(ParseError::new(1, Some(4), "three fields", l)),
            _ => Err(ParseError::new(0, None, "one line", "")),
        }
    }
}

const SENT: &str = "s3cr3t-pw";
const READ_BACK: &str = "other-pw";

#[test]
fn no_secret_in_traces_urcs_or_errors() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("atspec::traffic=trace")
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("one subscriber");

    let (mut modem, urcs, end) = pty_modem::<TestDialect>();
    let (go_tx, go_rx) = std::sync::mpsc::channel();
    let (late_tx, late_rx) = std::sync::mpsc::channel();
    let script = spawn_script(end, move |end| {
        // 1. The echo differs by one byte inside the password.
        let line = end.read_command();
        let garbled = line.replace(SENT, "s3cr3t-pX");
        end.send(format!("{garbled}\r\r\nOK\r\n").as_bytes());
        // 2. A read-back of a password never sent in this session.
        end.expect_command("AT+SMTPAUTH?");
        end.send(format!("\r\n+SMTPAUTH: 1,\"john\",\"{READ_BACK}\"\r\n\r\nOK\r\n").as_bytes());
        // 3. A malformed read-back: the parse error must not quote it.
        end.expect_command("AT+SMTPAUTH?");
        end.send(format!("\r\n+SMTPAUTH: 1,\"john\",{READ_BACK},x\r\n\r\nOK\r\n").as_bytes());
        // 4. An error line quoting the password sent.
        end.read_command();
        end.send(format!("\r\n+CME ERROR: bad password {SENT}\r\n").as_bytes());
        // 5. The read-back arrives after the command timed out.
        end.expect_command("AT+SMTPAUTH?");
        go_rx.recv().expect("host timed out");
        end.send_taken(
            format!("\r\n+SMTPAUTH: 1,\"john\",\"{READ_BACK}\"\r\n\r\nOK\r\n").as_bytes(),
        );
        late_tx.send(()).expect("host waits");
    });
    let auth = Auth {
        user: "john".into(),
        password: SENT.into(),
    };
    modem.send(&auth).expect("auth");
    let reply = modem.send(&ReadAuth::default()).expect("read-back");
    // The typed value is parsed from the line as received.
    assert!(reply.response.contains(READ_BACK));
    let err = modem.send(&ReadAuth::default()).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    let mut errors = vec![err.to_string(), format!("{err:?}")];
    let err = modem.send(&auth).unwrap_err();
    assert!(matches!(err, Error::Modem { .. }), "{err}");
    errors.extend([err.to_string(), format!("{err:?}")]);
    let short = ReadAuth {
        timeout: Some(Duration::from_millis(100)),
    };
    let err = modem.send(&short).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    go_tx.send(()).expect("script waits");
    late_rx.recv().expect("late read-back sent");
    script.join().expect("script");
    // Let the reader route the late lines.
    let mut all = Vec::new();
    while let Some(urc) = urcs.recv_timeout(Duration::from_secs(2)) {
        all.push(urc);
        if all.len() == 2 {
            break;
        }
    }
    drop(modem);

    assert_eq!(
        all,
        vec![
            Urc::Unknown("AT+SMTPAUTH=***".into()),
            Urc::Unknown("+SMTPAUTH: 1,\"john\",***".into()),
        ],
        "the garbled echo and the late read-back, masked"
    );
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).expect("utf-8 trace");
    for shown in errors.iter().chain([&text]) {
        for secret in [SENT, READ_BACK, "s3cr3t"] {
            assert!(!shown.contains(secret), "`{secret}` leaked:\n{shown}");
        }
    }
    assert!(text.contains("<< +SMTPAUTH: 1,\"john\",***"), "{text}");
    assert!(text.contains("<< AT+SMTPAUTH=***"), "{text}");
    assert!(
        errors[2].contains("+CME ERROR: bad password ***"),
        "{}",
        errors[2]
    );
}
