//! POP3 retrieval through SIM900: log in, count, list, fetch, delete, log
//! out. Every answer is a completion URC after `OK`; a message is fetched
//! with `AT+POP3CMD=4,<n>` (RETR) and read back in `AT+POP3READ` chunks of
//! the server's raw answer, from which the `+OK` line, the dot-stuffing and
//! the final `.` line are removed here.

use atspec_dialects::simcom_sim900 as d;
use atspec_runtime::Command;

use crate::pop3::Pop3Account;
use crate::sim900::{classify, Sim900Modem};
use crate::{ErrorKind, MailError};

/// Largest chunk one `AT+POP3READ` asks for (the spec's cap).
const READ_CHUNK: u16 = 1460;
/// Largest message fetched (bytes of the server's answer).
pub const MAX_MESSAGE: usize = 4 << 20;

fn run<C: Command>(
    modem: &mut Sim900Modem,
    cmd: &C,
) -> Result<atspec_runtime::Reply<C>, MailError> {
    crate::step::reply(modem, cmd, classify)
}

fn missing(step: &str) -> MailError {
    MailError::new(ErrorKind::Protocol, step, "ended without its completion")
}

fn closed(step: &str, code: d::Pop3SessionResult) -> MailError {
    MailError::from_code(step, code.code(), code.meaning(), classify(code.code()))
        .with_detail("the module ended the POP3 session")
}

fn refused(step: &str) -> MailError {
    MailError::from_code(
        step,
        0,
        Some("the server refused the command"),
        ErrorKind::Server,
    )
}

/// The kind of failure a `+POP3IN` code stands for (65-68 differ from SMTP).
pub fn classify_login(code: d::Pop3LoginResult) -> ErrorKind {
    use d::Pop3LoginResult as L;
    match code {
        L::LoginRefused | L::BadUserName | L::BadCredentials => ErrorKind::Auth,
        L::ServerError => ErrorKind::Server,
        other => classify(other.code()),
    }
}

/// A logged-in POP3 session on a SIM900; log out with [`Sim900Pop3::logout`].
#[derive(Debug)]
pub struct Sim900Pop3<'m> {
    modem: &'m mut Sim900Modem,
}

impl<'m> Sim900Pop3<'m> {
    /// Uses bearer profile 1, sets the account and logs in.
    pub fn login(modem: &'m mut Sim900Modem, account: &Pop3Account) -> Result<Self, MailError> {
        run(modem, &d::EmailcidWrite::new(1)?)?;
        run(modem, &d::EmailtoWrite::new(30)?)?;
        let srv = d::Pop3srvWrite::new(
            &account.host,
            &account.user,
            account.password.expose(),
            Some(account.port),
        )?;
        run(modem, &srv)?;
        match run(modem, &d::Pop3inExec)?.outcome {
            Some(d::Pop3In {
                code: d::Pop3LoginResult::LoggedIn,
            }) => Ok(Sim900Pop3 { modem }),
            Some(d::Pop3In { code }) => Err(MailError::from_code(
                "AT+POP3IN",
                code.code(),
                code.meaning(),
                classify_login(code),
            )),
            None => Err(missing("AT+POP3IN")),
        }
    }

    /// Number of e-mails and their total size in bytes.
    pub fn count(&mut self) -> Result<(u64, u64), MailError> {
        match run(self.modem, &d::Pop3numExec)?.outcome {
            Some(d::Pop3Num::Listed { count, size }) => {
                Ok((non_negative(count), non_negative(size)))
            }
            Some(d::Pop3Num::Negative) => Err(refused("AT+POP3NUM")),
            Some(d::Pop3Num::Closed { code }) => Err(closed("AT+POP3NUM", code)),
            None => Err(missing("AT+POP3NUM")),
        }
    }

