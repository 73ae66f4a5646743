//! Issue 8's "what goes wrong today" cases as one table through the sans-io
//! framer + router with generated commands and dialects, fed whole, at every
//! single split point and every pair of split points (in the style of atat's
//! digester tests): modem bytes in; the events, response lines, URCs and
//! typed values out; every byte consumed. Split and whole input must route
//! the same.
//!
//! The driver ([`route`]) takes the steps the blocking executor takes for
//! each command: the data start it arms, the prefixes it awaits, `OK` then
//! `CONNECT` for `data connect after ok`, and a completion left pending by
//! `Modem::start`. The same cases run over real pty pairs in `finals.rs`,
//! `strict_lines.rs`, `data_flows.rs` and the runtime's `pending.rs`.

#[allow(dead_code)]
mod finals {
    atspec_macros::dialect!("specs/finals.atspec");
}

#[allow(dead_code)]
mod alt {
    atspec_macros::dialect!("tests/ui/specs/alternatives.atspec");
}

use atspec_dialects::{quectel_gsm as gsm, quectel_uc15 as uc15};
use atspec_dialects::{simcom_sim52xx as s52, simcom_sim900 as s900};
use atspec_runtime::router::{DataStart, Event, Router};
use atspec_runtime::trace::Tracer;
use atspec_runtime::{Claim, Command, DataOrder, DataPhase, Dialect, Urc};

/// What the bytes routed to, rendered so a difference reads as a diff.
#[derive(Debug, Default, PartialEq, Eq)]
struct Routed {
    /// Events other than `Claimed`, in order.
    events: Vec<String>,
    /// The parsed response, data result and outcome (Debug), in arrival order.
    values: Vec<String>,
    /// Lines with the command's prefix but none of its shapes.
    unrecognised: Vec<String>,
    /// The URC stream.
    urcs: Vec<String>,
    /// Bytes left in the framer (none: every byte consumed).
    left: usize,
}

/// What the driver does once `OK` has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    /// Waits on for awaited lines (as `Modem::send`).
    Wait,
    /// Ends the exchange, the completion pending (`Modem::start`).
    Pending,
    /// Ends it, the completion abandoned (a `Pending` dropped).
    Abandoned,
}

fn urc_text<U: std::fmt::Debug>(urc: Urc<U>) -> String {
    match urc {
        Urc::Typed(u) => format!("Typed({u:?})"),
        Urc::Unknown(l) => format!("Unknown({l})"),
        other => format!("{other:?}"),
    }
}

/// Routes `chunks` with `cmd` in flight (or idle, with `None`), as the
/// executor would.
fn route<D, C>(cmd: Option<&C>, after: After, chunks: &[&[u8]]) -> Routed
where
    D: Dialect,
    C: Command + Clone + Send + 'static,
{
    let mut router = Router::<D>::new(Tracer::new());
    let mut out = Routed::default();
    let mut in_op = cmd.is_some();
    if let Some(cmd) = cmd {
        arm(&mut router, cmd);
    }
    let claim = |l: &str| cmd.map_or(Claim::NotMine, |c| c.claim(l));
    for chunk in chunks {
        router.push(chunk);
        loop {
            let event = router.next_event(in_op.then_some(&claim as &dyn Fn(&str) -> Claim));
            let Some(event) = event else { break };
            let Some(cmd) = cmd else { continue };
            match &event {
                Event::Claimed => continue,
                Event::Awaited(line) => out.values.push(late_value(cmd, line)),
                Event::Final(Ok(())) => {
                    let lines = router.take_lines();
                    out.unrecognised = router.take_unrecognised();
                    out.values.push(match cmd.parse_response(&lines) {
                        Ok(r) => format!("response {r:?}"),
                        Err(e) => format!("response error: {e}"),
                    });
                    after_ok(&mut router, cmd, after, &mut in_op);
                }
                Event::Final(Err(_)) | Event::DataStart => {}
            }
            out.events.push(render_event(&event));
        }
    }
    if let Some(line) = router.take_completion() {
        out.values.push(late_value(cmd.expect("a command"), &line));
    }
    router.end(false);
    while router.next_event(None).is_some() {}
    out.urcs = router.drain_urcs().map(urc_text).collect();
    out.left = router.buffered();
    out
}

