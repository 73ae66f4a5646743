//! Replaying a whole examples file against a catalogue of requests.
//!
//! Suits manuals that print many short examples, one or two per command:
//! the test lists one typed request per distinct command line of the file
//! (the catalogue), and every in-dialect exchange of the file is replayed
//! against the request that encodes to its line. Each catalogue entry must be
//! used, and no line may be encoded by two entries.

use std::collections::BTreeMap;

use atspec_runtime::Dialect;

use crate::examples::ExamplesFile;
use crate::replay::{Event, Replay, Replayed};
use crate::sections::assert_foreign_lines_are_not_urcs;

/// Replays every exchange of the examples file `examples` (its text) against
/// the request of `catalogue` that encodes to its command line, and returns
/// the transcript for a snapshot.
///
/// Exchanges marked `! not in this dialect` are left out of the transcript
/// (none of their lines may parse as a URC of `D`). The transcript has a
/// `## <heading>` line per section, `> <line>` per exchange, then its data
/// results, completion (`outcome:`) and URCs, and last the parsed response
/// (or `(the manual prints no answer)`).
pub fn replay_file<D: Dialect>(examples: &str, catalogue: Vec<Box<dyn Replay<D>>>) -> String {
    let file = ExamplesFile::parse_or_panic(examples);
    let mut by_line: BTreeMap<String, (Box<dyn Replay<D>>, bool)> = BTreeMap::new();
    for request in catalogue {
        let line = request.wire_line();
        assert!(
            !by_line.contains_key(&line),
            "catalogue lists `{line}` twice"
        );
        by_line.insert(line, (request, false));
    }
    let mut transcript = String::new();
    let mut heading = "";
    for (section, exchange) in file.exchanges() {
        if exchange.is_foreign() {
            assert_foreign_lines_are_not_urcs::<D>(exchange);
            continue;
        }
        if section.heading != heading {
            heading = &section.heading;
            transcript.push_str(&format!("## {heading}\n"));
        }
        let (request, used) = by_line.get_mut(&exchange.line).unwrap_or_else(|| {
            panic!(
                "{} ({}): no catalogue request encodes this line",
                exchange.here(),
                section.heading
            )
        });
        *used = true;
        transcript.push_str(&render(&request.replay(exchange)));
    }
    let unused: Vec<&String> = by_line
        .iter()
        .filter(|(_, (_, used))| !used)
        .map(|(line, _)| line)
        .collect();
    assert!(
        unused.is_empty(),
        "catalogue requests not in the examples file: {unused:?}"
    );
    transcript
}

/// One exchange in the whole-file layout: the response comes last.
fn render(replayed: &Replayed) -> String {
    let mut out = format!("> {}\n", replayed.line);
    let mut last = String::new();
    for event in &replayed.events {
        match event {
            Event::Response(response) => last = format!("  response: {response}\n"),
            Event::NoAnswer => last = "  (the manual prints no answer)\n".to_owned(),
            Event::FinalError(line) => last = format!("  final error: {line}\n"),
            Event::DataPhase(_) | Event::HostSends(_) => {}
            Event::DataResult { line, parsed, .. } => {
                out.push_str(&format!("  data result: {line} -> {parsed}\n"))
            }
            Event::Outcome(outcome) => out.push_str(&format!("  outcome: {outcome}\n")),
            Event::Urc { line, parsed } => match parsed {
                Some(urc) => out.push_str(&format!("  urc `{line}`: Some({urc})\n")),
                None => out.push_str(&format!("  urc `{line}`: None\n")),
            },
        }
    }
    out.push_str(&last);
    out
}

#[cfg(test)]
mod tests {
    use atspec_dialects::simcom_sim900::{Dialect, EmailtoRead, EmailtoWrite};

    use super::*;

    const FILE: &str = "\
## 2.2 AT+EMAILTO
> AT+EMAILTO=30
< OK
> AT+EMAILTO?
< +EMAILTO: 30
< OK
> AT+SAPBR=1,1
< OK
! not in this dialect.
";

    fn catalogue() -> Vec<Box<dyn Replay<Dialect>>> {
        vec![
            Box::new(EmailtoWrite::new(30).unwrap()),
            Box::new(EmailtoRead),
        ]
    }

    #[test]
    fn every_exchange_is_replayed_by_the_request_that_encodes_it() {
        assert_eq!(
            replay_file(FILE, catalogue()),
            "## 2.2 AT+EMAILTO\n\
             > AT+EMAILTO=30\n  response: ()\n\
             > AT+EMAILTO?\n  response: EmailtoReadResponse { timeout: 30 }\n"
        );
    }

    #[test]
    #[should_panic(expected = "not in the examples file")]
    fn an_unused_request_is_refused() {
        let mut requests = catalogue();
        requests.push(Box::new(EmailtoWrite::new(31).unwrap()));
        replay_file(FILE, requests);
    }

    #[test]
    #[should_panic(expected = "no catalogue request encodes this line")]
    fn a_line_without_request_is_refused() {
        replay_file::<Dialect>(FILE, vec![Box::new(EmailtoRead)]);
    }
}
