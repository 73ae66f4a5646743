//! Every validator kind the generator emits: bounds accepted, one step past
//! each bound rejected, every framing character rejected, rules enforced.

// The spec's items are only partly used by this test binary.
#[allow(dead_code)]
mod v {
    atspec_macros::dialect!("specs/validators.atspec");
}

use atspec_runtime::wire::{ValidationError, ValidationErrorKind as K};
use atspec_runtime::Command;
use v::*;

const FRAMING: [char; 5] = ['"', '\r', '\n', '\u{1a}', '\u{1b}'];

fn wire(cmd: &impl Command) -> String {
    let mut out = Vec::new();
    cmd.encode(&mut out);
    String::from_utf8(out).expect("utf-8")
}

fn field_and_kind(e: ValidationError) -> (&'static str, K) {
    (e.field, e.kind)
}

#[test]
fn integer_bounds() {
    let ok = IntsWrite::new(0, 1, 60, -15, i64::MIN).unwrap();
    assert_eq!(wire(&ok), "AT+INTS=0,1,60,-15,-9223372036854775808\r");
    let ok = IntsWrite::new(255, 65535, 1000, -1, i64::MAX).unwrap();
    assert_eq!(wire(&ok), "AT+INTS=255,65535,1000,-1,9223372036854775807\r");
    // min-1 (u8 0..=255 and u16 1..=65535 cannot go past max: the type stops it).
    assert_eq!(
        field_and_kind(IntsWrite::new(0, 0, 60, -1, 0).unwrap_err()),
        ("port", K::OutOfRange { min: 1, max: 65535 })
    );
    assert_eq!(
        field_and_kind(IntsWrite::new(0, 1, 59, -1, 0).unwrap_err()),
        ("timer", K::OutOfRange { min: 60, max: 1000 })
    );
    assert_eq!(
        field_and_kind(IntsWrite::new(0, 1, 1001, -1, 0).unwrap_err()),
        ("timer", K::OutOfRange { min: 60, max: 1000 })
    );
    assert_eq!(
        field_and_kind(IntsWrite::new(0, 1, 60, -16, 0).unwrap_err()),
        ("neg", K::OutOfRange { min: -15, max: -1 })
    );
    assert_eq!(
        field_and_kind(IntsWrite::new(0, 1, 60, 0, 0).unwrap_err()),
        ("neg", K::OutOfRange { min: -15, max: -1 })
    );
}

/// Valid arguments for STRS, with one replaced.
fn strs(replace: usize, value: &str) -> Result<StrsWrite, ValidationError> {
    let mut a = [
        "12345", "ab", "x", " ~", "a1", "!~", "0aFf", "u.i-d", "RAM:f", "n", "pw",
    ];
    a[replace] = value;
    StrsWrite::new(
        a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10],
    )
}

const NAMES: [&str; 11] = [
    "max5",
    "min2",
    "nonempty",
    "ascii",
    "alnum",
    "printable",
    "hexed",
    "bare",
    "file",
    "name",
    "password",
];

#[test]
fn string_bounds_and_classes() {
    let ok = strs(0, "12345").unwrap();
    assert_eq!(wire(&ok), "AT+STRS=\"12345\",\"ab\",\"x\",\" ~\",\"a1\",\"!~\",\"0aFf\",u.i-d,\"RAM:f\",\"n\",\"pw\"\r");
    assert_eq!(
        field_and_kind(strs(0, "123456").unwrap_err()),
        ("max5", K::TooLong { max: 5 })
    );
    assert!(strs(0, "").is_ok(), "no minimum");
    assert!(strs(1, "0123456789").is_ok());
    assert_eq!(
        field_and_kind(strs(1, "a").unwrap_err()),
        ("min2", K::TooShort { min: 2 })
    );
    assert_eq!(
        field_and_kind(strs(1, "01234567890").unwrap_err()),
        ("min2", K::TooLong { max: 10 })
    );
    assert_eq!(
        field_and_kind(strs(2, "").unwrap_err()),
        ("nonempty", K::TooShort { min: 1 })
    );
    // Control characters are refused for every string before the class is
    // looked at.
    for ctl in ['\t', '\u{7f}'] {
        assert_eq!(
            field_and_kind(strs(3, &format!("a{ctl}")).unwrap_err()),
            ("ascii", K::ForbiddenChar { ch: ctl })
        );
    }
    {
        let bad = 'é';
        let e = strs(3, &format!("a{bad}")).unwrap_err();
        assert_eq!(
            field_and_kind(e),
            (
                "ascii",
                K::Charset {
                    charset: "ascii",
                    ch: bad
                }
            )
        );
    }
    for bad in ['-', ' ', '_'] {
        let e = strs(4, &format!("a{bad}")).unwrap_err();
        assert_eq!(
            field_and_kind(e),
            (
                "alnum",
                K::Charset {
                    charset: "alnum",
                    ch: bad
                }
            )
        );
    }
    assert_eq!(
        field_and_kind(strs(5, "a b").unwrap_err()),
        (
            "printable",
            K::Charset {
                charset: "printable",
                ch: ' '
            }
        )
    );
    assert_eq!(
        field_and_kind(strs(6, "0g").unwrap_err()),
        (
            "hexed",
            K::Charset {
                charset: "hex",
                ch: 'g'
            }
        )
    );
    assert_eq!(
        field_and_kind(strs(6, "abc").unwrap_err()),
        ("hexed", K::OddHex)
    );
    assert_eq!(
        field_and_kind(strs(7, "a,b").unwrap_err()),
        ("bare", K::ForbiddenChar { ch: ',' })
    );
    assert_eq!(
        field_and_kind(strs(8, "ROM:f").unwrap_err()),
        ("file", K::MissingPrefix { prefix: "RAM:" })
    );
    assert_eq!(
        field_and_kind(strs(8, "RAM:123456789").unwrap_err()),
        ("file", K::TooLong { max: 12 })
    );
    assert_eq!(
        field_and_kind(strs(10, "01234567890").unwrap_err()),
        ("password", K::TooLong { max: 10 })
    );
}

