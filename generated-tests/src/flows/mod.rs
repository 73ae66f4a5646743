//! Every example session of a manual, replayed whole through [`Modem`] over
//! a real pseudo-terminal pair.
//!
//! For one `## ` section of an examples file, [`run_section`] opens a pty
//! pair, puts a [`Modem`] of dialect `D` on one end and a scripted modem on
//! the other. The script ([`script`]) comes from the file alone: it reads
//! each command line and each piece of host data and checks them byte for
//! byte, and sends the module's lines in the printed order (prompts,
//! `CONNECT`, payloads, results, URCs). The host ([`host`]) drives, in the
//! same order, the typed request of the test's catalogue that encodes each
//! command line — `send`, `send_data` with the data the file shows, or
//! `send_chunked` for a trigger followed by chunk commands — and commands of
//! other manuals as printed ([`foreign`]). Each call must end in the typed
//! values the manual shows (the line-by-line replay of the same exchange),
//! the URC stream must be exactly the file's unsolicited lines the host
//! does not consume, and the host must send nothing more.
//!
//! Each section runs once per read mode of the runtime (`from_tty`, and
//! `from_serial` with a reader thread).

pub mod foreign;
pub mod host;
pub mod script;

/// The scripted modem end of a pty pair, shared with the runtime's own
/// tests (one file, used by both crates).
#[path = "../../../runtime/tests/support/scripted.rs"]
pub mod pty;

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread::JoinHandle;

use atspec_runtime::{Dialect, Modem, Urc, Urcs};

use crate::examples::{ExamplesFile, Exchange};
use foreign::Foreign;
use host::{Drive, Driven};
use pty::{pty_modem_with, spawn_script, ModemEnd, ReadMode, SCRIPT_PATIENCE};

/// The typed requests of a dialect's examples, one per distinct command line.
pub type Catalogue<D> = Vec<Box<dyn Drive<D>>>;

/// Asserts that the section headings of `examples` are exactly `listed`, in
/// order (so every session has a flow test).
pub fn assert_headings_listed(examples: &str, listed: &[&str]) {
    let file = ExamplesFile::parse_or_panic(examples);
    let headings: Vec<&str> = file.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, listed, "section headings of the examples file");
}

/// Asserts that every request of `catalogue` encodes a command line of
/// `examples`, and that no line is listed twice.
pub fn assert_catalogue_lines_in_file<D: Dialect + 'static>(
    examples: &str,
    catalogue: &Catalogue<D>,
) {
    let file = ExamplesFile::parse_or_panic(examples);
    let lines: Vec<&str> = file.exchanges().map(|(_, e)| e.line.as_str()).collect();
    let mut seen = BTreeMap::new();
    for request in catalogue {
        let line = request.wire_line();
        assert!(
            lines.contains(&line.as_str()),
            "`{line}` is in no exchange of the file"
        );
        assert!(
            seen.insert(line.clone(), ()).is_none(),
            "`{line}` is listed twice"
        );
    }
}

/// Replays the section headed `heading` of `examples` whole, in both read
/// modes (see the module docs). Panics with the first difference.
pub fn run_section<D: Dialect + 'static>(examples: &str, heading: &str, catalogue: &Catalogue<D>) {
    let file = ExamplesFile::parse_or_panic(examples);
    let mut found = file.sections.iter().filter(|s| s.heading == heading);
    let (Some(section), None) = (found.next(), found.next()) else {
        panic!("no single section `## {heading}` in the examples file");
    };
    let by_line: BTreeMap<String, &dyn Drive<D>> = catalogue
        .iter()
        .map(|request| (request.wire_line(), request.as_ref()))
        .collect();
    for mode in [ReadMode::Direct, ReadMode::Threaded] {
        run_session(&section.exchanges, &by_line, mode)
            .unwrap_or_else(|failure| panic!("## {heading} ({mode:?} reads): {failure}"));
    }
}

/// One session over a fresh pty pair; `Err` describes the first difference.
fn run_session<D: Dialect + 'static>(
    exchanges: &[Exchange],
    by_line: &BTreeMap<String, &dyn Drive<D>>,
    mode: ReadMode,
) -> Result<(), String> {
    let (mut modem, urcs, end) = pty_modem_with::<D>(mode);
    let (done_tx, done_rx) = mpsc::channel();
    let script = spawn_modem_script(end, exchanges, done_tx);
    let host = drive_all(&mut modem, exchanges, by_line);
    let script_done = host.is_ok() && done_rx.recv_timeout(SCRIPT_PATIENCE).is_ok();
    drop(modem);
    let received = collect(urcs);
    let script = script.join().map_err(|panic| panic_text(&*panic));
    let expected = host?;
    script?;
    if !script_done {
        return Err("the scripted modem did not finish".into());
    }
    if received != expected {
        return Err(format!(
            "URC stream differs\n  manual:  {expected:?}\n  runtime: {received:?}"
        ));
    }
    Ok(())
}

