//! A generated parser rejects a quoted field with anything but a comma or
//! the end of the line after its closing quote, naming the field and the
//! text found (never the nearest reading, `"a"` then `25`).

#[allow(dead_code)]
mod mail {
    atspec_macros::dialect!("specs/mail.atspec");
}

use atspec_runtime::{Command, ResponseLine};
use mail::*;

fn lines(text: &[&str]) -> Vec<ResponseLine> {
    text.iter()
        .map(|l| ResponseLine::Line((*l).to_owned()))
        .collect()
}

#[test]
fn junk_after_a_closing_quote_fails_that_field() {
    let table = [
        ("+SMTPSRV: \"a\"junk,25", "\\\"a\\\"junk"),
        ("+SMTPSRV: \"a\" ,25", "\\\"a\\\""),
        ("+SMTPSRV: \"a\"\"b\",25", "\\\"a\\\"\\\"b\\\""),
        ("+SMTPSRV: \"a,25", "\\\"a"),
    ];
    for (line, found) in table {
        let e = SmtpsrvRead.parse_response(&lines(&[line])).unwrap_err();
        assert_eq!(
            (e.line, e.field, e.found.as_str()),
            (1, Some(1), found),
            "{line}"
        );
    }
    assert!(SmtpsrvRead
        .parse_response(&lines(&["+SMTPSRV: \"a\",25"]))
        .is_ok());
}
