//! Types that only a response field can carry: `text` with length and class
//! modifiers (`text printable min 1 max 70`), and a code-table field limited
//! to a range of codes (`QsmtpResult in -554..=-1`).

use pest::iterators::Pair;

use super::{Lower, TypeName};
use crate::grammar::Rule;
use crate::ir::{StrType, TextLimits, Type};

/// A response field's type and the limits only a field can carry.
#[derive(Default)]
pub(super) struct FieldType {
    /// The type (`None`: already reported).
    pub ty: Option<Type>,
    /// Limits of a `text` field.
    pub text_limits: Option<TextLimits>,
    /// Inclusive range of a code-table field.
    pub code_range: Option<(i64, i64)>,
}

impl<'s> Lower<'s> {
    /// Lowers the `type_expr` of a response field.
    pub(super) fn field_type(&mut self, file: usize, expr: Pair<'s, Rule>) -> FieldType {
        let Some(inner) = expr.clone().into_inner().next() else {
            return FieldType::default();
        };
        match inner.as_rule() {
            Rule::text_type => FieldType {
                ty: Some(Type::Text),
                text_limits: self.text_limits(file, inner),
                code_range: None,
            },
            Rule::codes_in => {
                let (ty, range) = self.codes_in(file, inner);
                FieldType {
                    ty,
                    text_limits: None,
                    code_range: range,
                }
            }
            _ => FieldType {
                ty: self.lower_type(file, expr),
                ..FieldType::default()
            },
        }
    }

    /// The modifiers of `text ...` (`None` when there are none); string-only
    /// modifiers (quoting, prefix, marker, secret) are errors.
    fn text_limits(&mut self, file: usize, pair: Pair<'s, Rule>) -> Option<TextLimits> {
        let mods: Vec<Pair<'s, Rule>> = pair
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() == Rule::str_mod)
            .collect();
        if mods.is_empty() {
            return None;
        }
        for m in &mods {
            let Some(key) = m.clone().into_inner().next() else {
                continue;
            };
            let allowed = matches!(
                key.as_rule(),
                Rule::kw_max
                    | Rule::kw_min
                    | Rule::kw_nonempty
                    | Rule::kw_ascii
                    | Rule::kw_alnum
                    | Rule::kw_printable
                    | Rule::kw_hex
            );
            if !allowed {
                let span = self.span(file, m);
                self.error(
                    &span,
                    format!("`{}` does not apply to `text`", key.as_str()),
                    "string-only modifier",
                    "`text` takes the length and class modifiers (`max N`, `min N`, `nonempty`, `ascii`, `alnum`, `printable`, `hex`); quoting, prefixes, markers and `secret` are for `string`",
                );
            }
        }
        // Same parsing (and conflict checks) as `string ...`.
        let Some(Type::Str(s)) = self.string_type(file, pair) else {
            return None;
        };
        let StrType {
            min_len,
            max_len,
            charset,
            ..
        } = s;
        Some(TextLimits {
            min_len,
            max_len,
            charset,
        })
    }

    /// `Codes in lo..=hi`: the code table's type and the range.
    fn codes_in(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
    ) -> (Option<Type>, Option<(i64, i64)>) {
        let span = self.span(file, &pair);
        let mut inner = pair.into_inner();
        let Some(name) = inner.next() else {
            return (None, None);
        };
        let range = inner.find(|p| p.as_rule() == Rule::int_range);
        let ty = match self.names.get(name.as_str()) {
            Some(TypeName::Codes) => Some(Type::Codes(name.as_str().to_string())),
            _ => {
                self.error(
                    &span,
                    format!(
                        "`{} in ...` needs a code table, and `{}` is none",
                        name.as_str(),
                        name.as_str()
                    ),
                    "not a code table",
                    "declare `codes Name { ... }`, or bound an integer with `int lo..=hi`",
                );
                None
            }
        };
        let bounds: Vec<Pair<'s, Rule>> = range
            .map(|r| {
                r.into_inner()
                    .filter(|p| p.as_rule() == Rule::integer)
                    .collect()
            })
            .unwrap_or_default();
        let lo = bounds.first().and_then(|b| self.integer(file, b));
        let hi = bounds.get(1).and_then(|b| self.integer(file, b));
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return (ty, None);
        };
        if lo > hi {
            self.error(
                &span,
                format!("empty range {lo}..={hi}: the lower bound is above the upper bound"),
                "inverted range",
                &format!("write the smaller bound first: `{hi}..={lo}`"),
            );
        }
        (ty, Some((lo, hi)))
    }

    /// `text ...` with modifiers or `Codes in ...` where no response field
    /// is (a parameter or a `type` alias): reported, lowered without them.
    pub(super) fn field_only(&mut self, file: usize, inner: &Pair<'s, Rule>, what: &str) {
        let span = self.span(file, inner);
        self.error(
            &span,
            format!("{what} is for response fields only"),
            "not a response field",
            "write it on the field itself (`uid: text printable max 70`, `error: Codes in -9..=-1`), not in a `type` alias or a parameter",
        );
    }
}
