//! The validation pass over the lowered IR.
use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::ir::Dialect;
use crate::source::SourceSet;

/// Checks `dialect`, adding every problem found to `diags`.
pub(crate) fn validate(
    dialect: &Dialect,
    src: &SourceSet,
    poisoned: &HashSet<(usize, usize)>,
    diags: &mut Diagnostics,
) {
    let _ = (dialect, src, poisoned, diags);
}
