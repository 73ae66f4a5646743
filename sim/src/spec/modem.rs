//! The spec-driven module: every command line is read against the spec and
//! answered as the spec says, with what was set kept for read forms.

use std::sync::Arc;
use std::time::Duration;

use at_spec::ir::{Completion, DataPhase, Dialect, FormKind};
use atspec_interp::{parse_command, split_command, CommandError, HostCommand, NamedValue};

use crate::engine::{Personality, Reply};

use super::answer::{action_lines, read_lines, test_lines};
use super::behaviour::{Action, Behaviour, Generic};
use super::complete::completion_line;
use super::fault::{answer_lines, Fault, Faults};
use super::log::Log;
use super::reply::Answer;
use super::store::{slot, Entry, Settings};

/// How the simulated module behaves where the spec leaves a choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecOptions {
    /// Delay between `OK` and a completion URC (or a chunk window URC).
    pub completion_delay: Duration,
    /// The answer to a line the spec refuses (bad value, missing parameter,
    /// broken rule): `ERROR`, or one of the dialect's error lines.
    pub bad_input: String,
    /// The window offered for each chunk of a chunked transfer.
    pub chunk_window: usize,
    /// Quiet time after an escape sequence before data entry ends (the
    /// spec's guard time when `None`).
    pub guard: Option<Duration>,
    /// Command echo at power-on (on, as V.250 modules start).
    pub echo: bool,
}

impl Default for SpecOptions {
    fn default() -> Self {
        SpecOptions {
            completion_delay: Duration::from_millis(20),
            bad_input: String::from("ERROR"),
            chunk_window: 1024,
            guard: None,
            echo: true,
        }
    }
}

/// What the module waits for after a command opened a data phase.
#[derive(Debug, Default)]
pub(crate) enum Waiting {
    /// Nothing: command lines.
    #[default]
    Nothing,
    /// The data of a data phase.
    Data(Box<DataWait>),
    /// The bytes of one granted chunk.
    Chunk,
}

/// A data phase in progress.
#[derive(Debug)]
pub(crate) struct DataWait {
    pub slot: String,
    pub command: String,
    pub phase: DataPhase,
    pub completion: Option<Completion>,
    pub params: Vec<NamedValue>,
}

/// A chunked transfer asked for before a completion.
#[derive(Debug)]
pub(crate) struct Transfer {
    /// The command carrying the chunks (`SMTPFT`).
    pub command: String,
    /// The command whose completion follows the transfer.
    pub sender: String,
    /// That completion.
    pub completion: Completion,
    /// The bytes so far.
    pub bytes: Vec<u8>,
}

/// A module driven by a spec; run it with [`crate::Simulator::spawn`].
pub struct SpecModem {
    pub(crate) dialect: Arc<Dialect>,
    pub(crate) options: SpecOptions,
    pub(crate) settings: Settings,
    pub(crate) behaviour: Box<dyn Behaviour>,
    pub(crate) faults: Faults,
    pub(crate) log: Log,
    pub(crate) waiting: Waiting,
    pub(crate) transfer: Option<Transfer>,
    completion_fault: Option<Vec<(String, String)>>,
    /// The longest command line the spec allows.
    max_line: usize,
}

