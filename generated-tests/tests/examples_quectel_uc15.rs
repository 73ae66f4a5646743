//! Every example exchange of manual 003 (Quectel UC15 SMTP), as listed in
//! `dialects/examples/quectel_uc15.txt`: requests built through the generated
//! API encode to the manual's command lines (OCR and errata corrected), and
//! the module's lines parse into typed values (insta snapshots). Commands of
//! other UC15 manuals (QICSGP, QIACT, QFUPL, QFLST, QFDEL, QIDEACT, QSSLCFG)
//! are not part of this dialect.

use std::time::Duration;

use atspec_dialects::quectel_uc15::*;
use atspec_runtime::{Command, DataPhase};
use generated_tests::replay::Replay;
use generated_tests::whole_file::replay_file;
use generated_tests::wire::{completes, parse, wire};

// ---- 2.2 AT+QSMTPDST ----

#[test]
fn s2_2_add_recipients() {
    let to = QsmtpdstWrite::new(
        DstMode::Add,
        Some((RcptType::To, Some("quectel_test@aol.com"))),
    )
    .unwrap();
    assert_eq!(wire(&to), "AT+QSMTPDST=1,1,\"quectel_test@aol.com\"\r");
    let cc = QsmtpdstWrite::new(
        DstMode::Add,
        Some((RcptType::Cc, Some("quectel_test@21cn.com"))),
    )
    .unwrap();
    assert_eq!(wire(&cc), "AT+QSMTPDST=1,2,\"quectel_test@21cn.com\"\r");
}

#[test]
fn s2_2_read_recipients() {
    assert_eq!(wire(&QsmtpdstRead), "AT+QSMTPDST?\r");
    // erratum: the mangled third line `+QOMITI DOT. ...` is OCR residue.
    let resp = parse(
        &QsmtpdstRead,
        &[
            "+QSMTPDST: 1,\"quectel_test@aol.com\"",
            "+QSMTPDST: 2,\"quectel_test@21cn.com\"",
        ],
    );
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn s2_2_delete_all() {
    let cmd = QsmtpdstWrite::new(DstMode::Delete, None).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPDST=0\r");
    let after = QsmtpdstRead.parse_response(&[]).unwrap();
    assert!(after.is_empty());
}

// ---- 2.3 AT+QSMTPSUB ----

#[test]
fn s2_3_ascii_subject() {
    let cmd = QsmtpsubWrite::new(Charset::Ascii, "TEST SMTP").unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPSUB=0,\"TEST SMTP\"\r");
    assert_eq!(wire(&QsmtpsubRead), "AT+QSMTPSUB?\r");
    let resp = parse(&QsmtpsubRead, &["+QSMTPSUB: 0,\"TEST SMTP\""]);
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn s2_3_utf8_subject_as_hex() {
    let cmd = QsmtpsubWrite::new(Charset::Utf8, "7465737420534D5450").unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPSUB=1,\"7465737420534D5450\"\r");
    let resp = parse(&QsmtpsubRead, &["+QSMTPSUB: 1,\"7465737420534D5450\""]);
    insta::assert_debug_snapshot!(resp);
}

// ---- 2.4 AT+QSMTPBODY (the three endings share one command line) ----

#[test]
fn s2_4_body_data_mode() {
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, 100, Some(120)).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPBODY=0,100,120\r");
    assert_eq!(
        cmd.data_phase(),
        Some(DataPhase::Connect {
            length: Some(100),
            escape: Some((b"+++".to_vec(), Duration::from_secs(1))),
            idle_timeout: Some(Duration::from_secs(120)),
            result_prefix: Some("+QSMTPBODY"),
        })
    );
}

#[test]
fn s2_4_body_result_line() {
    // All three endings (length reached, "+++", input time over) report
    // `+QSMTPBODY: <input_length>` (100, 90, 90) and then OK. The executor
    // awaits that line by the phase's result prefix and parses it with
    // `parse_data_result`; the command itself has no information lines.
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, 100, Some(120)).unwrap();
    let Some(DataPhase::Connect { result_prefix, .. }) = cmd.data_phase() else {
        panic!("AT+QSMTPBODY has a CONNECT data phase");
    };
    assert_eq!(result_prefix, Some("+QSMTPBODY"));
    assert_eq!(cmd.parse_response(&[]).unwrap(), ());
    assert_eq!(
        cmd.parse_data_result("+QSMTPBODY: 90").unwrap(),
        QsmtpbodyWriteDataResult { input_length: 90 }
    );
    assert_eq!(
        cmd.parse_data_result("+QSMTPBODY:100").unwrap(),
        QsmtpbodyWriteDataResult { input_length: 100 }
    );
    let bad = cmd.parse_data_result("+QSMTPBODY: ninety").unwrap_err();
    assert_eq!(bad.field, Some(1), "{bad}");
    assert!(cmd.parse_data_result("+QSMTPATT: 90").is_err());
}

