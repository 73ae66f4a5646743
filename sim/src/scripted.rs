//! A module that follows a script: each expected command line and its
//! answer, in order. Any other line is answered `ERROR` and recorded, so a
//! test sees exactly which bytes a host sent against a manual's flow.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::engine::{Mode, Personality, Reply};

/// How long after `OK` a scripted completion URC is sent.
const URC_DELAY: Duration = Duration::from_millis(20);

/// One step of a script.
#[derive(Debug)]
pub struct Step {
    /// The exact command line expected (without its CR).
    pub line: String,
    /// Lines answered at once (a final result among them).
    pub answer: Vec<String>,
    /// Lines sent shortly after the answer (completion URCs).
    pub later: Vec<String>,
    /// After a `> ` prompt, exactly this many bytes are taken, then `OK`.
    pub data: Option<usize>,
}

impl Step {
    /// `line` answered `OK`.
    pub fn ok(line: impl Into<String>) -> Self {
        Step::answer(line, &["OK"])
    }

    /// `line` answered with `answer` lines.
    pub fn answer(line: impl Into<String>, answer: &[&str]) -> Self {
        Step {
            line: line.into(),
            answer: answer.iter().map(|s| (*s).to_owned()).collect(),
            later: Vec::new(),
            data: None,
        }
    }

    /// `line` answered with a `> ` prompt; then exactly `len` bytes, answered `OK`.
    pub fn prompt_exact(line: impl Into<String>, len: usize) -> Self {
        Step {
            data: Some(len),
            ..Step::answer(line, &[])
        }
    }

    /// Adds a line sent after the answer.
    pub fn then(mut self, urc: impl Into<String>) -> Self {
        self.later.push(urc.into());
        self
    }
}

/// The scripted personality; `received` holds every command line in order.
#[derive(Debug, Default)]
pub struct Scripted {
    steps: VecDeque<Step>,
    /// Every command line received (shared with the test).
    pub received: Arc<Mutex<Vec<String>>>,
    /// Every data entry received, in order (shared with the test).
    pub data: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Scripted {
    /// A module that expects `steps` in order.
    pub fn new(steps: Vec<Step>) -> Self {
        Scripted {
            steps: steps.into(),
            received: Arc::default(),
            data: Arc::default(),
        }
    }
}

impl Personality for Scripted {
    fn command(&mut self, line: &str) -> Reply {
        if let Ok(mut log) = self.received.lock() {
            log.push(line.to_owned());
        }
        match self.steps.front() {
            Some(step) if step.line == line => {}
            _ => return Reply::error(),
        }
        let Some(step) = self.steps.pop_front() else {
            return Reply::error();
        };
        // One CRLF before the answer and one after each line, as a module
        // prints a text dump: a blank line in the answer stays a blank line.
        let mut reply = Reply::default();
        if !step.answer.is_empty() {
            reply.now.extend_from_slice(b"\r\n");
        }
        for line in &step.answer {
            reply.now.extend_from_slice(line.as_bytes());
            reply.now.extend_from_slice(b"\r\n");
        }
        for urc in step.later {
            reply.later(URC_DELAY, urc);
        }
        if let Some(len) = step.data {
            reply.now.extend_from_slice(b"\r\n> ");
            reply.mode = Mode::Exact(len);
        }
        reply
    }

    fn data(&mut self, bytes: Vec<u8>, _cancelled: bool) -> Reply {
        if let Ok(mut data) = self.data.lock() {
            data.push(bytes);
        }
        Reply::ok(&[])
    }
}
