//! A small hand-written dialect: what generated code would implement.

use atspec_runtime::{Dialect, VendorError};

/// The URCs of the test dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestUrc {
    /// `+PING: <n>`: a numbered URC, used to count losses.
    Ping(u64),
    /// `+TEST: u<n>`: a URC sharing its prefix with `AT+TEST` responses.
    Test(u64),
    /// `+SMTPFT: 1,<max>`: the chunk window.
    SmtpFtReady(usize),
    /// `+SMTPSEND: <code>`.
    SmtpSend(i64),
    /// `+CSMTPSSEND: <code>`: a completion URC whose prefix is also a vendor
    /// error line (before `ERROR`), as in `simcom_smtps`.
    CsmtpsSend(i64),
    /// `+RECV: <len>` followed by raw bytes (payload attached by the runtime).
    Recv(usize),
    /// `RING`.
    Ring,
}

/// Marker type of the test dialect.
#[derive(Debug)]
pub struct TestDialect;

fn after(line: &str, prefix: &str) -> Option<String> {
    Some(
        line.strip_prefix(prefix)?
            .strip_prefix(':')?
            .trim()
            .to_string(),
    )
}

const CME: &[(i64, &str)] = &[(3, "operation not allowed"), (10, "SIM not inserted")];
const CSMTPS: &[(i64, &str)] = &[(603, "DNS error"), (604, "network error")];

fn meaning(table: &[(i64, &'static str)], code: i64) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

impl Dialect for TestDialect {
    type Urc = TestUrc;

    const FINAL_ERRORS: &'static [&'static str] = &["COMMAND NOT SUPPORT"];
    const PROMPTS: &'static [&'static str] = &["DOWNLOAD", "@"];

    fn parse_urc(line: &str) -> Option<TestUrc> {
        if line == "RING" {
            return Some(TestUrc::Ring);
        }
        if let Some(rest) = after(line, "+PING") {
            return rest.parse().ok().map(TestUrc::Ping);
        }
        if let Some(rest) = after(line, "+TEST") {
            return rest.strip_prefix('u')?.parse().ok().map(TestUrc::Test);
        }
        if let Some(rest) = after(line, "+SMTPFT") {
            let max = rest.strip_prefix("1,")?.trim();
            return max.parse().ok().map(TestUrc::SmtpFtReady);
        }
        if let Some(rest) = after(line, "+CSMTPSSEND") {
            return rest.parse().ok().map(TestUrc::CsmtpsSend);
        }
        if let Some(rest) = after(line, "+SMTPSEND") {
            return rest.parse().ok().map(TestUrc::SmtpSend);
        }
        if let Some(rest) = after(line, "+RECV") {
            return rest.parse().ok().map(TestUrc::Recv);
        }
        None
    }

    fn urc_payload_len(line: &str) -> Option<usize> {
        after(line, "+RECV")?.parse().ok()
    }

    fn final_error(line: &str) -> Option<VendorError> {
        let code: i64 = after(line, "+CME ERROR")?.parse().ok()?;
        Some(VendorError {
            prefix: "+CME ERROR",
            code,
            meaning: meaning(CME, code),
        })
    }

    fn error_line(line: &str) -> Option<VendorError> {
        if let Some(code) = after(line, "+CSMTPSSEND").and_then(|c| c.parse().ok()) {
            // Every code, 0 included, as generated code reads it.
            return Some(VendorError {
                prefix: "+CSMTPSSEND",
                code,
                meaning: meaning(CSMTPS, code),
            });
        }
        let code: i64 = after(line, "+CSMTPS")?.parse().ok()?;
        (code != 0).then(|| VendorError {
            prefix: "+CSMTPS",
            code,
            meaning: meaning(CSMTPS, code),
        })
    }
}
