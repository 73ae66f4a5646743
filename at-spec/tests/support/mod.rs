//! Helpers shared by the at-spec integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `.atspec` files directly in `dir`, sorted by name.
pub fn specs_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "atspec"))
        .collect();
    files.sort();
    files
}

/// The file's name without directory and extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The name a spec is parsed under: relative to the crate, so snapshots do not
/// depend on where the repository is checked out.
pub fn relative_name(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Pretty `Debug` output with every `Span { .. }` block folded to `@line:col`.
pub fn compact_debug(value: &impl std::fmt::Debug) -> String {
    let text = format!("{value:#?}");
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if trimmed.ends_with("Span {") {
            let mut l = 0;
            let mut c = 0;
            for inner in lines.by_ref() {
                let t = inner.trim();
                if t.starts_with('}') {
                    break;
                }
                if let Some(v) = t.strip_prefix("line: ") {
                    l = v.trim_end_matches(',').parse().unwrap_or(0);
                }
                if let Some(v) = t.strip_prefix("col: ") {
                    c = v.trim_end_matches(',').parse().unwrap_or(0);
                }
            }
            let head = trimmed.trim_end_matches("Span {");
            out.push_str(&format!("{head}@{l}:{c},\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
