//! What the `simcom_sim900` dialect must refuse: values outside manual 002's
//! limits and combinations its rules forbid never reach the wire, secrets stay
//! out of Debug and logs, and lines with the wrong prefix or shape are
//! rejected with an error that says where and what.

use atspec_dialects::simcom_sim900::*;
use atspec_runtime::wire::ValidationErrorKind;
use atspec_runtime::{Claim, Command, Dialect as _, ResponseLine};
use generated_tests::reject::*;
use generated_tests::wire::{lines, wire};

// ---------------------------------------------------------------- integer limits

#[test]
fn bearer_profile_is_1_to_3() {
    rejects_range(EmailcidWrite::new(0), "cid", 1, 3);
    rejects_range(EmailcidWrite::new(4), "cid", 1, 3);
    assert_eq!(wire(&EmailcidWrite::new(3).unwrap()), "AT+EMAILCID=3\r");
}

#[test]
fn server_timeout_is_10_to_120_seconds() {
    rejects_range(EmailtoWrite::new(9), "timeout", 10, 120);
    rejects_range(EmailtoWrite::new(121), "timeout", 10, 120);
    assert!(EmailtoWrite::new(10).is_ok() && EmailtoWrite::new(120).is_ok());
}

#[test]
fn ports_are_1_to_65535() {
    rejects_range(SmtpsrvWrite::new("mail.sim.com", Some(0)), "port", 1, 65535);
    rejects_range(
        Pop3srvWrite::new("mail.sim.com", "john", "pw", Some(0)),
        "port",
        1,
        65535,
    );
    // Left off: nothing on the wire, the module uses 25 / 110.
    assert_eq!(
        wire(&SmtpsrvWrite::new("mail.sim.com", None).unwrap()),
        "AT+SMTPSRV=\"mail.sim.com\"\r"
    );
}

#[test]
fn message_numbers_start_at_1() {
    rejects_range(Pop3listWrite::new(0), "msg_number", 1, 2147483647);
    rejects_range(Pop3uidlWrite::new(0), "msg_number", 1, 2147483647);
    rejects_range(Pop3delWrite::new(0), "msg_number", 1, 2147483647);
    rejects_range(Pop3delWrite::new(2147483648), "msg_number", 1, 2147483647);
    rejects_range(
        Pop3cmdWrite::new(Pop3CmdType::Retr, Some((0, None))),
        "msg_number",
        1,
        2147483647,
    );
}

#[test]
fn read_length_is_1_to_1460() {
    rejects_range(Pop3readWrite::new(0), "req_len", 1, 1460);
    rejects_range(Pop3readWrite::new(1461), "req_len", 1, 1460);
}

#[test]
fn attachment_chunk_has_no_static_1460_cap() {
    // The window the module announces is the bound, not a constant.
    assert_eq!(wire(&SmtpftWrite::new(1461).unwrap()), "AT+SMTPFT=1461\r");
    assert_eq!(wire(&SmtpftWrite::new(0).unwrap()), "AT+SMTPFT=0\r");
}

#[test]
fn recipient_index_is_not_negative_32_bit() {
    rejects_range(
        SmtprcptWrite::new(RcptType::To, Some((2147483648, None))),
        "index",
        0,
        2147483647,
    );
}

// ---------------------------------------------------------------- strings

#[test]
fn framing_characters_never_reach_the_wire() {
    rejects_framing("server", |bad| SmtpsrvWrite::new(bad, None));
    rejects_framing("name", |bad| SmtpfromWrite::new("a@b.c", Some(bad)));
    rejects_framing("password", |bad| {
        SmtpauthWrite::new(AuthType::Login, Some(("john", bad)))
    });
    rejects_framing("user", |bad| Pop3srvWrite::new("pop.b.c", bad, "pw", None));
    rejects_framing("address", |bad| {
        SmtprcptWrite::new(RcptType::Cc, Some((0, Some((bad, None)))))
    });
    rejects_framing("file_name", |bad| {
        SmtpfileWrite::new(FileType::Text, Some((bad, EncodeType::SevenBit)))
    });
}

