//! Reading spec files from disk, guarded: only regular files, under a size
//! cap, and (for `include`s) only `.atspec` files inside the root spec's tree.
//!
//! A spec can come from someone else's pull request, so what it includes is
//! untrusted: `/dev/zero` would be read until memory runs out, a FIFO would
//! block forever, `../../etc/passwd` would leave the project, and a syntax
//! error in a file that is not a spec would quote its first line.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest spec file read by default, in bytes (the largest dialect is ~20 KB).
pub const MAX_SPEC_BYTES: u64 = 8 * 1024 * 1024;

/// Where spec files may be read from.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Folder that included files must lie in (after following symlinks),
    /// with everything below it. `None`: the root spec's own folder.
    pub include_root: Option<PathBuf>,
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            include_root: None,
            max_file_bytes: MAX_SPEC_BYTES,
        }
    }
}

/// Reads the text of the spec file at `path`: a regular file (checked before
/// opening and again on the open file, which is opened non-blocking, so a
/// FIFO or device never blocks or streams), at most `max_bytes` long, UTF-8.
/// The error says why, never what the file holds.
pub fn read_spec_file(path: &Path, max_bytes: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file (devices, FIFOs and folders are not read)".into());
    }
    let too_big = || format!("larger than the {max_bytes}-byte limit for spec files");
    if meta.len() > max_bytes {
        return Err(too_big());
    }
    let file = open_nonblocking(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file (devices, FIFOs and folders are not read)".into());
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max_bytes {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A loader for [`crate::parse_with`] that reads included files from disk:
/// include names (already resolved against the including file's name) are
/// taken relative to `base`; the root spec is the file at `root` (its folder
/// bounds includes unless `options.include_root` says otherwise).
pub fn fs_loader(
    base: &Path,
    root: &Path,
    options: &LoadOptions,
) -> impl FnMut(&str) -> Result<String, String> {
    let base = base.to_path_buf();
    let tree = options
        .include_root
        .clone()
        .unwrap_or_else(|| match root.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        });
    let tree = std::fs::canonicalize(&tree);
    let max = options.max_file_bytes;
    move |name: &str| {
        if !name.ends_with(".atspec") {
            return Err("only `.atspec` files can be included".into());
        }
        let path = base.join(name);
        let real = std::fs::canonicalize(&path).map_err(|e| e.to_string())?;
        let tree = tree
            .as_ref()
            .map_err(|e| format!("the spec's folder can't be resolved: {e}"))?;
        if !real.starts_with(tree) {
            return Err(format!(
                "it is outside `{}`, the folder included files must be in (allow more with the include-root option)",
                tree.display()
            ));
        }
        if real.extension().and_then(|e| e.to_str()) != Some("atspec") {
            return Err("it links to a file that is not an `.atspec` file".into());
        }
        read_spec_file(&real, max)
    }
}
