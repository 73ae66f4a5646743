//! Framer unit tests: terminators, payloads, prompts, echo, in-place vs
//! buffered framing.

use super::scan::{find_terminator, SHORT_SCAN};
use super::*;
use memchr::memchr2;

fn frames(chunks: &[&[u8]], framer: &mut Framer) -> Vec<Frame> {
    let mut out = Vec::new();
    for chunk in chunks {
        framer.push(chunk);
        while let Some(f) = framer.next_frame() {
            out.push(f);
        }
    }
    out
}

fn line(s: &str) -> Frame {
    Frame::Line(s.as_bytes().to_vec())
}

#[test]
fn every_terminator_style_ends_a_line() {
    let mut f = Framer::new();
    let got = frames(&[b"a\r\nb\nc\rd\r\r\ne"], &mut f);
    assert_eq!(
        got,
        vec![line("a"), line("b"), line("c"), line("d"), line("")]
    );
    assert_eq!(f.buffered(), 1);
}

#[test]
fn crlf_split_across_reads_is_one_terminator() {
    let mut f = Framer::new();
    let got = frames(&[b"OK\r", b"\nX\r", b"", b"\n"], &mut f);
    assert_eq!(got, vec![line("OK"), line("X")]);
}

#[test]
fn payload_after_crlf_header_is_exact() {
    let mut f = Framer::new();
    f.push(b"+B: 6\r");
    assert_eq!(f.next_frame(), Some(line("+B: 6")));
    f.expect_payload(6);
    let got = frames(&[b"\nOK\r", b"\nX\r\nOK\r\n"], &mut f);
    assert_eq!(
        got,
        vec![Frame::Payload(b"OK\r\nX\r".to_vec()), line(""), line("OK")]
    );
}

#[test]
fn prompt_only_when_expected() {
    let mut f = Framer::new();
    f.set_prompt_expected(true);
    let got = frames(&[b"\r\n>", b" hello\r\n"], &mut f);
    assert_eq!(got, vec![line(""), Frame::Prompt, line("hello")]);
    let got = frames(&[b"> quoted\r\n"], &mut f);
    assert_eq!(got, vec![line("> quoted")]);
}

#[test]
fn echoed_data_is_skipped_until_it_differs() {
    let mut f = Framer::new();
    f.start_echo();
    f.expect_echo(b"Hi\r\nthere");
    let got = frames(&[b"Hi\r", b"\nth", b"ere\r\nOK\r\n"], &mut f);
    assert_eq!(got, vec![line(""), line("OK")]);
    // A URC in the middle ends matching; nothing is lost.
    f.start_echo();
    f.expect_echo(b"abc");
    let got = frames(&[b"ab+P: 1\r\nc\r\n"], &mut f);
    assert_eq!(got, vec![line("+P: 1"), line("c")]);
}

#[test]
fn terminator_search_agrees_with_memchr_at_every_length_and_position() {
    for len in 0..=2 * SHORT_SCAN + 9 {
        for at in 0..=len {
            for term in [b'\r', b'\n'] {
                // High bytes and near-misses around the terminator.
                let mut hay: Vec<u8> = (0..len)
                    .map(|i| [0x0C, 0x0E, 0x0B, 0x8D, 0xFF, b'a'][i % 6])
                    .collect();
                if at < len {
                    hay[at] = term;
                }
                assert_eq!(
                    find_terminator(&hay),
                    memchr2(b'\r', b'\n', &hay),
                    "len {len}, terminator at {at}"
                );
            }
        }
    }
}

#[test]
fn endless_garbage_is_cut() {
    let mut f = Framer::new();
    let junk = vec![0xFFu8; MAX_LINE + 10];
    let got = frames(&[&junk], &mut f);
    assert_eq!(got.len(), 1);
    assert_eq!(f.buffered(), 0);
}

#[test]
fn borrowed_frames_match_owned_ones_at_every_split() {
    let all: &[u8] = b"AT\r\r\n+A: 1\r\n\r\n+B: 3\r\nxyz\r\nOK\r\n";
    let mut whole = Framer::new();
    let want = frames(&[all], &mut whole);
    for cut in 0..=all.len() {
        let mut f = Framer::new();
        let mut got = Vec::new();
        for chunk in [&all[..cut], &all[cut..]] {
            f.push(chunk);
            while let Some(frame) = f.next_frame_ref() {
                let frame = frame.to_frame();
                if frame == line("+B: 3") {
                    f.expect_payload(3);
                }
                got.push(frame);
            }
        }
        assert_eq!(got.len(), want.len() + 1, "split at {cut}");
        assert!(
            got.contains(&Frame::Payload(b"xyz".to_vec())),
            "split at {cut}"
        );
    }
}

