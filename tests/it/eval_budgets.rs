//! Evaluation bounds: small hostile inputs finish fast, what a bound left
//! unknown is unknown (never guessed), and the engine says so with CX008.

use std::time::{Duration, Instant};

use cxlint::eval::diff_api::{evaluate, Outcome};

/// Generous for a debug build on a loaded machine; release runs these in
/// a few milliseconds.
const SLOW: Duration = Duration::from_secs(5);

fn doubling_locals(n: usize) -> String {
    let mut s = String::from("locals {\n  l0 = \"ab\"\n");
    for i in 1..n {
        s.push_str(&format!("  l{i} = [local.l{}, local.l{}]\n", i - 1, i - 1));
    }
    s.push_str("}\n");
    s
}

fn timed(files: &[(&str, &str)], expr: &str) -> Outcome {
    let start = Instant::now();
    let out = evaluate(files, expr);
    assert!(start.elapsed() < SLOW, "{expr} took {:?}", start.elapsed());
    out
}

fn known(json: &str, ty: &str) -> Outcome {
    Outcome::Known {
        json: json.into(),
        ty: ty.into(),
    }
}

#[test]
fn doubling_locals_are_shared_not_copied() {
    let text = doubling_locals(30);
    assert!(text.len() < 1100);
    let files = [("main.tf", text.as_str())];
    // The outer tuple is known (two items) even though its items grew past
    // the size bound and became unknown.
    assert_eq!(timed(&files, "length(local.l29)"), known("2", "number"));
    assert_eq!(
        timed(&files, "length(flatten(local.l25))"),
        Outcome::Unknown
    );
    assert_eq!(
        timed(&files, "length(flatten(local.l10))"),
        known("1024", "number")
    );
}

#[test]
fn quadratic_string_growth_stops_at_the_bound() {
    let files = [("main.tf", "locals {}\n")];
    let a16 = "\"aaaaaaaaaaaaaaaa\"";
    let mut e = a16.to_string();
    for _ in 0..6 {
        e = format!("replace({e}, \"a\", {a16})");
    }
    assert_eq!(timed(&files, &format!("length({e})")), Outcome::Unknown);
    let small = format!("length(replace({a16}, \"a\", {a16}))");
    assert_eq!(timed(&files, &small), known("256", "number"));
}

#[test]
fn nested_for_and_distinct_finish() {
    let files = [("main.tf", "locals {}\n")];
    let e = "length([for a in range(1000): [for b in range(1000): a * b]])";
    assert_eq!(timed(&files, e), known("1000", "number"));
    let d = "length(distinct(flatten([for i in range(300): range(300)])))";
    assert_eq!(timed(&files, d), known("300", "number"));
}

#[test]
fn limit_reached_is_reported_as_cx008() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = doubling_locals(30);
    text.push_str(
        "resource \"genesyscloud_oauth_client\" \"x\" {\n  name = \"x\"\n  scopes = local.l29\n}\n",
    );
    std::fs::write(dir.path().join("main.tf"), text).expect("write");
    let out = crate::support::exec(&crate::support::Exec::new(
        dir.path(),
        &["check", "--format", "json", "."],
    ));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let cx008: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "CX008")
        .collect();
    assert_eq!(cx008.len(), 1, "{report}");
    let msg = cx008[0]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("local.l") && msg.contains("larger than"),
        "{msg}"
    );
    assert_eq!(cx008[0]["severity"], "info");
    // It points at the local the bound was reached in (`l<N> = ...` is on
    // line N + 2), not at the top of the file.
    let n: u64 = msg
        .split("local.l")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{msg}"));
    assert_eq!(cx008[0]["range"]["start"]["line"], n + 2, "{msg}");
}
