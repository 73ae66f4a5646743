//! Errors found in a spec: what, where (`file:line:col`) and how to fix it.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
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
        Self::at(file, source, span, (line, col), message)
    }

    /// A diagnostic whose 1-based `(line, col)` is already known (from a
    /// [`LineIndex`]): no scan of the file, so reporting many is linear.
    pub(crate) fn at(
        file: &str,
        source: Arc<str>,
        span: std::ops::Range<usize>,
        (line, col): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
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
    /// Colour-free and deterministic. A long source line is cut to a window of
    /// [`SNIPPET_WIDTH`] characters around the caret.
    pub fn render(&self) -> String {
        let mut out = format!(
            "error: {}\n  --> {}:{}:{}\n",
            self.message, self.file, self.line, self.col
        );
        let text = line_around(&self.source, self.span.start);
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        let span_chars = self
            .source
            .get(self.span.clone())
            .map(|s| {
                s.chars()
                    .take_while(|c| *c != '\n')
                    .take(SNIPPET_WIDTH)
                    .count()
            })
            .unwrap_or(0);
        let snippet = Snippet::new(text.trim_end(), self.col.max(1), span_chars);
        out.push_str(&format!("{pad} |\n{number} | {}\n", snippet.text));
        let mut caret_line = format!(
            "{pad} | {}{}",
            " ".repeat(snippet.caret_col - 1),
            "^".repeat(snippet.width)
        );
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

/// Most characters of a source line shown in a snippet.
pub const SNIPPET_WIDTH: usize = 160;

/// The part of a source line shown in a snippet, and where the caret goes.
struct Snippet {
    text: String,
    /// 1-based column of the caret within `text`.
    caret_col: usize,
    /// Number of carets.
    width: usize,
}

impl Snippet {
    /// Cuts `line` to a window around 1-based character column `col`.
    fn new(line: &str, col: usize, span_chars: usize) -> Self {
        let line_chars = line.chars().count();
        let (skip, mut text) = if line_chars <= SNIPPET_WIDTH {
            (0, String::new())
        } else {
            let skip = (col - 1).saturating_sub(SNIPPET_WIDTH / 3);
            (
                skip,
                if skip > 0 {
                    "...".to_string()
                } else {
                    String::new()
                },
            )
        };
        let lead = text.chars().count();
        text.extend(line.chars().skip(skip).take(SNIPPET_WIDTH));
        if line_chars > skip + SNIPPET_WIDTH {
            text.push_str("...");
        }
        let shown = line_chars.saturating_sub(skip).min(SNIPPET_WIDTH);
        let caret_col = (col - skip).min(shown + 1) + lead;
        let room = shown.saturating_sub(col - 1 - skip);
        Snippet {
            text,
            caret_col,
            width: span_chars.min(room).max(1),
        }
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

#[cfg(feature = "miette")]
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

/// Most diagnostics shown by [`Diagnostics::render`] and `Display`; the
/// rest are counted ("and N more"). All of them stay in [`Diagnostics::items`].
pub const MAX_RENDERED: usize = 50;

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

    /// The problems in snippet form, separated by blank lines. Colour-free.
    /// At most [`MAX_RENDERED`] are shown, then a line saying how many more
    /// there are.
    pub fn render(&self) -> String {
        let mut out = self
            .items
            .iter()
            .take(MAX_RENDERED)
            .map(Diagnostic::render)
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(more) = self.more_line() {
            out.push('\n');
            out.push_str(&more);
            out.push('\n');
        }
        out
    }

    /// `... and N more errors`, when more than [`MAX_RENDERED`] were found.
    fn more_line(&self) -> Option<String> {
        let more = self
            .items
            .len()
            .checked_sub(MAX_RENDERED)
            .filter(|n| *n > 0)?;
        let plural = if more == 1 { "" } else { "s" };
        Some(format!(
            "... and {more} more error{plural} (not shown: fix the ones above first)"
        ))
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
        for (i, d) in self.items.iter().take(MAX_RENDERED).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if let Some(more) = self.more_line() {
            write!(f, "\n{more}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(feature = "miette")]
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

/// The text of the line holding byte `offset` (without its newline).
fn line_around(text: &str, offset: usize) -> &str {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// Bytes per block of the character-count checkpoints of a [`LineIndex`].
const BLOCK: usize = 256;

/// Fast byte-offset to line/column conversion for one file: line starts, and
/// (for text that is not all ASCII) the number of characters before every
/// [`BLOCK`]-byte boundary, so a column costs at most one block of counting
/// however long the line is.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// Characters before byte `k * BLOCK`; empty when the text is ASCII.
    chars_before_block: Vec<usize>,
    /// Index into `starts` of the line last looked up: lowering asks for
    /// spans in file order, so the next one is mostly on that line or the
    /// next, found without a binary search. Only a hint (any value is safe).
    last_line: AtomicUsize,
}

/// Number of characters that start in `bytes` (UTF-8 continuation bytes do not).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(newline_ends(text.as_bytes()));
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            let mut total = 0;
            let mut out = vec![0];
            for block in text.as_bytes().chunks(BLOCK) {
                total += char_starts(block);
                out.push(total);
            }
            out
        };
        LineIndex {
            starts,
            chars_before_block,
            last_line: AtomicUsize::new(0),
        }
    }

    /// Characters of `text` before byte `offset` (clamped to the text).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        let base = self.chars_before_block.get(block).copied().unwrap_or(0);
        base + char_starts(text.as_bytes().get(block * BLOCK..offset).unwrap_or(&[]))
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line_idx = self.line_index(offset);
        let line_start = self.starts.get(line_idx).copied().unwrap_or(0);
        let col = self
            .chars_before(text, offset)
            .saturating_sub(self.chars_before(text, line_start))
            + 1;
        (line_idx + 1, col)
    }

    /// Index into `starts` of the line holding byte `offset` (the last line
    /// starting at or before it): the hinted line or the one after it when
    /// `offset` is there, else a binary search.
    fn line_index(&self, offset: usize) -> usize {
        let hint = self.last_line.load(Ordering::Relaxed);
        let holds = |i: usize| {
            self.starts.get(i).is_some_and(|s| *s <= offset)
                && !matches!(self.starts.get(i + 1), Some(next) if *next <= offset)
        };
        let line_idx = if holds(hint) {
            hint
        } else if holds(hint + 1) {
            hint + 1
        } else {
            match self.starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            }
        };
        self.last_line.store(line_idx, Ordering::Relaxed);
        line_idx
    }

    /// An IR span for `start..end` of file `file` whose text is `text`.
    pub(crate) fn span(&self, file: usize, text: &str, start: usize, end: usize) -> Span {
        // Pest spans of rules with optional tails can end in whitespace; drop it.
        let end = text
            .get(start..end)
            .map(|s| start + s.trim_end().len())
            .unwrap_or(end);
        let (line, col) = self.line_col(text, start);
        Span {
            file,
            start,
            end,
            line,
            col,
        }
    }
}

/// Offsets just after each `\n` of `bytes`.
fn newline_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::{line_col, LineIndex, BLOCK};

    #[test]
    fn the_index_agrees_with_a_scan_from_the_start() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&"é".repeat(i * 7));
            text.push_str("ab\u{1F600}c");
            if i % 3 == 0 {
                text.push('\n');
            }
        }
        assert!(text.len() > 4 * BLOCK);
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            assert_eq!(
                index.line_col(&text, offset),
                line_col(&text, offset),
                "at {offset}"
            );
        }
        // Out of order too: the last-line hint must never stick.
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|o| text.is_char_boundary(*o))
            .collect();
        for (k, offset) in offsets.iter().rev().enumerate() {
            let offset = if k % 2 == 0 { *offset } else { offsets[k] };
            assert_eq!(
                index.line_col(&text, offset),
                line_col(&text, offset),
                "at {offset}"
            );
        }
        let ascii = "ab\ncd\n\nxyz";
        let index = LineIndex::new(ascii);
        for offset in (0..=ascii.len() + 2).chain((0..=ascii.len()).rev()) {
            assert_eq!(index.line_col(ascii, offset), line_col(ascii, offset));
        }
    }
}
