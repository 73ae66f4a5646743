//! POP3 retrieval through SIM52xx: log in, count, list, fetch, delete, log out.

use atspec_dialects::simcom_sim52xx as d;
use atspec_runtime::wire::Secret;
use atspec_runtime::Command;

use crate::sim52xx::Sim52xxModem;
use crate::{ErrorKind, MailError};

/// A POP3 mailbox and how to log in to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pop3Account {
    /// Server host name or address.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// User name.
    pub user: String,
    /// Password (never in `Debug`).
    pub password: Secret<String>,
}

/// The kind of failure a `+POP3` status stands for.
pub fn classify(status: d::Pop3Status) -> ErrorKind {
    match status {
        d::Pop3Status::Success => ErrorKind::Protocol,
        d::Pop3Status::Failure | d::Pop3Status::ServerError => ErrorKind::Server,
        d::Pop3Status::NetworkError => ErrorKind::Network,
        d::Pop3Status::InvalidUser | d::Pop3Status::InvalidLogin => ErrorKind::Auth,
        d::Pop3Status::FileSystemError => ErrorKind::Unknown,
    }
}

fn failed(step: &str, status: d::Pop3Status) -> MailError {
    MailError::from_code(step, status.as_str(), Some(status.doc()), classify(status))
}

fn run<C: Command>(
    modem: &mut Sim52xxModem,
    cmd: &C,
) -> Result<atspec_runtime::Reply<C>, MailError> {
    crate::step::reply(modem, cmd, crate::step::no_code)
}

fn expect_success(step: &str, status: d::Pop3Status) -> Result<(), MailError> {
    if status == d::Pop3Status::Success {
        Ok(())
    } else {
        Err(failed(step, status))
    }
}

/// A logged-in POP3 session on a SIM52xx; log out with [`Sim52xxPop3::logout`].
#[derive(Debug)]
pub struct Sim52xxPop3<'m> {
    modem: &'m mut Sim52xxModem,
}

impl<'m> Sim52xxPop3<'m> {
    /// Sets the account and logs in.
    pub fn login(modem: &'m mut Sim52xxModem, account: &Pop3Account) -> Result<Self, MailError> {
        let srv = d::Pop3srvWrite::new(
            &account.host,
            &account.user,
            account.password.expose(),
            account.port,
        )?;
        run(modem, &srv)?;
        let reply = run(modem, &d::Pop3inExec)?;
        expect_success("AT+POP3IN", reply.response.status)?;
        Ok(Sim52xxPop3 { modem })
    }

    /// Number of e-mails and their total size in bytes.
    pub fn count(&mut self) -> Result<(u64, u64), MailError> {
        match run(self.modem, &d::Pop3numExec)?.response {
            d::Pop3numExecResponse::Counts { count, total_size } => {
                Ok((non_negative(count), non_negative(total_size)))
            }
            d::Pop3numExecResponse::Failed { status } => Err(failed("AT+POP3NUM", status)),
        }
    }

    /// Size in bytes of e-mail `id`.
    pub fn list(&mut self, id: u16) -> Result<u64, MailError> {
        match run(self.modem, &d::Pop3listWrite::new(id)?)?.response {
            d::Pop3listWriteResponse::Entry { size, .. } => Ok(non_negative(size)),
            d::Pop3listWriteResponse::Failed { status } => Err(failed("AT+POP3LIST", status)),
        }
    }

    /// Fetches e-mail `id` into the module and returns its header and text
    /// as the module shows them (lines joined with `\n`).
    ///
    /// `AT+POP3READ` prints the mail as free text up to its final result and
    /// carries no length, so a mail line that is exactly `OK` or `ERROR` ends
    /// the text there, and a line starting `+SMTP:` or `+POP3:` is taken for
    /// a URC: the dialect cannot carry such mails exactly. Lines such as `.`
    /// or `+SMTPSEND: 1` come through as they are.
    pub fn fetch(&mut self, id: u16) -> Result<String, MailError> {
        let reply = run(self.modem, &d::Pop3getWrite::new(id)?)?;
        match reply.outcome {
            Some(d::Pop3 { status }) => expect_success("AT+POP3GET", status)?,
            None => {
                return Err(MailError::new(
                    ErrorKind::Protocol,
                    "AT+POP3GET",
                    "ended without its +POP3 completion",
                ))
            }
        }
        Ok(run(self.modem, &d::Pop3readExec)?.response)
    }

    /// Marks e-mail `id` for deletion when the session ends normally.
    pub fn delete(&mut self, id: u16) -> Result<(), MailError> {
        let reply = run(self.modem, &d::Pop3delWrite::new(id)?)?;
        expect_success("AT+POP3DEL", reply.response.status)
    }

    /// Ends the session normally (deletions take effect).
    pub fn logout(self) -> Result<(), MailError> {
        let reply = run(self.modem, &d::Pop3outExec)?;
        expect_success("AT+POP3OUT", reply.response.status)
    }
}

fn non_negative(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
