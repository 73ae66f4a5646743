//! `atspec sim`: prints the pty path; a program that opens it talks to the
//! spec-driven module; end of input stops it with exit code 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Reads from `file` on a thread until `needle` shows; what was read.
fn read_until(mut file: std::fs::File, needle: &'static str) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = file.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).contains(needle) {
                break;
            }
        }
        let _ = tx.send(String::from_utf8_lossy(&seen).into_owned());
    });
    rx
}

#[test]
fn sim_serves_a_spec_on_the_printed_device() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(["sim", "simcom_sim900", "--echo"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("a line");
    let path = first
        .trim()
        .strip_prefix("device: ")
        .expect("the device line")
        .to_owned();
    let mut dev = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .expect("open the pty");
    let answer = read_until(dev.try_clone().expect("clone"), "OK\r\n");
    dev.write_all(b"AT+SMTPSRV=\"mail.example.com\",2525\r")
        .expect("write");
    let got = answer
        .recv_timeout(Duration::from_secs(10))
        .expect("an answer");
    assert!(got.starts_with("AT+SMTPSRV="), "--echo echoes: {got:?}");
    let answer = read_until(dev.try_clone().expect("clone"), "OK\r\n");
    dev.write_all(b"AT+SMTPSRV?\r").expect("write");
    let got = answer
        .recv_timeout(Duration::from_secs(10))
        .expect("an answer");
    assert!(
        got.contains("+SMTPSRV: \"mail.example.com\",2525"),
        "{got:?}"
    );
    drop(child.stdin.take());
    let status = child.wait().expect("exit");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn sim_of_a_missing_spec_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(["sim", "no_such_dialect"])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sim_with_a_profile_for_another_dialect_exits_1() {
    let profile = format!(
        "{}/../dialects/mail/quectel_gsm.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .args(["sim", "simcom_sim900", "--mail", &profile])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("quectel_gsm"), "{err}");
}
