//! Host command lines in, typed commands or refusals out.

use at_spec::ir::Dialect;
use atspec_interp::{display_list, parse_command, redact_line};

fn dialect(name: &str) -> Dialect {
    let path = format!(
        "{}/../dialects/specs/{name}.atspec",
        env!("CARGO_MANIFEST_DIR")
    );
    at_spec::parse_file(std::path::Path::new(&path)).expect("spec parses")
}

/// `line => "form: params"` or `line => "error: message"`.
fn run(d: &Dialect, line: &str) -> String {
    match parse_command(d, line) {
        Ok(c) => format!(
            "{} {}: {}",
            c.command.name,
            atspec_interp::kind_word(c.kind()),
            display_list(&c.params)
        ),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn sim900_command_lines() {
    let d = dialect("simcom_sim900");
    let table = [
        ("AT+SMTPSRV=\"mail.sim.com\",25", "SMTPSRV write: server=\"mail.sim.com\", port=25"),
        ("AT+SMTPSRV=\"mail.sim.com\"", "SMTPSRV write: server=\"mail.sim.com\""),
        ("at+smtpsrv?", "SMTPSRV read: "),
        ("AT+SMTPSRV=?", "SMTPSRV test: "),
        ("AT+SMTPSEND", "SMTPSEND exec: "),
        (
            "AT+SMTPSRV=\"mail.sim.com\",70000",
            "error: parameter `port`: expected an integer 1..=65535, found 70000",
        ),
        (
            "AT+SMTPSRV=\"mail.sim.com\",0",
            "error: parameter `port`: expected an integer 1..=65535, found 0",
        ),
        (
            "AT+SMTPSRV=mail.sim.com,25",
            "error: parameter `server`: expected a quoted string, found mail.sim.com",
        ),
        (
            "AT+SMTPSRV=\"\",25",
            "error: parameter `server`: expected a string that must be at least 1 bytes long, found \"\"",
        ),
        (
            "AT+SMTPSRV=\"a\",25,1",
            "error: 3 parameters where the form takes at most 2",
        ),
        ("AT+SMTPSEND=1", "error: AT+SMTPSEND has no write form"),
        ("AT+QSMTPPUT", "error: unknown command AT+QSMTPPUT for this dialect"),
        ("ATE0", "error: basic command `ATE0` (not an AT+ command)"),
        ("hello", "error: not an AT command line"),
        (
            "AT+SMTPAUTH=1,\"john\",\"123456\"",
            "SMTPAUTH write: auth_type=Login (1), user=\"john\", password=***",
        ),
        (
            "AT+SMTPAUTH=1",
            "error: parameter `user`: violates rule `auth_type == 1 => present(user, password)`",
        ),
        (
            "AT+SMTPAUTH=0,\"john\",\"x\"",
            "error: parameter `user`: violates rule `auth_type == 0 => absent(user, password)`",
        ),
        (
            "AT+SMTPAUTH=1,\"john\"",
            "error: parameter `password`: expected a quoted string, found nothing (left off)",
        ),
        (
            "AT+SMTPRCPT=0,,\"a@b\"",
            "error: parameter `index`: expected an integer 0..=2147483647, found nothing (left off)",
        ),
        ("AT+SMTPRCPT=2", "SMTPRCPT write: kind=Bcc (2)"),
        (
            "AT+SMTPRCPT=3",
            "error: parameter `kind`: expected RcptType (0, 1, 2), found 3",
        ),
        (
            "AT+SMTPFILE=1,\"a.txt\",1",
            "error: parameter `encode_type`: violates rule `file_type == 1 => encode_type == 0`",
        ),
        (
            "AT+SMTPFILE=2,\"a.bin\",1",
            "SMTPFILE write: file_type=Binary (2), file_name=\"a.bin\", encode_type=Base64 (1)",
        ),
        ("AT+EMAILTO=\"30\"", "error: parameter `timeout`: expected an integer 10..=120, found \"30\""),
        ("AT+SMTPSUB=\"a;b\"", "SMTPSUB write: subject=\"a;b\""),
        ("AT+SMTPSUB=\"a\";+SMTPSEND", "error: several commands joined with `;` (send them one by one)"),
    ];
    for (line, want) in table {
        assert_eq!(run(&d, line), want, "line {line}");
    }
}

#[test]
fn keyed_forms_pick_the_form_by_their_first_field() {
    let d = dialect("quectel_uc15");
    let got = run(&d, "AT+QSMTPCFG=\"account\",\"me@x\",\"pw\"");
    assert!(got.starts_with("QSMTPCFG write: "), "{got}");
    assert!(!got.contains("\"pw\""), "secret shown: {got}");
    let err = run(&d, "AT+QSMTPCFG=\"nosuch\",1");
    assert!(
        err.starts_with("error: AT+QSMTPCFG: unknown sub-command \"nosuch\" (known: "),
        "{err}"
    );
    let gsm = dialect("quectel_gsm");
    assert_eq!(run(&gsm, "AT+QSMTPCFG=1"), "QSMTPCFG write: ");
    assert_eq!(
        run(&gsm, "AT+QSMTPCFG=1,0"),
        "QSMTPCFG write: auth=NotRequired (0)"
    );
    assert_eq!(
        run(&gsm, "AT+QSMTPCFG=1,2"),
        "error: parameter `auth`: expected AuthMode (0, 1), found 2"
    );
}

#[test]
fn non_ascii_marker_strings_decode_their_hex() {
    let d = dialect("simcom_smtps");
    // "é.txt": C3 A9 2E 74 78 74
    assert_eq!(
        run(&d, "AT+CSMTPSFILE=1,{non-ascii}\"C3A92E747874\""),
        "CSMTPSFILE write: index=1, filename=\"é.txt\""
    );
    assert_eq!(
        run(&d, "AT+CSMTPSFILE=1,{non-ascii}\"C3A\""),
        "error: parameter `filename`: expected {non-ascii}\"<hex of UTF-8 text>\", found {non-ascii}\\\"C3A\\\""
    );
    assert_eq!(
        run(&d, "AT+CSMTPSFILE=1,\"a.txt\""),
        "CSMTPSFILE write: index=1, filename=\"a.txt\""
    );
    assert_eq!(
        run(&d, "AT+CSMTPSFILE=11"),
        "error: parameter `index`: expected an integer 1..=10, found 11"
    );
}

#[test]
fn secrets_are_masked_in_redacted_lines_and_debug() {
    let d = dialect("simcom_sim900");
    assert_eq!(
        redact_line(&d, "AT+SMTPAUTH=1,\"john\",\"123456\""),
        "AT+SMTPAUTH=1,\"john\",***"
    );
    // Refused lines are masked by position too.
    assert_eq!(
        redact_line(&d, "AT+SMTPAUTH=1,\"john\",\"123456\",9"),
        "AT+SMTPAUTH=1,\"john\",***,9"
    );
    assert_eq!(
        redact_line(&d, "AT+POP3SRV=\"pop\",\"u\",\"p,w\",110"),
        "AT+POP3SRV=\"pop\",\"u\",***,110"
    );
    let cmd = parse_command(&d, "AT+SMTPAUTH=1,\"john\",\"123456\"").unwrap();
    let debug = format!("{:?}", cmd.params);
    assert!(!debug.contains("123456"), "{debug}");
}
