//! Every prefix of a nested optional list can be given.

mod nested {
    atspec_macros::dialect!("../../../specs/ui_nested.atspec");
}

fn main() {
    let _ = nested::NestWrite::new(1, None);
    let _ = nested::NestWrite::new(1, Some((2, None)));
    let _ = nested::NestWrite::new(1, Some((2, Some(3))));
}
