//! A completion still due after its command ended ([`crate::Modem::start`]).
//!
//! The command's response has been taken; its completion URC may come at any
//! time, while the line is idle or while another command runs. Until it has
//! come, every line with one of its prefixes is checked first: a progress
//! line (not final for the command) is a URC, the first final line is kept
//! for the waiter — or, once the wait was abandoned, routed as a URC (typed
//! if the dialect declares it). Either way it is never another command's.

use std::fmt;

use super::has_prefix;

/// Whether a completion line ends the wait (the command's
/// [`crate::Command::completion_is_final`]).
pub type IsFinal = Box<dyn Fn(&str) -> bool + Send>;

/// The completion the router keeps lines for.
pub(super) struct Outstanding {
    prefixes: &'static [&'static str],
    is_final: IsFinal,
    abandoned: bool,
    /// The final line, once it has come (never set once abandoned).
    line: Option<String>,
}

impl fmt::Debug for Outstanding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outstanding")
            .field("prefixes", &self.prefixes)
            .field("abandoned", &self.abandoned)
            .field("arrived", &self.line.is_some())
            .finish_non_exhaustive()
    }
}

/// What the router does with a line the outstanding completion looked at.
pub(super) enum Take {
    /// Not the completion's: route it as usual.
    Pass,
    /// The completion's progress: a URC.
    Urc,
    /// Its final line after the wait was abandoned: a URC, and the
    /// completion is over.
    Last,
    /// Kept as the completion's final line.
    Kept,
}

impl Outstanding {
    pub(super) fn new(prefixes: &'static [&'static str], is_final: IsFinal) -> Self {
        Outstanding {
            prefixes,
            is_final,
            abandoned: false,
            line: None,
        }
    }

    /// The prefixes still watched (none once the final line has come).
    pub(super) fn watched(&self) -> Option<&'static [&'static str]> {
        self.line.is_none().then_some(self.prefixes)
    }

    pub(super) fn abandoned(&self) -> bool {
        self.abandoned
    }

    /// Decides what `line` is to the completion; keeps it if final.
    pub(super) fn offer(&mut self, line: &str) -> Take {
        if self.line.is_some() || !self.prefixes.iter().any(|p| has_prefix(line, p)) {
            return Take::Pass;
        }
        if !(self.is_final)(line) {
            return Take::Urc;
        }
        if self.abandoned {
            return Take::Last;
        }
        self.line = Some(line.to_owned());
        Take::Kept
    }

    /// Marks the wait abandoned; hands back a final line that has already
    /// come (it is to be routed as a URC now).
    pub(super) fn abandon(&mut self) -> Option<String> {
        self.abandoned = true;
        self.line.take()
    }

    /// The final line, if it has come.
    pub(super) fn take_line(&mut self) -> Option<String> {
        self.line.take()
    }

    /// Whether the final line has come and waits to be taken.
    pub(super) fn arrived(&self) -> bool {
        self.line.is_some()
    }
}
