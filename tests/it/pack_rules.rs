//! GC101 through the real binary: the secrets of its fixture appear in no
//! output format. (Every rule's fixtures and snapshots are checked in
//! `rules`.)

use std::path::Path;
use std::process::Output;

fn cxlint(args: &[&str]) -> Output {
    crate::support::exec(&crate::support::Exec {
        env: &[("NO_COLOR", Some("1"))],
        ..crate::support::Exec::new(Path::new(env!("CARGO_MANIFEST_DIR")), args)
    })
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
