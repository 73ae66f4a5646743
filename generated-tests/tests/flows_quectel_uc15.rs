//! Every example session of manual 003 (Quectel UC15 SMTP), as listed in
//! `dialects/examples/quectel_uc15.txt`, replayed whole through `Modem` over
//! a real pseudo-terminal pair (`generated_tests::flows`). Commands of other
//! UC15 manuals (QICSGP, QIACT, QFUPL, QFLST, QFDEL, QIDEACT, QSSLCFG) are
//! sent as printed.

use atspec_dialects::quectel_uc15::*;
use generated_tests::flows::Catalogue;

const EXAMPLES: &str = include_str!("../../dialects/examples/quectel_uc15.txt");

fn dst(kind: RcptType, addr: &str) -> QsmtpdstWrite {
    QsmtpdstWrite::new(DstMode::Add, Some((kind, Some(addr)))).expect("valid by the manual")
}

fn att(index: u8, name: &str) -> QsmtpattWrite {
    QsmtpattWrite::new(AttMode::Add, Some((index, name))).expect("valid by the manual")
}

/// One request per distinct command line of the examples file.
fn catalogue() -> Catalogue<Dialect> {
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

generated_tests::flow_tests!(Dialect, EXAMPLES, catalogue, {
    s2_2_qsmtpdst => "2.2 AT+QSMTPDST",
    s2_3_qsmtpsub => "2.3 AT+QSMTPSUB",
    s2_4_qsmtpbody => "2.4 AT+QSMTPBODY",
    s2_5_qsmtpatt => "2.5 AT+QSMTPATT",
    s2_6_qsmtpclr => "2.6 AT+QSMTPCLR",
    s2_7_qsmtpput => "2.7 AT+QSMTPPUT",
    s3_1_send_without_ssl => "3.1 Send e-mail without SSL",
    s3_2_send_by_ssl => "3.2 Send e-mail by SSL",
    s3_3_send_by_starttls => "3.3 Send e-mail by STARTTLS",
});

// ---- 2.4: an at-most body length, through Modem over a pty ----

mod body_at_most {
    use atspec_dialects::quectel_uc15::*;
    use atspec_runtime::{Command, DataCount, Error};
    use generated_tests::flows::pty::{pty_modem, spawn_script};

    fn body(length: u16) -> QsmtpbodyWrite {
        QsmtpbodyWrite::new(Charset::Ascii, length, Some(120)).expect("valid by the manual")
    }

    #[test]
    fn the_declared_length_is_a_bound() {
        assert!(body(100).data_length_at_most());
        let result = QsmtpbodyWriteDataResult { input_length: 90 };
        assert_eq!(body(100).data_taken(&result), Some(90));
    }

    #[test]
    fn a_count_the_module_reports_differently_is_visible() {
        let (mut modem, _urcs, end) = pty_modem::<Dialect>();
        let script = spawn_script(end, |end| {
            end.expect_command("AT+QSMTPBODY=0,100,120");
            end.send(b"\r\nCONNECT\r\n");
            assert_eq!(end.read_exact(90), vec![b'b'; 90]);
            assert_eq!(end.read_exact(3), b"+++");
            // The module says it took 80 of the 90 bytes.
            end.send(b"\r\n+QSMTPBODY: 80\r\n\r\nOK\r\n");
        });
        let reply = modem
            .send_data(&body(100), &vec![b'b'; 90][..])
            .expect("body accepted");
        let count = reply.data_count.expect("a data phase ran");
        assert_eq!(
            count,
            DataCount {
                sent: 90,
                taken: Some(80),
                ended_early: true
            }
        );
        assert_eq!(count.short_by(), Some(10));
        script.join().expect("script");
    }

    #[test]
    fn the_full_length_ends_by_itself_and_counts_agree() {
        let (mut modem, _urcs, end) = pty_modem::<Dialect>();
        let script = spawn_script(end, |end| {
            end.expect_command("AT+QSMTPBODY=0,5,120");
            end.send(b"\r\nCONNECT\r\n");
            assert_eq!(end.read_exact(5), b"hello");
            end.send(b"\r\n+QSMTPBODY: 5\r\n\r\nOK\r\n");
        });
        let reply = modem
            .send_data(&body(5), &b"hello"[..])
            .expect("body accepted");
        let count = reply.data_count.expect("a data phase ran");
        assert_eq!(
            (count.sent, count.taken, count.ended_early),
            (5, Some(5), false)
        );
        assert_eq!(count.short_by(), None);
        script.join().expect("script");
    }

    #[test]
    fn more_than_the_declared_length_never_reaches_the_wire() {
        let (mut modem, _urcs, end) = pty_modem::<Dialect>();
        let script = spawn_script(end, |end| {
            // The first line the module sees is the next command.
            end.expect_command("AT+QSMTPBODY=0,5,120");
            end.send(b"\r\nCONNECT\r\n");
            assert_eq!(end.read_exact(5), b"hello");
            end.send(b"\r\n+QSMTPBODY: 5\r\n\r\nOK\r\n");
        });
        let err = modem
            .send_data(&body(5), &b"hello!"[..])
            .expect_err("one byte too many");
        assert!(
            matches!(&err, Error::Payload { detail, .. } if detail.contains("more than 5 bytes")),
            "{err}"
        );
        modem
            .send_data(&body(5), &b"hello"[..])
            .expect("the exact body goes through");
        script.join().expect("script");
    }
}
