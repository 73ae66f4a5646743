//! The `quectel_gsm` dialect (spec: `specs/quectel_gsm.atspec`).
