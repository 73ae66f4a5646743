//! Replaying the sections of an examples file step by step.
//!
//! Suits manuals whose examples are whole scenarios (set up, send, read):
//! each test lists, in order, one [`Step`] per command line of one section,
//! holding the typed request and the exact line the manual prints
//! ([`at`]), or marking a command of another manual ([`foreign`]).
//! [`replay_section`] checks the steps against the file and returns the
//! section's transcript for a snapshot.

use atspec_runtime::{Command, Dialect};

use crate::examples::{ExamplesFile, Exchange, Item};
use crate::replay::{Event, Replay, Replayed};

/// One command line of a section, as the test expects it.
pub struct Step<D> {
    line: &'static str,
    request: Option<Box<dyn Replay<D>>>,
}

/// A step whose request `cmd` must encode to `line` (the manual's command
/// line, without CR).
pub fn at<D: Dialect, C: Command + 'static>(cmd: C, line: &'static str) -> Step<D> {
    Step {
        line,
        request: Some(Box::new(cmd)),
    }
}

/// A step for a command of another manual: the exchange must be marked
/// `! not in this dialect`, and none of its lines may parse as a URC of `D`.
pub fn foreign<D>(line: &'static str) -> Step<D> {
    Step {
        line,
        request: None,
    }
}

/// Asserts that the section ids of the examples file `examples` are exactly
/// `listed`, in order (so every section has a test).
pub fn assert_sections_listed(examples: &str, listed: &[&str]) {
    let file = ExamplesFile::parse_or_panic(examples);
    let recorded: Vec<&str> = file.sections.iter().map(|s| s.id()).collect();
    assert_eq!(recorded, listed, "sections of the examples file");
}

/// Replays the section `id` of the examples file `examples` step by step and
/// returns its transcript: `> <line>` per exchange, then its events in wire
/// order (data phase, host data, response at the final result, data result,
/// completion, URCs). `id` must be one of `listed`; the steps must match the
/// section's command lines one for one; every line the module sends unasked
/// must parse as a URC of `D` (or be the request's completion).
pub fn replay_section<D: Dialect>(
    examples: &str,
    listed: &[&str],
    id: &str,
    steps: &[Step<D>],
) -> String {
    assert!(listed.contains(&id), "section {id} is not listed");
    let file = ExamplesFile::parse_or_panic(examples);
    let section = file
        .section(id)
        .unwrap_or_else(|| panic!("no single section {id} in the examples file"));
    let lines: Vec<&str> = section.exchanges.iter().map(|e| e.line.as_str()).collect();
    assert_eq!(
        steps.len(),
        lines.len(),
        "section {id}: the test has {} steps, the file {} command lines: {lines:#?}",
        steps.len(),
        lines.len()
    );
    section
        .exchanges
        .iter()
        .zip(steps)
        .map(|(exchange, step)| run_step(exchange, step))
        .collect()
}

fn run_step<D: Dialect>(exchange: &Exchange, step: &Step<D>) -> String {
    assert_eq!(
        exchange.line,
        step.line,
        "{}: the test and the examples file disagree",
        exchange.here()
    );
    match &step.request {
        Some(request) => {
            assert!(
                !exchange.is_foreign(),
                "{}: marked as another manual's command, but the test gives a request",
                exchange.here()
            );
            assert_eq!(request.wire_line(), step.line, "encoded line");
            render(&request.replay(exchange))
        }
        None => {
            assert!(
                exchange.is_foreign(),
                "{}: a foreign step needs the note `! not in this dialect`",
                exchange.here()
            );
            assert_foreign_lines_are_not_urcs::<D>(exchange);
            format!("> {} (general AT manual, not this dialect)\n", step.line)
        }
    }
}

