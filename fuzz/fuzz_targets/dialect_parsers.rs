//! Every generated response, URC and data-result parser of the five
//! dialects (see `build.rs` for the table), on arbitrary lines.
//!
//! Input: two bytes pick the parser; the rest is split at LF into lines, a
//! line starting with byte 0x01 being a raw payload (`ResponseLine::Payload`).
#![no_main]

use atspec_runtime::ResponseLine;
use libfuzzer_sys::fuzz_target;

mod parsers {
    include!(concat!(env!("OUT_DIR"), "/parsers.rs"));
}

fuzz_target!(|data: &[u8]| {
    let Some((pick, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let pick = usize::from(u16::from_le_bytes(*pick));
    let lines: Vec<ResponseLine> = rest
        .split(|&b| b == b'\n')
        .map(|l| match l.strip_prefix(b"\x01") {
            Some(raw) => ResponseLine::Payload(raw.to_vec()),
            None => ResponseLine::Line(String::from_utf8_lossy(l).into_owned()),
        })
        .collect();
    let first = match lines.first() {
        Some(ResponseLine::Line(l)) => l.as_str(),
        _ => "",
    };
    parsers::run(pick, &lines, first);
});
