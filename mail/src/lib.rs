//! A vendor-neutral e-mail API over the typed AT dialects.
//!
//! Build one [`Email`], describe the [`SmtpAccount`], and hand both to the
//! sender of the module's dialect (e.g. [`sim900::send`]); every dialect's
//! failures come back as one [`MailError`] that keeps the vendor code and its
//! meaning.

mod account;
mod email;
mod error;
pub mod sim900;

pub use account::{Login, SmtpAccount};
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
