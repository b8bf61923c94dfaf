//! `.cxlint.hcl` and rule-file handling through the real binary: discovery,
//! `--config`, rule settings and options, `exclude`, user rules, errors, the
//! command-line overrides and `cxlint init`.

use crate::support::*;

fn bad_main() -> String {
    format!("{PROVIDER}\n{}", bad_client("c"))
}

fn old_provider() -> String {
    PROVIDER.replace("~> 1.6, >= 1.6.2", ">= 1.6.0")
}

fn check_json(dir: &std::path::Path, extra: &[&str]) -> Out {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    run(dir, &args, None)
}

#[test]
fn config_is_discovered_upward_from_a_subdirectory() {
    let dir = project(&[
        (".cxlint.hcl", "rule \"GC001\" {\n  enabled = false\n}\n"),
        ("envs/prod/main.tf", &bad_main()),
    ]);
    let sub = dir.path().join("envs/prod");
    let out = check_json(&sub, &["."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.codes().is_empty());
}

#[test]
fn discovery_stops_at_the_repository_root() {
    // The config lies above the `.git` directory: it is not used.
    let outer = tempfile::tempdir().unwrap();
    write(
        outer.path(),
        ".cxlint.hcl",
        "rule \"GC001\" {\n  enabled = false\n}\n",
    );
    std::fs::create_dir_all(outer.path().join("repo/.git")).unwrap();
    write(outer.path(), "repo/sub/main.tf", &bad_main());
    let out = check_json(&outer.path().join("repo/sub"), &["."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.codes(), ["GC001"]);
}

#[test]
fn config_flag_names_the_file() {
    let dir = project(&[
        ("ci/strict.hcl", "rule \"GC001\" {\n  enabled = false\n}\n"),
        ("main.tf", &bad_main()),
    ]);
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.codes(), ["GC001"]);
    let out = check_json(dir.path(), &["--config", "ci/strict.hcl", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.codes().is_empty());
    let out = check_json(dir.path(), &["--config", "ci/missing.hcl", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("ci/missing.hcl"), "{}", out.stderr);
}

#[test]
fn severity_override_changes_the_json_severity_and_the_exit_code() {
    let dir = project(&[
        (
            ".cxlint.hcl",
            "rule \"GC001\" {\n  severity = \"info\"\n}\n",
        ),
        ("main.tf", &bad_main()),
    ]);
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.code, 0, "info is below the default fail level");
    let v = out.json();
    assert_eq!(v["diagnostics"][0]["code"], "GC001");
    assert_eq!(v["diagnostics"][0]["severity"], "info");
    assert_eq!(v["summary"]["infos"], 1);
    let out = check_json(dir.path(), &["--fail-level", "info", "."]);
    assert_eq!(out.code, 1);
}

#[test]
fn min_version_option_changes_gc003() {
    let main = format!("{}\n{}", old_provider(), good_client("c"));
    let dir = project(&[("main.tf", &main)]);
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.codes(), ["GC003"], "{}", out.stdout);
    write(
        dir.path(),
        ".cxlint.hcl",
        "rule \"GC003\" {\n  min_version = \"1.6.0\"\n}\n",
    );
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.codes().is_empty());
    write(
        dir.path(),
        ".cxlint.hcl",
        "rule \"GC003\" {\n  min_version = \"1.7.0\"\n}\n",
    );
    let out = check_json(dir.path(), &["."]);
    let v = out.json();
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1.7.0"),
        "{}",
        out.stdout
    );
}

#[test]
fn partner_scope_option_changes_gc001() {
    let client = bad_client("c").replace(
        r#"["analytics:view"]"#,
        r#"["analytics:view", "partner:analytics:read"]"#,
    );
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{client}"))]);
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.codes(), ["GC001"]);
    write(
        dir.path(),
        ".cxlint.hcl",
        "rule \"GC001\" {\n  partner_scope = \"partner:analytics:read\"\n}\n",
    );
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.codes().is_empty());
}

#[test]
fn partner_org_ids_drive_gc002() {
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{}", good_client("c")))]);
    let out = check_json(dir.path(), &["."]);
    assert!(out.codes().is_empty(), "{}", out.stdout);
    write(
        dir.path(),
        ".cxlint.hcl",
        "partner_org_ids = [\"11111111-2222-4333-8444-555555555555\"]\n",
    );
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.codes(), ["GC002"]);
    write(
        dir.path(),
        ".cxlint.hcl",
        "partner_org_ids = [\"0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b\"]\n",
    );
    let out = check_json(dir.path(), &["."]);
    assert!(out.codes().is_empty(), "{}", out.stdout);
}