/// Starts the scripted modem; it signals `done` after its last move, then
/// checks that the host sends nothing more before it hangs up.
fn spawn_modem_script(
    end: ModemEnd,
    exchanges: &[Exchange],
    done: mpsc::Sender<()>,
) -> JoinHandle<ModemEnd> {
    let moves = script::moves(exchanges);
    spawn_script(end, move |end| {
        script::play(end, &moves);
        let _ = done.send(());
        let rest = end.read_to_hangup();
        assert!(
            rest.is_empty(),
            "after the last exchange the host sent {:?}",
            String::from_utf8_lossy(&rest)
        );
    })
}

/// Drives every exchange through `modem`; returns the URCs the manual's
/// lines give, or the first call whose result differs.
fn drive_all<D: Dialect + 'static>(
    modem: &mut Modem<D>,
    exchanges: &[Exchange],
    by_line: &BTreeMap<String, &dyn Drive<D>>,
) -> Result<Vec<String>, String> {
    let mut urcs = Vec::new();
    let mut at = 0;
    // A completion the manual moves on from stays pending while the next
    // exchange (the stop command) runs, then it is abandoned.
    let mut pending: Option<Box<dyn host::Leftover + '_>> = None;
    while at < exchanges.len() {
        let exchange = &exchanges[at];
        let (driven, left) = if exchange.is_foreign() {
            let foreign = Foreign::from_exchange(exchange);
            (Drive::<D>::drive(&foreign, modem, &exchanges[at..]), None)
        } else {
            match by_line.get(&exchange.line) {
                Some(request) => request.drive_keeping(modem, &exchanges[at..]),
                None => {
                    return Err(format!(
                        "{}: no catalogue request encodes this line",
                        exchange.here()
                    ))
                }
            }
        };
        drop(std::mem::replace(&mut pending, left));
        let Driven {
            consumed,
            want,
            got,
            urcs: more,
        } = driven;
        if want != got {
            return Err(format!(
                "{}: the flow through Modem differs from the manual\n  manual:  {want}\n  runtime: {got}",
                exchange.here()
            ));
        }
        urcs.extend(more);
        at += consumed;
    }
    Ok(urcs)
}

/// Every URC the runtime delivered, rendered like the expected ones.
fn collect<U: std::fmt::Debug>(urcs: Urcs<U>) -> Vec<String> {
    urcs.into_receiver()
        .iter()
        .map(|urc| match urc {
            Urc::Typed(u) => format!("Typed({u:?})"),
            Urc::Unknown(line) => format!("Unknown({line:?})"),
            Urc::WithPayload { line, payload, .. } => {
                format!("WithPayload({line:?}, {} bytes)", payload.len())
            }
            other => format!("{other:?}"),
        })
        .collect()
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    format!("scripted modem: {text}")
}

/// One `#[test]` per section of an examples file, each replaying its
/// session whole ([`run_section`]), plus a test that the list names every
/// section and one that every catalogue request encodes a line of the file.
///
/// ```ignore
/// generated_tests::flow_tests!(Dialect, EXAMPLES, catalogue, {
///     s3_2_send_an_email => "3.2 Send an Email",
/// });
/// ```
#[macro_export]
macro_rules! flow_tests {
    ($dialect:ty, $examples:expr, $catalogue:path, { $($(#[$meta:meta])* $name:ident => $heading:literal),* $(,)? }) => {
        #[test]
        fn every_session_has_a_flow_test() {
            $crate::flows::assert_headings_listed($examples, &[$($heading),*]);
        }

        #[test]
        fn every_catalogue_request_encodes_a_line_of_the_file() {
            $crate::flows::assert_catalogue_lines_in_file::<$dialect>($examples, &$catalogue());
        }

        $(
            #[test]
            $(#[$meta])*
            fn $name() {
                $crate::flows::run_section::<$dialect>($examples, $heading, &$catalogue());
            }
        )*
    };
}
