//! The host's side of an example session: typed requests driven through
//! [`Modem`], and what the manual shows for each.
//!
//! What the manual shows is the line-by-line replay of the same exchange
//! ([`replay_exchange`]): the response parsed at `OK`, the data-phase result,
//! the completion, the URCs. A whole flow through the runtime must end in the
//! same typed values; both sides render them in one text form
//! ([`Driven::want`], [`Driven::got`]) so a difference reads as a diff.

use std::time::Duration;

use atspec_runtime::{
    Command, DataPhase, Dialect, Error, Modem, ModemError, Pending, Reply, SendOptions, Stage,
};

use super::script::host_payload;
use crate::examples::{Exchange, Item};
use crate::replay::{replay_exchange, Event};
use crate::wire::wire;

/// Longest time a flow waits for any answer (a command's own timeout when
/// shorter); the scripted modem answers at once, so this only bounds a
/// broken flow.
pub const FLOW_PATIENCE: Duration = Duration::from_secs(10);

/// How long the host waits for an answer the manual does not print.
pub const NO_ANSWER_WAIT: Duration = Duration::from_millis(200);

/// One driven call: how many exchanges of the file it covered, what the
/// manual shows, what the runtime returned, and the URCs the manual's lines
/// give (in order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Driven {
    /// Exchanges of the file the call covered (a chunked transfer covers its
    /// chunk commands too).
    pub consumed: usize,
    /// The typed values the manual shows, rendered.
    pub want: String,
    /// What the runtime returned, rendered the same way.
    pub got: String,
    /// The URCs the manual's unsolicited lines give, rendered.
    pub urcs: Vec<String>,
}

/// Something a driven call leaves behind for the harness to drop later: a
/// [`Pending`] completion the manual moves on from (the abort flows), kept
/// while the next exchange (the stop command) runs.
pub trait Leftover {}

impl<T> Leftover for T {}

/// A typed request (or chunked transfer) that can be driven through a
/// [`Modem`] against the exchanges of an examples file.
pub trait Drive<D: Dialect + 'static> {
    /// The encoded command line without its CR.
    fn wire_line(&self) -> String;
    /// Drives `exchanges[0]` (and, for a chunked transfer, the chunk
    /// commands after it) through `modem`.
    fn drive(&self, modem: &mut Modem<D>, exchanges: &[Exchange]) -> Driven {
        self.drive_keeping(modem, exchanges).0
    }
    /// [`Drive::drive`], also handing back what the call leaves pending
    /// (dropping it abandons the completion).
    fn drive_keeping<'a>(
        &'a self,
        modem: &mut Modem<D>,
        exchanges: &[Exchange],
    ) -> (Driven, Option<Box<dyn Leftover + 'a>>);
}

impl<D: Dialect + 'static, C: Command + Clone + Send + 'static> Drive<D> for C {
    fn wire_line(&self) -> String {
        let line = wire(self);
        line.strip_suffix('\r').unwrap_or(&line).to_owned()
    }

    fn drive_keeping<'a>(
        &'a self,
        modem: &mut Modem<D>,
        exchanges: &[Exchange],
    ) -> (Driven, Option<Box<dyn Leftover + 'a>>) {
        let exchange = &exchanges[0];
        let replayed = replay_exchange::<D, C>(self, exchange);
        let (want, urcs) = expected::<D>(self.name(), &replayed.events);
        let driven = |got| Driven {
            consumed: 1,
            want,
            got,
            urcs,
        };
        if moves_on_before_completion(self, &replayed.events) {
            let opts = patient(self.timeout(), self.completion().map(|c| c.timeout));
            return match modem.start_with(self, opts) {
                Ok(pending) => (driven(render_pending(&pending)), Some(Box::new(pending))),
                Err(e) => (driven(format!("error: {e}")), None),
            };
        }
        (driven(render(&send_one(self, modem, exchange))), None)
    }
}

/// Whether the manual shows `cmd` answered (`OK`) but not its completion:
/// the host moves on (sim52xx 3.3 / 4.6 abort the operation next), so the
/// call takes the response and leaves the completion pending
/// ([`Modem::start`]).
fn moves_on_before_completion<C: Command>(cmd: &C, events: &[Event]) -> bool {
    let answered = events.iter().any(|e| matches!(e, Event::Response(_)));
    let other = events.iter().any(|e| {
        matches!(
            e,
            Event::Outcome(_) | Event::FinalError(_) | Event::NoAnswer | Event::DataPhase(_)
        )
    });
    cmd.completion().is_some() && cmd.data_phase().is_none() && answered && !other
}

