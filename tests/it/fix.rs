//! `cxlint check --fix` / `--diff`: the real binary on temporary copies of
//! small configurations written by each test.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const PROVIDER: &str = "terraform {\n  required_providers {\n    genesyscloud = {\n      source = \"mypurecloud/genesyscloud\"\n      version = \"~> 1.6, >= 1.6.2\"\n    }\n  }\n}\n";

fn cxlint(dir: &Path, args: &[&str]) -> Output {
    crate::support::exec(&crate::support::Exec {
        env: &[("NO_COLOR", Some("1"))],
        ..crate::support::Exec::new(dir, args)
    })
}

fn setup(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let p = dir.path().join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(p, text).expect("write fixture");
    }
    dir
}

fn read_all(dir: &Path, files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(n, _)| {
            (
                n.to_string(),
                fs::read_to_string(dir.join(n)).expect("read back"),
            )
        })
        .collect()
}

fn json_report(dir: &Path) -> Value {
    let out = cxlint(dir, &["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout).expect("json report")
}

/// Every edit of every fix in a JSON report: (file, start, end, replacement).
fn edits(report: &Value) -> Vec<(String, usize, usize, String)> {
    let mut out = Vec::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        for e in d["fix"]["edits"].as_array().into_iter().flatten() {
            let item = (
                e["file"].as_str().expect("file").to_string(),
                e["range"]["start"]["offset"].as_u64().expect("start") as usize,
                e["range"]["end"]["offset"].as_u64().expect("end") as usize,
                e["replacement"].as_str().expect("replacement").to_string(),
            );
            if !out.contains(&item) {
                out.push(item);
            }
        }
    }
    out
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Run `--fix` on `files` and check what every fix test must hold; return
/// the before/after text of the files that changed, for a snapshot.
fn fix_case(files: &[(&str, &str)], code: &str) -> String {
    let dir = setup(files);
    let before = read_all(dir.path(), files);
    let report = json_report(dir.path());
    assert!(
        codes(&report).iter().any(|c| c == code),
        "{code} does not fire: {report:#}"
    );
    let planned = edits(&report);
    assert!(!planned.is_empty(), "no fix in {report:#}");

    let out = cxlint(dir.path(), &["check", "--fix", "--format", "compact"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cxlint: applied"), "stderr: {stderr}");
    let after = read_all(dir.path(), files);

    // Bytes outside the edited ranges are untouched: the new text is exactly
    // the old one with the reported edits spliced in.
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        let mut mine: Vec<_> = planned.iter().filter(|e| e.0 == *name).collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e.1));
        let mut expect = old.clone();
        for (_, s, e, r) in mine {
            assert_eq!(&old[..*s], &expect[..*s], "prefix of {name} changed");
            expect.replace_range(*s..*e, r);
        }
        assert_eq!(&expect, new, "{name}: not exactly the planned edits");
    }

    // Re-lint: parses, and the fixed code is gone.
    let again = json_report(dir.path());
    let left = codes(&again);
    assert!(!left.iter().any(|c| c == code), "{code} remains: {again:#}");
    assert!(
        !left.iter().any(|c| c == "CX001"),
        "fix broke syntax: {again:#}"
    );

    // Idempotent: a second --fix changes nothing.
    let out2 = cxlint(dir.path(), &["check", "--fix", "--format", "compact"]);
    assert!(String::from_utf8_lossy(&out2.stderr).contains("applied 0 fixes in 0 files"));
    assert_eq!(
        read_all(dir.path(), files),
        after,
        "second --fix changed bytes"
    );

    let mut snap = String::new();
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        if old != new {
            snap.push_str(&format!(
                "=== {name} (before)\n{}\n=== {name} (after)\n{}\n",
                old.replace('\r', "␍"),
                new.replace('\r', "␍")
            ));
        }
    }
    snap
}

fn client(scopes: &str) -> String {
    format!(
        "{PROVIDER}\nresource \"genesyscloud_oauth_client\" \"c\" {{\n  name = \"c\"\n  scopes = {scopes}\n}}\n"
    )
}

#[test]
fn gc001_multi_line_literal_list() {
    let main = client("[\n    \"analytics:view\",   # reporting\n    \"users:readonly\"\n  ]");
    insta::assert_snapshot!(fix_case(&[("main.tf", &main)], "GC001"));
}

#[test]
fn gc001_multi_line_list_with_trailing_comma() {
    let main = client("[\n    \"analytics\",\n  ]");
    insta::assert_snapshot!(fix_case(&[("main.tf", &main)], "GC001"));
}

#[test]
fn gc001_single_line_literal_list() {
    let main = client("[ \"analytics:view\" , \"users\" ]");
    insta::assert_snapshot!(fix_case(&[("main.tf", &main)], "GC001"));
}

