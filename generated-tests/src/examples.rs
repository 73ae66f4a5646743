//! The examples-file format: a manual's printed exchanges, one item a line.
//!
//! ```text
//! # comment (anywhere)
//! ## 3.2 Send an Email        a section: its id is the first word
//! > AT+SMTPBODY               command line the host sends (CR implied)
//! < >                         line the module sends for the command: information
//!                             line, `>` prompt, CONNECT, data-phase result, OK
//! >> Hello<CTRL-Z>            data the host sends in a data phase
//! << text                     raw bytes from the module (counted payload or free text);
//!                             several `<<` lines are joined with LF
//! <~ +SMTPSEND: 1             a line the module sends unasked: a URC, or the
//!                             command's completion after the final result
//! ! erratum: ...              note on the exchange above; `! not in this dialect ...`
//!                             marks a command of another manual
//! -                           separator between exchanges (optional)
//! ```
//!
//! In `>>` and `<<` lines, `<N bytes ...>` stands for N bytes the manual does
//! not print. The full description is in `docs/adding-a-dialect.md`.

use std::fmt;

/// The note text that marks an exchange as a command of another manual.
pub const FOREIGN_MARK: &str = "not in this dialect";

/// One item recorded after a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `< line`: a line the module sends for the command.
    Module(String),
    /// `<< text`: raw bytes the module sends (one line of them).
    Raw(String),
    /// `<~ line`: a line the module sends unasked.
    Unsolicited(String),
    /// `>> text`: data the host sends in a data phase.
    HostData(String),
}

/// A command line and everything recorded after it up to the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The command line, without `> ` and without CR.
    pub line: String,
    /// The items after it, in wire order.
    pub items: Vec<Item>,
    /// The `!` notes on this exchange.
    pub notes: Vec<String>,
    /// Line number (1-based) of the command line in the examples file.
    pub source_line: usize,
}

impl Exchange {
    /// Whether a note marks the command as belonging to another manual.
    pub fn is_foreign(&self) -> bool {
        self.notes.iter().any(|n| n.contains(FOREIGN_MARK))
    }

    /// `line N: <command line>`, for assertion messages.
    pub fn here(&self) -> String {
        format!("line {}: {}", self.source_line, self.line)
    }
}

/// A `## ` section of an examples file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading after `## `, e.g. `3.2 Send an Email`.
    pub heading: String,
    /// The exchanges of the section, in order.
    pub exchanges: Vec<Exchange>,
}

impl Section {
    /// The section id: the first word of the heading (`3.2`).
    pub fn id(&self) -> &str {
        self.heading.split_whitespace().next().unwrap_or_default()
    }
}

/// A parsed examples file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExamplesFile {
    /// The sections, in file order.
    pub sections: Vec<Section>,
}

/// A line of an examples file that does not follow the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// Line number, 1-based.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "examples file line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FormatError {}

/// What one line of the file is.
enum Entry<'a> {
    Skip,
    Heading(&'a str),
    Command(&'a str),
    Item(Item),
    Note(&'a str),
}

/// Classifies one line (markers with a longer prefix first).
fn classify(text: &str) -> Result<Entry<'_>, String> {
    if text.trim().is_empty() || text == "-" {
        return Ok(Entry::Skip);
    }
    if let Some(heading) = text.strip_prefix("## ") {
        return Ok(Entry::Heading(heading.trim()));
    }
    if text.starts_with("##") {
        return Err(format!(
            "`{text}`: write a section heading as `## <id> <title>`"
        ));
    }
    if text.starts_with('#') {
        return Ok(Entry::Skip);
    }
    if let Some(data) = text.strip_prefix(">>") {
        return Ok(Entry::Item(Item::HostData(strip_one_space(data))));
    }
    if let Some(line) = text.strip_prefix("> ") {
        return Ok(Entry::Command(line));
    }
    if let Some(line) = text.strip_prefix("<~ ") {
        return Ok(Entry::Item(Item::Unsolicited(line.to_owned())));
    }
    if let Some(raw) = text.strip_prefix("<<") {
        return Ok(Entry::Item(Item::Raw(strip_one_space(raw))));
    }
    if let Some(line) = text.strip_prefix("< ") {
        return Ok(Entry::Item(Item::Module(line.to_owned())));
    }
    if let Some(note) = text.strip_prefix("! ") {
        return Ok(Entry::Note(note));
    }
    Err(format!(
        "`{text}` starts with no marker; use one of `## `, `#`, `> `, `>> `, `< `, `<< `, `<~ `, `! `, `-`"
    ))
}

fn strip_one_space(text: &str) -> String {
    text.strip_prefix(' ').unwrap_or(text).to_owned()
}

impl ExamplesFile {
    /// Parses the text of an examples file.
    pub fn parse(text: &str) -> Result<Self, FormatError> {
        let mut sections: Vec<Section> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let error = |message: String| FormatError { line, message };
            match classify(raw).map_err(error)? {
                Entry::Skip => {}
                Entry::Heading(heading) => {
                    if heading.is_empty() {
                        return Err(error("a `## ` heading needs a section id".into()));
                    }
                    sections.push(Section {
                        heading: heading.to_owned(),
                        exchanges: Vec::new(),
                    });
                }
                Entry::Command(command) => {
                    let Some(section) = sections.last_mut() else {
                        return Err(error(format!(
                            "`> {command}` comes before the first `## ` section heading"
                        )));
                    };
                    section.exchanges.push(Exchange {
                        line: command.to_owned(),
                        items: Vec::new(),
                        notes: Vec::new(),
                        source_line: line,
                    });
                }
                Entry::Item(item) => {
                    let Some(exchange) = last_exchange(&mut sections) else {
                        return Err(error(format!(
                            "{item:?} comes before the section's first `> ` command line"
                        )));
                    };
                    exchange.items.push(item);
                }
                Entry::Note(note) => {
                    let Some(exchange) = last_exchange(&mut sections) else {
                        return Err(error(format!(
                            "note `{note}` comes before the section's first `> ` command line"
                        )));
                    };
                    exchange.notes.push(note.to_owned());
                }
            }
        }
        Ok(Self { sections })
    }

    /// Parses `text`, panicking with the format error (for tests).
    pub fn parse_or_panic(text: &str) -> Self {
        Self::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The only section whose id is `id`, if there is exactly one.
    pub fn section(&self, id: &str) -> Option<&Section> {
        let mut found = self.sections.iter().filter(|s| s.id() == id);
        match (found.next(), found.next()) {
            (Some(section), None) => Some(section),
            _ => None,
        }
    }

    /// Every exchange of the file with its section, in file order.
    pub fn exchanges(&self) -> impl Iterator<Item = (&Section, &Exchange)> {
        self.sections
            .iter()
            .flat_map(|s| s.exchanges.iter().map(move |e| (s, e)))
    }
}

/// The exchange the next item or note belongs to.
fn last_exchange(sections: &mut [Section]) -> Option<&mut Exchange> {
    sections.last_mut()?.exchanges.last_mut()
}

/// If `text` is a placeholder `<N bytes ...>` for bytes the manual does not
/// print, N.
pub fn placeholder_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('<')?.strip_suffix('>')?;
    let (count, rest) = inner.split_once(' ')?;
    if !rest.starts_with("bytes") {
        return None;
    }
    count.parse().ok()
}

