//! Fault injection: a script of what goes wrong, each fault waiting for the
//! next command line (or the next line of one named command).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use at_spec::ir::{Dialect, ErrorKind};
use atspec_interp::{error_line, final_result};

/// One thing that goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The command is answered with this line instead (a final result such
    /// as `ERROR` or `BUSY`, or one of the dialect's error lines; an `error
    /// line` kind is followed by `ERROR`). Build it with [`Fault::answer`].
    Answer(String),
    /// The completion URC of the command carries these values instead of its
    /// success (field name, value name or number), e.g. `("code", "AuthFailed")`.
    Completion(Vec<(String, String)>),
    /// No answer at all.
    Silence,
    /// These lines come right before the answer (they must be URCs of the
    /// dialect, checked by [`Fault::burst`]).
    Burst(Vec<String>),
    /// Command echo is turned on, then the command is answered normally.
    EchoOn,
    /// The module restarts: it answers with these banner lines only, forgets
    /// every setting and turns echo back to its power-on state.
    Reboot(Vec<String>),
    /// The first information line of the answer is lost (the final result
    /// when there is none).
    DropLine,
}

impl Fault {
    /// An answer with a final result or an error line of `dialect`; refused
    /// (with the reason) when the line is neither.
    pub fn answer(dialect: &Dialect, line: &str) -> Result<Fault, String> {
        if final_result(line).is_some() || error_line(dialect, line).is_some() {
            return Ok(Fault::Answer(line.to_owned()));
        }
        let declared = dialect.final_errors.iter().any(|d| d.text == line);
        if declared {
            return Ok(Fault::Answer(line.to_owned()));
        }
        Err(format!(
            "`{line}` is neither a final result nor an error line of {}",
            dialect.name
        ))
    }

    /// A burst of URC lines, each checked to be a URC of `dialect`.
    pub fn burst(dialect: &Dialect, lines: &[&str]) -> Result<Fault, String> {
        for line in lines {
            if atspec_interp::match_urc(dialect, line).is_err() {
                return Err(format!("`{line}` is not a URC of {}", dialect.name));
            }
        }
        Ok(Fault::Burst(
            lines.iter().map(|l| (*l).to_owned()).collect(),
        ))
    }
}

/// The lines a [`Fault::Answer`] sends: an `error line` is followed by `ERROR`.
pub fn answer_lines(dialect: &Dialect, line: &str) -> Vec<String> {
    match error_line(dialect, line) {
        Some(e) if e.kind == ErrorKind::Line => vec![line.to_owned(), String::from("ERROR")],
        _ => vec![line.to_owned()],
    }
}

/// A scheduled fault and the command it waits for (`None`: any).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Planned {
    command: Option<String>,
    fault: Fault,
}

/// The fault script of a running simulator, shared with the test that drives it.
#[derive(Clone, Debug, Default)]
pub struct Faults(Arc<Mutex<VecDeque<Planned>>>);

impl Faults {
    /// `fault` hits the next command line.
    pub fn next(&self, fault: Fault) {
        self.push(None, fault);
    }

    /// `fault` hits the next line of command `name` (`SMTPSEND`, without `AT+`).
    pub fn on(&self, name: &str, fault: Fault) {
        self.push(Some(name.to_ascii_uppercase()), fault);
    }

    fn push(&self, command: Option<String>, fault: Fault) {
        self.lock().push_back(Planned { command, fault });
    }

    /// Takes the first fault waiting for a line of `command`, if any.
    pub fn take(&self, command: Option<&str>) -> Option<Fault> {
        let mut list = self.lock();
        let at = list.iter().position(|p| match (&p.command, command) {
            (None, _) => true,
            (Some(want), Some(got)) => want.eq_ignore_ascii_case(got),
            (Some(_), None) => false,
        })?;
        list.remove(at).map(|p| p.fault)
    }

    /// How many faults have not hit yet.
    pub fn pending(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Planned>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
