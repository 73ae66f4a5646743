//! The bytes of a prompt / `CONNECT` data phase: checked against the phase's
//! declared length and cap, then streamed in chunks.
//!
//! A declared length is exact unless the command says it is a bound
//! ([`Command::data_length_at_most`]); either way the payload may not be
//! longer. Under [`HOLD_UP_TO`] the payload is read ahead, so a payload
//! over its length or cap is refused before the command line is sent.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use super::Modem;
use crate::command::{Claim, Command, DataPhase, Dialect};
use crate::data::{self, Source};
use crate::error::Error;
use crate::router::{has_prefix, Event};

/// While streaming, incoming bytes are routed at least every this many
/// bytes sent (and whenever the port is full).
const ROUTE_EVERY: usize = 64 * 1024;
/// Under a declared length or data cap up to this size, the whole payload
/// is read before the command is sent, so one byte too many is refused
/// with nothing on the wire.
const HOLD_UP_TO: usize = 1024 * 1024;
/// How often the guard wait before an early escape looks at the line.
const GUARD_POLL: Duration = Duration::from_millis(20);

/// A data phase's payload, ready to stream.
pub(super) struct Payload<'a> {
    phase: DataPhase,
    source: &'a mut dyn Read,
    /// The whole payload, read ahead under a small length or cap.
    held: Option<Vec<u8>>,
    /// The bound (declared length or cap) when the payload could not be
    /// read ahead: checked once it is out.
    bound: Option<usize>,
    /// The declared length is a bound (`length at_most`).
    at_most: bool,
    /// The data result's prefix (an early end waits for it during the guard).
    result_prefix: Option<&'static str>,
}

/// What streaming a payload did.
pub(super) struct Streamed {
    /// Extra time the module needs before its result (guard or idle time).
    pub extra: Duration,
    /// Data bytes written.
    pub sent: usize,
    /// The host ended an at-most phase before its declared length.
    pub ended_early: bool,
}

/// The byte count a phase declares, if any.
fn declared_len(phase: &DataPhase) -> Option<usize> {
    match phase {
        DataPhase::PromptExact(n) | DataPhase::PromptLine { length: n, .. } => Some(*n),
        DataPhase::Connect { length, .. } => *length,
        _ => None,
    }
}

fn over_cap(command: &'static str, what: String, cap: usize) -> Error {
    Error::Payload {
        command,
        detail: format!(
            "{what}, more than the {cap} bytes the module takes in this data phase; send less or split it"
        ),
    }
}

fn over_length(command: &'static str, what: String, n: usize) -> Error {
    Error::Payload {
        command,
        detail: format!(
            "{what}, more than the {n} bytes the command declares; declare the full length or send less"
        ),
    }
}

impl<'a> Payload<'a> {
    /// Checks the declared length against [`Command::data_cap`]; under a
    /// small length or cap, reads the payload ahead (at most one byte
    /// beyond it) to refuse an oversized one before the command line is
    /// sent.
    pub(super) fn prepare<C: Command>(
        cmd: &C,
        phase: &DataPhase,
        source: &'a mut dyn Read,
    ) -> Result<Self, Error> {
        let result_prefix = match phase {
            DataPhase::Connect { result_prefix, .. } => *result_prefix,
            _ => None,
        };
        let mut payload = Payload {
            phase: phase.clone(),
            source,
            held: None,
            bound: None,
            at_most: cmd.data_length_at_most(),
            result_prefix,
        };
        let declared = declared_len(phase);
        let cap = cmd.data_cap();
        if let (Some(n), Some(cap)) = (declared, cap) {
            if n > cap {
                return Err(over_cap(
                    cmd.name(),
                    format!("the command declares {n} bytes"),
                    cap,
                ));
            }
        }
        let Some(bound) = declared.or(cap) else {
            return Ok(payload);
        };
        if bound > HOLD_UP_TO {
            payload.bound = Some(bound);
            return Ok(payload);
        }
        let mut held = Vec::new();
        (&mut payload.source)
            .take(bound as u64 + 1)
            .read_to_end(&mut held)
            .map_err(Error::Io)?;
        if held.len() > bound {
            let what = format!("the data has more than {bound} bytes");
            return Err(match declared {
                Some(n) => over_length(cmd.name(), what, n),
                None => over_cap(cmd.name(), what, bound),
            });
        }
        payload.held = Some(held);
        Ok(payload)
    }
}

