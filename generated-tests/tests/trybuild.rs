//! Compile-pass and compile-fail cases of the `dialect!` macro.
//!
//! trybuild builds each case in `target/tests/trybuild/generated-tests`, so
//! the cases name their specs relative to that directory.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
