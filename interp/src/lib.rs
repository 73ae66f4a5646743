//! A strict interpreter of an atspec dialect, driven by the validated IR
//! (`at_spec::ir::Dialect`): any `.atspec` works without generated code.
//!
//! * [`parse_command`]: a host command line (`AT+X=...`, `AT+X?`, `AT+X=?`,
//!   `AT+X`) into its command, form and named, typed parameters, validated
//!   exactly as the generated constructors validate (ranges, lengths,
//!   classes, quoting, optional groups, rules); refusals name the field.
//! * [`match_line`] / [`match_shape`]: a modem line against a response or URC
//!   shape, strictly (a line that matches only by dropping fields is a
//!   [`Mismatch::Extra`], never a match); [`match_urc`], [`final_result`],
//!   [`error_line`] for the dialect's URCs, final results and error lines.
//! * [`format_line`]: a response or URC line from named values, quoted as the
//!   wire rule says (for simulators).
//! * [`Value`]: typed values; secrets print `***` in `Display` and `Debug`.
//!
//! Everything is linear in the length of the line and the size of the spec;
//! nothing panics on any input.

mod classify;
mod command;
mod format;
mod line;
mod params;
mod success;
mod typed;
mod value;

pub use classify::{
    connect, error_line, final_result, is_prompt, match_urc, ErrorCode, Final, UrcMatch,
};
pub use command::{
    kind_word, parse_command, redact_line, split_command, CommandError, HostCommand,
};
pub use format::{format_line, FormatError};
pub use line::{match_line, match_shape, shape_prefixes, Follows, Matched, Mismatch};
pub use params::rule_text;
pub use success::succeeded;
pub use typed::{code_value, describe, is_secret, lit_text, Problem};
pub use value::{display_list, lookup, NamedValue, Value};
