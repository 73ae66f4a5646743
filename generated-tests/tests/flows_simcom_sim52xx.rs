//! Every example session of manual 001 (SIMCom SIM52xx e-mail application
//! note), as listed in `dialects/examples/simcom_sim52xx.txt`, replayed
//! whole through `Modem` over a real pseudo-terminal pair
//! (`generated_tests::flows`). Section 2 prints command lines without an
//! answer: those flows end in the timeout of an unanswered command.

use atspec_dialects::simcom_sim52xx::*;
use generated_tests::flows::Catalogue;

const EXAMPLES: &str = include_str!("../../dialects/examples/simcom_sim52xx.txt");

fn rcpt(kind: RcptKind, index: u8, addr: &str, name: Option<&str>) -> SmtprcptWrite {
    SmtprcptWrite::new(kind, Some((index, Some((addr, name))))).expect("valid by the manual")
}

/// One request per distinct command line of the examples file.
fn catalogue() -> Catalogue<Dialect> {
    let ok = "valid by the manual";
    vec![
        // section 2
        Box::new(SmtpsrvWrite::new("smtp.server.com", 25).expect(ok)),
        Box::new(SmtpauthWrite::new(AuthFlag::NoAuth, None).expect(ok)),
        Box::new(SmtpauthWrite::new(AuthFlag::Login, Some(("un", "pwd"))).expect(ok)),
        Box::new(SmtpfromWrite::new("mike@server.com", Some("mike")).expect(ok)),
        Box::new(SmtpfromWrite::new("mike@server.com", None).expect(ok)),
        Box::new(rcpt(RcptKind::To, 0, "toaddr@server.com", Some("toname"))),
        Box::new(rcpt(RcptKind::To, 1, "toaddr@server.com", None)),
        Box::new(SmtprcptWrite::new(RcptKind::To, Some((0, None))).expect(ok)),
        Box::new(SmtprcptWrite::new(RcptKind::To, None).expect(ok)),
        Box::new(rcpt(RcptKind::Cc, 0, "ccaddr@server.com", Some("ccname"))),
        Box::new(rcpt(
            RcptKind::Bcc,
            0,
            "bccaddr@server.com",
            Some("bcchname"),
        )),
        Box::new(SmtpsubWrite::new("First email").expect(ok)),
        Box::new(SmtpbodyWrite::new("This is the first email!").expect(ok)),
        Box::new(SmtpfileWrite::new(1, Some("file1")).expect(ok)),
        Box::new(SmtpfileWrite::new(2, Some("file2")).expect(ok)),
        Box::new(SmtpfileWrite::new(1, None).expect(ok)),
        Box::new(SmtpfileExec),
        Box::new(Pop3srvWrite::new("pop3.server.com", "un", "pwd", 110).expect(ok)),
        // 3.1 - 3.3
        Box::new(SmtpauthWrite::new(AuthFlag::Login, Some(("UserName", "password"))).expect(ok)),
        Box::new(SmtpfromWrite::new("UserName@server.com", Some("PresentName")).expect(ok)),
        Box::new(rcpt(RcptKind::To, 0, "ToAddr@server.com", Some("ToName"))),
        Box::new(rcpt(RcptKind::Cc, 0, "CcAddr@server.com", Some("CcName"))),
        Box::new(SmtpsubWrite::new("First Email").expect(ok)),
        Box::new(SmtpbodyWrite::new("This is the first Email!").expect(ok)),
        Box::new(SmtpfileWrite::new(1, Some("20100202_100006.jpg")).expect(ok)),
        Box::new(SmtpfileWrite::new(2, Some("20100202_100016.jpg")).expect(ok)),
        Box::new(SmtpsendExec),
        Box::new(SmtpstopExec),
        // 4.1 - 4.7
        Box::new(Pop3inExec),
        Box::new(Pop3numExec),
        Box::new(Pop3outExec),
        Box::new(Pop3listWrite::new(1).expect(ok)),
        Box::new(Pop3listWrite::new(2).expect(ok)),
        Box::new(Pop3hdrWrite::new(1).expect(ok)),
        Box::new(Pop3hdrWrite::new(2).expect(ok)),
        Box::new(Pop3getWrite::new(1).expect(ok)),
        Box::new(Pop3readExec),
        Box::new(Pop3delWrite::new(1).expect(ok)),
        Box::new(Pop3stopExec),
        Box::new(Pop3readWrite::new(Storage::Local, "100202110457/EMAIL000.TXT").expect(ok)),
    ]
}

generated_tests::flow_tests!(Dialect, EXAMPLES, catalogue, {
    s2_smtpsrv => "2 AT+SMTPSRV (command only)",
    s2_smtpauth => "2 AT+SMTPAUTH (commands only)",
    s2_smtpfrom => "2 AT+SMTPFROM (commands only)",
    s2_smtprcpt => "2 AT+SMTPRCPT (commands only)",
    s2_smtpsub => "2 AT+SMTPSUB (command only)",
    s2_smtpbody => "2 AT+SMTPBODY (command only)",
    s2_smtpfile => "2 AT+SMTPFILE (commands only)",
    s2_pop3srv => "2 AT+POP3SRV (command only)",
    s3_1_smtp_parameter_configuration => "3.1 SMTP parameter configuration",
    s3_2_write_and_send_email => "3.2 Write/send e-mail",
    s3_3_abort_email_application => "3.3 Abort e-mail application",
    s4_1_pop3_parameter_configuration => "4.1 POP3 parameter configuration",
    s4_2_inquire_new_email => "4.2 Inquire new e-mail",
    s4_3_peek_at_new_email => "4.3 Peek at new e-mail",
    s4_4_retrieve_email_without_delete => "4.4 Retrieve e-mail without delete",
    s4_5_retrieve_email_with_delete => "4.5 Retrieve e-mail with delete",
    s4_6_abort_pop3_application => "4.6 Abort POP3 application",
    s4_7_read_email_in_file_system => "4.7 Read e-mail in file system",
});
