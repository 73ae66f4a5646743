//! The decoding state machine: lines in capture order, placed one by one.

use at_spec::ir::{Completion, DataPhase, Dialect, ErrorKind, Form, Repeat, Shape, Urc};
use atspec_interp::{
    connect, error_line, final_result, is_prompt, match_shape, match_urc, parse_command,
    split_command, CommandError, Final, Follows, Matched, Mismatch, Value,
};

use crate::input::{Direction, LogLine};
use crate::mask::mask_line;
use crate::report::{CommandInfo, Entry, Exchange, Field, Kind, Problem, ProblemKind, Report};

/// Where the current command is in its answer.
#[derive(Default)]
struct Cur<'d> {
    /// The form, when the dialect knows the command.
    form: Option<&'d Form>,
    /// The command line as sent (for echo detection).
    sent: String,
    /// Command name as it appears in its answer prefix (`+NAME`), for unknown commands.
    name: String,
    /// Capture line of the command.
    line: usize,
    /// Next response item to try.
    item: usize,
    /// Which items matched at least once.
    matched: Vec<bool>,
    /// The final result arrived.
    done: bool,
    /// No modem line placed since the command (an identical line is its echo).
    fresh: bool,
    /// Inside a data phase (`>` or `CONNECT`): host data until a final or result line.
    data: bool,
    /// Raw payload bytes still expected, and payload lines taken so far.
    payload: Option<(usize, usize)>,
    /// Free text until the final result.
    text: bool,
    /// The last vendor error line's note, shown with the `ERROR` it explains.
    error_note: Option<String>,
}

/// A completion URC awaited after an `OK`.
struct Pending<'d> {
    urc: &'d Urc,
    completion: &'d Completion,
    command: String,
    line: usize,
    exchange: usize,
}

/// At most this many names of unknown commands are remembered.
const MAX_FOREIGN: usize = 256;

/// Decodes the lines of a capture.
pub(crate) struct Decoder<'d> {
    d: &'d Dialect,
    report: Report,
    cur: Option<Cur<'d>>,
    pending: Vec<Pending<'d>>,
    /// Names of commands seen in the log that the dialect does not have.
    foreign: Vec<String>,
}

impl<'d> Decoder<'d> {
    pub fn new(d: &'d Dialect) -> Self {
        Decoder {
            d,
            report: Report {
                dialect: d.name.clone(),
                exchanges: Vec::new(),
            },
            cur: None,
            pending: Vec::new(),
            foreign: Vec::new(),
        }
    }

