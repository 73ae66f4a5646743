//! What the two Quectel senders ([`crate::uc15`], [`crate::gsm`]) share: the
//! limits of `AT+QSMTPBODY`, `AT+QSMTPSUB` and `AT+QSMTPDST`.

use crate::{Email, ErrorKind, MailError};

/// Largest body (UC15 `<body_length>`, GSM: "at most 10 KB").
pub(crate) const MAX_BODY: usize = 10240;
/// Largest ASCII subject, and largest UTF-8 subject in bytes (200 hex digits).
const MAX_SUBJECT: usize = 100;
/// Recipients the module holds in all.
const MAX_RECIPIENTS: usize = 20;

/// Why a non-ASCII body is refused: manuals 003 and 004 give the body a
/// `<charset>` (1 = UTF-8) but say only of the subject that a non-ASCII
/// charset makes it hex digits; how a UTF-8 body is entered in data mode
/// (raw bytes or hex digits) is not said, so it is refused, not guessed.
pub const NON_ASCII_BODY: &str = "the body is not ASCII, and the manual does not say whether a UTF-8 body (<charset> 1) is entered as raw bytes or as hex digits as the subject is; send an ASCII body (e.g. transliterated), or a dialect that takes UTF-8 bodies such as simcom_smtps";

pub(crate) fn unsupported(step: &str, why: &str) -> Result<(), MailError> {
    Err(MailError::new(ErrorKind::Unsupported, step, why))
}

/// Refuses a body, subject or recipient list the module cannot take.
pub(crate) fn check_text(email: &Email) -> Result<(), MailError> {
    if email.body.len() > MAX_BODY {
        return unsupported("AT+QSMTPBODY", "the body must hold at most 10240 bytes");
    }
    if !email.body.is_ascii() {
        return unsupported("AT+QSMTPBODY", NON_ASCII_BODY);
    }
    if email.subject.len() > MAX_SUBJECT {
        return unsupported("AT+QSMTPSUB", "the subject must hold at most 100 bytes");
    }
    if email.recipients().count() > MAX_RECIPIENTS {
        return unsupported("AT+QSMTPDST", "the module holds at most 20 recipients");
    }
    Ok(())
}
