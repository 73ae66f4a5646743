//! Masking of secrets in received lines, for traces, URC text and error
//! messages (never for typed parsing, which sees the line as sent).
//!
//! Three nets, so that a line carrying a secret is masked whichever way it
//! arrives:
//! - the dialect's own [`crate::Dialect::redact_line`] (generated from the
//!   spec's `secret` response fields: a read-back such as
//!   `+SMTPAUTH: 1,"user","pw"`, also when it arrives late);
//! - the secret values of the last command sent with secrets (learnt from
//!   its line and its [`crate::Command::redacted`] form): every occurrence
//!   in any later line is replaced by `***`;
//! - while such values are known, any line that holds a command echo
//!   (starts with `AT`, any case, or has `AT+` anywhere) but is not the
//!   exact echo has everything after the echo's first `=` masked: an echo
//!   garbled by one byte inside the password no longer contains the value;
//!   so has a line holding the command's name and `=` (`SMTPAUTH=`, any
//!   case): an echo whose `AT+` was cut off (by a payload that swallowed it)
//!   with a garbled password.

use std::borrow::Cow;

use memchr::memmem;

/// The mask written in place of a secret.
pub(crate) const MASK: &[u8] = b"***";
/// At most this many secret values are remembered.
const MAX_VALUES: usize = 8;

/// The secret values of the last command line sent with secrets.
#[derive(Debug, Default)]
pub(crate) struct Secrets {
    values: Vec<Vec<u8>>,
    /// The command's name with its `=` (`SMTPAUTH=`), without `AT` / `AT+`.
    name_eq: Vec<u8>,
}

impl Secrets {
    /// Learns the secrets of command line `echo` from its `redacted` form
    /// (`***` where a secret stands). A line without secrets keeps the
    /// values learnt before (their late echo or read-back is still masked).
    pub(crate) fn learn(&mut self, echo: &[u8], redacted: &[u8]) {
        let redacted = redacted.trim_ascii();
        if redacted == echo || memmem::find(redacted, MASK).is_none() {
            return;
        }
        let mut values = extract(echo, redacted).unwrap_or_else(|| {
            // Could not line the two up: everything after `=` is secret.
            let start = echo.iter().position(|&b| b == b'=').map_or(0, |i| i + 1);
            vec![echo[start..].to_vec()]
        });
        for v in &mut values {
            // A quoted value is masked with or without its quotes.
            if v.len() >= 2 && v.starts_with(b"\"") && v.ends_with(b"\"") {
                *v = v[1..v.len() - 1].to_vec();
            }
        }
        values.retain(|v| !v.is_empty());
        values.truncate(MAX_VALUES);
        self.values = values;
        self.name_eq = name_eq(echo);
    }

    /// `line` with every known secret masked (borrowed when there is none).
    pub(crate) fn mask<'a>(&self, line: &'a [u8]) -> Cow<'a, [u8]> {
        if self.values.is_empty() {
            return Cow::Borrowed(line);
        }
        let mut out = Cow::Borrowed(line);
        // Mask from the earliest place a (cut or glued) echo starts.
        let by_echo = echo_start(line).map(|at| {
            line[at..]
                .iter()
                .position(|&b| b == b'=')
                .map_or(at + 2, |i| at + i + 1)
        });
        let by_name = find_ignore_case(line, &self.name_eq).map(|at| at + self.name_eq.len());
        let keep = by_echo.into_iter().chain(by_name).min();
        if let Some(keep) = keep {
            let mut masked = line[..keep].to_vec();
            masked.extend_from_slice(MASK);
            out = Cow::Owned(masked);
        }
        for value in &self.values {
            if memmem::find(&out, value).is_some() {
                out = Cow::Owned(replace_all(&out, value));
            }
        }
        out
    }
}

/// Where a command echo starts in `line`: `AT` (any case) at its start, or
/// `AT+` anywhere (an echo glued to other output).
fn echo_start(line: &[u8]) -> Option<usize> {
    let start = line.len() - line.trim_ascii_start().len();
    if line[start..]
        .get(..2)
        .is_some_and(|at| at.eq_ignore_ascii_case(b"AT"))
    {
        return Some(start);
    }
    line.windows(3)
        .position(|w| w[..2].eq_ignore_ascii_case(b"AT") && w[2] == b'+')
}

/// `SMTPAUTH=` for `AT+SMTPAUTH=...` (empty when the line has no `=`).
fn name_eq(echo: &[u8]) -> Vec<u8> {
    let Some(eq) = echo.iter().position(|&b| b == b'=') else {
        return Vec::new();
    };
    let head = &echo[..=eq];
    let start = match head.get(..3) {
        Some(at) if at[..2].eq_ignore_ascii_case(b"AT") && at[2] == b'+' => 3,
        _ if head
            .get(..2)
            .is_some_and(|at| at.eq_ignore_ascii_case(b"AT")) =>
        {
            2
        }
        _ => 0,
    };
    head[start..].to_vec()
}

