//! [`SimpleCommand`]: the few items a plain command needs; [`Command`]
//! follows from them.

use std::fmt::Debug;
use std::time::Duration;

use super::{Claim, Command, ResponseLine, DEFAULT_TIMEOUT};
use crate::wire::{ParamWriter, ParseError, ResponseShape};

/// A command with no data phase and no completion, whose answer is one
/// [`ResponseShape`] (nothing, one line, an optional line or repeated
/// lines). Its [`Command`] impl is the blanket one below: generated forms of
/// this kind say only what differs from command to command. Its parameters
/// are written once, by [`SimpleCommand::params`], for both the command line
/// and its redacted form (where [`ParamWriter::secret`] writes `***`).
pub trait SimpleCommand: Debug {
    /// Parsed information lines ([`Command::Response`]).
    type Response: ResponseShape + Debug;
    /// Command name as written after `AT+` ([`Command::name`]).
    const NAME: &'static str;
    /// The start of the command line: `AT+NAME=?`, `AT+NAME?`, `AT+NAME`,
    /// or, before the parameters, `AT+NAME=` (without `\r`).
    const LINE: &'static [u8];
    /// Time allowed for the final result ([`Command::timeout`]).
    const TIMEOUT: Duration = DEFAULT_TIMEOUT;
    /// Whether a parameter is a secret (which `params` writes with
    /// [`ParamWriter::secret`]); the blanket [`Command::SECRET_FREE`] is its
    /// negation.
    const HAS_SECRET: bool = false;
    /// Writes the parameters after [`SimpleCommand::LINE`] (default: none).
    fn params(&self, _w: &mut ParamWriter<'_>) {}
    /// Whether the request decides if its response line comes (spec:
    /// `response optional … when absent(p)`): `Some(true)` it must,
    /// `Some(false)` it must not ([`ResponseShape::parse_expected`]).
    ///
    /// Default: `None`, the response's shape alone decides.
    fn line_expected(&self) -> Option<bool> {
        None
    }
}

impl<T: SimpleCommand> Command for T {
    type Response = T::Response;
    type Outcome = ();
    type DataResult = ();
    const SECRET_FREE: bool = !T::HAS_SECRET;

    #[inline]
    fn name(&self) -> &'static str {
        T::NAME
    }
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(T::LINE);
        let mut w = ParamWriter::new(out);
        self.params(&mut w);
        w.finish();
        out.push(b'\r');
    }
    fn redacted(&self) -> String {
        super::redacted_line(self)
    }
    fn write_redacted(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(T::LINE);
        let mut w = ParamWriter::masked(out, true);
        self.params(&mut w);
        w.finish();
    }
    #[inline]
    fn timeout(&self) -> Duration {
        T::TIMEOUT
    }
    #[inline]
    fn claim(&self, line: &str) -> Claim {
        T::Response::claim(line)
    }
    #[inline]
    fn parse_response(&self, lines: &[ResponseLine]) -> Result<Self::Response, ParseError> {
        match self.line_expected() {
            None => T::Response::parse_lines(lines),
            Some(expected) => T::Response::parse_expected(lines, expected),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Fixed;
    impl SimpleCommand for Fixed {
        type Response = ();
        const NAME: &'static str = "X";
        const LINE: &'static [u8] = b"AT+X?";
    }

    #[derive(Debug)]
    struct WithParams(i64, Option<i64>);
    impl SimpleCommand for WithParams {
        type Response = ();
        const NAME: &'static str = "Y";
        const LINE: &'static [u8] = b"AT+Y=";
        const TIMEOUT: Duration = Duration::from_secs(9);
        fn params(&self, w: &mut ParamWriter<'_>) {
            w.int(self.0);
            w.sep();
            if let Some(v) = self.1 {
                w.int(v);
            }
        }
    }

    #[derive(Debug)]
    struct Login(&'static str);
    impl SimpleCommand for Login {
        type Response = ();
        const NAME: &'static str = "L";
        const LINE: &'static [u8] = b"AT+L=";
        const HAS_SECRET: bool = true;
        fn params(&self, w: &mut ParamWriter<'_>) {
            w.quoted("me");
            w.sep();
            w.secret(self.0, true, None);
        }
    }

    #[test]
    fn a_secret_is_written_on_the_wire_and_masked_in_the_redacted_line() {
        let login = Login("hunter2");
        assert_eq!(line(&login).0, b"AT+L=\"me\",\"hunter2\"\r");
        assert_eq!(login.redacted(), "AT+L=\"me\",***");
        let mut out = b"x".to_vec();
        login.write_redacted(&mut out);
        assert_eq!(out, b"xAT+L=\"me\",***");
        const { assert!(!<Login as Command>::SECRET_FREE) };
    }

    fn line<C: Command>(c: &C) -> (Vec<u8>, String) {
        let mut out = Vec::new();
        c.encode(&mut out);
        (out, c.redacted())
    }

    #[test]
    fn the_blanket_command_encodes_redacts_and_claims() {
        assert_eq!(line(&Fixed), (b"AT+X?\r".to_vec(), "AT+X?".to_string()));
        assert_eq!(line(&WithParams(1, None)).0, b"AT+Y=1\r");
        assert_eq!(line(&WithParams(1, Some(2))).0, b"AT+Y=1,2\r");
        assert_eq!(WithParams(1, None).timeout(), Duration::from_secs(9));
        assert_eq!(Fixed.timeout(), DEFAULT_TIMEOUT);
        assert_eq!(Fixed.name(), "X");
        assert_eq!(Fixed.claim("+X: 1"), Claim::NotMine);
        assert!(Fixed.parse_response(&[]).is_ok());
        assert!(Fixed
            .parse_response(&[ResponseLine::Line("+X: 1".into())])
            .is_err());
    }
}
