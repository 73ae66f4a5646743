//! Every example exchange of manual 004 (Quectel GSM SMTP, chapter 4), as
//! recorded in `dialects/examples/quectel_gsm.txt`.
//!
//! Each test lists, in order, the typed request for every command line of one
//! example and the exact line the manual prints for it (page wrapping
//! corrected). The harness then replays the module's side from the examples
//! file: the request must encode to that line, claim its information lines,
//! enter the right data phase, parse its response, completion and data-phase
//! result, and leave every other line to the URC parser. The transcript of
//! parsed values is snapshotted with insta.

use atspec_dialects::quectel_gsm::*;
use atspec_runtime::{Command, DataPhase};
use generated_tests::sections::{assert_sections_listed, at, foreign, replay_section, Step};
use generated_tests::wire::{parse, wire};

const EXAMPLES: &str = include_str!("../../dialects/examples/quectel_gsm.txt");

/// Sections of the examples file; each has exactly one test below.
const SECTIONS: &[&str] = &["4.1", "4.2", "4.3", "4.4", "4.5"];

/// Replays section `id` of the examples file against `steps`.
fn replay(id: &str, steps: &[Step<Dialect>]) -> String {
    replay_section(EXAMPLES, SECTIONS, id, steps)
}

#[test]
fn every_section_of_the_examples_file_has_a_test() {
    assert_sections_listed(EXAMPLES, SECTIONS);
}

// ---------------------------------------------------------------- 4.x examples

#[test]
fn s4_1_configure_smtp_server() {
    let steps = vec![
        at(
            QsmtpsrvWrite::new("smtp.163.com", 25).unwrap(),
            "AT+QSMTPSRV=\"smtp.163.com\",25",
        ),
        at(
            QsmtpuserWrite::new("quectel").unwrap(),
            "AT+QSMTPUSER=\"quectel\"",
        ),
        at(QsmtppwdWrite::new("test").unwrap(), "AT+QSMTPPWD=\"test\""),
    ];
    insta::assert_snapshot!(replay("4.1", &steps));
}

#[test]
fn s4_2_configure_the_information_of_sender() {
    let steps = vec![
        at(
            QsmtpnameWrite::new("quectel").unwrap(),
            "AT+QSMTPNAME=\"quectel\"",
        ),
        at(
            QsmtpaddrWrite::new("quectel@163.com").unwrap(),
            "AT+QSMTPADDR=\"quectel@163.com\"",
        ),
    ];
    insta::assert_snapshot!(replay("4.2", &steps));
}

#[test]
fn s4_3_add_recipients() {
    let steps = vec![
        at(
            QsmtpdstWrite::new(
                DstMode::Add,
                Some((RcptType::Cc, Some("colin.hu@quectel.com"))),
            )
            .unwrap(),
            "AT+QSMTPDST=1,2,\"colin.hu@quectel.com\"",
        ),
        at(
            QsmtpdstWrite::new(
                DstMode::Delete,
                Some((RcptType::Cc, Some("colin.hu@quectel.com"))),
            )
            .unwrap(),
            "AT+QSMTPDST=0,2,\"colin.hu@quectel.com\"",
        ),
    ];
    insta::assert_snapshot!(replay("4.3", &steps));
}

#[test]
fn s4_4_edit_the_content_of_the_email() {
    let steps = vec![
        at(
            QsmtpsubWrite::new(Charset::Ascii, "SMTP TEST").unwrap(),
            "AT+QSMTPSUB=0,\"SMTP TEST\"",
        ),
        at(
            QsmtpbodyWrite::new(Charset::Utf8, Some(100)).unwrap(),
            "AT+QSMTPBODY=1,100",
        ),
        at(
            QsmtpattWrite::new("bigfile.txt", None).unwrap(),
            "AT+QSMTPATT=\"bigfile.txt\"",
        ),
        at(QsmtpattRead, "AT+QSMTPATT?"),
        at(QsmtpdattWrite::new(1).unwrap(), "AT+QSMTPDATT=1"),
    ];
    insta::assert_snapshot!(replay("4.4", &steps));
}

#[test]
fn s4_5_send_email() {
    let steps = vec![
        foreign("AT+QIFGCNT=0"),
        foreign("AT+QICSGP=1,\"CMNET\""),
        at(QsmtpputWrite::new(300).unwrap(), "AT+QSMTPPUT=300"),
    ];
    insta::assert_snapshot!(replay("4.5", &steps));
}

// ---------------------------------------------------------------- details the transcripts summarise

