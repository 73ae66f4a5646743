//! Checks run by generated constructors before anything reaches the wire.

use std::fmt;

/// Characters a string parameter may hold (mirrors the spec's classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    /// Anything except the framing breakers.
    Any,
    /// 0x20..=0x7E.
    Ascii,
    /// ASCII letters and digits.
    Alnum,
    /// 0x21..=0x7E.
    Printable,
    /// Hex digits, even count.
    Hex,
}

impl Charset {
    /// The spec keyword for the class.
    pub const fn keyword(self) -> &'static str {
        match self {
            Charset::Any => "any",
            Charset::Ascii => "ascii",
            Charset::Alnum => "alnum",
            Charset::Printable => "printable",
            Charset::Hex => "hex",
        }
    }

    fn allows(self, c: char) -> bool {
        match self {
            Charset::Any => true,
            Charset::Ascii => (' '..='~').contains(&c),
            Charset::Alnum => c.is_ascii_alphanumeric(),
            Charset::Printable => ('!'..='~').contains(&c),
            Charset::Hex => c.is_ascii_hexdigit(),
        }
    }
}

/// Everything a string parameter must satisfy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrRules {
    /// Shortest length in bytes.
    pub min_len: usize,
    /// Longest length in bytes, if bounded.
    pub max_len: Option<usize>,
    /// Allowed characters.
    pub charset: Charset,
    /// Written bare on the wire (then `,` is forbidden too).
    pub unquoted: bool,
    /// Required leading text.
    pub prefix: Option<&'static str>,
    /// Non-ASCII text is allowed (it is sent hex-encoded after a marker).
    pub non_ascii_allowed: bool,
}

/// What a rejected value broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValidationErrorKind {
    /// An integer outside its inclusive range.
    OutOfRange {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// A string shorter than allowed (bytes).
    TooShort {
        /// Shortest accepted length.
        min: usize,
    },
    /// A string longer than allowed (bytes).
    TooLong {
        /// Longest accepted length.
        max: usize,
    },
    /// A character the wire rule forbids in every string ([`wire_forbidden`]),
    /// or a comma in an unquoted one.
    ForbiddenChar {
        /// The character.
        ch: char,
    },
    /// A character outside the string's class.
    Charset {
        /// The class keyword (`alnum`, `printable`, ...).
        charset: &'static str,
        /// The offending character.
        ch: char,
    },
    /// Hex text with an odd number of digits.
    OddHex,
    /// The string does not start with the required prefix.
    MissingPrefix {
        /// The required prefix.
        prefix: &'static str,
    },
    /// A cross-parameter rule does not hold.
    Rule {
        /// The rule as written in the spec.
        rule: &'static str,
    },
}

/// A parameter value rejected at construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The parameter's name.
    pub field: &'static str,
    /// The broken rule.
    pub kind: ValidationErrorKind,
}

impl ValidationError {
    /// Builds an error for `field`.
    pub const fn new(field: &'static str, kind: ValidationErrorKind) -> Self {
        ValidationError { field, kind }
    }

