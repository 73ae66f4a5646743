//! Encode-then-parse round trips (proptest) where a read response mirrors a
//! write, plus the response-parsing cases the generator must handle.

// The spec's items are only partly used by this test binary.
#[allow(dead_code)]
mod mail {
    atspec_macros::dialect!("specs/mail.atspec");
}

// One-of fallbacks, counted payloads and optional fields.
#[allow(dead_code)]
mod alt {
    atspec_macros::dialect!("tests/ui/specs/alternatives.atspec");
}

use std::time::Duration;

use atspec_runtime::{Claim, Command, Dialect as _, ResponseLine};
use mail::*;
use proptest::prelude::*;

fn encode(cmd: &impl Command) -> String {
    let mut out = Vec::new();
    cmd.encode(&mut out);
    String::from_utf8(out).expect("utf-8")
}

/// Turns `AT+NAME=<params>\r` into the information line `+NAME:<sp><params>`,
/// with `, ` instead of `,` between fields where `wide` says so.
fn mirror(wire: &str, name: &str, space_after_colon: bool, wide: &[bool]) -> String {
    let params = wire
        .strip_prefix(&format!("AT+{name}="))
        .and_then(|p| p.strip_suffix('\r'))
        .expect("a write command line");
    let mut line = format!("+{name}:{}", if space_after_colon { " " } else { "" });
    let (mut quoted, mut sep) = (false, 0usize);
    for c in params.chars() {
        line.push(c);
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                if wide.get(sep).copied().unwrap_or(false) {
                    line.push(' ');
                }
                sep += 1;
            }
            _ => {}
        }
    }
    line
}

fn lines(text: &[&str]) -> Vec<ResponseLine> {
    text.iter()
        .map(|l| ResponseLine::Line((*l).to_owned()))
        .collect()
}

/// Text a quoted string parameter may hold (commas and spaces included).
fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[a-zA-Z0-9 .,:;@_+()-]{{{min},{max}}}"))
        .expect("valid regex")
}

fn rcpt_kind() -> impl Strategy<Value = RcptType> {
    prop_oneof![Just(RcptType::To), Just(RcptType::Cc), Just(RcptType::Bcc)]
}

