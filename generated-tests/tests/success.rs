//! `completes ... success ...` in the five specs: the generated
//! `Command::outcome_succeeded` judges each completion line of the manuals
//! as the spec declares, never by the position of a code in its table.

use atspec_runtime::Command;

/// Parses `line` as the outcome of `cmd` and judges it.
fn judge<C: Command>(cmd: &C, line: &str) -> Option<bool> {
    let outcome = cmd
        .parse_outcome(line)
        .expect("a completion line of the manual");
    cmd.outcome_succeeded(&outcome)
}

#[test]
fn simcom_sim900_completions() {
    use atspec_dialects::simcom_sim900::*;
    assert_eq!(judge(&SmtpsendExec, "+SMTPSEND: 1"), Some(true));
    assert_eq!(judge(&SmtpsendExec, "+SMTPSEND: 65"), Some(false));
    assert_eq!(judge(&Pop3inExec, "+POP3IN: 1"), Some(true));
    assert_eq!(judge(&Pop3inExec, "+POP3IN: 68"), Some(false));
    assert_eq!(judge(&Pop3numExec, "+POP3NUM: 1,2,3000"), Some(true));
    assert_eq!(judge(&Pop3numExec, "+POP3NUM: 0"), Some(false));
    assert_eq!(judge(&Pop3numExec, "+POP3OUT: 61"), Some(false));
    assert_eq!(judge(&Pop3outExec, "+POP3OUT: 1"), Some(true));
    assert_eq!(judge(&Pop3outExec, "+POP3OUT: 64"), Some(false));
}

#[test]
fn simcom_sim52xx_completions() {
    use atspec_dialects::simcom_sim52xx::*;
    assert_eq!(judge(&SmtpsendExec, "+SMTP: SUCCESS"), Some(true));
    assert_eq!(judge(&SmtpsendExec, "+SMTP: NETWORK ERROR"), Some(false));
    assert_eq!(judge(&SmtpsendExec, "+SMTP: BAD RCPT a@b.c"), Some(false));
    let get = Pop3getWrite::new(1).expect("valid");
    assert_eq!(judge(&get, "+POP3: SUCCESS"), Some(true));
    assert_eq!(judge(&get, "+POP3: SERVER ERROR"), Some(false));
}

#[test]
fn quectel_completions() {
    use atspec_dialects::{quectel_gsm as gsm, quectel_uc15 as uc15};
    let put = gsm::QsmtpputWrite::new(300).expect("valid");
    assert_eq!(judge(&put, "+QSMTPPUT:0"), Some(true));
    assert_eq!(judge(&put, "+QSMTPPUT: -5"), Some(false));
    let put = uc15::QsmtpputWrite::new(300).expect("valid");
    assert_eq!(judge(&put, "+QSMTPPUT: 0,250"), Some(true));
    assert_eq!(judge(&put, "+QSMTPPUT: 652,0"), Some(false));
}

#[test]
fn simcom_smtps_completion() {
    use atspec_dialects::simcom_smtps::*;
    assert_eq!(judge(&CsmtpssendExec, "+CSMTPSSEND: 0"), Some(true));
    assert_eq!(judge(&CsmtpssendExec, "+CSMTPSSEND: 604"), Some(false));
}

/// A form without a completion makes no claim.
#[test]
fn no_completion_no_claim() {
    use atspec_dialects::simcom_sim900::*;
    assert_eq!(Pop3outTest.outcome_succeeded(&()), None);
}
