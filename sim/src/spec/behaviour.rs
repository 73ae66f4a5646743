//! What a simulated module does beyond the spec: the hook a mail profile
//! (or any other behaviour) plugs into the generic spec-driven module.

use at_spec::ir::Dialect;
use atspec_interp::HostCommand;

use super::answer::Line;
use super::store::Settings;

/// What a behaviour adds to an accepted write or exec line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Action {
    /// Information lines instead of the ones the spec's response writes.
    pub response: Option<Vec<Line>>,
    /// Information lines sent before the final result.
    pub lines: Vec<Line>,
    /// The final result instead of `OK` (e.g. a vendor error line).
    pub final_line: Option<Vec<String>>,
    /// Values of the completion URC (field, value) instead of its success.
    pub completion: Option<Vec<(String, String)>>,
    /// The alternative of the completion URC to write.
    pub alternative: Option<String>,
    /// The form's `after chunks` transfer is wanted before the completion.
    pub want_chunks: bool,
    /// What the behaviour could not do as asked (logged by the module).
    pub problem: Option<String>,
}

/// A behaviour layered on the spec-driven module.
pub trait Behaviour: Send {
    /// Called once a write or exec line was accepted and stored.
    fn on_action(
        &mut self,
        dialect: &Dialect,
        cmd: &HostCommand<'_>,
        settings: &mut Settings,
    ) -> Action;

    /// Called when an `after chunks` transfer ended with these bytes; the
    /// returned action's completion values report the outcome.
    fn on_chunks_done(
        &mut self,
        dialect: &Dialect,
        command: &str,
        bytes: Vec<u8>,
        settings: &mut Settings,
    ) -> Action;

    /// Called when a data phase of `command` ended with these bytes (already stored).
    fn on_data(&mut self, _dialect: &Dialect, _command: &str, _settings: &mut Settings) {}

    /// Called when a fault script makes the completion of this line of
    /// `command` report a failure: what the completion reports must not
    /// happen (a mail sender delivers nothing).
    fn on_injected_failure(&mut self, _command: &str) {}
}

/// No behaviour: the generic module.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generic;

impl Behaviour for Generic {
    fn on_action(&mut self, _: &Dialect, _: &HostCommand<'_>, _: &mut Settings) -> Action {
        Action::default()
    }

    fn on_chunks_done(&mut self, _: &Dialect, _: &str, _: Vec<u8>, _: &mut Settings) -> Action {
        Action::default()
    }
}
