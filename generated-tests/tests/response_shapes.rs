//! Responses the runtime's `ResponseShape` reads for generated forms: a
//! line the request decides (`response optional … when absent(p)`), and
//! several clauses as a tuple. Through the generated quectel_uc15 types.

use atspec_dialects::quectel_uc15::*;
use atspec_runtime::{Claim, Command, ResponseLine};

fn lines(text: &[&str]) -> Vec<ResponseLine> {
    text.iter()
        .map(|l| ResponseLine::Line(l.to_string()))
        .collect()
}

const SERVER: &str = "+QSMTPCFG: \"smtpserver\",\"smtp.aol.com\",25";

#[test]
fn a_key_alone_must_be_answered_by_its_line() {
    let query = QsmtpcfgSmtpserverWrite::new(None).unwrap();
    let read = query.parse_response(&lines(&[SERVER])).unwrap();
    let read = read.expect("the setting is read back");
    assert_eq!((read.srvaddr.as_str(), read.srvport), ("smtp.aol.com", 25));
    let missing = query.parse_response(&[]).unwrap_err();
    assert!(missing.to_string().contains("+QSMTPCFG"), "{missing}");
}

#[test]
fn a_set_value_must_not_be_answered_by_a_line() {
    let set = QsmtpcfgSmtpserverWrite::new(Some(("smtp.aol.com", 25))).unwrap();
    assert_eq!(set.parse_response(&[]).unwrap(), None);
    assert!(set.parse_response(&lines(&[SERVER])).is_err());
    // The line is still this command's (never a URC), so it is not lost.
    assert_eq!(set.claim(SERVER), Claim::Mine);
}

const TEST_LINES: [&str; 6] = [
    "+QSMTPCFG: \"account\",<username>,<password>",
    "+QSMTPCFG: \"sender\",<sender_name>,<sender_email>",
    "+QSMTPCFG: \"smtpserver\",<srvaddr>,<srvport>",
    "+QSMTPCFG: \"contextid\",(1-16)",
    "+QSMTPCFG: \"sslctxid\",(0-5)",
    "+QSMTPCFG: \"ssltype\",(0-2)",
];

#[test]
fn several_clauses_read_in_order_into_a_tuple() {
    let (account, _, _, contextid, _, ssltype) =
        QsmtpcfgTest.parse_response(&lines(&TEST_LINES)).unwrap();
    assert_eq!(account.detail, "<username>,<password>");
    assert_eq!(contextid.ids, "(1-16)");
    assert_eq!(ssltype.types, "(0-2)");
    let mut swapped = TEST_LINES;
    swapped.swap(0, 1);
    assert!(QsmtpcfgTest.parse_response(&lines(&swapped)).is_err());
    let mut extra = TEST_LINES.to_vec();
    extra.push(TEST_LINES[5]);
    assert!(QsmtpcfgTest.parse_response(&lines(&extra)).is_err());
    assert!(QsmtpcfgTest
        .parse_response(&lines(&TEST_LINES[..5]))
        .is_err());
}

#[test]
fn several_clauses_claim_their_lines_and_mark_unknown_settings() {
    for line in TEST_LINES {
        assert_eq!(QsmtpcfgTest.claim(line), Claim::Mine, "{line}");
    }
    // A setting a newer firmware lists: the command's prefix, none of its shapes.
    let newer = "+QSMTPCFG: \"dnsserver\",<addr>";
    assert_eq!(QsmtpcfgTest.claim(newer), Claim::Unrecognised);
    assert_eq!(QsmtpcfgTest.claim("+QSMTPPUT: 0,0"), Claim::NotMine);
}
