//! A dialect expands into usable, validated request types.

// Only part of the dialect is used here.
#[allow(dead_code)]
mod mail {
    atspec_macros::dialect!("../../../specs/mail.atspec");
}

use atspec_runtime::Command;

fn main() {
    let rcpt = mail::SmtprcptWrite::new(mail::RcptType::To, Some((0, Some(("john@sim.com", Some("john")))))).unwrap();
    let mut out = Vec::new();
    rcpt.encode(&mut out);
    assert_eq!(out, b"AT+SMTPRCPT=0,0,\"john@sim.com\",\"john\"\r");
    let _: Option<mail::Urc> = mail::parse_urc("+SMTPSEND: 1");
}
