//! The `simcom_smtps` dialect (spec: `specs/simcom_smtps.atspec`).