    /// A broken cross-parameter rule, reported against `field`.
    pub const fn rule(field: &'static str, rule: &'static str) -> Self {
        ValidationError {
            field,
            kind: ValidationErrorKind::Rule { rule },
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}`: ", self.field)?;
        match &self.kind {
            ValidationErrorKind::OutOfRange { min, max } => write!(f, "must be in {min}..={max}"),
            ValidationErrorKind::TooShort { min } => write!(f, "must be at least {min} bytes long"),
            ValidationErrorKind::TooLong { max } => write!(f, "must be at most {max} bytes long"),
            ValidationErrorKind::ForbiddenChar { ch } => {
                let why = wire_forbidden(*ch).unwrap_or("a comma would split an unquoted value");
                write!(f, "must not contain {ch:?} ({why})")
            }
            ValidationErrorKind::Charset { charset, ch } => {
                write!(f, "may only hold `{charset}` characters, found {ch:?}")
            }
            ValidationErrorKind::OddHex => write!(f, "hex text must have an even number of digits"),
            ValidationErrorKind::MissingPrefix { prefix } => {
                write!(f, "must start with {prefix:?}")
            }
            ValidationErrorKind::Rule { rule } => write!(f, "violates rule `{rule}`"),
        }
    }
}

impl std::error::Error for ValidationError {}

/// Checks `value` against the inclusive range `min..=max`.
pub fn check_range(
    field: &'static str,
    value: i64,
    min: i64,
    max: i64,
) -> Result<(), ValidationError> {
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::OutOfRange { min, max },
        ));
    }
    Ok(())
}

/// Why `c` may never be written inside a string parameter, whatever its
/// class, if it may not. This is the wire rule for every string (the front
/// end applies the same rule to spec text; a test checks they agree):
///
/// - `"` would end the quoted string; CR and LF end the command line; Ctrl-Z
///   and ESC end or cancel data entry;
/// - backspace (0x08) and DEL edit the command line on the module;
/// - `\` starts a V.250 `\HH` escape inside a quoted string; no manual of the
///   five dialects says how its module unescapes, so it is refused rather
///   than escaped;
/// - every other control character (C0, C1) is refused too.
///
/// An `unquoted` string also refuses `,` (see [`check_str`]).
pub const fn wire_forbidden(c: char) -> Option<&'static str> {
    match c {
        '"' => Some("a quote would end the quoted string early"),
        '\r' | '\n' => Some("a line break would end the command line"),
        '\u{1a}' | '\u{1b}' => Some("Ctrl-Z and ESC end or cancel data entry"),
        '\\' => Some("V.250 modules read `\\HH` in a quoted string as an escape"),
        '\u{8}' | '\u{7f}' => Some("the module edits the command line on backspace and DEL"),
        '\u{0}'..='\u{1f}' | '\u{80}'..='\u{9f}' => Some("control characters are not sent"),
        _ => None,
    }
}

/// Checks a string parameter against its rules.
pub fn check_str(
    field: &'static str,
    value: &str,
    rules: &StrRules,
) -> Result<(), ValidationError> {
    let err = |kind| Err(ValidationError::new(field, kind));
    if value.len() < rules.min_len {
        return err(ValidationErrorKind::TooShort { min: rules.min_len });
    }
    if let Some(max) = rules.max_len {
        if value.len() > max {
            return err(ValidationErrorKind::TooLong { max });
        }
    }
    for ch in value.chars() {
        if wire_forbidden(ch).is_some() || (rules.unquoted && ch == ',') {
            return err(ValidationErrorKind::ForbiddenChar { ch });
        }
        if !ch.is_ascii() && rules.non_ascii_allowed {
            continue;
        }
        if !rules.charset.allows(ch) {
            return err(ValidationErrorKind::Charset {
                charset: rules.charset.keyword(),
                ch,
            });
        }
    }
    if rules.charset == Charset::Hex && value.len() & 1 == 1 {
        return err(ValidationErrorKind::OddHex);
    }
    if let Some(prefix) = rules.prefix {
        if !value.starts_with(prefix) {
            return err(ValidationErrorKind::MissingPrefix { prefix });
        }
    }
    Ok(())
}

/// Checks that `value` is hex text of even length (the `hex(p)` rule).
pub fn check_hex(value: &str) -> bool {
    value.len() & 1 == 0 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: StrRules = StrRules {
        min_len: 1,
        max_len: Some(4),
        charset: Charset::Any,
        unquoted: false,
        prefix: None,
        non_ascii_allowed: false,
    };

    #[test]
    fn framing_characters_are_rejected_whatever_the_class() {
        for ch in [
            '"', '\r', '\n', '\u{1a}', '\u{1b}', '\u{0}', '\u{8}', '\u{7f}', '\\',
        ] {
            let s = format!("a{ch}");
            let e = check_str("x", &s, &RULES).unwrap_err();
            assert_eq!(e.kind, ValidationErrorKind::ForbiddenChar { ch });
        }
    }

    #[test]
    fn controls_and_backslash_are_rejected_whatever_the_class() {
        let any = StrRules {
            max_len: None,
            ..RULES
        };
        let printable = StrRules {
            charset: Charset::Printable,
            ..any
        };
        let controls = (0u32..0x20).chain([0x7f]).chain(0x80..0xa0);
        for ch in controls.filter_map(char::from_u32).chain(['\\']) {
            for rules in [&any, &printable] {
                let e = check_str("x", &format!("a{ch}b"), rules).unwrap_err();
                assert_eq!(e.kind, ValidationErrorKind::ForbiddenChar { ch }, "{ch:?}");
                assert!(e.to_string().contains(&format!("{ch:?}")), "{e}");
            }
        }
        assert!(check_str("x", "a b~é", &any).is_ok());
    }

    #[test]
    fn lengths_and_classes() {
        assert!(check_str("x", "abcd", &RULES).is_ok());
        assert_eq!(
            check_str("x", "", &RULES).unwrap_err().kind,
            ValidationErrorKind::TooShort { min: 1 }
        );
        assert_eq!(
            check_str("x", "abcde", &RULES).unwrap_err().kind,
            ValidationErrorKind::TooLong { max: 4 }
        );
        let hex = StrRules {
            charset: Charset::Hex,
            ..RULES
        };
        assert!(check_str("x", "0aF1", &hex).is_ok());
        assert_eq!(
            check_str("x", "0aF", &hex).unwrap_err().kind,
            ValidationErrorKind::OddHex
        );
        assert!(check_str("x", "0g", &hex).is_err());
        let unq = StrRules {
            unquoted: true,
            charset: Charset::Printable,
            ..RULES
        };
        assert!(check_str("x", "a,b", &unq).is_err());
        assert!(check_str("x", "a b", &unq).is_err());
    }

    #[test]
    fn ranges() {
        assert!(check_range("p", 1, 1, 65535).is_ok());
        assert!(check_range("p", 0, 1, 65535).is_err());
        assert_eq!(
            check_range("p", 65536, 1, 65535).unwrap_err().to_string(),
            "field `p`: must be in 1..=65535"
        );
    }
}