#[test]
fn exclude_globs_skip_paths() {
    let dir = project(&[
        (".cxlint.hcl", "exclude = [\"legacy/**\"]\n"),
        ("legacy/old/main.tf", &bad_main()),
        ("live/main.tf", &bad_main()),
    ]);
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.code, 1);
    let v = out.json();
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["live/main.tf"]);
}

#[test]
fn user_rules_from_rules_dirs_and_the_rules_flag() {
    let dir = project(&[
        ("ci/rules/ACME001.hcl", USER_RULE),
        ("main.tf", &format!("{PROVIDER}\n{}", good_client("c"))),
    ]);
    let out = check_json(dir.path(), &["."]);
    assert!(out.codes().is_empty(), "{}", out.stdout);

    let out = check_json(dir.path(), &["--rules", "ci/rules", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.codes(), ["ACME001"]);
    assert_eq!(
        out.json()["diagnostics"][0]["resource"],
        "genesyscloud_oauth_client.c"
    );

    write(dir.path(), ".cxlint.hcl", "rules_dirs = [\"ci/rules\"]\n");
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.codes(), ["ACME001"]);
    // The user rule is listed and can be configured like a built-in one.
    let listed = run(dir.path(), &["rules", "--format", "json"], None).json();
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "ACME001" && r["name"] == "oauth-client-needs-description"));
    write(
        dir.path(),
        ".cxlint.hcl",
        "rules_dirs = [\"ci/rules\"]\nrule \"ACME001\" {\n  enabled = false\n}\n",
    );
    let out = check_json(dir.path(), &["."]);
    assert!(out.codes().is_empty(), "{}{}", out.stdout, out.stderr);
}

fn assert_trouble(out: &Out, needles: &[&str]) {
    assert_eq!(out.code, 2, "stdout:{}\nstderr:{}", out.stdout, out.stderr);
    for n in needles {
        assert!(
            out.stderr.contains(n),
            "`{n}` not in stderr: {}",
            out.stderr
        );
    }
}

#[test]
fn bad_configs_are_errors_naming_file_line_and_key() {
    let cases: &[(&str, &[&str])] = &[
        (
            "\n\nrulez_dirs = [\"x\"]\n",
            &[".cxlint.hcl:3", "rulez_dirs"],
        ),
        ("\nexclude = \"legacy\"\n", &[".cxlint.hcl:2", "exclude"]),
        (
            "rule \"GC001\" {\n  enabled = \"no\"\n}\n",
            &[".cxlint.hcl:2", "enabled"],
        ),
        (
            "rule \"GC999\" {\n  enabled = false\n}\n",
            &[".cxlint.hcl:1", "GC999"],
        ),
        (
            "rule \"GC003\" {\n  min_versoin = \"1.7.0\"\n}\n",
            &[".cxlint.hcl:2", "min_versoin"],
        ),
        (
            "rule \"GC003\" {\n  severity = \"fatal\"\n}\n",
            &[".cxlint.hcl:2", "severity"],
        ),
    ];
    for (text, needles) in cases {
        let dir = project(&[(".cxlint.hcl", text), ("main.tf", &bad_main())]);
        let out = check_json(dir.path(), &["."]);
        assert_trouble(&out, needles);
    }
}

#[test]
fn garbage_rule_file_is_an_error_naming_file_and_line() {
    let dir = project(&[
        ("r/ACME002.hcl", "code = \"ACME002\"\nname = \n"),
        ("main.tf", &bad_main()),
    ]);
    let out = check_json(dir.path(), &["--rules", "r", "."]);
    assert_trouble(&out, &["r/ACME002.hcl:2"]);
    let dir = project(&[
        (
            "r/ACME003.hcl",
            USER_RULE
                .replace("has no", "lacks")
                .replace("exists = true", "exists = true, bogus = 1")
                .as_str(),
        ),
        ("main.tf", &bad_main()),
    ]);
    let out = check_json(dir.path(), &["--rules", "r", "."]);
    assert_trouble(&out, &["r/ACME003.hcl:", "bogus"]);
}

#[test]
fn command_line_wins_over_the_config() {
    let main = format!("{}\n{}", old_provider(), bad_client("c"));
    let dir = project(&[
        (".cxlint.hcl", "rule \"GC001\" {\n  enabled = false\n}\n"),
        ("main.tf", &main),
    ]);
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.codes(), ["GC003"]);
    let out = check_json(dir.path(), &["--enable", "GC001", "."]);
    assert_eq!(out.codes(), ["GC003", "GC001"]);
    let out = check_json(dir.path(), &["--disable", "GC003", "."]);
    assert!(out.codes().is_empty(), "{}", out.stdout);
    let out = check_json(dir.path(), &["--only", "GC001", "."]);
    assert_eq!(out.codes(), ["GC001"]);
    let out = check_json(
        dir.path(),
        &["--only", "oauth-client-missing-partner-scope", "."],
    );
    assert_eq!(out.codes(), ["GC001"]);
    let out = check_json(dir.path(), &["--disable", "GC998", "."]);
    assert_trouble(&out, &["GC998"]);
}

