//! What the `simcom_smtps` dialect must refuse: values outside manual 000's
//! limits never reach the wire, and lines with the wrong prefix or shape are
//! rejected with an error that says where and what.

use atspec_dialects::simcom_smtps::*;
use atspec_runtime::wire::ValidationErrorKind;
use atspec_runtime::{Claim, Command, Dialect as DialectTrait};
use generated_tests::reject::*;
use generated_tests::wire::lines;

// ---- parameter limits ----

#[test]
fn server_address_limits() {
    rejects(CsmtpssrvWrite::new("", 25, None), "server", |k| {
        matches!(k, ValidationErrorKind::TooShort { min: 1 })
    });
    let long = "s".repeat(128);
    rejects(CsmtpssrvWrite::new(&long, 25, None), "server", |k| {
        matches!(k, ValidationErrorKind::TooLong { max: 127 })
    });
    assert!(CsmtpssrvWrite::new(&"s".repeat(127), 25, None).is_ok());
    rejects(
        CsmtpssrvWrite::new("smtp.dömain.com", 25, None),
        "server",
        |k| matches!(k, ValidationErrorKind::Charset { .. }),
    );
}

#[test]
fn port_limits() {
    rejects(
        CsmtpssrvWrite::new("smtp.server.com", 0, None),
        "port",
        |k| matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 65535 }),
    );
}

#[test]
fn framing_characters_never_reach_the_wire() {
    rejects_framing("server", |bad| CsmtpssrvWrite::new(bad, 25, None));
    rejects_framing("filename", |bad| CsmtpsfileWrite::new(1, Some(bad)));
    // Even a non-ASCII name (sent hex-encoded) may not carry framing characters.
    rejects(
        CsmtpsfileWrite::new(1, Some("测试\r.jpg")),
        "filename",
        is_forbidden,
    );
}

#[test]
fn auth_flag_rules() {
    rejects(
        CsmtpsauthWrite::new(AuthFlag::NoAuth, Some(("user", "pwd"))),
        "user",
        |k| matches!(k, ValidationErrorKind::Rule { .. }),
    );
    rejects(CsmtpsauthWrite::new(AuthFlag::Login, None), "user", |k| {
        matches!(k, ValidationErrorKind::Rule { .. })
    });
    rejects(
        CsmtpsauthWrite::new(AuthFlag::Login, Some(("", "pwd"))),
        "user",
        |k| matches!(k, ValidationErrorKind::TooShort { min: 1 }),
    );
    let long = "p".repeat(128);
    rejects(
        CsmtpsauthWrite::new(AuthFlag::Login, Some(("user", &long))),
        "pwd",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 127 }),
    );
}

#[test]
fn sender_name_is_alphanumeric_up_to_63() {
    rejects(
        CsmtpsfromWrite::new("a@b.com", Some("John Smith")),
        "sname",
        |k| matches!(k, ValidationErrorKind::Charset { .. }),
    );
    rejects(
        CsmtpsfromWrite::new("a@b.com", Some(&"n".repeat(64))),
        "sname",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 63 }),
    );
    rejects(CsmtpsfromWrite::new("", None), "saddr", |k| {
        matches!(k, ValidationErrorKind::TooShort { min: 1 })
    });
}

#[test]
fn recipient_limits() {
    rejects(
        CsmtpsrcptWrite::new(RcptKind::To, Some((5, None))),
        "index",
        |k| matches!(k, ValidationErrorKind::OutOfRange { min: 0, max: 4 }),
    );
    rejects(
        CsmtpsrcptWrite::new(
            RcptKind::Cc,
            Some((0, Some(("a@b.com", Some(&"n".repeat(64)))))),
        ),
        "rname",
        |k| matches!(k, ValidationErrorKind::TooLong { max: 63 }),
    );
}

#[test]
fn subject_body_and_charset_limits() {
    rejects(CsmtpssubWrite::new(0, None), "subject_len", |k| {
        matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 511 })
    });
    rejects(CsmtpssubWrite::new(512, None), "subject_len", |k| {
        matches!(k, ValidationErrorKind::OutOfRange { .. })
    });
    rejects(CsmtpsbodyWrite::new(5121), "body_len", |k| {
        matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 5120 })
    });
    rejects(CsmtpsbchWrite::new(&"c".repeat(20)), "charset", |k| {
        matches!(k, ValidationErrorKind::TooLong { max: 19 })
    });
}

#[test]
fn attachment_index_limits() {
    for index in [0, 11] {
        rejects(CsmtpsfileWrite::new(index, None), "index", |k| {
            matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 10 })
        });
    }
}

// ---- response lines ----

#[test]
fn wrong_prefix_is_not_claimed_and_not_parsed() {
    let foreign = "+CSMTPSAUTH: 0,\"\",\"\"";
    assert_eq!(CsmtpssrvRead.claim(foreign), Claim::NotMine);
    let err = CsmtpssrvRead
        .parse_response(&lines(&[foreign]))
        .unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    // erratum spelling from the manual is not the module's prefix
    assert!(CsmtpssrvRead
        .parse_response(&lines(&["+SMTPSRV: \"\",465,2"]))
        .is_err());
}

#[test]
fn wrong_shape_is_rejected() {
    let not_a_port = CsmtpssrvRead
        .parse_response(&lines(&["+CSMTPSSRV: \"smtp.server.com\",abc,2"]))
        .unwrap_err();
    assert_eq!(not_a_port.line, 1);
    assert!(not_a_port.field.is_some(), "{not_a_port}");
    // server type 9 is not in the manual's list
    assert!(CsmtpssrvRead
        .parse_response(&lines(&["+CSMTPSSRV: \"s\",465,9"]))
        .is_err());
    // a mandatory line missing
    assert!(CsmtpssrvRead.parse_response(&[]).is_err());
    // header line without its payload count
    assert!(CsmtpsbodyRead
        .parse_response(&lines(&["+CSMTPSBODY: many"]))
        .is_err());
}

#[test]
fn completion_with_wrong_prefix_is_rejected() {
    assert!(CsmtpssendExec.parse_outcome("+CSMTPSAUTH: 0").is_err());
    assert!(CsmtpssendExec.parse_outcome("+CSMTPSSEND: fine").is_err());
    assert!(parse_urc("+CSMTPSSRV: \"\",465,2").is_none());
}

#[test]
fn unknown_result_codes_are_kept() {
    let outcome = CsmtpssendExec.parse_outcome("+CSMTPSSEND: 999").unwrap();
    assert_eq!(outcome.err, SmtpsResult::Other(999));
    assert_eq!(outcome.err.to_string(), "unknown code 999");
}

#[test]
fn error_lines_carry_their_meaning() {
    let err = <Dialect as DialectTrait>::error_line("+CSMTPS: 604").expect("vendor error line");
    assert_eq!(err.code, 604);
    assert!(err.meaning.is_some());
    let send =
        <Dialect as DialectTrait>::error_line("+CSMTPSSEND: 611").expect("send failure line");
    assert_eq!(send.code, 611);
    assert!(<Dialect as DialectTrait>::error_line("+CSMTPSFILE: 1,\"x\"").is_none());
}
