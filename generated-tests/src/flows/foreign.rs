//! A command of another manual, sent as the examples file prints it.
//!
//! The manuals' sessions mix in commands of the module's general manuals
//! (bearer set-up, file upload). No dialect types them, so the session is
//! kept whole by sending such a line as it is and taking exactly the lines
//! the file shows for it: the `<` information lines, and the `>` prompt or
//! `CONNECT` data phase the file shows (its length is the host data shown).

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use atspec_runtime::{Claim, Command, DataPhase, ParseError, ResponseLine};

use crate::examples::{placeholder_len, Exchange, Item};

/// Time allowed for the final result of a foreign command.
const FOREIGN_TIMEOUT: Duration = Duration::from_secs(10);

/// A command line of another manual with the answer the file shows.
#[derive(Clone, Debug)]
pub struct Foreign {
    line: String,
    name: &'static str,
    info: Vec<String>,
    phase: Option<DataPhase>,
}

impl Foreign {
    /// The foreign command of `exchange` (marked `! not in this dialect`).
    pub fn from_exchange(exchange: &Exchange) -> Self {
        let modules: Vec<&str> = exchange
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Module(line) => Some(line.as_str()),
                _ => None,
            })
            .collect();
        let info = modules
            .iter()
            .filter(|l| !matches!(**l, ">" | "CONNECT" | "OK" | "ERROR"))
            .map(|l| (*l).to_owned())
            .collect();
        Self {
            line: exchange.line.clone(),
            name: intern(command_name(&exchange.line)),
            info,
            phase: phase_of(exchange),
        }
    }
}

/// The command name of an `AT+NAME...` line.
fn command_name(line: &str) -> &str {
    let rest = line.strip_prefix("AT+").unwrap_or(line);
    let end = rest.find(['=', '?']).unwrap_or(rest.len());
    &rest[..end]
}

/// The data phase the exchange shows, if any.
fn phase_of(exchange: &Exchange) -> Option<DataPhase> {
    let mut opened = None;
    let mut sent = 0usize;
    let mut ctrl_z = false;
    let mut result_prefix = None;
    for item in &exchange.items {
        match item {
            Item::Module(line) if line == ">" || line == "CONNECT" => opened = Some(line.as_str()),
            Item::HostData(text) => {
                let body = text.strip_suffix("<CTRL-Z>");
                ctrl_z = body.is_some();
                let body = body.unwrap_or(text);
                sent += placeholder_len(body).unwrap_or(body.len());
            }
            Item::Module(line)
                if opened == Some("CONNECT") && sent > 0 && result_prefix.is_none() =>
            {
                result_prefix = line.split_once(':').map(|(prefix, _)| intern(prefix));
            }
            _ => {}
        }
    }
    match opened? {
        ">" if ctrl_z => Some(DataPhase::PromptCtrlZ),
        ">" => Some(DataPhase::PromptExact(sent)),
        _ => Some(DataPhase::Connect {
            length: Some(sent),
            escape: None,
            idle_timeout: None,
            result_prefix,
        }),
    }
}

/// A `'static` copy of `text`, kept once per distinct text (the runtime's
/// names and prefixes are `'static`; the test process ends soon after).
fn intern(text: &str) -> &'static str {
    static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = seen.get(text) {
        return known;
    }
    let kept: &'static str = Box::leak(text.to_owned().into_boxed_str());
    seen.insert(kept);
    kept
}

impl Command for Foreign {
    type Response = Vec<String>;
    type Outcome = ();
    type DataResult = String;

    fn name(&self) -> &'static str {
        self.name
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.line.as_bytes());
        out.push(b'\r');
    }
    fn redacted(&self) -> String {
        self.line.clone()
    }
    fn timeout(&self) -> Duration {
        FOREIGN_TIMEOUT
    }
    fn claim(&self, line: &str) -> Claim {
        match self.info.iter().any(|l| l == line) {
            true => Claim::Mine,
            false => Claim::NotMine,
        }
    }
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Vec<String>, ParseError> {
        let lines = lines.iter().map(|l| match l {
            ResponseLine::Line(line) => line.clone(),
            ResponseLine::Payload(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        });
        Ok(lines.collect())
    }
    fn data_phase(&self) -> Option<DataPhase> {
        self.phase.clone()
    }
    fn parse_data_result(&self, line: &str) -> Result<String, ParseError> {
        Ok(line.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::ExamplesFile;

    fn foreign(text: &str) -> Foreign {
        let file = ExamplesFile::parse_or_panic(&format!("## 1 T\n{text}"));
        Foreign::from_exchange(&file.sections[0].exchanges[0])
    }

    #[test]
    fn takes_exactly_the_lines_the_file_shows() {
        let cmd = foreign("> AT+SAPBR=2,1\n< +SAPBR:1,1,\"10.89.193.1\"\n< OK\n");
        assert_eq!(cmd.name(), "SAPBR");
        assert_eq!(cmd.claim("+SAPBR:1,1,\"10.89.193.1\""), Claim::Mine);
        assert_eq!(cmd.claim("+SAPBR:1,1,\"10.89.193.2\""), Claim::NotMine);
        assert_eq!(cmd.data_phase(), None);
    }

    #[test]
    fn a_connect_phase_takes_the_bytes_shown_and_awaits_the_next_line() {
        let cmd =
            foreign("> AT+QFUPL=\"x\",200\n< CONNECT\n>> <200 bytes>\n< +QFUPL: 200,707\n< OK\n");
        assert_eq!(
            cmd.data_phase(),
            Some(DataPhase::Connect {
                length: Some(200),
                escape: None,
                idle_timeout: None,
                result_prefix: Some("+QFUPL"),
            })
        );
        let prompt = foreign("> AT+X\n< >\n>> abc<CTRL-Z>\n< OK\n");
        assert_eq!(prompt.data_phase(), Some(DataPhase::PromptCtrlZ));
        let exact = foreign("> AT+X=3\n< >\n>> abc\n< OK\n");
        assert_eq!(exact.data_phase(), Some(DataPhase::PromptExact(3)));
    }
}