/// The data start and awaited prefixes the executor arms before sending.
fn arm<D: Dialect, C: Command>(router: &mut Router<D>, cmd: &C) {
    let mut line = Vec::new();
    cmd.encode(&mut line);
    router.begin(&line, &cmd.redacted(), cmd.free_text());
    let phase = cmd.data_phase();
    let start = match &phase {
        _ if cmd.data_order() == DataOrder::ConnectAfterOk => None,
        Some(DataPhase::PromptCtrlZ | DataPhase::PromptExact(_)) => Some(DataStart::Prompt),
        Some(DataPhase::Connect { .. }) => Some(DataStart::Connect),
        Some(DataPhase::PromptLine { prompt, .. }) => Some(DataStart::Line(prompt)),
        _ => None,
    };
    if let Some(start) = start {
        router.expect_data_start(start);
    }
    let result = match phase {
        Some(DataPhase::Connect { result_prefix, .. }) => result_prefix,
        _ => None,
    };
    let completion = cmd.completion().map_or(&[][..], |c| c.prefixes);
    router.await_prefixes(completion.iter().copied().chain(result));
}

/// After `OK`: `CONNECT` next (`data connect after ok`), or the exchange
/// ends with the completion pending or abandoned.
fn after_ok<D: Dialect, C>(router: &mut Router<D>, cmd: &C, after: After, in_op: &mut bool)
where
    C: Command + Clone + Send + 'static,
{
    if cmd.data_order() == DataOrder::ConnectAfterOk {
        router.next_command(b"", &cmd.redacted(), false);
        router.expect_data_start(DataStart::Connect);
        return;
    }
    if after == After::Wait {
        return;
    }
    let spec = cmd.completion().expect("a completion to leave pending");
    router.end(false);
    *in_op = false;
    let judge = cmd.clone();
    router.expect_completion(
        spec.prefixes,
        Box::new(move |l: &str| judge.completion_is_final(l)),
    );
    if after == After::Abandoned {
        router.abandon_completion();
    }
}

/// An awaited or pending line, parsed as the data result or the outcome.
fn late_value<C: Command>(cmd: &C, line: &str) -> String {
    let result_prefix = match cmd.data_phase() {
        Some(DataPhase::Connect { result_prefix, .. }) => result_prefix,
        _ => None,
    };
    if result_prefix.is_some_and(|p| line.starts_with(p)) {
        return match cmd.parse_data_result(line) {
            Ok(v) => format!("data result {v:?}"),
            Err(e) => format!("data result error: {e}"),
        };
    }
    match cmd.parse_outcome(line) {
        Ok(v) => format!("outcome {v:?}"),
        Err(e) => format!("outcome error: {e}"),
    }
}

fn render_event(event: &Event) -> String {
    match event {
        Event::Final(Ok(())) => "OK".into(),
        Event::Final(Err(e)) => format!("final {e:?}"),
        Event::DataStart => "data start".into(),
        Event::Awaited(l) => format!("awaited {l}"),
        Event::Claimed => "claimed".into(),
    }
}

/// Routes the modem's bytes, fed in the given pieces.
type Run = Box<dyn Fn(&[&[u8]]) -> Routed>;

/// One table row: a name, the modem's bytes, how to route them, and what
/// must come out.
struct Row {
    name: &'static str,
    bytes: &'static [u8],
    run: Run,
    expect: Routed,
}

/// A row with `cmd` in flight.
fn with<D: Dialect + 'static, C: Command + Clone + Send + 'static>(
    name: &'static str,
    cmd: C,
    after: After,
    bytes: &'static [u8],
    expect: Routed,
) -> Row {
    Row {
        name,
        bytes,
        run: Box::new(move |chunks| route::<D, C>(Some(&cmd), after, chunks)),
        expect,
    }
}

/// A row with the line idle.
fn idle<D: Dialect + 'static>(name: &'static str, bytes: &'static [u8], expect: Routed) -> Row {
    Row {
        name,
        bytes,
        run: Box::new(move |chunks| route::<D, finals::CsqExec>(None, After::Wait, chunks)),
        expect,
    }
}

