//! The `quectel_uc15` dialect (spec: `specs/quectel_uc15.atspec`).
