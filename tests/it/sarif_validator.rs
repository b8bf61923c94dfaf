//! Validates our SARIF with Microsoft's official validator (`sarif-multitool
//! validate`): the JSON schema plus the SARIF spec's own rules and GitHub
//! code scanning's (`--rule-kind Gh;Sarif`).
//!
//! The validator is found through `CXLINT_SARIF_MULTITOOL` (install it with
//! `.ci/install-sarif-multitool.sh`, which prints the path). Without it the
//! test is skipped, except in CI (`CI=true`), where skipping would hide a
//! broken format, so it fails.

use std::path::Path;
use std::process::Command;

use cxlint::report::testing::{clean_report, sample_report};
use cxlint::report::{render, Format, RenderOptions};
use serde_json::Value;

const TOOL_VAR: &str = "CXLINT_SARIF_MULTITOOL";

fn multitool() -> Option<String> {
    match std::env::var(TOOL_VAR) {
        Ok(path) if !path.is_empty() => Some(path),
        _ => panic!(
            "{TOOL_VAR} is not set \
             (export {TOOL_VAR}=\"$(.ci/install-sarif-multitool.sh)\")"
        ),
    }
}

/// What the validator found: (errors, warnings) as `"RULE: message"`.
///
/// Its exit code is 0 even when the file is invalid, so we read the results
/// of the SARIF log it writes.
fn validate(tool: &str, sarif: &str) -> (Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("cxlint.sarif");
    let output = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).expect("write SARIF");

    let run = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .args(["--log", "ForceOverwrite", "--level", "Error", "Warning"])
        // GitHub code scanning's own rules as well as the SARIF spec's.
        .args(["--rule-kind", "Gh;Sarif"])
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    assert!(
        run.status.success() && Path::new(&output).exists(),
        "{tool} failed ({}):\n{}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );

    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(&output).expect("read validator output"))
            .expect("validator output is JSON");
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for run in log["runs"].as_array().expect("runs") {
        // A validator that could not analyze the file says so here.
        for invocation in run["invocations"].as_array().into_iter().flatten() {
            for n in invocation["toolExecutionNotifications"]
                .as_array()
                .into_iter()
                .flatten()
            {
                if n["level"] == "error" {
                    errors.push(format!("notification: {}", n["message"]["text"]));
                }
            }
        }
        for result in run["results"].as_array().into_iter().flatten() {
            let text = format!(
                "{}: {}",
                result["ruleId"].as_str().unwrap_or("?"),
                result["message"]["text"]
                    .as_str()
                    .or(result["message"]["id"].as_str())
                    .unwrap_or("?"),
            );
            // `level` defaults to warning in SARIF.
            match result["level"].as_str().unwrap_or("warning") {
                "error" => errors.push(text),
                "warning" => warnings.push(text),
                _ => {}
            }
        }
    }
    (errors, warnings)
}

fn options() -> RenderOptions {
    RenderOptions {
        tool_version: "0.0.0-test".into(),
        srcroot: Some("file:///home/runner/work/infra/".into()),
        ..RenderOptions::default()
    }
}

#[test]
#[ignore = "needs sarif-multitool: CXLINT_SARIF_MULTITOOL=PATH cargo test -- --ignored (.ci/run does)"]
fn sarif_validates_with_no_errors_or_warnings() {
    let Some(tool) = multitool() else { return };
    for (name, report) in [("sample", sample_report()), ("clean", clean_report())] {
        let sarif = render(&report, Format::Sarif, &options());
        let (errors, warnings) = validate(&tool, &sarif);
        assert!(errors.is_empty(), "{name}: validator errors:\n{errors:#?}");
        assert!(
            warnings.is_empty(),
            "{name}: validator warnings:\n{warnings:#?}"
        );
    }
}

