//! Command-line behaviour of the real binary: exit codes, fail levels,
//! missing paths, named files, syntax errors and unreadable files.

use crate::support::{cxlint, cxlint_in, diagnostics, loc, locations};

#[test]
fn exit_0_when_clean() {
    let run = cxlint(&["check", "fixtures/e2e/seed/fixed"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn exit_1_on_findings() {
    let run = cxlint(&["check", "fixtures/GC001/fail"]);
    assert_eq!(run.code, 1);
}

#[test]
fn exit_2_on_bad_usage() {
    let run = cxlint(&["check", "--no-such-option"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--no-such-option"), "{}", run.stderr);
    let run = cxlint(&["check", "--format", "yaml", "fixtures/GC001/pass"]);
    assert_eq!(run.code, 2);
}

#[test]
fn fail_level_error_ignores_warnings() {
    // GC007 is a warning: it fails the default level (warning) only.
    let run = cxlint(&["check", "fixtures/GC007/fail", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["errors"], 0);

    let run = cxlint(&[
        "check",
        "fixtures/GC007/fail",
        "--fail-level",
        "error",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The warning is still reported, it just does not fail the run.
    assert_eq!(
        locations(&run.json()),
        [loc("GC007", "fixtures/GC007/fail/main.tf", 10, 1)]
    );

    // An error still fails at --fail-level error.
    let run = cxlint(&["check", "fixtures/GC001/fail", "--fail-level", "error"]);
    assert_eq!(run.code, 1);
}

#[test]
fn missing_path_is_exit_2_and_other_paths_are_linted() {
    let run = cxlint(&[
        "check",
        "fixtures/does-not-exist",
        "fixtures/GC007/fail",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let report = run.json();
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "fixtures/does-not-exist");
    assert_eq!(
        locations(&report),
        [loc("GC007", "fixtures/GC007/fail/main.tf", 10, 1)]
    );

    // The human report names the path too.
    let run = cxlint(&[
        "check",
        "fixtures/does-not-exist",
        "fixtures/GC007/fail",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 2);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("fixtures/does-not-exist"), "{all}");
    assert!(all.contains("GC007"), "{all}");
}

#[test]
fn named_file_reports_only_that_file_with_module_context() {
    // The whole directory: findings in main.tf and other.tf.
    let run = cxlint(&["check", "fixtures/cli/named", "--format", "json"]);
    let files: Vec<String> = locations(&run.json()).into_iter().map(|l| l.1).collect();
    assert!(files.iter().any(|f| f.ends_with("other.tf")), "{files:?}");

    // Only main.tf: its GC001 needs `var.scopes` from variables.tf.
    let run = cxlint(&["check", "fixtures/cli/named/main.tf", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/cli/named/main.tf", 4, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(d["related"][0]["file"], "fixtures/cli/named/variables.tf");

    // Only other.tf: main.tf's finding is not reported.
    let run = cxlint(&["check", "fixtures/cli/named/other.tf", "--format", "json"]);
    let report = run.json();
    let locs = locations(&report);
    assert!(!locs.is_empty());
    assert!(
        locs.iter().all(|l| l.1 == "fixtures/cli/named/other.tf"),
        "{locs:?}"
    );
}

#[test]
fn syntax_error_beside_a_linted_file() {
    let run = cxlint(&["check", "fixtures/cli/syntax", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    // broken.tf: the list is not closed; the error is at the `}` on line 4.
    assert_eq!(
        locations(&report),
        [
            loc("CX001", "fixtures/cli/syntax/broken.tf", 4, 1),
            loc("GC001", "fixtures/cli/syntax/main.tf", 4, 3),
        ]
    );
    assert_eq!(report["errors"], serde_json::json!([]));
}

#[test]
fn non_utf8_file_is_cx002_and_others_are_linted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(
        format!("{root}/fixtures/cli/syntax/main.tf"),
        dir.path().join("main.tf"),
    )
    .expect("copy main.tf");
    std::fs::copy(
        format!("{root}/fixtures/cli/syntax/versions.tf"),
        dir.path().join("versions.tf"),
    )
    .expect("copy versions.tf");
    std::fs::write(
        dir.path().join("latin1.tf"),
        b"# caf\xe9\nlocals {\n  x = \"\xff\"\n}\n",
    )
    .expect("write latin1.tf");

    let run = cxlint_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    let locs = locations(&report);
    let codes: Vec<(&str, &str)> = locs.iter().map(|l| (l.0.as_str(), l.1.as_str())).collect();
    assert_eq!(codes, [("CX002", "latin1.tf"), ("GC001", "main.tf")]);
}
