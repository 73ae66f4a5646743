//! The pest parser generated from `grammar.pest`, and syntax-error conversion.

use std::sync::Arc;

use pest::error::{ErrorVariant, InputLocation};
use pest_derive::Parser;

use crate::diagnostics::Diagnostic;

/// The generated `.atspec` parser.
#[derive(Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct SpecParser;

/// Turns a pest error into a diagnostic naming what was expected and what was found.
pub(crate) fn syntax_error(
    file: &str,
    text: &Arc<str>,
    err: &pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let skipped = text
        .get(pos..)
        .map(|r| r.len() - r.trim_start().len())
        .unwrap_or(0);
    let pos = pos + skipped;
    let rest = text.get(pos..).unwrap_or("");
    let token_len = token_len(rest);
    let found = if rest.is_empty() {
        "end of file".to_string()
    } else {
        format!("`{}`", rest.get(..token_len).unwrap_or(""))
    };
    let (message, help) = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<String> = Vec::new();
            for r in positives {
                let d = describe(*r);
                if !expected.contains(&d) {
                    expected.push(d);
                }
            }
            let list = match expected.len() {
                0 => "something else".to_string(),
                1 => expected.join(""),
                _ => {
                    let (last, init) = expected
                        .split_last()
                        .map(|(l, i)| (l.clone(), i.to_vec()))
                        .unwrap_or_default();
                    format!("{} or {}", init.join(", "), last)
                }
            };
            (
                format!("syntax error: expected {list}, found {found}"),
                hint(positives, rest),
            )
        }
        ErrorVariant::CustomError { message } => (format!("syntax error: {message}"), None),
    };
    let mut d = Diagnostic::new(file, text.clone(), pos..pos + token_len, message)
        .with_label("unexpected here");
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Byte length of the token at the start of `rest`: a word, a string up to its
/// closing quote on the same line, or one character.
fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, c)) if is_word(c) || c == '-' => rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| !is_word(*c))
            .map(|(i, _)| i)
            .unwrap_or(rest.len()),
        Some((_, '"')) => {
            let line_end = rest.find('\n').unwrap_or(rest.len());
            rest.get(1..line_end)
                .and_then(|l| l.find('"'))
                .map(|i| i + 2)
                .unwrap_or(line_end)
        }
        Some((_, c)) => c.len_utf8(),
    }
}

/// A hint for common mistakes, chosen from what was expected.
fn hint(positives: &[Rule], rest: &str) -> Option<String> {
    if rest.is_empty() {
        return Some("the file ends early: close every `{`, `(` and `[`".into());
    }
    let first_line = rest.lines().next().unwrap_or("");
    if first_line.starts_with('"') && !first_line.get(1..).unwrap_or("").contains('"') {
        return Some("this string is not closed on its line: add the closing `\"`".into());
    }
    if positives.contains(&Rule::kw_dialect) && positives.contains(&Rule::kw_command) {
        return Some(
            "a spec holds only `dialect`, `include`, `codes`, `enum`, `type`, `error`, `urc` and `command` items"
                .into(),
        );
    }
    if positives.contains(&Rule::kw_test) || positives.contains(&Rule::form) {
        return Some("a command holds forms: `test`, `read`, `write (params)` or `exec`".into());
    }
    if positives.contains(&Rule::kw_response) {
        return Some(
            "a form body holds `doc`, `timeout`, `rule`, `response`, `data` and `completes` clauses"
                .into(),
        );
    }
    if positives.contains(&Rule::type_expr) {
        return Some(
            "a type is `int [lo..=hi]`, `string [modifiers]`, `text`, `range`, `masked` or a declared name"
                .into(),
        );
    }
    if positives.contains(&Rule::duration) {
        return Some("durations carry a unit: `500ms`, `30s`, `2min`, `1h`".into());
    }
    if positives.contains(&Rule::p_range) {
        return Some("ranges are inclusive and written `lo..=hi`".into());
    }
    if positives.contains(&Rule::p_arrow) {
        return Some("a rule is `rule <param> == <value> => <requirement>`".into());
    }
    if positives.contains(&Rule::p_colon) {
        return Some("parameters and typed fields are written `name: type`".into());
    }
    Some("see docs/spec-language.md for the syntax of each item".into())
}

/// How a rule is named in "expected ..." messages.
fn describe(r: Rule) -> String {
    let name = format!("{r:?}");
    if let Some(kw) = name.strip_prefix("kw_") {
        return format!("`{kw}`");
    }
    let text = match r {
        Rule::p_lbrace => "`{`",
        Rule::p_rbrace => "`}`",
        Rule::p_lparen => "`(`",
        Rule::p_rparen => "`)`",
        Rule::p_lbracket => "`[`",
        Rule::p_rbracket => "`]`",
        Rule::p_colon => "`:`",
        Rule::p_comma => "`,`",
        Rule::p_dot => "`.`",
        Rule::p_question => "`?`",
        Rule::p_arrow => "`=>`",
        Rule::p_range => "`..=`",
        Rule::op_eq => "`==`",
        Rule::op_ne => "`!=`",
        Rule::p_eq => "`=`",
        Rule::ident => "a name",
        Rule::integer => "an integer",
        Rule::duration => "a duration (`30s`)",
        Rule::string => "a string",
        Rule::literal => "a literal",
        Rule::EOI => "end of file",
        Rule::type_expr => "a type",
        Rule::str_mod => "a string modifier",
        Rule::int_range => "a range (`1..=10`)",
        Rule::header_entry => "a header entry",
        Rule::code_row => "a code row",
        Rule::enum_row => "an enum value",
        Rule::line_shape => "a line shape (`\"+X\": fields`)",
        Rule::field => "a field",
        Rule::value_field => "a field",
        Rule::payload => "`then`",
        Rule::alternative => "an alternative (`Name: \"+X\": ...`)",
        Rule::one_of => "`one_of`",
        Rule::form => "a form",
        Rule::param_list => "a parameter list",
        Rule::opt_group => "`[`",
        Rule::param => "a parameter",
        Rule::value => "a value",
        Rule::form_body => "`{`",
        Rule::condition => "a condition",
        Rule::requirement => "a requirement",
        Rule::timeout_value => "a duration or a parameter",
        Rule::connect_entry => "a connect entry",
        Rule::chunked_entry => "a chunked entry",
        _ => return name.replace('_', " "),
    };
    text.to_string()
}
