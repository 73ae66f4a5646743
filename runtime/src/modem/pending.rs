//! Taking a command's response now and its completion later, or never:
//! [`Modem::start`] and [`Pending`].
//!
//! The manuals abort a running operation this way (sim52xx 3.3: `AT+SMTPSEND`
//! answers `OK`, and before its `+SMTP:` outcome the host sends
//! `AT+SMTPSTOP`). While the completion is pending, the router keeps its
//! lines apart from everything else (see [`crate::router::Router::expect_completion`]),
//! and the modem refuses any command that could take one of them.

use std::sync::{Arc, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::{Modem, Reply, SendOptions, Shared, State, READ_POLL};
use crate::command::{Command, CompletionSpec, DataPhase, Dialect};
use crate::error::{Error, Stage};
use crate::router::has_prefix;

use super::exchange::{Late, Plan};

/// The completion a [`Pending`] (live or dropped) leaves outstanding.
#[derive(Debug)]
pub(super) struct Due {
    /// Which [`Pending`] it belongs to.
    ticket: u64,
    /// The command's name.
    command: &'static str,
    /// Until when the module may still send it (the completion timeout
    /// counted from the command's `OK`).
    until: Instant,
}

/// The answer of a command whose completion URC is still due
/// ([`Modem::start`]).
///
/// - [`Pending::wait`] (or [`Pending::wait_timeout`]) returns the whole
///   [`Reply`] once the completion has come (at once if it already has);
/// - [`Pending::abandon`], or dropping the `Pending`, gives up the wait: a
///   completion that comes later goes to the [`crate::Urcs`] stream (typed
///   if the dialect declares it), never to another command.
///
/// Until the completion has come or its time is up, the modem refuses to
/// send a command that could take one of its lines (one that answers, is
/// awaited or completes with one of the completion's prefixes), so a stop
/// command (`AT+SMTPSTOP`, which answers only `OK`) goes through and a second
/// `AT+SMTPSEND` does not.
///
/// ```ignore
/// let pending = modem.start(&sim52xx::SmtpsendExec)?;     // `OK` came
/// println!("{:?}", pending.response());
/// modem.send(&sim52xx::SmtpstopExec)?;                    // abort it
/// pending.abandon();                                      // a late `+SMTP:` is a URC
/// ```
#[must_use = "dropping a Pending abandons its completion; call wait to get it"]
pub struct Pending<'c, D: Dialect + 'static, C: Command> {
    cmd: &'c C,
    response: Option<C::Response>,
    unrecognised: Vec<String>,
    /// The completion line, if it came before `OK`.
    early: Option<String>,
    ticket: u64,
    /// When the completion timeout runs out.
    deadline: Instant,
    /// The completion timeout, for the error message.
    allowed: Duration,
    shared: Arc<Shared<D>>,
}

impl<D: Dialect + 'static, C: Command> std::fmt::Debug for Pending<'_, D, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("command", &self.cmd.name())
            .field("response", &self.response)
            .field("unrecognised", &self.unrecognised)
            .finish_non_exhaustive()
    }
}

