//! A sans-io driver of the router, shared by the property tests
//! (`tests/props.rs`) and the `framer_router` fuzz target: runs a script of
//! commands against a byte stream cut into reads, and logs every event and
//! URC in order. The log depends only on the bytes and the script, never on
//! where the reads end — that is what both check.

use atspec_runtime::router::{DataStart, Event, Limits, Router};
use atspec_runtime::{Claim, Dialect, ResponseLine, VendorError};

/// A dialect for the driver: `+U: <n>` URCs, `+B: <n>` URCs with a payload,
/// `+VL: <code>` vendor error lines, `+VE: <code>` final errors, and
/// `+PW: <secret>` read-backs masked by `redact_line`.
#[derive(Debug)]
pub struct DriveDialect;

fn field<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    Some(line.strip_prefix(prefix)?.strip_prefix(':')?.trim())
}

impl Dialect for DriveDialect {
    type Urc = u64;

    fn parse_urc(line: &str) -> Option<u64> {
        field(line, "+U")
            .or_else(|| field(line, "+B"))
            .and_then(|n| n.parse().ok())
    }
    fn urc_payload_len(line: &str) -> Option<usize> {
        field(line, "+B")?.parse().ok()
    }
    fn final_error(line: &str) -> Option<VendorError> {
        let code = field(line, "+VE")?.parse().ok()?;
        Some(VendorError {
            prefix: "+VE",
            code,
            meaning: None,
        })
    }
    fn error_line(line: &str) -> Option<VendorError> {
        let code = field(line, "+VL")?.parse().ok()?;
        Some(VendorError {
            prefix: "+VL",
            code,
            meaning: None,
        })
    }
    fn redact_line(line: &str) -> Option<String> {
        atspec_runtime::wire::mask_fields_from(line, "+PW", 0)
    }
}

/// One command of a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cmd {
    /// Its response runs as free text once a line is claimed.
    pub free_text: bool,
    /// It waits for a `>` prompt (else `CONNECT` if `connect`).
    pub prompt: bool,
    /// It waits for `CONNECT`.
    pub connect: bool,
    /// It awaits `+DONE` lines.
    pub awaits: bool,
}

/// The commands run in turn (each starts when the previous one ended).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// The commands.
    pub cmds: Vec<Cmd>,
}

impl Script {
    /// One command per byte (its low bits are the flags).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let cmds = bytes
            .iter()
            .map(|&b| Cmd {
                free_text: b & 1 != 0,
                prompt: b & 2 != 0,
                connect: b & 4 != 0,
                awaits: b & 8 != 0,
            })
            .collect();
        Script { cmds }
    }
}

/// The command line every command sends (its echo is `AT+X="pw"`, shown as
/// `AT+X=***`).
pub const LINE: &[u8] = b"AT+X=\"pw\"\r";

/// Lines `+X...` are the command's; `+XP: <n>` announces a payload.
fn claim(line: &str) -> Claim {
    if let Some(n) = field(line, "+XP") {
        return n.parse().map_or(Claim::Mine, Claim::MineWithPayload);
    }
    if line.starts_with("+X") {
        Claim::Mine
    } else {
        Claim::NotMine
    }
}

/// Small limits, so that the fuzzer reaches them.
pub fn limits() -> Limits {
    Limits {
        max_payload: 64,
        max_response: 4096,
        max_urcs: usize::MAX,
    }
}

/// Runs `script` over `chunks` (one push each), returns the log.
pub fn run(script: &Script, chunks: &[&[u8]]) -> Vec<String> {
    let mut router = Router::<DriveDialect>::default();
    router.set_limits(limits());
    let mut log = Vec::new();
    let mut next = 0;
    start(&mut router, script, &mut next);
    for chunk in chunks {
        router.push(chunk);
        pump(&mut router, script, &mut next, &mut log);
    }
    router.flush_held();
    pump(&mut router, script, &mut next, &mut log);
    if router.in_operation() {
        log.push(format!("unfinished {:?}", router.lines()));
    }
    log
}

fn start(router: &mut Router<DriveDialect>, script: &Script, next: &mut usize) {
    let Some(cmd) = script.cmds.get(*next) else {
        return;
    };
    *next += 1;
    router.begin(LINE, "AT+X=***", cmd.free_text);
    if cmd.prompt {
        router.expect_data_start(DataStart::Prompt);
    } else if cmd.connect {
        router.expect_data_start(DataStart::Connect);
    }
    if cmd.awaits {
        router.await_prefixes(vec!["+DONE"]);
    }
}

fn pump(
    router: &mut Router<DriveDialect>,
    script: &Script,
    next: &mut usize,
    log: &mut Vec<String>,
) {
    let claim: &dyn Fn(&str) -> Claim = &claim;
    loop {
        let event = router.next_event(Some(claim));
        log.extend(router.drain_urcs().map(|u| format!("urc {u:?}")));
        let Some(event) = event else {
            return;
        };
        match &event {
            Event::Final(result) => {
                let response: Result<Vec<ResponseLine>, _> = router.take_response();
                log.push(format!("final {result:?} {response:?}"));
                router.end(false);
                start(router, script, next);
            }
            Event::DataStart => {
                log.push("data start".into());
                router.data_sent(b"hello");
            }
            other => log.push(format!("{other:?}")),
        }
    }
}

/// `bytes` cut at the given points (each taken modulo its length + 1).
pub fn split<'a>(bytes: &'a [u8], cuts: &[u8]) -> Vec<&'a [u8]> {
    let mut at: Vec<usize> = cuts
        .iter()
        .enumerate()
        .map(|(i, &c)| (usize::from(c) * 257 + i * 7919) % (bytes.len() + 1))
        .collect();
    at.push(0);
    at.push(bytes.len());
    at.sort_unstable();
    at.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}
