//! Validates our SARIF with Microsoft's official validator (`sarif-multitool
//! validate`): the JSON schema plus the SARIF spec's own rules.
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
