//! Property tests of framer + router (sans-io): random streams of
//! protocol pieces, random scripts of commands, random read splits.
//! - split and whole input give the same log of events and URCs;
//! - no line is lost or duplicated;
//! - nothing is kept over the limits, and no secret shows.

mod support;

use proptest::prelude::*;
use support::drive::{run, split, Script};

const PIECES: &[&[u8]] = &[
    b"\r",
    b"\n",
    b"\r\n",
    b" ",
    b"OK",
    b"ERROR",
    b"+U: 7",
    b"+B: 3",
    b"+B: 99999999999",
    b"xyz",
    b"+XP: 2",
    b"+XP: 100000",
    b"+X: 1",
    b"+VL: 5",
    b"+VE: 3",
    b"+CME ERROR: x",
    b">",
    b"CONNECT",
    b"NO CARRIER",
    b"+DONE: 1",
    b"AT+X=\"pw\"",
    b"AT+X=\"pX\"",
    b"hello",
    b"+PW: 1,\"pw\"",
    b"\xff\xfe",
    b"\x00",
];

fn stream(picks: &[usize]) -> Vec<u8> {
    picks
        .iter()
        .flat_map(|&i| PIECES[i].iter().copied())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn split_and_whole_input_give_the_same_log(
        picks in proptest::collection::vec(0..PIECES.len(), 0..80),
        script in proptest::collection::vec(any::<u8>(), 0..6),
        cuts in proptest::collection::vec(any::<u8>(), 0..10),
    ) {
        let bytes = stream(&picks);
        let script = Script::from_bytes(&script);
        let whole = run(&script, &[&bytes]);
        let chunks = split(&bytes, &cuts);
        prop_assert_eq!(&run(&script, &chunks), &whole);
        // Byte by byte, too.
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        prop_assert_eq!(&run(&script, &bytewise), &whole);
        // Once the command (with its secret `pw`) was sent, no URC text
        // shows it or a garbled echo of it (responses are the command's own
        // typed data, parsed from the lines as received).
        if !script.cmds.is_empty() {
            for entry in whole.iter().filter(|e| e.starts_with("urc")) {
                prop_assert!(!entry.contains("pw") && !entry.contains("pX"), "{}", entry);
            }
        }
    }

    #[test]
    fn no_line_is_lost_or_duplicated(
        items in proptest::collection::vec(0u8..3, 1..120),
        cuts in proptest::collection::vec(any::<u8>(), 0..12),
    ) {
        // URCs `+U: n` interleaved with answers `+X: n` and `OK`s of
        // plain commands, one command per `OK` (and one more).
        let mut bytes = Vec::new();
        let (mut urcs, mut lines, mut finals) = (Vec::new(), Vec::new(), 0);
        for (n, item) in items.iter().enumerate() {
            match item {
                0 => {
                    bytes.extend(format!("+U: {n}\r\n").bytes());
                    urcs.push(n);
                }
                1 => {
                    bytes.extend(format!("\r\n+X: {n}\r\n").bytes());
                    lines.push(n);
                }
                _ => {
                    bytes.extend(b"\r\nOK\r\n");
                    finals += 1;
                }
            }
        }
        let script = Script::from_bytes(&vec![0; finals + 1]);
        let log = run(&script, &split(&bytes, &cuts));
        let count = |needle: &str| log.iter().map(|e| e.matches(needle).count()).sum::<usize>();
        for n in urcs {
            let want = format!("urc Typed({n})");
            prop_assert_eq!(log.iter().filter(|e| **e == want).count(), 1, "URC {}: {:?}", n, log);
        }
        for n in lines {
            prop_assert_eq!(count(&format!("\"+X: {n}\"")), 1, "line {}: {:?}", n, log);
        }
        prop_assert_eq!(count("final Ok(())"), finals);
    }
}

#[test]
fn a_lying_payload_length_is_refused_and_the_rest_is_framed_as_lines() {
    let script = Script::from_bytes(&[0]);
    let log = run(
        &script,
        &[b"+XP: 9223372036854775807\r\nabc\r\nOK\r\n+B: 1000\r\n+U: 1\r\n"],
    );
    assert_eq!(
        log,
        [
            "Claimed",
            "urc Unknown(\"abc\")",
            "final Ok(()) Err(Payload { announced: 9223372036854775807, limit: 64 })",
            "urc PayloadTooLarge { line: \"+B: 1000\", announced: 1000 }",
            "urc Typed(1)",
        ]
    );
}

#[test]
fn a_long_response_is_refused_not_kept() {
    let script = Script::from_bytes(&[1]);
    let mut bytes = b"+X: text\r\n".to_vec();
    for _ in 0..1000 {
        bytes.extend_from_slice(b"some free text line\r\n");
    }
    bytes.extend_from_slice(b"OK\r\n");
    let log = run(&script, &[&bytes]);
    let last = log.last().expect("a final");
    assert_eq!(last, "final Ok(()) Err(Response { limit: 4096 })");
}
