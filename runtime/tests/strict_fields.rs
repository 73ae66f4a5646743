//! A field that does not end exactly at a comma or the end of the line is a
//! `FieldError` naming the field and its text, never the nearest reading.

use atspec_runtime::wire::{Cursor, Fields, ParseError};

/// Reads `n` required strings from `+X: {rest}`: each field's text, or the
/// failing field's index and what was found.
fn strings(rest: &str, n: usize) -> Vec<Result<String, (Option<usize>, String)>> {
    let line = format!("+X: {rest}");
    let mut c = Cursor::new(&line, "+X", 1).unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        let got = c.str_field().map(str::to_owned).map_err(|e| {
            let e = ParseError::from(e);
            (e.field, e.found)
        });
        let failed = got.is_err();
        out.push(got);
        if failed {
            break;
        }
    }
    out
}

fn ok(s: &str) -> Result<String, (Option<usize>, String)> {
    Ok(s.to_owned())
}

fn bad(field: usize, found: &str) -> Result<String, (Option<usize>, String)> {
    Err((Some(field), found.to_owned()))
}

#[test]
fn quoted_fields_end_exactly_at_a_comma() {
    let table = [
        (r#""a"junk,5"#, vec![bad(1, r#"\"a\"junk"#)]),
        (r#""a" ,5"#, vec![bad(1, r#"\"a\""#)]),
        (r#""a""b""#, vec![bad(1, r#"\"a\"\"b\""#)]),
        (r#""a"#, vec![bad(1, r#"\"a"#)]),
        (r#"5,"a"x"#, vec![ok("5"), bad(2, r#"\"a\"x"#)]),
        (r#""a","#, vec![ok("a"), ok("")]),
        (r#""a,b",5"#, vec![ok("a,b"), ok("5")]),
    ];
    for (rest, want) in table {
        assert_eq!(strings(rest, want.len()), want, "{rest}");
    }
}

#[test]
fn a_malformed_field_fails_every_reader() {
    let line = r#"+X: "1"x,"a"x,"a"x,"a"x,"a"x"#;
    let mut c = Cursor::new(line, "+X", 2).unwrap();
    let e = ParseError::from(c.int::<u8>("an integer").unwrap_err());
    assert_eq!((e.line, e.field), (2, Some(1)));
    assert!(c.opt_str_field().is_err());
    assert!(c.literal_str("a").is_err());
    assert!(c.str_field_if("a string", |_| true).is_err());
    assert!(c.opt_int::<u8>("an integer").is_err());
}

#[test]
fn a_trailing_empty_field_is_left_over() {
    let mut c = Cursor::new(r#"+X: "a","#, "+X", 1).unwrap();
    assert_eq!(c.str_field(), Ok("a"));
    let e = ParseError::from(c.end().unwrap_err());
    assert_eq!((e.field, e.found.as_str()), (Some(2), "an empty field"));
}

#[test]
fn trailing_fields_keep_malformed_text_verbatim() {
    let mut c = Cursor::new(r#"+X: 1,"a"junk,"b",(0,1)x"#, "+X", 1).unwrap();
    assert_eq!(c.int::<u8>("an integer"), Ok(1));
    let rest: Vec<&str> = c.rest_fields().map(|f| f.text).collect();
    assert_eq!(rest, [r#""a"junk"#, "b", "(0,1)x"]);
    assert_eq!(c.end(), Ok(()));
}

proptest::proptest! {
    /// `str_field` and `opt_str_field` (with their quoted fast path) read
    /// exactly what the general splitter reads, and fail where it flags a
    /// malformed field.
    #[test]
    fn string_readers_agree_with_the_splitter(rest in "[ ,\"a(x)]{0,24}") {
        let line = format!("+X:{rest}");
        let mut fast = Cursor::try_new(&line, "+X").unwrap();
        let mut slow = Fields::new(&rest);
        for n in 0..6 {
            let raw = slow.next();
            let want = if slow.malformed() { Err(()) } else { Ok(raw) };
            if n % 2 == 0 {
                let got = fast.str_field().map_err(|_| ());
                let want = want.map(|r| r.map(|f| f.text));
                match want {
                    Ok(None) => proptest::prop_assert!(got.is_err(), "{:?}", rest),
                    Ok(Some(t)) => proptest::prop_assert_eq!(got, Ok(t), "{:?}", rest),
                    Err(()) => proptest::prop_assert!(got.is_err(), "{:?}", rest),
                }
            } else {
                let got = fast.opt_str_field().map_err(|_| ());
                let want = want.map(|r| r.filter(|f| !f.is_blank()).map(|f| f.text));
                proptest::prop_assert_eq!(got, want, "{:?}", rest);
            }
        }
    }
}
