//! Replaying one recorded exchange against a typed request.
//!
//! [`replay_exchange`] feeds the module's side of an [`Exchange`] to a request
//! the way the executor would, for any dialect, and asserts along the way:
//!
//! * every `<` line before the final result is claimed by the request
//!   (`Mine`, or `MineWithPayload(n)` followed by exactly n `<<` bytes);
//! * `OK` ends the exchange and the collected lines parse with
//!   `parse_response`; a second final result, or a `<` information line
//!   after it, is an error;
//! * a `>` prompt needs a prompt data phase, `CONNECT` a CONNECT data phase,
//!   `>>` host data any data phase; a prompt for exactly n bytes gets n bytes,
//!   a Ctrl-Z prompt's text ends in `<CTRL-Z>` (or `<ESC>`);
//! * the line that closes a CONNECT data phase is claimed and parses with
//!   `parse_data_result` into the phase's typed result;
//! * the first `<~` line with a completion prefix parses with
//!   `parse_outcome`; every other `<~` line is not claimed by the request and
//!   goes to the dialect's URC parser;
//! * `<<` text with no payload pending is free text, allowed only for a
//!   `free_text()` request (its first line claimed).
//!
//! The result is a list of [`Event`]s that [`crate::sections`] and
//! [`crate::whole_file`] render into snapshot transcripts.

use atspec_runtime::{Claim, Command, DataPhase, Dialect, ResponseLine};

use crate::examples::{data_bytes, placeholder_len, Exchange, Item};
use crate::wire::wire;

/// What happened in a replayed exchange, in wire order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The final result `OK`: the parsed response (Debug).
    Response(String),
    /// A final error result (`ERROR`, or the dialect's final error line).
    FinalError(String),
    /// The manual prints no answer to the command.
    NoAnswer,
    /// A `>` prompt or `CONNECT` opened the request's data phase (described).
    DataPhase(String),
    /// Data the host sends in the data phase, as the file writes it.
    HostSends(String),
    /// The line that closes a CONNECT data phase, the phase's result prefix
    /// and the typed value `parse_data_result` makes of it.
    DataResult {
        /// The data phase's result prefix.
        prefix: &'static str,
        /// The line.
        line: String,
        /// The parsed result line (Debug).
        parsed: String,
    },
    /// The parsed completion URC (Debug).
    Outcome(String),
    /// A line the module sent unasked and the dialect's parse of it (Debug).
    Urc {
        /// The line.
        line: String,
        /// `Some(Debug of the URC)`, or `None` if no URC of the dialect matches.
        parsed: Option<String>,
    },
}

/// The replay of one exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replayed {
    /// The command line.
    pub line: String,
    /// What happened, in wire order.
    pub events: Vec<Event>,
}

/// A typed request of dialect `D`, replayable against an exchange.
///
/// Implemented for every [`Command`], so a list of requests of different
/// types can be kept as `Vec<Box<dyn Replay<D>>>`.
pub trait Replay<D> {
    /// The encoded command line without its CR.
    fn wire_line(&self) -> String;
    /// Replays `exchange` (see [`replay_exchange`]).
    fn replay(&self, exchange: &Exchange) -> Replayed;
}

impl<D: Dialect, C: Command> Replay<D> for C {
    fn wire_line(&self) -> String {
        let line = wire(self);
        match line.strip_suffix('\r') {
            Some(line) => line.to_owned(),
            None => panic!("`{line}` does not end in CR"),
        }
    }

    fn replay(&self, exchange: &Exchange) -> Replayed {
        replay_exchange::<D, C>(self, exchange)
    }
}

/// A counted payload being collected from `<<` lines.
struct Payload {
    expected: usize,
    parts: Vec<Vec<u8>>,
}

