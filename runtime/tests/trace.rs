//! The traffic trace: escaped, direction-marked, timestamped, and free of
//! secrets even when the modem echoes them back.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atspec_runtime::{Error, SendOptions, Urc};

use support::commands::{Auth, SmtpBody};
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

#[test]
fn trace_is_escaped_marked_and_redacted() {
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
        let line = end.read_command();
        // The module echoes the whole line, password included.
        end.send(format!("{line}\r\r\nOK\r\n").as_bytes());
        end.expect_command("AT+SMTPBODY");
        end.send(b"\r\n> ");
        end.read_until(0x1A);
        end.send(b"\r\n\x01odd\xffbyte\r\nOK\r\n");
        // A command that times out, then its echo and OK arrive late.
        let line = end.read_command();
        go_rx.recv().expect("host timed out");
        end.send_taken(format!("{line}\r\r\nOK\r\n").as_bytes());
        late_tx.send(()).expect("host waits");
    });
    let auth = Auth {
        user: "john".into(),
        password: "s3cr3t-pw".into(),
    };
    modem.send(&auth).expect("auth");
    modem
        .send_data(&SmtpBody, &b"confidential body text"[..])
        .expect("body");
    let opts = SendOptions {
        timeout: Some(Duration::from_millis(100)),
        ..SendOptions::default()
    };
    let err = modem.send_with(&auth, opts).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    go_tx.send(()).expect("script waits");
    late_rx.recv().expect("late echo sent");
    script.join().expect("script");
    let all: Vec<_> = std::iter::from_fn(|| urcs.try_recv()).collect();
    assert_eq!(
        all,
        vec![Urc::Raw(b"\x01odd\xffbyte".to_vec())],
        "the late echo and OK are skipped"
    );
    drop(modem);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).expect("utf-8 trace");
    eprintln!("{text}");
    assert!(!text.contains("s3cr3t-pw"), "secret leaked:\n{text}");
    assert!(!text.contains("confidential"), "data leaked:\n{text}");
    assert!(text.contains(">> AT+SMTPAUTH=1,\"john\",***\\r"), "{text}");
    assert!(
        text.contains("<< AT+SMTPAUTH=1,\"john\",*** (echo)"),
        "{text}"
    );
    assert!(text.contains("<< OK"), "{text}");
    assert!(text.contains("<< > (prompt)"), "{text}");
    assert!(text.contains(">> <22 data bytes>"), "{text}");
    assert!(text.contains(">> \\x1A"), "{text}");
    assert!(text.contains("<< \\x01odd\\xFFbyte"), "{text}");
    assert!(text.contains("t="), "timestamps: {text}");
    assert_eq!(text.matches("(echo)").count(), 2, "{text}");
}