#[test]
fn init_writes_a_starter_that_parses_and_refuses_to_overwrite() {
    let dir = project(&[("main.tf", &bad_main())]);
    let out = run(dir.path(), &["init"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join(".cxlint.hcl")).unwrap();
    assert!(text.contains("rule \"GC003\""), "{text}");
    let again = run(dir.path(), &["init"], None);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".cxlint.hcl")).unwrap(),
        text
    );
    // The starter is valid: it is discovered and the run works normally.
    let out = check_json(dir.path(), &["."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.codes(), ["GC001"]);
    let out = check_json(dir.path(), &["--config", ".cxlint.hcl", "."]);
    assert_eq!(out.codes(), ["GC001"]);
    // Uncommenting its examples still gives a valid config.
    let uncommented: String = text
        .lines()
        .filter_map(|l| {
            let r = l.strip_prefix("# ")?;
            let config_line = [
                "rule ",
                "}",
                "  ",
                "partner_org_ids",
                "rules_dirs",
                "exclude",
            ]
            .iter()
            .any(|p| r.starts_with(p));
            config_line.then(|| format!("{r}\n"))
        })
        .collect();
    assert!(uncommented.contains("min_version"), "{uncommented}");
    std::fs::create_dir_all(dir.path().join("ci/cxlint-rules")).unwrap();
    write(dir.path(), "full.hcl", &uncommented);
    let out = check_json(dir.path(), &["--config", "full.hcl", "."]);
    assert_eq!(
        out.code, 1,
        "uncommented starter:\n{uncommented}\n{}",
        out.stderr
    );
    assert_eq!(out.codes(), ["GC001"]);
}

#[test]
fn every_config_problem_is_reported_at_once_with_its_line() {
    let dir = project(&[
        ("main.tf", PROVIDER),
        (
            ".cxlint.hcl",
            "rule \"GC999\" {\n  enabled = true\n}\nrule \"GC003\" {\n  min_version = \"x.y\"\n  severity = \"loud\"\n}\n",
        ),
    ]);
    let out = run(dir.path(), &["check", "."], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let at = |needle: &str| {
        out.stderr
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in stderr:\n{}", out.stderr))
    };
    // All three, in line order, each with its line shown.
    assert!(at(".cxlint.hcl:1: unknown rule `GC999`") < at(".cxlint.hcl:5: invalid version"));
    assert!(at(".cxlint.hcl:5: invalid version") < at(".cxlint.hcl:6: `severity`"));
    assert!(out.stderr.contains("severity = \"loud\""), "{}", out.stderr);
    assert!(out.stderr.contains("cxlint init"), "{}", out.stderr);
}

/// An invalid config decides what the run means, so nothing is linted; a
/// machine format still writes a complete document naming the file, line
/// and key (SARIF: a failed invocation), for the config at the root and for
/// a nested one alike, and the run exits 2.
#[test]
fn an_invalid_config_is_a_document_in_machine_formats() {
    let bad = "rule \"GC001\" {\n  enabld = false\n}\n";
    for (config, shown) in [
        (".cxlint.hcl", ".cxlint.hcl"),
        ("team/.cxlint.hcl", "team/.cxlint.hcl"),
    ] {
        let dir = project(&[(config, bad), ("team/main.tf", &bad_main())]);
        let out = check_json(dir.path(), &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        let errors = &out.json()["errors"];
        assert_eq!(errors[0]["file"], shown, "{}", out.stdout);
        assert_eq!(errors[0]["line"], 2);
        assert!(errors[0]["message"].as_str().unwrap().contains("enabld"));
        assert!(out.stderr.contains("enabld"), "{}", out.stderr);
        let sarif = run(dir.path(), &["check", "--format", "sarif"], None);
        assert_eq!(sarif.code, 2);
        let inv = &sarif.json()["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false, "{}", sarif.stdout);
        for format in ["junit", "checkstyle", "compact", "github"] {
            let o = run(dir.path(), &["check", "--format", format], None);
            assert_eq!(o.code, 2, "{format}");
            assert!(o.stdout.contains("enabld"), "{format}: {}", o.stdout);
        }
        // GitLab's Code Quality report holds findings only: a valid, empty
        // array (the job fails on the exit code; stderr says why).
        let gitlab = run(dir.path(), &["check", "--format", "gitlab"], None);
        assert_eq!(gitlab.code, 2);
        assert_eq!(gitlab.json(), serde_json::json!([]));
    }
}
