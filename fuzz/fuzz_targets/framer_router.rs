//! The framer and router on random bytes with random read splits, checked
//! differentially: every split of the same stream gives the same events and
//! URCs as the whole stream pushed at once (see
//! `runtime/tests/support/drive.rs`).
//!
//! Input: a script byte count `s`, `s` script bytes (the commands run, see
//! `drive::Script`), split points, then the stream.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../runtime/tests/support/drive.rs"]
#[allow(dead_code)]
mod drive;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n % 16).min(rest.len());
    let (script, rest) = rest.split_at(n);
    let Some((&cuts, rest)) = rest.split_first() else {
        return;
    };
    let cuts = usize::from(cuts % 16).min(rest.len());
    let (cuts, stream) = rest.split_at(cuts);
    let script = drive::Script::from_bytes(script);
    let whole = drive::run(&script, &[stream]);
    let chunks = drive::split(stream, cuts);
    let split = drive::run(&script, &chunks);
    assert_eq!(whole, split, "split at {cuts:?}");
});
