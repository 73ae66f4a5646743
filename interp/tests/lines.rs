//! Modem lines in, typed matches or mismatches out; formatted lines read back.

use at_spec::ir::{Dialect, FormKind, Shape};
use atspec_interp::{
    display_list, error_line, final_result, format_line, match_shape, match_urc, Follows,
    NamedValue, Value,
};

fn dialect(name: &str) -> Dialect {
    let path = format!(
        "{}/../dialects/specs/{name}.atspec",
        env!("CARGO_MANIFEST_DIR")
    );
    at_spec::parse_file(std::path::Path::new(&path)).expect("spec parses")
}

fn response_shape<'d>(d: &'d Dialect, cmd: &str, kind: FormKind) -> &'d Shape {
    &d.command(cmd)
        .unwrap()
        .forms_of(kind)
        .next()
        .unwrap()
        .response
        .items[0]
        .shape
}

fn show(d: &Dialect, shape: &Shape, line: &str) -> String {
    match match_shape(d, shape, line) {
        Ok(m) => format!(
            "{}{}{}",
            m.alternative.map(|a| format!("{a}: ")).unwrap_or_default(),
            display_list(&m.values),
            match m.payload {
                Follows::Nothing => String::new(),
                Follows::Bytes(n) => format!(" +{n} bytes"),
                Follows::Text => String::from(" +text"),
            }
        ),
        Err(e) => format!("unrecognised: {e}"),
    }
}

#[test]
fn sim900_response_lines() {
    let d = dialect("simcom_sim900");
    let srv = response_shape(&d, "SMTPSRV", FormKind::Read);
    let read = response_shape(&d, "POP3READ", FormKind::Write);
    let auth = response_shape(&d, "SMTPAUTH", FormKind::Read);
    let table: [(&Shape, &str, &str); 12] = [
        (
            srv,
            "+SMTPSRV: \"mail.sim.com\",25",
            "server=\"mail.sim.com\", port=25",
        ),
        (
            srv,
            "+SMTPSRV:\"mail.sim.com\", 25",
            "server=\"mail.sim.com\", port=25",
        ),
        (
            srv,
            "+SMTPSRV: \"mail.sim.com\",25,1",
            "unrecognised: 3 fields where the spec knows 2 (undocumented extra field)",
        ),
        (
            srv,
            "+SMTPSRV: \"mail.sim.com\",70000",
            "unrecognised: field 2 `port`: expected an integer 1..=65535, found 70000",
        ),
        (
            srv,
            "+SMTPSRV: \"mail.sim.com\"",
            "unrecognised: field 2 `port`: expected an integer 1..=65535, found end of line",
        ),
        (
            srv,
            "+SMTPAUTH: 1",
            "unrecognised: expected a `+SMTPSRV:` line",
        ),
        (read, "+POP3READ: 1,12", "More: len=12 +12 bytes"),
        (read, "+POP3READ: 2,3", "Last: len=3 +3 bytes"),
        (
            read,
            "+POP3OUT: 69",
            "Closed: code=69 ReadTimeout — buffered server data was not read in time",
        ),
        (
            read,
            "+POP3READ: 3,12",
            "unrecognised: field 1 `2`: expected 2, found 3",
        ),
        (
            auth,
            "+SMTPAUTH: 1,\"john\",\"123456\"",
            "auth_type=Login (1), user=\"john\", password=***",
        ),
        (auth, "+SMTPAUTH: 0", "auth_type=None (0)"),
    ];
    for (shape, line, want) in table {
        assert_eq!(show(&d, shape, line), want, "line {line}");
    }
}

#[test]
fn urcs_match_strictly_and_in_spec_order() {
    let d = dialect("simcom_sim900");
    let table = [
        (
            "+SMTPSEND: 1",
            "SmtpSend code=1 Sent — e-mail delivered to the SMTP server",
        ),
        ("+SMTPSEND: 99", "SmtpSend code=99 (unknown code)"),
        ("+SMTPFT: 1,1460", "SmtpFtReady max_len=1460"),
        (
            "+POP3OUT: 1",
            "Pop3Out code=1 LoggedOut — logged out normally",
        ),
        ("+POP3NUM: 1,2,3450", "Pop3Num Listed: count=2, size=3450"),
        ("+POP3NUM: 0", "Pop3Num Negative: "),
        // The unique-id is the rest of the line (issue 8): commas included.
        (
            "+POP3UIDL: 1,1,abc,def",
            "Pop3Uidl Listed: msg_number=1, uid=abc,def",
        ),
        (
            "+SMTPSEND: 1,2",
            "near SmtpSend: 2 fields where the spec knows 1 (undocumented extra field)",
        ),
        (
            "+SMTPFT: 2,100",
            "near SmtpFtReady: field 1 `1`: expected 1, found 2",
        ),
        ("RING", "none"),
    ];
    for (line, want) in table {
        let got = match match_urc(&d, line) {
            Ok(u) => format!(
                "{} {}{}",
                u.urc.name,
                u.matched
                    .alternative
                    .map(|a| format!("{a}: "))
                    .unwrap_or_default(),
                display_list(&u.matched.values)
            ),
            Err(Some((urc, m))) => format!("near {}: {m}", urc.name),
            Err(None) => String::from("none"),
        };
        assert_eq!(got, want, "line {line}");
    }
}

