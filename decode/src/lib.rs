//! Explains a captured AT log with a dialect spec.
//!
//! [`decode`] reads a capture as people paste it (CRLF, LF or CR line ends,
//! with or without echo, blank lines, timestamps, `>>`/`<<`, `TX:`/`RX:` or
//! `-->`/`<--` direction marks, a host command glued to the modem's output)
//! and groups it into exchanges: the command with its form and typed,
//! named parameters (secrets masked), each line of the answer placed (response
//! item, payload, data, prompt, final result with its meaning, vendor error
//! code, completion URC, other URCs), and the problems found (unknown
//! command, bad parameter, response not matching the command, extra fields,
//! missing final result or completion, failure codes). A line that cannot be
//! placed is kept as [`Kind::Unrecognised`] with the reason, never dropped.
//! The interpretation is [`atspec_interp`]'s, so it is as strict as the
//! generated parsers. [`render`] writes the report for people; the report is
//! `serde::Serialize` for tools (`docs/decode.md`).

mod decoder;
mod input;
mod mask;
mod render;
mod report;

pub use input::{lines, Direction, LogLine};
pub use render::{render, Style};
pub use report::{
    CommandInfo, Entry, Exchange, Field, Kind, Problem, ProblemKind, Report, Summary,
};

use at_spec::ir::Dialect;

/// Decodes a capture with `dialect`. Never fails: what cannot be placed is
/// reported as such.
pub fn decode(dialect: &Dialect, log: &str) -> Report {
    let mut decoder = decoder::Decoder::new(dialect);
    for line in input::lines(log) {
        decoder.line(&line);
    }
    decoder.finish()
}

/// The report as JSON lines: one object per exchange (`docs/decode.md`),
/// then one `{"summary": ...}` object.
pub fn to_json_lines(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.exchanges {
        if let Ok(s) = serde_json::to_string(e) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    let summary = serde_json::json!({ "dialect": report.dialect, "summary": report.summary() });
    out.push_str(&summary.to_string());
    out.push('\n');
    out
}
