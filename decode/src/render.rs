//! The report for people: one block per exchange, aligned columns
//! (line number, kind, the line as captured, what it means), problems under
//! their exchange, and a one-line summary.

use std::fmt::Write;

use anstyle::{AnsiColor, Style as Ansi};

use crate::report::{Entry, Exchange, Field, Kind, Report};

/// Output options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// Write ANSI colours.
    pub color: bool,
}

/// The widest text column (longer lines overflow it).
const TEXT_WIDTH: usize = 44;

/// Renders `report` for people.
pub fn render(report: &Report, style: Style) -> String {
    let num_w = report
        .exchanges
        .iter()
        .flat_map(|e| e.lines.iter())
        .map(|l| l.line.to_string().len())
        .max()
        .unwrap_or(1);
    let text_w = report
        .exchanges
        .iter()
        .flat_map(|e| e.lines.iter())
        .map(|l| shown(&l.text).chars().count())
        .max()
        .unwrap_or(0)
        .min(TEXT_WIDTH);
    let mut out = String::new();
    for e in &report.exchanges {
        exchange(&mut out, e, style, num_w, text_w);
    }
    let s = report.summary();
    let verdict = if s.problems == 0 {
        paint(style, ok(), "no problems")
    } else {
        paint(
            style,
            bad(),
            &format!("{} problem{}", s.problems, plural(s.problems)),
        )
    };
    let _ = writeln!(
        out,
        "{} command{}, {} line{} ({} unrecognised), {} URC{}: {verdict}",
        s.commands,
        plural(s.commands),
        s.lines,
        plural(s.lines),
        s.unrecognised,
        s.urcs,
        plural(s.urcs),
    );
    out
}

fn exchange(out: &mut String, e: &Exchange, style: Style, num_w: usize, text_w: usize) {
    match &e.command {
        Some(c) => {
            let doc = if c.doc.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.doc)
            };
            let head = format!("AT+{} {}{doc}", c.name, c.form);
            let head = if c.form == "basic" {
                format!("{} (basic command){doc}", c.name)
            } else {
                head
            };
            let _ = writeln!(
                out,
                "{}",
                paint(style, Ansi::new().bold(), &format!("── {head}"))
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                paint(style, Ansi::new().bold(), "── before the first command")
            );
        }
    }
    for l in &e.lines {
        entry(out, l, style, num_w, text_w);
    }
    for p in &e.problems {
        let _ = writeln!(
            out,
            "{:>num_w$}  {}",
            "!",
            paint(style, bad(), &format!("problem: {}", escaped(&p.message)))
        );
    }
}

fn entry(out: &mut String, l: &Entry, style: Style, num_w: usize, text_w: usize) {
    let text = shown(&l.text);
    let pad = text_w.saturating_sub(text.chars().count());
    let kind_style = match l.kind {
        Kind::Unrecognised => bad(),
        Kind::Command => Ansi::new().bold(),
        Kind::Urc | Kind::Completion => Ansi::new().fg_color(Some(AnsiColor::Cyan.into())),
        Kind::Final if l.name == "OK" => ok(),
        Kind::Final | Kind::ErrorLine => Ansi::new().fg_color(Some(AnsiColor::Yellow.into())),
        _ => Ansi::new().dimmed(),
    };
    let kind = paint(style, kind_style, &format!("{:<9}", l.kind.word()));
    let meaning = meaning(l);
    let row = if meaning.is_empty() {
        format!("{:>num_w$}  {kind} {text}", l.line)
    } else {
        format!(
            "{:>num_w$}  {kind} {text}{}  {meaning}",
            l.line,
            " ".repeat(pad)
        )
    };
    let _ = writeln!(out, "{row}");
}

/// What the line means, in words.
fn meaning(l: &Entry) -> String {
    let mut parts: Vec<String> = Vec::new();
    let named = !matches!(
        l.kind,
        Kind::Command | Kind::Final | Kind::Prompt | Kind::Connect
    );
    if !l.name.is_empty() && named {
        parts.push(l.name.clone());
    }
    if !l.fields.is_empty() {
        parts.push(fields(&l.fields));
    }
    if !l.note.is_empty() && l.kind != Kind::Command {
        parts.push(escaped(&l.note));
    }
    parts.join("  ")
}

fn fields(fields: &[Field]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| format!("{}={}", f.name, escaped(&f.display)))
        .collect();
    parts.join(" ")
}

/// Longest text shown whole; longer lines show their start and their length.
const LONG: usize = 72;

/// Control characters (Ctrl-Z, ESC ...) shown by name, never sent to the
/// terminal; long lines cut with their length.
fn shown(text: &str) -> String {
    if text.chars().count() > LONG {
        let head: String = text.chars().take(40).collect();
        return format!("{}… ({} bytes)", escaped(&head), text.len());
    }
    escaped(text)
}

fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{1a}' => String::from("<CTRL-Z>"),
            '\u{1b}' => String::from("<ESC>"),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn paint(style: Style, ansi: Ansi, text: &str) -> String {
    if style.color {
        format!("{}{text}{}", ansi.render(), ansi.render_reset())
    } else {
        text.to_owned()
    }
}

fn ok() -> Ansi {
    Ansi::new().fg_color(Some(AnsiColor::Green.into()))
}

fn bad() -> Ansi {
    Ansi::new().fg_color(Some(AnsiColor::Red.into())).bold()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
