//! `format` and `formatlist` over typed values, with Terraform 1.11's
//! answers (also in `fixtures/eval-diff/cases/format.cases`).

use crate::eval::cty::{Num, Type, Val};

fn num(s: &str) -> Val {
    Val::num(Num::parse(s).unwrap())
}

fn fmt(spec: &str, args: Vec<Val>) -> Val {
    let mut all = vec![Val::str(spec)];
    all.extend(args);
    super::format::format(&all).unwrap_or_else(|e| e)
}

fn known(spec: &str, arg: &str) -> String {
    match fmt(spec, vec![num(arg)]) {
        Val::Str(s) => s.to_string(),
        other => panic!("{spec} {arg}: {other:?}"),
    }
}

#[test]
fn float_verbs_follow_go_big_float() {
    let cases = [
        ("%e", "1.5", "1.500000e+00"),
        ("%E", "123456", "1.234560E+05"),
        ("%g", "0.00001", "1e-05"),
        ("%g", "100000000", "1e+08"),
        ("%G", "1e-7", "1E-07"),
        ("%.1f", "0.25", "0.2"),
        ("%.0f", "1.5", "2"),
        ("%.0e", "2.5", "2e+00"),
        ("%.3e", "9.9996", "1.000e+01"),
        ("%10.3e|", "3.14159", " 3.142e+00|"),
        ("%-10.3e|", "3.14159", "3.142e+00 |"),
        ("%-010.3e|", "3.14159", "03.142e+00|"),
        ("%08g|", "-1.5", "-00001.5|"),
        ("%+e", "3", "+3.000000e+00"),
        ("% e", "3", " 3.000000e+00"),
        ("%.3g", "1234567", "1.23e+06"),
        ("%.10g", "1234567", "1234567"),
        ("%.2g", "0.000123456", "0.00012"),
        ("%g", "12345678901234567890", "1.234567890123456789e+19"),
        ("%e", "0", "0.000000e+00"),
        ("%.1f", "-0.01", "-0.0"),
        ("%f", "12345678901234567890", "12345678901234567890.000000"),
        ("%v", "-0.00001", "-1e-05"),
        ("%v", "12345678", "1.2345678e+07"),
        ("%s", "12345678901234567890", "12345678901234567890"),
    ];
    for (spec, arg, want) in cases {
        assert_eq!(known(spec, arg), want, "{spec} {arg}");
    }
}

#[test]
fn halfway_cases_of_non_binary_fractions_are_unknown() {
    // Terraform rounds the 512-bit float: 0.15 -> "0.2", 2.675 -> "2.67".
    for (spec, arg) in [("%.1f", "0.15"), ("%.2f", "2.675"), ("%.2e", "1.135")] {
        assert!(fmt(spec, vec![num(arg)]).is_unknown(), "{spec} {arg}");
    }
    // Past the float's digits its binary expansion shows.
    assert!(fmt("%.150f", vec![num("0.1")]).is_unknown());
    assert_eq!(known("%.150f", "0.5").len(), 152);
}

#[test]
fn integer_verbs_follow_go_big_int() {
    let cases = [
        ("%x", "12345678901234567890", "ab54a98ceb1f0ad2"),
        ("%#x", "255", "0xff"),
        ("%#o", "8", "010"),
        ("%#b", "5", "0b101"),
        ("%08.3d|", "5", "     005|"),
        ("%-8d|", "-5", "-5      |"),
        ("%+.0d|", "0", "|"),
        ("%X", "-255", "-FF"),
        ("%.5d", "-42", "-00042"),
    ];
    for (spec, arg, want) in cases {
        assert_eq!(known(spec, arg), want, "{spec} {arg}");
    }
    assert!(fmt("%d", vec![num("1.5")]).is_error());
}

#[test]
fn bad_formats_and_arguments_are_errors() {
    for spec in ["%", "%5", "%.", "%!", "%*d", "%y", "%[1]5d"] {
        assert!(fmt(spec, vec![num("1")]).is_error(), "{spec}");
    }
    assert!(fmt("%s", vec![Val::str("a"), Val::str("b")]).is_error());
    assert!(fmt("%e", vec![Val::str("x")]).is_error());
    assert!(fmt("%e", vec![Val::Bool(true)]).is_error());
    assert_eq!(fmt("%e", vec![Val::str("1.5")]), Val::str("1.500000e+00"));
    assert_eq!(
        fmt("%[2]s", vec![Val::str("a"), Val::str("b")]),
        Val::str("b")
    );
    // Terraform answers unknown for a null or unknown argument.
    assert!(fmt("%v", vec![Val::null()]).is_unknown());
    assert!(fmt("%e", vec![Val::unknown(Type::Number)]).is_unknown());
}

#[test]
fn formatlist_maps_rows() {
    let list = Val::list(Type::Number, vec![num("1"), num("2.5")]);
    let r = super::format::formatlist(&[Val::str("%.2f"), list]).unwrap();
    let want = Val::list(Type::String, vec![Val::str("1.00"), Val::str("2.50")]);
    assert_eq!(r, want);
    let bad = Val::list(Type::String, vec![Val::str("x")]);
    assert!(super::format::formatlist(&[Val::str("%e"), bad]).is_err_and(|e| e.is_error()));
    let unk = Val::list(Type::Number, vec![Val::unknown(Type::Number)]);
    let r = super::format::formatlist(&[Val::str("%e"), unk]).unwrap_err();
    assert_eq!(r, Val::unknown(Type::list(Type::String)));
}
