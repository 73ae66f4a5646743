//! What the simulated module keeps between command lines: every write of each
//! command (and sub-command key), with the data entered after it.

use std::collections::HashMap;

use at_spec::ir::Literal;
use atspec_interp::{lit_text, NamedValue, Value};

/// Most writes kept per command and key (older ones are forgotten, as a
/// module's table of recipients or attachments is bounded).
pub const MAX_ENTRIES: usize = 64;

/// One write (or exec) of a command, and the data entered after it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// The parameters as read against the spec (left off ones are absent).
    pub params: Vec<NamedValue>,
    /// Bytes of the data phase that followed, once it ended.
    pub data: Option<Vec<u8>>,
}

impl Entry {
    /// The value of parameter `name`, if given.
    pub fn get(&self, name: &str) -> Option<&Value> {
        atspec_interp::lookup(&self.params, name).filter(|v| !v.is_absent())
    }
}

/// The settings of a simulated module, by command name and key.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    entries: HashMap<String, Vec<Entry>>,
}

/// The store's key of a command and sub-command key.
pub fn slot(command: &str, key: Option<&Literal>) -> String {
    match key {
        Some(k) => format!("{}={}", command.to_ascii_uppercase(), lit_text(k)),
        None => command.to_ascii_uppercase(),
    }
}

impl Settings {
    /// Records a write of `slot`.
    pub fn record(&mut self, slot: String, params: Vec<NamedValue>) {
        let list = self.entries.entry(slot).or_default();
        if list.len() >= MAX_ENTRIES {
            list.remove(0);
        }
        list.push(Entry { params, data: None });
    }

    /// Attaches data-phase bytes to the latest write of `slot`.
    pub fn attach(&mut self, slot: &str, data: Vec<u8>) {
        if let Some(entry) = self.entries.get_mut(slot).and_then(|l| l.last_mut()) {
            entry.data = Some(data);
        }
    }

    /// The latest write of `slot`.
    pub fn last(&self, slot: &str) -> Option<&Entry> {
        self.entries.get(slot).and_then(|l| l.last())
    }

    /// Every kept write of `slot`, oldest first.
    pub fn all(&self, slot: &str) -> &[Entry] {
        self.entries.get(slot).map_or(&[], Vec::as_slice)
    }

    /// Forgets every write of `slot`.
    pub fn clear(&mut self, slot: &str) {
        self.entries.remove(slot);
    }

    /// Forgets everything (a reboot, a "clear all settings" command).
    pub fn clear_all(&mut self) {
        self.entries.clear();
    }
}
