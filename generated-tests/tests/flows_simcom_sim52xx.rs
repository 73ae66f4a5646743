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

/// Beyond the printed sessions: the aborts of 3.3 / 4.6 with the typed
/// dialect, where the module does send a late status after the stop.
mod aborts {
    use super::*;
    use atspec_runtime::{Error, Urc};
    use generated_tests::flows::pty::{pty_modem_with, spawn_script, ReadMode};
    use std::time::Duration;

    /// 3.3, then a `+SMTP:` status after `AT+SMTPSTOP`: the abandoned
    /// completion reaches the URC stream typed, and the next command is in
    /// sync.
    #[test]
    fn late_smtp_status_after_the_stop_is_a_typed_urc() {
        for mode in [ReadMode::Direct, ReadMode::Threaded] {
            let (mut modem, urcs, end) = pty_modem_with::<Dialect>(mode);
            let script = spawn_script(end, |end| {
                end.expect_command("AT+SMTPSEND");
                end.send(b"\r\n+SMTP: OK\r\n\r\nOK\r\n");
                end.expect_command("AT+SMTPSTOP");
                end.send(b"\r\nOK\r\n\r\n+SMTP: NETWORK ERROR\r\n");
                end.expect_command("AT+SMTPSUB=\"First Email\"");
                end.send(b"\r\nOK\r\n");
            });
            let send = SmtpsendExec;
            let pending = modem.start(&send).expect("OK came");
            assert_eq!(
                format!("{:?}", pending.response()),
                "Some(SmtpsendExecResponse { status: SessionOpen })"
            );
            modem.send(&SmtpstopExec).expect("the stop is allowed");
            drop(pending);
            let late = urcs.recv_timeout(Duration::from_secs(10));
            assert_eq!(
                late,
                Some(Urc::Typed(super::Urc::Smtp(Smtp::Status {
                    status: SmtpStatus::NetworkError
                }))),
                "{mode:?}"
            );
            let sub = SmtpsubWrite::new("First Email").expect("valid");
            modem.send(&sub).expect("in sync");
            script.join().expect("script");
        }
    }

    /// 4.6: while AT+POP3GET's `+POP3:` completion is due, AT+POP3DEL
    /// (which answers `+POP3:` too) is refused before a byte is sent;
    /// AT+POP3STOP is not.
    #[test]
    fn a_command_answering_with_the_pending_prefix_is_refused() {
        let (mut modem, _urcs, end) = pty_modem_with::<Dialect>(ReadMode::Direct);
        let script = spawn_script(end, |end| {
            end.expect_command("AT+POP3GET=1");
            end.send(b"\r\nOK\r\n");
            end.expect_command("AT+POP3STOP");
            end.send(b"\r\nOK\r\n");
        });
        let get = Pop3getWrite::new(1).expect("valid");
        let pending = modem.start(&get).expect("OK came");
        let del = Pop3delWrite::new(1).expect("valid");
        match modem.send(&del) {
            Err(Error::Protocol { command, detail }) => {
                assert_eq!(command, "POP3DEL");
                assert!(
                    detail.contains("POP3GET") && detail.contains("+POP3"),
                    "{detail}"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        modem.send(&Pop3stopExec).expect("the stop is allowed");
        pending.abandon();
        script.join().expect("script");
    }
}
