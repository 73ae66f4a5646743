//! Every example exchange of manual 000 (SIMCom SMTPS, `AT+CSMTPS*`), as
//! listed in `dialects/examples/simcom_smtps.txt`: the request built through
//! the generated API encodes to the manual's command line (errata corrected),
//! and the module's lines parse into the typed value (insta snapshots).

use atspec_dialects::simcom_smtps::*;
use atspec_runtime::{Claim, Command, DataPhase};
use generated_tests::replay::Replay;
use generated_tests::whole_file::replay_file;
use generated_tests::wire::{completes, parse, wire, with_payload};

// ---- 1.2.1 AT+CSMTPSSRV ----

#[test]
fn csmtpssrv_write_server_and_port() {
    let cmd = CsmtpssrvWrite::new("smtp.server.com", 425, None).unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSSRV=\"smtp.server.com\",425\r");
    assert_eq!(cmd.parse_response(&[]).unwrap(), ());
}

#[test]
fn csmtpssrv_read_after_write() {
    let cmd = CsmtpssrvRead;
    assert_eq!(wire(&cmd), "AT+CSMTPSSRV?\r");
    let line = "+CSMTPSSRV: \"smtp.server.com\",425,2";
    assert_eq!(cmd.claim(line), Claim::Mine);
    insta::assert_debug_snapshot!(parse(&cmd, &[line]));
}

#[test]
fn csmtpssrv_exec_clears() {
    // erratum: printed as AT+SMTPSRV.
    assert_eq!(wire(&CsmtpssrvExec), "AT+CSMTPSSRV\r");
}

