//! Secrets out of every line shown: command lines as the generated
//! `redacted()` writes them, modem lines by the positions of secret fields
//! in any shape with the line's prefix.

use at_spec::ir::{Dialect, Field, Form, LineShape, Shape};
use atspec_interp::is_secret;

/// `text` with every secret field written `***`.
pub fn mask_line(d: &Dialect, text: &str, _form: Option<&Form>) -> String {
    if text.get(..2).is_some_and(|s| s.eq_ignore_ascii_case("AT")) {
        return atspec_interp::redact_line(d, text);
    }
    let Some((key, _)) = text.split_once(':') else {
        return text.to_owned();
    };
    let mut positions: Vec<usize> = Vec::new();
    for shape in all_lines(d) {
        if shape.prefix != key {
            continue;
        }
        for (i, f) in shape.fields.iter().enumerate() {
            if matches!(f, Field::Value(v) if is_secret(&v.ty)) && !positions.contains(&i) {
                positions.push(i);
            }
        }
    }
    if positions.is_empty() {
        return text.to_owned();
    }
    mask_fields(text, key.len() + 1, &positions)
}

fn all_lines(d: &Dialect) -> impl Iterator<Item = &LineShape> {
    let responses = d
        .commands
        .iter()
        .flat_map(|c| c.forms.iter())
        .flat_map(|f| f.response.items.iter().map(|i| &i.shape));
    responses
        .chain(d.urcs.iter().map(|u| &u.shape))
        .flat_map(|s| match s {
            Shape::Line(l) => vec![l],
            Shape::OneOf(alts) => alts.iter().map(|a| &a.line).collect(),
            Shape::Text => Vec::new(),
        })
}

/// The fields after byte `start` whose 0-based index is in `positions` become `***`.
fn mask_fields(text: &str, start: usize, positions: &[usize]) -> String {
    let (head, rest) = text.split_at(start.min(text.len()));
    let mut out = String::from(head);
    let mut field = 0;
    let mut quoted = false;
    let mut wrote = false;
    let lead = rest.len() - rest.trim_start().len();
    out.push_str(&rest[..lead]);
    for c in rest[lead..].chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == ',' && !quoted {
            field += 1;
            wrote = false;
            out.push(c);
            continue;
        }
        if positions.contains(&field) {
            if !wrote {
                out.push_str("***");
                wrote = true;
            }
        } else {
            out.push(c);
        }
    }
    out
}