/// Asserts that no line the module sends in a foreign exchange is taken for
/// a URC of `D`.
pub fn assert_foreign_lines_are_not_urcs<D: Dialect>(exchange: &Exchange) {
    for item in &exchange.items {
        if let Item::Module(line) | Item::Unsolicited(line) = item {
            assert!(
                D::parse_urc(line).is_none(),
                "{}: `{line}` taken for a URC of this dialect",
                exchange.here()
            );
        }
    }
}

/// One exchange in the section layout: events in wire order, byte lists
/// shortened to their length.
fn render(replayed: &Replayed) -> String {
    let mut out = format!("> {}\n", replayed.line);
    for event in &replayed.events {
        let text = match event {
            Event::Response(response) => format!("response: {}", elide_bytes(response)),
            Event::FinalError(line) => format!("final error: {line}"),
            Event::NoAnswer => "(the manual prints no answer)".to_owned(),
            Event::DataPhase(phase) => format!("data phase: {phase}"),
            Event::HostSends(text) => format!("host sends: {text}"),
            Event::DataResult {
                prefix,
                line,
                parsed,
            } => format!("data result ({prefix}): {line} -> {parsed}"),
            Event::Outcome(outcome) => format!("completion: {outcome}"),
            Event::Urc { line, parsed } => match parsed {
                Some(urc) => format!("urc: {urc}"),
                None => panic!("{}: `{line}` is not a URC of the dialect", replayed.line),
            },
        };
        out.push_str(&format!("  {text}\n"));
    }
    out
}

/// Replaces each `data: [1, 2, ...]` in a Debug string by `data: <N bytes>`.
fn elide_bytes(debug: &str) -> String {
    let mut out = String::new();
    let mut rest = debug;
    while let Some(at) = rest.find("data: [") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + "data: [".len()..];
        let Some(end) = tail.find(']') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let count = tail[..end]
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .count();
        out.push_str(&format!("data: <{count} bytes>"));
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use atspec_dialects::simcom_sim900::{Dialect, EmailtoWrite};

    use super::*;

    const FILE: &str = "\
## 1 Set up
> AT+SAPBR=1,1
< OK
! not in this dialect.
> AT+EMAILTO=30
< OK
";

    fn steps(second: &'static str) -> Vec<Step<Dialect>> {
        vec![
            foreign("AT+SAPBR=1,1"),
            at(EmailtoWrite::new(30).unwrap(), second),
        ]
    }

    #[test]
    fn a_section_replays_step_by_step() {
        assert_eq!(
            replay_section(FILE, &["1"], "1", &steps("AT+EMAILTO=30")),
            "> AT+SAPBR=1,1 (general AT manual, not this dialect)\n\
             > AT+EMAILTO=30\n  response: ()\n"
        );
        assert_sections_listed(FILE, &["1"]);
    }

    #[test]
    #[should_panic(expected = "disagree")]
    fn a_step_must_name_the_files_line() {
        replay_section(FILE, &["1"], "1", &steps("AT+EMAILTO=31"));
    }

    #[test]
    #[should_panic(expected = "needs the note")]
    fn a_foreign_step_needs_the_files_mark() {
        let file = FILE.replace("! not in this dialect.\n", "");
        replay_section(&file, &["1"], "1", &steps("AT+EMAILTO=30"));
    }

    #[test]
    #[should_panic(expected = "2 steps, the file 1 command lines")]
    fn every_command_line_needs_a_step() {
        let file = FILE.replace("> AT+SAPBR=1,1\n< OK\n! not in this dialect.\n", "");
        replay_section(&file, &["1"], "1", &steps("AT+EMAILTO=30"));
    }

    #[test]
    fn byte_lists_are_shortened_to_their_length() {
        assert_eq!(
            elide_bytes("Last { len: 3, data: [1, 2, 3] }"),
            "Last { len: 3, data: <3 bytes> }"
        );
        assert_eq!(elide_bytes("X { data: [] }"), "X { data: <0 bytes> }");
        assert_eq!(elide_bytes("plain"), "plain");
    }
}
