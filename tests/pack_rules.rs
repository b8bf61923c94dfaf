//! The provider pack (GC008-GC010, GC101-GC104) and the cross-org pack
//! (GC011-GC015) against their fixtures, run
//! through the real binary: `fixtures/CODE/fail` must produce the snapshotted
//! findings of CODE, `fixtures/CODE/pass` none of them.

use std::path::Path;
use std::process::{Command, Output};

const PACK: &[&str] = &[
    "GC008", "GC009", "GC010", "GC011", "GC012", "GC013", "GC014", "GC015", "GC101", "GC102",
    "GC103", "GC104",
];

fn cxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run cxlint")
}

fn check(code: &str, kind: &str, format: &str) -> (String, Option<i32>) {
    let dir = format!("fixtures/{code}/{kind}");
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir).is_dir(),
        "missing fixture {dir}"
    );
    let out = cxlint(&[
        "check", &dir, "--only", code, "--format", format, "--color", "never",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{code} {kind}: stderr: {stderr}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

fn codes(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json output");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn fail_fixtures_report_their_rule() {
    for code in PACK {
        let (json, status) = check(code, "fail", "json");
        let found = codes(&json);
        assert!(!found.is_empty(), "{code}: fail fixture has no finding");
        assert!(
            found.iter().all(|c| c == code),
            "{code}: unexpected codes {found:?}"
        );
        // GC104 is info: below the default fail level.
        let want = if *code == "GC104" { 0 } else { 1 };
        assert_eq!(status, Some(want), "{code}: exit code");
        insta::assert_snapshot!(format!("{code}_fail_json"), json);
        let (human, _) = check(code, "fail", "human");
        insta::assert_snapshot!(format!("{code}_fail_human"), human);
    }
}

#[test]
fn pass_fixtures_have_no_finding_of_their_rule() {
    for code in PACK {
        let (json, status) = check(code, "pass", "json");
        let found = codes(&json);
        assert!(
            !found.iter().any(|c| c == code),
            "{code}: pass fixture reports {found:?}:\n{json}"
        );
        assert_eq!(status, Some(0), "{code}: exit code");
    }
}

/// The secrets written in `fixtures/GC101/fail`: a `.tfvars` value (under a
/// variable name that does not look secret), a variable default, and the
/// proxy and gateway passwords.
const GC101_SECRETS: &[&str] = &[
    "TfVars-Client-S3cret",
    "tok-Default-Literal-123",
    "Pr0xy-Literal-Pass",
    "Gw-Literal-Pass",
];

#[test]
fn gc101_secrets_appear_in_no_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/GC101/fail");
    let sources = std::fs::read_to_string(root.join("main.tf")).expect("main.tf")
        + &std::fs::read_to_string(root.join("terraform.tfvars")).expect("tfvars");
    for secret in GC101_SECRETS {
        assert!(sources.contains(secret), "fixture lacks {secret}");
    }
    for format in [
        "human",
        "json",
        "sarif",
        "checkstyle",
        "junit",
        "compact",
        "github",
    ] {
        let (out, status) = check("GC101", "fail", format);
        assert_eq!(status, Some(1), "{format}: exit code");
        assert!(out.contains("GC101"), "{format}: no GC101 finding:\n{out}");
        for secret in GC101_SECRETS {
            assert!(
                !out.contains(secret),
                "{format} prints the secret {secret}:\n{out}"
            );
        }
    }
}

#[test]
fn gc101_tfvars_value_is_reported_and_masked_on_its_line() {
    let (json, _) = check("GC101", "fail", "json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let d = diags
        .iter()
        .find(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("terraform.tfvars"))
        })
        .expect("a finding on the .tfvars line");
    assert_eq!(d["range"]["start"]["line"], 1);
    assert!(d["message"]
        .as_str()
        .is_some_and(|m| m.contains("oauthclient_secret")));
    let related = d["related"].as_array().expect("related");
    assert!(related.iter().any(
        |r| r["file"].as_str().is_some_and(|f| f.ends_with("main.tf"))
            && r["range"]["start"]["line"] == 13
    ));
    let (human, _) = check("GC101", "fail", "human");
    assert!(
        human.contains(&format!("oauth_key = {}", "*".repeat(22))),
        "the .tfvars value is not masked:\n{human}"
    );
}
