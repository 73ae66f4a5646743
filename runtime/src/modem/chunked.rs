//! URC-driven chunked transfers (SIM900 `AT+SMTPFT`).

use std::collections::VecDeque;
use std::io::{self, Read};
use std::time::{Duration, Instant};

use super::{Modem, Reply, SendOptions};
use crate::command::{Claim, Command, DataPhase, Dialect};
use crate::error::{Error, Stage};
use crate::router::{has_prefix, Event};

/// The largest chunk sent at once, whatever window the modem announces.
const MAX_WINDOW: usize = 64 * 1024;

impl<D: Dialect + 'static> Modem<D> {
    pub(super) fn chunked_flow<T, C, E, F>(
        &mut self,
        trigger: &T,
        line: &[u8],
        mut make_chunk: F,
        data: &mut dyn Read,
        opts: SendOptions,
    ) -> Result<Reply<T>, Error>
    where
        T: Command,
        C: Command,
        E: Into<Error>,
        F: FnMut(usize) -> Result<C, E>,
    {
        let name = trigger.name();
        let end_cmd = make_chunk(0).map_err(Into::into)?;
        let Some(DataPhase::Chunked { ready_prefix }) = end_cmd.data_phase() else {
            return Err(Error::Protocol {
                command: end_cmd.name(),
                detail: "the chunk command has no chunked data phase".into(),
            });
        };
        let timeout = opts.timeout.unwrap_or_else(|| trigger.timeout());
        let completion = trigger.completion();
        let completion_prefixes: Vec<&'static str> = completion
            .as_ref()
            .map(|c| c.prefixes.to_vec())
            .unwrap_or_default();
        let mut awaited = vec![ready_prefix];
        awaited.extend(completion_prefixes.iter().copied());
        // Awaited from the start: a window may open before the trigger's OK.
        self.with_router(|r| r.await_prefixes(awaited));
        let mut pending: VecDeque<String> = VecDeque::new();
        let trigger_claim = |l: &str| trigger.claim(l);
        self.write_command(line, trigger.redacted().as_bytes(), name, timeout)?;
        self.final_keeping_awaited(name, timeout, &trigger_claim, &mut pending)?;
        let lines = self.take_response(name)?;
        let unrecognised = self.with_router(|r| r.take_unrecognised());
        let response = trigger
            .parse_response(&lines)
            .map_err(|error| self.parse_error_with(name, error, &unrecognised))?;

        let ready_wait = opts
            .completion_timeout
            .or(completion.as_ref().map(|c| c.timeout))
            .unwrap_or(timeout);
        let is_completion = |l: &str| completion_prefixes.iter().any(|p| has_prefix(l, p));

        let mut buf: Vec<u8> = Vec::new();
        let mut eof = false;
        let mut early_outcome = None;
        loop {
            // Wait for a window (or an early completion). Zero windows do
            // not restart the clock.
            let deadline = Instant::now() + ready_wait;
            let window = loop {
                let l = self.next_awaited(
                    &mut pending,
                    deadline,
                    end_cmd.name(),
                    Stage::ChunkReady,
                    ready_wait,
                )?;
                if let Some(max) = end_cmd.chunk_window(&l) {
                    if max == 0 {
                        continue;
                    }
                    // Never trust the modem with an allocation size.
                    break max.min(MAX_WINDOW);
                }
                if is_completion(&l) {
                    early_outcome = Some(l);
                    break 0;
                }
                if has_prefix(&l, ready_prefix) {
                    return Err(self.not_a_window(end_cmd.name(), l));
                }
                self.with_router(|r| r.route_line_as_urc(l));
            };
            if early_outcome.is_some() {
                break;
            }
            while !eof && buf.len() < window {
                let start = buf.len();
                buf.resize(window, 0);
                let n = read_retrying(data, &mut buf[start..])?;
                buf.truncate(start + n);
                eof = n == 0;
            }
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min(window);
            let chunk = make_chunk(n).map_err(Into::into)?;
            let chunk_name = chunk.name();
            let chunk_timeout = opts.timeout.unwrap_or_else(|| chunk.timeout());
            let mut chunk_line = Vec::new();
            chunk.encode(&mut chunk_line);
            let redacted = chunk.redacted();
            self.with_router(|r| r.next_command(&chunk_line, &redacted, chunk.free_text()));
            self.awaiting_final = true;
            self.write_command(&chunk_line, redacted.as_bytes(), chunk_name, chunk_timeout)?;
            let chunk_claim = |l: &str| chunk.claim(l);
            let deadline = Instant::now() + chunk_timeout;
            let mut written = false;
            let result = loop {
                match self
                    .wait(deadline, &chunk_claim)
                    .map_err(|f| self.fail(f, chunk_name, Stage::Final, chunk_timeout))?
                {
                    Event::Claimed if !written => {
                        let granted = self.with_router(|r| chunk.chunk_granted(r.lines()));
                        if let Some(granted) = granted {
                            if granted > n {
                                return Err(Error::Protocol {
                                    command: chunk_name,
                                    detail: format!(
                                        "the module granted {granted} bytes for a chunk of {n}; nothing was sent (a larger grant would take the next command line as data)"
                                    ),
                                });
                            }
                            self.write_all(
                                &buf[..granted],
                                chunk_name,
                                chunk_timeout,
                                Some(&chunk_claim),
                            )?;
                            self.tracer.sent_data(granted);
                            buf.drain(..granted);
                            written = true;
                        }
                    }
                    Event::Awaited(l) => pending.push_back(l),
                    Event::Final(r) => break r,
                    _ => {}
                }
            };
            self.awaiting_final = false;
            result.map_err(|error| Error::Modem {
                command: chunk_name,
                error,
            })?;
            if !written {
                return Err(Error::Protocol {
                    command: chunk_name,
                    detail: "OK arrived without a grant line, so no data was sent".into(),
                });
            }
        }

        if early_outcome.is_none() {
            let mut end_line = Vec::new();
            end_cmd.encode(&mut end_line);
            let redacted = end_cmd.redacted();
            let end_name = end_cmd.name();
            let end_timeout = opts.timeout.unwrap_or_else(|| end_cmd.timeout());
            self.with_router(|r| r.next_command(&end_line, &redacted, false));
            self.awaiting_final = true;
            self.write_command(&end_line, redacted.as_bytes(), end_name, end_timeout)?;
            let end_claim = |l: &str| end_cmd.claim(l);
            self.final_keeping_awaited(end_name, end_timeout, &end_claim, &mut pending)?;
        }

        let mut outcome = None;
        if completion.is_some() {
            let line = match early_outcome {
                Some(l) => l,
                None => {
                    self.with_router(|r| r.await_prefixes(completion_prefixes.clone()));
                    let deadline = Instant::now() + ready_wait;
                    loop {
                        let l = self.next_awaited(
                            &mut pending,
                            deadline,
                            name,
                            Stage::Completion,
                            ready_wait,
                        )?;
                        if is_completion(&l) {
                            break l;
                        }
                        self.with_router(|r| r.route_line_as_urc(l));
                    }
                }
            };
            outcome = Some(
                trigger
                    .parse_outcome(&line)
                    .map_err(|error| self.parse_error(name, error))?,
            );
        }
        for l in pending {
            self.with_router(|r| r.route_line_as_urc(l));
        }
        Ok(Reply {
            response,
            outcome,
            data_result: None,
            unrecognised,
            data_count: None,
        })
    }

    /// A line with the ready URC's prefix that is no window (an error or a
    /// "finished" report where a window was due) ends the transfer; the
    /// line goes to the URC stream, typed if the dialect knows it.
    fn not_a_window(&mut self, command: &'static str, line: String) -> Error {
        let detail = format!(
            "`{line}` came where a chunk window was due and is no window; the transfer ends (the line is in the URC stream)"
        );
        self.with_router(|r| r.route_line_as_urc(line));
        Error::Protocol { command, detail }
    }

    /// The next awaited line: the first one queued in `pending`, else the
    /// next to arrive before `deadline` (a timeout is `name`'s error at
    /// `stage`, after `after`).
    fn next_awaited(
        &mut self,
        pending: &mut VecDeque<String>,
        deadline: Instant,
        name: &'static str,
        stage: Stage,
        after: Duration,
    ) -> Result<String, Error> {
        if let Some(l) = pending.pop_front() {
            return Ok(l);
        }
        loop {
            let event = self
                .wait(deadline, &|_| Claim::NotMine)
                .map_err(|f| self.fail(f, name, stage, after))?;
            if let Event::Awaited(l) = event {
                return Ok(l);
            }
        }
    }

    /// Waits up to `timeout` for the final result of the command in flight
    /// (`name`), queueing the awaited lines (ready or completion URCs) that
    /// come first in `pending`; a final error is the command's error.
    fn final_keeping_awaited(
        &mut self,
        name: &'static str,
        timeout: Duration,
        claim: &dyn Fn(&str) -> Claim,
        pending: &mut VecDeque<String>,
    ) -> Result<(), Error> {
        let deadline = Instant::now() + timeout;
        let result = loop {
            match self
                .wait(deadline, claim)
                .map_err(|f| self.fail(f, name, Stage::Final, timeout))?
            {
                Event::Final(r) => break r,
                Event::Awaited(l) => pending.push_back(l),
                _ => {}
            }
        };
        self.awaiting_final = false;
        result.map_err(|error| Error::Modem {
            command: name,
            error,
        })
    }
}

/// Reads once, retrying interruptions.
fn read_retrying(source: &mut dyn Read, buf: &mut [u8]) -> Result<usize, Error> {
    loop {
        match source.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::Io(e)),
        }
    }
}
