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
/// [`CODED`] as fixed-size byte strings (compared without `memcmp`).
const CODED_HEADS: [[u8; 10]; 3] = [*b"+CME ERROR", *b"+CMS ERROR", *b"+EXT ERROR"];

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
#[inline]
pub(super) fn classify<D: Dialect>(line: &str) -> Option<FinalKind> {
    if let Some(kind) = builtin(line) {
        return Some(kind);
    }
    classify_declared::<D>(line)
}

/// [`classify`] beyond the built-in whole-line results.
#[inline(never)]
fn classify_declared<D: Dialect>(line: &str) -> Option<FinalKind> {
    let failed = |e| Some(FinalKind::Failed(e));
    if let Some(text) = D::FINAL_ERRORS.iter().find(|t| **t == line) {
        return failed(ModemError::Declared(text));
    }
    if let Some(v) = D::final_error(line) {
        return failed(ModemError::Final(v));
    }
    if let Some(error) = coded_prefix(line).and_then(|p| coded(line, p)) {
        return failed(error);
    }
    D::error_line(line).map(FinalKind::VendorLine)
}

/// The built-in whole-line results (`OK`, `ERROR`, the V.250 ones),
/// told apart by first byte and length before any comparison.
#[inline]
fn builtin(line: &str) -> Option<FinalKind> {
    let failed = |e| Some(FinalKind::Failed(e));
    match (line.as_bytes().first()?, line.len()) {
        (b'O', 2) if line == "OK" => Some(FinalKind::Ok),
        (b'E', 5) if line == "ERROR" => Some(FinalKind::Error),
        (b'N', 10) if line == "NO CARRIER" => failed(ModemError::NoCarrier),
        (b'B', 4) if line == "BUSY" => failed(ModemError::Busy),
        (b'N', 9) if line == "NO ANSWER" => failed(ModemError::NoAnswer),
        (b'N', 11) if line == "NO DIALTONE" => failed(ModemError::NoDialtone),
        _ => None,
    }
}

/// Which of [`CODED`] `line` starts with (one fixed-size comparison each,
/// only for a line starting with `+`).
#[inline]
fn coded_prefix(line: &str) -> Option<&'static str> {
    let head: &[u8; 10] = line.as_bytes().get(..10)?.try_into().ok()?;
    if head[0] != b'+' {
        return None;
    }
    let i = CODED_HEADS.iter().position(|h| h == head)?;
    Some(CODED[i])
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
