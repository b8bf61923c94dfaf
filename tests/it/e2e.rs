//! The seed scenario end to end: the partner-analytics client from the
//! original report, its corrected form, and the invalid one-line
//! `required_providers` form.

use crate::support::{cxlint, diagnostics, loc, locations};

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
            // The same constraint admits no release at all (1.5.x has only 1.5.0).
            loc("GC015", file, 5, 17),
            // The resource header: no organization_id.
            loc("GC002", file, 14, 1),
            // `scopes = ["analytics:view"]`.
            loc("GC001", file, 18, 3),
        ]
    );
    let diags = diagnostics(&report);
    assert!(diags[0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("1.6.2"));
    assert!(diags[3]["message"]
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
        [loc(
            "CX001",
            "fixtures/e2e/seed/broken_oneline/main.tf",
            1,
            32
        )]
    );
    insta::assert_snapshot!("seed_oneline_json", run.stdout);

    let human = cxlint(&["check", ONELINE, "--format", "human", "--color", "never"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("CX001"));
    insta::assert_snapshot!("seed_oneline_human", human.stdout);
}

/// The README's example: the findings it promises, frozen.
#[test]
fn partner_analytics_example() {
    let run = cxlint(&["check", "examples/partner-analytics", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = run.json();
    let codes: Vec<String> = locations(&report).into_iter().map(|l| l.0).collect();
    assert_eq!(
        codes,
        ["GC001", "GC002", "GC012", "GC002", "GC007", "GC001", "GC003", "GC015"]
    );
    let compact = cxlint(&["check", "examples/partner-analytics", "--format", "compact"]);
    insta::assert_snapshot!("partner_analytics_compact", compact.stdout);
}

/// The README's first code block holds exactly the two commands for a fresh
/// machine, and its suppression example suppresses what it claims to.
#[test]
fn readme_commands_and_suppression_example() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let blocks: Vec<&str> = readme.split("```").collect();
    let first = blocks.get(1).copied().unwrap_or_default();
    assert_eq!(
        first,
        "sh\ncargo run --release -- check examples/partner-analytics\ncargo test\n"
    );
    assert!(readme.contains("<!-- rules:start -->") && readme.contains("<!-- rules:end -->"));

    let snippet = blocks
        .iter()
        .find(|b| b.contains("cxlint-ignore: GC002"))
        .and_then(|b| b.strip_prefix("hcl\n"))
        .expect("suppression example");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("versions.tf"),
        "terraform {\n  required_providers {\n    genesyscloud = {\n      source  = \"mypurecloud/genesyscloud\"\n      version = \">= 1.6.2\"\n    }\n  }\n}\n",
    )
    .expect("write versions.tf");
    std::fs::write(dir.path().join("main.tf"), snippet).expect("write main.tf");
    let run = crate::support::cxlint_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(diagnostics(&run.json()).is_empty());
    // Without the comments the same client has three findings.
    let bare: String = snippet
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(" # ").next().unwrap_or(l).to_string() + "\n")
        .collect();
    std::fs::write(dir.path().join("main.tf"), bare).expect("write main.tf");
    let run = crate::support::cxlint_in(dir.path(), &["check", ".", "--format", "json"]);
    let codes: Vec<String> = locations(&run.json()).into_iter().map(|l| l.0).collect();
    assert_eq!(codes, ["GC002", "GC007", "GC001"]);
}