/// Replays `exchange` against `cmd` (see the module docs for the checks).
///
/// Panics with the examples-file line on the first check that fails.
pub fn replay_exchange<D: Dialect, C: Command + ?Sized>(cmd: &C, exchange: &Exchange) -> Replayed {
    let mut run = Run::<C> {
        cmd,
        here: exchange.here(),
        phase: cmd.data_phase(),
        events: Vec::new(),
        info: Vec::new(),
        payload: None,
        finished: false,
        outcome_seen: false,
        prompted: false,
        host_data: Vec::new(),
    };
    for item in &exchange.items {
        match item {
            Item::Raw(text) => run.raw(text),
            Item::HostData(text) => run.host_data(text),
            Item::Module(line) => run.module_line::<D>(line),
            Item::Unsolicited(line) => run.unsolicited::<D>(line),
        }
    }
    run.flush_payload();
    if exchange.items.is_empty() {
        run.events.push(Event::NoAnswer);
    } else {
        assert!(run.finished, "{}: no final result recorded", run.here);
    }
    run.check_host_data();
    Replayed {
        line: exchange.line.clone(),
        events: run.events,
    }
}

/// The state of one replay.
struct Run<'a, C: ?Sized> {
    cmd: &'a C,
    here: String,
    phase: Option<DataPhase>,
    events: Vec<Event>,
    info: Vec<ResponseLine>,
    payload: Option<Payload>,
    finished: bool,
    outcome_seen: bool,
    prompted: bool,
    host_data: Vec<String>,
}

impl<C: Command + ?Sized> Run<'_, C> {
    fn raw(&mut self, text: &str) {
        if let Some(payload) = self.payload.as_mut() {
            payload.parts.push(data_bytes(text));
            return;
        }
        let here = &self.here;
        assert!(
            !self.finished,
            "{here}: raw text `{text}` after the final result"
        );
        assert!(
            self.cmd.free_text(),
            "{here}: raw text `{text}` but no payload was announced and the response is not free text"
        );
        if self.info.is_empty() {
            assert_eq!(self.cmd.claim(text), Claim::Mine, "{here}: first text line");
        }
        self.info.push(ResponseLine::Line(text.to_owned()));
    }

    fn host_data(&mut self, text: &str) {
        self.flush_payload();
        assert!(
            self.phase.is_some(),
            "{}: host data `{text}` but the command has no data phase",
            self.here
        );
        self.host_data.push(text.to_owned());
        self.events.push(Event::HostSends(text.to_owned()));
    }

    fn module_line<D: Dialect>(&mut self, line: &str) {
        self.flush_payload();
        let here = self.here.clone();
        if line == "OK" {
            assert!(!self.finished, "{here}: two final results");
            let response = self
                .cmd
                .parse_response(&self.info)
                .unwrap_or_else(|e| panic!("{here}: response does not parse: {e}"));
            self.events.push(Event::Response(format!("{response:?}")));
            self.finished = true;
        } else if line == "ERROR" || D::final_error(line).is_some() {
            assert!(!self.finished, "{here}: two final results");
            self.events.push(Event::FinalError(line.to_owned()));
            self.finished = true;
        } else if line == ">" {
            assert!(
                matches!(
                    self.phase,
                    Some(DataPhase::PromptCtrlZ | DataPhase::PromptExact(_))
                ),
                "{here}: `>` prompt but the data phase is {:?}",
                self.phase
            );
            self.prompted = true;
            self.events
                .push(Event::DataPhase(describe(self.phase.as_ref())));
        } else if line == "CONNECT" {
            assert!(
                matches!(self.phase, Some(DataPhase::Connect { .. })),
                "{here}: CONNECT but the data phase is {:?}",
                self.phase
            );
            self.events
                .push(Event::DataPhase(describe(self.phase.as_ref())));
        } else if let Some(prefix) = self.data_result_prefix().filter(|p| line.starts_with(p)) {
            // The executor awaits the result line by its prefix; claimed, it
            // would be taken for an information line.
            assert_eq!(
                self.cmd.claim(line),
                Claim::NotMine,
                "{here}: data-phase result `{line}` claimed as an information line"
            );
            let result = self
                .cmd
                .parse_data_result(line)
                .unwrap_or_else(|e| panic!("{here}: data result `{line}` does not parse: {e}"));
            self.events.push(Event::DataResult {
                prefix,
                line: line.to_owned(),
                parsed: format!("{result:?}"),
            });
        } else {
            assert!(
                !self.finished,
                "{here}: `{line}` comes after the final result; write a line the module sends unasked as `<~ {line}`"
            );
            match self.cmd.claim(line) {
                Claim::Mine => self.info.push(ResponseLine::Line(line.to_owned())),
                Claim::MineWithPayload(n) => {
                    self.info.push(ResponseLine::Line(line.to_owned()));
                    self.payload = Some(Payload {
                        expected: n,
                        parts: Vec::new(),
                    });
                }
                Claim::PayloadOverMax { announced, max } => panic!(
                    "{here}: `{line}` announces {announced} payload bytes, over the declared maximum {max}"
                ),
                Claim::NotMine => panic!("{here}: information line `{line}` is not claimed"),
                Claim::Unrecognised => panic!(
                    "{here}: information line `{line}` has the command's prefix but none of its shapes"
                ),
            }
        }
    }

    fn unsolicited<D: Dialect>(&mut self, line: &str) {
        self.flush_payload();
        let here = &self.here;
        let completes = self
            .cmd
            .completion()
            .is_some_and(|c| c.prefixes.iter().any(|p| line.starts_with(p)));
        if completes && !self.outcome_seen {
            self.outcome_seen = true;
            let outcome = self
                .cmd
                .parse_outcome(line)
                .unwrap_or_else(|e| panic!("{here}: completion `{line}` does not parse: {e}"));
            self.events.push(Event::Outcome(format!("{outcome:?}")));
        } else {
            // An own-prefix line that matches no shape of the command is
            // routed as a URC when a URC of the dialect parses it.
            let claim = self.cmd.claim(line);
            assert!(
                claim == Claim::NotMine
                    || (claim == Claim::Unrecognised && D::parse_urc(line).is_some()),
                "{here}: URC `{line}` claimed by the command ({claim:?})"
            );
            self.events.push(Event::Urc {
                line: line.to_owned(),
                parsed: D::parse_urc(line).map(|urc| format!("{urc:?}")),
            });
        }
    }

    fn data_result_prefix(&self) -> Option<&'static str> {
        match self.phase {
            Some(DataPhase::Connect { result_prefix, .. }) => result_prefix,
            _ => None,
        }
    }

    /// Ends a counted payload: its `<<` lines, joined with LF, are exactly
    /// the announced length.
    fn flush_payload(&mut self) {
        if let Some(Payload { expected, parts }) = self.payload.take() {
            let bytes = parts.join(&b'\n');
            assert_eq!(
                bytes.len(),
                expected,
                "{}: payload length (announced {expected})",
                self.here
            );
            self.info.push(ResponseLine::Payload(bytes));
        }
    }

    /// After a prompt, the host data fits the prompt's data phase.
    fn check_host_data(&self) {
        if !self.prompted || self.host_data.is_empty() {
            return;
        }
        let here = &self.here;
        match self.phase {
            Some(DataPhase::PromptExact(n)) => {
                let sent: usize = self
                    .host_data
                    .iter()
                    .map(|t| placeholder_len(t).unwrap_or(t.len()))
                    .sum();
                assert_eq!(sent, n, "{here}: the prompt takes exactly {n} bytes");
            }
            Some(DataPhase::PromptCtrlZ) => {
                let last = self.host_data.last().map(String::as_str).unwrap_or("");
                assert!(
                    last.ends_with("<CTRL-Z>") || last.ends_with("<ESC>"),
                    "{here}: text after a `>` prompt ends with <CTRL-Z> (or <ESC> to cancel), got `{last}`"
                );
            }
            _ => {}
        }
    }
}

