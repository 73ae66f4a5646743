//! Terminator search: word by word for short input, `memchr2` beyond.

use memchr::memchr2;

/// This many bytes are searched word by word first: that finds a terminator
/// sooner than `memchr2` (whose SIMD dispatch costs more than a short line),
/// which searches beyond them.
pub(super) const SHORT_SCAN: usize = 64;

/// Eight copies of a byte in a word.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// [`find_terminator`] beyond [`SHORT_SCAN`] bytes (kept out of line so
/// that the short scan inlines small).
#[inline(never)]
fn find_terminator_long(hay: &[u8]) -> Option<usize> {
    memchr2(b'\r', b'\n', hay)
}

/// The index of the first CR or LF in `hay`.
#[inline]
pub(super) fn find_terminator(hay: &[u8]) -> Option<usize> {
    match hay.split_at_checked(SHORT_SCAN) {
        // Lines are short: look at the start word by word before paying
        // for `memchr2` on the rest of a long read.
        Some((head, rest)) if !rest.is_empty() => find_terminator_short(head)
            .or_else(|| find_terminator_long(rest).map(|i| SHORT_SCAN + i)),
        _ => find_terminator_short(hay),
    }
}

/// [`find_terminator`] word by word (for up to [`SHORT_SCAN`] bytes).
#[inline]
fn find_terminator_short(hay: &[u8]) -> Option<usize> {
    let words = hay.chunks_exact(8);
    let tail = words.remainder();
    for (i, word) in words.enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        // A zero byte of `w ^ splat(b)` is a byte equal to `b`; the lowest
        // flagged byte is exact (false flags only sit above a true one).
        let zero = |x: u64| x.wrapping_sub(splat(1)) & !x & splat(0x80);
        let hits = zero(w ^ splat(b'\r')) | zero(w ^ splat(b'\n'));
        if hits != 0 {
            return Some(i * 8 + hits.trailing_zeros() as usize / 8);
        }
    }
    let base = hay.len() - tail.len();
    tail.iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .map(|j| base + j)
}
