//! The wire rule for text: which characters may appear in a string that is
//! written into a command line, whether it comes from the spec (sub-command
//! keys, literal parameters, string enum values, `prefix` and
//! `non_ascii_marker` text, escape sequences) or from a caller's value.
//!
//! Quoted strings go out between `"`; the module ends the command line at CR,
//! treats LF, Ctrl-Z and ESC as framing, edits the line on backspace (0x08,
//! V.250's S5) and, per V.250, reads `\HH` inside a quoted string as an escape.
//! None of the five manuals documents how (or whether) its module unescapes,
//! so no character is escaped: each of these is refused, with the reason.
//! The runtime's `wire::validate` applies the same rule to values, and a test
//! checks the two agree on every character.

/// Why `c` may not appear in text written into a command line, if it may not.
pub fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '"' => Some("a quote would end the quoted string early"),
        '\r' | '\n' => Some("a line break would end the command line"),
        '\u{1a}' | '\u{1b}' => Some("Ctrl-Z and ESC end or cancel data entry"),
        '\\' => Some("V.250 modules read `\\HH` in a quoted string as an escape"),
        '\u{8}' | '\u{7f}' => Some("the module edits the command line on backspace and DEL"),
        c if c.is_control() => Some("control characters are not sent"),
        _ => None,
    }
}

/// The first character of `text` the wire rule forbids, with its byte offset
/// and the reason.
pub fn first_forbidden(text: &str) -> Option<(usize, char, &'static str)> {
    text.char_indices()
        .find_map(|(i, c)| forbidden(c).map(|why| (i, c, why)))
}

#[cfg(test)]
mod tests {
    use super::{first_forbidden, forbidden};

    #[test]
    fn controls_quotes_and_backslash_are_forbidden_printables_are_not() {
        for c in (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '\u{7f}', '\u{85}'])
        {
            assert!(forbidden(c).is_some(), "{c:?}");
        }
        for c in (0x20u8..0x7f)
            .map(char::from)
            .filter(|c| !matches!(c, '"' | '\\'))
        {
            assert_eq!(forbidden(c), None, "{c:?}");
        }
        assert_eq!(forbidden('é'), None);
        assert_eq!(first_forbidden("ab\r\nc").map(|f| f.0), Some(2));
    }
}
