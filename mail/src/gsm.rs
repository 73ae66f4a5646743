//! Quectel GSM (M-series) `AT+QSMTP*`: one command per setting, recipients
//! confirmed by `+QSMTPDST: <result>`, a subject sent as hex digits of its
//! UTF-8 bytes when it is not ASCII, the body and each attachment in data mode
//! (`OK`, `CONNECT`, the bytes, `+++` after a quiet second, then
//! `+QSMTPBODY: <n>` / `+QSMTPATT: <n>`), and `AT+QSMTPPUT=<timeout>`
//! completing with `+QSMTPPUT: <result>`; the host waits the module's own
//! timeout plus the spec's 30 s margin, so the module's timeout report (-9)
//! arrives first. Results are 0 or a negative code (module errors and negated
//! SMTP replies). Recipient display names have no place in the dialect.

use std::time::Duration;

use atspec_dialects::quectel_gsm as d;
use atspec_runtime::wire::to_hex;
use atspec_runtime::{Command, Modem, SendOptions};

use crate::progress::Counting;
use crate::quectel::{check_text, unsupported};
use crate::{Attachment, Email, ErrorKind, MailError, RecipientKind, Sent, SmtpAccount};

pub use crate::quectel::NON_ASCII_BODY;

/// The dialect's modem type.
pub type GsmModem = Modem<d::Dialect>;

/// Seconds the module may spend sending (`AT+QSMTPPUT=<timeout>`).
pub const SEND_TIMEOUT_S: u16 = 300;
/// Seconds allowed for typing the body or one attachment.
const INPUT_TIME_S: u16 = 120;
/// Time allowed for each answer around a data phase (`OK`, `CONNECT`, the
/// result after `+++` and its quiet second): more than the spec's 5 s, as
/// the result may trail a long transfer on a slow line.
const DATA_WAIT: Duration = Duration::from_secs(30);
/// Attachments the module holds.
const MAX_ATTACHMENTS: usize = 10;
/// Total attachment bytes the module holds.
const MAX_ATTACHMENT_BYTES: usize = 102_400;

/// The kind of failure a result code stands for (`+QSMTPDST`, `+QSMTPBODY`,
/// `+QSMTPATT`, `+QSMTPPUT`).
pub fn classify(code: i64) -> ErrorKind {
    use d::QsmtpResult as R;
    match R::from_code(code) {
        R::Busy => ErrorKind::Busy,
        R::DnsError => ErrorKind::Dns,
        R::NetworkError | R::PeerClosed | R::BearerLost => ErrorKind::Network,
        R::Timeout => ErrorKind::Timeout,
        R::NoRecipient => ErrorKind::NoRecipient,
        R::AuthTypeUnsupported | R::AccessDenied | R::AuthFailed => ErrorKind::Auth,
        R::MailboxUnavailable | R::UserNotLocal | R::MailboxNameInvalid => ErrorKind::BadRecipient,
        R::BadParameter => ErrorKind::BadParameter,
        R::ServiceUnavailable
        | R::MailboxBusy
        | R::LocalError
        | R::InsufficientStorage
        | R::SyntaxError
        | R::ParamSyntaxError
        | R::NotImplemented
        | R::BadSequence
        | R::ParamNotImplemented
        | R::NoMailAccepted
        | R::StorageExceeded
        | R::TransactionFailed
        | R::SendFailed => ErrorKind::Server,
        _ => ErrorKind::Unknown,
    }
}

fn step<C: Command>(modem: &mut GsmModem, cmd: &C) -> Result<C::Response, MailError> {
    crate::step::step(modem, cmd, classify)
}

fn failed(step: &str, result: d::QsmtpResult) -> MailError {
    MailError::from_code(
        step,
        result.code(),
        result.meaning(),
        classify(result.code()),
    )
}

/// Refuses what the dialect cannot carry, before anything is sent.
fn check(email: &Email) -> Result<(), MailError> {
    check_text(email)?;
    let total: usize = email.attachments.iter().map(|a| a.bytes.len()).sum();
    if email.attachments.len() > MAX_ATTACHMENTS || total > MAX_ATTACHMENT_BYTES {
        return unsupported(
            "AT+QSMTPATT",
            "the module holds at most 10 attachments of 100 KB in total",
        );
    }
    Ok(())
}

/// Sends `email` through a Quectel GSM module whose GPRS context is set up.
pub fn send(modem: &mut GsmModem, account: &SmtpAccount, email: &Email) -> Result<Sent, MailError> {
    send_observed(modem, account, email, &mut |_| {})
}

