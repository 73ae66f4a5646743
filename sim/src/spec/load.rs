//! Reading a spec file for the simulator.

use std::path::Path;

use at_spec::ir::Dialect;

/// Reads and validates the spec at `path`; the error is the rendered
/// diagnostics (file:line:col, what, how to fix).
pub fn load_spec(path: &Path) -> Result<Dialect, String> {
    at_spec::parse_file(path).map_err(|d| d.to_string())
}
