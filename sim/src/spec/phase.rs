//! Data phases as the spec declares them: prompts, exact lengths, `CONNECT`
//! with its ends, and URC-driven chunk windows.

use std::time::Duration;

use at_spec::ir::{ConnectPhase, DataPhase, Dialect, FormKind, Timeout, ValueField};
use atspec_interp::{lookup, NamedValue, Value};

use crate::engine::{ConnectEnd, Mode};

use super::answer::Line;
use super::behaviour::Action;
use super::fill::{write_line, write_shape};
use super::modem::{DataWait, SpecModem, Waiting};
use super::reply::Answer;

/// Largest chunked transfer kept (a bigger one fails the transfer).
pub const MAX_TRANSFER: usize = 16 * 1024 * 1024;

/// The integer parameter `name` of a command line, as a byte count.
fn count(params: &[NamedValue], name: &str) -> Result<usize, String> {
    lookup(params, name)
        .and_then(Value::as_int)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("the length parameter `{name}` was not given"))
}

/// A timeout of the spec, with the command line's parameters.
fn duration(timeout: &Timeout, params: &[NamedValue]) -> Duration {
    let seconds = |p: &str| {
        lookup(params, p)
            .and_then(Value::as_int)
            .and_then(|n| u64::try_from(n).ok())
            .map(Duration::from_secs)
    };
    match timeout {
        Timeout::Fixed(d) => *d,
        Timeout::Param(p, fallback) => seconds(p).unwrap_or(*fallback),
        Timeout::Margin {
            param, fallback, ..
        } => seconds(param).unwrap_or(*fallback),
    }
}

impl SpecModem {
    /// Opens the data phase of a command that was just accepted.
    pub(crate) fn open_phase(
        &mut self,
        _dialect: &Dialect,
        wait: DataWait,
        answer: &mut Answer,
    ) -> Result<(), String> {
        answer.last.clear();
        answer.mode = match &wait.phase {
            DataPhase::PromptCtrlZ => Mode::CtrlZ,
            DataPhase::PromptExact(p) => {
                answer.prompt = b"\r\n> ".to_vec();
                Mode::Exact(count(&wait.params, p)?)
            }
            DataPhase::PromptLine { prompt, length } => {
                answer.after.push(prompt.clone());
                Mode::Exact(count(&wait.params, length)?)
            }
            DataPhase::Connect(c) => {
                if c.after_ok {
                    answer.last.push(String::from("OK"));
                }
                answer.after.push(String::from("CONNECT"));
                Mode::Connect(self.connect_end(c, &wait.params)?)
            }
            DataPhase::Chunked(_) => {
                return Err(String::from(
                    "a chunk was asked for while no chunked transfer is open",
                ))
            }
        };
        self.waiting = Waiting::Data(Box::new(wait));
        Ok(())
    }

    fn connect_end(&self, c: &ConnectPhase, params: &[NamedValue]) -> Result<ConnectEnd, String> {
        let length = match &c.length {
            Some(p) => Some(count(params, p)?),
            None => None,
        };
        Ok(ConnectEnd {
            length,
            max: c.max.and_then(|m| usize::try_from(m).ok()),
            escape: c.escape.as_ref().map(|(seq, guard)| {
                (
                    seq.as_bytes().to_vec(),
                    self.options.guard.unwrap_or(*guard),
                )
            }),
            idle: c.idle_timeout.as_ref().map(|t| duration(t, params)),
        })
    }

    /// The data of a phase arrived: stored, then the result the spec declares.
    pub(crate) fn end_phase(
        &mut self,
        dialect: &Dialect,
        wait: DataWait,
        bytes: Vec<u8>,
        cancelled: bool,
    ) -> Result<Answer, String> {
        if cancelled {
            // ESC after a `>` prompt: nothing stored, OK; past a CONNECT
            // phase's maximum: refused.
            return Ok(match wait.phase {
                DataPhase::PromptCtrlZ => Answer::fin("OK"),
                _ => Answer::fin("ERROR"),
            });
        }
        let len = bytes.len();
        self.settings.attach(&wait.slot, bytes);
        self.behaviour
            .on_data(dialect, &wait.command, &mut self.settings);
        let mut answer = Answer::fin("OK");
        if let DataPhase::Connect(c) = &wait.phase {
            if let Some(result) = &c.result {
                let lookup = |f: &ValueField| match f.ty {
                    at_spec::ir::Type::Int(_) => i64::try_from(len).ok().map(Value::Int),
                    _ => None,
                };
                let text =
                    write_shape(dialect, result, None, &lookup).map_err(|e| e.to_string())?;
                answer.lines.push(Line {
                    text,
                    raw: Vec::new(),
                });
                if c.after_ok {
                    answer.last.clear();
                }
            }
        }
        if let Some(completion) = &wait.completion {
            self.complete(
                dialect,
                &wait.command,
                completion,
                &Action::default(),
                &mut answer,
            )?;
        }
        Ok(answer)
    }

