//! `c` cannot be given without `b`: there is no argument list that says so.

mod nested {
    atspec_macros::dialect!("../../../specs/ui_nested.atspec");
}

fn main() {
    let _ = nested::NestWrite::new(1, None, Some(3));
    let _ = nested::NestWrite::new(1, Some((None, Some(3))));
}