    pub fn finish(mut self) -> Report {
        self.close();
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            let msg = format!(
                "the completion {} of AT+{} (line {}) never came",
                p.urc.name, p.command, p.line
            );
            if let Some(e) = self.report.exchanges.get_mut(p.exchange) {
                e.problems.push(Problem {
                    line: p.line,
                    kind: ProblemKind::MissingCompletion,
                    message: msg,
                });
            }
        }
        self.report
    }

    fn exchange(&mut self) -> &mut Exchange {
        if self.report.exchanges.is_empty() {
            self.report.exchanges.push(Exchange::default());
        }
        let last = self.report.exchanges.len() - 1;
        &mut self.report.exchanges[last]
    }

    fn push(&mut self, l: &LogLine, kind: Kind, name: &str, fields: Vec<Field>, note: String) {
        let text = mask_line(self.d, &l.text, self.cur.as_ref().and_then(|c| c.form));
        let entry = Entry {
            line: l.no,
            dir: l.dir,
            text,
            kind,
            name: name.to_owned(),
            fields,
            note,
        };
        if let Some(c) = self.cur.as_mut() {
            if kind != Kind::Command {
                c.fresh = false;
            }
        }
        self.exchange().lines.push(entry);
    }

    fn problem(&mut self, line: usize, kind: ProblemKind, message: String) {
        self.exchange().problems.push(Problem {
            line,
            kind,
            message,
        });
    }

    /// Places one line.
    pub fn line(&mut self, l: &LogLine) {
        if self.payload_line(l) || self.data_line(l) {
            return;
        }
        if is_host_line(l) {
            return self.host_line(l);
        }
        self.modem_line(l);
    }

    fn payload_line(&mut self, l: &LogLine) -> bool {
        let Some(c) = self.cur.as_mut() else {
            return false;
        };
        let Some((left, taken)) = c.payload else {
            return false;
        };
        // With CRLF on the wire each line end counts 2 bytes, not 1: a final
        // result within that slack ends the payload.
        if final_result(&l.text).is_some() && left <= taken + 1 {
            c.payload = None;
            return false;
        }
        let after = left.saturating_sub(l.text.len());
        c.payload = (after > 1).then(|| (after - 1, taken + 1));
        self.push(l, Kind::Payload, "", Vec::new(), String::new());
        true
    }

    fn data_line(&mut self, l: &LogLine) -> bool {
        let Some(c) = self.cur.as_ref() else {
            return false;
        };
        if !c.data || self.ends_data(&l.text) {
            return false;
        }
        let ended = l.text.contains(['\u{1a}', '\u{1b}']);
        let note = if let Some(note) = self.escape_note(&l.text) {
            note
        } else if l.text.contains('\u{1b}') {
            String::from("ESC: data entry cancelled")
        } else if ended {
            String::from("Ctrl-Z: end of data")
        } else {
            String::new()
        };
        self.push(l, Kind::Data, "", Vec::new(), note);
        if ended {
            if let Some(c) = self.cur.as_mut() {
                c.data = false;
            }
        }
        true
    }

    /// The note on a host line that is the connect phase's escape sequence.
    fn escape_note(&self, text: &str) -> Option<String> {
        let form = self.cur.as_ref()?.form?;
        let Some(DataPhase::Connect(p)) = &form.data else {
            return None;
        };
        let (seq, _) = p.escape.as_ref().filter(|(seq, _)| seq == text)?;
        Some(match (&p.length, p.at_most) {
            (Some(len), true) => {
                format!(
                    "escape {seq}: data entry ends before <{len}> bytes (the length is a bound)"
                )
            }
            _ => format!("escape {seq}: end of data"),
        })
    }

    fn ends_data(&self, text: &str) -> bool {
        final_result(text).is_some()
            || error_line(self.d, text).is_some()
            || self.connect_result(text).is_some()
    }

    fn connect_result(&self, text: &str) -> Option<Matched> {
        let form = self.cur.as_ref()?.form?;
        match &form.data {
            Some(DataPhase::Connect(p)) => {
                let shape = p.result.as_ref()?;
                match_shape(self.d, shape, text).ok()
            }
            _ => None,
        }
    }

    fn host_line(&mut self, l: &LogLine) {
        if let Some(c) = &self.cur {
            if c.fresh && c.sent == l.text && !l.glued {
                return self.push(l, Kind::Echo, "", Vec::new(), String::new());
            }
        }
        self.close();
        self.report.exchanges.push(Exchange::default());
        let mut cur = Cur {
            sent: l.text.clone(),
            line: l.no,
            fresh: true,
            ..Cur::default()
        };
        if l.glued {
            self.problem(
                l.no,
                ProblemKind::GluedCommand,
                String::from("host command glued to the previous line (a line end was lost)"),
            );
        }
        let info = match parse_command(self.d, &l.text) {
            Ok(cmd) => {
                cur.form = Some(cmd.form);
                cur.name = cmd.command.name.clone();
                cur.matched = vec![false; cmd.form.response.items.len()];
                CommandInfo {
                    name: cmd.command.name.clone(),
                    form: atspec_interp::kind_word(cmd.kind()).to_owned(),
                    doc: cmd.command.doc.clone(),
                    params: cmd
                        .params
                        .iter()
                        .filter(|p| !p.value.is_absent())
                        .map(Field::from_named)
                        .collect(),
                }
            }
            Err(e) => self.refused(l, &e, &mut cur),
        };
        self.cur = Some(cur);
        let name = info.name.clone();
        let note = info.doc.clone();
        let fields = info.params.clone();
        self.exchange().command = Some(info);
        self.push(l, Kind::Command, &name, fields, note);
    }

    fn refused(&mut self, l: &LogLine, e: &CommandError, cur: &mut Cur<'d>) -> CommandInfo {
        let (name, form) = match split_command(&l.text) {
            Ok((name, kind, _)) => (name.to_owned(), atspec_interp::kind_word(kind).to_owned()),
            Err(_) => (l.text.clone(), String::from("basic")),
        };
        cur.name = name.clone();
        let kind = match e {
            CommandError::Basic(_) | CommandError::NotAt => None,
            CommandError::UnknownCommand(_) => Some(ProblemKind::UnknownCommand),
            _ => Some(ProblemKind::BadParameter),
        };
        if let Some(kind) = kind {
            self.problem(l.no, kind, e.to_string());
        }
        // Bounded: a log of many unknown commands keeps the first ones.
        if matches!(e, CommandError::UnknownCommand(_))
            && self.foreign.len() < MAX_FOREIGN
            && !self.foreign.contains(&name)
        {
            self.foreign.push(name.clone());
        }
        CommandInfo {
            name,
            form,
            doc: String::new(),
            params: Vec::new(),
        }
    }

    /// Ends the current exchange: a missing final result is a problem.
    fn close(&mut self) {
        let Some(c) = self.cur.take() else {
            return;
        };
        if !c.done {
            self.problem(
                c.line,
                ProblemKind::MissingFinal,
                format!("no final result for {}", c.sent_redacted(self.d)),
            );
        }
    }

    fn modem_line(&mut self, l: &LogLine) {
        let text = l.text.as_str();
        if let Some(f) = final_result(text) {
            return self.final_line(l, f);
        }
        if let Some(e) = error_line(self.d, text) {
            let note = e.code.to_string();
            if e.kind == ErrorKind::Final {
                self.push(l, Kind::Final, &e.prefix, Vec::new(), note.clone());
                self.failed(l, &format!("{}: {note}", e.prefix));
                return;
            }
            if let Some(c) = self.cur.as_mut() {
                c.error_note = Some(format!("{}: {note}", e.prefix));
            }
            return self.push(l, Kind::ErrorLine, &e.prefix, Vec::new(), note);
        }
        if self.in_text() && match_urc(self.d, text).is_err() {
            return self.push(l, Kind::Payload, "", Vec::new(), String::new());
        }
        if self.phase_line(l)
            || self.completion(l)
            || self.response(l)
            || self.urc(l)
            || self.foreign_urc(l)
        {
            return;
        }
        self.unplaced(l);
    }

    fn in_text(&self) -> bool {
        self.cur.as_ref().is_some_and(|c| c.text && !c.done)
    }

    fn final_line(&mut self, l: &LogLine, f: Final) {
        let note = match self.cur.as_ref().and_then(|c| c.error_note.clone()) {
            Some(n) if !f.is_ok() => format!("{} ({n})", f.meaning()),
            _ => f.meaning().to_owned(),
        };
        let Some(c) = self.cur.as_mut() else {
            self.push(l, Kind::Final, &f.to_string(), Vec::new(), note);
            return self.problem(
                l.no,
                ProblemKind::Unrecognised,
                format!("{f} with no command before it"),
            );
        };
        let missing = !c.done && f.is_ok() && c.missing_item().is_some();
        let first_final = !c.done;
        c.done = true;
        c.data = false;
        c.text = false;
        let form = c.form;
        let (line, name) = (c.line, c.name.clone());
        self.push(l, Kind::Final, &f.to_string(), Vec::new(), note.clone());
        if !first_final {
            return self.problem(
                l.no,
                ProblemKind::Unrecognised,
                format!("a second final result {f}"),
            );
        }
        if missing {
            self.problem(
                l.no,
                ProblemKind::MissingResponse,
                format!("AT+{name} answered {f} without the response line the spec requires"),
            );
        }
        if !f.is_ok() {
            return self.failed(l, &format!("{f}: {note}"));
        }
        if let Some(completion) = form.and_then(|f| f.completion.as_ref()) {
            if let Some(urc) = self.d.urc(&completion.urc) {
                let exchange = self.report.exchanges.len() - 1;
                self.pending.push(Pending {
                    urc,
                    completion,
                    command: name,
                    line,
                    exchange,
                });
            }
        }
    }

    fn failed(&mut self, l: &LogLine, what: &str) {
        if let Some(c) = self.cur.as_mut() {
            c.done = true;
            c.data = false;
        }
        let sent = self
            .cur
            .as_ref()
            .map(|c| c.sent_redacted(self.d))
            .unwrap_or_default();
        self.problem(
            l.no,
            ProblemKind::CommandFailed,
            format!("{sent} failed: {what}"),
        );
    }

    /// `>`, `CONNECT` and the line closing a CONNECT phase.
    fn phase_line(&mut self, l: &LogLine) -> bool {
        let Some(c) = self.cur.as_ref() else {
            return false;
        };
        let data = c.form.and_then(|f| f.data.as_ref());
        let prompt = matches!(
            data,
            Some(DataPhase::PromptCtrlZ | DataPhase::PromptExact(_))
        );
        let connects = matches!(data, Some(DataPhase::Connect(_)));
        if is_prompt(&l.text) && prompt {
            self.set_data();
            self.push(
                l,
                Kind::Prompt,
                ">",
                Vec::new(),
                String::from("module waits for the data"),
            );
            return true;
        }
        if connect(&l.text).is_some() && connects {
            self.set_data();
            self.push(
                l,
                Kind::Connect,
                "CONNECT",
                Vec::new(),
                String::from("data phase starts"),
            );
            return true;
        }
        if let Some(m) = self.connect_result(&l.text) {
            if let Some(c) = self.cur.as_mut() {
                c.data = false;
            }
            let fields = m.values.iter().map(Field::from_named).collect();
            self.push(
                l,
                Kind::DataResult,
                "",
                fields,
                String::from("data phase result"),
            );
            return true;
        }
        false
    }

    fn set_data(&mut self) {
        if let Some(c) = self.cur.as_mut() {
            c.data = true;
        }
    }

    fn completion(&mut self, l: &LogLine) -> bool {
        let Some(i) = self
            .pending
            .iter()
            .position(|p| match_shape(self.d, &p.urc.shape, &l.text).is_ok())
        else {
            return false;
        };
        let p = self.pending.remove(i);
        let Ok(m) = match_shape(self.d, &p.urc.shape, &l.text) else {
            return false;
        };
        let name = qualified(&p.urc.name, m.alternative.as_deref());
        let fields = m.values.iter().map(Field::from_named).collect();
        let judged = atspec_interp::succeeded(p.completion, &m);
        let mut note = format!("completion of AT+{} (line {})", p.command, p.line);
        if judged.is_none() {
            note.push_str("; the spec declares no success, so the outcome is not judged");
        }
        self.push(l, Kind::Completion, &name, fields, note);
        if judged == Some(false) {
            let code = failure_detail(&m);
            let prefix = atspec_interp::shape_prefixes(&p.urc.shape)
                .first()
                .copied()
                .unwrap_or("")
                .to_owned();
            self.problem(
                l.no,
                ProblemKind::FailureCompletion,
                format!("AT+{} failed: {prefix}: {code}", p.command),
            );
        }
        true
    }

    fn response(&mut self, l: &LogLine) -> bool {
        let Some(c) = self.cur.as_ref() else {
            return false;
        };
        if c.done {
            return false;
        }
        let Some(form) = c.form else {
            return self.foreign_answer(l);
        };
        let start = c.item;
        for (idx, item) in form.response.items.iter().enumerate().skip(start) {
            let Ok(m) = match_shape(self.d, &item.shape, &l.text) else {
                continue;
            };
            let name = response_name(form, idx, m.alternative.as_deref());
            let fields = m.values.iter().map(Field::from_named).collect();
            let payload = m.payload;
            if let Some(c) = self.cur.as_mut() {
                c.item = if item.repeat == Repeat::Many {
                    idx
                } else {
                    idx + 1
                };
                if let Some(slot) = c.matched.get_mut(idx) {
                    *slot = true;
                }
                match payload {
                    Follows::Bytes(n) if n > 0 => c.payload = Some((n, 0)),
                    Follows::Text => c.text = true,
                    _ => {}
                }
                if matches!(item.shape, Shape::Text) {
                    c.text = true;
                }
                // A chunked phase: the granted bytes follow the response line.
                if matches!(form.data, Some(DataPhase::Chunked(_))) {
                    c.data = true;
                }
            }
            self.push(l, Kind::Response, &name, fields, String::new());
            return true;
        }
        false
    }

    /// The answer of a command the dialect does not have: kept with it, untyped.
    fn foreign_answer(&mut self, l: &LogLine) -> bool {
        if match_urc(self.d, &l.text).is_ok() {
            return false;
        }
        self.push(
            l,
            Kind::Response,
            "",
            Vec::new(),
            String::from("answer to a command the spec does not describe (not typed)"),
        );
        true
    }

    /// A line that starts with the name of a command seen earlier in the
    /// log that the dialect does not have (`+SAPBR 1: DEACT` after
    /// `AT+SAPBR=...`): shown as that command's unsolicited line, untyped.
    fn foreign_urc(&mut self, l: &LogLine) -> bool {
        let Some(name) = self.foreign.iter().find(|n| foreign_prefix(&l.text, n)) else {
            return false;
        };
        let note = format!(
            "unsolicited line of AT+{name}, a command the spec does not describe (not typed)"
        );
        self.push(l, Kind::Urc, "", Vec::new(), note);
        true
    }

    fn urc(&mut self, l: &LogLine) -> bool {
        let Ok(u) = match_urc(self.d, &l.text) else {
            return false;
        };
        let name = qualified(&u.urc.name, u.matched.alternative.as_deref());
        let fields = u.matched.values.iter().map(Field::from_named).collect();
        self.push(l, Kind::Urc, &name, fields, u.urc.doc.clone());
        true
    }

    /// A line nothing took: say the nearest reason.
    fn unplaced(&mut self, l: &LogLine) {
        let (reason, kind) = self.why_unplaced(&l.text);
        self.push(l, Kind::Unrecognised, "", Vec::new(), reason.clone());
        self.problem(l.no, kind, format!("line {}: {reason}", l.no));
    }

    fn why_unplaced(&self, text: &str) -> (String, ProblemKind) {
        let near_item = self.cur.as_ref().and_then(|c| {
            let form = c.form?;
            form.response.items.iter().find_map(|item| {
                match_shape(self.d, &item.shape, text)
                    .err()
                    .filter(Mismatch::prefix_matched)
                    .map(|m| (format!("AT+{} response: {m}", c.name), m))
            })
        });
        let near = near_item.or_else(|| match match_urc(self.d, text) {
            Err(Some((urc, m))) => Some((format!("URC {}: {m}", urc.name), m)),
            _ => None,
        });
        if let Some((reason, m)) = near {
            let kind = match m {
                Mismatch::Extra { .. } => ProblemKind::ExtraFields,
                _ => ProblemKind::ResponseMismatch,
            };
            return (reason, kind);
        }
        if let Some(other) = self.other_command_prefix(text) {
            let of = self
                .cur
                .as_ref()
                .map(|c| format!(", not of AT+{}", c.name))
                .unwrap_or_default();
            return (
                format!("shaped like an answer of AT+{other}{of}"),
                ProblemKind::ResponseMismatch,
            );
        }
        if self.cur.as_ref().is_some_and(|c| c.done) || self.cur.is_none() {
            return (
                String::from("not a line of this dialect"),
                ProblemKind::Unrecognised,
            );
        }
        (
            String::from("not part of this command's answer"),
            ProblemKind::ResponseMismatch,
        )
    }

    fn other_command_prefix(&self, text: &str) -> Option<String> {
        let key = text.split(':').next()?;
        self.d.commands.iter().find_map(|c| {
            c.forms
                .iter()
                .flat_map(|f| f.response.items.iter())
                .find_map(|i| {
                    atspec_interp::shape_prefixes(&i.shape)
                        .contains(&key)
                        .then(|| c.name.clone())
                })
        })
    }
}

