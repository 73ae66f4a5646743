//! Types, literals, strings and durations.

use std::time::Duration;

use pest::iterators::Pair;

use super::{closest, Lower, TypeName};
use crate::grammar::Rule;
use crate::ir::{Charset, IntType, Literal, Quoting, Span, StrType, Type};

/// Longest chain of `type` aliases resolved; resolution recurses once per
/// alias, so a bound keeps the stack small on any input.
pub(crate) const MAX_ALIAS_DEPTH: usize = 64;

impl<'s> Lower<'s> {
    /// Lowers a `type_expr`; `None` (already reported) if it does not resolve.
    pub(super) fn lower_type(&mut self, file: usize, expr: Pair<'s, Rule>) -> Option<Type> {
        let inner = expr.into_inner().next()?;
        match inner.as_rule() {
            Rule::int_type => self.int_type(file, inner),
            Rule::string_type => self.string_type(file, inner),
            Rule::text_type => {
                if inner
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::str_mod)
                {
                    self.field_only(file, &inner, "`text` with modifiers");
                }
                Some(Type::Text)
            }
            Rule::codes_in => {
                self.field_only(file, &inner, "a code range (`in lo..=hi`)");
                let name = inner.into_inner().next()?;
                match self.names.get(name.as_str()) {
                    Some(TypeName::Codes) => Some(Type::Codes(name.as_str().to_string())),
                    _ => None,
                }
            }
            Rule::kw_range => Some(Type::Range),
            Rule::kw_masked => Some(Type::Masked),
            _ => {
                let name = inner.as_str();
                let span = self.span(file, &inner);
                match self.names.get(name).cloned() {
                    Some(TypeName::Enum) => Some(Type::Enum(name.to_string())),
                    Some(TypeName::Codes) => Some(Type::Codes(name.to_string())),
                    Some(TypeName::Alias(..)) => self.resolve_named(name, &span),
                    None => {
                        let builtin = ["int", "string", "text", "range", "masked"];
                        let suggestion =
                            closest(name, self.names.keys().map(String::as_str).chain(builtin));
                        let help = match suggestion {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "declare it (`type {name} = ...`, `enum {name} {{ ... }}` or `codes {name} {{ ... }}`) or use `int` / `string`"
                            ),
                        };
                        self.error(
                            &span,
                            format!("unknown type `{name}`"),
                            "not declared",
                            &help,
                        );
                        None
                    }
                }
            }
        }
    }

    /// The type a `type` alias stands for, with its alias name recorded.
    pub(super) fn resolve_named(&mut self, name: &str, use_span: &Span) -> Option<Type> {
        if let Some(done) = self.resolved.get(name) {
            return done.clone();
        }
        let Some(TypeName::Alias(file, expr)) = self.names.get(name).cloned() else {
            return None;
        };
        if self.resolving.iter().any(|n| n == name) {
            let chain = self.resolving.join(" -> ");
            self.error(
                use_span,
                format!("type `{name}` is defined in terms of itself ({chain} -> {name})"),
                "cycle",
                "define one of these types directly as `int ...` or `string ...`",
            );
            return None;
        }
        if self.resolving.len() >= MAX_ALIAS_DEPTH {
            self.error(
                use_span,
                format!(
                    "type `{name}` is reached through more than {MAX_ALIAS_DEPTH} aliases (`type A = B`, `type B = C`, ...)"
                ),
                "alias chain too long",
                "define the type directly as `int ...` or `string ...`; no manual needs long alias chains",
            );
            return None;
        }
        self.resolving.push(name.to_string());
        let ty = self.lower_type(file, expr).map(|t| match t {
            Type::Int(mut i) => {
                i.alias = Some(name.to_string());
                Type::Int(i)
            }
            Type::Str(mut s) => {
                s.alias = Some(name.to_string());
                Type::Str(s)
            }
            other => other,
        });
        self.resolving.pop();
        self.resolved.insert(name.to_string(), ty.clone());
        ty
    }

    fn int_type(&mut self, file: usize, pair: Pair<'s, Rule>) -> Option<Type> {
        let mut ty = IntType::default();
        if let Some(range) = pair.into_inner().find(|p| p.as_rule() == Rule::int_range) {
            let span = self.span(file, &range);
            let bounds: Vec<Pair<'s, Rule>> = range
                .into_inner()
                .filter(|p| p.as_rule() == Rule::integer)
                .collect();
            let lo = bounds.first().and_then(|b| self.integer(file, b));
            let hi = bounds.get(1).and_then(|b| self.integer(file, b));
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    self.error(
                        &span,
                        format!(
                            "empty range {lo}..={hi}: the lower bound is above the upper bound"
                        ),
                        "inverted range",
                        &format!("write the smaller bound first: `{hi}..={lo}`"),
                    );
                }
            }
            ty.min = lo;
            ty.max = hi;
        }
        Some(Type::Int(ty))
    }

    pub(super) fn string_type(&mut self, file: usize, pair: Pair<'s, Rule>) -> Option<Type> {
        let type_span = self.span(file, &pair);
        let mut ty = StrType::default();
        let mut seen: Vec<&'static str> = Vec::new();
        let mut charset_word: Option<String> = None;
        let mut quoting_word: Option<String> = None;
        let mut min_given = false;
        for m in pair.into_inner().filter(|p| p.as_rule() == Rule::str_mod) {
            let span = self.span(file, &m);
            let mut inner = m.into_inner();
            let Some(key) = inner.next() else { continue };
            let arg = inner.next();
            let word = key.as_str().to_string();
            let slot: &'static str = match key.as_rule() {
                Rule::kw_max => "max",
                Rule::kw_min | Rule::kw_nonempty => "min",
                Rule::kw_ascii | Rule::kw_alnum | Rule::kw_printable | Rule::kw_hex => "charset",
                Rule::kw_quoted | Rule::kw_unquoted => "quoting",
                Rule::kw_prefix => "prefix",
                Rule::kw_non_ascii_marker => "marker",
                _ => "secret",
            };
            if seen.contains(&slot) {
                let (msg, help) = match slot {
                    "charset" => (
                        format!(
                            "`{word}` conflicts with `{}`: a string has one character class",
                            charset_word.clone().unwrap_or_default()
                        ),
                        "keep one character class".to_string(),
                    ),
                    "quoting" => (
                        format!(
                            "`{word}` conflicts with `{}`",
                            quoting_word.clone().unwrap_or_default()
                        ),
                        "a string is either `quoted` (the default) or `unquoted`".to_string(),
                    ),
                    "min" => (
                        format!("`{word}` repeats the minimum length"),
                        "use one of `min N` or `nonempty` (same as `min 1`)".to_string(),
                    ),
                    _ => (
                        format!("`{word}` given twice"),
                        "keep one of them".to_string(),
                    ),
                };
                self.error(&span, msg, "conflicting modifier", &help);
                continue;
            }
            seen.push(slot);
            match key.as_rule() {
                Rule::kw_max | Rule::kw_min => {
                    let Some(n) = arg.and_then(|a| self.length(file, &a)) else {
                        continue;
                    };
                    if key.as_rule() == Rule::kw_max {
                        ty.max_len = Some(n);
                    } else {
                        ty.min_len = n;
                        min_given = true;
                    }
                }
                Rule::kw_nonempty => {
                    ty.min_len = 1;
                    min_given = true;
                }
                Rule::kw_ascii => ty.charset = Charset::Ascii,
                Rule::kw_alnum => ty.charset = Charset::Alnum,
                Rule::kw_printable => ty.charset = Charset::Printable,
                Rule::kw_hex => ty.charset = Charset::Hex,
                Rule::kw_quoted => ty.quoting = Quoting::Quoted,
                Rule::kw_unquoted => ty.quoting = Quoting::Unquoted,
                Rule::kw_prefix => ty.prefix = arg.and_then(|a| self.string(file, &a)),
                Rule::kw_non_ascii_marker => {
                    ty.non_ascii_marker = arg.and_then(|a| self.string(file, &a))
                }
                _ => ty.secret = true,
            }
            if slot == "charset" {
                charset_word = Some(word);
            } else if slot == "quoting" {
                quoting_word = Some(word);
            }
        }
        let _ = min_given;
        if let Some(max) = ty.max_len {
            if max < ty.min_len {
                self.error(
                    &type_span,
                    format!("`max {max}` is below the minimum length {}", ty.min_len),
                    "no string fits",
                    "raise `max` or lower `min`",
                );
            }
            if let Some(prefix) = &ty.prefix {
                if prefix.len() > max {
                    let msg = format!("prefix \"{prefix}\" is longer than `max {max}`");
                    self.error(
                        &type_span,
                        msg,
                        "no string fits",
                        "raise `max` or shorten the prefix",
                    );
                }
            }
        }
        Some(Type::Str(ty))
    }

    /// A non-negative length (`max N`, `min N`).
    pub(super) fn length(&mut self, file: usize, pair: &Pair<'s, Rule>) -> Option<usize> {
        let n = self.integer(file, pair)?;
        match usize::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                let span = self.span(file, pair);
                self.error(
                    &span,
                    format!("length {n} is negative"),
                    "not a length",
                    "lengths count bytes: use 0 or more",
                );
                None
            }
        }
    }

    /// An integer literal; overflow is reported.
    pub(super) fn integer(&mut self, file: usize, pair: &Pair<'s, Rule>) -> Option<i64> {
        match pair.as_str().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let span = self.span(file, pair);
                self.error(
                    &span,
                    format!("integer `{}` does not fit in 64 bits", pair.as_str()),
                    "too large",
                    "integers range from -9223372036854775808 to 9223372036854775807",
                );
                None
            }
        }
    }

    /// A string literal, unescaped; bad escapes are reported.
    pub(super) fn string(&mut self, file: usize, pair: &Pair<'s, Rule>) -> Option<String> {
        match unescape(pair.as_str()) {
            Ok(s) => Some(s),
            Err((offset, msg)) => {
                let start = pair.as_span().start() + offset;
                let end = (start + 2).min(pair.as_span().end());
                let span = self
                    .src
                    .files
                    .get(file)
                    .map(|f| f.lines.span(file, &f.text, start, end))
                    .unwrap_or_default();
                self.error(
                    &span,
                    msg,
                    "bad escape",
                    "escapes are \\\", \\\\, \\n, \\r, \\t and \\xNN (NN at most 7F)",
                );
                None
            }
        }
    }

    /// A literal: integer or string.
    pub(super) fn literal(&mut self, file: usize, pair: Pair<'s, Rule>) -> Option<Literal> {
        let inner = if pair.as_rule() == Rule::literal {
            pair.into_inner().next()?
        } else {
            pair
        };
        match inner.as_rule() {
            Rule::integer => self.integer(file, &inner).map(Literal::Int),
            _ => self.string(file, &inner).map(Literal::Str),
        }
    }

    /// A `value` (integer, string or enum variant / code name) for a parameter of type `ty`.
    /// `ty` is `None` when the parameter is unknown: names are then kept as strings.
    pub(super) fn value(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
        ty: Option<&Type>,
    ) -> Option<Literal> {
        let inner = pair.into_inner().next()?;
        if inner.as_rule() != Rule::ident {
            return self.literal(file, inner);
        }
        let name = inner.as_str();
        let span = self.span(file, &inner);
        let (owner, values) = match ty {
            None => return Some(Literal::Str(name.to_string())),
            Some(Type::Enum(owner)) => (owner, self.enum_names.get(owner)),
            Some(Type::Codes(owner)) => (owner, self.code_names.get(owner)),
            Some(_) => {
                self.error(
                    &span,
                    format!("`{name}` is not a value: only enum and code parameters take names"),
                    "a name",
                    "write a number or a quoted string",
                );
                return None;
            }
        };
        if let Some(v) = values.and_then(|values| values.get(name)) {
            return Some(v.clone());
        }
        let hint = match values {
            Some(values) => match closest(name, values.names()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "the values of `{owner}` are: {}",
                    crate::suggest::listing(values.names())
                ),
            },
            None => format!("`{owner}` has no values"),
        };
        self.error(
            &span,
            format!("`{owner}` has no value named `{name}`"),
            "unknown value",
            &hint,
        );
        None
    }

    /// A duration literal (`500ms`, `30s`, `2min`, `1h`).
    pub(super) fn duration(&mut self, file: usize, pair: &Pair<'s, Rule>) -> Option<Duration> {
        let text = pair.as_str();
        let digits_end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, unit) = text.split_at(digits_end);
        let n = digits.parse::<u64>().ok();
        let d = n.and_then(|n| match unit {
            "ms" => Some(Duration::from_millis(n)),
            "s" => Some(Duration::from_secs(n)),
            "min" => n.checked_mul(60).map(Duration::from_secs),
            _ => n.checked_mul(3600).map(Duration::from_secs),
        });
        if d.is_none() {
            let span = self.span(file, pair);
            self.error(
                &span,
                format!("duration `{text}` is too large"),
                "too large",
                "use a smaller number",
            );
        }
        d
    }
}

