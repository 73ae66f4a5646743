//! How long a command line the spec-driven module takes: the longest line
//! its spec allows, never less than the V.250-style floor.

use at_spec::ir::{Dialect, Form, ParamNode, Type};
use atspec_interp::lit_text;

/// The shortest limit (bytes before the CR) whatever the spec says.
pub const MIN_LINE: usize = 1024;
/// Bytes counted for a string parameter the spec gives no maximum.
pub const UNBOUNDED_STRING: usize = 1024;

/// The longest command line (without its CR) a module of `dialect` can be
/// sent: each form with every parameter at its longest, at least [`MIN_LINE`].
pub fn longest_line(dialect: &Dialect) -> usize {
    dialect
        .commands
        .iter()
        .flat_map(|c| c.forms.iter().map(move |f| (c, f)))
        .map(|(c, f)| "AT+=?".len() + c.name.len() + form_len(dialect, f))
        .fold(MIN_LINE, usize::max)
}

fn form_len(dialect: &Dialect, form: &Form) -> usize {
    let key = form.key.as_ref().map_or(0, |k| lit_text(k).len() + 1);
    key + nodes_len(dialect, &form.params)
}

fn nodes_len(dialect: &Dialect, nodes: &[ParamNode]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            ParamNode::Param(p) => 1 + type_len(dialect, &p.ty),
            ParamNode::Literal(l, _) => 1 + lit_text(l).len(),
            ParamNode::Optional(inner, _) => nodes_len(dialect, inner),
        })
        .sum()
}

/// The longest a value of `ty` is written (a string quoted, hex-encoded
/// behind its marker when it may be).
fn type_len(dialect: &Dialect, ty: &Type) -> usize {
    match ty {
        Type::Str(s) => {
            let text = s.max_len.unwrap_or(UNBOUNDED_STRING);
            let marker = s.non_ascii_marker.as_ref().map_or(0, String::len);
            let hex = if marker > 0 { 2 } else { 1 };
            s.prefix.as_ref().map_or(0, String::len) + marker + text * hex + 2
        }
        Type::Enum(e) => dialect
            .enum_def(e)
            .map(|d| d.variants.iter().map(|v| lit_text(&v.value).len()).max())
            .unwrap_or_default()
            .unwrap_or(0),
        // An integer of any size, a code, or what only responses carry.
        _ => 20,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_5120_byte_string_parameter_raises_the_limit_past_it() {
        let d = at_spec::parse_str(
            "t.atspec",
            "dialect t { vendor \"v\" family \"f\" manual \"m\" version \"1\" timeout 5s }\n\
             command BODY \"b\" { write (body: string max 5120) }\n",
        )
        .expect("valid");
        assert_eq!(longest_line(&d), "AT+BODY=".len() + 1 + 5120 + 2 + 1);
    }

    #[test]
    fn short_commands_keep_the_floor() {
        let d = at_spec::parse_str(
            "t.atspec",
            "dialect t { vendor \"v\" family \"f\" manual \"m\" version \"1\" timeout 5s }\n\
             command X \"x\" { write (n: int 0..=9) }\n",
        )
        .expect("valid");
        assert_eq!(longest_line(&d), MIN_LINE);
    }
}
