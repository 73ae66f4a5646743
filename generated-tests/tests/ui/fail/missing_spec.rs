//! A missing spec file is one compile_error!.

mod missing {
    atspec_macros::dialect!("./does_not_exist.atspec");
}

fn main() {}
