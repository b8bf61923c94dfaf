//! Function tests in the rules' view (untyped `Value`s in and out), run
//! through the typed implementations: arguments are typed as literals would
//! be (lists as tuples, maps as objects), results viewed back, errors and
//! unknowns both `Unknown`.

use super::legacy::IMPLEMENTED;
use crate::eval::budget::Budget;
use crate::eval::cty;
use crate::eval::value::Value;
use crate::model::Module;

fn call(name: &str, args: Vec<Value>, expand_final: bool) -> Value {
    let module = Module::default();
    let budget = Budget::default();
    let env = super::FnEnv {
        module: &module,
        budget: &budget,
        root: None,
    };
    let vals: Vec<cty::Val> = args.iter().map(cty::from_view).collect();
    if vals.iter().any(|v| v.find_error().is_some()) {
        return Value::Unknown;
    }
    cty::view(&super::call(&env, name, vals, expand_final))
}

use proptest::prelude::*;

const U: Value = Value::Unknown;

fn s(x: &str) -> Value {
    Value::String(x.to_string())
}
fn n(x: f64) -> Value {
    Value::Number(x)
}
fn b(x: bool) -> Value {
    Value::Bool(x)
}
fn l(items: Vec<Value>) -> Value {
    Value::List(items)
}
fn strs(items: &[&str]) -> Value {
    l(items.iter().map(|x| s(x)).collect())
}
fn nums(items: &[f64]) -> Value {
    l(items.iter().map(|x| n(*x)).collect())
}
fn m(pairs: &[(&str, Value)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}
fn c(name: &str, args: Vec<Value>) -> Value {
    call(name, args, false)
}

#[test]
fn unknown_function_and_excluded() {
    assert_eq!(c("nosuchfunction", vec![s("a")]), U);
    assert_eq!(c("try", vec![s("a")]), U);
    assert_eq!(c("can", vec![s("a")]), U);
    assert_eq!(c("yamlencode", vec![s("a\nb")]), U);
    assert_eq!(c("yamlencode", vec![s("a")]), s("\"a\"\n"));
    assert_eq!(c("provider::x::f", vec![]), U);
}

#[test]
fn implemented_list_is_sorted() {
    let mut sorted = IMPLEMENTED.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, IMPLEMENTED);
}

#[test]
fn expand_final() {
    assert_eq!(
        call("concat", vec![strs(&["a"]), l(vec![strs(&["b"])])], true),
        strs(&["a", "b"])
    );
    assert_eq!(call("max", vec![nums(&[1.0, 5.0, 3.0])], true), n(5.0));
    assert_eq!(call("max", vec![n(7.0), nums(&[1.0])], true), n(7.0));
    assert_eq!(call("max", vec![U], true), U);
    assert_eq!(call("max", vec![n(1.0)], true), U);
    assert_eq!(call("max", vec![], true), U);
    assert_eq!(call("max", vec![l(vec![])], true), U);
}

#[test]
fn concat_fn() {
    assert_eq!(
        c("concat", vec![strs(&["a"]), strs(&["b", "c"])]),
        strs(&["a", "b", "c"])
    );
    assert_eq!(c("concat", vec![strs(&["a"]), U]), U);
    assert_eq!(
        c("concat", vec![strs(&["a"]), l(vec![s("b"), U])]),
        l(vec![s("a"), s("b"), U])
    );
    assert_eq!(c("concat", vec![]), U);
    assert_eq!(c("concat", vec![s("a")]), U);
    assert_eq!(c("concat", vec![strs(&[]), Value::Null]), U);
    assert_eq!(c("concat", vec![strs(&[])]), strs(&[]));
}

#[test]
fn distinct_fn() {
    assert_eq!(
        c("distinct", vec![strs(&["b", "a", "b", "c", "a"])]),
        strs(&["b", "a", "c"])
    );
    assert_eq!(c("distinct", vec![l(vec![s("a"), U])]), U);
    assert_eq!(c("distinct", vec![U]), U);
    assert_eq!(c("distinct", vec![s("a")]), U);
    // Tuples unify to list(string).
    assert_eq!(c("distinct", vec![l(vec![s("1"), n(1.0)])]), strs(&["1"]));
    assert_eq!(c("distinct", vec![l(vec![b(true), n(1.0)])]), U);
}

#[test]
fn flatten_fn() {
    let nested = l(vec![
        strs(&["a"]),
        l(vec![l(vec![s("b")]), s("c")]),
        l(vec![]),
        s("d"),
    ]);
    assert_eq!(c("flatten", vec![nested]), strs(&["a", "b", "c", "d"]));
    assert_eq!(c("flatten", vec![l(vec![strs(&["a"]), U])]), U);
    assert_eq!(c("flatten", vec![l(vec![l(vec![U])])]), U);
    assert_eq!(
        c("flatten", vec![l(vec![m(&[("a", s("b"))]), Value::Null])]),
        l(vec![m(&[("a", s("b"))]), Value::Null])
    );
    assert_eq!(c("flatten", vec![m(&[])]), U);
}

