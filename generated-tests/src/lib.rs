//! Test helpers shared by the dialects' example and negative tests.
//!
//! * [`examples`] reads the examples-file format of `dialects/examples/*.txt`
//!   (the manual's exchanges, transcribed; described in
//!   `docs/adding-a-dialect.md`).
//! * [`replay`] replays one exchange against a typed request of any dialect:
//!   the request encodes to the manual's line, claims the module's
//!   information lines, has the data phase the exchange shows, parses its
//!   response and completion, and leaves every other line to the URC parser.
//! * [`sections`] and [`whole_file`] run a whole examples file (or one of its
//!   sections) through [`replay`] and render a transcript for an insta
//!   snapshot.
//! * [`flows`] replays each example session whole through `Modem` over a
//!   real pseudo-terminal pair, against a scripted modem read from the file.
//! * [`wire`] and [`reject`] hold the small helpers the per-command and
//!   negative tests use.

pub mod build_check;
pub mod examples;
pub mod flows;
pub mod reject;
pub mod replay;
pub mod sections;
pub mod whole_file;
pub mod wire;
