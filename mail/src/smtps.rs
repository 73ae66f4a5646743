//! SIMCom SIM7500/SIM7600 `AT+CSMTPS*`: subject and body go after a `>`
//! prompt as exactly the announced number of bytes (so any UTF-8 text
//! passes as is), and `AT+CSMTPSSEND` completes with `+CSMTPSSEND: <err>`.
//! Attachments are files on the module's own storage, which this API does
//! not reach.

use atspec_dialects::simcom_smtps as d;
use atspec_runtime::{Command, Modem, SendOptions};

use crate::progress::Counting;
use crate::{Email, ErrorKind, MailError, RecipientKind, Sent, SmtpAccount};

/// The dialect's modem type.
pub type SmtpsModem = Modem<d::Dialect>;

/// Largest body the module takes (`AT+CSMTPSBODY` length).
const MAX_BODY: usize = 5120;
/// Largest subject the module takes.
const MAX_SUBJECT: usize = 511;

/// The kind of failure a result code stands for (manual 1.3).
pub fn classify(code: i64) -> ErrorKind {
    match code {
        600 => ErrorKind::Busy,
        601 | 602 | 606 => ErrorKind::Network,
        605 => ErrorKind::Timeout,
        603 | 608 => ErrorKind::BadParameter,
        610 => ErrorKind::Server,
        611 => ErrorKind::Auth,
        _ => ErrorKind::Unknown,
    }
}

fn step<C: Command>(modem: &mut SmtpsModem, cmd: &C) -> Result<C::Response, MailError> {
    crate::step::step(modem, cmd, classify)
}

fn data<C: Command>(
    modem: &mut SmtpsModem,
    cmd: &C,
    bytes: &[u8],
    progress: &mut dyn FnMut(u64),
) -> Result<(), MailError> {
    crate::step::data(
        modem,
        cmd,
        Counting::new(bytes, progress),
        SendOptions::default(),
        classify,
    )
    .map(|_| ())
}

fn check(email: &Email) -> Result<(), MailError> {
    let unsupported =
        |step: &str, why: &str| Err(MailError::new(ErrorKind::Unsupported, step, why));
    if !email.attachments.is_empty() {
        return unsupported(
            "AT+CSMTPSFILE",
            "the module attaches files from its own storage only",
        );
    }
    if email.body.is_empty() || email.body.len() > MAX_BODY {
        return unsupported("AT+CSMTPSBODY", "the body must hold 1 to 5120 bytes");
    }
    if email.subject.is_empty() || email.subject.len() > MAX_SUBJECT {
        return unsupported("AT+CSMTPSSUB", "the subject must hold 1 to 511 bytes");
    }
    Ok(())
}

/// Sends `email` over plain SMTP through a SIM7500/SIM7600 with its data connection up.
pub fn send(
    modem: &mut SmtpsModem,
    account: &SmtpAccount,
    email: &Email,
) -> Result<Sent, MailError> {
    send_observed(modem, account, email, &mut |_| {})
}

/// [`send`], reporting every batch of subject and body bytes written to `progress`.
pub fn send_observed(
    modem: &mut SmtpsModem,
    account: &SmtpAccount,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<Sent, MailError> {
    check(email)?;
    step(modem, &d::CsmtpscleanExec)?;
    let srv = d::CsmtpssrvWrite::new(&account.host, account.port, Some(d::ServerType::Plain))?;
    step(modem, &srv)?;
    let auth = match &account.login {
        Some(l) => {
            d::CsmtpsauthWrite::new(d::AuthFlag::Login, Some((&l.user, l.password.expose())))?
        }
        None => d::CsmtpsauthWrite::new(d::AuthFlag::NoAuth, None)?,
    };
    step(modem, &auth)?;
    step(
        modem,
        &d::CsmtpsfromWrite::new(&email.from.address, email.from.name.as_deref())?,
    )?;
    for (kind, index, addr) in email.numbered_recipients() {
        let kind = match kind {
            RecipientKind::To => d::RcptKind::To,
            RecipientKind::Cc => d::RcptKind::Cc,
            RecipientKind::Bcc => d::RcptKind::Bcc,
        };
        let value = (addr.address.as_str(), addr.name.as_deref());
        step(
            modem,
            &d::CsmtpsrcptWrite::new(kind, Some((index, Some((value.0, value.1)))))?,
        )?;
    }
    let subject = email.subject.as_bytes();
    data(
        modem,
        &d::CsmtpssubWrite::new(len(subject), Some("utf-8"))?,
        subject,
        progress,
    )?;
    let body = email.body.as_bytes();
    data(modem, &d::CsmtpsbodyWrite::new(len(body))?, body, progress)?;
    let reply = crate::step::reply(modem, &d::CsmtpssendExec, classify)?;
    match reply.outcome {
        Some(d::CsmtpsSend {
            err: d::SmtpsResult::Success,
        }) => Ok(Sent {
            completion: "+CSMTPSSEND: 0".into(),
            attachment_bytes: 0,
        }),
        Some(d::CsmtpsSend { err }) => Err(MailError::from_code(
            "AT+CSMTPSSEND",
            err.code(),
            err.meaning(),
            classify(err.code()),
        )),
        None => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+CSMTPSSEND",
            "ended without its +CSMTPSSEND completion",
        )),
    }
}

/// A length already checked against the dialect's caps.
fn len(bytes: &[u8]) -> u16 {
    u16::try_from(bytes.len()).unwrap_or(u16::MAX)
}