#[test]
fn set_functions() {
    assert_eq!(
        c("setunion", vec![strs(&["b", "a"]), strs(&["c", "a"])]),
        strs(&["a", "b", "c"])
    );
    assert_eq!(c("setunion", vec![strs(&["a"]), U]), U);
    assert_eq!(c("setunion", vec![l(vec![s("a"), U])]), U);
    assert_eq!(c("setunion", vec![]), U);
    assert_eq!(
        c("setunion", vec![strs(&["a"]), nums(&[1.0])]),
        strs(&["1", "a"])
    );
    assert_eq!(
        c(
            "setintersection",
            vec![
                strs(&["a", "b", "c"]),
                strs(&["b", "c", "d"]),
                strs(&["c", "b"])
            ]
        ),
        strs(&["b", "c"])
    );
    assert_eq!(c("setintersection", vec![strs(&["a"]), U]), U);
    assert_eq!(c("setintersection", vec![]), U);
    assert_eq!(
        c("setsubtract", vec![strs(&["c", "a", "b"]), strs(&["b"])]),
        strs(&["a", "c"])
    );
    assert_eq!(c("setsubtract", vec![strs(&["a"])]), U);
    assert_eq!(c("setsubtract", vec![strs(&["a"]), l(vec![U])]), U);
    assert_eq!(
        c("setproduct", vec![strs(&["a", "b"]), nums(&[1.0, 2.0])]),
        l(vec![
            l(vec![s("a"), n(1.0)]),
            l(vec![s("a"), n(2.0)]),
            l(vec![s("b"), n(1.0)]),
            l(vec![s("b"), n(2.0)]),
        ])
    );
    assert_eq!(c("setproduct", vec![strs(&["a"]), strs(&[])]), l(vec![]));
    assert_eq!(c("setproduct", vec![strs(&["a"])]), U);
    assert_eq!(c("setproduct", vec![strs(&["a"]), U]), U);
    let big = l(vec![n(0.0); 1000]);
    assert_eq!(c("setproduct", vec![big.clone(), big]), U);
}

#[test]
fn conversions_to_collections() {
    assert_eq!(c("toset", vec![strs(&["b", "a", "b"])]), strs(&["a", "b"]));
    assert_eq!(
        c("toset", vec![nums(&[10.0, 9.0, 10.0])]),
        nums(&[9.0, 10.0])
    );
    assert_eq!(
        c("toset", vec![l(vec![b(true), b(false)])]),
        l(vec![b(false), b(true)])
    );
    assert_eq!(
        c("toset", vec![l(vec![s("b"), n(10.0), n(9.0)])]),
        strs(&["10", "9", "b"])
    );
    // A known set with an unknown element (its size is not known).
    assert_eq!(c("toset", vec![l(vec![s("a"), U])]), l(vec![s("a"), U]));
    // A set of tuples, as Terraform builds it.
    assert_eq!(
        c("toset", vec![l(vec![strs(&["a"])])]),
        l(vec![strs(&["a"])])
    );
    // cty's sets hold a null, after the known values (Terraform 1.11).
    assert_eq!(
        c("toset", vec![l(vec![Value::Null, s("a")])]),
        l(vec![s("a"), Value::Null])
    );
    assert_eq!(c("toset", vec![Value::Null]), Value::Null);
    assert_eq!(c("toset", vec![m(&[])]), U);
    assert_eq!(
        c("tolist", vec![l(vec![s("a"), n(1.0), b(true)])]),
        strs(&["a", "1", "true"])
    );
    assert_eq!(c("tolist", vec![l(vec![s("a"), U])]), l(vec![s("a"), U]));
    assert_eq!(c("tolist", vec![l(vec![n(1.0), U])]), U);
    assert_eq!(c("tolist", vec![l(vec![n(1.0), strs(&[])])]), U);
    assert_eq!(c("tolist", vec![s("a")]), U);
    assert_eq!(
        c("tomap", vec![m(&[("a", s("x")), ("b", n(2.0))])]),
        m(&[("a", s("x")), ("b", s("2"))])
    );
    assert_eq!(c("tomap", vec![m(&[("a", s("x")), ("b", strs(&[]))])]), U);
    assert_eq!(c("tomap", vec![strs(&["a"])]), U);
    assert_eq!(c("tomap", vec![U]), U);
}