#[test]
fn csmtpssrv_read_after_clear() {
    // erratum: printed as AT+SMTPSRV? / +SMTPSRV:.
    let resp = parse(&CsmtpssrvRead, &["+CSMTPSSRV: \"\",465,2"]);
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.2 AT+CSMTPSAUTH ----

#[test]
fn csmtpsauth_read_unset() {
    assert_eq!(wire(&CsmtpsauthRead), "AT+CSMTPSAUTH?\r");
    let resp = parse(&CsmtpsauthRead, &["+CSMTPSAUTH: 0, \"\",\"\""]);
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpsauth_write_login() {
    let cmd = CsmtpsauthWrite::new(AuthFlag::Login, Some(("username", "password"))).unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSAUTH=1,\"username\",\"password\"\r");
    assert_eq!(cmd.redacted(), "AT+CSMTPSAUTH=1,\"username\",***");
    assert!(
        !format!("{cmd:?}").contains("password\""),
        "secret leaked in Debug: {cmd:?}"
    );
}

#[test]
fn csmtpsauth_read_login() {
    let resp = parse(
        &CsmtpsauthRead,
        &["+CSMTPSAUTH: 1, \"username\", \"password\""],
    );
    assert_eq!(resp.pwd.expose(), "password");
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpsauth_exec_clears() {
    assert_eq!(wire(&CsmtpsauthExec), "AT+CSMTPSAUTH\r");
}

#[test]
fn csmtpsauth_read_after_clear() {
    let resp = parse(&CsmtpsauthRead, &["+CSMTPSAUTH: 0, \"\", \"\""]);
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.3 AT+CSMTPSFROM ----

#[test]
fn csmtpsfrom_write() {
    let cmd = CsmtpsfromWrite::new("senderaddress@server.com", Some("sendername")).unwrap();
    assert_eq!(
        wire(&cmd),
        "AT+CSMTPSFROM=\"senderaddress@server.com\",\"sendername\"\r"
    );
}

#[test]
fn csmtpsfrom_read() {
    assert_eq!(wire(&CsmtpsfromRead), "AT+CSMTPSFROM?\r");
    let resp = parse(
        &CsmtpsfromRead,
        &["+CSMTPSFROM: \"senderaddress@server.com\",\"sendername\""],
    );
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpsfrom_exec_clears() {
    assert_eq!(wire(&CsmtpsfromExec), "AT+CSMTPSFROM\r");
}

#[test]
fn csmtpsfrom_read_after_clear() {
    let resp = parse(&CsmtpsfromRead, &["+CSMTPSFROM: \"\", \"\""]);
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.4 AT+CSMTPSRCPT ----

#[test]
fn csmtpsrcpt_write_to() {
    let cmd = CsmtpsrcptWrite::new(
        RcptKind::To,
        Some((0, Some(("rcptaddress_to@server.com", Some("rcptname_to"))))),
    )
    .unwrap();
    assert_eq!(
        wire(&cmd),
        "AT+CSMTPSRCPT=0,0,\"rcptaddress_to@server.com\",\"rcptname_to\"\r"
    );
}

#[test]
fn csmtpsrcpt_read_one() {
    assert_eq!(wire(&CsmtpsrcptRead), "AT+CSMTPSRCPT?\r");
    let resp = parse(
        &CsmtpsrcptRead,
        &["+CSMTPSRCPT: 0,0,\"rcptaddress_to@server.com\",\"rcptname_to\""],
    );
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpsrcpt_write_cc() {
    let cmd = CsmtpsrcptWrite::new(
        RcptKind::Cc,
        Some((0, Some(("rcptaddress_cc@server.com", Some("rcptname_cc"))))),
    )
    .unwrap();
    assert_eq!(
        wire(&cmd),
        "AT+CSMTPSRCPT=1,0,\"rcptaddress_cc@server.com\",\"rcptname_cc\"\r"
    );
}

#[test]
fn csmtpsrcpt_read_two() {
    // erratum: printed as AT+CSMTSPRCPT?.
    let resp = parse(
        &CsmtpsrcptRead,
        &[
            "+CSMTPSRCPT: 0,0,\"rcptaddress_to@server.com\",\"rcptname_to\"",
            "+CSMTPSRCPT: 1,0,\"rcptaddress_cc@server.com\",\"rcptname_cc\"",
        ],
    );
    assert_eq!(resp.len(), 2);
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.5 AT+CSMTPSSUB ----

#[test]
fn csmtpssub_read_empty() {
    assert_eq!(wire(&CsmtpssubRead), "AT+CSMTPSSUB?\r");
    let header = "+CSMTPSSUB: 0,\"UTF-8\"";
    assert_eq!(CsmtpssubRead.claim(header), Claim::MineWithPayload(0));
    let resp = CsmtpssubRead
        .parse_response(&with_payload(header, ""))
        .unwrap();
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpssub_write_with_prompt() {
    let text = "THIS IS A TEST MAIL";
    let cmd = CsmtpssubWrite::new(text.len() as u16, Some("utf-8")).unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSSUB=19,\"utf-8\"\r");
    assert_eq!(cmd.data_phase(), Some(DataPhase::PromptExact(19)));
}

#[test]
fn csmtpssub_read_subject() {
    // erratum: printed as AT+SMTPSSUB? answering +SMTPSSUB:.
    let header = "+CSMTPSSUB: 19,\"utf-8\"";
    assert_eq!(CsmtpssubRead.claim(header), Claim::MineWithPayload(19));
    let resp = CsmtpssubRead
        .parse_response(&with_payload(header, "THIS IS A TEST MAIL"))
        .unwrap();
    assert_eq!(resp.data, b"THIS IS A TEST MAIL");
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.6 AT+CSMTPSBODY ----

#[test]
fn csmtpsbody_write_with_prompt() {
    let body = "THIS IS A TEST MAIL FROM SIMCOM MODULE";
    let cmd = CsmtpsbodyWrite::new(body.len() as u16).unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSBODY=38\r");
    assert_eq!(cmd.data_phase(), Some(DataPhase::PromptExact(38)));
}

#[test]
fn csmtpsbody_read() {
    assert_eq!(wire(&CsmtpsbodyRead), "AT+CSMTPSBODY?\r");
    let header = "+CSMTPSBODY: 38";
    assert_eq!(CsmtpsbodyRead.claim(header), Claim::MineWithPayload(38));
    let resp = CsmtpsbodyRead
        .parse_response(&with_payload(
            header,
            "THIS IS A TEST MAIL FROM SIMCOM MODULE",
        ))
        .unwrap();
    assert_eq!(resp.data, b"THIS IS A TEST MAIL FROM SIMCOM MODULE");
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.7 AT+CSMTPSBCH ----

#[test]
fn csmtpsbch_test() {
    assert_eq!(wire(&CsmtpsbchTest), "AT+CSMTPSBCH=?\r");
    assert_eq!(CsmtpsbchTest.parse_response(&[]).unwrap(), ());
}

#[test]
fn csmtpsbch_write() {
    let cmd = CsmtpsbchWrite::new("gb2312").unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSBCH=\"gb2312\"\r");
}

#[test]
fn csmtpsbch_read() {
    assert_eq!(wire(&CsmtpsbchRead), "AT+CSMTPSBCH?\r");
    let resp = parse(&CsmtpsbchRead, &["+CSMTPSBCH: \"gb2312\""]);
    insta::assert_debug_snapshot!(resp);
}

// ---- 1.2.8 AT+CSMTPSFILE ----

#[test]
fn csmtpsfile_write_ascii_name() {
    let cmd = CsmtpsfileWrite::new(1, Some("E:/file1.txt")).unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSFILE=1,\"E:/file1.txt\"\r");
}

#[test]
fn csmtpsfile_write_non_ascii_name() {
    let cmd = CsmtpsfileWrite::new(1, Some("测试附件.jpg")).unwrap();
    assert_eq!(
        wire(&cmd),
        "AT+CSMTPSFILE=1,{non-ascii}\"E6B58BE8AF95E99984E4BBB62E6A7067\"\r"
    );
}

#[test]
fn csmtpsfile_read_one() {
    // erratum: the example leaves <filesize> off.
    assert_eq!(wire(&CsmtpsfileRead), "AT+CSMTPSFILE?\r");
    let resp = parse(&CsmtpsfileRead, &["+CSMTPSFILE: 1,\"E:/file1.txt\""]);
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpsfile_write_second() {
    // erratum: printed with stray spaces inside the quotes.
    let cmd = CsmtpsfileWrite::new(2, Some("U:/file2.txt")).unwrap();
    assert_eq!(wire(&cmd), "AT+CSMTPSFILE=2,\"U:/file2.txt\"\r");
}

#[test]
fn csmtpsfile_read_two() {
    let resp = parse(
        &CsmtpsfileRead,
        &[
            "+CSMTPSFILE: 1, \"E:/file1.txt\"",
            "+CSMTPSFILE: 2, \"U:/file2.txt\"",
        ],
    );
    insta::assert_debug_snapshot!(resp);
}

#[test]
fn csmtpsfile_read_with_size_as_the_syntax_says() {
    let resp = parse(&CsmtpsfileRead, &["+CSMTPSFILE: 1,\"E:/file1.txt\",2048"]);
    assert_eq!(resp[0].filesize, Some(2048));
}

// ---- 1.2.9 AT+CSMTPSSEND ----

#[test]
fn csmtpssend_exec_completes_with_urc() {
    let cmd = CsmtpssendExec;
    assert_eq!(wire(&cmd), "AT+CSMTPSSEND\r");
    let outcome = completes(&cmd, &["+CSMTPSSEND"], "+CSMTPSSEND: 0");
    assert_eq!(outcome.err, SmtpsResult::Success);
    insta::assert_debug_snapshot!(outcome);
}

#[test]
fn csmtpssend_urc_is_recognised() {
    let urc = parse_urc("+CSMTPSSEND: 0").expect("a URC of this dialect");
    insta::assert_debug_snapshot!(urc);
}

// ---- 1.2.10 AT+CSMTPSSTOP / 1.2.11 AT+CSMTPSCLEAN ----

#[test]
fn csmtpsstop_exec() {
    assert_eq!(wire(&CsmtpsstopExec), "AT+CSMTPSSTOP\r");
}

#[test]
fn csmtpsclean_exec() {
    assert_eq!(wire(&CsmtpscleanExec), "AT+CSMTPSCLEAN\r");
}

const EXAMPLES: &str = include_str!("../../dialects/examples/simcom_smtps.txt");

/// One request per distinct command line of the examples file.
fn catalogue() -> Vec<Box<dyn Replay<Dialect>>> {
    let ok = "valid by the manual";
    vec![
        Box::new(CsmtpssrvWrite::new("smtp.server.com", 425, None).expect(ok)),
        Box::new(CsmtpssrvRead),
        Box::new(CsmtpssrvExec),
        Box::new(CsmtpsauthRead),
        Box::new(CsmtpsauthWrite::new(AuthFlag::Login, Some(("username", "password"))).expect(ok)),
        Box::new(CsmtpsauthExec),
        Box::new(CsmtpsfromWrite::new("senderaddress@server.com", Some("sendername")).expect(ok)),
        Box::new(CsmtpsfromRead),
        Box::new(CsmtpsfromExec),
        Box::new(
            CsmtpsrcptWrite::new(
                RcptKind::To,
                Some((0, Some(("rcptaddress_to@server.com", Some("rcptname_to"))))),
            )
            .expect(ok),
        ),
        Box::new(CsmtpsrcptRead),
        Box::new(
            CsmtpsrcptWrite::new(
                RcptKind::Cc,
                Some((0, Some(("rcptaddress_cc@server.com", Some("rcptname_cc"))))),
            )
            .expect(ok),
        ),
        Box::new(CsmtpssubRead),
        Box::new(CsmtpssubWrite::new(19, Some("utf-8")).expect(ok)),
        Box::new(CsmtpsbodyWrite::new(38).expect(ok)),
        Box::new(CsmtpsbodyRead),
        Box::new(CsmtpsbchTest),
        Box::new(CsmtpsbchWrite::new("gb2312").expect(ok)),
        Box::new(CsmtpsbchRead),
        Box::new(CsmtpsfileWrite::new(1, Some("E:/file1.txt")).expect(ok)),
        Box::new(CsmtpsfileWrite::new(1, Some("测试附件.jpg")).expect(ok)),
        Box::new(CsmtpsfileRead),
        Box::new(CsmtpsfileWrite::new(2, Some("U:/file2.txt")).expect(ok)),
        Box::new(CsmtpssendExec),
        Box::new(CsmtpsstopExec),
        Box::new(CsmtpscleanExec),
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
    let auth = parse(&CsmtpsauthTest, &["+CSMTPSAUTH: (0,1)"]);
    let rcpt = parse(&CsmtpsrcptTest, &["+CSMTPSRCPT: (0-2),(0-4)"]);
    let file = parse(&CsmtpsfileTest, &["+CSMTPSFILE: (1-10)"]);
    assert_eq!(wire(&CsmtpsauthTest), "AT+CSMTPSAUTH=?\r");
    assert_eq!(CsmtpssrvTest.parse_response(&[]).unwrap(), ());
    insta::assert_debug_snapshot!((auth, rcpt, file));
}
