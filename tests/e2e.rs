//! The seed scenario end to end: the partner-analytics client from the
//! original report, its corrected form, and the invalid one-line
//! `required_providers` form.

mod common;

use common::{cxlint, diagnostics, loc, locations};

const BROKEN: &str = "fixtures/e2e/seed/broken";
const FIXED: &str = "fixtures/e2e/seed/fixed";
const ONELINE: &str = "fixtures/e2e/seed/broken_oneline";

#[test]
fn seed_broken_reports_scope_org_and_version() {
    let run = cxlint(&["check", BROKEN, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let file = "fixtures/e2e/seed/broken/main.tf";
    assert_eq!(
        locations(&report),
        [
            // `version = "~> 1.5.7"` on its own line.
            loc("GC003", file, 5, 17),
            // The resource header: no organization_id.
            loc("GC002", file, 14, 1),
            // `scopes = ["analytics:view"]`.
            loc("GC001", file, 18, 3),
        ]
    );
    let diags = diagnostics(&report);
    assert!(diags[0]["message"].as_str().unwrap_or_default().contains("1.6.2"));
    assert!(diags[2]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("partner:analytics:view"));
    // GC007 is satisfied by the roles block.
    assert!(diags.iter().all(|d| d["code"] != "GC007"));
    insta::assert_snapshot!("seed_broken_json", run.stdout);

    let human = cxlint(&["check", BROKEN, "--format", "human", "--color", "never"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("main.tf:18:3"), "{}", human.stdout);
    insta::assert_snapshot!("seed_broken_human", human.stdout);
}

#[test]
fn seed_fixed_is_clean() {
    let run = cxlint(&["check", FIXED, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = run.json();
    assert!(diagnostics(&report).is_empty(), "{}", run.stdout);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["summary"]["files"], 1);

    // Even with the lowest fail level nothing is reported.
    let run = cxlint(&["check", FIXED, "--fail-level", "info", "--format", "json"]);
    assert_eq!(run.code, 0);
}

#[test]
fn seed_oneline_required_providers_is_a_syntax_error() {
    let run = cxlint(&["check", ONELINE, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    // Blocks are not allowed inside a one-line block: HCL rejects the file,
    // at the nested block's opening brace.
    assert_eq!(
        locations(&report),
        [loc("CX001", "fixtures/e2e/seed/broken_oneline/main.tf", 1, 32)]
    );
    insta::assert_snapshot!("seed_oneline_json", run.stdout);

    let human = cxlint(&["check", ONELINE, "--format", "human", "--color", "never"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("CX001"));
    insta::assert_snapshot!("seed_oneline_human", human.stdout);
}