impl Cur<'_> {
    /// The first response item the spec requires that has not come.
    fn missing_item(&self) -> Option<usize> {
        let form = self.form?;
        form.response
            .items
            .iter()
            .enumerate()
            .find(|(i, it)| {
                it.repeat == Repeat::One
                    && !matches!(it.shape, Shape::Text)
                    && !self.matched.get(*i).copied().unwrap_or(true)
            })
            .map(|(i, _)| i)
    }

    fn sent_redacted(&self, d: &Dialect) -> String {
        atspec_interp::redact_line(d, &self.sent)
    }
}

/// Whether a line is a host command line (by its mark, or by its text).
fn is_host_line(l: &LogLine) -> bool {
    if l.dir == Some(Direction::Modem) && !l.glued {
        // An echo is marked as modem output but is still the command's text.
        return l
            .text
            .get(..2)
            .is_some_and(|s| s.eq_ignore_ascii_case("AT"));
    }
    l.text
        .get(..2)
        .is_some_and(|s| s.eq_ignore_ascii_case("AT"))
}

/// Whether `text` is `+<name>` followed by `:`, a space or nothing.
fn foreign_prefix(text: &str, name: &str) -> bool {
    text.strip_prefix('+')
        .and_then(|t| t.strip_prefix(name))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', ' ']))
}

fn qualified(name: &str, alternative: Option<&str>) -> String {
    match alternative {
        Some(a) => format!("{name}.{a}"),
        None => name.to_owned(),
    }
}

fn response_name(form: &Form, idx: usize, alternative: Option<&str>) -> String {
    let base = if form.response.items.len() > 1 {
        format!("item{}", idx + 1)
    } else {
        String::from("response")
    };
    qualified(&base, alternative)
}

/// What a failed completion says: its first code-table field with its
/// meaning, else its first field, else the alternative's name.
fn failure_detail(m: &Matched) -> String {
    let code = m
        .values
        .iter()
        .find(|v| matches!(v.value, Value::Code { .. }))
        .or_else(|| m.values.first());
    match (code, &m.alternative) {
        (Some(v), _) => v.value.to_string(),
        (None, Some(a)) => a.clone(),
        (None, None) => String::from("failure"),
    }
}
