//! The `quectel_uc15` dialect (spec: `specs/quectel_uc15.atspec`).
//!
//! Quectel UC15 SMTP manual: `AT+QSMTPCFG` sub-commands keyed by setting name
//! (the key alone reads the setting back), recipients, subject (hex when the
//! character set is not ASCII), a body entered in `CONNECT` data mode, RAM or
//! UFS attachments, and a send whose outcome arrives after `OK` as
//! `+QSMTPPUT: <err>,<protocol_error>`. Errors come as `+CME ERROR: <err>`.
atspec_macros::dialect!("specs/quectel_uc15.atspec");
