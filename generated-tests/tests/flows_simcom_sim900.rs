//! Every example session of manual 002 (SIMCom SIM900 e-mail, chapter 3), as
//! listed in `dialects/examples/simcom_sim900.txt`, replayed whole through
//! `Modem` over a real pseudo-terminal pair (`generated_tests::flows`).
//! `AT+SMTPSEND` followed by `AT+SMTPFT` chunks is one `send_chunked` call;
//! AT+SAPBR of the general manual is sent as printed.

use atspec_dialects::simcom_sim900::*;
use atspec_runtime::Error;
use generated_tests::flows::host::chunked;
use generated_tests::flows::Catalogue;

const EXAMPLES: &str = include_str!("../../dialects/examples/simcom_sim900.txt");

fn rcpt(kind: RcptType) -> SmtprcptWrite {
    SmtprcptWrite::new(kind, Some((0, Some(("john@sim.com", Some("john"))))))
        .expect("valid by the manual")
}

/// The chunk command for a window of `n` bytes (a window beyond the
/// command's `u16` field is refused, not cut).
fn chunk(n: usize) -> Result<SmtpftWrite, Error> {
    let len = u16::try_from(n).map_err(|_| Error::Protocol {
        command: "SMTPFT",
        detail: format!("a window of {n} bytes does not fit the length field"),
    })?;
    Ok(SmtpftWrite::new(len)?)
}

/// One request per distinct command line of the examples file (the chunk
/// commands `AT+SMTPFT=<n>` come from the `AT+SMTPSEND` entry).
fn catalogue() -> Catalogue<Dialect> {
    let ok = "valid by the manual";
    let file = Some(("test.txt", EncodeType::SevenBit));
    vec![
        Box::new(EmailcidWrite::new(1).expect(ok)),
        Box::new(EmailtoWrite::new(30).expect(ok)),
        Box::new(EmailsslWrite::new(SslMode::On).expect(ok)),
        Box::new(SmtpsrvWrite::new("mail.sim.com", Some(25)).expect(ok)),
        Box::new(SmtpsrvWrite::new("smtp.google.com", Some(465)).expect(ok)),
        Box::new(SmtpauthWrite::new(AuthType::Login, Some(("john", "123456"))).expect(ok)),
        Box::new(SmtpauthWrite::new(AuthType::Login, Some(("mike", "123456"))).expect(ok)),
        Box::new(SmtpfromWrite::new("john@sim.com", Some("john")).expect(ok)),
        Box::new(SmtpfromWrite::new("mike@google.com", Some("mike")).expect(ok)),
        Box::new(rcpt(RcptType::To)),
        Box::new(rcpt(RcptType::Cc)),
        Box::new(rcpt(RcptType::Bcc)),
        Box::new(SmtpcsWrite::new("UTF-8").expect(ok)),
        Box::new(SmtpsubWrite::new("Test").expect(ok)),
        Box::new(SmtpsubWrite::new("54455354").expect(ok)),
        Box::new(SmtpbodyExec),
        Box::new(SmtpfileWrite::new(FileType::Text, file).expect(ok)),
        Box::new(chunked(SmtpsendExec, chunk)),
        Box::new(Pop3srvWrite::new("mail.sim.com", "john", "123456", Some(110)).expect(ok)),
        Box::new(Pop3srvWrite::new("pop.google.com", "mike", "123456", Some(995)).expect(ok)),
        Box::new(Pop3inExec),
        Box::new(Pop3numExec),
        Box::new(Pop3listWrite::new(1).expect(ok)),
        Box::new(Pop3cmdWrite::new(Pop3CmdType::Retr, Some((1, None))).expect(ok)),
        Box::new(Pop3readWrite::new(1460).expect(ok)),
        Box::new(Pop3delWrite::new(1).expect(ok)),
        Box::new(Pop3uidlWrite::new(1).expect(ok)),
        Box::new(Pop3outExec),
    ]
}

generated_tests::flow_tests!(Dialect, EXAMPLES, catalogue, {
    s3_1_bearer_profile => "3.1 Bearer profile",
    s3_2_send_an_email => "3.2 Send an Email",
    s3_3_send_an_email_with_an_attachment => "3.3 Send an Email with an attachment",
    s3_4_send_a_utf8_email => "3.4 Send a UTF-8 Email",
    s3_5_retrieve_the_email => "3.5 Retrieve the Email",
    s3_6_delete_the_email => "3.6 Delete the Email",
    s3_7_get_the_emails_size_and_unique_id => "3.7 Get the Email's size and unique-id",
    s3_8_send_with_an_attachment_using_smtps => "3.8 Send an Email with an attachment using SMTPS",
    s3_9_retrieve_the_email_using_pop3s => "3.9 Retrieve the Email using POP3S",
});