/// The bytes a `>>` or `<<` text stands for: a placeholder's N filler bytes,
/// otherwise the text itself.
pub fn data_bytes(text: &str) -> Vec<u8> {
    match placeholder_len(text) {
        Some(n) => vec![b'.'; n],
        None => text.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# a comment
## 1.1 First
> AT+A=1
< +A: 1
< OK
! erratum: printed as AT+B.
-
> AT+X
< OK
! not in this dialect (general manual).
## 1.2 Second
> AT+C
< >
>> text<CTRL-Z>
<< <3 bytes elided>
<<
<~ +C: 0
";

    #[test]
    fn reads_sections_exchanges_items_and_notes() {
        let file = ExamplesFile::parse(SAMPLE).unwrap();
        assert_eq!(file.sections.len(), 2);
        let first = file.section("1.1").unwrap();
        assert_eq!(first.heading, "1.1 First");
        assert_eq!(first.exchanges[0].line, "AT+A=1");
        assert_eq!(first.exchanges[0].source_line, 3);
        assert_eq!(
            first.exchanges[0].items,
            vec![Item::Module("+A: 1".into()), Item::Module("OK".into())]
        );
        assert!(!first.exchanges[0].is_foreign());
        assert!(first.exchanges[1].is_foreign());
        let second = &file.section("1.2").unwrap().exchanges[0];
        assert_eq!(
            second.items,
            vec![
                Item::Module(">".into()),
                Item::HostData("text<CTRL-Z>".into()),
                Item::Raw("<3 bytes elided>".into()),
                Item::Raw(String::new()),
                Item::Unsolicited("+C: 0".into()),
            ]
        );
        assert_eq!(file.exchanges().count(), 3);
    }

    #[test]
    fn rejects_lines_without_a_marker_or_out_of_place() {
        let err = ExamplesFile::parse("## 1 S\n> AT\nOK\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.to_string().contains("no marker"), "{err}");
        let err = ExamplesFile::parse("> AT\n").unwrap_err();
        assert!(err.message.contains("section heading"), "{err}");
        let err = ExamplesFile::parse("## 1 S\n< OK\n").unwrap_err();
        assert!(err.message.contains("command line"), "{err}");
        let err = ExamplesFile::parse("## 1 S\n! note\n").unwrap_err();
        assert!(err.message.contains("command line"), "{err}");
    }

    #[test]
    fn section_ids_must_be_unique_to_be_found() {
        let file = ExamplesFile::parse("## 2 A\n> AT+A\n## 2 B\n> AT+B\n").unwrap();
        assert!(file.section("2").is_none());
        assert!(file.section("3").is_none());
    }

    #[test]
    fn placeholders_stand_for_unprinted_bytes() {
        assert_eq!(placeholder_len("<100 bytes>"), Some(100));
        assert_eq!(placeholder_len("<1460 bytes of the answer>"), Some(1460));
        assert_eq!(placeholder_len("<FromAddr@server.com>"), None);
        assert_eq!(placeholder_len("From: <a@b.c>"), None);
        assert_eq!(data_bytes("<3 bytes>"), b"...");
        assert_eq!(data_bytes("abc"), b"abc");
    }
}