#[test]
fn gc001_via_variable_default() {
    let main = format!(
        "variable \"scopes\" {{\n  type    = list(string)\n  default = [\"analytics:readonly\"]\n}}\n{}",
        client("var.scopes")
    );
    insta::assert_snapshot!(fix_case(&[("main.tf", &main)], "GC001"));
}

#[test]
fn gc001_via_local() {
    let main = format!(
        "locals {{\n  # scopes for reporting\n  scopes = [\n\t\"analytics\"\n  ]\n}}\n{}",
        client("local.scopes")
    );
    insta::assert_snapshot!(fix_case(&[("main.tf", &main)], "GC001"));
}

#[test]
fn gc001_via_tfvars_with_crlf() {
    let main = format!("variable \"scopes\" {{}}\n{}", client("var.scopes"));
    let tfvars =
        "# partner client\r\nscopes = [\r\n  \"analytics:view\", // why\r\n]\r\nother = 1\r\n";
    insta::assert_snapshot!(fix_case(
        &[("main.tf", &main), ("terraform.tfvars", tfvars)],
        "GC001"
    ));
}

#[test]
fn gc001_two_clients_sharing_a_variable_get_one_edit() {
    let main = format!(
        "variable \"s\" {{\n  default = [\"analytics\"]\n}}\n{}resource \"genesyscloud_oauth_client\" \"d\" {{\n  scopes = var.s\n}}\n",
        client("var.s")
    );
    insta::assert_snapshot!(fix_case(&[("main.tf", &main)], "GC001"));
}

#[test]
fn gc001_partner_without_analytics_has_help_but_no_fix() {
    let dir = setup(&[("main.tf", &client("[\"partner:analytics:view\"]"))]);
    let report = json_report(dir.path());
    let d = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "GC001")
        .expect("GC001 fires")
        .clone();
    assert!(d.get("fix").is_none(), "{d:#}");
    assert!(d["help"].as_str().unwrap_or("").contains("analytics"));
}

fn gc003(constraint: &str) -> String {
    let main = format!(
        "terraform {{\r\n  required_providers {{\r\n    genesyscloud = {{\r\n      source  = \"mypurecloud/genesyscloud\" # pinned\r\n      version   =   \"{constraint}\"   // old\r\n    }}\r\n  }}\r\n}}\r\n"
    );
    fix_case(&[("versions.tf", &main)], "GC003")
}

#[test]
fn gc003_tilde_patch() {
    insta::assert_snapshot!(gc003("~> 1.5.7"));
}

#[test]
fn gc003_tilde_minor() {
    insta::assert_snapshot!(gc003("~> 1.5"));
}

/// An exact pin is never widened into a range (rules.md, "Changes to the
/// first pack"): no fix, and the help names a release to pin instead.
#[test]
fn gc003_exact_pin_has_help_but_no_fix() {
    for pin in ["1.5.7", "= 1.3.0"] {
        let main = format!(
            "terraform {{\n  required_providers {{\n    genesyscloud = {{\n      source  = \"mypurecloud/genesyscloud\"\n      version = \"{pin}\"\n    }}\n  }}\n}}\n"
        );
        let dir = setup(&[("versions.tf", &main)]);
        let report = json_report(dir.path());
        let d = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["code"] == "GC003")
            .expect("GC003 fires")
            .clone();
        assert!(d.get("fix").is_none(), "{d:#}");
        assert_eq!(
            d["help"].as_str(),
            Some("pin a release at or above 1.6.2, such as `1.7.0`"),
            "{d:#}"
        );
    }
}