#[test]
fn merge_fn() {
    assert_eq!(
        c(
            "merge",
            vec![
                m(&[("a", s("1")), ("b", s("2"))]),
                Value::Null,
                m(&[("b", s("3")), ("c", U)])
            ]
        ),
        m(&[("a", s("1")), ("b", s("3")), ("c", U)])
    );
    assert_eq!(c("merge", vec![]), m(&[]));
    assert_eq!(c("merge", vec![m(&[]), U]), U);
    assert_eq!(c("merge", vec![m(&[]), strs(&[])]), U);
}

#[test]
fn lookup_fn() {
    let map = m(&[("a", s("x")), ("u", U)]);
    assert_eq!(c("lookup", vec![map.clone(), s("a")]), s("x"));
    assert_eq!(c("lookup", vec![map.clone(), s("u"), s("d")]), U);
    assert_eq!(c("lookup", vec![map.clone(), s("zz"), s("d")]), s("d"));
    assert_eq!(c("lookup", vec![map.clone(), s("zz")]), U);
    assert_eq!(c("lookup", vec![map.clone(), U, s("d")]), U);
    assert_eq!(c("lookup", vec![U, s("a"), s("d")]), U);
    assert_eq!(c("lookup", vec![strs(&["a"]), s("a"), s("d")]), U);
    assert_eq!(c("lookup", vec![map]), U);
    assert_eq!(c("lookup", vec![m(&[("1", s("one"))]), n(1.0)]), s("one"));
}

#[test]
fn coalesce_fns() {
    assert_eq!(
        c("coalesce", vec![Value::Null, s(""), s("b"), s("c")]),
        s("b")
    );
    assert_eq!(c("coalesce", vec![s("a"), U]), s("a"));
    assert_eq!(c("coalesce", vec![Value::Null, U, s("a")]), U);
    assert_eq!(c("coalesce", vec![n(1.0), n(2.0)]), n(1.0));
    assert_eq!(c("coalesce", vec![n(1.0), s("b")]), s("1"));
    // The first non-null argument decides before the unknown is reached.
    assert_eq!(c("coalesce", vec![n(1.0), U]), n(1.0));
    assert_eq!(c("coalesce", vec![Value::Null, s("")]), U);
    assert_eq!(c("coalesce", vec![]), U);
    assert_eq!(c("coalesce", vec![n(1.0), b(true)]), U);
    assert_eq!(c("coalesce", vec![strs(&["a"]), s("b")]), U);
    assert_eq!(
        c(
            "coalescelist",
            vec![strs(&[]), Value::Null, strs(&["a"]), U]
        ),
        strs(&["a"])
    );
    assert_eq!(c("coalescelist", vec![strs(&[]), U, strs(&["a"])]), U);
    assert_eq!(c("coalescelist", vec![strs(&[])]), U);
    assert_eq!(c("coalescelist", vec![s("a")]), U);
    assert_eq!(c("coalescelist", vec![l(vec![U])]), l(vec![U]));
}

#[test]
fn compact_fn() {
    assert_eq!(
        c("compact", vec![l(vec![s("a"), s(""), Value::Null, n(1.0)])]),
        strs(&["a", "1"])
    );
    assert_eq!(c("compact", vec![l(vec![s("a"), U])]), U);
    assert_eq!(c("compact", vec![l(vec![strs(&["a"])])]), U);
    assert_eq!(c("compact", vec![s("a")]), U);
}

#[test]
fn case_functions() {
    assert_eq!(c("lower", vec![s("HeLLo Ünï")]), s("hello ünï"));
    assert_eq!(c("upper", vec![s("hello ünï")]), s("HELLO ÜNÏ"));
    assert_eq!(c("upper", vec![n(1.5)]), s("1.5"));
    assert_eq!(c("upper", vec![b(true)]), s("TRUE"));
    // Go maps rune by rune: ß has no one-rune upper case and stays (Terraform: "STRAßE").
    assert_eq!(c("upper", vec![s("straße")]), s("STRAßE"));
    assert_eq!(c("lower", vec![U]), U);
    assert_eq!(c("lower", vec![Value::Null]), U);
    assert_eq!(c("lower", vec![strs(&["A"])]), U);
    assert_eq!(c("lower", vec![s("A"), s("B")]), U);
    assert_eq!(
        c("title", vec![s("hello world-foo_bar x.y")]),
        s("Hello World-Foo_bar X.Y")
    );
    assert_eq!(c("title", vec![U]), U);
}

