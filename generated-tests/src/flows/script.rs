//! The modem's side of an example session, read from the examples file.
//!
//! [`moves`] turns the exchanges of a section into what a module does on the
//! line, in the printed order: read each command line and each piece of host
//! data (checked byte for byte), write each line it sends. [`play`] runs the
//! moves on the far end of a pseudo-terminal pair. Nothing here knows a
//! dialect: the same script drives every manual's examples.
//!
//! Wire form of the file's items:
//!
//! * `> line`: the host sends `line` and CR;
//! * `< line` and `<~ line`: the module sends CR LF, `line`, CR LF (V.250
//!   verbose framing); `< >` is the prompt `CR LF > ` (no line end);
//! * a run of `<<` lines: their bytes joined with LF, sent as they are (a
//!   counted payload, or free text whose last line the next `< ` line's CR LF
//!   ends); `<N bytes ...>` stands for N filler bytes;
//! * what the module sends between two reads goes out in one write.
//! * `>> text`: the bytes of `text` (a placeholder's N filler bytes), with a
//!   final `<CTRL-Z>` as byte 0x1A and `<ESC>` as 0x1B.

use super::pty::ModemEnd;
use crate::examples::{data_bytes, Exchange, Item};

/// One thing the scripted modem does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// Read one command line (up to CR) and check it.
    ExpectLine {
        /// The line without CR.
        line: String,
        /// Where the file has it, for messages.
        here: String,
    },
    /// Read exactly these data bytes and check them.
    ExpectData {
        /// The bytes.
        bytes: Vec<u8>,
        /// Where the file has them, for messages.
        here: String,
    },
    /// Write these bytes.
    Send(Vec<u8>),
}

/// The moves of the module for `exchanges`, in wire order.
pub fn moves(exchanges: &[Exchange]) -> Vec<Move> {
    let mut out = Vec::new();
    for exchange in exchanges {
        let here = exchange.here();
        out.push(Move::ExpectLine {
            line: exchange.line.clone(),
            here: here.clone(),
        });
        let mut raw: Vec<Vec<u8>> = Vec::new();
        for item in &exchange.items {
            if !matches!(item, Item::Raw(_)) && !raw.is_empty() {
                out.push(Move::Send(std::mem::take(&mut raw).join(&b'\n')));
            }
            match item {
                Item::Raw(text) => raw.push(data_bytes(text)),
                Item::Module(line) if line == ">" => out.push(Move::Send(b"\r\n> ".to_vec())),
                Item::Module(line) | Item::Unsolicited(line) => {
                    out.push(Move::Send(format!("\r\n{line}\r\n").into_bytes()))
                }
                Item::HostData(text) => out.push(Move::ExpectData {
                    bytes: host_wire_bytes(text),
                    here: here.clone(),
                }),
            }
        }
        if !raw.is_empty() {
            out.push(Move::Send(raw.join(&b'\n')));
        }
    }
    merge_sends(out)
}

/// Joins consecutive sends into one write: a module streams what it has to
/// say without waiting for the host to read each line.
fn merge_sends(moves: Vec<Move>) -> Vec<Move> {
    let mut out: Vec<Move> = Vec::with_capacity(moves.len());
    for step in moves {
        match (out.last_mut(), step) {
            (Some(Move::Send(last)), Move::Send(more)) => last.extend(more),
            (_, step) => out.push(step),
        }
    }
    out
}

/// The bytes a `>>` text puts on the wire.
pub fn host_wire_bytes(text: &str) -> Vec<u8> {
    let (body, control) = split_control(text);
    let mut bytes = data_bytes(body);
    bytes.extend(control);
    bytes
}

/// The data the host hands to the runtime for the `>>` items of
/// `exchanges`: their bytes in order, without the final Ctrl-Z / ESC (the
/// runtime sends those) and without an item that is exactly `escape` (the
/// runtime sends the escape sequence that ends a CONNECT phase itself).
pub fn host_payload(exchanges: &[Exchange], escape: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for exchange in exchanges {
        for item in &exchange.items {
            if let Item::HostData(text) = item {
                if escape.is_some_and(|e| e == text.as_bytes()) {
                    continue;
                }
                out.extend(data_bytes(split_control(text).0));
            }
        }
    }
    out
}

/// Splits a final `<CTRL-Z>` or `<ESC>` off a `>>` text.
fn split_control(text: &str) -> (&str, Option<u8>) {
    if let Some(body) = text.strip_suffix("<CTRL-Z>") {
        (body, Some(0x1a))
    } else if let Some(body) = text.strip_suffix("<ESC>") {
        (body, Some(0x1b))
    } else {
        (text, None)
    }
}

/// Runs `moves` on the modem's end of the line; panics on the first byte
/// the host sends that the file does not show.
pub fn play(end: &mut ModemEnd, moves: &[Move]) {
    for step in moves {
        match step {
            Move::ExpectLine { line, here } => {
                let got = end.read_command();
                assert_eq!(&got, line, "{here}: the host sent another command line");
            }
            Move::ExpectData { bytes, here } => {
                let got = end.read_exact(bytes.len());
                assert!(
                    &got == bytes,
                    "{here}: the host sent other data: got {:?}, the file shows {:?}",
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(bytes)
                );
            }
            Move::Send(bytes) => end.send_taken(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::ExamplesFile;

    fn exchanges(text: &str) -> Vec<Exchange> {
        let file = ExamplesFile::parse_or_panic(&format!("## 1 T\n{text}"));
        file.sections[0].exchanges.clone()
    }

    fn expect(line: &str, at: usize) -> Move {
        Move::ExpectLine {
            line: line.into(),
            here: format!("line {at}: {line}"),
        }
    }

    fn send(bytes: &str) -> Move {
        Move::Send(bytes.as_bytes().to_vec())
    }

    #[test]
    fn lines_prompts_and_data_in_wire_order() {
        let ex = exchanges("> AT+B\n< >\n>> Hi<CTRL-Z>\n< OK\n<~ +B: 1\n");
        assert_eq!(
            moves(&ex),
            vec![
                expect("AT+B", 2),
                send("\r\n> "),
                Move::ExpectData {
                    bytes: b"Hi\x1a".to_vec(),
                    here: "line 2: AT+B".into()
                },
                send("\r\nOK\r\n\r\n+B: 1\r\n"),
            ]
        );
        assert_eq!(host_payload(&ex, None), b"Hi");
    }

    #[test]
    fn raw_lines_are_joined_with_lf_and_placeholders_filled() {
        let ex = exchanges("> AT+R\n< +R: 5\n<< ab\n<< c\n< OK\n> AT+H\n<< <3 bytes>\n");
        let all = moves(&ex);
        assert_eq!(all[1], send("\r\n+R: 5\r\nab\nc\r\nOK\r\n"));
        assert_eq!(all[3], send("..."));
    }

    #[test]
    fn the_escape_sequence_is_left_to_the_runtime() {
        let ex = exchanges("> AT+C\n< CONNECT\n>> <2 bytes>\n>> +++\n< +C: 2\n");
        assert_eq!(host_payload(&ex, Some(b"+++")), b"..");
        assert_eq!(host_payload(&ex, None), b"..+++");
        assert_eq!(host_wire_bytes("+++"), b"+++");
        assert_eq!(host_wire_bytes("x<ESC>"), b"x\x1b");
    }
}
