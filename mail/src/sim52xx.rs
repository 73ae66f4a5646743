//! SIMCom SIM52xx: every setting is one command, the body is a quoted
//! parameter of `AT+SMTPBODY`, and `AT+SMTPSEND` completes with a
//! `+SMTP: <status>` URC. The dialect has no charset, so subject and body
//! must be printable ASCII on one line each; attachments are files on the
//! module's own storage, which this API does not reach.

use atspec_dialects::simcom_sim52xx as d;
use atspec_runtime::{Command, Modem};

use crate::step::no_code;
use crate::{Email, ErrorKind, MailError, RecipientKind, Sent, SmtpAccount};

/// The dialect's modem type.
pub type Sim52xxModem = Modem<d::Dialect>;

/// Recipients of one kind the module holds (index 0..=4).
const MAX_PER_KIND: usize = 5;

/// The kind of failure a `+SMTP` status stands for.
pub fn classify(status: d::SmtpStatus) -> ErrorKind {
    match status {
        d::SmtpStatus::Ongoing => ErrorKind::Busy,
        d::SmtpStatus::ParamError => ErrorKind::BadParameter,
        d::SmtpStatus::NetworkError => ErrorKind::Network,
        d::SmtpStatus::ServerError => ErrorKind::Server,
        d::SmtpStatus::AuthRequired | d::SmtpStatus::AuthError => ErrorKind::Auth,
        d::SmtpStatus::BadRcpt => ErrorKind::BadRecipient,
        d::SmtpStatus::SessionOpen | d::SmtpStatus::Success => ErrorKind::Protocol,
    }
}

fn step<C: Command>(modem: &mut Sim52xxModem, cmd: &C) -> Result<C::Response, MailError> {
    crate::step::step(modem, cmd, no_code)
}

/// Refuses what the dialect cannot carry, before anything is sent.
fn check(email: &Email) -> Result<(), MailError> {
    let unsupported =
        |step: &str, why: &str| Err(MailError::new(ErrorKind::Unsupported, step, why));
    if !email.attachments.is_empty() {
        return unsupported(
            "AT+SMTPFILE",
            "SIM52xx attaches files from its own storage only",
        );
    }
    if !email.subject.is_ascii() {
        return unsupported(
            "AT+SMTPSUB",
            "SIM52xx has no charset: the subject must be ASCII",
        );
    }
    if !email.body.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return unsupported(
            "AT+SMTPBODY",
            "SIM52xx takes the body as one quoted parameter: printable ASCII, no line breaks",
        );
    }
    let kinds = [&email.to, &email.cc, &email.bcc];
    if kinds.iter().any(|k| k.len() > MAX_PER_KIND) {
        return unsupported(
            "AT+SMTPRCPT",
            "SIM52xx holds at most 5 recipients of each kind",
        );
    }
    Ok(())
}

/// Sends `email` through a SIM52xx whose packet context is set up.
pub fn send(
    modem: &mut Sim52xxModem,
    account: &SmtpAccount,
    email: &Email,
) -> Result<Sent, MailError> {
    check(email)?;
    step(modem, &d::SmtpsrvWrite::new(&account.host, account.port)?)?;
    let auth = match &account.login {
        Some(l) => d::SmtpauthWrite::new(d::AuthFlag::Login, Some((&l.user, l.password.expose())))?,
        None => d::SmtpauthWrite::new(d::AuthFlag::NoAuth, None)?,
    };
    step(modem, &auth)?;
    step(
        modem,
        &d::SmtpfromWrite::new(&email.from.address, email.from.name.as_deref())?,
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
            &d::SmtprcptWrite::new(kind, Some((index, Some(value))))?,
        )?;
    }
    step(modem, &d::SmtpsubWrite::new(&email.subject)?)?;
    step(modem, &d::SmtpbodyWrite::new(&email.body)?)?;
    let reply = crate::step::reply(modem, &d::SmtpsendExec, no_code)?;
    outcome(reply.outcome)
}

fn outcome(outcome: Option<d::Smtp>) -> Result<Sent, MailError> {
    match outcome {
        Some(d::Smtp::Status {
            status: d::SmtpStatus::Success,
        }) => Ok(Sent {
            completion: "+SMTP: SUCCESS".into(),
            attachment_bytes: 0,
        }),
        Some(d::Smtp::Status { status }) => Err(MailError::from_code(
            "AT+SMTPSEND",
            status.as_str(),
            Some(status.doc()),
            classify(status),
        )),
        Some(d::Smtp::BadRcpt { address }) => Err(MailError::from_code(
            "AT+SMTPSEND",
            "BAD RCPT",
            Some(d::SmtpStatus::BadRcpt.doc()),
            ErrorKind::BadRecipient,
        )
        .with_detail(address.unwrap_or_default())),
        Some(d::Smtp::Other { detail }) => Err(MailError::from_code(
            "AT+SMTPSEND",
            detail,
            None,
            ErrorKind::Unknown,
        )),
        None => Err(MailError::new(
            ErrorKind::Protocol,
            "AT+SMTPSEND",
            "ended without its +SMTP completion",
        )),
    }
}