proptest! {
    #[test]
    fn smtpsrv_write_mirrors_read(
        server in text(1, 50),
        port in 1u16..=65535,
        colon_space: bool,
        wide in proptest::collection::vec(any::<bool>(), 4),
    ) {
        let write = SmtpsrvWrite::new(&server, Some(port)).unwrap();
        let line = mirror(&encode(&write), "SMTPSRV", colon_space, &wide);
        let read = SmtpsrvRead;
        prop_assert_eq!(read.claim(&line), Claim::Mine);
        let parsed = read.parse_response(&lines(&[&line])).unwrap();
        prop_assert_eq!(parsed.server.as_str(), write.server());
        prop_assert_eq!(Some(parsed.port), write.port());
    }

    #[test]
    fn smtprcpt_writes_mirror_the_recipient_list(
        recipients in proptest::collection::vec(
            (rcpt_kind(), 0u8..=4, text(0, 50), proptest::option::of(text(0, 50))),
            0..5,
        ),
        colon_space: bool,
        wide in proptest::collection::vec(any::<bool>(), 4),
    ) {
        let writes: Vec<SmtprcptWrite> = recipients
            .iter()
            .map(|(k, i, a, n)| SmtprcptWrite::new(*k, Some((*i, Some((a.as_str(), n.as_deref()))))).unwrap())
            .collect();
        let text: Vec<String> = writes.iter().map(|w| mirror(&encode(w), "SMTPRCPT", colon_space, &wide)).collect();
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        let parsed = SmtprcptRead.parse_response(&lines(&refs)).unwrap();
        prop_assert_eq!(parsed.len(), writes.len());
        for (p, w) in parsed.iter().zip(&writes) {
            prop_assert_eq!(Some(p.kind), Some(w.kind()));
            prop_assert_eq!(Some(p.index), w.index());
            prop_assert_eq!(Some(p.address.as_str()), w.address());
            // An empty quoted name stays an empty name.
            prop_assert_eq!(p.name.as_deref(), w.name());
        }
    }

    #[test]
    fn keyed_write_mirrors_its_query(
        user in text(0, 64),
        password in text(0, 64),
        colon_space: bool,
    ) {
        let write = QsmtpcfgAccountWrite::new(Some((&user, &password))).unwrap();
        let line = mirror(&encode(&write), "QSMTPCFG", colon_space, &[]);
        let query = QsmtpcfgAccountWrite::new(None).unwrap();
        prop_assert_eq!(encode(&query), "AT+QSMTPCFG=\"account\"\r");
        let parsed = query.parse_response(&lines(&[&line])).unwrap().unwrap();
        prop_assert_eq!(parsed.user.as_str(), write.user().unwrap());
        prop_assert_eq!(parsed.password.expose().as_str(), write.password().unwrap());
        let shown = format!("{:?}", parsed);
        prop_assert!(shown.ends_with("password: *** }"), "{}", shown);
    }

    #[test]
    fn string_enum_write_mirrors_read(
        ok: bool,
        note in proptest::option::of(text(1, 20)),
        wide in proptest::collection::vec(any::<bool>(), 2),
    ) {
        let status = if ok { Status::Success } else { Status::AuthRequired };
        let write = SmtpstatWrite::new(status, note.as_deref()).unwrap();
        let line = mirror(&encode(&write), "SMTPSTAT", true, &wide);
        let parsed = SmtpstatRead.parse_response(&lines(&[&line])).unwrap();
        prop_assert_eq!(parsed.status, write.status());
        prop_assert_eq!(parsed.note.as_deref(), write.note());
    }

    #[test]
    fn every_parsed_urc_is_recognised(
        prefix in "\\+(PROG|BLOCK|SMTP|POP3NUM|SMTPSEND|POP3DATA)(: ?)?",
        fields in "[A-Z0-9 ,\"@.-]{0,16}",
    ) {
        let line = format!("{prefix}{fields}");
        if alt::parse_urc(&line).is_some() {
            prop_assert!(alt::is_urc(&line), "{}", line);
        }
        if parse_urc(&line).is_some() {
            prop_assert!(is_urc(&line), "{}", line);
        }
        // The payload a URC announces is that of the alternative that parses it.
        if let Some(n) = alt::Dialect::urc_payload_len(&line) {
            let parsed = alt::parse_urc(&line);
            let announced = matches!(parsed, Some(alt::Urc::Block(alt::Block::Data { len })) if usize::try_from(len) == Ok(n));
            prop_assert!(announced, "{}", line);
        }
    }

    #[test]
    fn parsers_never_panic(line in "\\PC{0,80}") {
        let _ = parse_urc(&line);
        let _ = SmtprcptRead.parse_response(&lines(&[&line]));
        let _ = Pop3readWrite::new(10).unwrap().claim(&line);
        let _ = Dialect::final_error(&line);
    }
}

#[test]
fn forms_encode_exactly() {
    assert_eq!(encode(&SmtprangeTest), "AT+SMTPRANGE=?\r");
    assert_eq!(encode(&SmtpsrvRead), "AT+SMTPSRV?\r");
    assert_eq!(encode(&SmtprcptExec), "AT+SMTPRCPT\r");
    assert_eq!(
        encode(&SmtpsrvWrite::new("mail.sim.com", None).unwrap()),
        "AT+SMTPSRV=\"mail.sim.com\"\r"
    );
    assert_eq!(
        encode(&SmtprcptWrite::new(RcptType::Cc, None).unwrap()),
        "AT+SMTPRCPT=1\r"
    );
    assert_eq!(
        encode(&SmtprcptWrite::new(RcptType::To, Some((0, None))).unwrap()),
        "AT+SMTPRCPT=0,0\r"
    );
    assert_eq!(
        encode(&QsmtpcfgContextidWrite::new(Some(16)).unwrap()),
        "AT+QSMTPCFG=\"contextid\",16\r"
    );
    assert_eq!(
        encode(&SmtpstatWrite::new(Status::AuthRequired, None).unwrap()),
        "AT+SMTPSTAT=\"AUTH REQUIRED\"\r"
    );
    assert_eq!(
        QsmtpcfgAccountWrite::new(Some(("me", "secret")))
            .unwrap()
            .redacted(),
        "AT+QSMTPCFG=\"account\",\"me\",***"
    );
}

