//! Quectel UC15 `AT+QSMTP*`: settings through `AT+QSMTPCFG`, recipients
//! with `AT+QSMTPDST`, a subject sent as hex digits of its UTF-8 bytes when it
//! is not ASCII, the body in data mode (`CONNECT`, exactly the announced
//! bytes, `+QSMTPBODY: <n>`, `OK`), and `AT+QSMTPPUT=<timeout>` completing
//! with `+QSMTPPUT: <err>,<protocol_error>`; the host waits the module's own
//! timeout plus the spec's 30 s margin, so the module's timeout report (658)
//! arrives first.
//!
//! Attachments are files on the module's own storage (uploaded with
//! `AT+QFUPL` of another manual), which this API does not reach: an e-mail
//! with attachments is refused with [`ErrorKind::Unsupported`]. Recipient
//! display names have no place in the dialect and are left out.

use atspec_dialects::quectel_uc15 as d;
use atspec_runtime::wire::to_hex;
use atspec_runtime::{Command, Modem, SendOptions};

use crate::progress::Counting;
use crate::quectel::{check_text, unsupported};
use crate::{Email, ErrorKind, MailError, RecipientKind, Sent, SmtpAccount};

pub use crate::quectel::NON_ASCII_BODY;

/// The dialect's modem type.
pub type Uc15Modem = Modem<d::Dialect>;

/// Seconds the module may spend sending (`AT+QSMTPPUT=<timeout>`).
pub const SEND_TIMEOUT_S: u16 = 300;
/// Seconds the module waits for the body (`<input_time>`).
const INPUT_TIME_S: u16 = 90;

/// The kind of failure a UC15 code stands for (`+CME ERROR`, `+QSMTPPUT`).
pub fn classify(code: i64) -> ErrorKind {
    match d::SmtpError::from_code(code) {
        d::SmtpError::Busy => ErrorKind::Busy,
        d::SmtpError::DnsFailed => ErrorKind::Dns,
        d::SmtpError::NetworkError
        | d::SmtpError::ClosedByPeer
        | d::SmtpError::ContextDeactivated => ErrorKind::Network,
        d::SmtpError::Timeout => ErrorKind::Timeout,
        d::SmtpError::NoRecipient => ErrorKind::NoRecipient,
        d::SmtpError::AuthTypeUnsupported
        | d::SmtpError::AccessDenied
        | d::SmtpError::AuthFailed => ErrorKind::Auth,
        d::SmtpError::MailboxUnavailable
        | d::SmtpError::UserNotLocal
        | d::SmtpError::MailboxNameInvalid => ErrorKind::BadRecipient,
        d::SmtpError::BadParameter => ErrorKind::BadParameter,
        d::SmtpError::SslAuthFailed => ErrorKind::Ssl,
        d::SmtpError::ServiceUnavailable
        | d::SmtpError::MailboxBusy
        | d::SmtpError::LocalError
        | d::SmtpError::StorageFull
        | d::SmtpError::CommandUnknown
        | d::SmtpError::ArgumentError
        | d::SmtpError::NotImplemented
        | d::SmtpError::BadSequence
        | d::SmtpError::ParamNotImplemented
        | d::SmtpError::DomainRefusesMail
        | d::SmtpError::QuotaExceeded
        | d::SmtpError::TransactionFailed
        | d::SmtpError::SendFailed => ErrorKind::Server,
        _ => ErrorKind::Unknown,
    }
}

fn step<C: Command>(modem: &mut Uc15Modem, cmd: &C) -> Result<C::Response, MailError> {
    crate::step::step(modem, cmd, classify)
}

/// Refuses what the dialect cannot carry, before anything is sent.
fn check(email: &Email) -> Result<(), MailError> {
    if !email.attachments.is_empty() {
        return unsupported(
            "AT+QSMTPATT",
            "UC15 attaches files from its own storage only (uploaded with AT+QFUPL)",
        );
    }
    if email.body.is_empty() {
        return unsupported("AT+QSMTPBODY", "the body must hold 1 to 10240 bytes");
    }
    check_text(email)
}