#[test]
fn empty_required_strings_are_rejected() {
    let too_short = |k: &ValidationErrorKind| matches!(k, ValidationErrorKind::TooShort { min: 1 });
    rejects(SmtpsrvWrite::new("", None), "server", too_short);
    rejects(SmtpfromWrite::new("", None), "address", too_short);
    rejects(
        Pop3srvWrite::new("pop.b.c", "", "pw", None),
        "user",
        too_short,
    );
    rejects(SmtpcsWrite::new(""), "charset", too_short);
    rejects(
        SmtpauthWrite::new(AuthType::Login, Some(("", "pw"))),
        "user",
        too_short,
    );
}

#[test]
fn subject_is_ascii_text_or_hex() {
    // Non-ASCII text must be hex-encoded (AT+SMTPCS) before it is sent.
    for bad in ["Tést", "测试", "tab\there"] {
        let err = SmtpsubWrite::new(bad).expect_err("non-ASCII subject");
        assert_eq!(err.field, "subject");
        assert!(
            matches!(
                err.kind,
                ValidationErrorKind::Charset { .. } | ValidationErrorKind::ForbiddenChar { .. }
            ),
            "{err:?}"
        );
    }
    assert!(SmtpsubWrite::new("E6B58BE8AF95").is_ok());
}

// ---------------------------------------------------------------- cross-parameter rules

#[test]
fn smtp_login_only_with_auth_type_1() {
    rejects(
        SmtpauthWrite::new(AuthType::None, Some(("john", "123456"))),
        "user",
        is_rule,
    );
    rejects(SmtpauthWrite::new(AuthType::Login, None), "user", is_rule);
    assert_eq!(
        wire(&SmtpauthWrite::new(AuthType::None, None).unwrap()),
        "AT+SMTPAUTH=0\r"
    );
}

#[test]
fn attachment_encoding_follows_file_type() {
    let err = SmtpfileWrite::new(FileType::Text, Some(("a.txt", EncodeType::Base64))).unwrap_err();
    assert!(is_rule(&err.kind), "{err:?}");
    assert!(err.to_string().contains("encode_type"), "{err}");
    let err =
        SmtpfileWrite::new(FileType::Binary, Some(("a.bmp", EncodeType::SevenBit))).unwrap_err();
    assert!(is_rule(&err.kind), "{err:?}");
    rejects(
        SmtpfileWrite::new(
            FileType::NoAttachment,
            Some(("a.txt", EncodeType::SevenBit)),
        ),
        "file_name",
        is_rule,
    );
    rejects(
        SmtpfileWrite::new(FileType::Binary, None),
        "file_name",
        is_rule,
    );
    assert_eq!(
        wire(&SmtpfileWrite::new(FileType::NoAttachment, None).unwrap()),
        "AT+SMTPFILE=0\r"
    );
    assert_eq!(
        wire(&SmtpfileWrite::new(FileType::Binary, Some(("a.bmp", EncodeType::Base64))).unwrap()),
        "AT+SMTPFILE=2,\"a.bmp\",1\r"
    );
}

#[test]
fn pop3cmd_arguments_follow_the_command_type() {
    rejects(
        Pop3cmdWrite::new(Pop3CmdType::List, Some((1, None))),
        "msg_number",
        is_rule,
    );
    rejects(
        Pop3cmdWrite::new(Pop3CmdType::Uidl, Some((1, Some(5)))),
        "msg_number",
        is_rule,
    );
    rejects(
        Pop3cmdWrite::new(Pop3CmdType::Top, None),
        "msg_number",
        is_rule,
    );
    let err = Pop3cmdWrite::new(Pop3CmdType::Top, Some((1, None))).unwrap_err();
    assert!(is_rule(&err.kind), "{err:?}");
    rejects(
        Pop3cmdWrite::new(Pop3CmdType::Retr, None),
        "msg_number",
        is_rule,
    );
    let err = Pop3cmdWrite::new(Pop3CmdType::Retr, Some((1, Some(10)))).unwrap_err();
    assert!(
        is_rule(&err.kind) && err.to_string().contains("line_number"),
        "{err}"
    );
    // The accepted shapes.
    assert_eq!(
        wire(&Pop3cmdWrite::new(Pop3CmdType::List, None).unwrap()),
        "AT+POP3CMD=1\r"
    );
    assert_eq!(
        wire(&Pop3cmdWrite::new(Pop3CmdType::Top, Some((2, Some(0)))).unwrap()),
        "AT+POP3CMD=3,2,0\r"
    );
}

// ---------------------------------------------------------------- secrets