impl<D: Dialect + 'static> Modem<D> {
    /// Streams the payload of a prompt / CONNECT phase and ends it.
    pub(super) fn stream(
        &mut self,
        name: &'static str,
        payload: &mut Payload<'_>,
        claim: &dyn Fn(&str) -> Claim,
        timeout: Duration,
    ) -> Result<Streamed, Error> {
        let declared = declared_len(&payload.phase);
        let limit = declared.or(payload.bound);
        let ctrl_z = matches!(payload.phase, DataPhase::PromptCtrlZ);
        let mut held: &[u8] = payload.held.as_deref().unwrap_or_default();
        let reader: &mut dyn Read = match payload.held {
            Some(_) => &mut held,
            None => &mut *payload.source,
        };
        let mut source = Source::new(reader, self.chunk_size, limit);
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
        self.check_sent(name, payload, declared, offset)?;
        let short = declared.is_some_and(|n| offset < n);
        let extra = self.end_entry(name, payload, declared.is_some() && !short, claim, timeout)?;
        Ok(Streamed {
            extra,
            sent: offset,
            ended_early: short,
        })
    }

    /// After the bytes are out: a short payload is an error unless the
    /// length is a bound; a payload that could not be read ahead must end
    /// at its bound.
    fn check_sent(
        &mut self,
        name: &'static str,
        payload: &mut Payload<'_>,
        declared: Option<usize>,
        offset: usize,
    ) -> Result<(), Error> {
        if let Some(n) = declared.filter(|n| offset < *n && !payload.at_most) {
            self.cancel_entry();
            return Err(Error::Payload {
                command: name,
                detail: format!("the source ended after {offset} of the {n} declared bytes"),
            });
        }
        if let Some(bound) = payload.bound {
            if offset == bound && has_more(payload.source)? {
                let what = format!("the data goes on after {bound} bytes (those were sent)");
                return Err(match declared {
                    Some(n) => over_length(name, what, n),
                    None => over_cap(name, what, bound),
                });
            }
        }
        Ok(())
    }

    /// Ends data entry as the phase says once the bytes are out; `counted`
    /// when the declared length was reached (the module ends by itself).
    fn end_entry(
        &mut self,
        name: &'static str,
        payload: &Payload<'_>,
        counted: bool,
        claim: &dyn Fn(&str) -> Claim,
        timeout: Duration,
    ) -> Result<Duration, Error> {
        match &payload.phase {
            DataPhase::PromptCtrlZ => {
                self.tracer.sent_control(b"\x1a");
                self.write_all(b"\x1a", name, timeout, Some(claim))?;
                Ok(Duration::ZERO)
            }
            DataPhase::Connect {
                escape: Some((sequence, guard)),
                ..
            } if !counted => {
                // The guard time before the escape is quiet (a tenth more,
                // so a module that sees the last data bytes late still
                // counts a full guard); if the module ends data entry by
                // itself meanwhile (its input time ran out), its result
                // line says so and no escape is sent.
                let quiet = guard.saturating_add(*guard / 10);
                if self.result_during(name, payload.result_prefix, quiet, claim)? {
                    return Ok(Duration::ZERO);
                }
                self.tracer.sent_control(sequence);
                self.write_all(sequence, name, timeout, Some(claim))?;
                Ok(*guard)
            }
            DataPhase::Connect {
                idle_timeout: Some(idle),
                ..
            } if !counted => Ok(*idle),
            _ => Ok(Duration::ZERO),
        }
    }

    /// Waits `guard` without writing; whether the data result (a line
    /// starting with `prefix`) arrived meanwhile. Events are kept for
    /// [`Modem::wait`]; a final error ends the phase.
    fn result_during(
        &mut self,
        name: &'static str,
        prefix: Option<&'static str>,
        guard: Duration,
        claim: &dyn Fn(&str) -> Claim,
    ) -> Result<bool, Error> {
        let Some(prefix) = prefix else {
            std::thread::sleep(guard);
            return Ok(false);
        };
        let until = Instant::now() + guard;
        loop {
            self.poll_early(name, claim)?;
            let arrived = self
                .stash
                .iter()
                .any(|e| matches!(e, Event::Awaited(l) if has_prefix(l, prefix)));
            let now = Instant::now();
            if arrived || now >= until {
                return Ok(arrived);
            }
            std::thread::sleep((until - now).min(GUARD_POLL));
        }
    }
}

/// Whether `source` has at least one more byte (that byte is consumed).
fn has_more(source: &mut dyn Read) -> Result<bool, Error> {
    let mut byte = [0u8; 1];
    loop {
        match source.read(&mut byte) {
            Ok(n) => return Ok(n > 0),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::Io(e)),
        }
    }
}
