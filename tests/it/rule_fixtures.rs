//! Where each rule's failing fixture reports, exactly; and the fixtures with
//! every rule on (through the binary).

use crate::support::{cxlint, diagnostics, loc, locations};

/// The locations `fixtures/<code>/fail` reports with only that rule (the
/// snapshots and the pass fixtures are checked for every rule in `rules`).
fn check_rule(code: &str, expected: &[(String, String, u64, u64)]) {
    let report = crate::rules::lint_fixture(code, "fail", true);
    let json: serde_json::Value = serde_json::from_str(&crate::rules::rendered(
        &report,
        cxlint::report::Format::Json,
    ))
    .expect("JSON report");
    assert_eq!(locations(&json), expected, "{code} fail: locations");
}

#[test]
fn gc001_missing_partner_scope() {
    check_rule(
        "GC001",
        &[
            loc("GC001", "fixtures/GC001/fail/main.tf", 13, 3),
            loc("GC001", "fixtures/GC001/fail/main.tf", 24, 3),
        ],
    );
}

#[test]
fn gc002_missing_organization_id() {
    check_rule(
        "GC002",
        &[
            loc("GC002", "fixtures/GC002/fail/main.tf", 10, 1),
            loc("GC002", "fixtures/GC002/fail/main.tf", 24, 3),
        ],
    );
}

#[test]
fn gc003_provider_version_too_old() {
    check_rule(
        "GC003",
        &[
            loc("GC003", "fixtures/GC003/fail/main.tf", 5, 17),
            loc("GC003", "fixtures/GC003/fail/main.tf", 11, 13),
        ],
    );
}

#[test]
fn gc004_provider_version_unconstrained() {
    check_rule(
        "GC004",
        &[loc("GC004", "fixtures/GC004/fail/main.tf", 1, 1)],
    );
}

#[test]
fn gc005_locked_provider_too_old() {
    check_rule(
        "GC005",
        &[loc(
            "GC005",
            "fixtures/GC005/fail/.terraform.lock.hcl",
            5,
            3,
        )],
    );
}

#[test]
fn gc006_provider_constraints_unsatisfiable() {
    check_rule(
        "GC006",
        &[loc("GC006", "fixtures/GC006/fail/main.tf", 5, 17)],
    );
}

#[test]
fn gc007_missing_role() {
    check_rule(
        "GC007",
        &[loc("GC007", "fixtures/GC007/fail/main.tf", 10, 1)],
    );
}

/// Without `--only`, each failing fixture reports its own rule and nothing
/// else (the fixtures are minimal).
#[test]
fn fail_fixtures_trigger_only_their_rule() {
    for code in [
        "GC001", "GC002", "GC003", "GC004", "GC005", "GC006", "GC007",
    ] {
        let run = cxlint(&[
            "check",
            &format!("fixtures/{code}/fail"),
            "--format",
            "json",
        ]);
        let codes: Vec<String> = diagnostics(&run.json())
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(
            !codes.is_empty() && codes.iter().all(|c| c == code),
            "{code}: {codes:?}"
        );
    }
}

/// The provider's local development build (`genesys.com/...`, version 0.1.0)
/// is not a release: GC003 leaves it alone (found in the corpus review).
#[test]
fn gc003_ignores_the_local_development_build() {
    let run = cxlint(&[
        "check",
        "fixtures/GC003/pass-devbuild",
        "--only",
        "GC003",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(diagnostics(&run.json()).is_empty(), "{}", run.stdout);
}
