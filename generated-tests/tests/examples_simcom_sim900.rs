//! Every example exchange of manual 002 (SIMCom SIM900 e-mail, chapter 3), as
//! recorded in `dialects/examples/simcom_sim900.txt`.
//!
//! Each test lists, in order, the typed request for every command line of one
//! example and the exact line the manual prints for it (errata corrected). The
//! harness then replays the module's side from the examples file: the request
//! must encode to that line, claim its information lines, enter the right data
//! phase, parse its response and completion, and leave every other line to the
//! URC parser. The transcript of parsed values is snapshotted with insta.

use atspec_dialects::simcom_sim900::*;
use atspec_runtime::{Claim, Command, DataPhase, ResponseLine};
use generated_tests::sections::{assert_sections_listed, at, foreign, replay_section, Step};
use generated_tests::wire::parse;

const EXAMPLES: &str = include_str!("../../dialects/examples/simcom_sim900.txt");

/// Sections of the examples file; each has exactly one test below.
const SECTIONS: &[&str] = &[
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9",
];

/// Replays section `id` of the examples file against `steps`.
fn replay(id: &str, steps: &[Step<Dialect>]) -> String {
    replay_section(EXAMPLES, SECTIONS, id, steps)
}

#[test]
fn every_section_of_the_examples_file_has_a_test() {
    assert_sections_listed(EXAMPLES, SECTIONS);
}

// ---------------------------------------------------------------- shared steps

fn set_bearer_and_timeout() -> Vec<Step<Dialect>> {
    vec![
        at(EmailcidWrite::new(1).unwrap(), "AT+EMAILCID=1"),
        at(EmailtoWrite::new(30).unwrap(), "AT+EMAILTO=30"),
    ]
}

/// Server, login, sender, the three recipients of john@sim.com, subject "Test" and body.
fn john_mail_without_body() -> Vec<Step<Dialect>> {
    vec![
        at(
            SmtpsrvWrite::new("mail.sim.com", Some(25)).unwrap(),
            "AT+SMTPSRV=\"mail.sim.com\",25",
        ),
        at(
            SmtpauthWrite::new(AuthType::Login, Some(("john", "123456"))).unwrap(),
            "AT+SMTPAUTH=1,\"john\",\"123456\"",
        ),
        at(
            SmtpfromWrite::new("john@sim.com", Some("john")).unwrap(),
            "AT+SMTPFROM=\"john@sim.com\",\"john\"",
        ),
    ]
}

fn john_recipients() -> Vec<Step<Dialect>> {
    vec![
        at(
            SmtprcptWrite::new(
                RcptType::To,
                Some((0, Some(("john@sim.com", Some("john"))))),
            )
            .unwrap(),
            "AT+SMTPRCPT=0,0,\"john@sim.com\",\"john\"",
        ),
        at(
            SmtprcptWrite::new(
                RcptType::Cc,
                Some((0, Some(("john@sim.com", Some("john"))))),
            )
            .unwrap(),
            "AT+SMTPRCPT=1,0,\"john@sim.com\",\"john\"",
        ),
        at(
            SmtprcptWrite::new(
                RcptType::Bcc,
                Some((0, Some(("john@sim.com", Some("john"))))),
            )
            .unwrap(),
            "AT+SMTPRCPT=2,0,\"john@sim.com\",\"john\"",
        ),
    ]
}

fn subject_and_body() -> Vec<Step<Dialect>> {
    vec![
        at(SmtpsubWrite::new("Test").unwrap(), "AT+SMTPSUB=\"Test\""),
        at(SmtpbodyExec, "AT+SMTPBODY"),
    ]
}

/// Attachment test.txt, send, one 100-byte chunk, end of attachment.
fn attach_and_send() -> Vec<Step<Dialect>> {
    vec![
        at(
            SmtpfileWrite::new(FileType::Text, Some(("test.txt", EncodeType::SevenBit))).unwrap(),
            "AT+SMTPFILE=1,\"test.txt\",0",
        ),
        at(SmtpsendExec, "AT+SMTPSEND"),
        at(SmtpftWrite::new(100).unwrap(), "AT+SMTPFT=100"),
        at(SmtpftWrite::new(0).unwrap(), "AT+SMTPFT=0"),
    ]
}

