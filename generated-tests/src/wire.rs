//! Encoding a request to text, and feeding it the lines a module sends.

use atspec_runtime::{Command, ResponseLine};

/// The encoded command line of `cmd` as text, `\r` included.
///
/// Panics if the line is not UTF-8 (generated encoders write ASCII only,
/// with non-ASCII strings hex-encoded).
pub fn wire<C: Command + ?Sized>(cmd: &C) -> String {
    let mut out = Vec::new();
    cmd.encode(&mut out);
    String::from_utf8(out).expect("command lines are ASCII")
}

/// Information lines as the executor hands them to `parse_response`.
pub fn lines(text: &[&str]) -> Vec<ResponseLine> {
    text.iter()
        .map(|line| ResponseLine::Line((*line).to_owned()))
        .collect()
}

/// A header line followed by its counted payload.
pub fn with_payload(header: &str, payload: &str) -> Vec<ResponseLine> {
    vec![
        ResponseLine::Line(header.to_owned()),
        ResponseLine::Payload(payload.as_bytes().to_vec()),
    ]
}

/// Parses `text` as the information lines of `cmd`, panicking with the
/// parse error if they do not parse.
#[track_caller]
pub fn parse<C: Command + ?Sized>(cmd: &C, text: &[&str]) -> C::Response {
    cmd.parse_response(&lines(text))
        .unwrap_or_else(|e| panic!("{text:?} does not parse: {e}"))
}

/// Asserts that `cmd` awaits a completion URC with exactly `prefixes` after
/// `OK`, and returns `line` parsed as its outcome (panicking if it does not
/// parse).
#[track_caller]
pub fn completes<C: Command + ?Sized>(cmd: &C, prefixes: &[&str], line: &str) -> C::Outcome {
    let completion = cmd
        .completion()
        .unwrap_or_else(|| panic!("{}: no completion URC", cmd.name()));
    assert_eq!(completion.prefixes, prefixes, "completion prefixes");
    cmd.parse_outcome(line)
        .unwrap_or_else(|e| panic!("completion `{line}` does not parse: {e}"))
}
