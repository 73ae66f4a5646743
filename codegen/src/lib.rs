//! The atspec code generator: a validated [`at_spec::ir::Dialect`] becomes
//! Rust items (request types, response parsers, URCs, code tables). The
//! shape of the output is described in `docs/generated-code.md`.

use std::path::Path;

use at_spec::ir;
use proc_macro2::TokenStream;
use quote::quote;

pub mod build;
mod data;
mod dialect;
mod enums;
mod form;
mod lines;
mod names;
mod params;
mod response;
mod rules;
mod secrets;
mod success;
mod types;
mod until;

pub use names::form_type_name;

/// Generates the items of a whole dialect.
pub fn generate(dialect: &ir::Dialect) -> TokenStream {
    let mut out = TokenStream::new();
    // Each part is moved in (`Extend` by value): interpolating it with
    // `quote!` would copy its top-level tokens, then drop the original.
    out.extend(dialect.enums.iter().map(enums::enum_def));
    out.extend(dialect.code_tables.iter().map(enums::code_table));
    out.extend(std::iter::once(dialect::urcs(dialect)));
    out.extend(
        dialect
            .commands
            .iter()
            .flat_map(|c| c.forms.iter().map(move |f| form::form(dialect, c, f))),
    );
    out
}

/// Formats generated tokens as Rust source (prettyplease). Tokens that do not
/// parse as a file are returned unformatted. Needs the `pretty` feature (syn
/// and prettyplease: the proc macro does without them).
#[cfg(feature = "pretty")]
pub fn pretty(tokens: &TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => space_doc_comments(&prettyplease::unparse(&file)),
        Err(_) => tokens.to_string(),
    }
}

/// The source text a build script writes: [`pretty`] with the `pretty`
/// feature, the plain token text without it.
fn source_text(tokens: &TokenStream) -> String {
    #[cfg(feature = "pretty")]
    return pretty(tokens);
    #[cfg(not(feature = "pretty"))]
    return tokens.to_string();
}

/// `///text` → `/// text` (prettyplease writes doc attributes verbatim).
#[cfg(feature = "pretty")]
fn space_doc_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    for line in code.lines() {
        let trimmed = line.trim_start();
        match trimmed.strip_prefix("///") {
            Some(rest) if !rest.is_empty() && !rest.starts_with([' ', '/']) => {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("/// ");
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A dialect's generated items and the spec files they came from.
#[derive(Debug)]
pub struct Expansion {
    /// The generated items.
    pub tokens: TokenStream,
    /// Every file read (root first, then includes).
    pub sources: Vec<std::path::PathBuf>,
}

impl Expansion {
    /// The items plus one `const _: &str = include_str!(..)` per source file,
    /// so that editing a spec rebuilds the crate that expands it.
    pub fn with_include_markers(&self) -> TokenStream {
        let tokens = &self.tokens;
        let paths = self.sources.iter().filter_map(|p| p.to_str());
        quote! {
            #(const _: &str = ::core::include_str!(#paths);)*
            #tokens
        }
    }
}

/// Reads, validates and generates the spec `rel_path` (relative to `base`);
/// diagnostics name files as written (`specs/x.atspec:3:7: error: ...`).
pub fn expand_in(base: &Path, rel_path: &str) -> Result<Expansion, String> {
    let root = base.join(rel_path);
    let options = at_spec::LoadOptions::default();
    let text = at_spec::read_spec_file(&root, options.max_file_bytes)
        .map_err(|e| format!("{rel_path}: error: cannot read `{}`: {e}", root.display()))?;
    // Includes: regular `.atspec` files inside the root spec's folder, capped.
    let mut load = at_spec::fs_loader(base, &root, &options);
    let dialect = at_spec::parse_with(rel_path, &text, &mut load).map_err(|d| d.to_string())?;
    let sources = dialect.sources.iter().map(|s| base.join(&s.name)).collect();
    Ok(Expansion {
        tokens: generate(&dialect),
        sources,
    })
}

/// Reads, validates and generates the spec file at `path`.
pub fn expand_file(path: impl AsRef<std::path::Path>) -> Result<TokenStream, String> {
    let dialect = at_spec::parse_file(path.as_ref()).map_err(|d| d.to_string())?;
    Ok(generate(&dialect))
}

/// Parses and generates spec text (includes are not available).
pub fn expand_str(name: &str, source: &str) -> Result<TokenStream, String> {
    let mut no_includes = |path: &str| Err(format!("`{path}`: includes are not available here"));
    let dialect = at_spec::parse_with(name, source, &mut no_includes).map_err(|d| d.to_string())?;
    Ok(generate(&dialect))
}
