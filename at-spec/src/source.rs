//! The files that make up a dialect, and loading them through `include`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::grammar::{parse_file, Rule};
use crate::ir::Span;

/// One loaded file.
#[derive(Debug)]
pub(crate) struct FileData {
    /// Name it was loaded under (include paths are resolved against it).
    pub name: String,
    /// Its text.
    pub text: Arc<str>,
    /// Line starts, for spans.
    pub lines: LineIndex,
}

/// The root file and every file it includes, in load order.
#[derive(Debug, Default)]
pub(crate) struct SourceSet {
    /// Index 0 is the root.
    pub files: Vec<FileData>,
    by_name: HashMap<String, usize>,
}

/// A loader: resolved include name to file text, or a reason it can't be read.
pub(crate) type Loader<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

impl SourceSet {
    /// An IR span for a pest span in file `file`.
    pub(crate) fn span(&self, file: usize, span: pest::Span<'_>) -> Span {
        match self.files.get(file) {
            Some(f) => f.lines.span(file, &f.text, span.start(), span.end()),
            None => Span::default(),
        }
    }

    /// A diagnostic at an IR span.
    pub(crate) fn diag(&self, span: &Span, message: impl Into<String>) -> Diagnostic {
        let Some(f) = self.files.get(span.file) else {
            return Diagnostic::new("<unknown>", Arc::from(""), 0..0, message);
        };
        // Spans carry the position the line index computed; a default span
        // (line 0) gets its position from the index too. No scan of the file.
        let at = if span.line > 0 {
            (span.line, span.col)
        } else {
            f.lines.line_col(&f.text, span.start)
        };
        Diagnostic::at(&f.name, f.text.clone(), span.start..span.end, at, message)
    }

    /// Index of the file loaded under `name`.
    pub(crate) fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    fn add(&mut self, name: String, text: String) -> usize {
        let index = self.files.len();
        let text: Arc<str> = Arc::from(text);
        self.by_name.insert(name.clone(), index);
        self.files.push(FileData {
            lines: LineIndex::new(&text),
            name,
            text,
        });
        index
    }

    /// Loads `root` and, transitively, every file it includes. Reports syntax
    /// errors, missing files and include cycles into `diags`.
    pub(crate) fn load(
        root_name: &str,
        root_text: String,
        loader: &mut Loader<'_>,
        diags: &mut Diagnostics,
    ) -> SourceSet {
        let mut set = SourceSet::default();
        let root = set.add(root_name.to_string(), root_text);
        let mut stack = vec![root];
        set.load_includes(root, loader, diags, &mut stack);
        set
    }

    fn load_includes(
        &mut self,
        file: usize,
        loader: &mut Loader<'_>,
        diags: &mut Diagnostics,
        stack: &mut Vec<usize>,
    ) {
        let Some(data) = self.files.get(file) else {
            return;
        };
        let text = data.text.clone();
        let name = data.name.clone();
        // Files that can't hold an include are parsed once, later.
        let includes = if text.contains("include") {
            match Self::parse_one(&name, &text) {
                Ok(pairs) => include_paths(pairs),
                Err(d) => {
                    diags.push(*d);
                    return;
                }
            }
        } else {
            Vec::new()
        };
        for (path, start, end) in includes {
            let span = self
                .files
                .get(file)
                .map(|f| f.lines.span(file, &f.text, start, end));
            let span = span.unwrap_or_default();
            let Some(path) = path else {
                diags.push(
                    self.diag(&span, "include path has an invalid escape")
                        .with_help(
                            "write the path as plain text: `include \"common/3gpp.atspec\"`",
                        ),
                );
                continue;
            };
            let resolved = resolve_include(&name, &path);
            if let Some(existing) = self.index_of(&resolved) {
                if stack.contains(&existing) {
                    let chain: Vec<String> = stack
                        .iter()
                        .filter_map(|i| self.files.get(*i).map(|f| f.name.clone()))
                        .chain(std::iter::once(resolved.clone()))
                        .collect();
                    diags.push(
                        self.diag(&span, format!("include cycle: {}", chain.join(" -> ")))
                            .with_label("includes a file that is already being read")
                            .with_help("remove this include; shared items belong in a file that includes nothing back"),
                    );
                }
                continue;
            }
            match loader(&resolved) {
                Ok(child_text) => {
                    let child = self.add(resolved, child_text);
                    stack.push(child);
                    self.load_includes(child, loader, diags, stack);
                    stack.pop();
                }
                Err(reason) => diags.push(
                    self.diag(
                        &span,
                        format!("cannot read included file `{resolved}`: {reason}"),
                    )
                    .with_label("included here")
                    .with_help("include paths are relative to the including file; check the path"),
                ),
            }
        }
    }

