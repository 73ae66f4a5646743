//! The spec-driven module without a mail profile, over a real pseudo-terminal:
//! forms checked against the spec, settings read back, test forms from the
//! spec, data phases as declared, completions with the success code.

mod support;

use std::io::Write;

use atspec_sim::spec::SpecModem;
use atspec_sim::Simulator;
use support::{dialect, Raw};

fn start(name: &str) -> (Simulator, Raw) {
    let (sim, port) = Simulator::spawn(SpecModem::new(dialect(name))).unwrap();
    let mut raw = Raw::new(port);
    raw.say(b"ATE0\r", "OK");
    (sim, raw)
}

#[test]
fn written_settings_are_read_back() {
    let (_sim, mut raw) = start("simcom_sim900");
    raw.say(b"AT+SMTPSRV=\"mail.example.org\",2525\r", "OK");
    let read = raw.say(b"AT+SMTPSRV?\r", "OK");
    assert_eq!(
        read,
        "\r\n+SMTPSRV: \"mail.example.org\",2525\r\n\r\nOK\r\n"
    );
    raw.say(b"AT+SMTPSRV=\"other.example.org\"\r", "OK");
    let read = raw.say(b"AT+SMTPSRV?\r", "OK");
    assert_eq!(
        read, "\r\n+SMTPSRV: \"other.example.org\",25\r\n\r\nOK\r\n",
        "left off: the spec's default"
    );
}

#[test]
fn bad_input_is_refused() {
    let (_sim, mut raw) = start("simcom_sim900");
    for line in [
        &b"AT+SMTPSRV=\"x\",70000\r"[..],
        b"AT+SMTPSRV=x,25\r",
        b"AT+SMTPAUTH=0,\"u\",\"p\"\r",
        b"AT+NOSUCH=1\r",
        b"AT+SMTPSEND=1\r",
        b"AT+SMTPSUB=\"\xc3\xa9\"\r",
    ] {
        let got = raw.say(line, "ERROR\r\n");
        assert!(
            got.contains("ERROR") && !got.contains("OK"),
            "{line:?}: {got:?}"
        );
    }
    let read = raw.say(b"AT+SMTPSRV?\r", "OK");
    assert!(
        read.contains("+SMTPSRV: \"\",25"),
        "nothing refused was kept: {read:?}"
    );
}

#[test]
fn test_forms_answer_from_the_spec() {
    let (_sim, mut raw) = start("simcom_sim900");
    let got = raw.say(b"AT+SMTPSRV=?\r", "OK");
    assert!(got.contains("+SMTPSRV: 0,(1-65535)"), "{got:?}");
    let got = raw.say(b"AT+SMTPRCPT=?\r", "OK");
    assert!(got.contains("+SMTPRCPT: (0,1,2),(0-2147483647)"), "{got:?}");
}

#[test]
fn ctrl_z_body_then_completion_with_the_success_code() {
    let (_sim, mut raw) = start("simcom_sim900");
    raw.say(b"AT+SMTPBODY\r", "> ");
    raw.say(b"line one\r\nOK\r\n.\x1a", "OK");
    let got = raw.say(b"AT+SMTPSEND\r", "+SMTPSEND: 1");
    assert!(
        got.starts_with("\r\nOK\r\n"),
        "OK first, then the completion: {got:?}"
    );
}

#[test]
fn download_prompt_takes_exactly_the_length() {
    let (_sim, mut raw) = start("simcom_sim900");
    let got = raw.say(b"AT+SMTPBODY=5\r", "DOWNLOAD");
    assert_eq!(got, "\r\nDOWNLOAD\r\n");
    let got = raw.say(b"ab\x1acd", "OK");
    assert_eq!(got, "\r\nOK\r\n", "Ctrl-Z is data in a counted entry");
}

#[test]
fn connect_after_ok_ends_with_escape() {
    let (_sim, mut raw) = start("quectel_gsm");
    let got = raw.say(b"AT+QSMTPBODY=0\r", "CONNECT");
    assert_eq!(got, "\r\nOK\r\n\r\nCONNECT\r\n");
    raw.port.write_all(b"hello\r\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    raw.port.write_all(b"+++").unwrap();
    let got = raw.expect_line("+QSMTPBODY");
    assert!(
        got.contains("+QSMTPBODY: 7"),
        "stored length, no OK after: {got:?}"
    );
}

#[test]
fn connect_with_length_then_result_then_ok() {
    let (_sim, mut raw) = start("quectel_uc15");
    let got = raw.say(b"AT+QSMTPBODY=0,4\r", "CONNECT");
    assert_eq!(got, "\r\nCONNECT\r\n");
    let got = raw.say(b"a+b\x1a", "OK");
    assert_eq!(got, "\r\n+QSMTPBODY: 4\r\n\r\nOK\r\n");
}

#[test]
fn prompt_exact_data_is_read_back_with_its_payload() {
    let (_sim, mut raw) = start("simcom_smtps");
    raw.say(b"AT+CSMTPSSUB=5\r", "> ");
    raw.say(b"Hi, y", "OK");
    let got = raw.say(b"AT+CSMTPSSUB?\r", "OK");
    assert_eq!(got, "\r\n+CSMTPSSUB: 5,\"utf-8\"\r\nHi, y\r\nOK\r\n");
}

#[test]
fn completion_until_takes_an_ending_value() {
    let (_sim, mut raw) = start("simcom_sim52xx");
    raw.port.write_all(b"AT+SMTPSEND\r").unwrap();
    let got = raw.expect_line("+SMTP: ");
    assert!(
        got.contains("+SMTP: SUCCESS"),
        "SessionOpen does not end the wait: {got:?}"
    );
}
