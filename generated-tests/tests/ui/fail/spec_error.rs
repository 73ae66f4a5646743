//! A spec error is one compile_error! naming the spec's file:line:col, and nothing else.

mod bad {
    atspec_macros::dialect!("../../../specs/ui_bad.atspec");
}

fn main() {}
