//! Errors found in a spec: what, where (`file:line:col`) and how to fix it.

use std::fmt;
use std::sync::Arc;

use crate::ir::Span;

/// One problem in a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong.
    pub message: String,
    /// Name of the file it is in.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Byte range in the file.
    pub span: std::ops::Range<usize>,
    /// Short text shown under the caret.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The file's text, for snippets.
    source: Arc<str>,
}

impl Diagnostic {
    /// A diagnostic at `span` of the file named `file` whose text is `source`.
    pub fn new(
        file: &str,
        source: Arc<str>,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let (line, col) = line_col(&source, span.start);
        Diagnostic {
            message: message.into(),
            file: file.to_string(),
            line,
            col,
            span,
            label: String::new(),
            help: None,
            source,
        }
    }

    /// Sets the text shown under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the hint saying how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The text of the file this diagnostic points into.
    pub fn source_text(&self) -> &str {
        &self.source
    }

    /// The snippet form: message, location, source line, caret, label and help.
    /// Colour-free and deterministic.
    pub fn render(&self) -> String {
        let mut out = format!(
            "error: {}\n  --> {}:{}:{}\n",
            self.message, self.file, self.line, self.col
        );
        let text = line_text(&self.source, self.line);
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        out.push_str(&format!("{pad} |\n{number} | {}\n", text.trim_end()));
        let line_chars = text.trim_end().chars().count();
        let start_col = self.col.max(1);
        let span_chars = self
            .source
            .get(self.span.clone())
            .map(|s| s.chars().take_while(|c| *c != '\n').count())
            .unwrap_or(0);
        let room = line_chars.saturating_sub(start_col - 1);
        let width = span_chars.min(room).max(1);
        let mut caret_line = format!("{pad} | {}{}", " ".repeat(start_col - 1), "^".repeat(width));
        if !self.label.is_empty() {
            caret_line.push(' ');
            caret_line.push_str(&self.label);
        }
        out.push_str(&caret_line);
        out.push('\n');
        if let Some(help) = &self.help {
            out.push_str(&format!("{pad} = help: {help}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.col, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = if self.label.is_empty() {
            None
        } else {
            Some(self.label.clone())
        };
        let span = miette::SourceSpan::from(self.span.start..self.span.end.max(self.span.start));
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(label, span),
        )))
    }
}

/// Every problem found in a spec (never empty when returned as an error).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    /// The problems, in the order found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// The first problem, if any.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.items.first()
    }

    /// Every problem in snippet form, separated by blank lines. Colour-free.
    pub fn render(&self) -> String {
        self.items
            .iter()
            .map(Diagnostic::render)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Sorts by file, then position, and drops exact repeats.
    pub(crate) fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.span.start, &a.message).cmp(&(&b.file, b.span.start, &b.message))
        });
        self.items
            .dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl miette::Diagnostic for Diagnostics {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.items.iter().map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
/// Offsets past the end or inside a character are clamped.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The text of 1-based `line` (without its newline), or "" past the end.
fn line_text(text: &str, line: usize) -> &str {
    text.split('\n').nth(line.saturating_sub(1)).unwrap_or("")
}

/// Fast byte-offset to line/column conversion for one file.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// An IR span for `start..end` of file `file` whose text is `text`.
    pub(crate) fn span(&self, file: usize, text: &str, start: usize, end: usize) -> Span {
        // Pest spans of rules with optional tails can end in whitespace; drop it.
        let end = text
            .get(start..end)
            .map(|s| start + s.trim_end().len())
            .unwrap_or(end);
        let line_idx = match self.starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.starts.get(line_idx).copied().unwrap_or(0);
        let col = text
            .get(line_start..start)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Span {
            file,
            start,
            end,
            line: line_idx + 1,
            col,
        }
    }
}