impl std::fmt::Debug for SpecModem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpecModem")
            .field("dialect", &self.dialect.name)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl SpecModem {
    /// The generic module of `dialect` (no mail behaviour).
    pub fn new(dialect: Arc<Dialect>) -> Self {
        let max_line = super::limits::longest_line(&dialect);
        SpecModem {
            max_line,
            dialect,
            options: SpecOptions::default(),
            settings: Settings::default(),
            behaviour: Box::new(Generic),
            faults: Faults::default(),
            log: Log::default(),
            waiting: Waiting::Nothing,
            transfer: None,
            completion_fault: None,
        }
    }

    /// Sets the options.
    pub fn with_options(mut self, options: SpecOptions) -> Self {
        self.options = options;
        self
    }

    /// Layers `behaviour` (e.g. a mail profile) on the module.
    pub fn with_behaviour(mut self, behaviour: Box<dyn Behaviour>) -> Self {
        self.behaviour = behaviour;
        self
    }

    /// The fault script (shared: faults pushed after spawning still hit).
    pub fn faults(&self) -> Faults {
        self.faults.clone()
    }

    /// The log of what the module received (shared).
    pub fn log(&self) -> Log {
        self.log.clone()
    }

    /// The dialect the module follows.
    pub fn dialect(&self) -> &Arc<Dialect> {
        &self.dialect
    }

    /// Answers one command line, faults applied.
    fn answer(&mut self, line: &str) -> Answer {
        let name = split_command(line)
            .ok()
            .map(|(n, _, _)| n.to_ascii_uppercase());
        let fault = self.faults.take(name.as_deref());
        let mut before = Vec::new();
        let mut drop = false;
        let mut echo = None;
        match fault {
            Some(Fault::Silence) => return Answer::default(),
            Some(Fault::Answer(l)) => {
                return Answer {
                    last: answer_lines(&self.dialect, &l),
                    ..Answer::default()
                };
            }
            Some(Fault::Reboot(banner)) => return self.reboot(banner),
            Some(Fault::Burst(lines)) => before = lines,
            Some(Fault::EchoOn) => echo = Some(true),
            Some(Fault::DropLine) => drop = true,
            Some(Fault::Completion(values)) => {
                if let Some(name) = &name {
                    self.behaviour.on_injected_failure(name);
                }
                self.completion_fault = Some(values);
            }
            None => {}
        }
        let mut answer = self.read_line(line);
        answer.before = before;
        answer.echo = echo.or(answer.echo);
        if drop {
            answer.drop_line();
        }
        answer
    }

    fn reboot(&mut self, banner: Vec<String>) -> Answer {
        self.settings.clear_all();
        self.transfer = None;
        self.waiting = Waiting::Nothing;
        Answer {
            before: banner,
            echo: Some(self.options.echo),
            ..Answer::default()
        }
    }

    /// Reads `line` against the spec and answers it.
    fn read_line(&mut self, line: &str) -> Answer {
        let dialect = Arc::clone(&self.dialect);
        let cmd = match parse_command(&dialect, line) {
            Ok(cmd) => cmd,
            Err(e) => return self.refuse(&e),
        };
        let answered = match cmd.kind() {
            FormKind::Test => test_lines(&dialect, cmd.command, cmd.form).map(Answer::ok),
            FormKind::Read => {
                read_lines(&dialect, cmd.command, cmd.form, &self.settings).map(Answer::ok)
            }
            FormKind::Write | FormKind::Exec => self.act(&dialect, &cmd),
        };
        answered.unwrap_or_else(|problem| {
            self.log.problem(format!("{}: {problem}", cmd.command.name));
            Answer::fin("ERROR")
        })
    }

    /// `ERROR` for what the module does not know, the bad-input answer for
    /// what the spec refuses.
    fn refuse(&self, e: &CommandError) -> Answer {
        self.log.problem(e.to_string());
        match e {
            CommandError::Param { .. }
            | CommandError::TooMany { .. }
            | CommandError::Rule { .. }
            | CommandError::UnknownKey { .. } => Answer {
                last: answer_lines(&self.dialect, &self.options.bad_input),
                ..Answer::default()
            },
            _ => Answer::fin("ERROR"),
        }
    }

    /// A write or exec line: stored, answered, data phase or completion.
    fn act(&mut self, dialect: &Dialect, cmd: &HostCommand<'_>) -> Result<Answer, String> {
        let name = cmd.command.name.clone();
        if self.transfer.as_ref().is_some_and(|t| t.command == name) {
            return self.chunk_request(dialect, cmd);
        }
        let given = Entry {
            params: cmd.params.clone(),
            data: None,
        };
        let (lines, query) = action_lines(dialect, cmd.command, cmd.form, &given, &self.settings)?;
        let slot = slot(&name, cmd.form.key.as_ref());
        let action = if query {
            Action::default()
        } else {
            self.settings.record(slot.clone(), cmd.params.clone());
            self.behaviour.on_action(dialect, cmd, &mut self.settings)
        };
        if let Some(problem) = &action.problem {
            self.log.problem(format!("{name}: {problem}"));
        }
        let mut answer = Answer::ok(action.response.clone().unwrap_or(lines));
        answer.lines.extend(action.lines.iter().cloned());
        if let Some(last) = action.final_line.clone() {
            answer.last = last;
            return Ok(answer);
        }
        match &cmd.form.data {
            Some(phase) => {
                let wait = DataWait {
                    slot,
                    command: name,
                    phase: phase.clone(),
                    completion: cmd.form.completion.clone(),
                    params: cmd.params.clone(),
                };
                self.open_phase(dialect, wait, &mut answer)?;
            }
            None => {
                if let Some(c) = &cmd.form.completion {
                    self.complete(dialect, &name, c, &action, &mut answer)?;
                }
            }
        }
        Ok(answer)
    }

    /// Schedules the completion (or the chunk transfer it waits for).
    pub(crate) fn complete(
        &mut self,
        dialect: &Dialect,
        command: &str,
        completion: &Completion,
        action: &Action,
        answer: &mut Answer,
    ) -> Result<(), String> {
        if let (Some(chunks), true) = (&completion.after_chunks, action.want_chunks) {
            let ready = self.ready_line(dialect, chunks)?;
            answer.later.push((self.options.completion_delay, ready));
            self.transfer = Some(Transfer {
                command: chunks.clone(),
                sender: command.to_owned(),
                completion: completion.clone(),
                bytes: Vec::new(),
            });
            return Ok(());
        }
        let values = self
            .completion_fault
            .take()
            .or_else(|| action.completion.clone())
            .unwrap_or_default();
        let alt = action.alternative.as_deref();
        let line = completion_line(dialect, completion, &values, alt)?;
        answer.later.push((self.options.completion_delay, line));
        Ok(())
    }
}

impl Personality for SpecModem {
    fn echo_at_start(&self) -> bool {
        self.options.echo
    }

    fn max_line(&self) -> usize {
        self.max_line
    }

    fn overflow(&mut self) -> Reply {
        self.log.problem(format!(
            "a data entry went past {} bytes with no end in sight: dropped",
            crate::MAX_ENTRY
        ));
        self.waiting = Waiting::Nothing;
        Answer::fin("ERROR").into_reply()
    }

    fn command(&mut self, line: &str) -> Reply {
        self.log.command(line);
        self.answer(line).into_reply()
    }

    fn data(&mut self, bytes: Vec<u8>, cancelled: bool) -> Reply {
        self.log.entry(&bytes);
        let dialect = Arc::clone(&self.dialect);
        let answer = match std::mem::take(&mut self.waiting) {
            Waiting::Data(wait) => self.end_phase(&dialect, *wait, bytes, cancelled),
            Waiting::Chunk => self.end_chunk(&dialect, bytes),
            Waiting::Nothing => Ok(Answer::fin("ERROR")),
        };
        answer
            .unwrap_or_else(|problem| {
                self.log.problem(problem);
                Answer::fin("ERROR")
            })
            .into_reply()
    }
}
