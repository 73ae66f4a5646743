//! Splitting a pasted capture into lines: any line ending (CRLF, LF, CR),
//! leading timestamps and direction marks removed, blank lines dropped (they
//! carry nothing), host commands glued to modem output split off.

/// Who sent a line, when the capture says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Host to modem (`>>`, `TX:`, `-->`).
    Host,
    /// Modem to host (`<<`, `RX:`, `<--`).
    Modem,
}

/// One line of the capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// 1-based line number in the capture (after splitting on any line ending).
    pub no: usize,
    /// The text without marks, timestamp and line ending.
    pub text: String,
    /// The direction mark, if any.
    pub dir: Option<Direction>,
    /// This command was split off the end of the previous text (a lost line end).
    pub glued: bool,
}

/// The lines of `log`.
pub fn lines(log: &str) -> Vec<LogLine> {
    let mut out = Vec::new();
    let normalized = log.replace("\r\n", "\n").replace('\r', "\n");
    for (i, raw) in normalized.split('\n').enumerate() {
        let no = i + 1;
        let (dir, text) = strip_marks(raw);
        if text.trim().is_empty() {
            continue;
        }
        let text = text.trim_end_matches(' ');
        split_glued(no, dir, text, &mut out);
    }
    out
}

/// Splits `...OKAT+X=1` into `...OK` and `AT+X=1` (outside quotes only).
fn split_glued(no: usize, dir: Option<Direction>, text: &str, out: &mut Vec<LogLine>) {
    let mut quoted = false;
    let bytes = text.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i - 1] == b'"' {
            quoted = !quoted;
        }
        if !text.is_char_boundary(i) {
            continue;
        }
        let rest = &text[i..];
        let starts_cmd =
            rest.starts_with("AT+") && rest.as_bytes().get(3).is_some_and(u8::is_ascii_uppercase);
        if !quoted && starts_cmd {
            out.push(LogLine {
                no,
                text: text[..i].to_owned(),
                dir,
                glued: false,
            });
            out.push(LogLine {
                no,
                text: rest.to_owned(),
                dir: Some(Direction::Host),
                glued: true,
            });
            return;
        }
    }
    out.push(LogLine {
        no,
        text: text.to_owned(),
        dir,
        glued: false,
    });
}

/// Removes a leading timestamp and a direction mark (in either order).
fn strip_marks(raw: &str) -> (Option<Direction>, &str) {
    let s = strip_timestamp(raw.trim_start());
    let (dir, s) = strip_direction(s);
    let s = strip_timestamp(s);
    match dir {
        Some(d) => (Some(d), s),
        None => {
            let (d, s) = strip_direction(s);
            (d, s)
        }
    }
}

fn strip_direction(s: &str) -> (Option<Direction>, &str) {
    const MARKS: [(&str, Direction); 8] = [
        (">>", Direction::Host),
        ("<<", Direction::Modem),
        ("-->", Direction::Host),
        ("<--", Direction::Modem),
        ("TX:", Direction::Host),
        ("RX:", Direction::Modem),
        ("[TX]", Direction::Host),
        ("[RX]", Direction::Modem),
    ];
    for (mark, dir) in MARKS {
        if let Some(rest) = s.strip_prefix(mark) {
            return (Some(dir), rest.strip_prefix(' ').unwrap_or(rest));
        }
    }
    (None, s)
}

/// `[12:00:01.123] `, `12:00:01.123 `, `2024-05-01 12:00:01 `, `[  12.345] `.
fn strip_timestamp(s: &str) -> &str {
    if let Some(inner) = s.strip_prefix('[') {
        if let Some(end) = inner.find(']') {
            let stamp = &inner[..end];
            if !stamp.is_empty() && is_stamp(stamp.trim()) {
                return inner[end + 1..].trim_start();
            }
        }
        return s;
    }
    let mut rest = s;
    let mut stripped = false;
    while let Some((word, after)) = rest.split_once(' ') {
        if word.is_empty() || !is_stamp(word) || !(word.contains(':') || word.contains('-')) {
            break;
        }
        rest = after.trim_start();
        stripped = true;
    }
    if stripped {
        rest
    } else {
        s
    }
}

fn is_stamp(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b'-' | b'T' | b' ' | b','))
}