/// [`send`], reporting every batch of body and attachment bytes written to `progress`.
pub fn send_observed(
    modem: &mut GsmModem,
    account: &SmtpAccount,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<Sent, MailError> {
    check(email)?;
    step(modem, &d::QsmtpclrExec)?;
    configure(modem, account, email)?;
    recipients(modem, email)?;
    let (charset, subject) = if email.subject.is_ascii() {
        (d::Charset::Ascii, email.subject.clone())
    } else {
        (d::Charset::Utf8, to_hex(&email.subject))
    };
    step(modem, &d::QsmtpsubWrite::new(charset, &subject)?)?;
    body(modem, email, progress)?;
    let mut attachment_bytes = 0;
    for file in &email.attachments {
        attachment_bytes += attach(modem, file, progress)?;
    }
    let reply = crate::step::reply(modem, &d::QsmtpputWrite::new(SEND_TIMEOUT_S)?, classify)?;
    match reply.outcome {
        Some(d::QsmtpPut {
            result: d::QsmtpResult::Ok,
        }) => Ok(Sent {
            completion: "+QSMTPPUT: 0".into(),
            attachment_bytes,
        }),
        Some(d::QsmtpPut { result }) => Err(failed("AT+QSMTPPUT", result)),
        None => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+QSMTPPUT",
            "ended without its +QSMTPPUT completion",
        )),
    }
}

fn configure(modem: &mut GsmModem, account: &SmtpAccount, email: &Email) -> Result<(), MailError> {
    step(modem, &d::QsmtpsrvWrite::new(&account.host, account.port)?)?;
    match &account.login {
        Some(l) => {
            step(modem, &d::Qsmtpcfg1Write::new(Some(d::AuthMode::Required))?)?;
            step(modem, &d::QsmtpuserWrite::new(&l.user)?)?;
            step(modem, &d::QsmtppwdWrite::new(l.password.expose())?)?;
        }
        None => {
            step(
                modem,
                &d::Qsmtpcfg1Write::new(Some(d::AuthMode::NotRequired))?,
            )?;
        }
    }
    if let Some(name) = &email.from.name {
        step(modem, &d::QsmtpnameWrite::new(name)?)?;
    }
    step(modem, &d::QsmtpaddrWrite::new(&email.from.address)?)?;
    Ok(())
}

fn recipients(modem: &mut GsmModem, email: &Email) -> Result<(), MailError> {
    for (kind, addr) in email.recipients() {
        let kind = match kind {
            RecipientKind::To => d::RcptType::To,
            RecipientKind::Cc => d::RcptType::Cc,
            RecipientKind::Bcc => d::RcptType::Bcc,
        };
        let add = d::QsmtpdstWrite::new(d::DstMode::Add, Some((kind, Some(&addr.address))))?;
        let reply = crate::step::reply(modem, &add, classify)?;
        match reply.outcome {
            Some(d::QsmtpDst {
                result: d::QsmtpResult::Ok,
            }) => {}
            Some(d::QsmtpDst { result }) => {
                return Err(failed("AT+QSMTPDST", result).with_detail(addr.address.clone()))
            }
            None => {
                return Err(MailError::new(
                    ErrorKind::Protocol,
                    "AT+QSMTPDST",
                    "ended without its +QSMTPDST result",
                ))
            }
        }
    }
    Ok(())
}

fn body(
    modem: &mut GsmModem,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<(), MailError> {
    let bytes = email.body.as_bytes();
    let charset = d::Charset::Ascii;
    let cmd = d::QsmtpbodyWrite::new(charset, Some(INPUT_TIME_S))?;
    let reply = crate::step::data(
        modem,
        &cmd,
        Counting::new(bytes, progress),
        data_wait(),
        classify,
    )?;
    match reply.data_result {
        Some(d::QsmtpbodyWriteDataResult::Stored { length })
            if usize::from(length) == bytes.len() =>
        {
            Ok(())
        }
        Some(d::QsmtpbodyWriteDataResult::Stored { length }) => {
            Err(short("AT+QSMTPBODY", length.into(), bytes.len()))
        }
        Some(d::QsmtpbodyWriteDataResult::Failed { error }) => Err(failed("AT+QSMTPBODY", error)),
        None => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+QSMTPBODY",
            "ended without its +QSMTPBODY result",
        )),
    }
}

/// Transfers one attachment; returns its length.
fn attach(
    modem: &mut GsmModem,
    file: &Attachment,
    progress: &mut dyn FnMut(u64),
) -> Result<usize, MailError> {
    let size = u32::try_from(file.bytes.len()).unwrap_or(u32::MAX);
    let cmd = d::QsmtpattWrite::new(&file.name, Some((size, INPUT_TIME_S)))?;
    let reply = crate::step::data(
        modem,
        &cmd,
        Counting::new(file.bytes.as_slice(), progress),
        data_wait(),
        classify,
    )?;
    match reply.data_result {
        Some(d::QsmtpattWriteDataResult::Stored { length }) if length == size => {
            Ok(file.bytes.len())
        }
        Some(d::QsmtpattWriteDataResult::Stored { length }) => {
            Err(short("AT+QSMTPATT", length, file.bytes.len()))
        }
        Some(d::QsmtpattWriteDataResult::Failed { error }) => Err(failed("AT+QSMTPATT", error)),
        None => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+QSMTPATT",
            "ended without its +QSMTPATT result",
        )),
    }
}

fn data_wait() -> SendOptions {
    SendOptions {
        timeout: Some(DATA_WAIT),
        ..SendOptions::default()
    }
}

fn short(step: &str, stored: u32, sent: usize) -> MailError {
    MailError::new(
        ErrorKind::Protocol,
        step,
        format!("the module stored {stored} of the {sent} bytes"),
    )
}