#[test]
fn s2_4_input_time_defaults_to_90s() {
    let cmd = QsmtpbodyWrite::new(Charset::Ascii, 100, None).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPBODY=0,100\r");
    let Some(DataPhase::Connect { idle_timeout, .. }) = cmd.data_phase() else {
        panic!("AT+QSMTPBODY has a CONNECT data phase");
    };
    assert_eq!(idle_timeout, Some(Duration::from_secs(90)));
}

// ---- 2.5 AT+QSMTPATT ----

#[test]
fn s2_5_add_ram_attachment() {
    let cmd = QsmtpattWrite::new(AttMode::Add, Some((1, "RAM:test.txt"))).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPATT=1,1,\"RAM:test.txt\"\r");
    assert_eq!(wire(&QsmtpattRead), "AT+QSMTPATT?\r");
    let resp = parse(&QsmtpattRead, &["+QSMTPATT: 1,\"RAM:test.txt\",200"]);
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn s2_5_add_ufs_attachment() {
    let cmd = QsmtpattWrite::new(AttMode::Add, Some((2, "smtp.txt"))).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPATT=1,2,\"smtp.txt\"\r");
    let resp = parse(
        &QsmtpattRead,
        &[
            "+QSMTPATT: 1,\"RAM:test.txt\",200",
            "+QSMTPATT: 2,\"smtp.txt\",100",
        ],
    );
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn s2_5_delete_all_attachments() {
    let cmd = QsmtpattWrite::new(AttMode::Delete, None).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPATT=0\r");
    assert!(QsmtpattRead.parse_response(&[]).unwrap().is_empty());
}

// ---- 2.6 AT+QSMTPCLR ----

#[test]
fn s2_6_clear() {
    assert_eq!(wire(&QsmtpclrExec), "AT+QSMTPCLR\r");
    assert!(QsmtpdstRead.parse_response(&[]).unwrap().is_empty());
    let sub = parse(&QsmtpsubRead, &["+QSMTPSUB: 0,\"\""]);
    insta::assert_debug_snapshot!(sub);
    assert!(QsmtpattRead.parse_response(&[]).unwrap().is_empty());
}

// ---- 2.7 AT+QSMTPPUT ----

#[test]
fn s2_7_send() {
    let cmd = QsmtpputWrite::new(300).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPPUT=300\r");
    let outcome = completes(&cmd, &["+QSMTPPUT"], "+QSMTPPUT: 0,0");
    assert_eq!(
        cmd.completion().map(|c| c.timeout),
        // The module's own 300 s, plus 30 s for its timeout report.
        Some(Duration::from_secs(330))
    );
    assert_eq!(outcome.err, SmtpError::Success);
    insta::assert_debug_snapshot!(outcome);
}

#[test]
fn s2_7_urc_is_recognised() {
    let urc = parse_urc("+QSMTPPUT: 0,0").expect("a URC of this dialect");
    insta::assert_debug_snapshot!(urc);
}

// ---- 3.1 Send e-mail without SSL ----