/// The data phases and completions the examples rely on.
#[test]
fn data_phases_and_completions() {
    let Some(DataPhase::Connect {
        length,
        escape,
        idle_timeout,
        result_prefix,
    }) = QsmtpbodyWrite::new(Charset::Utf8, Some(100))
        .unwrap()
        .data_phase()
    else {
        panic!("AT+QSMTPBODY has a CONNECT data phase")
    };
    assert_eq!(length, None);
    assert_eq!(escape.map(|(seq, _)| seq), Some(b"+++".to_vec()));
    assert_eq!(idle_timeout, Some(std::time::Duration::from_secs(100)));
    assert_eq!(result_prefix, Some("+QSMTPBODY"));

    let Some(DataPhase::Connect { length, .. }) = QsmtpattWrite::new("a.txt", Some((20090, 60)))
        .unwrap()
        .data_phase()
    else {
        panic!("AT+QSMTPATT has a CONNECT data phase")
    };
    assert_eq!(length, Some(20090));

    // The result lines parse into typed values (length, or a negative
    // error code), with or without a space after the colon.
    let body = QsmtpbodyWrite::new(Charset::Utf8, Some(100)).unwrap();
    assert_eq!(
        body.parse_data_result("+QSMTPBODY:2009").unwrap(),
        QsmtpbodyWriteDataResult::Stored { length: 2009 }
    );
    assert_eq!(
        body.parse_data_result("+QSMTPBODY: -535").unwrap(),
        QsmtpbodyWriteDataResult::Failed {
            error: QsmtpResult::TransactionFailed
        }
    );
    let att = QsmtpattWrite::new("a.txt", Some((20090, 60))).unwrap();
    assert_eq!(
        att.parse_data_result("+QSMTPATT: 20090").unwrap(),
        QsmtpattWriteDataResult::Stored { length: 20090 }
    );
    let no_result = QsmtpputWrite::new(300).unwrap();
    assert!(no_result.parse_data_result("+QSMTPPUT: 0").is_err());

    let put = QsmtpputWrite::new(300)
        .unwrap()
        .completion()
        .expect("AT+QSMTPPUT completes by URC");
    assert_eq!(put.prefixes, &["+QSMTPPUT"]);
    // The module's own 300 s, plus 30 s for its timeout report.
    assert_eq!(put.timeout, std::time::Duration::from_secs(330));
    assert_eq!(
        QsmtpputExec.parse_outcome("+QSMTPPUT: -535").unwrap(),
        QsmtpPut {
            result: QsmtpResult::AuthFailed
        }
    );
    assert_eq!(
        QsmtpdattExec.parse_outcome("+QSMTPDATT:0").unwrap(),
        QsmtpDatt {
            result: QsmtpResult::Ok
        }
    );
}

/// The read forms' answers, as the syntax tables print them (the manual has
/// no example for them): literal test answers, the masked password, the
/// recipient list, the auth-mode query.
#[test]
fn read_and_test_answers_of_the_syntax_tables() {
    parse(&QsmtpuserTest, &["+QSMTPUSER: \"USER\""]);
    parse(&QsmtppwdTest, &["+QSMTPPWD: \"PASSWORD\""]);
    let pwd = parse(&QsmtppwdRead, &["+QSMTPPWD: \"<****>\""]);
    let srv = parse(&QsmtpsrvRead, &["+QSMTPSRV: \"smtp.163.com\",25"]);
    let dst = parse(
        &QsmtpdstRead,
        &[
            "+QSMTPDST: 1,\"a@quectel.com\"",
            "+QSMTPDST: 2,\"colin.hu@quectel.com\"",
        ],
    );
    let none = QsmtpdstRead.parse_response(&[]).unwrap();
    let sub = parse(&QsmtpsubRead, &["+QSMTPSUB: 1,\"E4BDA0E5A5BD\""]);
    let cfg_query = Qsmtpcfg1Write::new(None).unwrap();
    let cfg = parse(&cfg_query, &["+QSMTPCFG:1"]);
    let tests = (
        parse(&QsmtpsrvTest, &["+QSMTPSRV: \"SERVER\",(1-65535)"]),
        parse(&QsmtpdstTest, &["+QSMTPDST: (0,1),(1-3),\"ADDRESS\""]),
        parse(&QsmtpbodyTest, &["+QSMTPBODY: (0-3),(1-48000)"]),
        parse(&QsmtpputTest, &["+QSMTPPUT: (100-48000)"]),
    );
    let more_tests = (
        parse(&QsmtpaddrTest, &["+QSMTPADDR: \"ADDRESS\""]),
        parse(&QsmtpnameTest, &["+QSMTPNAME: \"NAME\""]),
        parse(&QsmtpsubTest, &["+QSMTPSUB: (0-3),\"TITLE\""]),
        // The manual prints the placeholder <fileSz> here; kept verbatim.
        parse(
            &QsmtpattTest,
            &["+QSMTPATT: \"FILE NAME\",(0-102400),(1-48000)"],
        ),
        parse(&QsmtpdattTest, &["+QSMTPDATT: (1-10)"]),
        parse(&QsmtpcfgTest, &["+QSMTPCFG: (1)"]),
        QsmtpclrTest.parse_response(&[]).unwrap(),
    );
    let user = parse(&QsmtpuserRead, &["+QSMTPUSER: \"quectel\""]);
    let set_auth = Qsmtpcfg1Write::new(Some(AuthMode::NotRequired)).unwrap();
    assert_eq!(wire(&set_auth), "AT+QSMTPCFG=1,0\r");
    assert_eq!(set_auth.parse_response(&[]).unwrap(), None);
    insta::assert_debug_snapshot!((
        pwd,
        srv,
        dst,
        none,
        sub,
        wire(&cfg_query),
        cfg,
        tests,
        more_tests,
        user
    ));
}