#[test]
fn spacing_quoting_and_trailing_fields() {
    let read = SmtpsrvRead;
    for line in [
        "+SMTPSRV: \"a,b\",25",
        "+SMTPSRV:\"a,b\",25",
        "+SMTPSRV: \"a,b\", 25",
    ] {
        let r = read.parse_response(&lines(&[line])).unwrap();
        assert_eq!((r.server.as_str(), r.port), ("a,b", 25), "{line}");
    }
    // Strict: fields left over fail the line (no `...` in this shape).
    let e = read
        .parse_response(&lines(&["+SMTPSRV: \"a,b\",25,extra,\"x\""]))
        .unwrap_err();
    assert_eq!(
        (e.field, e.expected.as_str(), e.found.as_str()),
        (Some(3), "no further field", "extra")
    );
    let stat = SmtpstatRead;
    for (line, note) in [
        ("+SMTPSTAT: \"SUCCESS\"", None),
        ("+SMTPSTAT: \"SUCCESS\",", None),
        ("+SMTPSTAT: SUCCESS,\"\"", Some("")),
        ("+SMTPSTAT: \"AUTH REQUIRED\",\"n\"", Some("n")),
    ] {
        assert_eq!(
            stat.parse_response(&lines(&[line]))
                .unwrap()
                .note
                .as_deref(),
            note,
            "{line}"
        );
    }
}

#[test]
fn parse_errors_name_line_field_and_expectation() {
    let e = SmtpsrvRead
        .parse_response(&lines(&["+SMTPSRV: \"a\",x"]))
        .unwrap_err();
    assert_eq!(
        (e.line, e.field, e.expected.as_str(), e.found.as_str()),
        (1, Some(2), "an integer 1..=65535", "x")
    );
    let e = SmtpsrvRead
        .parse_response(&lines(&["+SMTPSRV: \"a\",70000"]))
        .unwrap_err();
    assert_eq!(e.field, Some(2));
    let e = SmtprcptRead
        .parse_response(&lines(&["+SMTPRCPT: 0,0,\"a\"", "+SMTPRCPT: 7,0,\"b\""]))
        .unwrap_err();
    assert_eq!((e.line, e.field), (2, Some(1)));
    assert!(e.expected.contains("RcptType"), "{e}");
    let e = SmtpsrvRead.parse_response(&[]).unwrap_err();
    assert_eq!(e.found, "end of response");
    let e = SmtpsrvRead
        .parse_response(&lines(&["+SMTPSRV: \"a\",1", "+SMTPSRV: \"b\",2"]))
        .unwrap_err();
    assert_eq!(e.line, 2);
    assert_eq!(SmtprcptRead.parse_response(&[]).unwrap(), vec![]);
}

#[test]
fn claims_keep_urcs_out() {
    let ft = SmtpftWrite::new(100).unwrap();
    assert_eq!(ft.claim("+SMTPFT: 2,100"), Claim::Mine);
    // Own prefix, none of the form's shapes: unrecognised (the router still
    // routes it as the declared URC it is).
    assert_eq!(
        ft.claim("+SMTPFT: 1,1460"),
        Claim::Unrecognised,
        "the ready URC"
    );
    assert_eq!(ft.claim("+SMTPSEND: 1"), Claim::NotMine);
    assert_eq!(
        ft.parse_response(&lines(&["+SMTPFT: 2,100"]))
            .unwrap()
            .cnf_len,
        100
    );
    assert!(matches!(
        parse_urc("+SMTPFT: 1,1460"),
        Some(Urc::SmtpFtReady(SmtpFtReady { max_len: 1460 }))
    ));
    let list = Pop3listExec;
    assert!(list.free_text());
    assert_eq!(list.claim("1 1234"), Claim::Mine);
    assert_eq!(list.claim("+SMTPSEND: 1"), Claim::NotMine);
}