#[test]
fn every_framing_character_is_rejected_in_every_string() {
    for (i, name) in NAMES.iter().enumerate() {
        for ch in FRAMING {
            let value = match i {
                8 => format!("RAM:{ch}"),
                _ => format!("ab{ch}"),
            };
            let e = strs(i, &value).unwrap_err();
            assert_eq!(e.field, *name, "{value:?}");
            assert_eq!(e.kind, K::ForbiddenChar { ch }, "{name}: {value:?}");
        }
    }
}

#[test]
fn non_ascii_marker_writes_hex() {
    let cmd = strs(9, "é").unwrap();
    assert!(
        wire(&cmd).contains(",{non-ascii}\"C3A9\","),
        "{}",
        wire(&cmd)
    );
}

#[test]
fn secrets_never_show() {
    let cmd = strs(10, "hunter2").unwrap();
    assert!(!format!("{cmd:?}").contains("hunter2"));
    assert!(format!("{cmd:?}").contains("***"));
    assert!(cmd.redacted().ends_with(",***"), "{}", cmd.redacted());
    assert!(!cmd.redacted().contains('\r'));
    assert!(wire(&cmd).ends_with(",\"hunter2\"\r"));
}

#[test]
fn absent_and_present_rules() {
    assert_eq!(wire(&AuthWrite::new(0, None).unwrap()), "AT+AUTH=0\r");
    assert_eq!(
        wire(&AuthWrite::new(1, Some(("u", "p"))).unwrap()),
        "AT+AUTH=1,\"u\",\"p\"\r"
    );
    let e = AuthWrite::new(0, Some(("u", "p"))).unwrap_err();
    assert_eq!(
        field_and_kind(e),
        (
            "user",
            K::Rule {
                rule: "flag == 0 => absent(user, password)"
            }
        )
    );
    let e = AuthWrite::new(1, None).unwrap_err();
    assert_eq!(
        field_and_kind(e),
        (
            "user",
            K::Rule {
                rule: "flag == 1 => present(user, password)"
            }
        )
    );
    assert_eq!(
        AuthWrite::new(1, Some(("u", "p"))).unwrap().redacted(),
        "AT+AUTH=1,\"u\",***"
    );
}

#[test]
fn comparison_rules() {
    assert!(FileWrite::new(0, None).is_ok());
    assert!(FileWrite::new(1, Some(0)).is_ok());
    assert!(
        FileWrite::new(1, None).is_ok(),
        "a requirement only binds a given parameter"
    );
    assert!(FileWrite::new(2, Some(1)).is_ok());
    assert_eq!(
        FileWrite::new(1, Some(1)).unwrap_err().kind,
        K::Rule {
            rule: "file_type == 1 => encode_type == 0"
        }
    );
    assert_eq!(
        FileWrite::new(2, Some(0)).unwrap_err().kind,
        K::Rule {
            rule: "file_type == 2 => encode_type == 1"
        }
    );
}

#[test]
fn hex_rule() {
    assert!(SubWrite::new(Charset::Ascii, "Hello, world").is_ok());
    assert!(SubWrite::new(Charset::Utf8, "48656C6C6F").is_ok());
    let e = SubWrite::new(Charset::Utf8, "Hello").unwrap_err();
    assert_eq!(e.field, "subject");
    assert!(matches!(e.kind, K::Rule { .. }));
    assert!(SubWrite::new(Charset::Utf8, "486").is_err(), "odd length");
    let hex = atspec_runtime::wire::to_hex("Grüße");
    assert!(SubWrite::new(Charset::Utf8, &hex).is_ok());
}

#[test]
fn membership_rules_and_nesting() {
    assert_eq!(
        wire(&CmdWrite::new(1, Some((5, None))).unwrap()),
        "AT+CMD=1,5\r"
    );
    assert_eq!(
        wire(&CmdWrite::new(3, Some((5, Some(10)))).unwrap()),
        "AT+CMD=3,5,10\r"
    );
    assert!(CmdWrite::new(1, Some((5, Some(10)))).is_err());
    assert!(CmdWrite::new(2, Some((5, Some(0)))).is_err());
    assert!(CmdWrite::new(3, None).is_err());
    assert!(CmdWrite::new(4, None).is_err());
    assert!(CmdWrite::new(2, None).is_ok());
    assert!(
        CmdWrite::new(1, Some((0, None))).is_err(),
        "msg below its range"
    );
    assert!(
        CmdWrite::new(3, Some((1, Some(101)))).is_err(),
        "lines above its range"
    );
}

#[test]
fn errors_explain_themselves() {
    let e = IntsWrite::new(0, 0, 60, -1, 0).unwrap_err();
    assert_eq!(e.to_string(), "field `port`: must be in 1..=65535");
    let e = strs(0, "a\"b").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("field `max5`: must not contain '\"'"),
        "{e}"
    );
}
