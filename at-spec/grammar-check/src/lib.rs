//! No library: `tests/grammar_generated.rs` checks that the parsers checked
//! in under `at-spec/src/grammar/` are what `pest_generator` makes of
//! at-spec's `.pest` files.
