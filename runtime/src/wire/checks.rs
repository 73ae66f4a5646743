//! Parameter checks as data: [`StrRules`] built by `const fn`s, and the
//! one-call checks generated constructors make of each argument.

use super::secret::Secret;
use super::validate::{check_range, check_str, Charset, StrRules, ValidationError};

impl StrRules {
    /// Any length, any character but the wire breakers, quoted, no prefix,
    /// ASCII only: the rules of a plain `string` parameter.
    pub const ANY: StrRules = StrRules {
        min_len: 0,
        max_len: None,
        charset: Charset::Any,
        unquoted: false,
        prefix: None,
        non_ascii_allowed: false,
    };

    /// The same rules with a shortest length of `min` bytes.
    pub const fn min(self, min: usize) -> Self {
        StrRules {
            min_len: min,
            ..self
        }
    }

    /// The same rules with a longest length of `max` bytes.
    pub const fn max(self, max: usize) -> Self {
        StrRules {
            max_len: Some(max),
            ..self
        }
    }

    /// The same rules allowing only `charset` characters.
    pub const fn charset(self, charset: Charset) -> Self {
        StrRules { charset, ..self }
    }

    /// The same rules for a string written bare on the wire.
    pub const fn unquoted(self) -> Self {
        StrRules {
            unquoted: true,
            ..self
        }
    }

    /// The same rules requiring the leading text `prefix`.
    pub const fn prefix(self, prefix: &'static str) -> Self {
        StrRules {
            prefix: Some(prefix),
            ..self
        }
    }

    /// The same rules allowing non-ASCII text (sent hex-encoded after a marker).
    pub const fn non_ascii(self) -> Self {
        StrRules {
            non_ascii_allowed: true,
            ..self
        }
    }

    /// The argument `field` as an owned string once it satisfies these
    /// rules (see [`check_str`]): what generated constructors call.
    #[inline]
    pub fn check(&self, field: &'static str, value: &str) -> Result<String, ValidationError> {
        checked_string(field, value, self)
    }

    /// [`StrRules::check`] of a secret argument, wrapped so that it never
    /// shows in `Debug`.
    #[inline]
    pub fn check_secret(
        &self,
        field: &'static str,
        value: &str,
    ) -> Result<Secret<String>, ValidationError> {
        checked_string(field, value, self).map(Secret::new)
    }
}

/// `value` as an owned string once it satisfies `rules` (see [`check_str`]).
pub fn checked_string(
    field: &'static str,
    value: &str,
    rules: &StrRules,
) -> Result<String, ValidationError> {
    check_str(field, value, rules)?;
    Ok(value.to_owned())
}

/// `value` once it lies in `min..=max` (see [`check_range`]).
pub fn in_range<T: Copy + Into<i64>>(
    field: &'static str,
    value: T,
    min: i64,
    max: i64,
) -> Result<T, ValidationError> {
    check_range(field, value.into(), min, max)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ValidationErrorKind;

    #[test]
    fn builders_set_one_rule_each() {
        let r = StrRules::ANY
            .min(1)
            .max(4)
            .charset(Charset::Hex)
            .unquoted()
            .prefix("0")
            .non_ascii();
        let expected = StrRules {
            min_len: 1,
            max_len: Some(4),
            charset: Charset::Hex,
            unquoted: true,
            prefix: Some("0"),
            non_ascii_allowed: true,
        };
        assert_eq!(r, expected);
    }

    #[test]
    fn checks_return_the_value_or_the_error() {
        let rules = StrRules::ANY.min(1).max(3);
        assert_eq!(checked_string("s", "ab", &rules).as_deref(), Ok("ab"));
        let e = checked_string("s", "abcd", &rules).unwrap_err();
        assert_eq!(e.kind, ValidationErrorKind::TooLong { max: 3 });
        assert_eq!(in_range("p", 25u16, 1, 65535), Ok(25));
        let e = in_range("p", 0u16, 1, 65535).unwrap_err();
        assert_eq!(
            e.kind,
            ValidationErrorKind::OutOfRange { min: 1, max: 65535 }
        );
    }
}
