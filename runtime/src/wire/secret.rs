//! A wrapper that keeps a secret out of `Debug` output, and the masking of
//! secret fields in received lines (for generated `Dialect::redact_line`).

use std::fmt;

/// A secret value (password, masked field): `Debug` prints `***`.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a secret.
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret itself; use only where it must go (the wire).
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

/// The mask written in place of a secret.
pub const MASK: &str = "***";

/// For generated `Dialect::redact_line`: if `line` is a `prefix` line
/// (`prefix`, then `:` or the end), the line with every field from the
/// `first` (0-based, fields split at commas outside quotes) on replaced by
/// one `***` (all fields if it has fewer); `None` for any other line.
///
/// `mask_fields_from("+SMTPAUTH: 1,\"u\",\"pw\"", "+SMTPAUTH", 2)` gives
/// `+SMTPAUTH: 1,"u",***`.
pub fn mask_fields_from(line: &str, prefix: &str, first: usize) -> Option<String> {
    let trimmed = line.trim();
    let rest = trimmed.strip_prefix(prefix)?;
    let fields = rest.strip_prefix(':')?;
    let mut kept = 0;
    let mut quoted = false;
    let mut cut = None;
    if first == 0 {
        cut = Some(0);
    } else {
        for (i, b) in fields.bytes().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b',' if !quoted => {
                    kept += 1;
                    if kept == first {
                        cut = Some(i + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    // Fewer fields than that (or odd quoting): mask them all, to be safe.
    let cut = cut.unwrap_or(0);
    let head = &trimmed[..trimmed.len() - fields.len() + cut];
    let space = if cut == 0 && fields.starts_with(' ') {
        " "
    } else {
        ""
    };
    Some(format!("{head}{space}{MASK}"))
}

#[cfg(test)]
mod tests {
    use super::{mask_fields_from, Secret};

    #[test]
    fn fields_from_the_first_secret_on_are_masked() {
        let line = r#"+SMTPAUTH: 1,"u,v","pw""#;
        assert_eq!(
            mask_fields_from(line, "+SMTPAUTH", 2).as_deref(),
            Some(r#"+SMTPAUTH: 1,"u,v",***"#)
        );
        assert_eq!(
            mask_fields_from(line, "+SMTPAUTH", 0).as_deref(),
            Some("+SMTPAUTH: ***")
        );
        // Fewer fields than the secret's index (or odd quoting): all masked.
        assert_eq!(
            mask_fields_from(r#"+SMTPAUTH: 1,"u"#, "+SMTPAUTH", 2).as_deref(),
            Some("+SMTPAUTH: ***")
        );
        assert_eq!(mask_fields_from("+SMTPAUTHX: 1,2,3", "+SMTPAUTH", 2), None);
        assert_eq!(mask_fields_from("+OTHER: 1,2,3", "+SMTPAUTH", 2), None);
    }

    #[test]
    fn debug_hides_the_value() {
        let s = Secret::new(String::from("hunter2"));
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{:?}", Some(&s)), "Some(***)");
        assert_eq!(s.expose(), "hunter2");
    }
}