/// A pending reply in the common text form (its response; no outcome yet).
pub fn render_pending<D: Dialect + 'static, C: Command>(pending: &Pending<'_, D, C>) -> String {
    render_values(&format!("{:?}", pending.response()), None, None)
}

/// Sends `cmd` the way its form needs: `send`, or `send_data` with the host
/// data the exchange shows; a short wait when the manual prints no answer.
fn send_one<D: Dialect + 'static, C: Command>(
    cmd: &C,
    modem: &mut Modem<D>,
    exchange: &Exchange,
) -> Result<Reply<C>, Error> {
    let mut opts = patient(cmd.timeout(), cmd.completion().map(|c| c.timeout));
    if exchange.items.is_empty() {
        opts.timeout = Some(NO_ANSWER_WAIT);
    }
    match cmd.data_phase() {
        None => modem.send_with(cmd, opts),
        Some(phase) => {
            let data = host_payload(std::slice::from_ref(exchange), escape_of(&phase));
            modem.send_data_with(cmd, &data[..], opts)
        }
    }
}

/// The escape sequence that ends a CONNECT phase, if it has one.
fn escape_of(phase: &DataPhase) -> Option<&[u8]> {
    match phase {
        DataPhase::Connect {
            escape: Some((sequence, _)),
            ..
        } => Some(sequence),
        _ => None,
    }
}

/// Per-call timeouts: the command's own, at most [`FLOW_PATIENCE`].
fn patient(timeout: Duration, completion: Option<Duration>) -> SendOptions {
    SendOptions {
        timeout: Some(timeout.min(FLOW_PATIENCE)),
        completion_timeout: completion.map(|c| c.min(FLOW_PATIENCE)),
    }
}

/// What the manual shows, from the replay's events: the rendered reply and
/// the URCs.
fn expected<D: Dialect>(name: &'static str, events: &[Event]) -> (String, Vec<String>) {
    let mut response = None;
    let mut data_result = None;
    let mut outcome = None;
    let mut error = None;
    let mut urcs = Vec::new();
    for event in events {
        match event {
            Event::Response(r) => response = Some(r.clone()),
            Event::FinalError(line) => {
                let error_value = modem_error::<D>(line);
                error = Some(Error::Modem {
                    command: name,
                    error: error_value,
                });
            }
            Event::NoAnswer => {
                error = Some(Error::Timeout {
                    command: name,
                    stage: Stage::Final,
                    after: NO_ANSWER_WAIT,
                })
            }
            Event::DataResult { parsed, .. } => data_result = Some(parsed.clone()),
            Event::Outcome(o) => outcome = Some(o.clone()),
            Event::Urc { line, parsed } => urcs.push(render_expected_urc(line, parsed.as_deref())),
            Event::DataPhase(_) | Event::HostSends(_) => {}
        }
    }
    let want = match error {
        Some(e) => format!("error: {e}"),
        None => render_values(
            response.as_deref().unwrap_or("(none)"),
            data_result.as_deref(),
            outcome.as_deref(),
        ),
    };
    (want, urcs)
}

/// The error a final error line stands for.
fn modem_error<D: Dialect>(line: &str) -> ModemError {
    match D::final_error(line) {
        Some(vendor) => ModemError::Final(vendor),
        None => ModemError::Error,
    }
}

/// A reply or error in the common text form.
pub fn render<C: Command>(result: &Result<Reply<C>, Error>) -> String {
    match result {
        Ok(reply) => render_values(
            &format!("{:?}", reply.response),
            reply
                .data_result
                .as_ref()
                .map(|d| format!("{d:?}"))
                .as_deref(),
            reply.outcome.as_ref().map(|o| format!("{o:?}")).as_deref(),
        ),
        Err(e) => format!("error: {e}"),
    }
}

fn render_values(response: &str, data_result: Option<&str>, outcome: Option<&str>) -> String {
    let mut out = format!("response: {response}");
    if let Some(d) = data_result {
        out.push_str(&format!("; data result: {d}"));
    }
    if let Some(o) = outcome {
        out.push_str(&format!("; outcome: {o}"));
    }
    out
}