#[test]
fn counted_payloads() {
    let read = Pop3readWrite::new(10).unwrap();
    assert_eq!(read.claim("+POP3READ: 2,5"), Claim::MineWithPayload(5));
    assert_eq!(read.claim("+POP3READ:1, 7"), Claim::MineWithPayload(7));
    assert_eq!(read.claim("+POP3READ: 3,7"), Claim::Unrecognised);
    let got = read
        .parse_response(&[
            ResponseLine::Line("+POP3READ: 2,5".into()),
            ResponseLine::Payload(b"a,\r\nb".to_vec()),
        ])
        .unwrap();
    assert_eq!(
        got,
        Pop3readWriteResponse::Last {
            len: 5,
            data: b"a,\r\nb".to_vec()
        }
    );
    let e = read
        .parse_response(&lines(&["+POP3READ: 2,5"]))
        .unwrap_err();
    assert_eq!(e.line, 2);
}

#[test]
fn free_text_literal_answers_ranges_and_masks() {
    let hdr = Pop3hdrExec;
    assert!(hdr.free_text());
    let got = hdr
        .parse_response(&lines(&["+POP3HDR: 1", "From: a@b", "Subject: hi"]))
        .unwrap();
    assert_eq!(
        (got.status, got.text.as_str()),
        (1, "From: a@b\nSubject: hi")
    );
    assert_eq!(
        Pop3listExec
            .parse_response(&lines(&["1 100", "2 200"]))
            .unwrap(),
        "1 100\n2 200"
    );
    assert!(QsmtpuserRead
        .parse_response(&lines(&["+QSMTPUSER: \"USER\""]))
        .is_ok());
    assert!(QsmtpuserRead
        .parse_response(&lines(&["+QSMTPUSER: \"ROOT\""]))
        .is_err());
    let r = SmtprangeTest
        .parse_response(&lines(&["+SMTPRANGE: (1-65535),free text, here"]))
        .unwrap();
    assert_eq!(
        (r.ports.as_str(), r.detail.as_str()),
        ("(1-65535)", "free text, here")
    );
    let masked = QsmtpcfgAccountWrite::new(None)
        .unwrap()
        .parse_response(&lines(&["+QSMTPCFG: \"account\",\"me\",\"<****>\""]))
        .unwrap()
        .unwrap();
    assert_eq!(
        format!("{masked:?}"),
        "QsmtpcfgAccountWriteResponse { user: \"me\", password: *** }"
    );
}

#[test]
fn urcs_code_tables_and_errors() {
    assert_eq!(
        parse_urc("+SMTPSEND: 61"),
        Some(Urc::SmtpSend(SmtpSend {
            code: SmtpResult::NetworkError
        }))
    );
    assert_eq!(
        parse_urc("+SMTPSEND:-421"),
        Some(Urc::SmtpSend(SmtpSend {
            code: SmtpResult::Closing
        }))
    );
    let Some(Urc::SmtpSend(SmtpSend { code })) = parse_urc("+SMTPSEND: 99") else {
        panic!("not parsed")
    };
    assert_eq!(
        (code, code.to_string()),
        (SmtpResult::Other(99), "unknown code 99".to_owned())
    );
    assert_eq!(SmtpResult::NetworkError.to_string(), "network error");
    assert_eq!(SmtpResult::from(1), SmtpResult::Sent);
    assert_eq!(SmtpResult::Closing.code(), -421);
    assert_eq!(
        parse_urc("+POP3NUM: 1,3,1024"),
        Some(Urc::Pop3Num(Pop3Num::Listed {
            count: 3,
            size: 1024
        }))
    );
    assert_eq!(
        parse_urc("+POP3NUM: 0"),
        Some(Urc::Pop3Num(Pop3Num::Negative))
    );
    assert_eq!(
        parse_urc("+SMTP: AUTH REQUIRED"),
        Some(Urc::Smtp(Smtp {
            status: Status::AuthRequired
        }))
    );
    assert_eq!(parse_urc("+SMTPSENDX: 1"), None);
    assert_eq!(parse_urc("+SMTP: MAYBE"), None);
    assert_eq!(RcptType::try_from(2), Ok(RcptType::Bcc));
    assert_eq!(RcptType::try_from(3), Err(3));
    assert_eq!(Status::try_from("SUCCESS"), Ok(Status::Success));
    let e = Dialect::final_error("+CME ERROR: 3").unwrap();
    assert_eq!(
        (e.prefix, e.code, e.meaning),
        ("+CME ERROR", 3, Some("operation not allowed"))
    );
    assert_eq!(
        Dialect::final_error("+CME ERROR: 77").unwrap().meaning,
        None
    );
    assert_eq!(Dialect::final_error("+CSMTPS: 602"), None);
    assert_eq!(
        Dialect::error_line("+CSMTPS: 602").unwrap().meaning,
        Some("SMTP busy")
    );
    assert!(is_urc("+SMTPSEND: 1"));
    assert_eq!(Dialect::urc_payload_len("+POP3DATA: 5"), Some(5));
    assert_eq!(Dialect::urc_payload_len("+SMTPSEND: 5"), None);
    assert_eq!(
        parse_urc("+POP3DATA:5"),
        Some(Urc::Pop3Data(Pop3Data { len: 5 }))
    );
}