#[test]
fn a_long_line_arriving_byte_by_byte_is_framed_once() {
    let mut f = Framer::new();
    let text = vec![b'a'; 5000];
    for &b in &text {
        f.push(&[b]);
        assert_eq!(f.next_frame(), None);
    }
    f.push(b"\r\n");
    assert_eq!(f.next_frame(), Some(Frame::Line(text)));
    assert_eq!(f.next_frame(), None);
    assert_eq!(f.buffered(), 0);
}

#[test]
fn next_line_is_looks_ahead_without_framing() {
    let mut f = Framer::new();
    f.push(b"\r\n\r\nERR");
    assert_eq!(f.next_line_is(b"ERROR"), None);
    f.push(b"OR\r\nOK\r\n");
    assert_eq!(f.next_line_is(b"ERROR"), Some(true));
    assert_eq!(f.next_line_is(b"OK"), Some(false));
    let got: Vec<Frame> = std::iter::from_fn(|| f.next_frame()).collect();
    assert_eq!(got, vec![line(""), line(""), line("ERROR"), line("OK")]);
    f.set_prompt_expected(true);
    f.push(b"> ");
    assert_eq!(f.next_line_is(b"ERROR"), Some(false));
    assert_eq!(f.next_frame(), Some(Frame::Prompt));
}

/// What an owner does on seeing a frame (the router's reactions, in
/// miniature): `+B: <n>` announces a payload, `PROMPT` expects a
/// prompt, `ECHO` starts echo skipping, `STOP` ends it.
fn react(frame: &Frame, framer: &mut impl Owner) {
    let Frame::Line(line) = frame else {
        return;
    };
    if let Some(n) = line.strip_prefix(b"+B: ") {
        if let Some(n) = std::str::from_utf8(n).ok().and_then(|n| n.parse().ok()) {
            framer.expect_payload(n);
        }
    }
    match line.as_slice() {
        b"PROMPT" => framer.set_prompt_expected(true),
        b"ECHO" => {
            framer.start_echo();
            framer.expect_echo(b"hi\r\nyo");
        }
        b"STOP" => framer.stop_echo(),
        _ => {}
    }
}

/// The controls an owner uses between frames, on a framer or a feed.
trait Owner {
    fn expect_payload(&mut self, n: usize);
    fn set_prompt_expected(&mut self, expected: bool);
    fn start_echo(&mut self);
    fn expect_echo(&mut self, bytes: &[u8]);
    fn stop_echo(&mut self);
}

impl Owner for Framer {
    fn expect_payload(&mut self, n: usize) {
        Framer::expect_payload(self, n)
    }
    fn set_prompt_expected(&mut self, expected: bool) {
        Framer::set_prompt_expected(self, expected)
    }
    fn start_echo(&mut self) {
        Framer::start_echo(self)
    }
    fn expect_echo(&mut self, bytes: &[u8]) {
        Framer::expect_echo(self, bytes)
    }
    fn stop_echo(&mut self) {
        Framer::stop_echo(self)
    }
}

impl Owner for Feed<'_, '_> {
    fn expect_payload(&mut self, n: usize) {
        Feed::expect_payload(self, n)
    }
    fn set_prompt_expected(&mut self, expected: bool) {
        Feed::set_prompt_expected(self, expected)
    }
    fn start_echo(&mut self) {
        Feed::start_echo(self)
    }
    fn expect_echo(&mut self, bytes: &[u8]) {
        Feed::expect_echo(self, bytes)
    }
    fn stop_echo(&mut self) {
        Feed::stop_echo(self)
    }
}

/// Frames `chunks` through `push` + `next_frame_ref`, reacting as an
/// owner; returns the frames and the bytes left unframed.
fn buffered_path(chunks: &[&[u8]]) -> (Vec<Frame>, usize) {
    let mut f = Framer::new();
    let mut out = Vec::new();
    for chunk in chunks {
        f.push(chunk);
        while let Some(frame) = f.next_frame_ref() {
            let frame = frame.to_frame();
            react(&frame, &mut f);
            out.push(frame);
        }
    }
    (out, f.buffered())
}