#[test]
fn passwords_stay_out_of_debug_and_logs() {
    let auth = SmtpauthWrite::new(AuthType::Login, Some(("john", "s3cr3t-pw"))).unwrap();
    assert!(!format!("{auth:?}").contains("s3cr3t-pw"));
    assert_eq!(auth.redacted(), "AT+SMTPAUTH=1,\"john\",***");
    assert_eq!(wire(&auth), "AT+SMTPAUTH=1,\"john\",\"s3cr3t-pw\"\r");
    let pop = Pop3srvWrite::new("pop.b.c", "john", "s3cr3t-pw", Some(995)).unwrap();
    assert!(!format!("{pop:?}").contains("s3cr3t-pw"));
    assert_eq!(pop.redacted(), "AT+POP3SRV=\"pop.b.c\",\"john\",***,995");
    // A password read back from the module is wrapped too.
    let read = SmtpauthRead
        .parse_response(&lines(&["+SMTPAUTH: 1,\"john\",\"s3cr3t-pw\""]))
        .unwrap();
    assert!(!format!("{read:?}").contains("s3cr3t-pw"));
    let read = Pop3srvRead
        .parse_response(&lines(&[
            "+POP3SRV: \"pop.b.c\",\"john\",\"s3cr3t-pw\",995",
        ]))
        .unwrap();
    assert!(!format!("{read:?}").contains("s3cr3t-pw"));
}

// ---------------------------------------------------------------- response lines

#[test]
fn wrong_prefix_is_not_claimed_and_not_parsed() {
    assert_eq!(EmailcidRead.claim("+EMAILTO: 30"), Claim::NotMine);
    let err = EmailcidRead
        .parse_response(&lines(&["+EMAILTO: 30"]))
        .unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(
        err.to_string().contains("+EMAILTO"),
        "the error shows what was found: {err}"
    );
    // A mandatory information line missing.
    assert!(SmtpsrvRead.parse_response(&[]).is_err());
    // Another command's line after a valid one.
    let err = SmtpsrvRead
        .parse_response(&lines(&[
            "+SMTPSRV: \"mail.sim.com\",25",
            "+SMTPAUTH: 0,\"\",\"\"",
        ]))
        .unwrap_err();
    assert_eq!(err.line, 2, "{err}");
}

#[test]
fn misspellings_of_the_manual_are_not_the_modules_prefixes() {
    // erratum spellings (manual 002 chapter 3 and 2.21) are rejected, not guessed.
    assert!(SmtpsendExec.parse_outcome("+SMTSEND: 1").is_err());
    assert!(Pop3rsetExec.parse_outcome("+POP3REST: 0").is_err());
    assert!(parse_urc("+SMTPPFT: 1,1360").is_none());
    assert_eq!(
        SmtpftWrite::new(100).unwrap().claim("+SMTPPFT: 2,100"),
        Claim::NotMine
    );
    assert_eq!(
        Pop3rsetExec.parse_outcome("+POP3RSET: 0").unwrap(),
        Pop3Rset::Refused
    );
}

#[test]
fn wrong_shape_is_rejected() {
    // Discriminator outside the alternatives.
    assert!(Pop3numExec.parse_outcome("+POP3NUM: 2,1,1").is_err());
    // Positive answer missing its size.
    assert!(Pop3listWrite::new(1)
        .unwrap()
        .parse_outcome("+POP3LIST: 1,1")
        .is_err());
    // Not a number where a count belongs.
    let err = Pop3numExec
        .parse_outcome("+POP3NUM: 1,two,100")
        .unwrap_err();
    assert!(err.field.is_some(), "{err}");
    // Enum value the manual does not list.
    assert!(EmailsslRead
        .parse_response(&lines(&["+EMAILSSL: 2"]))
        .is_err());
    assert!(SmtprcptRead
        .parse_response(&lines(&["+SMTPRCPT: 3,0,\"a@b.c\",\"a\""]))
        .is_err());
    // Counted payload announced but missing.
    let read = Pop3readWrite::new(1460).unwrap();
    assert!(read.parse_response(&lines(&["+POP3READ: 1,1460"])).is_err());
    // Unread-data URC is not an answer to AT+POP3READ.
    assert!(read.parse_response(&lines(&["+POP3READ: 3,100"])).is_err());
    // Completion URC with garbage instead of a code.
    assert!(SmtpsendExec.parse_outcome("+SMTPSEND: sent").is_err());
}

