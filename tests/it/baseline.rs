//! `--write-baseline` / `--baseline`: only new findings are reported, and
//! moving a baselined finding (lines inserted above it) keeps it baselined.

use crate::support::*;

#[test]
fn baseline_reports_only_new_findings_after_lines_move() {
    let main = format!("{PROVIDER}\n{}", bad_client("old"));
    let dir = project(&[("main.tf", &main)]);
    let root = dir.path();

    let first = run(root, &["check", ".", "--format", "json"], None);
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert_eq!(first.codes(), ["GC001"]);

    let w = run(
        root,
        &["check", ".", "--write-baseline", "cxlint-baseline.json"],
        None,
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert_eq!(w.stdout, "");
    assert!(
        w.stderr
            .contains("wrote 1 findings to cxlint-baseline.json"),
        "{}",
        w.stderr
    );
    let written = std::fs::read_to_string(root.join("cxlint-baseline.json")).unwrap();
    insta::assert_snapshot!(written);
    assert!(!written.contains("line"), "a baseline has no line numbers");

    // The same run with the baseline is clean.
    let clean = run(
        root,
        &[
            "check",
            ".",
            "--baseline",
            "cxlint-baseline.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert_eq!(clean.codes(), Vec::<String>::new());

    // Five lines above the baselined resource, and a new bad client.
    let moved = format!(
        "{PROVIDER}\n# one\n# two\n# three\n# four\n# five\n{}\n{}",
        bad_client("old"),
        bad_client("new")
    );
    write(root, "main.tf", &moved);
    let after = run(
        root,
        &[
            "check",
            ".",
            "--baseline",
            "cxlint-baseline.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(after.code, 1, "{}", after.stderr);
    let v = after.json();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{}", after.stdout);
    assert_eq!(diags[0]["code"], "GC001");
    assert_eq!(diags[0]["resource"], "genesyscloud_oauth_client.new");
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn baseline_counts_identical_findings() {
    // Each entry absorbs at most `count` findings with its key (the unit
    // test in src/baseline.rs covers two findings against a count of one).
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{}", bad_client("c")))]);
    let root = dir.path();
    let w = run(root, &["check", ".", "--write-baseline", "b.json"], None);
    assert_eq!(w.code, 0, "{}", w.stderr);
    let mut b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("b.json")).unwrap()).unwrap();
    assert_eq!(b["findings"][0]["count"], 1);
    // With the count at 0 the finding is new again.
    b["findings"][0]["count"] = 0.into();
    std::fs::write(root.join("b0.json"), b.to_string()).unwrap();
    let out = run(
        root,
        &["check", ".", "--baseline", "b0.json", "--format", "json"],
        None,
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.codes(), ["GC001"]);
}

#[test]
fn missing_or_garbage_baseline_is_exit_2_naming_the_file() {
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{}", bad_client("c")))]);
    let root = dir.path();
    let out = run(root, &["check", ".", "--baseline", "nope.json"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nope.json"), "{}", out.stderr);
    write(root, "garbage.json", "{ this is not json");
    let out = run(root, &["check", ".", "--baseline", "garbage.json"], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("invalid baseline file garbage.json"),
        "{}",
        out.stderr
    );
    write(
        root,
        "wrong.json",
        r#"{"version":1,"findings":[{"file":"main.tf"}]}"#,
    );
    let out = run(root, &["check", ".", "--baseline", "wrong.json"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("wrong.json"), "{}", out.stderr);
}

#[test]
fn write_baseline_with_an_unreadable_input_still_writes_but_exits_2() {
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{}", bad_client("c")))]);
    let root = dir.path();
    let out = run(
        root,
        &[
            "check",
            "main.tf",
            "missing.tf",
            "--write-baseline",
            "b.json",
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("missing.tf"), "{}", out.stderr);
    let b = std::fs::read_to_string(root.join("b.json")).unwrap();
    assert!(b.contains("GC001"), "{b}");
}
