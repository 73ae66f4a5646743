//! The bytes of a prompt / `CONNECT` data phase: checked against the phase's
//! declared length and cap, then streamed in chunks.

use std::io::{self, Read};
use std::time::Duration;

use super::Modem;
use crate::command::{Claim, Command, DataPhase, Dialect};
use crate::data::{self, Source};
use crate::error::Error;

/// While streaming, incoming bytes are routed at least every this many
/// bytes sent (and whenever the port is full).
const ROUTE_EVERY: usize = 64 * 1024;
/// Under a data cap up to this size, the whole payload is read before the
/// command is sent, so one byte too many is refused with nothing on the wire.
const HOLD_UP_TO: usize = 1024 * 1024;

/// A data phase's payload, ready to stream.
pub(super) struct Payload<'a> {
    phase: DataPhase,
    source: &'a mut dyn Read,
    /// The whole payload, read ahead under a small cap.
    held: Option<Vec<u8>>,
    /// The phase's cap, when the payload could not be read ahead.
    cap: Option<usize>,
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

impl<'a> Payload<'a> {
    /// Checks the declared length against [`Command::data_cap`]; under a
    /// small cap with no declared length, reads the payload ahead (at most
    /// one byte beyond the cap) to refuse an oversized one before the
    /// command line is sent.
    pub(super) fn prepare<C: Command>(
        cmd: &C,
        phase: &DataPhase,
        source: &'a mut dyn Read,
    ) -> Result<Self, Error> {
        let mut payload = Payload {
            phase: phase.clone(),
            source,
            held: None,
            cap: None,
        };
        let Some(cap) = cmd.data_cap() else {
            return Ok(payload);
        };
        if let Some(n) = declared_len(phase) {
            if n > cap {
                return Err(over_cap(
                    cmd.name(),
                    format!("the command declares {n} bytes"),
                    cap,
                ));
            }
            return Ok(payload);
        }
        if cap > HOLD_UP_TO {
            payload.cap = Some(cap);
            return Ok(payload);
        }
        let mut held = Vec::new();
        (&mut payload.source)
            .take(cap as u64 + 1)
            .read_to_end(&mut held)
            .map_err(Error::Io)?;
        if held.len() > cap {
            return Err(over_cap(
                cmd.name(),
                format!("the data has more than {cap} bytes"),
                cap,
            ));
        }
        payload.held = Some(held);
        Ok(payload)
    }
}

impl<D: Dialect + 'static> Modem<D> {
    /// Streams the payload of a prompt / CONNECT phase and ends it. Returns
    /// extra time the modem needs before its result (guard or idle time).
    pub(super) fn stream(
        &mut self,
        name: &'static str,
        payload: &mut Payload<'_>,
        claim: &dyn Fn(&str) -> Claim,
        timeout: Duration,
    ) -> Result<Duration, Error> {
        let declared = declared_len(&payload.phase);
        let limit = declared.or(payload.cap);
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
        if let Some(n) = declared {
            if offset < n {
                self.cancel_entry();
                return Err(Error::Payload {
                    command: name,
                    detail: format!("the source ended after {offset} of the {n} declared bytes"),
                });
            }
        } else if let Some(cap) = payload.cap {
            if has_more(payload.source)? {
                return Err(over_cap(
                    name,
                    format!("the data goes on after {cap} bytes (those were sent)"),
                    cap,
                ));
            }
        }
        self.end_entry(name, &payload.phase, declared.is_some(), claim, timeout)
    }

    /// Ends data entry as the phase says once the bytes are out.
    fn end_entry(
        &mut self,
        name: &'static str,
        phase: &DataPhase,
        counted: bool,
        claim: &dyn Fn(&str) -> Claim,
        timeout: Duration,
    ) -> Result<Duration, Error> {
        match phase {
            DataPhase::PromptCtrlZ => {
                self.tracer.sent_control(b"\x1a");
                self.write_all(b"\x1a", name, timeout, Some(claim))?;
                Ok(Duration::ZERO)
            }
            DataPhase::Connect {
                escape: Some((sequence, guard)),
                ..
            } if !counted => {
                std::thread::sleep(*guard);
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
