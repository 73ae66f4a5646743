//! What the `quectel_gsm` dialect must refuse: values outside manual 004's
//! limits and combinations its rules forbid never reach the wire, the password
//! stays out of Debug and logs, and lines with the wrong prefix or shape are
//! rejected with an error that says where and what.

use atspec_dialects::quectel_gsm::*;
use atspec_runtime::wire::ValidationErrorKind;
use atspec_runtime::{Claim, Command};
use generated_tests::reject::*;
use generated_tests::wire::{lines, wire};

// ---------------------------------------------------------------- strings

#[test]
fn user_and_password_are_at_most_50_bytes() {
    let too_long = |k: &ValidationErrorKind| matches!(k, ValidationErrorKind::TooLong { max: 50 });
    rejects(QsmtpuserWrite::new(&"u".repeat(51)), "user", too_long);
    rejects(QsmtppwdWrite::new(&"p".repeat(51)), "password", too_long);
    assert!(QsmtpuserWrite::new(&"u".repeat(50)).is_ok());
    assert!(QsmtppwdWrite::new(&"p".repeat(50)).is_ok());
}

#[test]
fn framing_characters_never_reach_the_wire() {
    rejects_framing("user", QsmtpuserWrite::new);
    rejects_framing("password", QsmtppwdWrite::new);
    rejects_framing("address", QsmtpaddrWrite::new);
    rejects_framing("name", QsmtpnameWrite::new);
    rejects_framing("server", |bad| QsmtpsrvWrite::new(bad, 25));
    rejects_framing("title", |bad| QsmtpsubWrite::new(Charset::Ascii, bad));
    rejects_framing("file_name", |bad| QsmtpattWrite::new(bad, None));
    rejects_framing("address", |bad| {
        QsmtpdstWrite::new(DstMode::Add, Some((RcptType::To, Some(bad))))
    });
    // "+++" inside a parameter is harmless: it is quoted and has no guard time.
    assert_eq!(
        wire(&QsmtpsubWrite::new(Charset::Ascii, "a+++b").unwrap()),
        "AT+QSMTPSUB=0,\"a+++b\"\r"
    );
}

#[test]
fn server_is_named_and_port_in_range() {
    rejects(QsmtpsrvWrite::new("", 25), "server", |k| {
        matches!(k, ValidationErrorKind::TooShort { min: 1 })
    });
    rejects_range(QsmtpsrvWrite::new("smtp.163.com", 0), "port", 1, 65535);
}

#[test]
fn subject_is_hex_unless_ascii_and_at_most_200() {
    rejects(
        QsmtpsubWrite::new(Charset::Ascii, &"t".repeat(201)),
        "title",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 200 }),
    );
    for charset in [Charset::Utf8, Charset::Gb2312, Charset::Big5] {
        // Plain text where hex digits are required.
        let err = QsmtpsubWrite::new(charset, "SMTP TEST").unwrap_err();
        assert_eq!(err.field, "title", "{err:?}");
        assert!(is_rule(&err.kind) || matches!(err.kind, ValidationErrorKind::Charset { .. }));
        // Odd number of hex digits.
        let err = QsmtpsubWrite::new(charset, "E4B").unwrap_err();
        assert_eq!(err.field, "title", "{err:?}");
        assert!(QsmtpsubWrite::new(charset, "E4BDA0E5A5BD").is_ok());
    }
}

#[test]
fn recipient_add_needs_kind_and_address() {
    rejects(QsmtpdstWrite::new(DstMode::Add, None), "kind", is_rule);
    let err = QsmtpdstWrite::new(DstMode::Add, Some((RcptType::Bcc, None))).unwrap_err();
    assert!(is_rule(&err.kind), "{err:?}");
    // Deleting may leave both off (all recipients) or the address (all of a kind).
    assert_eq!(
        wire(&QsmtpdstWrite::new(DstMode::Delete, None).unwrap()),
        "AT+QSMTPDST=0\r"
    );
    assert_eq!(
        wire(&QsmtpdstWrite::new(DstMode::Delete, Some((RcptType::Bcc, None))).unwrap()),
        "AT+QSMTPDST=0,3\r"
    );
}

// ---------------------------------------------------------------- integer limits

#[test]
fn data_entry_timeouts_are_1_to_48000_seconds() {
    rejects_range(
        QsmtpbodyWrite::new(Charset::Ascii, Some(0)),
        "timeout",
        1,
        48000,
    );
    rejects_range(
        QsmtpbodyWrite::new(Charset::Ascii, Some(48001)),
        "timeout",
        1,
        48000,
    );
    rejects_range(
        QsmtpattWrite::new("a.txt", Some((10, 0))),
        "timeout",
        1,
        48000,
    );
    assert_eq!(
        wire(&QsmtpbodyWrite::new(Charset::Ascii, None).unwrap()),
        "AT+QSMTPBODY=0\r"
    );
}

#[test]
fn attachment_size_and_index_limits() {
    rejects_range(
        QsmtpattWrite::new("a.txt", Some((102401, 60))),
        "file_size",
        0,
        102400,
    );
    rejects(QsmtpattWrite::new("", None), "file_name", |k| {
        matches!(k, ValidationErrorKind::TooShort { min: 1 })
    });
    rejects_range(QsmtpdattWrite::new(0), "index", 1, 10);
    rejects_range(QsmtpdattWrite::new(11), "index", 1, 10);
    assert_eq!(
        wire(&QsmtpattWrite::new("a.txt", Some((102400, 48000))).unwrap()),
        "AT+QSMTPATT=\"a.txt\",102400,48000\r"
    );
}

