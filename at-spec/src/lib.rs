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
mod fs;
mod grammar;
pub mod ir;
mod lower;
pub mod names;
mod source;
mod suggest;
mod validate;
pub mod wire;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, MAX_RENDERED, SNIPPET_WIDTH};
pub use fs::{fs_loader, read_spec_file, LoadOptions, MAX_SPEC_BYTES};

/// Parses and validates the spec `source` named `name`; `include`s are read
/// from the filesystem, relative to `name`, under the default
/// [`LoadOptions`] (regular `.atspec` files inside `name`'s folder).
pub fn parse_str(name: &str, source: &str) -> Result<ir::Dialect, Diagnostics> {
    let mut load = fs_loader(Path::new(""), Path::new(name), &LoadOptions::default());
    parse_with(name, source, &mut load)
}

/// Reads, parses and validates the spec file at `path` (and its includes)
/// under the default [`LoadOptions`].
pub fn parse_file(path: &Path) -> Result<ir::Dialect, Diagnostics> {
    parse_file_with(path, &LoadOptions::default())
}

/// Reads, parses and validates the spec file at `path` (and its includes):
/// every file must be a regular file within `options.max_file_bytes`, and
/// includes must be `.atspec` files inside `options.include_root` (default:
/// `path`'s folder).
pub fn parse_file_with(path: &Path, options: &LoadOptions) -> Result<ir::Dialect, Diagnostics> {
    let name = path.to_string_lossy().into_owned();
    match read_spec_file(path, options.max_file_bytes) {
        Ok(text) => {
            let mut load = fs_loader(Path::new(""), path, options);
            parse_with(&name, &text, &mut load)
        }
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(
                Diagnostic::new(
                    &name,
                    std::sync::Arc::from(""),
                    0..0,
                    format!("cannot read `{name}`: {e}"),
                )
                .with_help(
                    "check the path and the file's permissions; a spec is a regular UTF-8 file",
                ),
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
    suggest::reset_budget();
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
