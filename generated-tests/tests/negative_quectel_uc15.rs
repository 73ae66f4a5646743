//! What the `quectel_uc15` dialect must refuse: values outside manual 003's
//! limits never reach the wire, and lines with the wrong prefix or shape are
//! rejected with an error that says where and what.

use atspec_dialects::quectel_uc15::*;
use atspec_runtime::wire::ValidationErrorKind;
use atspec_runtime::{Claim, Command, Dialect as DialectTrait};
use generated_tests::reject::*;
use generated_tests::wire::{lines, wire};

// ---- parameter limits ----

#[test]
fn configuration_limits() {
    for id in [0, 17] {
        rejects(QsmtpcfgContextidWrite::new(Some(id)), "contextid", |k| {
            matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 16 })
        });
    }
    rejects(QsmtpcfgSslctxidWrite::new(Some(6)), "sslctxid", |k| {
        matches!(k, ValidationErrorKind::OutOfRange { min: 0, max: 5 })
    });
    let long = "u".repeat(51);
    rejects(
        QsmtpcfgAccountWrite::new(Some((&long, "pwd"))),
        "username",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 50 }),
    );
    rejects(
        QsmtpcfgAccountWrite::new(Some(("user", &long))),
        "password",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 50 }),
    );
    rejects(
        QsmtpcfgSenderWrite::new(Some(("name", &long))),
        "sender_email",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 50 }),
    );
    rejects(
        QsmtpcfgSmtpserverWrite::new(Some(("smtp.aol.com", 0))),
        "srvport",
        |k| matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 65535 }),
    );
    rejects(
        QsmtpcfgSmtpserverWrite::new(Some(("", 25))),
        "srvaddr",
        |k| matches!(k, ValidationErrorKind::TooShort { min: 1 }),
    );
}

#[test]
fn recipients_need_type_and_address_when_adding() {
    rejects(QsmtpdstWrite::new(DstMode::Add, None), "type", |k| {
        matches!(k, ValidationErrorKind::Rule { .. })
    });
    rejects(
        QsmtpdstWrite::new(DstMode::Add, Some((RcptType::To, None))),
        "type",
        |k| matches!(k, ValidationErrorKind::Rule { .. }),
    );
    rejects(
        QsmtpdstWrite::new(DstMode::Add, Some((RcptType::To, Some(&"a".repeat(51))))),
        "emailaddr",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 50 }),
    );
}

#[test]
fn non_ascii_subject_must_be_even_hex() {
    let err = QsmtpsubWrite::new(Charset::Utf8, "TEST SMTP").expect_err("not hex");
    assert_eq!(err.field, "subject");
    let odd = QsmtpsubWrite::new(Charset::Utf8, "746").expect_err("odd hex");
    assert_eq!(odd.field, "subject");
    assert!(QsmtpsubWrite::new(Charset::Ascii, "TEST SMTP").is_ok());
    rejects(
        QsmtpsubWrite::new(Charset::Big5, &"41".repeat(101)),
        "subject",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 200 }),
    );
}

#[test]
fn subject_cannot_smuggle_a_second_command() {
    rejects(
        QsmtpsubWrite::new(Charset::Ascii, "x\"\r\nAT+QSMTPPUT=60"),
        "subject",
        |k| matches!(k, ValidationErrorKind::ForbiddenChar { .. }),
    );
}

#[test]
fn body_limits() {
    for len in [0, 10241] {
        rejects(
            QsmtpbodyWrite::new(Charset::Ascii, len, None),
            "body_length",
            |k| matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 10240 }),
        );
    }
    rejects(
        QsmtpbodyWrite::new(Charset::Ascii, 100, Some(0)),
        "input_time",
        |k| matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 65535 }),
    );
}

#[test]
fn attachment_limits() {
    rejects(
        QsmtpattWrite::new(AttMode::Add, Some((11, "RAM:a.txt"))),
        "file_index",
        |k| matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 10 }),
    );
    rejects(
        QsmtpattWrite::new(AttMode::Add, Some((1, &"f".repeat(51)))),
        "file_name",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 50 }),
    );
    rejects(QsmtpattWrite::new(AttMode::Add, None), "file_index", |k| {
        matches!(k, ValidationErrorKind::Rule { .. })
    });
}

/// 2.5: `<mode>[,<file_index>,<file_name>]` is one optional group: an index
/// without a name cannot even be written (the API takes both or neither).
#[test]
fn attachment_index_and_name_come_together() {
    let cmd = QsmtpattWrite::new(AttMode::Add, Some((3, "RAM:a.txt"))).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPATT=1,3,\"RAM:a.txt\"\r");
    let del = QsmtpattWrite::new(AttMode::Delete, None).unwrap();
    assert_eq!(wire(&del), "AT+QSMTPATT=0\r");
}