/// Sends `email` through a UC15 whose PDP context 1 is active.
pub fn send(
    modem: &mut Uc15Modem,
    account: &SmtpAccount,
    email: &Email,
) -> Result<Sent, MailError> {
    send_observed(modem, account, email, &mut |_| {})
}

/// [`send`], reporting every batch of body bytes written to `progress`.
pub fn send_observed(
    modem: &mut Uc15Modem,
    account: &SmtpAccount,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<Sent, MailError> {
    check(email)?;
    step(modem, &d::QsmtpclrExec)?;
    configure(modem, account, email)?;
    for (kind, addr) in email.recipients() {
        let kind = match kind {
            RecipientKind::To => d::RcptType::To,
            RecipientKind::Cc => d::RcptType::Cc,
            RecipientKind::Bcc => d::RcptType::Bcc,
        };
        let add = d::QsmtpdstWrite::new(d::DstMode::Add, Some((kind, Some(&addr.address))))?;
        step(modem, &add)?;
    }
    let (charset, subject) = if email.subject.is_ascii() {
        (d::Charset::Ascii, email.subject.clone())
    } else {
        (d::Charset::Utf8, to_hex(&email.subject))
    };
    step(modem, &d::QsmtpsubWrite::new(charset, &subject)?)?;
    body(modem, email, progress)?;
    let reply = crate::step::reply(modem, &d::QsmtpputWrite::new(SEND_TIMEOUT_S)?, classify)?;
    outcome(reply.outcome)
}

fn configure(modem: &mut Uc15Modem, account: &SmtpAccount, email: &Email) -> Result<(), MailError> {
    step(modem, &d::QsmtpcfgContextidWrite::new(Some(1))?)?;
    step(
        modem,
        &d::QsmtpcfgSsltypeWrite::new(Some(d::SslType::Plain))?,
    )?;
    let server = d::QsmtpcfgSmtpserverWrite::new(Some((&account.host, account.port)))?;
    step(modem, &server)?;
    if let Some(l) = &account.login {
        let login = d::QsmtpcfgAccountWrite::new(Some((&l.user, l.password.expose())))?;
        step(modem, &login)?;
    }
    let from = &email.from;
    let name = from.name.as_deref().unwrap_or("");
    step(
        modem,
        &d::QsmtpcfgSenderWrite::new(Some((name, &from.address)))?,
    )?;
    Ok(())
}

fn body(
    modem: &mut Uc15Modem,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<(), MailError> {
    let bytes = email.body.as_bytes();
    let charset = d::Charset::Ascii;
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    let cmd = d::QsmtpbodyWrite::new(charset, len, Some(INPUT_TIME_S))?;
    let reply = crate::step::data(
        modem,
        &cmd,
        Counting::new(bytes, progress),
        SendOptions::default(),
        classify,
    )?;
    match reply.data_result {
        Some(r) if usize::try_from(r.input_length).ok() == Some(bytes.len()) => Ok(()),
        Some(r) => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+QSMTPBODY",
            format!(
                "the module stored {} of the {} body bytes",
                r.input_length,
                bytes.len()
            ),
        )),
        None => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+QSMTPBODY",
            "ended without its +QSMTPBODY length",
        )),
    }
}

fn outcome(outcome: Option<d::QsmtpPut>) -> Result<Sent, MailError> {
    let Some(d::QsmtpPut {
        err,
        protocol_error,
    }) = outcome
    else {
        return Err(MailError::new(
            ErrorKind::Protocol,
            "AT+QSMTPPUT",
            "ended without its +QSMTPPUT completion",
        ));
    };
    if err == d::SmtpError::Success {
        return Ok(Sent {
            completion: format!("+QSMTPPUT: 0,{}", protocol_error.code()),
            attachment_bytes: 0,
        });
    }
    let server = match protocol_error {
        d::SmtpReply::NoReply => String::new(),
        reply => format!(
            "server replied {}{}",
            reply.code(),
            reply
                .meaning()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        ),
    };
    Err(MailError::from_code(
        "AT+QSMTPPUT",
        err.code(),
        err.meaning(),
        classify(err.code()),
    )
    .with_detail(server))
}
