//! Generated-name clashes (a URC named `Dialect`, commands `SMTP` and
//! `smtp`, keys `1` and `"1"`) are spec errors with positions, shown as one
//! compile_error!, never rustc E0428 at the macro call.

mod clash {
    atspec_macros::dialect!("../../../specs/ui_collisions.atspec");
}

fn main() {}