#[test]
fn trim_functions() {
    assert_eq!(c("trimspace", vec![s("  \t a b \n")]), s("a b"));
    assert_eq!(c("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
    assert_eq!(
        c("trimprefix", vec![s("helloworld"), s("hello")]),
        s("world")
    );
    assert_eq!(
        c("trimprefix", vec![s("hellohello"), s("hello")]),
        s("hello")
    );
    assert_eq!(c("trimprefix", vec![s("x"), s("hello")]), s("x"));
    assert_eq!(
        c("trimsuffix", vec![s("helloworld"), s("world")]),
        s("hello")
    );
    assert_eq!(c("trimsuffix", vec![s("a"), U]), U);
    assert_eq!(c("trim", vec![s("a")]), U);
    assert_eq!(c("chomp", vec![s("a\n\r\n\n")]), s("a"));
    assert_eq!(c("chomp", vec![s("a\nb")]), s("a\nb"));
}

#[test]
fn string_predicates() {
    assert_eq!(c("startswith", vec![s("hello"), s("he")]), b(true));
    assert_eq!(c("startswith", vec![s("hello"), s("lo")]), b(false));
    assert_eq!(c("endswith", vec![s("hello"), s("lo")]), b(true));
    assert_eq!(c("strcontains", vec![s("hello"), s("ll")]), b(true));
    assert_eq!(c("strcontains", vec![s("hello"), s("x")]), b(false));
    assert_eq!(c("strcontains", vec![s("hello"), U]), U);
    assert_eq!(c("startswith", vec![s("hello")]), U);
}

#[test]
fn replace_fn() {
    assert_eq!(c("replace", vec![s("a-b-c"), s("-"), s("_")]), s("a_b_c"));
    assert_eq!(c("replace", vec![s("abc"), s(""), s("-")]), s("-a-b-c-"));
    // Regular expressions are evaluated now.
    assert_eq!(c("replace", vec![s("a-b"), s("/-/"), s("_")]), s("a_b"));
    assert_eq!(c("replace", vec![s("a/b"), s("/"), s("_")]), s("a_b"));
    assert_eq!(c("replace", vec![s("a"), U, s("_")]), U);
    assert_eq!(c("replace", vec![s("a"), s("a")]), U);
}

#[test]
fn format_fn() {
    let f = |spec: &str, args: Vec<Value>| {
        let mut all = vec![s(spec)];
        all.extend(args);
        c("format", all)
    };
    assert_eq!(f("Hello, %s!", vec![s("Ander")]), s("Hello, Ander!"));
    assert_eq!(f("%d items", vec![n(3.0)]), s("3 items"));
    assert_eq!(f("%d", vec![s("42")]), s("42"));
    assert_eq!(f("%d", vec![n(1.5)]), U);
    assert_eq!(
        f("%5d|%-5d|%05d", vec![n(-3.0), n(3.0), n(-3.0)]),
        s("   -3|3    |-0003")
    );
    assert_eq!(f("%+d", vec![n(3.0)]), s("+3"));
    assert_eq!(f("%.2f", vec![n(1.23456)]), s("1.23"));
    assert_eq!(f("%f", vec![n(1.0)]), s("1.000000"));
    assert_eq!(f("%.2f", vec![n(0.125)]), s("0.12"));
    assert_eq!(f("%8.2f", vec![n(1.0)]), s("    1.00"));
    assert_eq!(f("%v %v %v", vec![s("a"), n(2.0), b(true)]), s("a 2 true"));
    assert_eq!(f("%v", vec![n(1_000_000.0)]), s("1e+06"));
    assert_eq!(f("%v", vec![n(0.00001)]), s("1e-05"));
    assert_eq!(f("%v", vec![n(123456.5)]), s("123456.5"));
    // Terraform: unknown ("known after apply").
    assert_eq!(f("%v", vec![Value::Null]), U);
    assert_eq!(f("%v", vec![strs(&["a", "b"])]), s(r#"["a","b"]"#));
    assert_eq!(f("%#v", vec![s("a")]), s(r#""a""#));
    assert_eq!(f("%q", vec![s("a\"b<")]), s(r#""a\"b\u003c""#));
    assert_eq!(f("%s", vec![Value::Null]), U);
    assert_eq!(f("%s", vec![strs(&["a"])]), U);
    assert_eq!(f("%s", vec![n(1.5)]), s("1.5"));
    assert_eq!(
        f(
            "%5s|%-5s|%.2s|%.0s",
            vec![s("ab"), s("ab"), s("abc"), s("abc")]
        ),
        s("   ab|ab   |ab|abc")
    );
    assert_eq!(f("%t", vec![b(false)]), s("false"));
    assert_eq!(f("100%%", vec![]), s("100%"));
    assert_eq!(f("%[2]s %[1]s", vec![s("a"), s("b")]), s("b a"));
    assert_eq!(f("%s %s", vec![s("a")]), U);
    assert_eq!(f("%s", vec![s("a"), s("b")]), U);
    assert_eq!(f("plain", vec![s("a")]), U);
    // %x is evaluated now (Terraform: "ff").
    assert_eq!(f("%x", vec![n(255.0)]), s("ff"));
    assert_eq!(f("%e", vec![n(1.0)]), s("1.000000e+00"));
    assert_eq!(f("%", vec![]), U);
    assert_eq!(f("%é", vec![s("a")]), U);
    assert_eq!(f("%s", vec![U]), U);
    assert_eq!(f("%v", vec![l(vec![U])]), U);
    assert_eq!(f("%99999999999999999999999s", vec![s("a")]), U);
    assert_eq!(f("%20000s", vec![s("a")]), U);
    assert_eq!(c("format", vec![]), U);
    assert_eq!(c("format", vec![U, s("a")]), U);
}

#[test]
fn jsonencode_fn() {
    assert_eq!(
        c(
            "jsonencode",
            vec![m(&[("b", nums(&[1.0, 2.5])), ("a", Value::Null)])]
        ),
        s(r#"{"a":null,"b":[1,2.5]}"#)
    );
    assert_eq!(c("jsonencode", vec![s("a&b\n")]), s(r#""a\u0026b\n""#));
    assert_eq!(c("jsonencode", vec![l(vec![U])]), U);
}

#[test]
fn join_split() {
    assert_eq!(c("join", vec![s(", "), strs(&["a", "b"])]), s("a, b"));
    assert_eq!(
        c("join", vec![s("-"), strs(&["a"]), l(vec![n(1.0)])]),
        s("a-1")
    );
    assert_eq!(c("join", vec![s("-"), strs(&[])]), s(""));
    assert_eq!(c("join", vec![s("-"), l(vec![s("a"), U])]), U);
    assert_eq!(c("join", vec![s("-"), l(vec![Value::Null])]), U);
    assert_eq!(c("join", vec![s("-")]), U);
    assert_eq!(
        c("split", vec![s(","), s("a,b,,c")]),
        strs(&["a", "b", "", "c"])
    );
    assert_eq!(c("split", vec![s(","), s("")]), strs(&[""]));
    assert_eq!(c("split", vec![s(""), s("abc")]), strs(&["a", "b", "c"]));
    assert_eq!(c("split", vec![s(""), s("")]), strs(&[]));
    assert_eq!(c("split", vec![s(","), U]), U);
}

#[test]
fn contains_fn() {
    assert_eq!(c("contains", vec![strs(&["a", "b"]), s("b")]), b(true));
    assert_eq!(c("contains", vec![strs(&["a", "b"]), s("c")]), b(false));
    assert_eq!(c("contains", vec![l(vec![U, s("x")]), s("x")]), b(true));
    assert_eq!(c("contains", vec![l(vec![U, s("y")]), s("x")]), U);
    assert_eq!(c("contains", vec![strs(&["a"]), U]), U);
    assert_eq!(c("contains", vec![U, s("a")]), U);
    assert_eq!(c("contains", vec![m(&[("a", s("a"))]), s("a")]), U);
    // Terraform compares with types: "1" is not 1.
    assert_eq!(c("contains", vec![strs(&["1"]), n(1.0)]), b(false));
    assert_eq!(
        c(
            "contains",
            vec![l(vec![strs(&["a", "b"])]), strs(&["a", "b"])]
        ),
        b(true)
    );
    assert_eq!(
        c(
            "contains",
            vec![l(vec![l(vec![s("a"), U])]), strs(&["b", "c"])]
        ),
        b(false)
    );
}

#[test]
fn length_fn() {
    assert_eq!(c("length", vec![s("héllo")]), n(5.0));
    assert_eq!(c("length", vec![s("日本語")]), n(3.0));
    assert_eq!(c("length", vec![s("a\r\nb")]), n(3.0));
    // NFC: "e" + combining acute is one character, as in Terraform.
    assert_eq!(c("length", vec![s("e\u{301}")]), n(1.0));
    // One grapheme cluster (emoji + skin tone), as Terraform counts it.
    assert_eq!(c("length", vec![s("👍🏽")]), n(1.0));
    assert_eq!(c("length", vec![l(vec![U, s("a")])]), n(2.0));
    assert_eq!(c("length", vec![m(&[("a", U)])]), n(1.0));
    assert_eq!(c("length", vec![U]), U);
    assert_eq!(c("length", vec![Value::Null]), U);
    assert_eq!(c("length", vec![n(5.0)]), U);
}

#[test]
fn element_index() {
    let list = strs(&["a", "b", "c"]);
    assert_eq!(c("element", vec![list.clone(), n(1.0)]), s("b"));
    assert_eq!(c("element", vec![list.clone(), n(4.0)]), s("b"));
    assert_eq!(c("element", vec![list.clone(), s("3")]), s("a"));
    assert_eq!(c("element", vec![list.clone(), n(-1.0)]), U);
    assert_eq!(c("element", vec![list.clone(), n(0.5)]), U);
    assert_eq!(c("element", vec![list.clone(), U]), U);
    assert_eq!(c("element", vec![strs(&[]), n(0.0)]), U);
    assert_eq!(c("element", vec![l(vec![U, s("x")]), n(1.0)]), s("x"));
    assert_eq!(c("element", vec![list.clone(), n(1e300)]), U);
    assert_eq!(c("index", vec![list.clone(), s("c")]), n(2.0));
    assert_eq!(c("index", vec![list.clone(), s("z")]), U);
    assert_eq!(c("index", vec![l(vec![s("a"), U, s("c")]), s("a")]), n(0.0));
    assert_eq!(c("index", vec![l(vec![s("a"), U, s("c")]), s("c")]), U);
    assert_eq!(c("index", vec![list, U]), U);
}

#[test]
fn keys_values() {
    let map = m(&[("b", n(2.0)), ("a", U), ("c", s("x"))]);
    assert_eq!(c("keys", vec![map.clone()]), strs(&["a", "b", "c"]));
    assert_eq!(c("values", vec![map]), l(vec![U, n(2.0), s("x")]));
    assert_eq!(c("keys", vec![U]), U);
    assert_eq!(c("keys", vec![strs(&["a"])]), U);
    assert_eq!(c("values", vec![strs(&["a"])]), U);
}

#[test]
fn reverse_slice_sort() {
    assert_eq!(
        c("reverse", vec![l(vec![s("a"), U, n(1.0)])]),
        l(vec![n(1.0), U, s("a")])
    );
    assert_eq!(c("reverse", vec![U]), U);
    let list = strs(&["a", "b", "c", "d"]);
    assert_eq!(
        c("slice", vec![list.clone(), n(1.0), n(3.0)]),
        strs(&["b", "c"])
    );
    assert_eq!(c("slice", vec![list.clone(), n(2.0), n(2.0)]), strs(&[]));
    assert_eq!(c("slice", vec![list.clone(), n(3.0), n(2.0)]), U);
    assert_eq!(c("slice", vec![list.clone(), n(0.0), n(5.0)]), U);
    assert_eq!(c("slice", vec![list.clone(), n(-1.0), n(2.0)]), U);
    assert_eq!(c("slice", vec![list, n(0.0)]), U);
    assert_eq!(
        c("sort", vec![l(vec![s("b"), s("a"), n(10.0), n(9.0)])]),
        strs(&["10", "9", "a", "b"])
    );
    assert_eq!(c("sort", vec![l(vec![s("b"), U])]), U);
    assert_eq!(c("sort", vec![l(vec![Value::Null])]), U);
}

#[test]
fn range_fn() {
    assert_eq!(c("range", vec![n(3.0)]), nums(&[0.0, 1.0, 2.0]));
    assert_eq!(c("range", vec![n(-3.0)]), nums(&[0.0, -1.0, -2.0]));
    assert_eq!(c("range", vec![n(1.0), n(4.0)]), nums(&[1.0, 2.0, 3.0]));
    assert_eq!(c("range", vec![n(4.0), n(1.0)]), nums(&[4.0, 3.0, 2.0]));
    assert_eq!(
        c("range", vec![n(0.0), n(10.0), n(4.0)]),
        nums(&[0.0, 4.0, 8.0])
    );
    assert_eq!(
        c("range", vec![n(10.0), n(0.0), n(-4.0)]),
        nums(&[10.0, 6.0, 2.0])
    );
    assert_eq!(c("range", vec![n(0.0)]), nums(&[]));
    assert_eq!(c("range", vec![n(0.0), n(10.0), n(0.0)]), U);
    assert_eq!(c("range", vec![n(0.0), n(10.0), n(-1.0)]), U);
    assert_eq!(c("range", vec![n(10.0), n(0.0), n(1.0)]), U);
    assert_eq!(c("range", vec![n(0.0), n(1.0), n(0.1)]), U);
    assert_eq!(
        c("range", vec![n(1024.0)]).as_list().map(<[Value]>::len),
        Some(1024)
    );
    assert_eq!(c("range", vec![n(1025.0)]), U);
    assert_eq!(c("range", vec![n(1e300)]), U);
    assert_eq!(c("range", vec![]), U);
    assert_eq!(c("range", vec![U]), U);
}

#[test]
fn conversion_functions() {
    assert_eq!(c("tostring", vec![n(1.0)]), s("1"));
    assert_eq!(c("tostring", vec![n(1.5)]), s("1.5"));
    assert_eq!(c("tostring", vec![b(true)]), s("true"));
    assert_eq!(c("tostring", vec![Value::Null]), Value::Null);
    assert_eq!(c("tostring", vec![strs(&[])]), U);
    assert_eq!(c("tonumber", vec![s("12.5")]), n(12.5));
    assert_eq!(c("tonumber", vec![s("-1e3")]), n(-1000.0));
    assert_eq!(c("tonumber", vec![s("0x10")]), U);
    assert_eq!(c("tonumber", vec![s("inf")]), U);
    assert_eq!(c("tonumber", vec![s(" 1")]), U);
    assert_eq!(c("tonumber", vec![s(".")]), U);
    assert_eq!(c("tonumber", vec![b(true)]), U);
    assert_eq!(c("tonumber", vec![Value::Null]), Value::Null);
    assert_eq!(c("tobool", vec![s("true")]), b(true));
    assert_eq!(c("tobool", vec![b(false)]), b(false));
    assert_eq!(c("tobool", vec![s("yes")]), U);
    assert_eq!(c("tobool", vec![n(1.0)]), U);
    assert_eq!(c("tobool", vec![U]), U);
    assert_eq!(c("sensitive", vec![s("x")]), s("x"));
    assert_eq!(c("nonsensitive", vec![l(vec![U])]), l(vec![U]));
    assert_eq!(c("nonsensitive", vec![]), U);
}

#[test]
fn one_zipmap_chunklist() {
    assert_eq!(c("one", vec![strs(&[])]), Value::Null);
    assert_eq!(c("one", vec![l(vec![U])]), U);
    assert_eq!(c("one", vec![strs(&["a"])]), s("a"));
    assert_eq!(c("one", vec![strs(&["a", "b"])]), U);
    assert_eq!(c("one", vec![m(&[])]), U);
    assert_eq!(
        c("zipmap", vec![strs(&["a", "b"]), l(vec![n(1.0), U])]),
        m(&[("a", n(1.0)), ("b", U)])
    );
    assert_eq!(c("zipmap", vec![strs(&["a"]), l(vec![])]), U);
    assert_eq!(c("zipmap", vec![l(vec![U]), nums(&[1.0])]), U);
    assert_eq!(
        c("chunklist", vec![strs(&["a", "b", "c"]), n(2.0)]),
        l(vec![strs(&["a", "b"]), strs(&["c"])])
    );
    assert_eq!(
        c("chunklist", vec![strs(&["a", "b"]), n(0.0)]),
        l(vec![strs(&["a", "b"])])
    );
    assert_eq!(c("chunklist", vec![strs(&[]), n(3.0)]), l(vec![]));
    assert_eq!(
        c("chunklist", vec![strs(&["a"]), n(1e15)]),
        l(vec![strs(&["a"])])
    );
    assert_eq!(c("chunklist", vec![strs(&["a"]), n(-1.0)]), U);
    assert_eq!(c("chunklist", vec![U, n(1.0)]), U);
}

#[test]
fn numeric_functions() {
    assert_eq!(c("max", vec![n(1.0), s("7"), n(3.0)]), n(7.0));
    assert_eq!(c("min", vec![n(1.0), n(-7.0), n(3.0)]), n(-7.0));
    assert_eq!(c("max", vec![]), U);
    assert_eq!(c("max", vec![n(1.0), U]), U);
    assert_eq!(c("min", vec![n(1.0), b(true)]), U);
    assert_eq!(c("abs", vec![n(-2.5)]), n(2.5));
    assert_eq!(c("ceil", vec![n(1.2)]), n(2.0));
    assert_eq!(c("floor", vec![n(-1.2)]), n(-2.0));
    assert_eq!(c("signum", vec![n(-3.0)]), n(-1.0));
    assert_eq!(c("abs", vec![U]), U);
    assert_eq!(c("sum", vec![nums(&[1.0, 2.0, 3.0])]), n(6.0));
    assert_eq!(c("sum", vec![l(vec![n(1.0), s("2")])]), n(3.0));
    // Exact decimals: 0.3, as Terraform prints it.
    assert_eq!(c("sum", vec![nums(&[0.1, 0.2])]), n(0.3));
    assert_eq!(c("sum", vec![nums(&[])]), U);
    assert_eq!(c("sum", vec![l(vec![n(1.0), U])]), U);
}

#[test]
fn all_any_true() {
    assert_eq!(c("alltrue", vec![l(vec![])]), b(true));
    assert_eq!(c("alltrue", vec![l(vec![b(true), s("true")])]), b(true));
    assert_eq!(c("alltrue", vec![l(vec![b(false), U])]), b(false));
    // One false decides, whatever the unknown is.
    assert_eq!(c("alltrue", vec![l(vec![U, b(false)])]), b(false));
    assert_eq!(c("alltrue", vec![l(vec![Value::Null])]), b(false));
    assert_eq!(c("alltrue", vec![l(vec![n(1.0)])]), U);
    assert_eq!(c("anytrue", vec![l(vec![])]), b(false));
    assert_eq!(c("anytrue", vec![l(vec![b(false), b(true), U])]), b(true));
    assert_eq!(c("anytrue", vec![l(vec![Value::Null, b(false)])]), b(false));
    // One true decides.
    assert_eq!(c("anytrue", vec![l(vec![U, b(true)])]), b(true));
}

#[test]
fn substr_strrev() {
    assert_eq!(
        c("substr", vec![s("hello world"), n(1.0), n(4.0)]),
        s("ello")
    );
    assert_eq!(c("substr", vec![s("hello"), n(-3.0), n(-1.0)]), s("llo"));
    assert_eq!(c("substr", vec![s("hello"), n(-3.0), n(2.0)]), s("ll"));
    assert_eq!(c("substr", vec![s("hello"), n(2.0), n(100.0)]), s("llo"));
    assert_eq!(c("substr", vec![s("hello"), n(10.0), n(2.0)]), s(""));
    assert_eq!(c("substr", vec![s("héllo"), n(1.0), n(1.0)]), s("é"));
    // Terraform: an offset before the start starts at the beginning.
    assert_eq!(c("substr", vec![s("hello"), n(-10.0), n(1.0)]), s("h"));
    // go-cty's quirk, as Terraform 1.11 shows it.
    assert_eq!(c("substr", vec![s("hello"), n(-2.0), n(0.0)]), s("lo"));
    // Any negative length means "to the end" in Terraform.
    assert_eq!(c("substr", vec![s("hello"), n(1.0), n(-2.0)]), s("ello"));
    assert_eq!(c("substr", vec![s("hello"), U, n(1.0)]), U);
    assert_eq!(c("strrev", vec![s("abc")]), s("cba"));
    // NFC makes it one character: "á".
    assert_eq!(c("strrev", vec![s("a\u{301}")]), s("\u{e1}"));
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        Just(Value::Unknown),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(Value::Number),
        (-5i32..2000).prop_map(|i| Value::Number(f64::from(i))),
        "[a-c%,/.\\-0-9 ]{0,6}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            prop::collection::btree_map("[a-c]{0,2}", inner, 0..5).prop_map(Value::Map),
        ]
    })
}

fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(IMPLEMENTED).prop_map(str::to_string),
        1 => "[a-z]{0,8}",
    ]
}

fn known_strings() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[abc]{0,2}", 0..10)
}

proptest! {
    #[test]
    fn call_never_panics(
        name in arb_name(),
        args in prop::collection::vec(arb_value(), 0..5),
        expand in any::<bool>(),
    ) {
        let _ = call(&name, args, expand);
    }

    #[test]
    fn concat_length_is_sum(lists in prop::collection::vec(prop::collection::vec(arb_value(), 0..5), 1..5)) {
        let total: usize = lists.iter().map(Vec::len).sum();
        let out = c("concat", lists.into_iter().map(Value::List).collect());
        prop_assert_eq!(out.as_list().map(<[Value]>::len), Some(total));
    }

    #[test]
    fn distinct_idempotent_first_occurrence(items in known_strings()) {
        let once = c("distinct", vec![Value::List(items.iter().map(|x| s(x)).collect())]);
        let twice = c("distinct", vec![once.clone()]);
        prop_assert_eq!(&once, &twice);
        let mut expected: Vec<Value> = Vec::new();
        for x in &items {
            if !expected.contains(&s(x)) {
                expected.push(s(x));
            }
        }
        prop_assert_eq!(once, Value::List(expected));
    }

    #[test]
    fn toset_sorted_dedup(items in known_strings()) {
        let out = c("toset", vec![Value::List(items.iter().map(|x| s(x)).collect())]);
        let got = out.as_known_strings().unwrap_or_default();
        let mut expected = items.clone();
        expected.sort();
        expected.dedup();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn flatten_has_no_lists(v in prop::collection::vec(arb_value(), 0..6)) {
        if let Value::List(items) = c("flatten", vec![Value::List(v)]) {
            prop_assert!(items.iter().all(|x| !matches!(x, Value::List(_))));
        }
    }

    #[test]
    fn upper_lower(text in "[a-zA-Z0-9 _éÉàÀçÇ-]{0,20}") {
        prop_assert_eq!(
            c("upper", vec![c("lower", vec![s(&text)])]),
            c("upper", vec![s(&text)])
        );
    }

    #[test]
    fn join_split_roundtrip(text in "[ab,;]{0,20}", sep in "[,;]{1,2}") {
        let parts = c("split", vec![s(&sep), s(&text)]);
        prop_assert_eq!(c("join", vec![s(&sep), parts]), s(&text));
    }

    #[test]
    fn format_never_panics(spec in "[%a-z0-9.\\-+# \\[\\]]{0,12}", args in prop::collection::vec(arb_value(), 0..3)) {
        let mut all = vec![s(&spec)];
        all.extend(args);
        let _ = c("format", all);
    }
}
