//! Captures with the mess of real ones decode without a panic and show
//! what they could not place.

use atspec_decode::{decode, render, Kind, ProblemKind, Report, Style};

fn dialect(name: &str) -> at_spec::ir::Dialect {
    let path = format!(
        "{}/../dialects/specs/{name}.atspec",
        env!("CARGO_MANIFEST_DIR")
    );
    at_spec::parse_file(std::path::Path::new(&path)).expect("spec parses")
}

fn kinds(r: &Report) -> Vec<ProblemKind> {
    r.exchanges
        .iter()
        .flat_map(|e| e.problems.iter().map(|p| p.kind))
        .collect()
}

fn unrecognised(r: &Report) -> Vec<String> {
    r.exchanges
        .iter()
        .flat_map(|e| e.lines.iter())
        .filter(|l| l.kind == Kind::Unrecognised)
        .map(|l| l.text.clone())
        .collect()
}

const MESSY: &str = "\
RDY\n\
\n\
+CFUN: 1\n\
+CPIN: READY\n\
Call Ready\n\
AT+SMTPSRV=\"mail.sim.com\",25\n\
OK\n\
AT+SMTPSRV?\n\
+SMTPSRV: \"mail.sim.com\",25,1\n\
OK\n\
RING\n\
+CREG: 1\n\
AT+SMTPAUTH=1,\"john\",\"secret-pw\"\n\
OKAT+SMTPSEND\n\
OK\n\
+SMTPSEND: 65\n\
AT+EMAILTO=200\n\
ERROR\n\
AT+SMTPSUB=\"x\"\n\
O";

#[test]
fn a_messy_sim900_capture_is_explained_not_dropped() {
    let d = dialect("simcom_sim900");
    let r = decode(&d, MESSY);
    let shown = render(&r, Style::default());
    // Nothing dropped: every non-blank line is in the report.
    let placed: usize = r.exchanges.iter().map(|e| e.lines.len()).sum();
    assert_eq!(
        placed,
        MESSY.lines().filter(|l| !l.trim().is_empty()).count() + 1,
        "{shown}"
    );
    assert_eq!(
        unrecognised(&r),
        [
            "RDY",
            "+CFUN: 1",
            "+CPIN: READY",
            "Call Ready",
            "+SMTPSRV: \"mail.sim.com\",25,1",
            "RING",
            "+CREG: 1",
            "O"
        ],
        "{shown}"
    );
    let k = kinds(&r);
    for want in [
        ProblemKind::ExtraFields,
        ProblemKind::GluedCommand,
        ProblemKind::FailureCompletion,
        ProblemKind::BadParameter,
        ProblemKind::CommandFailed,
        ProblemKind::MissingFinal,
    ] {
        assert!(k.contains(&want), "{want:?} missing in {k:?}\n{shown}");
    }
    assert!(
        shown.contains(
            "AT+SMTPSEND failed: +SMTPSEND: 65 ServerError — SMTP server answered with an error"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("parameter `timeout`: expected an integer 10..=120, found 200"),
        "{shown}"
    );
    assert!(!shown.contains("secret-pw"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn line_ends_of_every_kind_and_no_echo_give_the_same_report() {
    let d = dialect("simcom_sim900");
    let crlf = MESSY.replace('\n', "\r\n");
    let cr = MESSY.replace('\n', "\r");
    let lf = render(&decode(&d, MESSY), Style::default());
    assert_eq!(render(&decode(&d, &crlf), Style::default()), lf);
    assert_eq!(render(&decode(&d, &cr), Style::default()), lf);
}

#[test]
fn a_log_mixing_two_dialects_reports_the_unknown_commands() {
    let d = dialect("simcom_sim900");
    let log = "AT+SMTPSRV=\"a\",25\r\nOK\r\nAT+QSMTPPUT\r\nOK\r\n+QSMTPPUT: 0\r\nAT+SMTPSEND\r\nOK\r\n+SMTPSEND: 1\r\n";
    let r = decode(&d, log);
    let unknown: Vec<&str> = r
        .exchanges
        .iter()
        .flat_map(|e| e.problems.iter())
        .filter(|p| p.kind == ProblemKind::UnknownCommand)
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(unknown, ["unknown command AT+QSMTPPUT for this dialect"]);
    let shown = render(&r, Style::default());
    assert!(shown.contains("complete  +SMTPSEND: 1"), "{shown}");
}

#[test]
fn a_response_of_another_command_is_called_out() {
    let d = dialect("simcom_sim900");
    let r = decode(&d, "AT+SMTPSRV?\n+SMTPFROM: \"a@b\",\"n\"\nOK\n");
    let shown = render(&r, Style::default());
    assert!(
        shown.contains("shaped like an answer of AT+SMTPFROM, not of AT+SMTPSRV"),
        "{shown}"
    );
    assert!(kinds(&r).contains(&ProblemKind::MissingResponse), "{shown}");
}

#[test]
fn colour_only_when_asked() {
    let d = dialect("simcom_sim900");
    let r = decode(&d, "AT+SMTPSEND\nERROR\n");
    assert!(!render(&r, Style { color: false }).contains('\u{1b}'));
    assert!(render(&r, Style { color: true }).contains("\u{1b}["));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let d = dialect("simcom_sim900");
    let junk = [
        "\u{1b}[2J\u{0}\u{7f}",
        "AT+",
        "AT+=",
        "AT+SMTPSRV=\"",
        "+SMTPSRV:",
        "é\"AT+X",
        ">>",
        "[",
        "[1] ",
        "\r\r\n\n",
        "AT+POP3READ=1\n+POP3READ: 2,99999999999999999999\nOK",
    ];
    for j in junk {
        let r = decode(&d, j);
        let _ = render(&r, Style::default());
        let _ = atspec_decode::to_json_lines(&r);
    }
}

#[test]
fn the_runtime_trace_decodes_like_a_capture() {
    let d = dialect("simcom_sim900");
    let trace = ">> AT+SMTPBODY\\r\n<< AT+SMTPBODY (echo)\n<< > (prompt)\n>> hello\u{1a}\n<< OK\n";
    let r = decode(&d, trace);
    let kinds: Vec<Kind> = r
        .exchanges
        .iter()
        .flat_map(|e| e.lines.iter().map(|l| l.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            Kind::Command,
            Kind::Echo,
            Kind::Prompt,
            Kind::Data,
            Kind::Final
        ]
    );
    assert!(!r.has_problems(), "{}", render(&r, Style::default()));
}

/// A completion is judged by the spec's `success` clause, not by the order
/// of a code table: `+POP3NUM: 0` (no code at all) is a failure, the listed
/// count is not, and `+POP3OUT: 1` after AT+POP3OUT is success.
#[test]
fn completions_are_judged_by_the_declared_success() {
    let d = dialect("simcom_sim900");
    let failures = |log: &str| {
        let r = decode(&d, log);
        r.exchanges
            .iter()
            .flat_map(|e| e.problems.iter())
            .filter(|p| p.kind == ProblemKind::FailureCompletion)
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        failures("AT+POP3NUM\r\nOK\r\n+POP3NUM: 0\r\n"),
        ["AT+POP3NUM failed: +POP3NUM: Negative"]
    );
    assert!(failures("AT+POP3NUM\r\nOK\r\n+POP3NUM: 1,2,3000\r\n").is_empty());
    assert!(failures("AT+POP3OUT\r\nOK\r\n+POP3OUT: 1\r\n").is_empty());
    let sent = failures("AT+SMTPSEND\r\nOK\r\n+SMTPSEND: 65\r\n");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("65"), "{sent:?}");
}