/// Where `needle` (non-empty, ASCII case ignored) first occurs in `hay`.
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() < 2 {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// `hay` with every occurrence of `value` replaced by [`MASK`].
fn replace_all(hay: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(i) = memmem::find(rest, value) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(MASK);
        rest = &rest[i + value.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The values standing where `redacted` has `***`, if the literal pieces
/// between them line up with `echo`.
fn extract(echo: &[u8], redacted: &[u8]) -> Option<Vec<Vec<u8>>> {
    let pieces: Vec<&[u8]> = split_mask(redacted);
    let (first, last) = (pieces.first()?, pieces.last()?);
    let middle = echo
        .strip_prefix(*first)?
        .strip_suffix(*last)
        .filter(|_| echo.len() >= first.len() + last.len())?;
    let mut values = Vec::new();
    let mut rest = middle;
    for piece in &pieces[1..pieces.len() - 1] {
        let at = memmem::find(rest, piece)?;
        values.push(rest[..at].to_vec());
        rest = &rest[at + piece.len()..];
    }
    values.push(rest.to_vec());
    Some(values)
}

/// `redacted` split at every [`MASK`].
fn split_mask(redacted: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut rest = redacted;
    while let Some(i) = memmem::find(rest, MASK) {
        pieces.push(&rest[..i]);
        rest = &rest[i + MASK.len()..];
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learnt(echo: &str, redacted: &str) -> Secrets {
        let mut s = Secrets::default();
        s.learn(echo.as_bytes(), redacted.as_bytes());
        s
    }

    fn masked(s: &Secrets, line: &str) -> String {
        String::from_utf8(s.mask(line.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn values_are_learnt_from_the_redacted_form_and_masked_anywhere() {
        let s = learnt(
            r#"AT+SMTPAUTH=1,"user","hunter2""#,
            r#"AT+SMTPAUTH=1,"user","***""#,
        );
        assert_eq!(
            masked(&s, r#"+SMTPAUTH: 1,"user","hunter2""#),
            r#"+SMTPAUTH: 1,"user","***""#
        );
        assert_eq!(masked(&s, "hunter2hunter2"), "******");
        assert_eq!(masked(&s, "+SMTPSEND: 1"), "+SMTPSEND: 1");
    }

    #[test]
    fn two_secrets_are_both_learnt() {
        let s = learnt(r#"AT+X="u","p1","p2""#, r#"AT+X="u","***","***""#);
        assert_eq!(masked(&s, "p2 then p1"), "*** then ***");
    }

    #[test]
    fn a_garbled_echo_is_masked_after_its_equals_sign() {
        let s = learnt(
            r#"AT+SMTPAUTH=1,"u","hunter2""#,
            r#"AT+SMTPAUTH=1,"u","***""#,
        );
        assert_eq!(
            masked(&s, r#"AT+SMTPAUTH=1,"u","hunteR2""#),
            "AT+SMTPAUTH=***"
        );
        assert_eq!(masked(&s, r#"at+smtpauth"#), "at***");
        assert_eq!(
            masked(&s, r#"OKAT+SMTPAUTH=1,"u","hunteR2""#),
            "OKAT+SMTPAUTH=***"
        );
    }

    #[test]
    fn an_echo_cut_before_its_name_is_masked_after_name_and_equals_sign() {
        // `+B: 3` announced a 3-byte payload that swallowed `AT+` of the
        // echo, whose password arrived garbled (the props test's case).
        let s = learnt(r#"AT+X="pw""#, r#"AT+X="***""#);
        assert_eq!(masked(&s, r#"X="pX""#), "X=***");
        assert_eq!(masked(&s, r#"X="pX"AT+X="pX""#), "X=***");
        let s = learnt(
            r#"AT+SMTPAUTH=1,"u","hunter2""#,
            r#"AT+SMTPAUTH=1,"u","***""#,
        );
        assert_eq!(masked(&s, r#"+smtpauth=1,"u","hunteR2""#), "+smtpauth=***");
        assert_eq!(masked(&s, "+SMTPSEND: 1"), "+SMTPSEND: 1");
    }

    #[test]
    fn a_line_without_secrets_keeps_the_values_learnt_before() {
        let mut s = learnt(r#"AT+P="pw""#, r#"AT+P="***""#);
        s.learn(b"AT+SMTPSEND", b"AT+SMTPSEND");
        assert_eq!(masked(&s, "late: pw"), "late: ***");
    }
}
