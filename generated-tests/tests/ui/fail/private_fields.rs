//! A request can only be built through its validating constructor.

mod nested {
    atspec_macros::dialect!("../../../specs/ui_nested.atspec");
}

fn main() {
    let _ = nested::NestWrite { a: 99, b: None, c: None };
}
