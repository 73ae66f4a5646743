//! The `.atspec` language: grammar, validated IR and diagnostics.

pub mod ir;