fn pop3_login(server: &str, user: &str, port: u16, line: &'static str) -> Vec<Step<Dialect>> {
    vec![
        at(
            Pop3srvWrite::new(server, user, "123456", Some(port)).unwrap(),
            line,
        ),
        at(Pop3inExec, "AT+POP3IN"),
        at(Pop3numExec, "AT+POP3NUM"),
    ]
}

/// Bearer, timeout and POP3 login of john@mail.sim.com (sections 3.5 to 3.7).
fn john_pop3_session() -> Vec<Step<Dialect>> {
    let mut steps = set_bearer_and_timeout();
    steps.extend(pop3_login(
        "mail.sim.com",
        "john",
        110,
        "AT+POP3SRV=\"mail.sim.com\",\"john\",\"123456\",110",
    ));
    steps
}

fn retrieve_first_mail() -> Vec<Step<Dialect>> {
    vec![
        at(Pop3listWrite::new(1).unwrap(), "AT+POP3LIST=1"),
        at(
            Pop3cmdWrite::new(Pop3CmdType::Retr, Some((1, None))).unwrap(),
            "AT+POP3CMD=4,1",
        ),
        at(Pop3readWrite::new(1460).unwrap(), "AT+POP3READ=1460"),
        at(Pop3readWrite::new(1460).unwrap(), "AT+POP3READ=1460"),
        at(Pop3readWrite::new(1460).unwrap(), "AT+POP3READ=1460"),
        at(Pop3outExec, "AT+POP3OUT"),
    ]
}

// ---------------------------------------------------------------- 3.x examples

#[test]
fn s3_1_bearer_profile() {
    let steps = vec![
        foreign("AT+SAPBR=3,1,\"Contype\",\"GPRS\""),
        foreign("AT+SAPBR=3,1,\"APN\",\"CMNET\""),
        foreign("AT+SAPBR=1,1"),
        foreign("AT+SAPBR=2,1"),
        foreign("AT+SAPBR=0,1"),
    ];
    insta::assert_snapshot!(replay("3.1", &steps));
}

#[test]
fn s3_2_send_an_email() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(john_mail_without_body());
    steps.extend(john_recipients());
    steps.extend(subject_and_body());
    steps.push(at(SmtpsendExec, "AT+SMTPSEND"));
    insta::assert_snapshot!(replay("3.2", &steps));
}

#[test]
fn s3_3_send_an_email_with_an_attachment() {
    let mut steps = set_bearer_and_timeout();
    steps.extend(john_mail_without_body());
    steps.extend(john_recipients());
    steps.extend(subject_and_body());
    steps.extend(attach_and_send());
    insta::assert_snapshot!(replay("3.3", &steps));
}

#[test]
fn s3_4_send_a_utf8_email() {
    let mut steps = set_bearer_and_timeout();
    steps.push(at(
        SmtpcsWrite::new("UTF-8").unwrap(),
        "AT+SMTPCS=\"UTF-8\"",
    ));
    steps.extend(john_mail_without_body());
    steps.extend(john_recipients());
    steps.push(at(
        SmtpsubWrite::new("54455354").unwrap(),
        "AT+SMTPSUB=\"54455354\"",
    ));
    steps.push(at(SmtpbodyExec, "AT+SMTPBODY"));
    steps.push(at(SmtpsendExec, "AT+SMTPSEND"));
    insta::assert_snapshot!(replay("3.4", &steps));
}

#[test]
fn s3_5_retrieve_the_email() {
    let mut steps = john_pop3_session();
    steps.extend(retrieve_first_mail());
    insta::assert_snapshot!(replay("3.5", &steps));
}

#[test]
fn s3_6_delete_the_email() {
    let mut steps = john_pop3_session();
    steps.push(at(Pop3delWrite::new(1).unwrap(), "AT+POP3DEL=1"));
    steps.push(at(Pop3outExec, "AT+POP3OUT"));
    insta::assert_snapshot!(replay("3.6", &steps));
}

