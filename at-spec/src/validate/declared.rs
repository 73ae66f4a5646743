//! Checks of the dialect's declared whole lines (`error final "..."`,
//! `prompt "..."`) and of the verbose texts of code rows (`text "..."`).

use std::collections::HashMap;

use super::{location, Validator};
use crate::ir::{DeclaredLine, ErrorKind, Span};

/// Final results every module may send: the runtime knows them already.
const BUILTIN_FINALS: [&str; 6] = [
    "OK",
    "ERROR",
    "NO CARRIER",
    "BUSY",
    "NO ANSWER",
    "NO DIALTONE",
];

/// Prefixes of the coded finals the runtime reads itself.
const BUILTIN_CODED: [&str; 3] = ["+CME ERROR", "+CMS ERROR", "+EXT ERROR"];

/// What a declared line is, for messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Final,
    Prompt,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::Final => "final result",
            Kind::Prompt => "prompt",
        }
    }
}

/// Why `text` can never be a line the runtime compares whole, if it can't.
fn framing_problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("it is empty");
    }
    if text.chars().any(|c| c.is_control()) {
        return Some(
            "it holds a control character (CR and LF end a line, so a line can't contain them)",
        );
    }
    if text.trim() != text {
        return Some(
            "it starts or ends with a space (lines are compared after their blanks are trimmed)",
        );
    }
    None
}

/// Why `text` clashes with what the runtime already knows, if it does.
fn builtin_clash(text: &str, kind: Kind) -> Option<String> {
    if BUILTIN_FINALS.contains(&text) {
        return Some(format!("`{text}` is a built-in final result"));
    }
    if text == "CONNECT" || text.starts_with("CONNECT ") {
        return Some("`CONNECT` lines are built in: they open a `data connect` phase".into());
    }
    if text == ">" {
        return Some("`>` is the built-in prompt".into());
    }
    if let Some(p) = BUILTIN_CODED
        .iter()
        .find(|p| text.strip_prefix(**p).is_some_and(|r| r.starts_with(':')))
    {
        return Some(format!(
            "it starts with `{p}:`, a coded final the runtime reads (declare the code table instead: `error final \"{p}\": Table`)"
        ));
    }
    None
}

/// Why `text` cannot be a prompt even though it is a line, if it can't.
fn prompt_problem(text: &str) -> Option<&'static str> {
    if !text.is_ascii() {
        return Some("it is not ASCII");
    }
    if text.len() == 1 && !text.as_bytes()[0].is_ascii_punctuation() {
        return Some("a one-character prompt is framed without a line end, so it must be ASCII punctuation (like `>` or `@`), never a letter or digit that starts ordinary lines");
    }
    None
}

impl Validator<'_> {
    /// Declared finals and prompts: framing, built-ins, coded prefixes, duplicates.
    pub(super) fn declared(&mut self) {
        let d = self.d;
        let all: Vec<(&DeclaredLine, Kind)> = d
            .final_errors
            .iter()
            .map(|l| (l, Kind::Final))
            .chain(d.prompts.iter().map(|l| (l, Kind::Prompt)))
            .collect();
        let mut seen: HashMap<&str, (&Span, Kind)> = HashMap::new();
        for (line, kind) in all {
            let what = kind.what();
            if let Some(problem) = framing_problem(&line.text) {
                self.err(
                    &line.span,
                    format!(
                        "declared {what} {:?} can never match a line: {problem}",
                        line.text
                    ),
                    "not a line",
                    "write the exact text of the line the module sends, without its CR LF",
                );
                continue;
            }
            if let Some(problem) = prompt_problem(&line.text).filter(|_| kind == Kind::Prompt) {
                self.err(
                    &line.span,
                    format!("declared prompt {:?} can't be framed: {problem}", line.text),
                    "not a prompt",
                    "write the exact ASCII text the module sends when it waits for data",
                );
                continue;
            }
            if let Some(clash) = builtin_clash(&line.text, kind) {
                self.err(
                    &line.span,
                    format!(
                        "declared {what} {:?} clashes with the runtime: {clash}",
                        line.text
                    ),
                    "clashes with a built-in",
                    "remove the declaration (the runtime handles it) or fix the text",
                );
                continue;
            }
            self.coded_clash(line, what);
            match seen.get(line.text.as_str()) {
                Some((first, first_kind)) => {
                    let at = location(self.src, first);
                    self.err(
                        &line.span,
                        format!("{:?} is declared twice", line.text),
                        "second declaration",
                        format!(
                            "it is already declared as a {} at {at}; a line is either a final result or a prompt, once",
                            first_kind.what()
                        ),
                    );
                }
                None => {
                    seen.insert(&line.text, (&line.span, kind));
                }
            }
        }
    }

    /// A declared line that starts with a coded error line's prefix would be
    /// taken for that coded line (or shadow it).
    fn coded_clash(&mut self, line: &DeclaredLine, what: &str) {
        let clash = self.d.errors.iter().find(|e| {
            !e.prefix.is_empty()
                && line
                    .text
                    .strip_prefix(e.prefix.as_str())
                    .is_some_and(|r| r.is_empty() || r.starts_with(':') || r.starts_with(' '))
        });
        if let Some(e) = clash {
            let kind = match e.kind {
                ErrorKind::Final => "error final",
                ErrorKind::Line => "error line",
            };
            let at = location(self.src, &e.span);
            self.err(
                &line.span,
                format!(
                    "declared {what} {:?} starts with the prefix of `{kind} \"{}\"`",
                    line.text, e.prefix
                ),
                "clashes with a coded error line",
                format!("the coded line is declared at {at}; list the code in its table instead"),
            );
        }
    }

    /// Verbose texts of code rows: each a line's text, none a number, unique
    /// in its table ignoring ASCII case.
    pub(super) fn verbose_texts(&mut self) {
        for t in &self.d.code_tables {
            let mut seen: HashMap<String, &Span> = HashMap::new();
            for c in &t.codes {
                let Some(text) = &c.verbose else { continue };
                if let Some(problem) = framing_problem(text) {
                    self.err(
                        &c.span,
                        format!("verbose text {text:?} of code {} can never match: {problem}", c.value),
                        "not a line's text",
                        "write the text the module sends after `+CME ERROR: `, e.g. `text \"operation not allowed\"`",
                    );
                    continue;
                }
                if text.parse::<i64>().is_ok() {
                    self.err(
                        &c.span,
                        format!("verbose text {text:?} of code {} is a number", c.value),
                        "a number",
                        "numbers are read as codes already; the text is the words a module sends in verbose mode",
                    );
                    continue;
                }
                let key = text.to_ascii_lowercase();
                match seen.get(&key) {
                    Some(first) => {
                        let at = location(self.src, first);
                        self.err(
                            &c.span,
                            format!("verbose text {text:?} is given to two codes of `{}`", t.name),
                            "second use",
                            format!("the first is at {at} (texts are matched ignoring ASCII case); one text names one code"),
                        );
                    }
                    None => {
                        seen.insert(key, &c.span);
                    }
                }
            }
        }
    }
}