/// A short description of a data phase for transcripts.
pub fn describe(phase: Option<&DataPhase>) -> String {
    match phase {
        None => "none".to_owned(),
        Some(DataPhase::PromptCtrlZ) => "prompt, text ended by Ctrl-Z".to_owned(),
        Some(DataPhase::PromptExact(n)) => format!("prompt, exactly {n} bytes"),
        Some(DataPhase::Connect {
            escape: Some((sequence, _)),
            ..
        }) => format!(
            "CONNECT, bytes ended by {}",
            String::from_utf8_lossy(sequence)
        ),
        Some(DataPhase::Connect {
            length: Some(n), ..
        }) => format!("CONNECT, {n} bytes"),
        Some(DataPhase::Connect { .. }) => "CONNECT".to_owned(),
        Some(DataPhase::Chunked { ready_prefix }) => {
            format!("chunks announced by {ready_prefix}")
        }
        Some(DataPhase::PromptLine { prompt, length }) => {
            format!("{prompt}, exactly {length} bytes")
        }
    }
}

#[cfg(test)]
mod tests {
    use atspec_dialects::simcom_sim900::{
        Dialect, EmailtoRead, EmailtoWrite, Pop3readWrite, SmtpbodyExec, SmtpsendExec,
    };

    use super::*;
    use crate::examples::ExamplesFile;