#[test]
fn s3_7_get_the_emails_size_and_unique_id() {
    let mut steps = john_pop3_session();
    steps.push(at(Pop3listWrite::new(1).unwrap(), "AT+POP3LIST=1"));
    steps.push(at(Pop3uidlWrite::new(1).unwrap(), "AT+POP3UIDL=1"));
    steps.push(at(Pop3outExec, "AT+POP3OUT"));
    insta::assert_snapshot!(replay("3.7", &steps));
}

#[test]
fn s3_8_send_an_email_with_an_attachment_using_smtps() {
    let mut steps = vec![at(
        EmailsslWrite::new(SslMode::On).unwrap(),
        "AT+EMAILSSL=1",
    )];
    steps.extend(set_bearer_and_timeout());
    steps.push(at(
        SmtpsrvWrite::new("smtp.google.com", Some(465)).unwrap(),
        "AT+SMTPSRV=\"smtp.google.com\",465",
    ));
    steps.push(at(
        SmtpauthWrite::new(AuthType::Login, Some(("mike", "123456"))).unwrap(),
        "AT+SMTPAUTH=1,\"mike\",\"123456\"",
    ));
    steps.push(at(
        SmtpfromWrite::new("mike@google.com", Some("mike")).unwrap(),
        "AT+SMTPFROM=\"mike@google.com\",\"mike\"",
    ));
    steps.extend(john_recipients());
    steps.extend(subject_and_body());
    steps.extend(attach_and_send());
    insta::assert_snapshot!(replay("3.8", &steps));
}

#[test]
fn s3_9_retrieve_the_email_using_pop3s() {
    let mut steps = vec![at(
        EmailsslWrite::new(SslMode::On).unwrap(),
        "AT+EMAILSSL=1",
    )];
    steps.extend(set_bearer_and_timeout());
    steps.extend(pop3_login(
        "pop.google.com",
        "mike",
        995,
        "AT+POP3SRV=\"pop.google.com\",\"mike\",\"123456\",995",
    ));
    steps.extend(retrieve_first_mail());
    insta::assert_snapshot!(replay("3.9", &steps));
}

// ---------------------------------------------------------------- details the transcripts summarise

/// The counted payload of `+POP3READ:` reaches the caller byte for byte,
/// including a line that looks like a URC or a final result.
#[test]
fn pop3read_payload_is_kept_verbatim() {
    let cmd = Pop3readWrite::new(1460).unwrap();
    let payload = b"+OK 1183 octets\r\n+POP3OUT: 1\r\nOK\r\n.\r\n".to_vec();
    let header = format!("+POP3READ: 2,{}", payload.len());
    assert_eq!(cmd.claim(&header), Claim::MineWithPayload(payload.len()));
    let lines = vec![
        ResponseLine::Line(header),
        ResponseLine::Payload(payload.clone()),
    ];
    match cmd.parse_response(&lines).unwrap() {
        Pop3readWriteResponse::Last { len, data } => {
            assert_eq!(usize::from(len), payload.len());
            assert_eq!(data, payload);
        }
        other => panic!("expected the last chunk, got {other:?}"),
    }
}

/// The data phases and completions the examples rely on.
#[test]
fn data_phases_and_completions() {
    assert_eq!(SmtpbodyExec.data_phase(), Some(DataPhase::PromptCtrlZ));
    assert_eq!(
        SmtpftWrite::new(100).unwrap().data_phase(),
        Some(DataPhase::Chunked {
            ready_prefix: "+SMTPFT"
        })
    );
    let send = SmtpsendExec
        .completion()
        .expect("AT+SMTPSEND completes by URC");
    assert_eq!(send.prefixes, &["+SMTPSEND"]);
    let num = Pop3numExec
        .completion()
        .expect("AT+POP3NUM completes by URC");
    assert!(num.prefixes.contains(&"+POP3NUM") && num.prefixes.contains(&"+POP3OUT"));
    assert_eq!(
        Pop3numExec.parse_outcome("+POP3OUT: 64").unwrap(),
        Pop3Num::Closed {
            code: Pop3SessionResult::ServerTimeout
        }
    );
}

