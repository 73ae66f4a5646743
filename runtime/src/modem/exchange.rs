//! Plain commands and prompt / `CONNECT` data-entry phases.
//!
//! Two orders exist (see [`DataOrder`]): the prompt or `CONNECT` comes
//! instead of the final result (most modules), or `OK` comes first and
//! `CONNECT`, the data and the result line follow (quectel_gsm).

use std::io::Read;
use std::time::{Duration, Instant};

use super::stream::{Payload, Streamed};
use super::{DataCount, Modem, Reply, SendOptions};
use crate::command::{Command, DataOrder, DataPhase, Dialect};
use crate::error::{Error, Stage};
use crate::router::{has_prefix, DataStart, Event};

/// Lines that may arrive around the final result.
pub(super) struct Late<'a> {
    pub(super) result_prefix: Option<&'static str>,
    pub(super) completion_prefixes: &'a [&'static str],
    pub(super) data_result: Option<String>,
    pub(super) outcome_line: Option<String>,
}

/// What one exchange waits for, fixed before the command line is sent.
pub(super) struct Plan<'a> {
    pub(super) name: &'static str,
    pub(super) timeout: Duration,
    pub(super) phase: Option<DataPhase>,
    pub(super) order: DataOrder,
    pub(super) late: Late<'a>,
    /// What the data phase sent, once it ran.
    pub(super) streamed: Option<Streamed>,
}