    /// The first exchange of a one-section examples text.
    fn exchange(items: &str) -> Exchange {
        let text = format!("## 1 Test\n> AT+X\n{items}");
        let file = ExamplesFile::parse_or_panic(&text);
        file.sections[0].exchanges[0].clone()
    }

    fn events<C: Command>(cmd: &C, items: &str) -> Vec<Event> {
        replay_exchange::<Dialect, C>(cmd, &exchange(items)).events
    }

    #[test]
    fn claimed_lines_parse_at_the_final_result() {
        assert_eq!(
            events(&EmailtoRead, "< +EMAILTO: 30\n< OK\n"),
            vec![Event::Response(
                "EmailtoReadResponse { timeout: 30 }".into()
            )]
        );
        assert_eq!(events(&EmailtoRead, ""), vec![Event::NoAnswer]);
    }

    #[test]
    #[should_panic(expected = "is not claimed")]
    fn a_line_of_another_command_is_refused() {
        events(&EmailtoRead, "< +EMAILCID: 1\n< OK\n");
    }

    #[test]
    #[should_panic(expected = "comes after the final result")]
    fn a_module_line_after_the_final_result_must_be_marked_unsolicited() {
        events(&SmtpsendExec, "< OK\n< +SMTPSEND: 1\n");
    }

    #[test]
    #[should_panic(expected = "no final result")]
    fn an_answer_without_final_result_is_refused() {
        events(&EmailtoRead, "< +EMAILTO: 30\n");
    }

    #[test]
    fn the_first_completion_line_is_the_outcome_and_the_rest_urcs() {
        let events = events(
            &SmtpsendExec,
            "< OK\n<~ +SMTPFT: 1,1360\n<~ +SMTPSEND: 1\n<~ +SMTPSEND: 1\n",
        );
        assert!(matches!(&events[0], Event::Response(r) if r == "()"));
        assert!(matches!(
            &events[1],
            Event::Urc {
                parsed: Some(_),
                ..
            }
        ));
        assert!(matches!(&events[2], Event::Outcome(o) if o.contains("Sent")));
        assert!(matches!(
            &events[3],
            Event::Urc {
                parsed: Some(_),
                ..
            }
        ));
    }

    #[test]
    #[should_panic(expected = "claimed by the command")]
    fn an_unsolicited_line_the_command_claims_is_refused() {
        events(&EmailtoRead, "< +EMAILTO: 30\n< OK\n<~ +EMAILTO: 30\n");
    }

    #[test]
    fn a_prompt_opens_the_data_phase() {
        let events = events(&SmtpbodyExec, "< >\n>> Hi<CTRL-Z>\n< OK\n");
        assert_eq!(
            events[..2],
            [
                Event::DataPhase("prompt, text ended by Ctrl-Z".into()),
                Event::HostSends("Hi<CTRL-Z>".into()),
            ]
        );
    }

    #[test]
    #[should_panic(expected = "ends with <CTRL-Z>")]
    fn prompt_text_must_end_with_ctrl_z() {
        events(&SmtpbodyExec, "< >\n>> Hi\n< OK\n");
    }

    #[test]
    #[should_panic(expected = "`>` prompt but the data phase is None")]
    fn a_prompt_needs_a_data_phase() {
        let cmd = EmailtoWrite::new(30).unwrap();
        events(&cmd, "< >\n< OK\n");
    }

    #[test]
    fn a_counted_payload_follows_its_header() {
        let cmd = Pop3readWrite::new(1460).unwrap();
        let events = events(&cmd, "< +POP3READ: 2,5\n<< <5 bytes>\n< OK\n");
        assert!(
            matches!(&events[0], Event::Response(r) if r.contains("data: [46, 46, 46, 46, 46]")),
            "{events:?}"
        );
    }

    #[test]
    #[should_panic(expected = "payload length")]
    fn a_payload_of_the_wrong_length_is_refused() {
        let cmd = Pop3readWrite::new(1460).unwrap();
        events(&cmd, "< +POP3READ: 2,5\n<< four\n< OK\n");
    }
}
