//! Typed APIs for the e-mail AT dialects of five SIMCom and Quectel manuals,
//! generated at compile time from the `.atspec` files in `specs/`.
//! One cargo feature per dialect; all are on by default.

#[cfg(feature = "quectel_gsm")]
pub mod quectel_gsm;
#[cfg(feature = "quectel_uc15")]
pub mod quectel_uc15;
#[cfg(feature = "simcom_sim52xx")]
pub mod simcom_sim52xx;
#[cfg(feature = "simcom_sim900")]
pub mod simcom_sim900;
#[cfg(feature = "simcom_smtps")]
pub mod simcom_smtps;
