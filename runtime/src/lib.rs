//! The atspec runtime: a thin, blocking executor for generated AT commands.
//!
//! Layers, bottom up:
//! - [`framer`]: sans-io bytes → lines, `>` prompts and counted payloads,
//!   whatever the read boundaries;
//! - [`router`]: sans-io routing of every frame to the command in flight
//!   (by its [`Command::claim`]), to its data phase or completion, or to the
//!   URC stream — an async front end can drive it as well;
//! - [`modem`]: the blocking executor ([`Modem`]) over a serial device, a tty
//!   (e.g. one end of `serialport::TTYPort::pair()`), or any `Read`/`Write`.
//!
//! Cargo feature `serial` (on by default) brings the serial-port driver
//! (`serialport`, with nix, bitflags 1 and unescaper) and what needs it:
//! `Modem::open`, `Modem::from_tty`, `Modem::from_serial` and
//! `Error::Open`. With `default-features = false` the runtime has no port
//! driver (like atat, which is sans-io) and a [`Modem`] runs over any byte
//! stream through [`Modem::new`].
//!
//! ```ignore
//! // `sim900` is a generated dialect module (see docs/generated-code.md).
//! let (mut modem, urcs) = Modem::<sim900::Dialect>::open("/dev/ttyUSB0", 115_200)?;
//! modem.send(&sim900::SmtpsrvWrite::new("mail.example.com", Some(25))?)?;
//! modem.send_data(&sim900::SmtpbodyExec, std::fs::File::open("body.txt")?)?;
//! let sent = modem.send(&sim900::SmtpsendExec)?;          // waits for +SMTPSEND
//! println!("{:?}", sent.outcome);
//! for urc in urcs.try_iter() { println!("{urc:?}"); }     // URCs, any time
//! ```
//!
//! A command whose completion the host may give up on (sim52xx `AT+SMTPSEND`,
//! aborted with `AT+SMTPSTOP`) is [`Modem::start`]ed instead: the response
//! comes back as a [`Pending`], the completion is waited for or abandoned.
//! While it is due, the modem refuses a command that could take one of its
//! lines (its prefix in that command's answer, completion or data phase);
//! an abandoned completion that comes later is a URC, never another
//! command's answer:
//!
//! ```ignore
//! let pending = modem.start(&sim52xx::SmtpsendExec)?;   // `+SMTP: OK`, `OK`
//! if user_cancelled() {
//!     modem.send(&sim52xx::SmtpstopExec)?;              // allowed: answers `OK` only
//!     pending.abandon();                                // (or drop it)
//! } else {
//!     let sent = pending.wait()?;                       // `+SMTP: SUCCESS`
//!     println!("{:?}", sent.outcome);
//! }
//! ```
//!
//! Raw traffic is traced at `TRACE` level under the target
//! [`trace::TARGET`] (`atspec::traffic`), with secrets redacted.

pub mod command;
pub mod data;
#[cfg(unix)]
mod direct;
pub mod error;
pub mod framer;
pub mod modem;
pub mod router;
pub mod trace;
pub mod wire;

pub use command::{
    Claim, Command, CompletionSpec, DataOrder, DataPhase, Dialect, ResponseLine, SimpleCommand,
    VendorError, DEFAULT_TIMEOUT,
};
pub use error::{Error, ModemError, Stage};
pub use modem::{Canceller, DataCount, Modem, Pending, Reply, SendOptions, Urcs};
pub use router::Urc;
pub use wire::ParseError;