/// A URC the manual's line gives: `Typed(<Debug>)` or `Unknown("line")`.
pub fn render_expected_urc(line: &str, parsed: Option<&str>) -> String {
    match parsed {
        Some(urc) => format!("Typed({urc})"),
        None => format!("Unknown({line:?})"),
    }
}

/// A chunked transfer: a trigger command, then chunk commands announced by
/// the chunk command's ready URC ([`Modem::send_chunked`]).
pub struct Chunked<T, F> {
    trigger: T,
    make_chunk: F,
}

/// The catalogue entry for `trigger` when the file may follow it with chunk
/// commands built by `make_chunk` (e.g. `AT+SMTPSEND`, then `AT+SMTPFT=<n>`).
/// Where the file shows no chunk command after it, the trigger is sent
/// plainly.
pub fn chunked<T, C, E, F>(trigger: T, make_chunk: F) -> Chunked<T, F>
where
    T: Command,
    C: Command,
    F: Fn(usize) -> Result<C, E>,
{
    Chunked {
        trigger,
        make_chunk,
    }
}

impl<D, T, C, E, F> Drive<D> for Chunked<T, F>
where
    D: Dialect + 'static,
    T: Command + Clone + Send + 'static,
    C: Command,
    E: Into<Error> + std::fmt::Debug,
    F: Fn(usize) -> Result<C, E>,
{
    fn wire_line(&self) -> String {
        Drive::<D>::wire_line(&self.trigger)
    }

    fn drive_keeping<'a>(
        &'a self,
        modem: &mut Modem<D>,
        exchanges: &[Exchange],
    ) -> (Driven, Option<Box<dyn Leftover + 'a>>) {
        let end = (self.make_chunk)(0).expect("the chunk command for 0 bytes builds");
        let chunk_line = format!("AT+{}=", end.name());
        let chunks = exchanges[1..]
            .iter()
            .take_while(|e| e.line.starts_with(&chunk_line))
            .count();
        if chunks == 0 {
            return Drive::<D>::drive_keeping(&self.trigger, modem, exchanges);
        }
        let covered = &exchanges[..=chunks];
        let (want, urcs) = self.expected::<D>(&end, covered);
        let data = host_payload(&covered[1..], None);
        let trigger = &self.trigger;
        let opts = patient(trigger.timeout(), trigger.completion().map(|c| c.timeout));
        let result = modem.send_chunked_with(trigger, |n| (self.make_chunk)(n), &data[..], opts);
        let driven = Driven {
            consumed: covered.len(),
            want,
            got: render(&result),
            urcs,
        };
        (driven, None)
    }
}

impl<T: Command, F> Chunked<T, F> {
    /// What the manual shows for a transfer covering `covered`: the
    /// trigger's response, its completion (the first unsolicited line with a
    /// completion prefix), and every other unsolicited line that is not a
    /// window announcement of the chunk command `end`.
    fn expected<D: Dialect>(
        &self,
        end: &impl Command,
        covered: &[Exchange],
    ) -> (String, Vec<String>) {
        let replayed = replay_exchange::<D, T>(&self.trigger, &covered[0]);
        let response = replayed.events.iter().find_map(|e| match e {
            Event::Response(r) => Some(r.clone()),
            _ => None,
        });
        let prefixes = self.trigger.completion().map_or(&[][..], |c| c.prefixes);
        let mut outcome = None;
        let mut urcs = Vec::new();
        let unsolicited = covered
            .iter()
            .flat_map(|e| &e.items)
            .filter_map(|i| match i {
                Item::Unsolicited(line) => Some(line.as_str()),
                _ => None,
            });
        for line in unsolicited {
            if outcome.is_none() && prefixes.iter().any(|p| line.starts_with(p)) {
                let parsed = self.trigger.parse_outcome(line);
                outcome = Some(match parsed {
                    Ok(o) => format!("{o:?}"),
                    Err(e) => panic!("completion `{line}` does not parse: {e}"),
                });
            } else if end.chunk_window(line).is_none() {
                let parsed = D::parse_urc(line).map(|u| format!("{u:?}"));
                urcs.push(render_expected_urc(line, parsed.as_deref()));
            }
        }
        let want = render_values(
            response.as_deref().unwrap_or("(none)"),
            None,
            outcome.as_deref(),
        );
        (want, urcs)
    }
}