impl<D: Dialect + 'static> Modem<D> {
    /// Sends a command that has a completion URC, waits for its final
    /// result and returns its parsed response as a [`Pending`] — without
    /// waiting for the completion (see [`Pending`]). Fails like
    /// [`Modem::send`] up to `OK`; also fails, before anything is sent, for a
    /// command without a completion (use `send`), with a data phase or chunk
    /// offers before its completion (use `send_data` / `send_chunked`), or
    /// while another completion is outstanding.
    pub fn start<'c, C>(&mut self, cmd: &'c C) -> Result<Pending<'c, D, C>, Error>
    where
        C: Command + Clone + Send + 'static,
    {
        self.start_with(cmd, SendOptions::default())
    }

    /// [`Modem::start`] with per-call timeouts: `completion_timeout` is how
    /// long [`Pending::wait`] waits, and how long an abandoned completion
    /// keeps overlapping commands out.
    pub fn start_with<'c, C>(
        &mut self,
        cmd: &'c C,
        opts: SendOptions,
    ) -> Result<Pending<'c, D, C>, Error>
    where
        C: Command + Clone + Send + 'static,
    {
        let spec = startable(cmd)?;
        self.admit(cmd)?;
        if let Some(due) = &self.shared.lock().due {
            return Err(Error::Protocol {
                command: cmd.name(),
                detail: format!(
                    "AT+{}'s completion is still outstanding; wait for its Pending (or drop it and let its time run out) before starting another",
                    due.command
                ),
            });
        }
        let mut line = std::mem::take(&mut self.line_buf);
        line.clear();
        cmd.encode(&mut line);
        let mut redacted_buf = std::mem::take(&mut self.redacted_buf);
        let redacted = super::exchange::redacted_form(cmd, &line, &mut redacted_buf);
        self.begin(&line, redacted, cmd.free_text());
        let result = self.start_flow(cmd, &line, redacted, opts, &spec);
        self.end();
        self.line_buf = line;
        self.redacted_buf = redacted_buf;
        result
    }

    fn start_flow<'c, C>(
        &mut self,
        cmd: &'c C,
        line: &[u8],
        redacted: &[u8],
        opts: SendOptions,
        spec: &CompletionSpec,
    ) -> Result<Pending<'c, D, C>, Error>
    where
        C: Command + Clone + Send + 'static,
    {
        let mut plan = Plan {
            name: cmd.name(),
            timeout: opts.timeout.unwrap_or_else(|| cmd.timeout()),
            phase: None,
            order: cmd.data_order(),
            late: Late {
                result_prefix: None,
                completion_prefixes: spec.prefixes,
                data_result: None,
                outcome_line: None,
            },
            streamed: None,
        };
        self.arm(cmd, &plan, spec.prefixes);
        self.write_command(line, redacted, plan.name, plan.timeout)?;
        let answer_by = Instant::now() + plan.timeout;
        self.final_ok(cmd, &mut plan, answer_by)?;
        let lines = self.take_response(plan.name)?;
        let unrecognised = self.with_router(|r| r.take_unrecognised());
        let response = cmd
            .parse_response(&lines)
            .map_err(|error| self.parse_error_with(plan.name, error, &unrecognised))?;
        let allowed = opts.completion_timeout.unwrap_or(spec.timeout);
        let deadline = Instant::now() + allowed;
        let early = plan.late.outcome_line.take();
        let mut st = self.shared.lock();
        st.tickets += 1;
        let ticket = st.tickets;
        if early.is_none() {
            let judge = cmd.clone();
            let is_final = Box::new(move |l: &str| judge.completion_is_final(l));
            st.router.expect_completion(spec.prefixes, is_final);
            st.due = Some(Due {
                ticket,
                command: plan.name,
                until: deadline,
            });
        }
        drop(st);
        Ok(Pending {
            cmd,
            response: Some(response),
            unrecognised,
            early,
            ticket,
            deadline,
            allowed,
            shared: Arc::clone(&self.shared),
        })
    }

    /// Refuses `cmd` while an outstanding completion could be taken for
    /// its answer; forgets an abandoned completion whose time is up.
    pub(super) fn admit<C: Command>(&self, cmd: &C) -> Result<(), Error> {
        let mut st = self.shared.lock();
        let Some(due) = &st.due else {
            return Ok(());
        };
        if !st.router.completion_outstanding() {
            // An abandoned completion came (and went to the URC stream).
            st.due = None;
            return Ok(());
        }
        if st.router.completion_abandoned() && Instant::now() >= due.until {
            st.router.forget_completion();
            st.due = None;
            return Ok(());
        }
        let Some(prefixes) = st.router.completion_watched() else {
            return Ok(());
        };
        match overlap(cmd, prefixes) {
            None => Ok(()),
            Some((prefix, why)) => Err(Error::Protocol {
                command: cmd.name(),
                detail: format!(
                    "not sent: AT+{}'s completion `{prefix}:` is still due and {why}, so it could be taken for this command's; wait for the completion (Pending::wait), or abandon it and send this after {} s",
                    due.command,
                    due.until.saturating_duration_since(Instant::now()).as_secs()
                ),
            }),
        }
    }
}

/// The completion of a command [`Modem::start`] can run.
fn startable<C: Command>(cmd: &C) -> Result<CompletionSpec, Error> {
    if cmd.data_phase().is_some() {
        return Err(Error::Protocol {
            command: cmd.name(),
            detail: "has a data phase; use send_data or send_chunked".into(),
        });
    }
    if !cmd.chunk_offer_prefixes().is_empty() {
        // Nobody would answer its offers while the completion is pending.
        return Err(Error::Protocol {
            command: cmd.name(),
            detail: "may ask for chunked data before its completion; run it with send_chunked"
                .into(),
        });
    }
    cmd.completion().ok_or_else(|| Error::Protocol {
        command: cmd.name(),
        detail: "has no completion URC to leave pending; use send".into(),
    })
}

