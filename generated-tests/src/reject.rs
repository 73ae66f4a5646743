//! Assertions for negative tests: what a constructor must refuse, and why.

use std::fmt::Debug;

use atspec_runtime::wire::{ValidationError, ValidationErrorKind};

/// Strings carrying each character that could end a command line or smuggle
/// a second one: `"`, CR, LF, Ctrl-Z (0x1A) and ESC (0x1B), with the
/// character.
pub const FRAMING: [(&str, char); 5] = [
    ("a\"b", '"'),
    ("a\rb", '\r'),
    ("a\nb", '\n'),
    ("a\u{1a}b", '\u{1a}'),
    ("a\u{1b}b", '\u{1b}'),
];

/// Asserts that `result` is a [`ValidationError`] on `field` whose kind
/// satisfies `kind`, and that its message names the field.
#[track_caller]
pub fn rejects<T: Debug>(
    result: Result<T, ValidationError>,
    field: &str,
    kind: impl Fn(&ValidationErrorKind) -> bool,
) {
    let err = result.expect_err("value must be rejected");
    assert_eq!(err.field, field, "{err:?}");
    assert!(kind(&err.kind), "unexpected kind: {err:?}");
    assert!(
        err.to_string().contains(field),
        "message must name the field: {err}"
    );
}

/// Asserts an out-of-range error on `field` with exactly the bounds
/// `min..=max` (see [`rejects`]).
#[track_caller]
pub fn rejects_range<T: Debug>(
    result: Result<T, ValidationError>,
    field: &str,
    min: i64,
    max: i64,
) {
    rejects(result, field, out_of_range(min, max));
}

/// Asserts that `build` refuses every string of [`FRAMING`] with a
/// `ForbiddenChar` error on `field` naming that very character.
#[track_caller]
pub fn rejects_framing<T: Debug>(field: &str, build: impl Fn(&str) -> Result<T, ValidationError>) {
    for (text, ch) in FRAMING {
        rejects(build(text), field, |k| {
            *k == ValidationErrorKind::ForbiddenChar { ch }
        });
    }
}

/// Whether a kind is `OutOfRange` with exactly these bounds.
pub fn out_of_range(min: i64, max: i64) -> impl Fn(&ValidationErrorKind) -> bool {
    move |k| *k == ValidationErrorKind::OutOfRange { min, max }
}

/// Whether a kind is a cross-parameter rule.
pub fn is_rule(kind: &ValidationErrorKind) -> bool {
    matches!(kind, ValidationErrorKind::Rule { .. })
}

/// Whether a kind is a forbidden (framing) character.
pub fn is_forbidden(kind: &ValidationErrorKind) -> bool {
    matches!(kind, ValidationErrorKind::ForbiddenChar { .. })
}
