//! The `.atspec` language: grammar, validated IR and diagnostics.
//!
//! ```
//! let spec = r#"
//! dialect demo { vendor "V" family "F" manual "M" version "1" }
//! command SMTPSRV "Set the server" {
//!     write (server: string max 50 nonempty [, port: int 1..=65535 = 25])
//! }
//! "#;
//! let dialect = at_spec::parse_with("demo.atspec", spec, &mut |_| Err("no includes".into())).unwrap();
//! assert_eq!(dialect.commands[0].name, "SMTPSRV");
//! ```

mod diagnostics;
mod grammar;
pub mod ir;
mod lower;
mod source;
mod validate;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics};

/// Parses and validates the spec `source` named `name`; `include`s are read
/// from the filesystem, relative to `name`.
pub fn parse_str(name: &str, source: &str) -> Result<ir::Dialect, Diagnostics> {
    parse_with(name, source, &mut |path| {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
    })
}

/// Reads, parses and validates the spec file at `path` (and its includes).
pub fn parse_file(path: &Path) -> Result<ir::Dialect, Diagnostics> {
    let name = path.to_string_lossy().into_owned();
    match std::fs::read_to_string(path) {
        Ok(text) => parse_str(&name, &text),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(
                Diagnostic::new(
                    &name,
                    std::sync::Arc::from(""),
                    0..0,
                    format!("cannot read `{name}`: {e}"),
                )
                .with_help("check the path and the file's permissions"),
            );
            Err(diags)
        }
    }
}

/// Parses and validates `source` named `name`, reading each `include` through
/// `load` (called with the include path resolved against the including file's
/// name; returns the text or a reason it can't be read).
pub fn parse_with(
    name: &str,
    source: &str,
    load: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<ir::Dialect, Diagnostics> {
    let mut diags = Diagnostics::default();
    let sources = source::SourceSet::load(name, source.to_string(), load, &mut diags);
    if !diags.is_empty() {
        diags.sort();
        return Err(diags);
    }
    let Some(roots) = sources.parse_all(&mut diags) else {
        diags.sort();
        return Err(diags);
    };
    let lowered = lower::lower(&sources, &roots);
    diags = lowered.diags;
    validate::validate(
        &lowered.dialect,
        &sources,
        &lowered.poisoned,
        &lowered.data_spans,
        &mut diags,
    );
    if diags.is_empty() {
        Ok(lowered.dialect)
    } else {
        diags.sort();
        Err(diags)
    }
}