/// Whether a line starting with one of `prefixes` could be `cmd`'s: the
/// prefix and why.
fn overlap<C: Command>(cmd: &C, prefixes: &[&'static str]) -> Option<(&'static str, &'static str)> {
    let completion = cmd.completion();
    let own = completion.as_ref().map_or(&[][..], |c| c.prefixes);
    let data_prefix = match cmd.data_phase() {
        Some(DataPhase::Connect { result_prefix, .. }) => result_prefix,
        Some(DataPhase::Chunked { ready_prefix }) => Some(ready_prefix),
        _ => None,
    };
    prefixes.iter().copied().find_map(|p| {
        let same = |q: &&str| has_prefix(q, p) || has_prefix(p, q);
        if own.iter().any(same) {
            Some((p, "this command completes with the same prefix"))
        } else if data_prefix.as_ref().is_some_and(same) {
            Some((p, "this command's data phase reports a line with it"))
        } else if cmd.chunk_offer_prefixes().iter().any(same) {
            Some((p, "this command awaits offers with it"))
        } else if cmd.claim(&format!("{p}: ")) != crate::Claim::NotMine {
            Some((p, "this command's answer lines may start with it"))
        } else {
            None
        }
    })
}

impl<D: Dialect + 'static, C: Command> Pending<'_, D, C> {
    /// The parsed information lines (what came before `OK`).
    pub fn response(&self) -> &C::Response {
        self.response
            .as_ref()
            .expect("the response is only moved out by wait, which consumes the Pending")
    }

    /// Lines with the command's prefix that matched none of its shapes
    /// (see [`Reply::unrecognised`]).
    pub fn unrecognised(&self) -> &[String] {
        &self.unrecognised
    }

    /// Whether the completion has come ([`Pending::wait`] then returns at once).
    pub fn arrived(&self) -> bool {
        self.early.is_some() || {
            let st = self.shared.lock();
            st.due.as_ref().is_some_and(|d| d.ticket == self.ticket)
                && st.router.completion_arrived()
        }
    }

    /// Waits for the completion until the completion timeout (the spec's,
    /// or the `completion_timeout` given to [`Modem::start_with`]), counted
    /// from `OK`. On [`Error::Timeout`] (stage `Completion`), or
    /// [`Error::Cancelled`] from the modem's [`crate::Canceller`], the
    /// completion is abandoned, as by [`Pending::abandon`].
    pub fn wait(self) -> Result<Reply<C>, Error> {
        let (deadline, allowed) = (self.deadline, self.allowed);
        self.wait_until(deadline, allowed)
    }

    /// [`Pending::wait`], waiting at most `timeout` from now.
    pub fn wait_timeout(self, timeout: Duration) -> Result<Reply<C>, Error> {
        self.wait_until(Instant::now() + timeout, timeout)
    }

    /// Gives up the wait: a completion that has come or comes later goes to
    /// the URC stream. Dropping the `Pending` does the same.
    pub fn abandon(self) {}

    fn wait_until(mut self, deadline: Instant, allowed: Duration) -> Result<Reply<C>, Error> {
        let name = self.cmd.name();
        let line = match self.early.take() {
            Some(line) => line,
            None => self.completion_line(deadline, allowed)?,
        };
        let outcome = self.cmd.parse_outcome(&line).map_err(|mut error| {
            error.found = self.shared.lock().router.redact(&error.found);
            Error::Parse {
                command: name,
                error,
            }
        })?;
        Ok(Reply {
            response: self.response.take().expect("taken once, here"),
            outcome: Some(outcome),
            data_result: None,
            data_count: None,
            unrecognised: std::mem::take(&mut self.unrecognised),
        })
    }

    /// Blocks until the router holds the completion line, the deadline, or
    /// the port closes.
    fn completion_line(&self, deadline: Instant, allowed: Duration) -> Result<String, Error> {
        let mut st = self.shared.lock();
        st.pending_waits += 1;
        let (mut st, result) = self.wait_locked(st, deadline, allowed);
        st.pending_waits -= 1;
        if st.pending_waits == 0 && !st.in_flight {
            st.cancelled = false;
        }
        result
    }

    /// The wait itself, the state locked between slices.
    fn wait_locked<'s>(
        &self,
        mut st: MutexGuard<'s, State<D>>,
        deadline: Instant,
        allowed: Duration,
    ) -> (MutexGuard<'s, State<D>>, Result<String, Error>) {
        let name = self.cmd.name();
        loop {
            let ended = if st.due.as_ref().map(|d| d.ticket) != Some(self.ticket) {
                Some(Err(Error::Protocol {
                    command: name,
                    detail: "the completion is no longer outstanding (its time ran out and another command was sent); nothing to wait for".into(),
                }))
            } else if let Some(line) = st.router.take_completion() {
                st.due = None;
                Some(Ok(line))
            } else if let Some(reason) = &st.closed {
                Some(Err(Error::PortClosed {
                    reason: reason.clone(),
                }))
            } else if st.stop {
                Some(Err(Error::PortClosed {
                    reason: "the Modem was dropped".into(),
                }))
            } else if st.cancelled {
                Some(Err(Error::Cancelled { command: name }))
            } else if Instant::now() >= deadline {
                Some(Err(Error::Timeout {
                    command: name,
                    stage: Stage::Completion,
                    after: allowed,
                }))
            } else {
                None
            };
            if let Some(result) = ended {
                return (st, result);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            // Slices: on the fast path the reader is polled, not woken.
            st = self
                .shared
                .cond
                .wait_timeout(st, left.min(READ_POLL))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl<D: Dialect + 'static, C: Command> Drop for Pending<'_, D, C> {
    fn drop(&mut self) {
        let mut st = self.shared.lock();
        if st.due.as_ref().map(|d| d.ticket) == Some(self.ticket) {
            st.router.abandon_completion();
            if !st.router.completion_outstanding() {
                st.due = None;
            }
            st.flush_urcs();
        }
    }
}
