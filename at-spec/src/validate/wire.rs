//! Spec text that reaches the wire obeys the wire rule ([`crate::wire`]), and
//! every string type can be satisfied by some value.

use super::Validator;
use crate::ir::{
    Charset, DataPhase, Field, Literal, ParamNode, Quoting, Shape, Span, StrType, Type,
};
use crate::wire::first_forbidden;

/// At most this many characters of spec text are quoted in a message.
const SHOWN: usize = 40;

/// `text` as a quoted, escaped Rust-style string, cut to [`SHOWN`] characters.
fn shown(text: &str) -> String {
    if text.chars().count() <= SHOWN {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(SHOWN).collect();
        format!("{head:?}...")
    }
}

/// Whether `c` fits the class of `s` (non-ASCII text goes hex-encoded when
/// the type has a `non_ascii_marker`).
fn fits_class(s: &StrType, c: char) -> bool {
    if !c.is_ascii() && s.non_ascii_marker.is_some() {
        return true;
    }
    match s.charset {
        Charset::Any => true,
        Charset::Ascii => (' '..='~').contains(&c),
        Charset::Alnum => c.is_ascii_alphanumeric(),
        Charset::Printable => ('!'..='~').contains(&c),
        Charset::Hex => c.is_ascii_hexdigit(),
    }
}

impl Validator<'_> {
    /// Checks every spec text written into command lines, and every string
    /// type's `prefix`, marker and lengths.
    pub(super) fn wire_texts(&mut self) {
        let d = self.d;
        for e in &d.enums {
            for v in &e.variants {
                if let Literal::Str(s) = &v.value {
                    self.wire_text(&v.span, "string enum value", s);
                }
            }
        }
        for t in &d.types {
            if let Type::Str(s) = &t.ty {
                self.str_type(&t.span, s, true);
            }
        }
        for c in &d.commands {
            for f in &c.forms {
                if let Some(Literal::Str(k)) = &f.key {
                    self.wire_text(&f.span, "sub-command key", k);
                }
                self.wire_params(&f.params);
                if let Some(DataPhase::Connect(ph)) = &f.data {
                    if let Some((esc, _)) = &ph.escape {
                        self.wire_text(&f.span, "escape sequence", esc);
                    }
                }
                for item in &f.response.items {
                    self.field_types(&item.shape);
                }
            }
        }
        for u in &d.urcs {
            self.field_types(&u.shape);
        }
    }

    fn wire_params(&mut self, nodes: &[ParamNode]) {
        for n in nodes {
            match n {
                ParamNode::Literal(Literal::Str(s), span) => {
                    self.wire_text(span, "literal parameter", s);
                }
                ParamNode::Literal(Literal::Int(_), _) => {}
                ParamNode::Param(p) => {
                    if let Type::Str(s) = &p.ty {
                        // Named types are checked once, where they are declared.
                        if s.alias.is_none() {
                            self.str_type(&p.span, s, true);
                        }
                    }
                }
                ParamNode::Optional(inner, _) => self.wire_params(inner),
            }
        }
    }

    /// String fields of response lines and URCs: never sent, but their
    /// `prefix` must still be satisfiable.
    fn field_types(&mut self, shape: &Shape) {
        let lines: Vec<&crate::ir::LineShape> = match shape {
            Shape::Line(l) => vec![l],
            Shape::OneOf(alts) => alts.iter().map(|a| &a.line).collect(),
            Shape::Text => Vec::new(),
        };
        for line in lines {
            for f in &line.fields {
                if let Field::Value(v) = f {
                    if let Type::Str(s) = &v.ty {
                        if s.alias.is_none() {
                            self.str_type(&v.span, s, false);
                        }
                    }
                }
            }
        }
    }

    /// Spec text written verbatim into a command line.
    fn wire_text(&mut self, span: &Span, what: &str, text: &str) {
        if let Some((_, c, why)) = first_forbidden(text) {
            self.err(
                span,
                format!(
                    "{what} {} holds {c:?}, which is never sent: {why}",
                    shown(text)
                ),
                "forbidden on the wire",
                "remove the character: spec text goes into the command line as written",
            );
        }
    }

    /// A string type: marker and prefix reach the wire (when `sent`), and
    /// some value must satisfy the prefix, class and lengths together.
    fn str_type(&mut self, span: &Span, s: &StrType, sent: bool) {
        if let Some(marker) = &s.non_ascii_marker {
            self.wire_text(span, "`non_ascii_marker`", marker);
            if marker.contains(',') {
                self.err(
                    span,
                    format!(
                        "`non_ascii_marker` {} holds a comma, which would split the parameter",
                        shown(marker)
                    ),
                    "comma in marker",
                    "the marker is written bare before the quoted hex: drop the comma",
                );
            }
        }
        if let Some(prefix) = &s.prefix {
            self.prefix(span, s, prefix, sent);
        }
        if s.charset == Charset::Hex {
            let even_min = s.min_len + (s.min_len & 1);
            if s.max_len.is_some_and(|max| even_min > max) {
                self.err(
                    span,
                    format!(
                        "no `hex` string fits: hex text has an even length, and none lies in {}..={}",
                        s.min_len,
                        s.max_len.unwrap_or(0)
                    ),
                    "no value fits",
                    "raise `max` or lower `min`",
                );
            }
        }
    }

    fn prefix(&mut self, span: &Span, s: &StrType, prefix: &str, sent: bool) {
        if sent {
            self.wire_text(span, "`prefix`", prefix);
        }
        if s.quoting == Quoting::Unquoted && prefix.contains(',') {
            self.err(
                span,
                format!(
                    "`prefix` {} holds a comma, which an `unquoted` value can't",
                    shown(prefix)
                ),
                "no value fits",
                "drop the comma or make the string `quoted`",
            );
        }
        if let Some(c) = prefix.chars().find(|c| !fits_class(s, *c)) {
            let class = match s.charset {
                Charset::Any => "any",
                Charset::Ascii => "ascii",
                Charset::Alnum => "alnum",
                Charset::Printable => "printable",
                Charset::Hex => "hex",
            };
            self.err(
                span,
                format!("`prefix` {} holds {c:?}, outside the string's `{class}` class, so no value can have it", shown(prefix)),
                "no value fits",
                "change the prefix or the character class",
            );
        }
    }
}