/// 2.3: an ASCII subject is 0-100 printable characters; only the hex form of
/// another charset may run to 200 digits.
#[test]
fn ascii_subject_is_at_most_100_characters() {
    let ok = QsmtpsubWrite::new(Charset::Ascii, &"s".repeat(100)).unwrap();
    assert!(wire(&ok).starts_with("AT+QSMTPSUB=0,\"sss"));
    rejects(
        QsmtpsubWrite::new(Charset::Ascii, &"s".repeat(101)),
        "subject",
        |k| matches!(k, ValidationErrorKind::Rule { .. }),
    );
    rejects(
        QsmtpsubWrite::new(Charset::Ascii, "caf\u{e9}"),
        "subject",
        |k| matches!(k, ValidationErrorKind::Rule { .. }),
    );
    let hex = "41".repeat(100);
    assert!(
        QsmtpsubWrite::new(Charset::Utf8, &hex).is_ok(),
        "200 hex digits"
    );
}

#[test]
fn send_timeout_limits() {
    rejects(QsmtpputWrite::new(59), "timeout", |k| {
        matches!(
            k,
            ValidationErrorKind::OutOfRange {
                min: 60,
                max: 65535
            }
        )
    });
}

// ---- response lines ----

#[test]
fn wrong_prefix_is_rejected() {
    let foreign = "+QSMTPATT: 1,\"RAM:test.txt\",200";
    assert_eq!(QsmtpdstRead.claim(foreign), Claim::NotMine);
    let err = QsmtpdstRead.parse_response(&lines(&[foreign])).unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    let cfg = QsmtpcfgSmtpserverWrite::new(None).unwrap();
    // the right prefix with another sub-command's key
    assert!(cfg
        .parse_response(&lines(&["+QSMTPCFG: \"account\",\"u\",\"p\""]))
        .is_err());
}

#[test]
fn wrong_shape_is_rejected() {
    // recipient type 4 is not in the manual's list
    assert!(QsmtpdstRead
        .parse_response(&lines(&["+QSMTPDST: 4,\"a@b.com\""]))
        .is_err());
    // size is not a number
    assert!(QsmtpattRead
        .parse_response(&lines(&["+QSMTPATT: 1,\"RAM:a.txt\",big"]))
        .is_err());
    // the subject read needs its one line
    assert!(QsmtpsubRead.parse_response(&[]).is_err());
}

#[test]
fn completion_with_wrong_prefix_or_shape_is_rejected() {
    let put = QsmtpputWrite::new(300).unwrap();
    assert!(put.parse_outcome("+QSMTPBODY: 100").is_err());
    assert!(put.parse_outcome("+QSMTPPUT: ok,0").is_err());
    assert!(parse_urc("+QSMTPDST: 1,\"a@b.com\"").is_none());
}

#[test]
fn unknown_codes_are_kept_and_known_ones_explained() {
    let put = QsmtpputWrite::new(300).unwrap();
    let failed = put.parse_outcome("+QSMTPPUT: 653,0").unwrap();
    assert_eq!(failed.err, SmtpError::DnsFailed);
    assert_eq!(failed.protocol_error, SmtpReply::NoReply);
    let odd = put.parse_outcome("+QSMTPPUT: 700,599").unwrap();
    assert_eq!(odd.err, SmtpError::Other(700));
    assert_eq!(odd.protocol_error, SmtpReply::Other(599));
    let cme = <Dialect as DialectTrait>::final_error("+CME ERROR: 664").expect("a final error");
    assert_eq!(cme.code, 664);
    assert!(cme.meaning.is_some());
}

/// 2.1: a sub-command with only its key reads the setting back; with a value
/// it answers only OK. The answer line is required, resp. rejected.
#[test]
fn qsmtpcfg_answers_exactly_when_the_value_is_left_off() {
    let query = QsmtpcfgContextidWrite::new(None).unwrap();
    let line = lines(&["+QSMTPCFG: \"contextid\",1"]);
    assert!(matches!(query.parse_response(&line), Ok(Some(_))));
    assert!(
        query.parse_response(&[]).is_err(),
        "a query must be answered"
    );
    let set = QsmtpcfgContextidWrite::new(Some(1)).unwrap();
    assert_eq!(set.parse_response(&[]), Ok(None));
    assert!(
        set.parse_response(&line).is_err(),
        "no answer line after a set"
    );
    let account = QsmtpcfgAccountWrite::new(Some(("u@x.com", "pw"))).unwrap();
    assert_eq!(account.parse_response(&[]), Ok(None));
}
