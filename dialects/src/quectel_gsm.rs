//! The `quectel_gsm` dialect (spec: `specs/quectel_gsm.atspec`).
//!
//! Quectel GSM (M-series) SMTP client commands from the "GSM SMTP AT
//! Commands" manual V1.00: account and sender (`AT+QSMTPUSER`,
//! `AT+QSMTPPWD`, `AT+QSMTPADDR`, `AT+QSMTPNAME`), server and recipients
//! (`AT+QSMTPSRV`, `AT+QSMTPDST`), content (`AT+QSMTPSUB`, and the
//! `CONNECT`-based `AT+QSMTPBODY` / `AT+QSMTPATT` data entry),
//! `AT+QSMTPDATT`, `AT+QSMTPCLR`, `AT+QSMTPCFG` and `AT+QSMTPPUT`. Results
//! are `0` or a negative code of [`QsmtpResult`] (module errors and negated
//! SMTP reply codes).
atspec_macros::dialect!("specs/quectel_gsm.atspec");
