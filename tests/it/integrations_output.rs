//! Issue 16: what CI and editor integrations rely on: quiet machine
//! formats, baselines, JUnit, `--fix`/`--diff` scope, stdin and usage
//! errors, URLs, the human summary, statistics and the GitLab format.

use crate::support::*;

fn clean_project() -> tempfile::TempDir {
    project(&[("main.tf", &format!("{PROVIDER}{}", good_client("a")))])
}

#[test]
fn quiet_machine_formats_still_write_a_document() {
    let dir = clean_project();
    for format in ["json", "sarif", "junit", "checkstyle"] {
        let out = run(dir.path(), &["check", "-q", "--format", format], None);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(!out.stdout.trim().is_empty(), "{format}: empty output");
    }
    let out = run(
        dir.path(),
        &["check", "-q", "--format", "sarif", "--output", "r.sarif"],
        None,
    );
    assert_eq!(out.code, 0);
    let text = std::fs::read_to_string(dir.path().join("r.sarif")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "2.1.0");
    // Human stays silent.
    let out = run(dir.path(), &["check", "-q"], None);
    assert_eq!(out.stdout, "");
}

#[test]
fn stdin_usage_errors() {
    let dir = clean_project();
    let out = run(
        dir.path(),
        &["check", "--stdin-filename", "notes.md", "-"],
        // A usage error exits before reading: feeding text could race it.
        None,
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not a Terraform file"),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains("CX001"), "{}", out.stdout);

    let out = run(dir.path(), &["check", "-"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--stdin-filename"), "{}", out.stderr);
    assert!(!out.stderr.contains("no such file"), "{}", out.stderr);

    let out = run(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "main.tf",
            "-",
            "gone.tf",
            "--format",
            "json",
        ],
        Some(&format!("{PROVIDER}{}", good_client("a"))),
    );
    // Paths beside standard input are a usage error, never ignored.
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("--stdin-filename"), "{}", out.stderr);
}

#[test]
fn missing_config_and_var_file_are_said_once_and_clearly() {
    let dir = clean_project();
    let out = run(dir.path(), &["check", "--config", "nope.hcl"], None);
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains("nope.hcl:0"), "{}", out.stderr);
    assert!(out.stderr.contains("nope.hcl"), "{}", out.stderr);

    let out = run(
        dir.path(),
        &["check", "--var-file", "gone.tfvars", "--format", "json"],
        None,
    );
    assert_eq!(out.code, 2);
    let v = out.json();
    let said = v["errors"].as_array().unwrap().len()
        + v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == "gone.tfvars")
            .count();
    assert_eq!(said, 1, "{}", out.stdout);
}

#[test]
fn malformed_and_unknown_suppressions_are_cx007() {
    let text = format!(
        "{PROVIDER}# cxlint-ignore GC001\n{}# cxlint-ignore: GC999\nlocals {{\n  a = 1\n}}\n",
        bad_client("c")
    );
    let dir = project(&[("main.tf", &text)]);
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let mut codes = out.codes();
    codes.sort();
    assert_eq!(codes, ["CX007", "CX007", "GC001"], "{}", out.stdout);
}

