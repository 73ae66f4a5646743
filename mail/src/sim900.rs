//! SIMCom SIM900: settings commands, the body after a `>` prompt (Ctrl-Z
//! ends it), one attachment transferred in `AT+SMTPFT` chunks, and the
//! `+SMTPSEND: <code>` completion; POP3 is in [`crate::pop3_sim900`].

use atspec_dialects::simcom_sim900 as d;
use atspec_runtime::wire::{to_hex, ValidationError};
use atspec_runtime::{Command, Modem, SendOptions};

use crate::progress::Counting;
use crate::{Email, ErrorKind, MailError, RecipientKind, Sent, SmtpAccount};

/// The dialect's modem type.
pub type Sim900Modem = Modem<d::Dialect>;

/// Charset announced with `AT+SMTPCS` when subject or body are not ASCII.
const UTF8: &str = "UTF-8";

/// The kind of failure a SIM900 code stands for (`+SMTPSEND`, `+POP3IN`, `+CME ERROR`).
pub fn classify(code: i64) -> ErrorKind {
    match code {
        61 | 63 => ErrorKind::Network,
        62 => ErrorKind::Dns,
        64 => ErrorKind::Timeout,
        65 => ErrorKind::Server,
        66 | 67 => ErrorKind::Auth,
        68 => ErrorKind::BadRecipient,
        80..=84 => ErrorKind::Ssl,
        3 | 4 => ErrorKind::BadParameter,
        _ => ErrorKind::Unknown,
    }
}

/// Runs one command, mapping its failure.
pub(crate) fn step<C: Command>(modem: &mut Sim900Modem, cmd: &C) -> Result<C::Response, MailError> {
    crate::step::step(modem, cmd, classify)
}

/// Sends `email` through a SIM900 whose bearer profile 1 is up.
pub fn send(
    modem: &mut Sim900Modem,
    account: &SmtpAccount,
    email: &Email,
) -> Result<Sent, MailError> {
    send_observed(modem, account, email, &mut |_| {})
}

/// [`send`], reporting every batch of body and attachment bytes written to `progress`.
pub fn send_observed(
    modem: &mut Sim900Modem,
    account: &SmtpAccount,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<Sent, MailError> {
    if email.attachments.len() > 1 {
        return Err(MailError::new(
            ErrorKind::Unsupported,
            "AT+SMTPFILE",
            "SIM900 sends at most one attachment per e-mail",
        ));
    }
    configure(modem, account)?;
    compose(modem, email, progress)?;
    let Some(file) = email.attachments.first() else {
        let reply = crate::step::reply(modem, &d::SmtpsendExec, classify)?;
        return outcome(reply.outcome, 0);
    };
    step(
        modem,
        &d::SmtpfileWrite::new(
            d::FileType::Binary,
            Some((&file.name, d::EncodeType::Base64)),
        )?,
    )?;
    let reply = modem
        .send_chunked(
            &d::SmtpsendExec,
            chunk,
            Counting::new(file.bytes.as_slice(), progress),
        )
        .map_err(|e| MailError::from_runtime(e, classify))?;
    outcome(reply.outcome, file.bytes.len())
}

fn configure(modem: &mut Sim900Modem, account: &SmtpAccount) -> Result<(), MailError> {
    step(modem, &d::EmailcidWrite::new(1)?)?;
    step(modem, &d::EmailtoWrite::new(30)?)?;
    step(
        modem,
        &d::SmtpsrvWrite::new(&account.host, Some(account.port))?,
    )?;
    let auth = match &account.login {
        Some(l) => d::SmtpauthWrite::new(d::AuthType::Login, Some((&l.user, l.password.expose())))?,
        None => d::SmtpauthWrite::new(d::AuthType::None, None)?,
    };
    step(modem, &auth)?;
    Ok(())
}

fn compose(
    modem: &mut Sim900Modem,
    email: &Email,
    progress: &mut dyn FnMut(u64),
) -> Result<(), MailError> {
    let from = &email.from;
    step(
        modem,
        &d::SmtpfromWrite::new(&from.address, from.name.as_deref())?,
    )?;
    for kind in [d::RcptType::To, d::RcptType::Cc, d::RcptType::Bcc] {
        step(modem, &d::SmtprcptWrite::new(kind, None)?)?;
    }
    for (kind, index, addr) in email.numbered_recipients() {
        let kind = match kind {
            RecipientKind::To => d::RcptType::To,
            RecipientKind::Cc => d::RcptType::Cc,
            RecipientKind::Bcc => d::RcptType::Bcc,
        };
        let value = (addr.address.as_str(), addr.name.as_deref());
        step(
            modem,
            &d::SmtprcptWrite::new(kind, Some((index.into(), Some(value))))?,
        )?;
    }
    let hex = email.needs_charset();
    step(
        modem,
        &d::SmtpcsWrite::new(if hex { UTF8 } else { "ASCII" })?,
    )?;
    let subject = if hex {
        to_hex(&email.subject)
    } else {
        email.subject.clone()
    };
    step(modem, &d::SmtpsubWrite::new(&subject)?)?;
    let body = if hex {
        to_hex(&email.body)
    } else {
        email.body.clone()
    };
    crate::step::data(
        modem,
        &d::SmtpbodyExec,
        Counting::new(body.as_bytes(), progress),
        SendOptions::default(),
        classify,
    )?;
    Ok(())
}

/// The chunk command for the `n` bytes the module's window grants: the
/// window is the bound, and a window beyond the spec's cap (1460) fails
/// validation (ending the transfer) instead of being shrunk silently.
fn chunk(n: usize) -> Result<d::SmtpftWrite, ValidationError> {
    d::SmtpftWrite::new(u16::try_from(n).unwrap_or(u16::MAX))
}

fn outcome(outcome: Option<d::SmtpSend>, attachment_bytes: usize) -> Result<Sent, MailError> {
    let Some(d::SmtpSend { code }) = outcome else {
        return Err(MailError::new(
            ErrorKind::Protocol,
            "AT+SMTPSEND",
            "ended without its +SMTPSEND completion",
        ));
    };
    if code == d::SmtpResult::Sent {
        return Ok(Sent {
            completion: format!("+SMTPSEND: {}", code.code()),
            attachment_bytes,
        });
    }
    Err(MailError::from_code(
        "AT+SMTPSEND",
        code.code(),
        code.meaning(),
        classify(code.code()),
    ))
}