#[test]
fn unknown_codes_are_kept_not_lost() {
    assert_eq!(
        SmtpsendExec.parse_outcome("+SMTPSEND: 99").unwrap(),
        SmtpSend {
            code: SmtpResult::Other(99)
        }
    );
    assert_eq!(SmtpResult::from_code(68), SmtpResult::BadRecipient);
    assert_eq!(
        Pop3LoginResult::from_code(68),
        Pop3LoginResult::BadCredentials
    );
    assert_eq!(
        Pop3SessionResult::from_code(69),
        Pop3SessionResult::ReadTimeout
    );
}

#[test]
fn cme_error_is_a_final_result() {
    let err = Dialect::final_error("+CME ERROR: 3").expect("+CME ERROR is a final result");
    assert_eq!((err.prefix, err.code), ("+CME ERROR", 3));
    assert_eq!(err.meaning, Some("operation not allowed"));
    assert!(Dialect::final_error("+SMTPSEND: 3").is_none());
}

#[test]
fn a_lone_pop3out_is_the_session_end_urc() {
    assert_eq!(
        parse_urc("+POP3OUT: 64"),
        Some(Urc::Pop3Out(Pop3Out {
            code: Pop3SessionResult::ServerTimeout
        }))
    );
    // ... while a command waiting for its answer still takes it as `Closed`.
    assert_eq!(
        Pop3delWrite::new(1)
            .unwrap()
            .parse_outcome("+POP3OUT: 64")
            .unwrap(),
        Pop3Del::Closed {
            code: Pop3SessionResult::ServerTimeout
        }
    );
}

#[test]
fn answers_are_not_urcs() {
    // Lines that only ever answer a command must not be taken for URCs.
    for line in [
        "+POP3READ: 1,100",
        "+SMTPFT: 2,100",
        "+SMTPSRV: \"a\",25",
        "+EMAILSSL: 1",
    ] {
        assert!(parse_urc(line).is_none(), "{line}");
    }
}

/// The executor always hands over exactly the announced bytes, so this only
/// guards hand-built input; the generated parser does not check it yet.
#[test]
fn payload_shorter_than_announced_is_rejected() {
    let read = Pop3readWrite::new(1460).unwrap();
    let short = vec![
        ResponseLine::Line("+POP3READ: 1,1460".to_owned()),
        ResponseLine::Payload(b"+OK".to_vec()),
    ];
    assert!(read.parse_response(&short).is_err());
}

/// 2.17: the unique-id is 1-70 characters 0x21-0x7E, commas included: it is
/// the rest of the line, never cut at the first comma.
#[test]
fn pop3_uid_is_the_rest_of_the_line() {
    let cases = [
        ("+POP3UIDL: 1,1,abc,def", "abc,def"),
        ("+POP3UIDL: 1,2,a,b,c", "a,b,c"),
        (
            "+POP3UIDL: 1,1,AAAFOpdCAAAv60+tkFqRqk3/6ogog+g",
            "AAAFOpdCAAAv60+tkFqRqk3/6ogog+g",
        ),
    ];
    for (line, uid) in cases {
        match Pop3Uidl::parse(line) {
            Ok(Pop3Uidl::Listed { uid: got, .. }) => assert_eq!(got, uid, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }
}

/// 2.15-2.17: the answers carry exactly the fields the manual lists; one more
/// (or a message number out of range) is no alternative's, never the nearest.
#[test]
fn pop3_answers_with_a_field_left_over_do_not_match() {
    assert!(matches!(
        Pop3Num::parse("+POP3NUM: 1,2,35797"),
        Ok(Pop3Num::Listed {
            count: 2,
            size: 35797
        })
    ));
    for line in [
        "+POP3NUM: 1,2,35797,1",
        "+POP3NUM: 0,5",
        "+POP3LIST: 1,1,16601,9",
        "+POP3LIST: 0,1",
        "+POP3OUT: 1,2",
    ] {
        assert!(Pop3Num::parse(line).is_err(), "{line}");
        assert!(Pop3List::parse(line).is_err(), "{line}");
        let parsed = atspec_dialects::simcom_sim900::parse_urc(line);
        assert!(parsed.is_none(), "{line}: {parsed:?}");
    }
}
