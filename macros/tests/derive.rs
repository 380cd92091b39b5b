//! Compile tests of the derive macros: bindings that must compile, and mismatches with their exact errors.

#[test]
fn derives() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/pass/*.rs");
    cases.compile_fail("tests/fail/*.rs");
}
