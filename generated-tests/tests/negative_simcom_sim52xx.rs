//! What the `simcom_sim52xx` dialect must refuse: values outside manual 001's
//! limits never reach the wire, and lines with the wrong prefix or shape are
//! rejected with an error that says where and what.

use atspec_dialects::simcom_sim52xx::*;
use atspec_runtime::wire::ValidationErrorKind;
use atspec_runtime::{Claim, Command};
use generated_tests::reject::*;
use generated_tests::wire::lines;

// ---- parameter limits ----

#[test]
fn server_and_port() {
    rejects(SmtpsrvWrite::new("", 25), "server", |k| {
        matches!(k, ValidationErrorKind::TooShort { min: 1 })
    });
    rejects(SmtpsrvWrite::new("smtp.server.com", 0), "port", |k| {
        matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 65535 })
    });
    rejects(
        Pop3srvWrite::new("pop3.server.com", "un", "pwd", 0),
        "port",
        |k| matches!(k, ValidationErrorKind::OutOfRange { .. }),
    );
}

#[test]
fn auth_flag_rules() {
    rejects(
        SmtpauthWrite::new(AuthFlag::NoAuth, Some(("un", "pwd"))),
        "user",
        |k| matches!(k, ValidationErrorKind::Rule { .. }),
    );
    rejects(SmtpauthWrite::new(AuthFlag::Login, None), "user", |k| {
        matches!(k, ValidationErrorKind::Rule { .. })
    });
}

#[test]
fn subject_is_ascii_up_to_512() {
    assert!(SmtpsubWrite::new(&"s".repeat(512)).is_ok());
    rejects(SmtpsubWrite::new(&"s".repeat(513)), "subject", |k| {
        matches!(k, ValidationErrorKind::TooLong { max: 512 })
    });
    rejects(SmtpsubWrite::new("Grüße"), "subject", |k| {
        matches!(k, ValidationErrorKind::Charset { .. })
    });
}

#[test]
fn body_is_one_ascii_line_up_to_5120() {
    rejects(SmtpbodyWrite::new(&"b".repeat(5121)), "body", |k| {
        matches!(k, ValidationErrorKind::TooLong { max: 5120 })
    });
    for bad in ["line1\r\nAT+SMTPSEND", "a\"b", "end\u{1a}", "esc\u{1b}"] {
        rejects(SmtpbodyWrite::new(bad), "body", |k| {
            matches!(k, ValidationErrorKind::ForbiddenChar { .. })
        });
    }
}

#[test]
fn secrets_cannot_smuggle_a_second_command() {
    rejects(
        Pop3srvWrite::new("pop3.server.com", "un", "pw\"\r\nAT+POP3DEL=1", 110),
        "password",
        |k| matches!(k, ValidationErrorKind::ForbiddenChar { .. }),
    );
}

#[test]
fn index_limits() {
    rejects(
        SmtprcptWrite::new(RcptKind::To, Some((5, None))),
        "index",
        |k| matches!(k, ValidationErrorKind::OutOfRange { min: 0, max: 4 }),
    );
    for index in [0, 11] {
        rejects(SmtpfileWrite::new(index, None), "index", |k| {
            matches!(k, ValidationErrorKind::OutOfRange { min: 1, max: 10 })
        });
    }
    for make in [
        Pop3listWrite::new(0).map(|_| ()),
        Pop3hdrWrite::new(0).map(|_| ()),
        Pop3getWrite::new(0).map(|_| ()),
        Pop3delWrite::new(0).map(|_| ()),
    ] {
        rejects(make, "id", |k| {
            matches!(k, ValidationErrorKind::OutOfRange { min: 1, .. })
        });
    }
    rejects(Pop3readWrite::new(Storage::Local, ""), "path", |k| {
        matches!(k, ValidationErrorKind::TooShort { min: 1 })
    });
}

// ---- response lines ----

#[test]
fn wrong_prefix_is_rejected() {
    assert_eq!(Pop3numExec.claim("+SMTP: OK"), Claim::NotMine);
    let err = Pop3numExec
        .parse_response(&lines(&["+SMTP: OK"]))
        .unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(Pop3inExec.parse_response(&lines(&["+POP3IN: 1"])).is_err());
}

#[test]
fn wrong_shape_is_rejected() {
    // neither a count pair nor a known status
    assert!(Pop3numExec
        .parse_response(&lines(&["+POP3: lots"]))
        .is_err());
    assert!(Pop3inExec
        .parse_response(&lines(&["+POP3: MAYBE"]))
        .is_err());
    assert!(Pop3listWrite::new(1)
        .unwrap()
        .parse_response(&lines(&["+POP3: one, 1050"]))
        .is_err());
    // a mandatory line missing
    assert!(Pop3delWrite::new(1).unwrap().parse_response(&[]).is_err());
}

// Two alternatives share the `+POP3` prefix with no literal to tell them
// apart; the language reference says the first that *matches* wins, but the
// generated parser commits to the first with the right prefix.
#[test]
fn failure_status_parses_as_the_other_alternative() {
    let resp = Pop3numExec
        .parse_response(&lines(&["+POP3: NETWORK ERROR"]))
        .unwrap();
    assert_eq!(
        resp,
        Pop3numExecResponse::Failed {
            status: Pop3Status::NetworkError
        }
    );
}

/// Overview: `+SMTP: BAD RCPT [<recipient address>]`: the refused address is
/// a field of its own, the bare status still a status.
#[test]
fn bad_recipient_urc_types_the_address() {
    let cases: [(&str, Smtp); 4] = [
        (
            "+SMTP: BAD RCPT nobody@server.com",
            Smtp::BadRcpt {
                address: Some("nobody@server.com".into()),
            },
        ),
        (
            "+SMTP: BAD RCPT",
            Smtp::Status {
                status: SmtpStatus::BadRcpt,
            },
        ),
        (
            "+SMTP: BAD RCPTX a@b",
            Smtp::Other {
                detail: "BAD RCPTX a@b".into(),
            },
        ),
        (
            "+SMTP: SUCCESS",
            Smtp::Status {
                status: SmtpStatus::Success,
            },
        ),
    ];
    for (line, want) in cases {
        assert_eq!(Smtp::parse(line), Ok(want.clone()), "{line}");
        assert!(
            matches!(parse_urc(line), Some(Urc::Smtp(got)) if got == want),
            "{line}"
        );
    }
}

/// 3.2: `+SMTP: OK` only says the session is open; the outcome is a later
/// `+SMTP:` status. A `+SMTP: OK` after the final result must not end the send.
#[test]
fn session_open_is_not_the_send_outcome() {
    assert!(!SmtpsendExec.completion_is_final("+SMTP: OK"));
    for line in [
        "+SMTP: SUCCESS",
        "+SMTP: NETWORK ERROR",
        "+SMTP: BAD RCPT a@b",
        "+SMTP: WHATEVER",
    ] {
        assert!(SmtpsendExec.completion_is_final(line), "{line}");
    }
}

#[test]
fn urcs_outside_the_tables() {
    assert!(parse_urc("+POP3: WHATEVER").is_none());
    assert!(parse_urc("+SMTPSEND: 1").is_none());
    assert!(SmtpsendExec.parse_outcome("+POP3: SUCCESS").is_err());
}
