//! Configuration the cross-org pack adds, through the real binary:
//! `known_releases` (GC015, GC003's fix) and the one `min_version` that
//! GC003, GC004 and GC005 share.

use crate::support::*;

fn versions(constraint: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    genesyscloud = {{\n      source  = \"mypurecloud/genesyscloud\"\n      version = \"{constraint}\"\n    }}\n  }}\n}}\n"
    )
}

const LOCK: &str =
    "provider \"registry.terraform.io/mypurecloud/genesyscloud\" {\n  version = \"1.7.0\"\n}\n";

fn diag<'v>(v: &'v serde_json::Value, code: &str) -> Option<&'v serde_json::Value> {
    v["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["code"] == code)
}

#[test]
fn known_releases_extend_the_index() {
    // Everything `~> 1.84.2` admits is newer than 1.84.1, the newest shipped
    // release: a release cxlint does not know yet, so silent.
    let dir = project(&[("versions.tf", &versions("~> 1.84.2"))]);
    let out = run(
        dir.path(),
        &["check", "--only", "GC015", "--format", "json", "."],
        None,
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // Once 1.85.0 is known, the constraint admits no release below it.
    write(dir.path(), ".cxlint.hcl", "known_releases = [\"1.85.0\"]\n");
    let out = run(
        dir.path(),
        &["check", "--only", "GC015", "--format", "json", "."],
        None,
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let v = out.json();
    let msg = diag(&v, "GC015")
        .and_then(|d| d["message"].as_str())
        .unwrap_or("");
    assert!(msg.contains("1.84.1 and 1.85.0"), "{msg}");
}

#[test]
fn a_bad_known_release_names_file_line_and_key() {
    let dir = project(&[
        ("versions.tf", &versions(">= 1.7.0")),
        (
            ".cxlint.hcl",
            "# releases\nknown_releases = [\n  \"1.85.0\",\n  \"one.two\",\n]\n",
        ),
    ]);
    let out = run(dir.path(), &["check", "."], None);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains(".cxlint.hcl:4:"), "{}", out.stderr);
    assert!(out.stderr.contains("known_releases"), "{}", out.stderr);
}

#[test]
fn gc004_and_gc005_follow_gc003_min_version() {
    let dir = project(&[
        ("versions.tf", &versions(">= 1.8.0")),
        (".terraform.lock.hcl", LOCK),
        ("other/main.tf", "provider \"genesyscloud\" {}\n"),
        (
            ".cxlint.hcl",
            "rule \"GC003\" {\n  min_version = \"1.8.0\"\n}\n",
        ),
    ]);
    let out = run(dir.path(), &["check", "--format", "json", "."], None);
    let v = out.json();
    let gc005 = diag(&v, "GC005").expect("GC005 fires on 1.7.0 < 1.8.0");
    assert!(
        gc005["message"]
            .as_str()
            .unwrap_or("")
            .contains("minimum 1.8.0"),
        "{gc005}"
    );
    assert!(
        gc005["help"].as_str().unwrap_or("").contains("1.8.0"),
        "{gc005}"
    );
    let gc004 = diag(&v, "GC004").expect("GC004 fires on the unconstrained module");
    assert!(
        gc004["help"].as_str().unwrap_or("").contains(">= 1.8.0"),
        "{gc004}"
    );
    assert_eq!(
        gc004["message"].as_str(),
        Some("module configures the genesyscloud provider without a version constraint in `required_providers`")
    );
}

#[test]
fn min_version_is_configured_once_for_gc003() {
    let dir = project(&[
        ("versions.tf", &versions(">= 1.8.0")),
        (
            ".cxlint.hcl",
            "rule \"GC005\" {\n  min_version = \"1.8.0\"\n}\n",
        ),
    ]);
    let out = run(dir.path(), &["check", "."], None);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains(".cxlint.hcl:2:"), "{}", out.stderr);
}

#[test]
fn gc004_message_reads_as_a_sentence_for_a_resource() {
    let dir = project(&[(
        "main.tf",
        "resource \"genesyscloud_group\" \"g\" {\n  name = \"g\"\n}\n",
    )]);
    let out = run(
        dir.path(),
        &["check", "--only", "GC004", "--format", "json", "."],
        None,
    );
    let v = out.json();
    let gc004 = diag(&v, "GC004").expect("GC004 fires");
    assert_eq!(
        gc004["message"].as_str(),
        Some("module uses the genesyscloud provider (`genesyscloud_group.g`) without a version constraint in `required_providers`")
    );
    assert!(
        gc004["help"].as_str().unwrap_or("").contains(">= 1.6.2"),
        "{gc004}"
    );
}
