//! The `simcom_sim52xx` dialect (spec: `specs/simcom_sim52xx.atspec`).
//!
//! SIMCom SIM52xx e-mail application note: SMTP configuration and sending
//! (`+SMTP: <status>` before and after `OK`), and POP3 sessions whose answers
//! all use the `+POP3:` prefix (counts, list entries or a status word), with
//! e-mail headers and texts returned as free text up to `OK`.
atspec_macros::dialect!("specs/simcom_sim52xx.atspec");
