//! Property tests for the evaluator on parsed source text: random small
//! expressions from a grammar of lists, strings, collection/string functions
//! and conditionals. Evaluating never panics, pure expressions are always
//! known, and `concat(a, b)` has `len(a) + len(b)` items (a's, then b's).

use std::path::PathBuf;

use cxlint::eval::{Env, Inputs, Value};
use cxlint::model::{File, Module};
use cxlint::parse::FileKind;
use cxlint::source::SourceFile;
use proptest::prelude::*;

/// Parse `x = <expr>` as a `main.tf`, build its module and evaluate `x`.
fn eval_src(expr: &str) -> Value {
    let text = format!("x = {expr}\n");
    let body = match cxlint::parse::hcl::parse(&text) {
        Ok(b) => b,
        Err(e) => panic!("generated expression does not parse: {text:?}: {e:?}"),
    };
    let file = File {
        source: SourceFile::new("main.tf", text.as_str()),
        kind: FileKind::Config,
        body: Some(body),
    };
    let module = Module::build(PathBuf::from("."), ".".into(), &[&file]);
    let inputs = Inputs::default();
    let env = Env::new(&module, &inputs);
    let attr = file
        .body
        .as_ref()
        .and_then(|b| b.attribute("x"))
        .expect("attribute x");
    env.eval(&attr.value, &[]).value
}

/// A string literal without escapes or template sequences.
fn lit() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.é-]{0,6}".prop_map(|s| format!("\"{s}\""))
}

fn sep() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\",\"".to_string()),
        Just("\"-\"".to_string()),
        Just("\" \"".to_string())
    ]
}

/// List-of-strings expressions.
fn list_expr() -> impl Strategy<Value = String> {
    let leaf = prop::collection::vec(lit(), 0..4).prop_map(|v| format!("[{}]", v.join(", ")));
    leaf.prop_recursive(4, 24, 3, |inner| {
        let s = string_expr_from(inner.clone());
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("concat({a}, {b})")),
            inner.clone().prop_map(|a| format!("distinct({a})")),
            inner.clone().prop_map(|a| format!("tolist(toset({a}))")),
            (sep(), s.clone()).prop_map(|(p, s)| format!("split({p}, {s})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("(length({c}) > 1 ? {a} : {b})")),
            (s.clone(), s, inner.clone(), inner)
                .prop_map(|(x, y, a, b)| format!("({x} == {y} ? {a} : {b})")),
        ]
    })
}

/// String expressions over a given list strategy.
fn string_expr_from(list: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let leaf = lit();
    leaf.prop_recursive(3, 12, 2, move |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| format!("lower({s})")),
            inner.clone().prop_map(|s| format!("upper({s})")),
            (sep(), list.clone()).prop_map(|(p, l)| format!("join({p}, {l})")),
            list.clone().prop_map(|l| format!("tostring(length({l}))")),
            (list.clone(), inner.clone(), inner)
                .prop_map(|(l, a, b)| format!("(length({l}) == 0 ? {a} : {b})")),
        ]
    })
    .boxed()
}

fn any_expr() -> impl Strategy<Value = String> {
    let list = list_expr().boxed();
    prop_oneof![
        list.clone(),
        string_expr_from(list.clone()),
        list.prop_map(|l| format!("length({l})")),
    ]
}

fn len(v: &Value) -> usize {
    match v {
        Value::List(items) => items.len(),
        other => panic!("expected a list, got {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Pure expressions evaluate without panicking to a wholly known value.
    #[test]
    fn eval_never_panics_and_is_known(e in any_expr()) {
        let v = eval_src(&e);
        prop_assert!(v.is_wholly_known(), "{e} evaluated to {v:?}");
    }

    /// `concat(a, b)` through the evaluator: len(a) + len(b) items, a's then b's.
    #[test]
    fn concat_length_is_sum(a in list_expr(), b in list_expr()) {
        let va = eval_src(&a);
        let vb = eval_src(&b);
        let vc = eval_src(&format!("concat({a}, {b})"));
        prop_assert_eq!(len(&vc), len(&va) + len(&vb), "concat({}, {}) = {:?}", a, b, vc);
        let mut expected = va.as_list().unwrap_or_default().to_vec();
        expected.extend(vb.as_list().unwrap_or_default().iter().cloned());
        prop_assert_eq!(vc, Value::List(expected));
    }
}

/// The grammar's functions are really evaluated (guards against a harness
/// where everything is Unknown or the parser rejects the text).
#[test]
fn grammar_examples_evaluate() {
    let s = |x: &str| Value::String(x.to_string());
    assert_eq!(
        eval_src(r#"concat(distinct(["a", "a"]), split("-", upper("b-c")))"#),
        Value::List(vec![s("a"), s("B"), s("C")])
    );
    assert_eq!(
        eval_src(r#"length(toset(["x", "y", "x"])) > 1 ? join(",", ["p", "q"]) : "no""#),
        s("p,q")
    );
    assert_eq!(eval_src(r#"lower("ÉA")"#), s("éa"));
}