#[test]
fn completions_and_timeouts() {
    let put = QsmtpputWrite::new(Some(120)).unwrap();
    let c = put.completion().unwrap();
    assert_eq!(
        (c.prefixes, c.timeout),
        (&["+QSMTPPUT"][..], Duration::from_secs(120))
    );
    assert_eq!(
        QsmtpputWrite::new(None)
            .unwrap()
            .completion()
            .unwrap()
            .timeout,
        Duration::from_secs(300)
    );
    assert!(QsmtpputWrite::new(Some(59)).is_err());
    assert_eq!(
        put.parse_outcome("+QSMTPPUT: 0,250").unwrap(),
        QsmtpPut {
            err: 0,
            protocol_error: 250
        }
    );
    let send = SmtpsendExec;
    assert_eq!(send.completion().unwrap().timeout, Duration::from_secs(95));
    assert_eq!(
        send.parse_outcome("+SMTPSEND: 1").unwrap().code,
        SmtpResult::Sent
    );
    assert!(send.parse_outcome("+SMTPSEND: x").is_err());
    assert_eq!(send.timeout(), Duration::from_secs(5));
    assert!(SmtpsrvRead.completion().is_none());
}

#[test]
fn one_of_takes_the_first_alternative_that_parses() {
    let count = alt::CountExec;
    let parse = |line: &str| count.parse_response(&lines(&[line]));
    assert_eq!(
        parse("+COUNT: 2,1024"),
        Ok(alt::CountExecResponse::Counts {
            count: 2,
            size: 1024
        })
    );
    // Same prefix, no constant to tell them apart: `Counts` fails on its
    // first field, `Failed` parses.
    assert_eq!(
        parse("+COUNT: FAILURE"),
        Ok(alt::CountExecResponse::Failed {
            status: alt::Status::Failure
        })
    );
    assert_eq!(count.claim("+COUNT: FAILURE"), Claim::Mine);
    // A line no alternative parses stays with the command, visibly
    // unrecognised; parsed, the error is the attempt that got furthest.
    assert_eq!(count.claim("+COUNT: 2,x"), Claim::Unrecognised);
    let e = parse("+COUNT: 2,x").unwrap_err();
    assert_eq!(
        (e.line, e.field, e.expected.as_str(), e.found.as_str()),
        (1, Some(2), "an integer", "x")
    );
    // Both fail on field 1: the later attempt's error.
    let e = parse("+COUNT: NOPE").unwrap_err();
    assert_eq!((e.line, e.field), (1, Some(1)));
    assert!(e.expected.contains("Status"), "{e}");
    // No prefix matched: every prefix is named.
    let e = parse("+OTHER: 1").unwrap_err();
    assert_eq!(
        (e.field, e.expected.as_str()),
        (None, "one of the `+COUNT:` lines")
    );
    assert_eq!(count.claim("+OTHER: 1"), Claim::NotMine);
}

#[test]
fn one_of_claims_the_payload_of_the_alternative_that_parses() {
    let read = alt::ReadWrite::new(5).unwrap();
    // `Failed` comes first but cannot parse `5`: the payload is `Data`'s.
    assert_eq!(read.claim("+READ: 5"), Claim::MineWithPayload(5));
    assert_eq!(read.claim("+READ: SUCCESS"), Claim::Mine);
    assert_eq!(
        read.claim("+READ: ?"),
        Claim::Unrecognised,
        "malformed, still ours"
    );
    assert_eq!(read.claim("+PROG: SUCCESS"), Claim::NotMine);
    let got = read.parse_response(&[
        ResponseLine::Line("+READ: 5".into()),
        ResponseLine::Payload(b"hello".to_vec()),
    ]);
    assert_eq!(
        got,
        Ok(alt::ReadWriteResponse::Data {
            len: 5,
            data: b"hello".to_vec()
        })
    );
    assert_eq!(
        read.parse_response(&lines(&["+READ: SUCCESS"])),
        Ok(alt::ReadWriteResponse::Failed {
            status: alt::Status::Success
        })
    );
}

