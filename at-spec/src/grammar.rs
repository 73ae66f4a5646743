//! The pest parsers generated from `grammar.pest`, and syntax-error conversion.
//!
//! Two parsers share the grammar: a fast one whose ignorable punctuation is
//! silent (`tokens_fast.pest`), used for every parse, and a detailed one whose
//! every token is a named rule (`tokens.pest`), run only on a file that failed,
//! so the error can list exactly the tokens expected.

use std::sync::Arc;

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

use crate::diagnostics::Diagnostic;

// The parsers' code is what `pest_derive` would expand to, checked in
// (`grammar/*_generated.rs`) so that at-spec compiles `pest` only;
// grammar-check/tests/grammar_generated.rs fails when a file is stale and
// regenerates it.

/// A module holding one checked-in generated parser. As for a derive's
/// output, lints do not apply to generated code (the grammar has a rule named
/// `rule`, which the generated `parse(rule: Rule, ..)` binds).
macro_rules! generated_parser {
    ($(#[$doc:meta])* $vis:vis mod $module:ident { $(#[$pdoc:meta])* $parser:ident, $file:literal }) => {
        $(#[$doc])*
        #[allow(
            bindings_with_variant_name,
            dead_code,
            missing_docs,
            unused_qualifications,
            clippy::all,
            clippy::pedantic
        )]
        $vis mod $module {
            $(#[$pdoc])*
            pub(crate) struct $parser;
            include!($file);
        }
    };
}

generated_parser! {
    /// The parser used for every parse (`grammar.pest` + `tokens_fast.pest`).
    pub(crate) mod fast {
        /// The generated `.atspec` parser (fast tokens).
        SpecParser, "grammar/fast_generated.rs"
    }
}

generated_parser! {
    /// The parser used to describe syntax errors (`grammar.pest` + `tokens.pest`).
    mod detailed {
        /// The generated `.atspec` parser (every token named).
        DiagParser, "grammar/detailed_generated.rs"
    }
}

use detailed::Rule as DRule;
pub(crate) use fast::Rule;

/// Parses a whole file; on a syntax error, describes it.
pub(crate) fn parse_file<'t>(
    file: &str,
    text: &'t Arc<str>,
) -> Result<pest::iterators::Pairs<'t, Rule>, Box<Diagnostic>> {
    match fast::SpecParser::parse(Rule::file, text) {
        Ok(pairs) => Ok(pairs),
        Err(fast_err) => {
            let err = match detailed::DiagParser::parse(DRule::file, text) {
                Err(e) => e,
                // Both parsers accept the same language; keep the fast error's place.
                Ok(_) => pest::error::Error::new_from_pos(
                    ErrorVariant::CustomError {
                        message: "unexpected input".to_string(),
                    },
                    pest::Position::new(text, fast_location(&fast_err))
                        .unwrap_or_else(|| pest::Position::from_start(text)),
                ),
            };
            Err(Box::new(syntax_error(file, text, &err)))
        }
    }
}

fn fast_location(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Turns a pest error into a diagnostic naming what was expected and what was found.
fn syntax_error(file: &str, text: &Arc<str>, err: &pest::error::Error<DRule>) -> Diagnostic {
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
fn hint(positives: &[DRule], rest: &str) -> Option<String> {
    if rest.is_empty() {
        return Some("the file ends early: close every `{`, `(` and `[`".into());
    }
    let first_line = rest.lines().next().unwrap_or("");
    if first_line.starts_with('"') && !first_line.get(1..).unwrap_or("").contains('"') {
        return Some("this string is not closed on its line: add the closing `\"`".into());
    }
    if positives.contains(&DRule::kw_dialect) && positives.contains(&DRule::kw_command) {
        return Some(
            "a spec holds only `dialect`, `include`, `codes`, `enum`, `type`, `error`, `urc` and `command` items"
                .into(),
        );
    }
    if positives.contains(&DRule::kw_test) || positives.contains(&DRule::form) {
        return Some("a command holds forms: `test`, `read`, `write (params)` or `exec`".into());
    }
    if positives.contains(&DRule::kw_response) {
        return Some(
            "a form body holds `doc`, `timeout`, `rule`, `response`, `data` and `completes` clauses"
                .into(),
        );
    }
    if positives.contains(&DRule::type_expr) {
        return Some(
            "a type is `int [lo..=hi]`, `string [modifiers]`, `text`, `range`, `masked` or a declared name"
                .into(),
        );
    }
    if positives.contains(&DRule::duration) {
        return Some("durations carry a unit: `500ms`, `30s`, `2min`, `1h`".into());
    }
    if positives.contains(&DRule::p_range) {
        return Some("ranges are inclusive and written `lo..=hi`".into());
    }
    if positives.contains(&DRule::p_arrow) {
        return Some("a rule is `rule <param> == <value> => <requirement>`".into());
    }
    if positives.contains(&DRule::p_colon) {
        return Some("parameters and typed fields are written `name: type`".into());
    }
    Some("see docs/spec-language.md for the syntax of each item".into())
}

/// How a rule is named in "expected ..." messages.
fn describe(r: DRule) -> String {
    let name = format!("{r:?}");
    if let Some(kw) = name.strip_prefix("kw_") {
        return format!("`{kw}`");
    }
    let text = match r {
        DRule::p_lbrace => "`{`",
        DRule::p_rbrace => "`}`",
        DRule::p_lparen => "`(`",
        DRule::p_rparen => "`)`",
        DRule::p_lbracket => "`[`",
        DRule::p_rbracket => "`]`",
        DRule::p_colon => "`:`",
        DRule::p_comma => "`,`",
        DRule::p_dot => "`.`",
        DRule::p_question => "`?`",
        DRule::p_ellipsis => "`...`",
        DRule::p_arrow => "`=>`",
        DRule::p_range => "`..=`",
        DRule::p_plus => "`+`",
        DRule::op_eq => "`==`",
        DRule::op_ne => "`!=`",
        DRule::p_eq => "`=`",
        DRule::ident => "a name",
        DRule::integer => "an integer",
        DRule::duration => "a duration (`30s`)",
        DRule::string => "a string",
        DRule::literal => "a literal",
        DRule::EOI => "end of file",
        DRule::type_expr => "a type",
        DRule::str_mod => "a string modifier",
        DRule::int_range => "a range (`1..=10`)",
        DRule::header_entry => "a header entry",
        DRule::code_row => "a code row",
        DRule::enum_row => "an enum value",
        DRule::line_shape => "a line shape (`\"+X\": fields`)",
        DRule::field => "a field",
        DRule::value_field => "a field",
        DRule::payload => "`then`",
        DRule::alternative => "an alternative (`Name: \"+X\": ...`)",
        DRule::one_of => "`one_of`",
        DRule::form => "a form",
        DRule::param_list => "a parameter list",
        DRule::opt_group => "`[`",
        DRule::param => "a parameter",
        DRule::value => "a value",
        DRule::form_body => "`{`",
        DRule::condition => "a condition",
        DRule::requirement => "a requirement",
        DRule::timeout_value => "a duration or a parameter",
        DRule::connect_entry => "a connect entry",
        DRule::margin => "`+`",
        DRule::chunked_entry => "a chunked entry",
        _ => return name.replace('_', " "),
    };
    text.to_string()
}
