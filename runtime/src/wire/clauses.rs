//! Responses of several clauses as tuples: `(A, B, …)` is the
//! [`ResponseShape`] of a form whose answer is clause `A`, then `B`, …, each
//! a line type `T` (exactly one line), `Option<T>` or `Vec<T>`.

use super::line_type::{has_prefix, parse_optional, parse_repeated, LineType, ResponseShape};
use super::{expect_end, FieldError, ParseError};
use crate::command::{Claim, ResponseLine};

/// One clause of a response of several ([`ResponseShape`] for tuples).
pub trait Clause: Sized {
    /// The line prefixes of the clause's line type.
    const PREFIXES: &'static [&'static str];
    /// The claim of a line the clause's line type reads completely.
    fn parsed_claim(line: &str) -> Option<Claim>;
    /// Reads the clause from `lines` at `pos` (moving `pos` past it).
    fn read_at<'a>(lines: &'a [ResponseLine], pos: &mut usize) -> Result<Self, FieldError<'a>>;
}

/// `Clause` for a clause type over the line type `T`, read by `$read`.
macro_rules! clause {
    ($clause:ty, $read:path) => {
        impl<T: LineType> Clause for $clause {
            const PREFIXES: &'static [&'static str] = T::PREFIXES;
            #[inline]
            fn parsed_claim(line: &str) -> Option<Claim> {
                T::parsed_claim(line)
            }
            #[inline]
            fn read_at<'a>(
                lines: &'a [ResponseLine],
                pos: &mut usize,
            ) -> Result<Self, FieldError<'a>> {
                $read(lines, pos)
            }
        }
    };
}

clause!(T, T::parse_at);
clause!(Option<T>, parse_optional);
clause!(Vec<T>, parse_repeated);

/// `ResponseShape` for a tuple of clauses: the clauses in order, then
/// nothing; a line one of them reads completely is claimed by the first
/// such, a line with one of their prefixes that none reads is
/// `Unrecognised`.
macro_rules! clause_tuple {
    ($($c:ident),+) => {
        impl<$($c: Clause),+> ResponseShape for ($($c,)+) {
            fn parse_lines(lines: &[ResponseLine]) -> Result<Self, ParseError> {
                let mut pos = 0;
                let value = ($($c::read_at(lines, &mut pos)?,)+);
                expect_end(lines, pos, None)?;
                Ok(value)
            }
            fn claim(line: &str) -> Claim {
                $(if let Some(claim) = $c::parsed_claim(line) {
                    return claim;
                })+
                if false $(|| has_prefix(line, $c::PREFIXES))+ {
                    Claim::Unrecognised
                } else {
                    Claim::NotMine
                }
            }
        }
    };
}

clause_tuple!(A, B);
clause_tuple!(A, B, C);
clause_tuple!(A, B, C, D);
clause_tuple!(A, B, C, D, E);
clause_tuple!(A, B, C, D, E, F);
clause_tuple!(A, B, C, D, E, F, G);
clause_tuple!(A, B, C, D, E, F, G, H);

/// The most clauses a tuple response holds (more: a generated struct).
pub const MAX_CLAUSES: usize = 8;
