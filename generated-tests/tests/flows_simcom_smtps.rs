//! Every example session of manual 000 (SIMCom SMTPS, `AT+CSMTPS*`), as
//! listed in `dialects/examples/simcom_smtps.txt`, replayed whole through
//! `Modem` over a real pseudo-terminal pair (`generated_tests::flows`).

use atspec_dialects::simcom_smtps::*;
use generated_tests::flows::Catalogue;

const EXAMPLES: &str = include_str!("../../dialects/examples/simcom_smtps.txt");

/// One request per distinct command line of the examples file.
fn catalogue() -> Catalogue<Dialect> {
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

generated_tests::flow_tests!(Dialect, EXAMPLES, catalogue, {
    s1_2_1_csmtpssrv => "1.2.1 AT+CSMTPSSRV",
    s1_2_2_csmtpsauth => "1.2.2 AT+CSMTPSAUTH",
    s1_2_3_csmtpsfrom => "1.2.3 AT+CSMTPSFROM",
    s1_2_4_csmtpsrcpt => "1.2.4 AT+CSMTPSRCPT",
    s1_2_5_csmtpssub => "1.2.5 AT+CSMTPSSUB",
    s1_2_6_csmtpsbody => "1.2.6 AT+CSMTPSBODY",
    s1_2_7_csmtpsbch => "1.2.7 AT+CSMTPSBCH",
    s1_2_8_csmtpsfile => "1.2.8 AT+CSMTPSFILE",
    s1_2_9_csmtpssend => "1.2.9 AT+CSMTPSSEND",
    s1_2_10_csmtpsstop => "1.2.10 AT+CSMTPSSTOP",
    s1_2_11_csmtpsclean => "1.2.11 AT+CSMTPSCLEAN",
});