/// `~> 1.6.0` plus `>= 1.6.2` admits only 1.6.2 up to 1.7.0, where no
/// release exists: no fix, and the help proposes the next minor series.
#[test]
fn gc003_no_fix_when_no_known_release_would_be_admitted() {
    let main = "terraform {\n  required_providers {\n    genesyscloud = {\n      source  = \"mypurecloud/genesyscloud\"\n      version = \"~> 1.6.0\"\n    }\n  }\n}\n";
    let dir = setup(&[("versions.tf", main)]);
    let report = json_report(dir.path());
    let d = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "GC003")
        .expect("GC003 fires")
        .clone();
    assert!(d.get("fix").is_none(), "{d:#}");
    assert!(
        d["help"].as_str().unwrap_or("").contains("`~> 1.7`"),
        "{d:#}"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let main = client("[\n    \"analytics:view\"\n  ]");
    let files = [("main.tf", main.as_str())];
    let dir = setup(&files);
    let out = cxlint(dir.path(), &["check", "--diff"]);
    // Same exit code as a plain check: the findings are still there.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read_all(dir.path(), &files)[0].1, main);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("--- a/main.tf\n+++ b/main.tf\n@@ "),
        "{stdout}"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn diff_on_a_clean_configuration_is_empty_and_exits_0() {
    let dir = setup(&[("main.tf", &client("[\"users\"]"))]);
    let out = cxlint(dir.path(), &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_with_a_syntax_error_is_never_modified() {
    let broken = "resource \"genesyscloud_oauth_client\" \"x\" {\n  scopes = [\"analytics\"\n";
    let fixable = client("[\"analytics\"]");
    let files = [("broken.tf", broken), ("main.tf", fixable.as_str())];
    let dir = setup(&files);
    let out = cxlint(dir.path(), &["check", "--fix", "--format", "compact"]);
    let after = read_all(dir.path(), &files);
    assert_eq!(after[0].1, broken);
    // The other file is fixed, and the syntax error is still reported.
    assert!(after[1]
        .1
        .contains("\"analytics\", \"partner:analytics:view\""));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CX001"));
}

#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let main = client("[\"analytics\"]");
    let dir = setup(&[("main.tf", &main)]);
    let p = dir.path().join("main.tf");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = cxlint(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(1), "GC002 remains");
    assert_ne!(fs::read_to_string(&p).expect("read"), main, "not fixed");
    let mode = fs::metadata(&p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn fix_through_a_symlink_keeps_the_link() {
    let main = client("[\"analytics\"]");
    let dir = setup(&[("real/main.tf", &main)]);
    fs::create_dir(dir.path().join("m")).expect("mkdir");
    std::os::unix::fs::symlink("../real/main.tf", dir.path().join("m/main.tf")).expect("symlink");
    let out = cxlint(dir.path(), &["check", "--fix", "m"]);
    assert_eq!(out.status.code(), Some(1));
    let link = dir.path().join("m/main.tf");
    assert!(fs::symlink_metadata(&link)
        .expect("lstat")
        .file_type()
        .is_symlink());
    let fixed = fs::read_to_string(dir.path().join("real/main.tf")).expect("read");
    assert!(
        fixed.contains("\"analytics\", \"partner:analytics:view\""),
        "{fixed}"
    );
}

/// Makes a directory unwritable (chmod 0555; as root, where that is not
/// enough, `chattr +i` when available) and undoes it on drop.
struct ReadOnly<'a> {
    dir: &'a Path,
    immutable: bool,
}

impl<'a> ReadOnly<'a> {
    /// None when the directory stays writable (root without chattr).
    fn new(dir: &'a Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).expect("chmod");
        let mut guard = ReadOnly {
            dir,
            immutable: false,
        };
        if guard.writable() {
            guard.immutable = Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .output()
                .is_ok_and(|o| o.status.success());
            if !guard.immutable || guard.writable() {
                return None;
            }
        }
        Some(guard)
    }

    fn writable(&self) -> bool {
        let probe = self.dir.join("probe");
        let ok = fs::write(&probe, "x").is_ok();
        let _ = fs::remove_file(&probe);
        ok
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(self.dir).output();
        }
        let _ = fs::set_permissions(self.dir, fs::Permissions::from_mode(0o755));
    }
}

#[test]
#[ignore = "needs chattr and root (CI runs as root) to make a directory read-only: cargo test -- --ignored"]
fn fix_into_a_read_only_directory_fails_cleanly() {
    let main = client("[\"analytics\"]");
    let dir = setup(&[("m/main.tf", &main)]);
    let m = dir.path().join("m");
    let guard = ReadOnly::new(&m).expect("cannot make a directory read-only here");
    let out = cxlint(dir.path(), &["check", "--fix", "m"]);
    drop(guard);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write m/main.tf"), "{stderr}");
    assert_eq!(fs::read_to_string(m.join("main.tf")).expect("read"), main);
    let leftovers = fs::read_dir(&m).expect("ls").count();
    assert_eq!(leftovers, 1, "a temporary file was left behind");
}

#[test]
fn reports_carry_the_fix_in_json_and_sarif_and_human_marks_it() {
    let dir = setup(&[("main.tf", &client("[\"analytics\"]"))]);
    let report = json_report(dir.path());
    let gc001 = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "GC001")
        .expect("GC001")
        .clone();
    let edit = &gc001["fix"]["edits"][0];
    assert_eq!(edit["file"], "main.tf");
    assert_eq!(edit["replacement"], ", \"partner:analytics:view\"");
    assert!(edit["range"]["start"]["line"].as_u64().is_some());

    let out = cxlint(dir.path(), &["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "GC001")
        .expect("GC001 result")
        .clone();
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        change["replacements"][0]["insertedContent"]["text"],
        ", \"partner:analytics:view\""
    );

    let out = cxlint(
        dir.path(),
        &["check", "--format", "human", "--color", "never"],
    );
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("(fixable with --fix)"), "{human}");
}