/// The check above is only worth something if the validator's complaints
/// reach us: feed it a broken log and expect errors.
#[test]
#[ignore = "needs sarif-multitool: CXLINT_SARIF_MULTITOOL=PATH cargo test -- --ignored (.ci/run does)"]
fn the_validator_catches_a_broken_log() {
    let Some(tool) = multitool() else { return };
    let sarif = render(&sample_report(), Format::Sarif, &options())
        .replacen("\"startLine\": 3", "\"startLine\": 0", 1)
        .replacen("envs/prod%20east/", "envs/prod east/", 1);
    let (errors, _) = validate(&tool, &sarif);
    assert!(errors.len() >= 2, "expected errors, got {errors:#?}");
}

/// GitHub's rules reach us too: a rule without `fullDescription` is GH2012.
#[test]
#[ignore = "needs sarif-multitool: CXLINT_SARIF_MULTITOOL=PATH cargo test -- --ignored (.ci/run does)"]
fn the_validator_applies_githubs_rules() {
    let Some(tool) = multitool() else { return };
    let sarif = render(&sample_report(), Format::Sarif, &options());
    let mut log: Value = serde_json::from_str(&sarif).unwrap();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        rule.as_object_mut().unwrap().remove("fullDescription");
    }
    let (errors, _) = validate(&tool, &log.to_string());
    assert!(
        errors.iter().any(|e| e.starts_with("GH2012")),
        "expected GH2012, got {errors:#?}"
    );
}

/// A real run from a subdirectory of a git repository: URIs are relative to
/// the repository root, which `originalUriBaseIds` declares, and the log
/// passes both rule sets.
#[test]
#[ignore = "needs sarif-multitool: CXLINT_SARIF_MULTITOOL=PATH cargo test -- --ignored (.ci/run does)"]
fn a_run_from_a_subdirectory_points_at_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let infra = repo.path().join("infra");
    std::fs::create_dir(&infra).unwrap();
    std::fs::write(
        infra.join("main.tf"),
        "provider \"genesyscloud\" {\n  oauthclient_secret = \"Literal-S3cret-Value\"\n}\n",
    )
    .unwrap();
    let out = crate::support::exec(&crate::support::Exec::new(
        &infra,
        &["check", "--format", "sarif"],
    ));
    assert_eq!(out.status.code(), Some(1));
    let sarif = String::from_utf8(out.stdout).unwrap();
    assert!(!sarif.contains("Literal-S3cret-Value"));
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let run = &log["runs"][0];
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    let canonical = std::fs::canonicalize(repo.path()).unwrap();
    assert!(
        root.trim_end_matches('/')
            .ends_with(canonical.to_str().unwrap().trim_end_matches('/'))
            || root
                .trim_end_matches('/')
                .ends_with(repo.path().to_str().unwrap().trim_end_matches('/')),
        "{root}"
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uri"], "infra/main.tf", "{r}");
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
        assert!(r["partialFingerprints"].is_object());
    }
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = rules.iter().find(|r| r["id"] == "GC101").unwrap();
    assert!(rule["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("security")));
    assert!(rule["properties"]["security-severity"].is_string());
    assert!(!rule["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("```"));
    let Some(tool) = multitool() else { return };
    let (errors, warnings) = validate(&tool, &sarif);
    assert!(errors.is_empty(), "validator errors:\n{errors:#?}");
    assert!(warnings.is_empty(), "validator warnings:\n{warnings:#?}");
}

/// Fingerprints survive line moves: the same finding two lines lower has
/// the same `partialFingerprints`.
#[test]
fn fingerprints_survive_line_moves() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let text = "provider \"genesyscloud\" {\n  oauthclient_secret = \"Literal-S3cret-Value\"\n}\n";
    let fp = |t: &str| {
        std::fs::write(dir.path().join("main.tf"), t).unwrap();
        let out = crate::support::exec(&crate::support::Exec::new(
            dir.path(),
            &["check", "--format", "sarif"],
        ));
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"][0]["partialFingerprints"].clone()
    };
    let before = fp(text);
    let after = fp(&format!("\n\n{text}"));
    assert!(before.is_object());
    assert_eq!(before, after);
}