impl<D: Dialect + 'static> Modem<D> {
    pub(super) fn exchange<C: Command>(
        &mut self,
        cmd: &C,
        opts: SendOptions,
        data: Option<&mut dyn Read>,
    ) -> Result<Reply<C>, Error> {
        self.admit(cmd)?;
        let phase = cmd.data_phase();
        // Checked (and, under a small cap, read) before anything is sent.
        let payload = match (&phase, data) {
            (Some(phase), Some(data)) => Some(Payload::prepare(cmd, phase, data)?),
            _ => None,
        };
        let mut line = std::mem::take(&mut self.line_buf);
        line.clear();
        cmd.encode(&mut line);
        let mut redacted_buf = std::mem::take(&mut self.redacted_buf);
        // Kept as bytes: only traced (escaped) and learnt from, never
        // checked or copied as text.
        let redacted = redacted_form(cmd, &line, &mut redacted_buf);
        self.begin(&line, redacted, cmd.free_text());
        let result = self.exchange_flow(cmd, &line, redacted, opts, payload);
        self.end();
        self.line_buf = line;
        self.redacted_buf = redacted_buf;
        result
    }

    fn exchange_flow<C: Command>(
        &mut self,
        cmd: &C,
        line: &[u8],
        redacted: &[u8],
        opts: SendOptions,
        payload: Option<Payload<'_>>,
    ) -> Result<Reply<C>, Error> {
        let completion = cmd.completion();
        let completion_prefixes: &'static [&'static str] =
            completion.as_ref().map_or(&[], |c| c.prefixes);
        let phase = cmd.data_phase();
        let result_prefix = match &phase {
            Some(DataPhase::Connect { result_prefix, .. }) => *result_prefix,
            _ => None,
        };
        let mut plan = Plan {
            name: cmd.name(),
            timeout: opts.timeout.unwrap_or_else(|| cmd.timeout()),
            order: cmd.data_order(),
            phase,
            late: Late {
                result_prefix,
                completion_prefixes,
                data_result: None,
                outcome_line: None,
            },
            streamed: None,
        };
        self.arm(cmd, &plan, completion_prefixes);
        self.write_command(line, redacted, plan.name, plan.timeout)?;
        let claim = |l: &str| cmd.claim(l);
        let mut deadline = Instant::now() + plan.timeout;

        let after_ok = plan.order == DataOrder::ConnectAfterOk && payload.is_some();
        let mut payload = payload;
        if !after_ok {
            if let Some(payload) = payload.as_mut() {
                self.until_data_start(cmd, &mut plan, deadline)?;
                let streamed = self.stream(plan.name, payload, &claim, plan.timeout)?;
                deadline = Instant::now() + plan.timeout + streamed.extra;
                plan.streamed = Some(streamed);
            }
        }

        self.final_ok(cmd, &mut plan, deadline)?;
        let (lines, unrecognised) = self.take_answer(plan.name)?;
        let parsed = cmd.parse_response(&lines);
        // Their buffers go back to the router when the operation ends.
        self.used_lines = lines;
        let response =
            parsed.map_err(|error| self.parse_error_with(plan.name, error, &unrecognised))?;

        let mut wait_for = match &completion {
            Some(spec) => opts.completion_timeout.unwrap_or(spec.timeout),
            None => plan.timeout,
        };
        if let (true, Some(payload)) = (after_ok, payload.as_mut()) {
            // OK came first: now CONNECT, the data, and the result line.
            self.with_router(|r| {
                r.next_command_bytes(b"", redacted, false);
                r.expect_data_start(DataStart::Connect);
            });
            let deadline = Instant::now() + plan.timeout;
            self.until_data_start(cmd, &mut plan, deadline)?;
            let streamed = self.stream(plan.name, payload, &claim, plan.timeout)?;
            wait_for = wait_for.max(plan.timeout + streamed.extra);
            plan.streamed = Some(streamed);
        } else if plan.order == DataOrder::ResultBeforeFinal
            && plan.late.result_prefix.is_some()
            && plan.late.data_result.is_none()
        {
            return Err(Error::Protocol {
                command: plan.name,
                detail: format!(
                    "the final result came before the data-phase result line `{}:`, which this command reports first",
                    plan.late.result_prefix.unwrap_or_default()
                ),
            });
        }
        self.late_lines(cmd, &mut plan, completion.is_some(), wait_for)?;
        self.reply(cmd, &mut plan, response, unrecognised)
    }

    /// Tells the router what this exchange waits for.
    pub(super) fn arm<C: Command>(
        &mut self,
        cmd: &C,
        plan: &Plan<'_>,
        completion: &[&'static str],
    ) {
        // Awaited from the start, so an early completion or result line is
        // kept even if it overtakes the final result.
        let awaited = completion
            .iter()
            .copied()
            .chain(plan.late.result_prefix)
            .chain(cmd.chunk_offer_prefixes().iter().copied());
        let start = match &plan.phase {
            _ if plan.order == DataOrder::ConnectAfterOk => None,
            Some(DataPhase::PromptCtrlZ | DataPhase::PromptExact(_)) => Some(DataStart::Prompt),
            Some(DataPhase::Connect { .. }) => Some(DataStart::Connect),
            Some(DataPhase::PromptLine { prompt, .. }) => Some(DataStart::Line(prompt)),
            _ => None,
        };
        self.with_router(|r| {
            if let Some(start) = start {
                r.expect_data_start(start);
            }
            r.await_prefixes(awaited);
        });
    }

    /// Waits for the prompt or `CONNECT`; a final result instead ends the
    /// exchange.
    fn until_data_start<C: Command>(
        &mut self,
        cmd: &C,
        plan: &mut Plan<'_>,
        deadline: Instant,
    ) -> Result<(), Error> {
        let name = plan.name;
        let claim = |l: &str| cmd.claim(l);
        loop {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::DataStart, plan.timeout))?;
            match event {
                Event::DataStart => return Ok(()),
                Event::Claimed => {}
                Event::Awaited(l) => self.keep_late(cmd, &mut plan.late, l)?,
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
                        detail: "the modem answered OK where the data-entry prompt was due".into(),
                    });
                }
            }
        }
    }

    /// Waits for the final result; an error result is the command's error.
    pub(super) fn final_ok<C: Command>(
        &mut self,
        cmd: &C,
        plan: &mut Plan<'_>,
        deadline: Instant,
    ) -> Result<(), Error> {
        let name = plan.name;
        let claim = |l: &str| cmd.claim(l);
        let outcome = loop {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::Final, plan.timeout))?;
            match event {
                Event::Final(result) => break result,
                Event::Awaited(l) => self.keep_late(cmd, &mut plan.late, l)?,
                Event::Claimed | Event::DataStart => {}
            }
        };
        self.awaiting_final = false;
        outcome.map_err(|error| Error::Modem {
            command: name,
            error,
        })
    }

    /// Waits up to `wait_for` for the completion and data-result lines
    /// still due.
    fn late_lines<C: Command>(
        &mut self,
        cmd: &C,
        plan: &mut Plan<'_>,
        completes: bool,
        wait_for: Duration,
    ) -> Result<(), Error> {
        let name = plan.name;
        let claim = |l: &str| cmd.claim(l);
        let deadline = Instant::now() + wait_for;
        while (completes && plan.late.outcome_line.is_none())
            || (plan.late.result_prefix.is_some() && plan.late.data_result.is_none())
        {
            let event = self
                .wait(deadline, &claim)
                .map_err(|f| self.fail(f, name, Stage::Completion, wait_for))?;
            match event {
                Event::Awaited(l) => self.keep_late(cmd, &mut plan.late, l)?,
                Event::Final(Err(error)) => {
                    // Only after `data connect after ok`: the data phase failed.
                    return Err(Error::Modem {
                        command: name,
                        error,
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn reply<C: Command>(
        &mut self,
        cmd: &C,
        plan: &mut Plan<'_>,
        response: C::Response,
        unrecognised: Vec<String>,
    ) -> Result<Reply<C>, Error> {
        let name = plan.name;
        let parse_error = |error| self.parse_error(name, error);
        let outcome = match &plan.late.outcome_line {
            Some(l) => Some(cmd.parse_outcome(l).map_err(parse_error)?),
            None => None,
        };
        if let Some(line) = plan.late.outcome_line.take() {
            // Its buffer serves the next awaited line.
            self.with_router(|r| r.recycle_awaited(line));
        }
        let data_result = match &plan.late.data_result {
            Some(l) => Some(cmd.parse_data_result(l).map_err(parse_error)?),
            None => None,
        };
        let data_count = plan.streamed.as_ref().map(|s| DataCount {
            sent: s.sent,
            taken: data_result.as_ref().and_then(|r| cmd.data_taken(r)),
            ended_early: s.ended_early,
        });
        Ok(Reply {
            response,
            outcome,
            data_result,
            unrecognised,
            data_count,
        })
    }

    /// Files an awaited line as the data result or the completion; a
    /// second one of either is passed on as a URC. A chunk offer (see
    /// [`Command::chunk_offer`]) ends a plain send at once.
    fn keep_late<C: Command>(
        &mut self,
        cmd: &C,
        late: &mut Late<'_>,
        line: String,
    ) -> Result<(), Error> {
        if late.data_result.is_none() && late.result_prefix.is_some_and(|p| has_prefix(&line, p)) {
            late.data_result = Some(line);
        } else if late.outcome_line.is_none()
            && late
                .completion_prefixes
                .iter()
                .any(|p| has_prefix(&line, p))
            && cmd.completion_is_final(&line)
        {
            late.outcome_line = Some(line);
        } else if cmd.chunk_offer(&line) {
            let detail = format!(
                "the module asks for attachment data (`{line}`); a plain send can't answer it: send this command with Modem::send_chunked"
            );
            self.with_router(|r| r.route_line_as_urc(line));
            return Err(Error::Protocol {
                command: cmd.name(),
                detail,
            });
        } else {
            self.with_router(|r| r.route_line_as_urc(line));
        }
        Ok(())
    }

    /// Sends ESC to abandon a prompt phase; best effort.
    pub(super) fn cancel_entry(&mut self) {
        self.tracer.sent_control(b"\x1b");
        let _ = self.writer.write_all(b"\x1b");
        let _ = self.writer.flush();
    }
}

/// The redacted form of `cmd`'s encoded `line`: for a
/// [`Command::SECRET_FREE`] command the line itself without its `\r` (its
/// own redacted form: not encoded a second time), else what
/// [`Command::write_redacted`] writes into `buf`.
#[inline]
pub(crate) fn redacted_form<'a, C: Command>(
    cmd: &C,
    line: &'a [u8],
    buf: &'a mut Vec<u8>,
) -> &'a [u8] {
    if C::SECRET_FREE {
        return line.strip_suffix(b"\r").unwrap_or(line);
    }
    buf.clear();
    cmd.write_redacted(buf);
    buf
}
