//! Generated forms with a secret parameter are `SimpleCommand`s whose one
//! `params` body writes both the command line and its masked form: through
//! `Modem` over a real pty pair, the module gets the password, and the
//! traffic trace (command line and echo) shows only `***`.

use std::io::Write;
use std::sync::{Arc, Mutex};

use atspec_dialects::{quectel_uc15, simcom_sim900};
use generated_tests::flows::pty::{pty_modem, spawn_script};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = self.0.lock().unwrap_or_else(|e| e.into_inner());
        out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const SIM900_PW: &str = "pw-of-sim900";
const UC15_PW: &str = "pw-of-uc15";

#[test]
fn secrets_of_generated_simple_forms_reach_the_module_but_not_the_trace() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("atspec::traffic=trace")
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("one subscriber");

    let (mut modem, _urcs, end) = pty_modem::<simcom_sim900::Dialect>();
    let script = spawn_script(end, |end| {
        // Echo on: the module repeats the line, password included.
        let line = end.read_command();
        assert_eq!(line, format!("AT+SMTPAUTH=1,\"john\",\"{SIM900_PW}\""));
        end.send(format!("{line}\r\r\nOK\r\n").as_bytes());
    });
    let auth = simcom_sim900::SmtpauthWrite::new(
        simcom_sim900::AuthType::Login,
        Some(("john", SIM900_PW)),
    )
    .expect("valid");
    modem.send(&auth).expect("SMTPAUTH");
    script.join().expect("script");

    // A set value (given password): no read-back line may come.
    let (mut modem, _urcs, end) = pty_modem::<quectel_uc15::Dialect>();
    let script = spawn_script(end, |end| {
        let line = end.read_command();
        assert_eq!(
            line,
            format!("AT+QSMTPCFG=\"account\",\"me\",\"{UC15_PW}\"")
        );
        end.send(format!("{line}\r\r\nOK\r\n").as_bytes());
    });
    let account = quectel_uc15::QsmtpcfgAccountWrite::new(Some(("me", UC15_PW))).expect("valid");
    assert_eq!(modem.send(&account).expect("QSMTPCFG").response, None);
    script.join().expect("script");

    let trace = String::from_utf8_lossy(&captured.0.lock().expect("trace")).into_owned();
    for masked in [
        ">> AT+SMTPAUTH=1,\"john\",***\\r",
        "<< AT+SMTPAUTH=1,\"john\",*** (echo)",
        ">> AT+QSMTPCFG=\"account\",\"me\",***\\r",
        "<< AT+QSMTPCFG=\"account\",\"me\",*** (echo)",
    ] {
        assert!(
            trace.contains(masked),
            "{masked} not in the trace:\n{trace}"
        );
    }
    for secret in [SIM900_PW, UC15_PW] {
        assert!(!trace.contains(secret), "{secret} in the trace:\n{trace}");
    }
}
