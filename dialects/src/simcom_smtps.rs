//! The `simcom_smtps` dialect (spec: `specs/simcom_smtps.atspec`).
//!
//! SIMCom LTE modules (SIM7500/SIM7600 class), `AT+CSMTPS*` commands of the
//! SMTPS manual: server, login, sender, recipients, subject and body entered
//! after a `>` prompt (exact byte counts), attachments (non-ASCII names sent
//! hex-encoded after `{non-ascii}`), and a send whose outcome arrives after
//! `OK` as `+CSMTPSSEND: <err>`. Failures may be explained by a
//! `+CSMTPS: <err>` / `+CSMTPSSEND: <err>` line before `ERROR`.
atspec_macros::dialect!("specs/simcom_smtps.atspec");