#[test]
fn send_timeout_is_100_to_48000_seconds() {
    rejects_range(QsmtpputWrite::new(99), "timeout", 100, 48000);
    rejects_range(QsmtpputWrite::new(48001), "timeout", 100, 48000);
}

// ---------------------------------------------------------------- secrets

#[test]
fn password_stays_out_of_debug_and_logs() {
    let cmd = QsmtppwdWrite::new("s3cr3t-pw").unwrap();
    assert!(!format!("{cmd:?}").contains("s3cr3t-pw"));
    assert_eq!(cmd.redacted(), "AT+QSMTPPWD=***");
    assert_eq!(wire(&cmd), "AT+QSMTPPWD=\"s3cr3t-pw\"\r");
    // Even if a module printed it in clear, the read answer keeps it wrapped.
    let read = QsmtppwdRead
        .parse_response(&lines(&["+QSMTPPWD: \"s3cr3t-pw\""]))
        .unwrap();
    assert!(!format!("{read:?}").contains("s3cr3t-pw"));
}

// ---------------------------------------------------------------- response lines

#[test]
fn wrong_prefix_is_not_claimed_and_not_parsed() {
    assert_eq!(
        QsmtppwdRead.claim("+QSMTPUSER: \"quectel\""),
        Claim::NotMine
    );
    let err = QsmtppwdRead
        .parse_response(&lines(&["+QSMTPUSER: \"quectel\""]))
        .unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(QsmtpsrvRead.parse_response(&[]).is_err());
}

#[test]
fn literal_test_answers_must_match() {
    assert!(QsmtpuserTest
        .parse_response(&lines(&["+QSMTPUSER: \"NAME\""]))
        .is_err());
    assert!(QsmtpdstTest
        .parse_response(&lines(&["+QSMTPDST: (0,1),(1-3),\"TITLE\""]))
        .is_err());
}

#[test]
fn wrong_shape_is_rejected() {
    // Recipient kind outside 1..3.
    assert!(QsmtpdstRead
        .parse_response(&lines(&["+QSMTPDST: 4,\"a@b.c\""]))
        .is_err());
    // Charset outside 0..3.
    assert!(QsmtpsubRead
        .parse_response(&lines(&["+QSMTPSUB: 7,\"x\""]))
        .is_err());
    // Attachment list line with text where the size belongs.
    let err = QsmtpattRead
        .parse_response(&lines(&["+QSMTPATT: 1,\"bigfile.txt\",big"]))
        .unwrap_err();
    assert!(err.field.is_some(), "{err}");
    // Completion with garbage instead of a result.
    assert!(QsmtpputExec.parse_outcome("+QSMTPPUT: done").is_err());
    assert!(QsmtpputExec.parse_outcome("+QSMTPBODY: 0").is_err());
}

#[test]
fn unknown_error_codes_are_kept_not_lost() {
    assert_eq!(
        QsmtpputExec.parse_outcome("+QSMTPPUT: -999").unwrap(),
        QsmtpPut {
            result: QsmtpResult::Other(-999)
        }
    );
    assert_eq!(QsmtpResult::from_code(-535), QsmtpResult::AuthFailed);
    assert_eq!(QsmtpResult::from_code(-15), QsmtpResult::BadParameter);
    assert_eq!(QsmtpResult::AuthFailed.code(), -535);
}

#[test]
fn data_entry_results_are_not_urcs() {
    // +QSMTPBODY / +QSMTPATT close a data phase; they belong to the command.
    assert!(parse_urc("+QSMTPBODY: 2009").is_none());
    assert!(parse_urc("+QSMTPATT: 20090").is_none());
    let body = QsmtpbodyWrite::new(Charset::Ascii, None).unwrap();
    assert_eq!(body.claim("+QSMTPBODY:2009"), Claim::Mine);
    assert_eq!(body.claim("+QSMTPPUT: 0"), Claim::NotMine);
}

/// 2.2.12: `AT+QSMTPCFG=1` (no value) is a query answered by `+QSMTPCFG:
/// <value>`; `AT+QSMTPCFG=1,<value>` answers only OK. The answer line is
/// required in the first case and a protocol error in the second.
#[test]
fn qsmtpcfg_answers_exactly_when_the_value_is_left_off() {
    let query = Qsmtpcfg1Write::new(None).unwrap();
    let line = lines(&["+QSMTPCFG: 1"]);
    assert!(matches!(query.parse_response(&line), Ok(Some(_))));
    assert!(
        query.parse_response(&[]).is_err(),
        "a query must be answered"
    );
    let set = Qsmtpcfg1Write::new(Some(AuthMode::NotRequired)).unwrap();
    assert_eq!(set.parse_response(&[]), Ok(None));
    let err = set.parse_response(&line).unwrap_err();
    assert_eq!(err.expected, "no further information line");
}

/// 2.2.7: an ASCII title is 0-100 printable characters; only hex digits of
/// another charset may run to 200.
#[test]
fn ascii_title_is_at_most_100_characters() {
    assert!(QsmtpsubWrite::new(Charset::Ascii, &"t".repeat(100)).is_ok());
    for bad in ["t".repeat(101), "caf\u{e9}".to_string()] {
        rejects(QsmtpsubWrite::new(Charset::Ascii, &bad), "title", |k| {
            matches!(k, ValidationErrorKind::Rule { .. })
        });
    }
    assert!(QsmtpsubWrite::new(Charset::Utf8, &"4F".repeat(100)).is_ok());
}
