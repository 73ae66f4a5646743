//! What a modem line is, outside any command's own answer: a final result,
//! a vendor error line, a URC of the dialect, a prompt.

use std::fmt;

use at_spec::ir::{Dialect, ErrorKind, Urc};
use atspec_runtime::wire::{line_prefix, Fields};

use crate::line::{match_shape, Matched, Mismatch};
use crate::typed::code_value;
use crate::value::Value;

/// A V.250 / 3GPP TS 27.007 final result that is not a dialect's error line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Final {
    /// `OK`.
    Ok,
    /// `ERROR`.
    Error,
    /// `NO CARRIER`.
    NoCarrier,
    /// `BUSY`.
    Busy,
    /// `NO ANSWER`.
    NoAnswer,
    /// `NO DIALTONE` (also `NO DIAL TONE`).
    NoDialtone,
}

impl Final {
    /// Whether the command succeeded.
    pub fn is_ok(self) -> bool {
        self == Final::Ok
    }

    /// What the result means.
    pub fn meaning(self) -> &'static str {
        match self {
            Final::Ok => "command accepted",
            Final::Error => "command refused",
            Final::NoCarrier => "connection lost or not established",
            Final::Busy => "remote party busy",
            Final::NoAnswer => "no answer from the remote party",
            Final::NoDialtone => "no dial tone",
        }
    }
}

impl fmt::Display for Final {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Final::Ok => "OK",
            Final::Error => "ERROR",
            Final::NoCarrier => "NO CARRIER",
            Final::Busy => "BUSY",
            Final::NoAnswer => "NO ANSWER",
            Final::NoDialtone => "NO DIALTONE",
        })
    }
}

/// The built-in final result `line` is, if any (exact text, no spaces around).
pub fn final_result(line: &str) -> Option<Final> {
    Some(match line {
        "OK" => Final::Ok,
        "ERROR" => Final::Error,
        "NO CARRIER" => Final::NoCarrier,
        "BUSY" => Final::Busy,
        "NO ANSWER" => Final::NoAnswer,
        "NO DIALTONE" | "NO DIAL TONE" => Final::NoDialtone,
        _ => return None,
    })
}

/// A dialect error line (`error final` / `error line`) with its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorCode {
    /// The line's prefix (`+CME ERROR`).
    pub prefix: String,
    /// Whether it ends the command or precedes a bare `ERROR`.
    pub kind: ErrorKind,
    /// The code, looked up in the line's table ([`Value::Code`]).
    pub code: Value,
}

/// The dialect's error line `line` is, if any: its prefix and exactly one
/// integer field (an unknown code is kept with its number). Built-in
/// `+CME ERROR` / `+CMS ERROR` lines are recognised even when the dialect
/// declares no table for them (the code then has no meaning).
pub fn error_line(dialect: &Dialect, line: &str) -> Option<ErrorCode> {
    for e in &dialect.errors {
        if let Some(code) = single_int(line, &e.prefix) {
            return Some(ErrorCode {
                prefix: e.prefix.clone(),
                kind: e.kind,
                code: code_value(dialect, &e.table, code),
            });
        }
    }
    for prefix in ["+CME ERROR", "+CMS ERROR"] {
        if let Some(code) = single_int(line, prefix) {
            return Some(ErrorCode {
                prefix: prefix.to_owned(),
                kind: ErrorKind::Final,
                code: Value::Code {
                    table: prefix.to_owned(),
                    code,
                    known: None,
                },
            });
        }
    }
    None
}

fn single_int(line: &str, prefix: &str) -> Option<i64> {
    let mut fields = Fields::new(line_prefix(line, prefix)?);
    let code = fields.next()?.as_i64()?;
    fields.next().is_none().then_some(code)
}

/// A line that is one of the dialect's URCs.
#[derive(Clone, Debug, PartialEq)]
pub struct UrcMatch<'d> {
    /// The URC.
    pub urc: &'d Urc,
    /// Its alternative and values.
    pub matched: Matched,
}

/// The first URC of the dialect (spec order) that `line` matches completely.
///
/// `Err(Some(..))`: no URC matched, but some URC has this line's prefix; the
/// mismatch of the attempt that got furthest says why (the line is shaped
/// like that URC yet unrecognised). `Err(None)`: no URC has this prefix.
pub fn match_urc<'d>(
    dialect: &'d Dialect,
    line: &str,
) -> Result<UrcMatch<'d>, Option<(&'d Urc, Mismatch)>> {
    let mut near: Option<(&'d Urc, Mismatch)> = None;
    for urc in &dialect.urcs {
        match match_shape(dialect, &urc.shape, line) {
            Ok(matched) => return Ok(UrcMatch { urc, matched }),
            Err(m) if m.prefix_matched() => {
                if near.is_none() {
                    near = Some((urc, m));
                }
            }
            Err(_) => {}
        }
    }
    Err(near)
}

/// Whether `line` is a data-entry prompt (`>` or `> `).
pub fn is_prompt(line: &str) -> bool {
    line.trim_end() == ">"
}

/// The text after `CONNECT` if `line` is a `CONNECT` line.
pub fn connect(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("CONNECT")?;
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim())
}
