//! The `simcom_sim900` dialect (spec: `specs/simcom_sim900.atspec`).
//!
//! SIMCom SIM900 family e-mail commands from the "SIM900 Email AT Command
//! Manual" V1.04: bearer and timeout set-up (`AT+EMAILCID`, `AT+EMAILTO`),
//! SMTP (`AT+SMTPSRV` .. `AT+SMTPCS`, with the `>`/Ctrl-Z body entry and the
//! URC-driven `AT+SMTPFT` attachment chunks), POP3 (`AT+POP3SRV` ..
//! `AT+POP3OUT`, with counted `AT+POP3READ` payloads) and `AT+EMAILSSL`.
//! Every request type validates its parameters (ranges, cross-parameter rules
//! such as `AT+SMTPFILE`'s file type / encoding pairing) before it can be
//! encoded; completions (`+SMTPSEND`, `+POP3IN`, `+POP3NUM` ...) arrive as
//! typed URCs.
atspec_macros::dialect!("specs/simcom_sim900.atspec");
