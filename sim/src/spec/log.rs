//! What the simulated module received and what it could not answer, shared
//! with the test or tool that started it.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

/// Most entries of each kind kept (older ones are dropped).
const MAX_LOG: usize = 4096;

#[derive(Default)]
struct Inner {
    commands: Vec<String>,
    data: Vec<Vec<u8>>,
    problems: Vec<String>,
}

/// The module's log: command lines (as received, secrets included: this is
/// the module's side of the line, kept for tests only and never printed by
/// `Debug`), data entries, and the problems it met answering.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Inner>>);

impl fmt::Debug for Log {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.lock();
        f.debug_struct("Log")
            .field("commands", &inner.commands.len())
            .field("data", &inner.data.len())
            .field("problems", &inner.problems)
            .finish()
    }
}

fn push<T>(list: &mut Vec<T>, item: T) {
    if list.len() >= MAX_LOG {
        list.remove(0);
    }
    list.push(item);
}

impl Log {
    /// Every command line received, in order (without CR).
    pub fn commands(&self) -> Vec<String> {
        self.lock().commands.clone()
    }

    /// Every finished data entry, in order.
    pub fn data(&self) -> Vec<Vec<u8>> {
        self.lock().data.clone()
    }

    /// What the module could not answer as the spec says (each was answered `ERROR`).
    pub fn problems(&self) -> Vec<String> {
        self.lock().problems.clone()
    }

    pub(crate) fn command(&self, line: &str) {
        push(&mut self.lock().commands, line.to_owned());
    }

    pub(crate) fn entry(&self, bytes: &[u8]) {
        push(&mut self.lock().data, bytes.to_vec());
    }

    pub(crate) fn problem(&self, text: String) {
        push(&mut self.lock().problems, text);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
