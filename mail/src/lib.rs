//! A vendor-neutral e-mail API over the typed AT dialects.
//!
//! Build one [`Email`], describe the [`SmtpAccount`], and hand both to the
//! sender of the module's dialect ([`sim900::send`], [`smtps::send`],
//! [`sim52xx::send`], [`uc15::send`], [`gsm::send`]), or pick the dialect by
//! name at run time with [`DialectName`] and [`AnyModem`]. POP3 is in
//! [`pop3`] (SIM52xx) and [`pop3_sim900`]. Every dialect's failures come back
//! as one [`MailError`] that keeps the vendor code and its meaning.
//!
//! Attachments: SIM900 (one file, sent in `AT+SMTPFT` chunks) and Quectel
//! GSM (up to ten, in data mode) transfer them over the line. SIM52xx,
//! SIM7500/7600 (`smtps`) and UC15 attach files from the module's own
//! storage, which this API does not reach: an e-mail with attachments is
//! refused there with [`ErrorKind::Unsupported`] before anything is sent.

mod account;
mod any;
mod email;
mod error;
pub mod gsm;
pub mod pop3;
pub mod pop3_sim900;
mod progress;
pub mod sim52xx;
pub mod sim900;
pub mod smtps;
pub mod uc15;

pub use account::{Login, SmtpAccount};
pub use any::{AnyModem, DialectName, UnknownDialect};
pub use email::{Address, Attachment, Email, RecipientKind};
pub use error::{ErrorKind, MailError, VendorCode};

/// What a successful send reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// The module's completion, as printed (e.g. `+SMTPSEND: 1`).
    pub completion: String,
    /// Attachment bytes transferred to the module.
    pub attachment_bytes: usize,
}
