//! The `simcom_sim900` dialect (spec: `specs/simcom_sim900.atspec`).
