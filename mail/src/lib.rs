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
//!
//! Bodies: the Quectel senders ([`uc15`], [`gsm`]) take ASCII bodies only.
//! Manuals 003 and 004 give `AT+QSMTPBODY` a `<charset>` (1 = UTF-8) but say
//! only of the *subject* that a non-ASCII charset makes it hex digits; how a
//! UTF-8 body is entered in data mode (raw bytes or hex) is not said, so a
//! non-ASCII body is refused with [`ErrorKind::Unsupported`] naming that
//! reason ([`uc15::NON_ASCII_BODY`], [`gsm::NON_ASCII_BODY`]) before anything
//! is sent. Subjects are sent as hex digits of their UTF-8 bytes, as the
//! manuals say.
//!
//! POP3 on SIM52xx: `AT+POP3READ` shows a mail as free text up to `OK` with
//! no length, so a mail line that is exactly `OK` or `ERROR` ends the text
//! early and a line starting `+POP3:` / `+SMTP:` is taken for a URC (see
//! [`pop3::Sim52xxPop3::fetch`]); SIM900 reads the server's answer in counted
//! chunks and carries any mail byte for byte.

mod account;
mod any;
mod email;
mod error;
pub mod gsm;
pub mod pop3;
pub mod pop3_sim900;
mod progress;
mod quectel;
pub mod sim52xx;
pub mod sim900;
pub mod smtps;
mod step;
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
