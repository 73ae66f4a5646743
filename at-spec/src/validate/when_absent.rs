//! Checks of `response when absent(p) ...`: `p` is an optional parameter of
//! the same form, and the item is a single line (not free text).

use crate::ir::{Form, Shape};
use crate::lower::flat_params;

use super::{optional_names, Validator};

impl Validator<'_> {
    /// Reports `when absent(p)` naming no optional parameter of the form, or
    /// put on a free-text item.
    pub(super) fn when_absent(&mut self, f: &Form) {
        let params = flat_params(&f.params);
        let optional = optional_names(&f.params);
        for item in &f.response.items {
            let Some(p) = &item.when_absent else {
                continue;
            };
            if item.shape == Shape::Text {
                self.err(
                    &item.span,
                    "`when absent(..)` on `response text`",
                    "text can't be conditional",
                    "free text already takes zero or more lines: drop the `when absent(..)`",
                );
            }
            if !params.iter().any(|q| &q.name == p) {
                let mut names: Vec<&str> = optional.iter().copied().collect();
                names.sort_unstable();
                self.err(
                    &item.span,
                    format!("`when absent({p})` names no parameter of this form"),
                    "unknown parameter",
                    if names.is_empty() {
                        "the form has no optional parameter to test: use `optional`".to_string()
                    } else {
                        format!(
                            "name one of its optional parameters: `{}`",
                            names.join("`, `")
                        )
                    },
                );
            } else if !optional.contains(p.as_str()) {
                self.err(
                    &item.span,
                    format!("`when absent({p})`: `{p}` is required, so it is never absent"),
                    "required parameter",
                    "put the parameter in an optional group `[, ...]`, or drop the `when absent(..)`",
                );
            }
        }
    }
}
