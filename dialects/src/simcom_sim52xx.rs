//! The `simcom_sim52xx` dialect (spec: `specs/simcom_sim52xx.atspec`).