    /// Size in bytes of e-mail `id`.
    pub fn list(&mut self, id: u32) -> Result<u64, MailError> {
        match run(self.modem, &d::Pop3listWrite::new(id)?)?.outcome {
            Some(d::Pop3List::Listed { size, .. }) => Ok(non_negative(size)),
            Some(d::Pop3List::Negative) => Err(refused("AT+POP3LIST")),
            Some(d::Pop3List::Closed { code }) => Err(closed("AT+POP3LIST", code)),
            None => Err(missing("AT+POP3LIST")),
        }
    }

    /// Fetches e-mail `id` whole: its bytes as the server stored them
    /// (header, blank line, body), without POP3's framing.
    pub fn fetch(&mut self, id: u32) -> Result<Vec<u8>, MailError> {
        let cmd = d::Pop3cmdWrite::new(d::Pop3CmdType::Retr, Some((id, None)))?;
        match run(self.modem, &cmd)?.outcome {
            Some(d::Pop3Cmd::Accepted) => {}
            Some(d::Pop3Cmd::Refused) => return Err(refused("AT+POP3CMD")),
            Some(d::Pop3Cmd::Closed { code }) => return Err(closed("AT+POP3CMD", code)),
            None => return Err(missing("AT+POP3CMD")),
        }
        let mut answer = Vec::new();
        loop {
            let reply = run(self.modem, &d::Pop3readWrite::new(READ_CHUNK)?)?;
            let (data, last) = match reply.response {
                d::Pop3readWriteResponse::More { data, .. } => (data, false),
                d::Pop3readWriteResponse::Last { data, .. } => (data, true),
                d::Pop3readWriteResponse::Closed { code } => {
                    return Err(closed("AT+POP3READ", code))
                }
            };
            if answer.len() + data.len() > MAX_MESSAGE {
                return Err(MailError::new(
                    ErrorKind::Protocol,
                    "AT+POP3READ",
                    format!("the message is larger than {MAX_MESSAGE} bytes"),
                ));
            }
            answer.extend_from_slice(&data);
            if last {
                break;
            }
        }
        unframe(&answer)
    }

    /// Marks e-mail `id` for deletion when the session ends normally.
    pub fn delete(&mut self, id: u32) -> Result<(), MailError> {
        match run(self.modem, &d::Pop3delWrite::new(id)?)?.outcome {
            Some(d::Pop3Del::Marked) => Ok(()),
            Some(d::Pop3Del::Refused) => Err(refused("AT+POP3DEL")),
            Some(d::Pop3Del::Closed { code }) => Err(closed("AT+POP3DEL", code)),
            None => Err(missing("AT+POP3DEL")),
        }
    }

    /// Ends the session normally (deletions take effect).
    pub fn logout(self) -> Result<(), MailError> {
        match run(self.modem, &d::Pop3outExec)?.outcome {
            Some(d::Pop3Out {
                code: d::Pop3SessionResult::LoggedOut,
            }) => Ok(()),
            Some(d::Pop3Out { code }) => Err(closed("AT+POP3OUT", code)),
            None => Err(missing("AT+POP3OUT")),
        }
    }
}

/// The message inside a RETR answer: after the `+OK` line, up to the line
/// holding only `.`, with one leading dot removed from dot-stuffed lines
/// (RFC 1939 3).
pub fn unframe(answer: &[u8]) -> Result<Vec<u8>, MailError> {
    let bad = |why: &str| MailError::new(ErrorKind::Protocol, "AT+POP3READ", why);
    let Some(first) = answer.windows(2).position(|w| w == b"\r\n") else {
        return Err(bad("the answer has no status line"));
    };
    if !answer.starts_with(b"+OK") {
        return Err(bad("the server's answer does not start with +OK"));
    }
    let mut message = Vec::with_capacity(answer.len());
    let mut rest = &answer[first + 2..];
    while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
        let line = &rest[..end];
        if line == b"." {
            return Ok(message);
        }
        message.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
        message.extend_from_slice(b"\r\n");
        rest = &rest[end + 2..];
    }
    Err(bad("the answer ended before its final \".\" line"))
}

fn non_negative(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
