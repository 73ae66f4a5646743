//! Plain commands and prompt / `CONNECT` data-entry phases.

use std::io::Read;
use std::time::{Duration, Instant};

use super::{Modem, Reply, SendOptions};
use crate::command::{Claim, Command, DataPhase, Dialect};
use crate::data::{self, Source};
use crate::error::{Error, Stage};
use crate::router::{has_prefix, DataStart, Event};

/// While streaming, incoming bytes are routed at least every this many
/// bytes sent (and whenever the port is full).
const ROUTE_EVERY: usize = 64 * 1024;

/// Lines that may arrive around the final result.
struct Late<'a> {
    result_prefix: Option<&'static str>,
    completion_prefixes: &'a [&'static str],
    data_result: Option<String>,
    outcome_line: Option<String>,
}

impl<D: Dialect + 'static> Modem<D> {
    pub(super) fn exchange<C: Command>(
        &mut self,
        cmd: &C,
        opts: SendOptions,
        data: Option<&mut dyn Read>,
    ) -> Result<Reply<C>, Error> {
        let mut line = Vec::new();
        cmd.encode(&mut line);
        let redacted = cmd.redacted();
        self.begin(&line, redacted.clone(), cmd.free_text());
        let result = self.exchange_flow(cmd, &line, &redacted, opts, data);
        self.end();
        result
    }

    fn exchange_flow<C: Command>(
        &mut self,
        cmd: &C,
        line: &[u8],
        redacted: &str,
        opts: SendOptions,
        data: Option<&mut dyn Read>,
    ) -> Result<Reply<C>, Error> {
        let name = cmd.name();
        let claim = |l: &str| cmd.claim(l);
        let timeout = opts.timeout.unwrap_or_else(|| cmd.timeout());
        let phase = cmd.data_phase();
        let result_prefix = match &phase {
            Some(DataPhase::Connect { result_prefix, .. }) => *result_prefix,
            _ => None,
        };
        let completion = cmd.completion();
        let completion_prefixes: Vec<&'static str> = completion
            .as_ref()
            .map(|c| c.prefixes.to_vec())
            .unwrap_or_default();
        // Awaited from the start, so an early completion or result line is
        // kept even if it overtakes the final result.
        let mut awaited = completion_prefixes.clone();
        awaited.extend(result_prefix);
        let mut late = Late {
            result_prefix,
            completion_prefixes: &completion_prefixes,
            data_result: None,
            outcome_line: None,
        };
        match &phase {
            Some(DataPhase::PromptCtrlZ | DataPhase::PromptExact(_)) => {
                self.with_router(|r| {
                    r.expect_data_start(DataStart::Prompt);
                    r.await_prefixes(awaited);
                });
            }
            Some(DataPhase::Connect { .. }) => {
                self.with_router(|r| {
                    r.expect_data_start(DataStart::Connect);
                    r.await_prefixes(awaited);
                });
            }
            _ => self.with_router(|r| r.await_prefixes(awaited)),
        }
        self.write_command(line, redacted, name, timeout)?;
        let mut deadline = Instant::now() + timeout;

        if let (Some(phase), Some(data)) = (&phase, data) {
            loop {
                let event = self
                    .wait(deadline, &claim)
                    .map_err(|f| self.fail(f, name, Stage::DataStart, timeout))?;
                match event {
                    Event::DataStart => break,
                    Event::Claimed => {}
                    Event::Awaited(l) => self.keep_late(&mut late, l),
                    Event::Final(Err(error)) => {
                        self.awaiting_final = false;
                        return Err(Error::Modem {
                            command: name,
                            error,
                        });
                    }
                    Event::Final(Ok(())) => {
                        self.awaiting_final = false;
                        return Err(Error::Protocol {
                            command: name,
                            detail: "the modem answered OK where the data-entry prompt was due"
                                .into(),
                        });
                    }
                }
            }
            let extra = self.stream(name, phase, data, &claim, timeout)?;
            deadline = Instant::now() + timeout + extra;
        }

        let outcome = loop {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::Final, timeout))?;
            match event {
                Event::Final(result) => break result,
                Event::Awaited(l) => self.keep_late(&mut late, l),
                Event::Claimed | Event::DataStart => {}
            }
        };
        self.awaiting_final = false;
        outcome.map_err(|error| Error::Modem {
            command: name,
            error,
        })?;
        let lines = self.take_response(name)?;
        let response = cmd
            .parse_response(&lines)
            .map_err(|error| self.parse_error(name, error))?;

        let wait_for = match &completion {
            Some(spec) => opts.completion_timeout.unwrap_or(spec.timeout),
            None => timeout,
        };
        let deadline = Instant::now() + wait_for;
        while (completion.is_some() && late.outcome_line.is_none())
            || (result_prefix.is_some() && late.data_result.is_none())
        {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::Completion, wait_for))?;
            if let Event::Awaited(l) = event {
                self.keep_late(&mut late, l);
            }
        }
        let outcome = match &late.outcome_line {
            Some(l) => Some(
                cmd.parse_outcome(l)
                    .map_err(|error| self.parse_error(name, error))?,
            ),
            None => None,
        };
        let data_result = match &late.data_result {
            Some(l) => Some(
                cmd.parse_data_result(l)
                    .map_err(|error| self.parse_error(name, error))?,
            ),
            None => None,
        };
        Ok(Reply {
            response,
            outcome,
            data_result,
        })
    }

    /// Files an awaited line as the data result or the completion; a
    /// second one of either is passed on as a URC.
    fn keep_late(&mut self, late: &mut Late<'_>, line: String) {
        if late.data_result.is_none() && late.result_prefix.is_some_and(|p| has_prefix(&line, p)) {
            late.data_result = Some(line);
        } else if late.outcome_line.is_none()
            && late
                .completion_prefixes
                .iter()
                .any(|p| has_prefix(&line, p))
        {
            late.outcome_line = Some(line);
        } else {
            self.with_router(|r| r.route_line_as_urc(line));
        }
    }

    /// Streams the payload of a prompt / CONNECT phase and ends it. Returns
    /// extra time the modem needs before its result (guard or idle time).
    fn stream(
        &mut self,
        name: &'static str,
        phase: &DataPhase,
        source: &mut dyn Read,
        claim: &dyn Fn(&str) -> Claim,
        timeout: Duration,
    ) -> Result<Duration, Error> {
        let limit = match phase {
            DataPhase::PromptExact(n) => Some(*n),
            DataPhase::Connect { length, .. } => *length,
            _ => None,
        };
        let ctrl_z = matches!(phase, DataPhase::PromptCtrlZ);
        let mut source = Source::new(source, self.chunk_size, limit);
        let mut offset = 0usize;
        let mut unrouted = 0usize;
        while let Some(chunk) = source.next_chunk()? {
            if ctrl_z {
                if let Some(bad) = data::forbidden_in_text(chunk) {
                    let detail = format!(
                        "byte {} at offset {} would end the text early (Ctrl-Z ends, ESC cancels); send it with a length-counted form instead",
                        crate::trace::Escaped(&[chunk[bad]]),
                        offset + bad
                    );
                    self.cancel_entry();
                    return Err(Error::Payload {
                        command: name,
                        detail,
                    });
                }
            }
            let len = chunk.len();
            self.with_router(|r| r.data_sent(chunk));
            self.write_all(chunk, name, timeout, Some(claim))?;
            self.tracer.sent_data(len);
            offset += len;
            unrouted += len;
            if unrouted >= ROUTE_EVERY {
                // A final error ends the phase early; memory stays bounded.
                unrouted = 0;
                self.poll_early(name, claim)?;
            }
        }
        if let Some(n) = limit {
            if offset < n {
                self.cancel_entry();
                return Err(Error::Payload {
                    command: name,
                    detail: format!("the source ended after {offset} of the {n} declared bytes"),
                });
            }
        }
        match phase {
            DataPhase::PromptCtrlZ => {
                self.tracer.sent_control(b"\x1a");
                self.write_all(b"\x1a", name, timeout, Some(claim))?;
                Ok(Duration::ZERO)
            }
            DataPhase::Connect {
                escape: Some((sequence, guard)),
                ..
            } if limit.is_none() => {
                std::thread::sleep(*guard);
                self.tracer.sent_control(sequence);
                self.write_all(sequence, name, timeout, Some(claim))?;
                Ok(*guard)
            }
            DataPhase::Connect {
                idle_timeout: Some(idle),
                ..
            } if limit.is_none() => Ok(*idle),
            _ => Ok(Duration::ZERO),
        }
    }

    /// Sends ESC to abandon a prompt phase; best effort.
    fn cancel_entry(&mut self) {
        self.tracer.sent_control(b"\x1b");
        let _ = self.writer.write_all(b"\x1b");
        let _ = self.writer.flush();
    }
}