#[test]
fn finals_and_error_lines() {
    let d = dialect("simcom_sim900");
    assert_eq!(
        final_result("OK").map(|f| f.to_string()).as_deref(),
        Some("OK")
    );
    assert_eq!(
        final_result("NO CARRIER").map(|f| f.meaning()),
        Some("connection lost or not established")
    );
    assert_eq!(final_result("OK "), None);
    assert_eq!(final_result("+SMTPSEND: 1"), None);
    let e = error_line(&d, "+CME ERROR: 3").unwrap();
    assert_eq!(e.code.to_string(), "3 NotAllowed — operation not allowed");
    assert_eq!(error_line(&d, "+CME ERROR: 3,4"), None);
    let smtps = dialect("simcom_smtps");
    let e = error_line(&smtps, "+CSMTPS: 602").unwrap();
    assert_eq!(e.kind, at_spec::ir::ErrorKind::Line);
    assert!(e.code.to_string().starts_with("602 "), "{}", e.code);
}

#[test]
fn formatted_lines_read_back() {
    let d = dialect("simcom_sim900");
    let srv = match response_shape(&d, "SMTPSRV", FormKind::Read) {
        Shape::Line(l) => l,
        _ => unreachable!("SMTPSRV read is one line"),
    };
    let values = [
        NamedValue::new("server", Value::Str("mail.sim.com".into())),
        NamedValue::new("port", Value::Int(25)),
    ];
    assert_eq!(
        format_line(&d, srv, &values).unwrap(),
        "+SMTPSRV: \"mail.sim.com\",25"
    );
    let bad = [
        NamedValue::new("server", Value::Str("mail.sim.com".into())),
        NamedValue::new("port", Value::Int(0)),
    ];
    let err = format_line(&d, srv, &bad).unwrap_err().to_string();
    assert!(
        err.contains("expected an integer 1..=65535, found 0"),
        "{err}"
    );
    let quote = [
        NamedValue::new("server", Value::Str("a\"b".into())),
        NamedValue::new("port", Value::Int(25)),
    ];
    assert!(format_line(&d, srv, &quote).is_err());
    let auth = match response_shape(&d, "SMTPAUTH", FormKind::Read) {
        Shape::Line(l) => l,
        _ => unreachable!("SMTPAUTH read is one line"),
    };
    let none = [NamedValue::new(
        "auth_type",
        Value::Enum {
            ty: "AuthType".into(),
            variant: "None".into(),
            value: at_spec::ir::Literal::Int(0),
        },
    )];
    assert_eq!(format_line(&d, auth, &none).unwrap(), "+SMTPAUTH: 0");
    let sim52 = dialect("simcom_sim52xx");
    let pop3 = match &sim52.urc("Pop3").unwrap().shape {
        Shape::Line(l) => l,
        _ => unreachable!("Pop3 is one line"),
    };
    let status = [NamedValue::new(
        "status",
        Value::Enum {
            ty: "Pop3Status".into(),
            variant: "NetworkError".into(),
            value: at_spec::ir::Literal::Str("NETWORK ERROR".into()),
        },
    )];
    assert_eq!(
        format_line(&sim52, pop3, &status).unwrap(),
        "+POP3: NETWORK ERROR"
    );
}

/// The data-phase result shape of a `data connect` write form.
fn data_result<'d>(d: &'d Dialect, cmd: &str) -> &'d Shape {
    let form = d
        .command(cmd)
        .unwrap()
        .forms_of(FormKind::Write)
        .next()
        .unwrap();
    match &form.data {
        Some(at_spec::ir::DataPhase::Connect(c)) => c.result.as_ref().unwrap(),
        other => panic!("AT+{cmd} has no CONNECT phase: {other:?}"),
    }
}

#[test]
fn sim900_uid_is_1_to_70_printable_characters() {
    let d = dialect("simcom_sim900");
    let seventy = "u".repeat(70);
    let seventy_one = "u".repeat(71);
    let table: [(String, &str); 6] = [
        (format!("+POP3UIDL: 1,1,{seventy}"), "Listed"),
        ("+POP3UIDL: 1,1,a,b".into(), "Listed"),
        (format!("+POP3UIDL: 1,1,{seventy_one}"), "unrecognised: field 3 `uid`: expected text of 1..=70 bytes, printable 0x21..=0x7E characters"),
        ("+POP3UIDL: 1,1,abc def".into(), "unrecognised: field 3 `uid`: expected text of 1..=70 bytes, printable 0x21..=0x7E characters"),
        ("+POP3UIDL: 1,1,abc\u{e9}".into(), "unrecognised: field 3 `uid`: expected text of 1..=70 bytes, printable 0x21..=0x7E characters"),
        ("+POP3UIDL: 1,1,".into(), "unrecognised: field 3 `uid`: expected text"),
    ];
    for (line, want) in &table {
        let got = match match_urc(&d, line) {
            Ok(m) => m.matched.alternative.unwrap_or_default(),
            Err(Some((_, e))) => format!("unrecognised: {e}"),
            Err(None) => String::from("no URC"),
        };
        assert!(got.starts_with(want), "{line}: {got}");
    }
}

#[test]
fn gsm_data_results_outside_every_range_are_unrecognised() {
    let d = dialect("quectel_gsm");
    for cmd in ["QSMTPBODY", "QSMTPATT"] {
        let shape = data_result(&d, cmd);
        let cap = if cmd == "QSMTPBODY" { 10240 } else { 102400 };
        let table: [(String, &str); 7] = [
            (format!("+{cmd}: 0"), "Stored: length=0"),
            (format!("+{cmd}: {cap}"), "Stored"),
            (format!("+{cmd}: -9"), "Failed: error=-9 Timeout"),
            // A negative code the table does not list is still an error code.
            (format!("+{cmd}: -2"), "Failed: error=-2"),
            (format!("+{cmd}: {}", cap + 1), "unrecognised"),
            (format!("+{cmd}: -555"), "unrecognised"),
            (format!("+{cmd}: 99999999999"), "unrecognised"),
        ];
        for (line, want) in &table {
            let got = show(&d, shape, line);
            assert!(got.starts_with(want), "{line}: {got}");
        }
    }
}