#[test]
fn counted_payload_must_have_the_announced_length() {
    let read = alt::ReadWrite::new(5).unwrap();
    for (payload, found) in [(&b"hell"[..], "4 raw bytes"), (b"hello!", "6 raw bytes")] {
        let e = read
            .parse_response(&[
                ResponseLine::Line("+READ: 5".into()),
                ResponseLine::Payload(payload.to_vec()),
            ])
            .unwrap_err();
        assert_eq!(
            (e.line, e.field, e.expected.as_str(), e.found.as_str()),
            (2, None, "5 raw bytes, as the line announced", found)
        );
    }
    let e = read.parse_response(&lines(&["+READ: 5"])).unwrap_err();
    assert_eq!((e.line, e.found.as_str()), (2, "end of response"));
    // The same check on the single-line form of the mail dialect.
    let e = Pop3readWrite::new(10)
        .unwrap()
        .parse_response(&[
            ResponseLine::Line("+POP3READ: 1,3".into()),
            ResponseLine::Payload(b"ab".to_vec()),
        ])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2: expected 3 raw bytes, as the line announced, found 2 raw bytes"
    );
}

#[test]
fn urc_alternatives_fall_back_in_order() {
    assert_eq!(
        alt::parse_urc("+PROG: SUCCESS"),
        Some(alt::Urc::Progress(alt::Progress::Known {
            status: alt::Status::Success
        }))
    );
    assert_eq!(
        alt::parse_urc("+PROG: BAD RCPT nobody@server.com"),
        Some(alt::Urc::Progress(alt::Progress::Other {
            detail: "BAD RCPT nobody@server.com".into()
        }))
    );
    assert!(alt::is_urc("+PROG: BAD RCPT nobody@server.com"));
    assert_eq!(
        alt::parse_urc("+BLOCK: 4"),
        Some(alt::Urc::Block(alt::Block::Data { len: 4 }))
    );
    assert_eq!(alt::Dialect::urc_payload_len("+BLOCK: 4"), Some(4));
    assert_eq!(
        alt::parse_urc("+BLOCK: FAILURE"),
        Some(alt::Urc::Block(alt::Block::Failed {
            status: alt::Status::Failure
        }))
    );
    assert_eq!(alt::Dialect::urc_payload_len("+BLOCK: FAILURE"), None);
    // Shaped like the URC but parsed by no alternative: not a typed URC,
    // though `is_urc` keeps it away from a command's free text.
    assert_eq!(alt::parse_urc("+BLOCK: x"), None);
    assert!(alt::is_urc("+BLOCK: x"));
    let e = alt::Block::parse("+BLOCK: x").unwrap_err();
    assert_eq!((e.line, e.field, e.found.as_str()), (1, Some(1), "x"));
}