#[test]
fn core_codes_and_names_are_case_insensitive() {
    let text = format!(
        "{PROVIDER}# cxlint-ignore: OAUTH-CLIENT-MISSING-PARTNER-SCOPE\n{}# cxlint-ignore: gc002\nlocals {{\n  a = 1\n}}\n",
        bad_client("c")
    );
    let dir = project(&[("main.tf", &text)]);
    let out = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(out.codes(), ["CX003"], "{}", out.stdout);
    for args in [["--disable", "cx003"], ["--disable", "Unused-Suppression"]] {
        let mut a = vec!["check", "--format", "json"];
        a.extend(args);
        let out = run(dir.path(), &a, None);
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.codes().is_empty(), "{}", out.stdout);
    }
    // CX001 cannot be disabled, but naming it is not an unknown rule.
    write(dir.path(), "broken.tf", "resource \"x\" {\n");
    let out = run(
        dir.path(),
        &["check", "--disable", "syntax-error", "--format", "json"],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.codes().contains(&"CX001".to_string()));
    let out = run(
        dir.path(),
        &[
            "check",
            "--only",
            "GC001",
            "--only",
            "SYNTAX-ERROR",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    // Config keys too.
    write(
        dir.path(),
        ".cxlint.hcl",
        "rule \"unused-SUPPRESSION\" {\n  enabled = false\n}\n",
    );
    std::fs::remove_file(dir.path().join("broken.tf")).unwrap();
    let out = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

#[test]
fn diff_honours_output_and_refuses_machine_formats() {
    let dir = project(&[("main.tf", &format!("{PROVIDER}{}", bad_client("c")))]);
    let out = run(dir.path(), &["check", "--diff", "--format", "json"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--diff"), "{}", out.stderr);
    let out = run(
        dir.path(),
        &["check", "--diff", "--output", "fix.diff"],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let diff = std::fs::read_to_string(dir.path().join("fix.diff")).unwrap();
    assert!(diff.contains("partner:analytics:view"), "{diff}");
}

#[test]
fn fix_edits_only_named_files_and_prints_stdin() {
    let dir = var_project("scopes = [\"analytics:view\"]\n");
    write(dir.path(), "other.tf", &bad_client("o"));
    let before = std::fs::read_to_string(dir.path().join("other.tf")).unwrap();
    let main_before = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    let out = run(dir.path(), &["check", "--fix", "terraform.tfvars"], None);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("other.tf")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        main_before
    );

    let text = bad_client("o");
    let out = run(
        dir.path(),
        &["check", "--fix", "--stdin-filename", "other.tf", "-"],
        Some(&text),
    );
    assert!(
        out.stdout.contains("partner:analytics:view"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    assert!(out
        .stdout
        .starts_with("resource \"genesyscloud_oauth_client\""));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("other.tf")).unwrap(),
        before,
        "stdin fix wrote to disk"
    );
}

#[test]
fn exit_zero_keeps_exit_2() {
    let dir = project(&[("main.tf", &format!("{PROVIDER}{}", bad_client("c")))]);
    let out = run(dir.path(), &["check", "--exit-zero"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("GC001"));
    let out = run(dir.path(), &["check", "--exit-zero", "gone.tf"], None);
    assert_eq!(out.code, 2);
}

#[test]
fn baseline_matches_from_any_directory_and_says_what_it_hid() {
    let dir = project(&[("infra/main.tf", &format!("{PROVIDER}{}", bad_client("c")))]);
    let infra = dir.path().join("infra");
    let out = run(
        &infra,
        &["check", "--write-baseline", "baseline.json"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // From the parent directory the same findings are still baselined.
    let out = run(
        dir.path(),
        &[
            "check",
            "infra",
            "--baseline",
            "infra/baseline.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.codes().is_empty(), "{}", out.stdout);
    assert_eq!(out.json()["baseline"]["suppressed"], 1);
    // Without a baseline there is no `baseline` key.
    let out = run(dir.path(), &["check", "infra", "--format", "json"], None);
    assert!(out.json().get("baseline").is_none());
}

#[test]
fn a_syntax_error_is_never_baselined() {
    let dir = project(&[("main.tf", "resource \"x\" {\n")]);
    let out = run(dir.path(), &["check", "--write-baseline", "b.json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let b = std::fs::read_to_string(dir.path().join("b.json")).unwrap();
    assert!(!b.contains("CX001"), "{b}");
    let out = run(
        dir.path(),
        &["check", "--baseline", "b.json", "--format", "json"],
        None,
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.codes(), ["CX001"]);
    // Even a hand-written entry does not hide it.
    let forged = format!(
        "{{\"version\":1,\"findings\":[{{\"file\":\"main.tf\",\"resource\":\"\",\"code\":\"CX001\",\"message\":{},\"count\":1}}]}}",
        serde_json::to_string(out.json()["diagnostics"][0]["message"].as_str().unwrap()).unwrap()
    );
    write(dir.path(), "b.json", &forged);
    let out = run(
        dir.path(),
        &["check", "--baseline", "b.json", "--format", "json"],
        None,
    );
    assert_eq!(out.codes(), ["CX001"]);
}

#[test]
fn junit_failures_follow_the_fail_level() {
    // GC001 is an error; a missing constraint (GC004) is a warning.
    let text = bad_client("c");
    let dir = project(&[("main.tf", &text)]);
    let json = run(dir.path(), &["check", "--format", "json"], None);
    let sev: Vec<String> = json.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap().to_string())
        .collect();
    assert!(sev.contains(&"warning".to_string()) && sev.contains(&"error".to_string()));
    let out = run(
        dir.path(),
        &["check", "--format", "junit", "--fail-level", "error"],
        None,
    );
    let errors = sev.iter().filter(|s| *s == "error").count();
    assert_eq!(
        out.stdout.matches("<failure").count(),
        errors,
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("<system-out>"), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("failures=\"{errors}\"")));
    assert!(out.stdout.contains(&format!("tests=\"{}\"", sev.len())));
    // The default level fails on both.
    let out = run(dir.path(), &["check", "--format", "junit"], None);
    assert_eq!(out.stdout.matches("<failure").count(), sev.len());
}

#[test]
fn statistics_count_per_code() {
    let text = format!("{PROVIDER}{}{}", bad_client("a"), bad_client("b"));
    let dir = project(&[("main.tf", &text)]);
    let out = run(
        dir.path(),
        &["check", "--statistics", "--color", "never"],
        None,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("2  GC001  oauth-client-missing-partner-scope"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("╭"), "{}", out.stdout);
    let out = run(
        dir.path(),
        &["check", "--statistics", "--format", "json"],
        None,
    );
    let st = &out.json()["statistics"];
    assert_eq!(st[0]["code"], "GC001");
    assert_eq!(st[0]["name"], "oauth-client-missing-partner-scope");
    assert_eq!(st[0]["count"], 2);
    assert!(st[0]["fixable"].is_boolean());
}

#[test]
fn no_invented_urls_and_docs_url_fills_them_in() {
    let dir = project(&[
        ("ci/rules/ACME001.hcl", USER_RULE),
        ("main.tf", &format!("{PROVIDER}{}", bad_client("c"))),
    ]);
    let all = |args: &[&str]| {
        let mut a = vec!["check", "--rules", "ci/rules"];
        a.extend(args);
        run(dir.path(), &a, None)
    };
    for format in [
        "json",
        "sarif",
        "junit",
        "checkstyle",
        "human",
        "github",
        "gitlab",
    ] {
        let out = all(&["--format", format]);
        assert!(
            !out.stdout.contains("github.com/cxlint"),
            "{format}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains("cxlint.dev"), "{format}");
    }
    let json = all(&["--format", "json"]).json();
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d.get("url").is_none()));
    let human = all(&["--color", "never"]);
    assert!(
        human.stdout.contains("see `cxlint explain GC001`"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("see `cxlint explain ACME001`"));

    write(
        dir.path(),
        ".cxlint.hcl",
        "docs_url = \"https://wiki.example.com/lint/{code}.md\"\n",
    );
    let json = all(&["--format", "json"]).json();
    for d in json["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        assert_eq!(
            d["url"],
            format!("https://wiki.example.com/lint/{code}.md"),
            "{d}"
        );
    }
    write(dir.path(), ".cxlint.hcl", "docs_url = \"wiki\"\n");
    let out = all(&[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("docs_url"), "{}", out.stderr);
    std::fs::remove_file(dir.path().join(".cxlint.hcl")).unwrap();

    // A rule file's own url is used as it is.
    let with_url = USER_RULE.replace(
        "severity = \"warning\"",
        "severity = \"warning\"\nurl      = \"https://intranet.example.com/ACME001\"",
    );
    write(dir.path(), "ci/rules/ACME001.hcl", &with_url);
    let json = all(&["--format", "json"]).json();
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ACME001")
        .unwrap()
        .clone();
    assert_eq!(d["url"], "https://intranet.example.com/ACME001");
}

#[test]
fn explain_knows_user_rules() {
    let dir = project(&[("ci/rules/ACME001.hcl", USER_RULE)]);
    let out = run(dir.path(), &["explain", "ACME001"], None);
    assert_eq!(out.code, 2);
    let out = run(
        dir.path(),
        &["explain", "ACME001", "--rules", "ci/rules"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Nobody knows what they are for."),
        "{}",
        out.stdout
    );
    write(dir.path(), ".cxlint.hcl", "rules_dirs = [\"ci/rules\"]\n");
    let out = run(
        dir.path(),
        &["explain", "oauth-client-needs-description"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn human_summary_counts_files_with_problems() {
    let dir = project(&[
        ("versions.tf", PROVIDER),
        ("a.tf", &bad_client("a")),
        ("b.tf", &format!("{}{}", bad_client("b"), good_client("c"))),
        ("c.tf", &good_client("d")),
    ]);
    let out = run(dir.path(), &["check", "--color", "never"], None);
    let last = out.stdout.lines().last().unwrap_or_default().to_string();
    assert_eq!(
        last, "✖ 2 problems (2 errors) in 2 of 4 files",
        "{}",
        out.stdout
    );
    // The URL is not repeated on every finding.
    assert!(!out.stdout.contains("https://"), "{}", out.stdout);
}

#[test]
fn a_long_list_gets_a_short_underline() {
    let scopes: Vec<String> = (0..150).map(|i| format!("\"scope{i}:view\"")).collect();
    let client = bad_client("c").replace(
        "[\"analytics:view\"]",
        &format!("[\"analytics:view\", {}]", scopes.join(", ")),
    );
    let dir = project(&[("main.tf", &format!("{PROVIDER}{client}"))]);
    let out = run(dir.path(), &["check", "--color", "never"], None);
    assert_eq!(out.code, 1);
    let longest = out
        .stdout
        .lines()
        .map(|l| l.matches('─').count())
        .max()
        .unwrap_or(0);
    assert!(
        longest <= 80,
        "underline of {longest} characters:\n{}",
        out.stdout
    );
}

#[test]
fn quiet_fix_with_nothing_to_fix_says_nothing() {
    let dir = clean_project();
    let out = run(dir.path(), &["check", "--fix", "-q"], None);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "", "{}", out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn gitlab_code_quality_report() {
    let dir = project(&[("infra/main.tf", &format!("{PROVIDER}{}", bad_client("c")))]);
    let out = run(
        &dir.path().join("infra"),
        &["check", "--format", "gitlab"],
        None,
    );
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 1);
    let i = &issues[0];
    assert_eq!(i["check_name"], "GC001");
    assert_eq!(i["severity"], "major");
    assert_eq!(i["location"]["path"], "infra/main.tf");
    assert!(i["location"]["lines"]["begin"].as_u64().unwrap() > 0);
    assert!(i["description"]
        .as_str()
        .unwrap()
        .contains("partner:analytics:view"));
    assert_eq!(i["fingerprint"].as_str().unwrap().len(), 16);
    // Clean: an empty array, also with -q.
    let clean = clean_project();
    let out = run(clean.path(), &["check", "-q", "--format", "gitlab"], None);
    assert_eq!(out.stdout.trim(), "[]");
    // github paths are relative to the repository root as well.
    let out = run(
        &dir.path().join("infra"),
        &["check", "--format", "github"],
        None,
    );
    assert!(out.stdout.contains("file=infra/main.tf"), "{}", out.stdout);
}