/// Frames `chunks` through `feed`, reacting as an owner; each feed is
/// dropped after at most `patience` frames (the rest is framed by the
/// next feed, or by `next_frame_ref` after the last one).
fn in_place_path(chunks: &[&[u8]], patience: usize) -> (Vec<Frame>, usize) {
    let mut f = Framer::new();
    let mut out = Vec::new();
    for chunk in chunks {
        let mut feed = f.feed(chunk);
        for _ in 0..patience {
            let Some(frame) = feed.next_frame_ref() else {
                break;
            };
            let frame = frame.to_frame();
            react(&frame, &mut feed);
            out.push(frame);
        }
    }
    while let Some(frame) = f.next_frame_ref() {
        let frame = frame.to_frame();
        react(&frame, &mut f);
        out.push(frame);
    }
    (out, f.buffered())
}

/// Cuts `bytes` at the given points (taken modulo its length).
fn split<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.push(0);
    cuts.push(bytes.len());
    cuts.sort_unstable();
    cuts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

const PIECES: &[&[u8]] = &[
    b"\r",
    b"\n",
    b"\r\n",
    b"OK",
    b"+B: 3",
    b"+B: 0",
    b">",
    b" ",
    b"PROMPT",
    b"ECHO",
    b"hi",
    b"yo",
    b"STOP",
    b"+A: 1,\"x\"",
    b"\xff",
];

proptest::proptest! {
    #[test]
    fn in_place_frames_equal_buffered_frames_at_any_split(
        picks in proptest::collection::vec(0..PIECES.len(), 0..40),
        cuts in proptest::collection::vec(0usize..1000, 0..8),
        patience in 1usize..6,
    ) {
        let bytes: Vec<u8> = picks.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
        let chunks = split(&bytes, &cuts);
        let want = buffered_path(&chunks);
        proptest::prop_assert_eq!(in_place_path(&chunks, usize::MAX), want.clone());
        proptest::prop_assert_eq!(in_place_path(&chunks, patience), want);
    }
}

#[test]
fn in_place_frames_equal_buffered_frames_at_every_split_pair() {
    let all: &[u8] = b"AT\r\r\n+B: 3\r\nx\ry\r\nPROMPT\n> ECHO\rhi\r\nyo+A: 1\r\nSTOP\r\n\r\nOK\r";
    for a in 0..=all.len() {
        for b in a..=all.len() {
            let chunks = [&all[..a], &all[a..b], &all[b..]];
            let want = buffered_path(&chunks);
            assert_eq!(in_place_path(&chunks, usize::MAX), want, "split {a}/{b}");
            assert_eq!(
                in_place_path(&chunks, 1),
                want,
                "split {a}/{b}, one frame a feed"
            );
        }
    }
}

#[test]
fn whole_lines_are_borrowed_from_the_read_itself() {
    let mut f = Framer::new();
    let read: &[u8] = b"\r\n+QSMTPPUT: 0,0\r\nOK\r\n+P";
    let range = read.as_ptr_range();
    let mut feed = f.feed(read);
    let mut lines = Vec::new();
    while let Some(frame) = feed.next_frame_ref() {
        let FrameRef::Line(line) = frame else {
            panic!("only lines here");
        };
        assert!(range.contains(&line.as_ptr()) || line.is_empty());
        lines.push(line.to_vec());
    }
    assert_eq!(lines, [&b""[..], b"+QSMTPPUT: 0,0", b"OK"]);
    drop(feed);
    // Only the incomplete tail was copied.
    assert_eq!((f.buffered(), f.buf.len()), (2, 2));
    let mut feed = f.feed(b": 1\r\n");
    assert_eq!(feed.next_frame(), Some(line("+P: 1")));
    assert_eq!(feed.next_frame(), None);
    drop(feed);
    assert_eq!(f.buffered(), 0);
}

#[test]
fn a_dropped_feed_keeps_what_it_did_not_frame() {
    let mut f = Framer::new();
    let mut feed = f.feed(b"A\r\nB\r\nC");
    assert_eq!(feed.buffered(), 7);
    assert_eq!(feed.next_frame(), Some(line("A")));
    drop(feed);
    assert_eq!(f.buffered(), 4);
    f.push(b"\n");
    let got: Vec<Frame> = std::iter::from_fn(|| f.next_frame()).collect();
    assert_eq!(got, vec![line("B"), line("C")]);
}

#[test]
fn endless_garbage_is_cut_the_same_in_place() {
    let junk = vec![0xFFu8; MAX_LINE + 10];
    for cut in [0, 1, MAX_LINE - 1, MAX_LINE, MAX_LINE + 9] {
        let chunks = [&junk[..cut], &junk[cut..], b"\r\nOK\r\n"];
        assert_eq!(
            in_place_path(&chunks, usize::MAX),
            buffered_path(&chunks),
            "split at {cut}"
        );
    }
}
