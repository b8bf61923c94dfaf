//! No depth trap: deeply nested input never overflows the stack, in a
//! thread with the 2 MiB stack rayon workers get. Up to 1,000 levels parse
//! and lint; beyond the parser's limit, CX001 names the limit.

use cxlint::config::Config;
use cxlint::diag::Report;
use cxlint::engine::lint_texts;
use cxlint::rules::Registry;

const STACK: usize = 2 * 1024 * 1024;

fn lint_in_small_stack(name: &str, text: String) -> Report {
    let name = name.to_string();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let registry = Registry::embedded().expect("embedded rules load");
            lint_texts(&[(name, text)], &registry, &Config::default())
        })
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

fn shapes(n: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "brackets",
            format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "parens",
            format!("locals {{\n  x = {}1{}\n}}\n", "(".repeat(n), ")".repeat(n)),
        ),
        (
            "objects",
            format!(
                "locals {{\n  x = {}1{}\n}}\n",
                "{a=".repeat(n),
                "}".repeat(n)
            ),
        ),
        (
            "blocks",
            format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n)),
        ),
        (
            "templates",
            format!(
                "locals {{\n  x = {}1{}\n}}\n",
                "\"${".repeat(n),
                "}\"".repeat(n)
            ),
        ),
        (
            "unary",
            format!("locals {{\n  x = {}true\n}}\n", "!".repeat(n)),
        ),
        (
            "operators",
            format!("locals {{\n  x = 1{}\n}}\n", " + 1".repeat(n)),
        ),
        (
            "conditionals",
            format!("locals {{\n  x = {}0\n}}\n", "true ? 1 : ".repeat(n)),
        ),
        (
            "calls",
            format!(
                "locals {{\n  x = {}1{}\n}}\n",
                "max(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "directives",
            format!(
                "locals {{\n  x = \"{}a{}\"\n}}\n",
                "%{if true}".repeat(n),
                "%{endif}".repeat(n)
            ),
        ),
    ]
}

fn cx001(r: &Report) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.code == "CX001")
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_thousand_levels_parse_and_lint_in_a_2_mib_stack() {
    for (what, text) in shapes(1000) {
        let r = lint_in_small_stack(&format!("{what}.tf"), text);
        assert!(cx001(&r).is_empty(), "{what}: {:?}", cx001(&r));
    }
}

#[test]
fn a_hundred_thousand_levels_are_a_syntax_error_naming_the_limit() {
    for (what, text) in shapes(100_000) {
        let r = lint_in_small_stack(&format!("{what}.tf"), text);
        let m = cx001(&r);
        assert_eq!(m.len(), 1, "{what}: {m:?}");
        assert!(
            m[0].contains("nesting depth") && m[0].contains("1024"),
            "{what}: {m:?}"
        );
    }
}
