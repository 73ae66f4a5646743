//! Checks of `length at_most <param>` and `taken <field>` in a `data
//! connect` phase: an at-most length needs a way to end early, and the
//! taken count is an integer field of the phase's result line.

use crate::ir::{ConnectPhase, LineShape, Shape, Span};

use super::Validator;

impl Validator<'_> {
    /// Reports an at-most length with no early end, and a `taken` naming
    /// no integer field of the result.
    pub(super) fn connect_length(&mut self, span: &Span, c: &ConnectPhase) {
        if c.at_most && c.escape.is_none() && c.idle_timeout.is_none() {
            let p = c.length.as_deref().unwrap_or("n");
            self.err(
                span,
                format!("`length at_most {p}` has no way to end before {p} bytes"),
                "at-most length without an early end",
                "give the escape that ends data entry (`escape \"+++\" guard 1s`) or the module's input time (`timeout input_time`), or make the length exact (`length ...`)",
            );
        }
        let Some(field) = &c.taken else {
            return;
        };
        let lines: Vec<&LineShape> = match &c.result {
            Some(Shape::Line(l)) => vec![l],
            Some(Shape::OneOf(alts)) => alts.iter().map(|a| &a.line).collect(),
            Some(Shape::Text) | None => {
                self.err(
                    span,
                    format!("`taken {field}` but the phase declares no `result` line"),
                    "no result line",
                    format!("declare the line that reports the count, e.g. `result \"+X\": {field}: int`"),
                );
                return;
            }
        };
        self.int_field(span, &format!("taken {field}"), field, &lines);
    }
}
