//! Picking the dialect by name: one enum of modems, one `send`.

use std::fmt;
use std::str::FromStr;

use atspec_runtime::{Error as RuntimeError, Modem};
use serialport::TTYPort;

use crate::{gsm, sim52xx, sim900, smtps, uc15, Email, MailError, Sent, SmtpAccount};

/// The five dialects that send mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DialectName {
    /// SIMCom SIM900 (`simcom_sim900`).
    SimcomSim900,
    /// SIMCom SIM7500/SIM7600 `AT+CSMTPS*` (`simcom_smtps`).
    SimcomSmtps,
    /// SIMCom SIM52xx (`simcom_sim52xx`).
    SimcomSim52xx,
    /// Quectel UC15 (`quectel_uc15`).
    QuectelUc15,
    /// Quectel GSM M-series (`quectel_gsm`).
    QuectelGsm,
}

impl DialectName {
    /// Every dialect, in the order the demo runs them.
    pub const ALL: [DialectName; 5] = [
        DialectName::SimcomSim900,
        DialectName::SimcomSmtps,
        DialectName::SimcomSim52xx,
        DialectName::QuectelUc15,
        DialectName::QuectelGsm,
    ];

    /// The dialect's name (its spec's file stem, e.g. `simcom_sim900`).
    pub const fn name(self) -> &'static str {
        match self {
            DialectName::SimcomSim900 => "simcom_sim900",
            DialectName::SimcomSmtps => "simcom_smtps",
            DialectName::SimcomSim52xx => "simcom_sim52xx",
            DialectName::QuectelUc15 => "quectel_uc15",
            DialectName::QuectelGsm => "quectel_gsm",
        }
    }

    /// Whether the dialect transfers attachments over the line.
    pub const fn sends_attachments(self) -> bool {
        matches!(self, DialectName::SimcomSim900 | DialectName::QuectelGsm)
    }
}

impl fmt::Display for DialectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is none of the five dialects.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown dialect `{0}`; expected one of simcom_sim900, simcom_smtps, simcom_sim52xx, quectel_uc15, quectel_gsm")]
pub struct UnknownDialect(pub String);

impl FromStr for DialectName {
    type Err = UnknownDialect;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DialectName::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| UnknownDialect(s.to_owned()))
    }
}

/// A modem of any of the five dialects.
#[derive(Debug)]
pub enum AnyModem {
    /// SIM900.
    SimcomSim900(sim900::Sim900Modem),
    /// SIM7500/SIM7600.
    SimcomSmtps(smtps::SmtpsModem),
    /// SIM52xx.
    SimcomSim52xx(sim52xx::Sim52xxModem),
    /// UC15.
    QuectelUc15(uc15::Uc15Modem),
    /// Quectel GSM.
    QuectelGsm(gsm::GsmModem),
}

impl AnyModem {
    /// A modem of `dialect` on a pseudo-terminal or tty (URCs are dropped).
    pub fn from_tty(dialect: DialectName, port: TTYPort) -> Result<Self, RuntimeError> {
        Ok(match dialect {
            DialectName::SimcomSim900 => AnyModem::SimcomSim900(Modem::from_tty(port)?.0),
            DialectName::SimcomSmtps => AnyModem::SimcomSmtps(Modem::from_tty(port)?.0),
            DialectName::SimcomSim52xx => AnyModem::SimcomSim52xx(Modem::from_tty(port)?.0),
            DialectName::QuectelUc15 => AnyModem::QuectelUc15(Modem::from_tty(port)?.0),
            DialectName::QuectelGsm => AnyModem::QuectelGsm(Modem::from_tty(port)?.0),
        })
    }

    /// A modem of `dialect` on the serial device `path` at `baud` (URCs are dropped).
    pub fn open(dialect: DialectName, path: &str, baud: u32) -> Result<Self, RuntimeError> {
        Ok(match dialect {
            DialectName::SimcomSim900 => AnyModem::SimcomSim900(Modem::open(path, baud)?.0),
            DialectName::SimcomSmtps => AnyModem::SimcomSmtps(Modem::open(path, baud)?.0),
            DialectName::SimcomSim52xx => AnyModem::SimcomSim52xx(Modem::open(path, baud)?.0),
            DialectName::QuectelUc15 => AnyModem::QuectelUc15(Modem::open(path, baud)?.0),
            DialectName::QuectelGsm => AnyModem::QuectelGsm(Modem::open(path, baud)?.0),
        })
    }

    /// The modem's dialect.
    pub fn dialect(&self) -> DialectName {
        match self {
            AnyModem::SimcomSim900(_) => DialectName::SimcomSim900,
            AnyModem::SimcomSmtps(_) => DialectName::SimcomSmtps,
            AnyModem::SimcomSim52xx(_) => DialectName::SimcomSim52xx,
            AnyModem::QuectelUc15(_) => DialectName::QuectelUc15,
            AnyModem::QuectelGsm(_) => DialectName::QuectelGsm,
        }
    }

    /// Sends `email` with the dialect's own flow.
    pub fn send(&mut self, account: &SmtpAccount, email: &Email) -> Result<Sent, MailError> {
        self.send_observed(account, email, &mut |_| {})
    }

    /// [`AnyModem::send`], reporting every batch of data-phase bytes written
    /// (body, subject or attachment, as the dialect sends them) to `progress`.
    pub fn send_observed(
        &mut self,
        account: &SmtpAccount,
        email: &Email,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Sent, MailError> {
        match self {
            AnyModem::SimcomSim900(m) => sim900::send_observed(m, account, email, progress),
            AnyModem::SimcomSmtps(m) => smtps::send_observed(m, account, email, progress),
            AnyModem::SimcomSim52xx(m) => sim52xx::send(m, account, email),
            AnyModem::QuectelUc15(m) => uc15::send_observed(m, account, email, progress),
            AnyModem::QuectelGsm(m) => gsm::send_observed(m, account, email, progress),
        }
    }
}
