//! Which lines end the command in flight, and with what result.
//!
//! Built in: `OK`, `ERROR`, the V.250 results `NO CARRIER`, `BUSY`,
//! `NO ANSWER`, `NO DIALTONE`, and the coded 3GPP / V.250 finals
//! `+CME ERROR: <n>`, `+CMS ERROR: <n>`, `+EXT ERROR: <n>`. A dialect adds
//! its own whole-line finals ([`Dialect::FINAL_ERRORS`]), coded finals
//! ([`Dialect::final_error`], tried before the built-in coded ones so its
//! code table gives the meaning) and vendor error lines that precede `ERROR`
//! ([`Dialect::error_line`]).

use crate::command::{Dialect, VendorError};
use crate::error::ModemError;

/// The coded final results every module may send, by prefix.
const CODED: [&str; 3] = ["+CME ERROR", "+CMS ERROR", "+EXT ERROR"];

/// A line's meaning as a final result.
pub(super) enum FinalKind {
    /// `OK`.
    Ok,
    /// A bare `ERROR` (explained by a held vendor error line, if any).
    Error,
    /// Any other final error result.
    Failed(ModemError),
    /// A vendor error line: it explains an `ERROR` that follows it.
    VendorLine(VendorError),
}

/// What `line` is as a final result of dialect `D`, if anything.
pub(super) fn classify<D: Dialect>(line: &str) -> Option<FinalKind> {
    let failed = |e| Some(FinalKind::Failed(e));
    match line {
        "OK" => return Some(FinalKind::Ok),
        "ERROR" => return Some(FinalKind::Error),
        "NO CARRIER" => return failed(ModemError::NoCarrier),
        "BUSY" => return failed(ModemError::Busy),
        "NO ANSWER" => return failed(ModemError::NoAnswer),
        "NO DIALTONE" => return failed(ModemError::NoDialtone),
        _ => {}
    }
    if let Some(text) = D::FINAL_ERRORS.iter().find(|t| **t == line) {
        return failed(ModemError::Declared(text));
    }
    if let Some(v) = D::final_error(line) {
        return failed(ModemError::Final(v));
    }
    if let Some(error) = CODED.iter().find_map(|p| coded(line, p)) {
        return failed(error);
    }
    D::error_line(line).map(FinalKind::VendorLine)
}

/// `<prefix>: <n>` as a coded final; `<prefix>: <text>` (a verbose error
/// the dialect did not map) as the whole line.
fn coded(line: &str, prefix: &'static str) -> Option<ModemError> {
    let rest = line.strip_prefix(prefix)?.strip_prefix(':')?.trim();
    Some(match rest.parse::<i64>() {
        Ok(code) => ModemError::Final(VendorError {
            prefix,
            code,
            meaning: None,
        }),
        Err(_) => ModemError::Text(line.to_owned()),
    })
}

/// Whether `line` is `CONNECT` or `CONNECT <text>` (V.250 result 1 and its
/// extended forms such as `CONNECT 115200`).
pub(super) fn is_connect(line: &str) -> bool {
    line == "CONNECT" || line.starts_with("CONNECT ")
}

/// The declared prompt of dialect `D` that `line` is, if any.
pub(super) fn declared_prompt<D: Dialect>(line: &str) -> Option<&'static str> {
    D::PROMPTS.iter().copied().find(|p| *p == line)
}

/// The dialect's one-byte prompts (framed without a line end, like `>`).
pub(super) fn prompt_bytes<D: Dialect>() -> Vec<u8> {
    D::PROMPTS
        .iter()
        .filter_map(|p| match p.as_bytes() {
            [b] => Some(*b),
            _ => None,
        })
        .collect()
}

/// The declared prompt of dialect `D` that the one-byte prompt `byte` is.
pub(super) fn declared_prompt_byte<D: Dialect>(byte: u8) -> Option<&'static str> {
    D::PROMPTS.iter().copied().find(|p| p.as_bytes() == [byte])
}