#[test]
fn optional_fields_empty_omitted_and_quoted_empty() {
    let read = alt::OptsRead;
    let parse = |line: &str| read.parse_response(&lines(&[line])).unwrap();
    let none = alt::OptsReadResponse {
        num: None,
        note: None,
        status: None,
        last: None,
    };
    // Left empty (`a,,c`) or left off at the end: `None`.
    assert_eq!(parse("+OPTS: ,,,"), none);
    assert_eq!(parse("+OPTS: , , ,"), none);
    assert_eq!(parse("+OPTS:"), none);
    assert_eq!(
        parse("+OPTS: 3"),
        alt::OptsReadResponse {
            num: Some(3),
            ..none.clone()
        }
    );
    // A quoted empty string is an empty string, `Some("")`; for a field that
    // is not a string it is as good as empty, `None`.
    assert_eq!(
        parse(r#"+OPTS: "","","","""#),
        alt::OptsReadResponse {
            note: Some(String::new()),
            last: Some(String::new()),
            ..none.clone()
        }
    );
    assert_eq!(
        parse(r#"+OPTS: 1,"a",SUCCESS,"#),
        alt::OptsReadResponse {
            num: Some(1),
            note: Some("a".into()),
            status: Some(alt::Status::Success),
            last: None,
        }
    );
    // Present but wrong is still an error.
    let e = read.parse_response(&lines(&["+OPTS: x"])).unwrap_err();
    assert_eq!((e.field, e.found.as_str()), (Some(1), "x"));
    let e = read
        .parse_response(&lines(&["+OPTS: 1,,MAYBE"]))
        .unwrap_err();
    assert_eq!((e.field, e.found.as_str()), (Some(3), "MAYBE"));
}

/// A line matches an alternative only with every field parsed and none left
/// over: `+FTPPUT: 1,1,xxxx` used to parse as `Failed { error: Other(1) }`.
#[test]
fn strict_lines_choose_the_right_alternative_or_none() {
    use alt::{FtpError, FtpPut};
    let ok: [(&str, FtpPut); 3] = [
        ("+FTPPUT: 1,1,1360", FtpPut::Ready { max_len: 1360 }),
        (
            "+FTPPUT: 1,61",
            FtpPut::Failed {
                error: FtpError::NetError,
            },
        ),
        (
            "+FTPPUT: 1,1",
            FtpPut::Failed {
                error: FtpError::from_code(1),
            },
        ),
    ];
    for (line, want) in ok {
        assert_eq!(FtpPut::parse(line), Ok(want.clone()), "{line}");
        assert!(
            matches!(alt::parse_urc(line), Some(alt::Urc::FtpPut(got)) if got == want),
            "{line}"
        );
    }
    // (line, failing field, expected there)
    let bad = [
        ("+FTPPUT: 1,1,xxxx", 3, "an integer 1..=1460"),
        ("+FTPPUT: 1,1,0", 3, "an integer 1..=1460"),
        ("+FTPPUT: 1,1,1461", 3, "an integer 1..=1460"),
        ("+FTPPUT: 1,1,1360,5", 4, "no further field"),
        ("+FTPPUT: 1,77,5", 3, "no further field"),
    ];
    for (line, field, expected) in bad {
        let err = FtpPut::parse(line).expect_err(line);
        assert_eq!(
            (err.field, err.expected.as_str()),
            (Some(field), expected),
            "{line}"
        );
        assert!(
            alt::parse_urc(line).is_none(),
            "{line} is no URC of the dialect"
        );
    }
}

/// `...` keeps the fields firmware appends; without it they fail the line.
#[test]
fn trailing_fields_are_kept_only_where_declared() {
    let read = alt::CfgRead;
    let parse = |line: &str| read.parse_response(&[ResponseLine::Line(line.into())]);
    assert_eq!(
        parse(r#"+CFG: "ctx",3"#),
        Ok(alt::CfgReadResponse {
            id: 3,
            extra: vec![]
        })
    );
    assert_eq!(
        parse(r#"+CFG: "ctx",3,"apn x",7"#),
        Ok(alt::CfgReadResponse {
            id: 3,
            extra: vec!["apn x".into(), "7".into()]
        })
    );
    let err = parse(r#"+CFG: "ctx",17"#).unwrap_err();
    assert_eq!(
        (err.field, err.expected.as_str()),
        (Some(2), "an integer 1..=16")
    );
    // The strict default: the same extra field fails a shape without `...`.
    let count = alt::CountExec;
    let err = count
        .parse_response(&[ResponseLine::Line("+COUNT: 2,100,9".into())])
        .unwrap_err();
    assert_eq!(
        (err.field, err.expected.as_str()),
        (Some(3), "no further field")
    );
}

/// The generated docs list the alternatives in the order they are tried.
#[test]
fn alternatives_carry_their_descriptions() {
    let spec = include_str!("ui/specs/alternatives.atspec");
    let dialect = at_spec::parse_str("alternatives.atspec", spec).expect("spec parses");
    let code = atspec_codegen::generate(&dialect).to_string();
    assert!(
        code.contains("the module takes up to max_len bytes"),
        "variant doc"
    );
    assert!(
        code.contains("Alternatives, tried in this order"),
        "enum doc"
    );
}