#[test]
fn s3_1_configure() {
    let cases: [(String, &str); 5] = [
        (
            wire(&QsmtpcfgContextidWrite::new(Some(1)).unwrap()),
            "AT+QSMTPCFG=\"contextid\",1\r",
        ),
        (
            wire(&QsmtpcfgSsltypeWrite::new(Some(SslType::Plain)).unwrap()),
            "AT+QSMTPCFG=\"ssltype\",0\r",
        ),
        (
            wire(&QsmtpcfgSmtpserverWrite::new(Some(("smtp.aol.com", 25))).unwrap()),
            "AT+QSMTPCFG=\"smtpserver\",\"smtp.aol.com\",25\r",
        ),
        (
            wire(
                &QsmtpcfgAccountWrite::new(Some(("quectel_test@aol.com", "aol123456789"))).unwrap(),
            ),
            "AT+QSMTPCFG=\"account\",\"quectel_test@aol.com\",\"aol123456789\"\r",
        ),
        (
            wire(
                &QsmtpcfgSenderWrite::new(Some(("quectel_test", "quectel_test@aol.com"))).unwrap(),
            ),
            "AT+QSMTPCFG=\"sender\",\"quectel_test\",\"quectel_test@aol.com\"\r",
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
}

#[test]
fn s3_1_account_password_is_redacted() {
    let cmd = QsmtpcfgAccountWrite::new(Some(("quectel_test@aol.com", "aol123456789"))).unwrap();
    assert_eq!(
        cmd.redacted(),
        "AT+QSMTPCFG=\"account\",\"quectel_test@aol.com\",***"
    );
    assert!(!format!("{cmd:?}").contains("aol123456789"));
}

#[test]
fn s3_1_compose_and_send() {
    let to = QsmtpdstWrite::new(
        DstMode::Add,
        Some((RcptType::To, Some("quectel_test@163.com"))),
    )
    .unwrap();
    assert_eq!(wire(&to), "AT+QSMTPDST=1,1,\"quectel_test@163.com\"\r");
    let cc = QsmtpdstWrite::new(
        DstMode::Add,
        Some((RcptType::Cc, Some("quectel_test@21cn.com"))),
    )
    .unwrap();
    assert_eq!(wire(&cc), "AT+QSMTPDST=1,2,\"quectel_test@21cn.com\"\r");
    let rcpts = parse(
        &QsmtpdstRead,
        &[
            "+QSMTPDST: 1,\"quectel_test@163.com\"",
            "+QSMTPDST: 2,\"quectel_test@21cn.com\"",
        ],
    );
    insta::assert_debug_snapshot!("s3_1_recipients", rcpts);

    let att = QsmtpattWrite::new(AttMode::Add, Some((1, "RAM:smtp.txt"))).unwrap();
    assert_eq!(wire(&att), "AT+QSMTPATT=1,1,\"RAM:smtp.txt\"\r");
    let atts = parse(&QsmtpattRead, &["+QSMTPATT: 1, \"RAM:smtp.txt\",100"]);
    insta::assert_debug_snapshot!("s3_1_attachments", atts);

    let put = QsmtpputWrite::new(300).unwrap();
    assert_eq!(wire(&put), "AT+QSMTPPUT=300\r");
    assert_eq!(wire(&QsmtpclrExec), "AT+QSMTPCLR\r");
}

// ---- 3.2 Send e-mail by SSL ----

#[test]
fn s3_2_configure_ssl() {
    assert_eq!(
        wire(&QsmtpcfgSsltypeWrite::new(Some(SslType::Ssl)).unwrap()),
        "AT+QSMTPCFG=\"ssltype\",1\r"
    );
    assert_eq!(
        wire(&QsmtpcfgSslctxidWrite::new(Some(1)).unwrap()),
        "AT+QSMTPCFG=\"sslctxid\",1\r"
    );
    assert_eq!(
        wire(&QsmtpcfgSmtpserverWrite::new(Some(("smtp.gmail.com", 465))).unwrap()),
        "AT+QSMTPCFG=\"smtpserver\",\"smtp.gmail.com\",465\r"
    );
    assert_eq!(
        wire(&QsmtpcfgAccountWrite::new(Some(("quecteltestmail@gmail.com", "yy123456"))).unwrap()),
        "AT+QSMTPCFG=\"account\",\"quecteltestmail@gmail.com\",\"yy123456\"\r"
    );
    assert_eq!(
        wire(&QsmtpcfgSenderWrite::new(Some(("quectel", "quecteltestmail@gmail.com"))).unwrap()),
        "AT+QSMTPCFG=\"sender\",\"quectel\",\"quecteltestmail@gmail.com\"\r"
    );
}

// ---- 3.3 Send e-mail by STARTTLS ----

#[test]
fn s3_3_configure_starttls() {
    assert_eq!(
        wire(&QsmtpcfgSsltypeWrite::new(Some(SslType::StartTls)).unwrap()),
        "AT+QSMTPCFG=\"ssltype\",2\r"
    );
    assert_eq!(
        wire(&QsmtpcfgSslctxidWrite::new(Some(1)).unwrap()),
        "AT+QSMTPCFG=\"sslctxid\",1\r"
    );
    assert_eq!(
        wire(&QsmtpcfgSmtpserverWrite::new(Some(("smtp.gmail.com", 25))).unwrap()),
        "AT+QSMTPCFG=\"smtpserver\",\"smtp.gmail.com\",25\r"
    );
}

// ---- 2.1: a key alone reads the setting back (no example in the manual) ----

#[test]
fn s2_1_key_alone_queries() {
    let cmd = QsmtpcfgSmtpserverWrite::new(None).unwrap();
    assert_eq!(wire(&cmd), "AT+QSMTPCFG=\"smtpserver\"\r");
    let resp = parse(&cmd, &["+QSMTPCFG: \"smtpserver\",\"smtp.aol.com\",25"]);
    insta::assert_debug_snapshot!(resp);
}

const EXAMPLES: &str = include_str!("../../dialects/examples/quectel_uc15.txt");

fn dst(kind: RcptType, addr: &str) -> QsmtpdstWrite {
    QsmtpdstWrite::new(DstMode::Add, Some((kind, Some(addr)))).expect("valid by the manual")
}

fn att(index: u8, name: &str) -> QsmtpattWrite {
    QsmtpattWrite::new(AttMode::Add, Some((index, name))).expect("valid by the manual")
}

/// One request per distinct command line of the examples file.
fn catalogue() -> Vec<Box<dyn Replay<Dialect>>> {
    let ok = "valid by the manual";
    vec![
        // 2.2 - 2.7
        Box::new(dst(RcptType::To, "quectel_test@aol.com")),
        Box::new(dst(RcptType::Cc, "quectel_test@21cn.com")),
        Box::new(QsmtpdstRead),
        Box::new(QsmtpdstWrite::new(DstMode::Delete, None).expect(ok)),
        Box::new(QsmtpsubWrite::new(Charset::Ascii, "TEST SMTP").expect(ok)),
        Box::new(QsmtpsubRead),
        Box::new(QsmtpsubWrite::new(Charset::Utf8, "7465737420534D5450").expect(ok)),
        Box::new(QsmtpbodyWrite::new(Charset::Ascii, 100, Some(120)).expect(ok)),
        Box::new(att(1, "RAM:test.txt")),
        Box::new(QsmtpattRead),
        Box::new(att(2, "smtp.txt")),
        Box::new(QsmtpattWrite::new(AttMode::Delete, None).expect(ok)),
        Box::new(QsmtpclrExec),
        Box::new(QsmtpputWrite::new(300).expect(ok)),
        // 3.1
        Box::new(QsmtpcfgContextidWrite::new(Some(1)).expect(ok)),
        Box::new(QsmtpcfgSsltypeWrite::new(Some(SslType::Plain)).expect(ok)),
        Box::new(QsmtpcfgSmtpserverWrite::new(Some(("smtp.aol.com", 25))).expect(ok)),
        Box::new(
            QsmtpcfgAccountWrite::new(Some(("quectel_test@aol.com", "aol123456789"))).expect(ok),
        ),
        Box::new(
            QsmtpcfgSenderWrite::new(Some(("quectel_test", "quectel_test@aol.com"))).expect(ok),
        ),
        Box::new(dst(RcptType::To, "quectel_test@163.com")),
        Box::new(att(1, "RAM:smtp.txt")),
        // 3.2 / 3.3
        Box::new(QsmtpcfgSsltypeWrite::new(Some(SslType::Ssl)).expect(ok)),
        Box::new(QsmtpcfgSslctxidWrite::new(Some(1)).expect(ok)),
        Box::new(QsmtpcfgSmtpserverWrite::new(Some(("smtp.gmail.com", 465))).expect(ok)),
        Box::new(
            QsmtpcfgAccountWrite::new(Some(("quecteltestmail@gmail.com", "yy123456"))).expect(ok),
        ),
        Box::new(
            QsmtpcfgSenderWrite::new(Some(("quectel", "quecteltestmail@gmail.com"))).expect(ok),
        ),
        Box::new(QsmtpcfgSsltypeWrite::new(Some(SslType::StartTls)).expect(ok)),
        Box::new(QsmtpcfgSmtpserverWrite::new(Some(("smtp.gmail.com", 25))).expect(ok)),
    ]
}

#[test]
fn replay_every_example_of_the_manual() {
    let transcript = replay_file::<Dialect>(EXAMPLES, catalogue());
    insta::assert_snapshot!(transcript);
}

// ---- Test-form answers as the syntax tables give them (no printed example) ----

#[test]
fn syntax_table_test_answers() {
    let cfg = parse(
        &QsmtpcfgTest,
        &[
            "+QSMTPCFG: \"account\",<username>,<password>",
            "+QSMTPCFG: \"sender\",<sender_name>,<sender_email>",
            "+QSMTPCFG: \"smtpserver\",<srvaddr>,<srvport>",
            "+QSMTPCFG: \"contextid\",(1-16)",
            "+QSMTPCFG: \"sslctxid\",(0-5)",
            "+QSMTPCFG: \"ssltype\",(0-2)",
        ],
    );
    insta::assert_debug_snapshot!("syntax_table_qsmtpcfg_test", cfg);
    let others = (
        parse(&QsmtpdstTest, &["+QSMTPDST: (0,1),(1-3),<emailaddr>"]),
        parse(&QsmtpsubTest, &["+QSMTPSUB: (0-3),<subject>"]),
        parse(&QsmtpbodyTest, &["+QSMTPBODY: (0-3),(1-10240),(1-65535)"]),
        parse(&QsmtpattTest, &["+QSMTPATT: (0,1),(1-10),<file_name>"]),
        parse(&QsmtpputTest, &["+QSMTPPUT: (60-65535)"]),
    );
    insta::assert_debug_snapshot!("syntax_table_other_tests", others);
    assert_eq!(QsmtpbodyRead.parse_response(&[]).unwrap(), ());
    assert_eq!(QsmtpclrTest.parse_response(&[]).unwrap(), ());
}
