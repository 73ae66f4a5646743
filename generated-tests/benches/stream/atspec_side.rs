//! atspec on the anchor stream: the router driven as `Modem` drives it
//! (`begin_bytes` with the redacted line, awaited completion prefixes,
//! claims, `take_response`, `take_unrecognised`, completion after `OK`,
//! the answer's lines handed back after `end`, the URC queue drained),
//! every line typed by the generated code.

use atspec_runtime::router::{has_prefix, Event, Router, Urc};
use atspec_runtime::trace::Tracer;
use atspec_runtime::{Claim, Command, ModemError};
use criterion::black_box;

use super::{Summary, EXCHANGES};

/// The anchor dialect, generated from `anchor.atspec`.
#[allow(dead_code)]
pub mod anchor {
    atspec_macros::dialect!("benches/anchor.atspec");
}

/// How one exchange ended, as the bench compares it.
struct Ended<C: Command> {
    response: Option<C::Response>,
    outcome: Option<C::Outcome>,
    error: Option<ModemError>,
}

/// One long-lived router and the commands of the stream.
pub struct Side {
    router: Router<anchor::Dialect>,
    line: Vec<u8>,
    redacted: Vec<u8>,
    set_srv: anchor::SmtpsrvWrite,
    rcpt: anchor::SmtprcptRead,
    pop3: anchor::Pop3numExec,
    put: anchor::QsmtpputWrite,
    get_srv: anchor::SmtpsrvRead,
}

impl Side {
    /// A fresh side (router idle, echo off).
    pub fn new() -> Self {
        Self {
            router: Router::new(Tracer::new()),
            line: Vec::with_capacity(64),
            redacted: Vec::with_capacity(64),
            set_srv: anchor::SmtpsrvWrite::new("smtp.example.com", Some(25)).expect("valid"),
            rcpt: anchor::SmtprcptRead,
            pop3: anchor::Pop3numExec,
            put: anchor::QsmtpputWrite::new(Some(300)).expect("valid"),
            get_srv: anchor::SmtpsrvRead,
        }
    }

    /// One cycle of the six exchanges in reads of at most `read` bytes;
    /// with `summarize`, what was typed (else an empty summary: no
    /// allocation for the comparison inside the timed loop).
    pub fn cycle(&mut self, read: usize, summarize: bool) -> Summary {
        let mut s = Summary::default();
        let set = exchange(
            &mut self.router,
            &mut self.line,
            &mut self.redacted,
            &self.set_srv,
            EXCHANGES[0],
            read,
        );
        s.oks += usize::from(set.error.is_none() && set.response.is_some());
        let rcpt = exchange(
            &mut self.router,
            &mut self.line,
            &mut self.redacted,
            &self.rcpt,
            EXCHANGES[1],
            read,
        );
        s.oks += usize::from(rcpt.error.is_none());
        if let (true, Some(list)) = (summarize, &rcpt.response) {
            s.recipients = list
                .iter()
                .map(|r| (r.kind.value() as u8, r.index, r.address.len()))
                .collect();
        }
        black_box(&rcpt.response);
        for chunk in EXCHANGES[2].chunks(read) {
            self.router.push(chunk);
            while self.router.next_event(None).is_some() {}
        }
        for urc in self.router.drain_urcs() {
            if let Urc::Typed(anchor::Urc::SmtpSend(send)) = &urc {
                s.send_code = send.code.code();
            }
            black_box(urc);
        }
        let pop3 = exchange(
            &mut self.router,
            &mut self.line,
            &mut self.redacted,
            &self.pop3,
            EXCHANGES[3],
            read,
        );
        s.oks += usize::from(pop3.error.is_none());
        if let Some(n) = &pop3.outcome {
            s.pop3 = (n.count as u32, n.size as u32);
        }
        let put = exchange(
            &mut self.router,
            &mut self.line,
            &mut self.redacted,
            &self.put,
            EXCHANGES[4],
            read,
        );
        s.oks += usize::from(put.error.is_none());
        if let Some(p) = &put.outcome {
            s.put = (p.err as i32, p.protocol_error as i32);
        }
        let srv = exchange(
            &mut self.router,
            &mut self.line,
            &mut self.redacted,
            &self.get_srv,
            EXCHANGES[5],
            read,
        );
        if let Some(ModemError::Final(v)) = &srv.error {
            s.cme = v.code;
        }
        black_box(srv.response);
        s
    }
}

/// One exchange as `Modem::send` runs it, on `bytes` read `read` at a time.
fn exchange<C: Command>(
    r: &mut Router<anchor::Dialect>,
    line: &mut Vec<u8>,
    redacted: &mut Vec<u8>,
    cmd: &C,
    bytes: &[u8],
    read: usize,
) -> Ended<C> {
    line.clear();
    cmd.encode(line);
    black_box(&line);
    let completion = cmd.completion();
    let prefixes: &[&'static str] = completion.as_ref().map_or(&[], |c| c.prefixes);
    // As `Modem`: a secret-free line is its own redacted form.
    let redacted: &[u8] = if C::SECRET_FREE {
        line.strip_suffix(b"\r").unwrap_or(line)
    } else {
        redacted.clear();
        cmd.write_redacted(redacted);
        redacted
    };
    r.begin_bytes(line, redacted, cmd.free_text());
    r.await_prefixes(prefixes.iter().copied());
    let claim = |l: &str| cmd.claim(l);
    let claim: &dyn Fn(&str) -> Claim = &claim;
    let mut ended = Ended {
        response: None,
        outcome: None,
        error: None,
    };
    let mut finished = false;
    let mut used = Vec::new();
    for chunk in bytes.chunks(read) {
        r.push(chunk);
        while let Some(event) = r.next_event(Some(claim)) {
            match event {
                Event::Final(Ok(())) => {
                    let lines = r.take_response().expect("within limits");
                    let unrecognised = r.take_unrecognised();
                    black_box(unrecognised);
                    ended.response = cmd.parse_response(&lines).ok();
                    // As `Modem`: handed back when the operation ends.
                    used = lines;
                    finished = completion.is_none();
                }
                Event::Final(Err(error)) => {
                    ended.error = Some(error);
                    finished = true;
                }
                Event::Awaited(l) => {
                    if prefixes.iter().any(|p| has_prefix(&l, p)) && cmd.completion_is_final(&l) {
                        ended.outcome = cmd.parse_outcome(&l).ok();
                        finished = true;
                    }
                    r.recycle_awaited(l);
                }
                Event::Claimed | Event::DataStart => {}
            }
        }
    }
    assert!(finished, "the exchange ended");
    r.end(false);
    r.recycle_response(used);
    for urc in r.drain_urcs() {
        black_box(urc);
    }
    ended
}