    /// The URC line that opens a chunk window of the chunk command `command`.
    pub(crate) fn ready_line(&self, dialect: &Dialect, command: &str) -> Result<String, String> {
        let phase = chunked_phase(dialect, command)?;
        let (urc_name, field) = &phase.ready;
        let urc = dialect
            .urc(urc_name)
            .ok_or_else(|| format!("the spec has no URC {urc_name}"))?;
        let window = i64::try_from(self.options.chunk_window).unwrap_or(i64::MAX);
        let lookup = |f: &ValueField| (f.name == *field).then_some(Value::Int(window));
        write_shape(dialect, &urc.shape, None, &lookup).map_err(|e| e.to_string())
    }

    /// A chunk request during a transfer: a window granted, or the end.
    pub(crate) fn chunk_request(
        &mut self,
        dialect: &Dialect,
        cmd: &atspec_interp::HostCommand<'_>,
    ) -> Result<Answer, String> {
        let phase = chunked_phase(dialect, &cmd.command.name)?;
        let wanted = count(&cmd.params, &phase.request)?;
        if wanted == 0 {
            let Some(transfer) = self.transfer.take() else {
                return Ok(Answer::fin("ERROR"));
            };
            let action = self.behaviour.on_chunks_done(
                dialect,
                &transfer.sender,
                transfer.bytes,
                &mut self.settings,
            );
            let mut answer = Answer::fin("OK");
            let mut done = transfer.completion.clone();
            done.after_chunks = None;
            self.complete(dialect, &transfer.sender, &done, &action, &mut answer)?;
            return Ok(answer);
        }
        if wanted > self.options.chunk_window {
            return Ok(Answer::fin("ERROR"));
        }
        let granted = i64::try_from(wanted).unwrap_or(i64::MAX);
        let mut answer = Answer::default();
        for item in &cmd.form.response.items {
            let field = &phase.granted;
            let lookup = |f: &ValueField| (f.name == *field).then_some(Value::Int(granted));
            if let Some((_, shape)) = super::fill::alternatives(&item.shape).into_iter().next() {
                let text = write_line(dialect, shape, &lookup).map_err(|e| e.to_string())?;
                answer.lines.push(Line {
                    text,
                    raw: Vec::new(),
                });
            }
        }
        answer.mode = Mode::Exact(wanted);
        self.waiting = Waiting::Chunk;
        Ok(answer)
    }

    /// The bytes of a granted chunk arrived: kept, `OK`, the next window.
    pub(crate) fn end_chunk(
        &mut self,
        dialect: &Dialect,
        bytes: Vec<u8>,
    ) -> Result<Answer, String> {
        let Some(transfer) = self.transfer.as_mut() else {
            return Ok(Answer::fin("ERROR"));
        };
        if transfer.bytes.len() + bytes.len() > MAX_TRANSFER {
            self.transfer = None;
            return Ok(Answer::fin("ERROR"));
        }
        transfer.bytes.extend_from_slice(&bytes);
        let command = transfer.command.clone();
        let mut answer = Answer::fin("OK");
        let ready = self.ready_line(dialect, &command)?;
        answer.later.push((self.options.completion_delay, ready));
        Ok(answer)
    }
}

/// The chunked phase of command `command`'s write form.
fn chunked_phase<'d>(
    dialect: &'d Dialect,
    command: &str,
) -> Result<&'d at_spec::ir::ChunkedPhase, String> {
    dialect
        .command(command)
        .into_iter()
        .flat_map(|c| c.forms_of(FormKind::Write))
        .find_map(|f| match &f.data {
            Some(DataPhase::Chunked(p)) => Some(p),
            _ => None,
        })
        .ok_or_else(|| format!("AT+{command} has no chunked data phase"))
}