/// The attachment-chunk URC and the unread-data URC are told apart from the
/// command answers that share their prefix: the command does not claim them
/// (own prefix, none of its shapes: `Unrecognised`), and since a URC of the
/// dialect parses them the router routes them as URCs.
#[test]
fn urcs_sharing_a_prefix_with_an_answer() {
    assert_eq!(
        parse_urc("+SMTPFT: 1,1360"),
        Some(Urc::SmtpFtReady(SmtpFtReady { max_len: 1360 }))
    );
    // The chunk window is the ready URC of the command's own chunked phase:
    // never one of its answer lines (the transfer awaits it as the window).
    assert_eq!(
        SmtpftWrite::new(100).unwrap().claim("+SMTPFT: 1,1360"),
        Claim::NotMine
    );
    assert_eq!(
        parse_urc("+POP3READ: 3,2048"),
        Some(Urc::Pop3DataWaiting(Pop3DataWaiting { data_len: 2048 }))
    );
    assert_eq!(
        Pop3readWrite::new(1460).unwrap().claim("+POP3READ: 3,2048"),
        Claim::Unrecognised
    );
}

/// The test and read answers of the syntax tables (chapter 2 prints no
/// example for them), in the shapes the tables give, with the spacing
/// variants modules send. The lengths and ranges in the test answers are
/// sample values: the manual prints only their placeholders.
#[test]
fn read_and_test_answers_of_the_syntax_tables() {
    let reads = (
        parse(&EmailcidRead, &["+EMAILCID: 1"]),
        parse(&EmailtoRead, &["+EMAILTO:30"]),
        parse(&SmtpsrvRead, &["+SMTPSRV: \"mail.sim.com\", 25"]),
        parse(&SmtpauthRead, &["+SMTPAUTH: 0,\"\",\"\""]),
        parse(&SmtpfromRead, &["+SMTPFROM: \"john@sim.com\",\"john\""]),
        parse(
            &SmtprcptRead,
            &[
                "+SMTPRCPT: 0,0,\"john@sim.com\",\"john\"",
                "+SMTPRCPT: 2,1,\"boss@sim.com\",\"\"",
            ],
        ),
        SmtprcptRead.parse_response(&[]).unwrap(),
    );
    let more_reads = (
        parse(&SmtpsubRead, &["+SMTPSUB: \"Test\""]),
        parse(&SmtpfileRead, &["+SMTPFILE: 2,\"a.bmp\",1"]),
        parse(&SmtpfileRead, &["+SMTPFILE: 0"]),
        parse(&SmtpcsRead, &["+SMTPCS: \"UTF-8\""]),
        parse(
            &Pop3srvRead,
            &["+POP3SRV: \"mail.sim.com\",\"john\",\"123456\",110"],
        ),
        parse(&EmailsslRead, &["+EMAILSSL: 1"]),
    );
    let tests = (
        parse(&EmailcidTest, &["+EMAILCID: (1-3)"]),
        parse(&EmailtoTest, &["+EMAILTO: (10-120)"]),
        parse(&SmtpsrvTest, &["+SMTPSRV: 50,(1-65535)"]),
        parse(&SmtpauthTest, &["+SMTPAUTH: (0,1),50,50"]),
        parse(&SmtprcptTest, &["+SMTPRCPT: (0-2),(0-4),50,50"]),
        parse(&SmtpfileTest, &["+SMTPFILE: (0-2),50,(0,1)"]),
        parse(&Pop3srvTest, &["+POP3SRV: 50,50,50,(1-65535)"]),
        parse(&Pop3cmdTest, &["+POP3CMD: (1-4),(1-65535),(0-65535)"]),
        parse(&Pop3readTest, &["+POP3READ: (1-1460)"]),
        parse(&EmailsslTest, &["+EMAILSSL: (0,1)"]),
        SmtpsendTest.parse_response(&[]).unwrap(),
    );
    insta::assert_debug_snapshot!((reads, more_reads, tests));
}