/// Unescapes a string literal including its quotes. On error: byte offset of
/// the bad escape within the literal, and a message.
pub(crate) fn unescape(raw: &str) -> Result<String, (usize, String)> {
    let body = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or((0, "string is missing its quotes".to_string()))?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let at = i + 1;
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'x')) => {
                let hex: String = chars.by_ref().take(2).map(|(_, c)| c).collect();
                match u8::from_str_radix(&hex, 16) {
                    Ok(b)
                        if hex.len() == 2
                            && hex.chars().all(|c| c.is_ascii_hexdigit())
                            && b <= 0x7F =>
                    {
                        out.push(char::from(b))
                    }
                    _ => {
                        return Err((
                            at,
                            format!("invalid escape `\\x{hex}`: expected two hex digits up to 7F"),
                        ))
                    }
                }
            }
            Some((_, other)) => return Err((at, format!("unknown escape `\\{other}`"))),
            None => return Err((at, "string ends with a lone `\\`".to_string())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(
            unescape(r#""a\"b\\c\n\r\t\x41""#),
            Ok("a\"b\\c\n\r\tA".to_string())
        );
    }

    #[test]
    fn bad_escapes_are_located() {
        assert_eq!(unescape(r#""ab\q""#).map_err(|e| e.0), Err(3));
        assert!(unescape(r#""\x4""#).is_err());
        assert!(unescape(r#""\x+1""#).is_err());
        assert!(unescape(r#""\xFF""#).is_err());
    }
}