    /// Parses one file, after checking optional groups are not nested too deep
    /// for the recursive-descent parser.
    fn parse_one<'t>(
        name: &str,
        text: &'t Arc<str>,
    ) -> Result<pest::iterators::Pairs<'t, Rule>, Box<Diagnostic>> {
        if let Some(at) = too_deep(text) {
            return Err(Box::new(
                Diagnostic::new(
                    name,
                    text.clone(),
                    at..at + 1,
                    format!("optional groups nested deeper than {MAX_DEPTH} levels"),
                )
                .with_label("too deep")
                .with_help("no manual nests optional parameters this deep: flatten the groups"),
            ));
        }
        parse_file(name, text)
    }

    /// Parses every loaded file; reports syntax errors. `None` if any file failed.
    pub(crate) fn parse_all(
        &self,
        diags: &mut Diagnostics,
    ) -> Option<Vec<pest::iterators::Pair<'_, Rule>>> {
        let mut out = Vec::with_capacity(self.files.len());
        let mut ok = true;
        for f in &self.files {
            match Self::parse_one(&f.name, &f.text) {
                Ok(mut pairs) => {
                    if let Some(p) = pairs.next() {
                        out.push(p);
                    }
                }
                Err(d) => {
                    ok = false;
                    diags.push(*d);
                }
            }
        }
        ok.then_some(out)
    }
}

/// Deepest nesting of `[` groups accepted.
const MAX_DEPTH: usize = 32;

/// Byte offset of the first `[` nested deeper than [`MAX_DEPTH`], outside
/// strings and comments.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|c| *c != b'\n') {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len()
                    && !(bytes.get(i) == Some(&b'*') && bytes.get(i + 1) == Some(&b'/'))
                {
                    i += 1;
                }
                i += 1;
            }
            b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The (unescaped) include paths of a parsed file with their byte spans.
fn include_paths(
    mut pairs: pest::iterators::Pairs<'_, Rule>,
) -> Vec<(Option<String>, usize, usize)> {
    let Some(file) = pairs.next() else {
        return Vec::new();
    };
    file.into_inner()
        .filter(|p| p.as_rule() == Rule::include)
        .filter_map(|inc| {
            let s = inc.into_inner().find(|p| p.as_rule() == Rule::string)?;
            let span = s.as_span();
            Some((
                crate::lower::unescape(s.as_str()).ok(),
                span.start(),
                span.end(),
            ))
        })
        .collect()
}

/// Resolves an include path relative to the including file's name, lexically.
pub(crate) fn resolve_include(including: &str, path: &str) -> String {
    let base = Path::new(including).parent().unwrap_or(Path::new(""));
    let joined = base.join(path);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::{resolve_include, too_deep};

    #[test]
    fn includes_resolve_relative_to_the_including_file() {
        assert_eq!(
            resolve_include("specs/x.atspec", "common/a.atspec"),
            "specs/common/a.atspec"
        );
        assert_eq!(
            resolve_include("specs/x.atspec", "./a.atspec"),
            "specs/a.atspec"
        );
        assert_eq!(
            resolve_include("specs/sub/x.atspec", "../a.atspec"),
            "specs/a.atspec"
        );
        assert_eq!(
            resolve_include("x.atspec", "../../a.atspec"),
            "../../a.atspec"
        );
        assert_eq!(resolve_include("x.atspec", "a.atspec"), "a.atspec");
    }

    #[test]
    fn nesting_depth_ignores_strings_and_comments() {
        let deep = "[".repeat(40);
        assert!(too_deep(&deep).is_some());
        assert_eq!(too_deep(&format!("\"{deep}\"")), None);
        assert_eq!(too_deep(&format!("// {deep}\n")), None);
        assert_eq!(too_deep(&format!("/* {deep} */")), None);
        assert_eq!(too_deep(&"[]".repeat(100)), None);
    }
}
