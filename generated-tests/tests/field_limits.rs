//! Field limits in the generated parsers: a `text` field with length and
//! class modifiers (sim900 `+POP3UIDL` uid: 1-70 printable characters) and
//! code-table fields bounded by `in lo..=hi` (quectel_gsm data results: a
//! value outside every declared range is a parse error, never `Stored` or
//! `Failed(Other(n))`).

use atspec_runtime::Command;

#[test]
fn sim900_uid_of_1_to_70_printable_characters() {
    use atspec_dialects::simcom_sim900::Pop3Uidl;
    let seventy = "u".repeat(70);
    let ok: [(String, &str); 3] = [
        (format!("+POP3UIDL: 1,2,{seventy}"), seventy.as_str()),
        ("+POP3UIDL: 1,2,a,b".into(), "a,b"),
        ("+POP3UIDL: 1,2,~!".into(), "~!"),
    ];
    for (line, uid) in &ok {
        match Pop3Uidl::parse(line) {
            Ok(Pop3Uidl::Listed { uid: got, .. }) => assert_eq!(&got, uid, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }
    let bad = [
        format!("+POP3UIDL: 1,2,{seventy}u"),
        "+POP3UIDL: 1,2,abc def".into(),
        "+POP3UIDL: 1,2,abc\u{e9}".into(),
        "+POP3UIDL: 1,2,tab\there".into(),
        "+POP3UIDL: 1,2,".into(),
    ];
    for line in &bad {
        let err = Pop3Uidl::parse(line).expect_err(line);
        let text = err.to_string();
        assert_eq!(err.field, Some(3), "{line}: {text}");
        assert!(text.contains("text"), "{line}: {text}");
    }
}

/// `(line, parsed)` for a gsm data result: `Stored(n)`, `Failed(code)` or
/// `error`.
fn gsm_result<C: Command>(cmd: &C, line: &str) -> String
where
    C::DataResult: std::fmt::Debug,
{
    match cmd.parse_data_result(line) {
        Ok(r) => format!("{r:?}"),
        Err(e) => format!("error at field {:?}", e.field),
    }
}

#[test]
fn gsm_data_results_outside_every_range_are_parse_errors() {
    use atspec_dialects::quectel_gsm::{Charset, QsmtpattWrite, QsmtpbodyWrite};
    let body = QsmtpbodyWrite::new(Charset::Ascii, None).unwrap();
    let att = QsmtpattWrite::new("a.txt", Some((10, 60))).unwrap();
    let table: [(&str, &str); 9] = [
        ("+QSMTPBODY: 0", "Stored { length: 0 }"),
        ("+QSMTPBODY: 10240", "Stored { length: 10240 }"),
        ("+QSMTPBODY: -9", "Failed { error: Timeout }"),
        // A negative code the table does not list is still an error code.
        ("+QSMTPBODY: -2", "Failed { error: Other(-2) }"),
        ("+QSMTPBODY: -554", "Failed { error: TransactionFailed }"),
        // Above the body cap, below the lowest code, not a number.
        ("+QSMTPBODY: 10241", "error at field Some(1)"),
        ("+QSMTPBODY: -555", "error at field Some(1)"),
        ("+QSMTPBODY: 99999999999999999999", "error at field Some(1)"),
        ("+QSMTPBODY: 12,3", "error at field Some(2)"),
    ];
    for (line, want) in table {
        assert_eq!(gsm_result(&body, line), want, "{line}");
    }
    let att_table: [(&str, &str); 4] = [
        ("+QSMTPATT: 102400", "Stored { length: 102400 }"),
        ("+QSMTPATT: -12", "Failed { error: AttachmentOpenFailed }"),
        ("+QSMTPATT: 102401", "error at field Some(1)"),
        ("+QSMTPATT: -1000", "error at field Some(1)"),
    ];
    for (line, want) in att_table {
        assert_eq!(gsm_result(&att, line), want, "{line}");
    }
}

#[test]
fn gsm_taken_count_comes_from_the_stored_length() {
    use atspec_dialects::quectel_gsm::{Charset, QsmtpbodyWrite, QsmtpbodyWriteDataResult};
    let body = QsmtpbodyWrite::new(Charset::Ascii, None).unwrap();
    let stored = QsmtpbodyWriteDataResult::Stored { length: 2009 };
    assert_eq!(body.data_taken(&stored), Some(2009));
    let failed = body.parse_data_result("+QSMTPBODY: -5").unwrap();
    assert_eq!(body.data_taken(&failed), None);
    assert!(!body.data_length_at_most());
}

#[test]
fn sim52xx_saved_path_line_is_typed_and_strict() {
    use atspec_dialects::simcom_sim52xx::{Dialect, Pop3Saved};
    match Pop3Saved::parse("C:/Email/100202110457/, EMAIL000.TXT") {
        Ok(Pop3Saved::OnC {
            directory,
            file_name,
        }) => {
            assert_eq!(directory, "/Email/100202110457/");
            assert_eq!(file_name, "EMAIL000.TXT");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Pop3Saved::parse("D:/Email/1/, EMAIL001.TXT"),
        Ok(Pop3Saved::OnD { .. })
    ));
    // Not under /Email/, no file name, a third field, another drive.
    for line in [
        "C:/tmp/1/, EMAIL000.TXT",
        "C:/Email/1/",
        "C:/Email/1/, A.TXT, x",
        "E:/Email/1/, A.TXT",
    ] {
        assert!(Pop3Saved::parse(line).is_err(), "{line}");
        assert!(
            !matches!(
                <Dialect as atspec_runtime::Dialect>::parse_urc(line),
                Some(atspec_dialects::simcom_sim52xx::Urc::Pop3Saved(_))
            ),
            "{line}"
        );
    }
}

mod inline {
    atspec_macros::dialect!("specs/field_limits.atspec");
}

#[test]
fn optional_text_and_code_fields_keep_their_limits() {
    use inline::{Code, Done, Note, Res};
    assert_eq!(
        Note::parse("+NOTE: 0a1B").unwrap().note.as_deref(),
        Some("0a1B")
    );
    assert_eq!(Note::parse("+NOTE: ").unwrap().note, None);
    for bad in ["+NOTE: 0a1", "+NOTE: xyz0", "+NOTE: 0123456789"] {
        assert!(Note::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(Code::parse("+CODE: -1").unwrap().code, Some(Res::Failed));
    assert_eq!(Code::parse("+CODE: ").unwrap().code, None);
    assert!(Code::parse("+CODE: 1").is_err());
    assert!(matches!(
        Done::parse("+DONE: 100"),
        Ok(Done::Stored { length: 100 })
    ));
    assert!(matches!(Done::parse("+DONE: -5"), Ok(Done::Failed { .. })));
    assert!(Done::parse("+DONE: 101").is_err());
    assert!(Done::parse("+DONE: -10").is_err());
}

#[test]
fn gsm_result_above_the_cap_is_a_parse_error_through_modem() {
    use atspec_dialects::quectel_gsm::{Charset, Dialect, QsmtpbodyWrite};
    use atspec_runtime::Error;
    use generated_tests::flows::pty::{pty_modem, spawn_script};
    let (mut modem, _urcs, end) = pty_modem::<Dialect>();
    let script = spawn_script(end, |end| {
        end.expect_command("AT+QSMTPBODY=0");
        end.send(b"\r\nOK\r\n\r\nCONNECT\r\n");
        assert_eq!(end.read_exact(5), b"Hello");
        assert_eq!(end.read_exact(3), b"+++");
        // More than the 10240 bytes the body may have: no alternative fits.
        end.send(b"\r\n+QSMTPBODY: 10241\r\n");
    });
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, None).unwrap();
    let err = modem
        .send_data(&cmd, &b"Hello"[..])
        .expect_err("a result outside every range");
    match &err {
        Error::Parse { error, .. } => assert_eq!(error.field, Some(1), "{err}"),
        other => panic!("not a parse error: {other}"),
    }
    script.join().expect("script");
}
