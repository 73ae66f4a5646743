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
    #[ignore = "open finding (issue 8): the runtime treats the declared body length as exact; the manual lets the host end early with +++ or the input time"]
    s2_4_qsmtpbody => "2.4 AT+QSMTPBODY",
    s2_5_qsmtpatt => "2.5 AT+QSMTPATT",
    s2_6_qsmtpclr => "2.6 AT+QSMTPCLR",
    s2_7_qsmtpput => "2.7 AT+QSMTPPUT",
    s3_1_send_without_ssl => "3.1 Send e-mail without SSL",
    s3_2_send_by_ssl => "3.2 Send e-mail by SSL",
    s3_3_send_by_starttls => "3.3 Send e-mail by STARTTLS",
});
