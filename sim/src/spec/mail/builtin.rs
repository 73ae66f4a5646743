//! The mail profiles of the five seed dialects, built in (the files in
//! `dialects/mail/`), and the one-call set-up of a mail-sending module.

use std::sync::Arc;

use at_spec::ir::Dialect;

use super::{MailConfig, MailProfile, Outbox, Relay};
use crate::spec::modem::{SpecModem, SpecOptions};

/// `(dialect, profile text)` of the five seed dialects.
pub const PROFILES: [(&str, &str); 5] = [
    (
        "quectel_gsm",
        include_str!("../../../../dialects/mail/quectel_gsm.toml"),
    ),
    (
        "quectel_uc15",
        include_str!("../../../../dialects/mail/quectel_uc15.toml"),
    ),
    (
        "simcom_sim52xx",
        include_str!("../../../../dialects/mail/simcom_sim52xx.toml"),
    ),
    (
        "simcom_sim900",
        include_str!("../../../../dialects/mail/simcom_sim900.toml"),
    ),
    (
        "simcom_smtps",
        include_str!("../../../../dialects/mail/simcom_smtps.toml"),
    ),
];

/// The built-in profile of dialect `name`, if it is one of the five.
pub fn builtin(name: &str) -> Option<Result<MailConfig, String>> {
    PROFILES
        .iter()
        .find(|(d, _)| *d == name)
        .map(|(d, text)| MailConfig::parse(&format!("dialects/mail/{d}.toml"), text))
}

impl MailProfile {
    /// The spec options the profile sets (bad-input answer, chunk window) over `base`.
    pub fn options(&self, base: SpecOptions) -> SpecOptions {
        let config = self.config();
        SpecOptions {
            bad_input: config.bad_input.clone().unwrap_or(base.bad_input),
            chunk_window: config.chunk_window.unwrap_or(base.chunk_window),
            ..base
        }
    }

    /// The spec-driven module of `dialect` with this profile, and its outbox.
    pub fn into_modem(self, dialect: Arc<Dialect>, base: SpecOptions) -> (SpecModem, Outbox) {
        let options = self.options(base);
        let outbox = self.outbox();
        let modem = SpecModem::new(dialect)
            .with_options(options)
            .with_behaviour(Box::new(self));
        (modem, outbox)
    }
}

/// The module of `dialect` with profile `config`, delivering to `relay`.
pub fn mail_modem(
    dialect: Arc<Dialect>,
    config: MailConfig,
    relay: Relay,
) -> Result<(SpecModem, Outbox), String> {
    let profile = MailProfile::new(config, &dialect, relay)?;
    Ok(profile.into_modem(dialect, SpecOptions::default()))
}
