//! `atspec check`: parse and validate spec files, print diagnostics.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks every file; prints each diagnostic; exit 0 when all are valid.
///
/// Valid files print `ok: <file> (<n> commands)` on stdout; broken files print
/// every diagnostic in snippet form (file:line:col, source line, caret, help)
/// on stderr, followed by a count. Includes must lie inside `include_root`
/// (default: each spec's folder).
pub fn run(files: &[PathBuf], include_root: Option<PathBuf>) -> ExitCode {
    let options = at_spec::LoadOptions {
        include_root,
        ..at_spec::LoadOptions::default()
    };
    let mut all_ok = true;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    for file in files {
        match at_spec::parse_file_with(file, &options) {
            Ok(dialect) => {
                let _ = writeln!(
                    stdout.lock(),
                    "ok: {} ({} commands)",
                    file.display(),
                    dialect.commands.len()
                );
            }
            Err(diags) => {
                all_ok = false;
                let n = diags.len();
                let plural = if n == 1 { "" } else { "s" };
                let mut err = stderr.lock();
                let _ = write!(err, "{}", diags.render());
                let _ = writeln!(err, "error: {}: {n} problem{plural}", file.display());
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