fn strs(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `events`, `values` and `urcs`, with nothing unrecognised or left.
fn routed(events: &[&str], values: &[&str], urcs: &[&str]) -> Routed {
    Routed {
        events: strs(events),
        values: strs(values),
        unrecognised: vec![],
        urcs: strs(urcs),
        left: 0,
    }
}

/// `AT+CSQ` of the finals dialect ended by `bytes` with the error `shown`.
fn csq_ends(name: &'static str, bytes: &'static [u8], shown: &str) -> Row {
    let event = format!("final {shown}");
    with::<finals::Dialect, _>(
        name,
        finals::CsqExec,
        After::Wait,
        bytes,
        routed(&[event.as_str()], &[], &[]),
    )
}

fn final_rows() -> Vec<Row> {
    let cme3 = "Final(VendorError { prefix: \"+CME ERROR\", code: 3, meaning: Some(\"operation not allowed\") })";
    vec![
        csq_ends("NO CARRIER", b"\r\nNO CARRIER\r\n", "NoCarrier"),
        csq_ends("BUSY, after the echo", b"AT+CSQ\r\r\nBUSY\r\n", "Busy"),
        csq_ends("NO ANSWER", b"\r\nNO ANSWER\r\n", "NoAnswer"),
        csq_ends("NO DIALTONE", b"\r\nNO DIALTONE\r\n", "NoDialtone"),
        csq_ends(
            "+EXT ERROR: n",
            b"\r\n+EXT ERROR: 4\r\n",
            "Final(VendorError { prefix: \"+EXT ERROR\", code: 4, meaning: None })",
        ),
        csq_ends(
            "bare CONNECT where no data phase waits",
            b"\r\nCONNECT\r\n",
            "UnexpectedConnect(\"CONNECT\")",
        ),
        csq_ends(
            "CONNECT <text> where no data phase waits",
            b"\r\nCONNECT 9600\r\n",
            "UnexpectedConnect(\"CONNECT 9600\")",
        ),
        csq_ends(
            "vendor final COMMAND NOT SUPPORT",
            b"\r\nCOMMAND NOT SUPPORT\r\n",
            "Declared(\"COMMAND NOT SUPPORT\")",
        ),
        csq_ends(
            "prompt DOWNLOAD where no data phase waits",
            b"\r\nDOWNLOAD\r\n",
            "UnexpectedPrompt(\"DOWNLOAD\")",
        ),
        csq_ends(
            "prompt @ as a line where no data phase waits",
            b"\r\n@\r\n",
            "UnexpectedPrompt(\"@\")",
        ),
        csq_ends(
            "verbose +CME ERROR mapped to its code",
            b"\r\n+CME ERROR: operation not allowed\r\n",
            cme3,
        ),
        csq_ends("numeric +CME ERROR", b"\r\n+CME ERROR: 3\r\n", cme3),
        csq_ends(
            "verbose +CME ERROR the table does not know: the whole line",
            b"\r\n+CME ERROR: SIM busy\r\n",
            "Text(\"+CME ERROR: SIM busy\")",
        ),
    ]
}

fn strict_rows() -> Vec<Row> {
    vec![
        idle::<alt::Dialect>(
            "+FTPPUT: 1,1,xxxx is no alternative (never Failed { Other(1) })",
            b"\r\n+FTPPUT: 1,1,xxxx\r\n+FTPPUT: 1,1,1360\r\n+FTPPUT: 1,61\r\n",
            routed(
                &[],
                &[],
                &[
                    "Unknown(+FTPPUT: 1,1,xxxx)",
                    "Typed(FtpPut(Ready { max_len: 1360 }))",
                    "Typed(FtpPut(Failed { error: NetError }))",
                ],
            ),
        ),
        with::<s900::Dialect, _>(
            "+POP3UIDL: 1,1,abc,def keeps the rest of the line",
            s900::Pop3uidlWrite::new(1).expect("valid"),
            After::Wait,
            b"\r\nOK\r\n\r\n+POP3UIDL: 1,1,abc,def\r\n",
            routed(
                &["OK", "awaited +POP3UIDL: 1,1,abc,def"],
                &[
                    "response ()",
                    "outcome Listed { msg_number: 1, uid: \"abc,def\" }",
                ],
                &[],
            ),
        ),
        with::<finals::Dialect, _>(
            "an extra own-prefix setting line stays with the test form",
            finals::QsmtpcfgTest,
            After::Wait,
            b"\r\n+QSMTPCFG: \"contextid\",(1-16)\r\n+QSMTPCFG: \"newthing\",(0,1)\r\n+PING: 7\r\n+QSMTPCFG: \"ssltype\",(0-2)\r\n\r\nOK\r\n",
            Routed {
                unrecognised: strs(&["+QSMTPCFG: \"newthing\",(0,1)"]),
                ..routed(
                    &["OK"],
                    &["response [ContextId { ids: \"(1-16)\" }, SslType { types: \"(0-2)\" }]"],
                    &["Typed(Ping(Ping { n: 7 }))"],
                )
            },
        ),
        with::<finals::Dialect, _>(
            "a declared URC inside free text is a URC",
            finals::Pop3hdrWrite::new(1).expect("valid"),
            After::Wait,
            b"\r\n+POP3HDR: 1\r\nFrom: a@b\r\n+PING: 4\r\nSubject: +PING: 5\r\n\r\nOK\r\n",
            routed(
                &["OK"],
                &["response Pop3hdrWriteResponse { index: 1, text: \"From: a@b\\nSubject: +PING: 5\" }"],
                &["Typed(Ping(Ping { n: 4 }))"],
            ),
        ),
    ]
}

fn order_rows() -> Vec<Row> {
    let gsm_body = gsm::QsmtpbodyWrite::new(gsm::Charset::Utf8, Some(100)).expect("valid");
    let uc15_body = uc15::QsmtpbodyWrite::new(uc15::Charset::Ascii, 100, Some(120)).expect("valid");
    vec![
        with::<gsm::Dialect, _>(
            "quectel_gsm: OK before CONNECT, then the result line ends it",
            gsm_body,
            After::Wait,
            b"\r\nOK\r\n\r\nCONNECT\r\n\r\n+QSMTPBODY:2009\r\n",
            routed(
                &["OK", "data start", "awaited +QSMTPBODY:2009"],
                &["response ()", "data result Stored { length: 2009 }"],
                &[],
            ),
        ),
        with::<uc15::Dialect, _>(
            "quectel_uc15: CONNECT, the result line, then OK",
            uc15_body,
            After::Wait,
            b"\r\nCONNECT\r\n\r\n+QSMTPBODY: 100\r\n\r\nOK\r\n",
            routed(
                &["data start", "awaited +QSMTPBODY: 100", "OK"],
                &[
                    "data result QsmtpbodyWriteDataResult { input_length: 100 }",
                    "response ()",
                ],
                &[],
            ),
        ),
    ]
}

/// `Modem::start`: the completion after `OK` is kept for the pending
/// command (progress lines are URCs), or a typed URC once abandoned.
fn pending_rows() -> Vec<Row> {
    let bytes: &[u8] = b"\r\n+SMTP: OK\r\n\r\nOK\r\n\r\n+SMTP: OK\r\n\r\n+SMTP: SUCCESS\r\n";
    let session_open = "Typed(Smtp(Status { status: SessionOpen }))";
    vec![
        with::<s52::Dialect, _>(
            "sim52xx SMTPSEND pending: the outcome is kept",
            s52::SmtpsendExec,
            After::Pending,
            bytes,
            routed(
                &["OK"],
                &[
                    "response Some(SmtpsendExecResponse { status: SessionOpen })",
                    "outcome Status { status: Success }",
                ],
                &[session_open],
            ),
        ),
        with::<s52::Dialect, _>(
            "sim52xx SMTPSEND abandoned: the late outcome is a typed URC",
            s52::SmtpsendExec,
            After::Abandoned,
            bytes,
            routed(
                &["OK"],
                &["response Some(SmtpsendExecResponse { status: SessionOpen })"],
                &[session_open, "Typed(Smtp(Status { status: Success }))"],
            ),
        ),
    ]
}

fn rows() -> Vec<Row> {
    [final_rows(), strict_rows(), order_rows(), pending_rows()]
        .into_iter()
        .flatten()
        .collect()
}

#[test]
fn every_case_routes_the_same_at_every_split() {
    for row in rows() {
        let all = row.bytes;
        let whole = (row.run)(&[all]);
        assert_eq!(whole, row.expect, "`{}` whole", row.name);
        for i in 0..=all.len() {
            let got = (row.run)(&[&all[..i], &all[i..]]);
            assert_eq!(got, whole, "`{}` split at {i}", row.name);
            // Every pair of split points for short inputs.
            if all.len() <= 64 {
                for j in i..=all.len() {
                    let got = (row.run)(&[&all[..i], &all[i..j], &all[j..]]);
                    assert_eq!(got, whole, "`{}` split at {i} and {j}", row.name);
                }
            }
        }
        let bytes: Vec<&[u8]> = all.chunks(1).collect();
        assert_eq!((row.run)(&bytes), whole, "`{}` byte by byte", row.name);
    }
}

/// The table covers every bullet it names (a row removed fails here).
#[test]
fn the_table_names_every_case() {
    let names: Vec<&str> = rows().iter().map(|r| r.name).collect();
    for needle in [
        "NO CARRIER",
        "BUSY",
        "NO ANSWER",
        "NO DIALTONE",
        "+EXT ERROR",
        "bare CONNECT",
        "COMMAND NOT SUPPORT",
        "DOWNLOAD",
        "prompt @",
        "verbose +CME ERROR mapped",
        "+FTPPUT: 1,1,xxxx",
        "+POP3UIDL: 1,1,abc,def",
        "extra own-prefix setting line",
        "URC inside free text",
        "OK before CONNECT",
        "the result line, then OK",
        "abandoned",
    ] {
        assert!(
            names.iter().any(|n| n.contains(needle)),
            "no row for `{needle}`"
        );
    }
}
