//! An answer being put together: information lines, the final result, what
//! follows it, and what comes later; turned into the engine's [`Reply`].

use std::time::Duration;

use crate::engine::{Mode, Reply};

use super::answer::Line;

/// An answer under construction.
#[derive(Debug, Default)]
pub struct Answer {
    /// Lines sent before everything else (a URC burst).
    pub before: Vec<String>,
    /// Information lines.
    pub lines: Vec<Line>,
    /// The final result (`OK`, `ERROR`, an error line and `ERROR`); empty
    /// when the command has not ended yet (data phase).
    pub last: Vec<String>,
    /// Lines after the final result (`CONNECT` after `OK`).
    pub after: Vec<String>,
    /// Raw bytes at the very end (a `> ` prompt).
    pub prompt: Vec<u8>,
    /// Lines sent later.
    pub later: Vec<(Duration, String)>,
    /// Input mode afterwards.
    pub mode: Mode,
    /// Echo change.
    pub echo: Option<bool>,
}

impl Answer {
    /// A bare final result.
    pub fn fin(line: &str) -> Self {
        Answer {
            last: vec![line.to_owned()],
            ..Answer::default()
        }
    }

    /// Information lines then `OK`.
    pub fn ok(lines: Vec<Line>) -> Self {
        Answer {
            lines,
            ..Answer::fin("OK")
        }
    }

    /// Loses the first information line, else the final result.
    pub fn drop_line(&mut self) {
        if self.lines.is_empty() {
            self.last.clear();
        } else {
            self.lines.remove(0);
        }
    }

    /// The bytes and schedule for the engine.
    pub fn into_reply(self) -> Reply {
        let mut reply = Reply::default();
        for line in &self.before {
            reply.line(line);
        }
        for line in &self.lines {
            reply.line(&line.text);
            reply.now.extend_from_slice(&line.raw);
        }
        for line in self.last.iter().chain(&self.after) {
            reply.line(line);
        }
        reply.now.extend_from_slice(&self.prompt);
        reply.later = self.later;
        reply.mode = self.mode;
        reply.echo = self.echo;
        reply
    }
}
