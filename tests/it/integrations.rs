//! Issue 16: integrations (pre-commit, CI, editors) never pass a broken
//! commit. Named files (reported through `related`), variable-file
//! alternatives, and which config and excludes apply.

use crate::support::*;

/// `file:line` of every diagnostic of a JSON report, with its code.
fn found(out: &Out) -> Vec<(String, String, u64)> {
    out.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn named_tfvars_reports_the_finding_it_causes_in_main_tf() {
    let dir = var_project("scopes = [\"analytics:view\"]\n");
    let full = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(found(&full), [("GC001".into(), "main.tf".into(), 4)]);
    let named = run(
        dir.path(),
        &["check", "terraform.tfvars", "--format", "json"],
        None,
    );
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert_eq!(found(&named), [("GC001".into(), "main.tf".into(), 4)]);
    let related = &named.json()["diagnostics"][0]["related"];
    assert!(
        related
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["file"] == "terraform.tfvars"),
        "{related}"
    );
}

#[test]
fn named_variables_tf_reports_the_finding_its_default_causes() {
    let dir = project(&[
        ("versions.tf", PROVIDER),
        ("main.tf", MAIN_WITH_VAR),
        (
            "variables.tf",
            "variable \"scopes\" {\n  default = [\"analytics:view\"]\n}\n",
        ),
    ]);
    let named = run(
        dir.path(),
        &["check", "variables.tf", "--format", "json"],
        None,
    );
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert_eq!(found(&named), [("GC001".into(), "main.tf".into(), 4)]);
}

#[test]
fn named_child_versions_tf_reports_gc006_in_the_root() {
    let dir = project(&[
        (
            "main.tf",
            "terraform {\n  required_providers {\n    genesyscloud = {\n      source  = \"mypurecloud/genesyscloud\"\n      version = \"~> 1.6.0\"\n    }\n  }\n}\nmodule \"m\" {\n  source = \"./modules/m\"\n}\n",
        ),
        (
            "modules/m/versions.tf",
            "terraform {\n  required_providers {\n    genesyscloud = {\n      source  = \"mypurecloud/genesyscloud\"\n      version = \">= 1.7.0\"\n    }\n  }\n}\n",
        ),
    ]);
    let full = run(dir.path(), &["check", "--format", "json"], None);
    assert!(
        full.codes().contains(&"GC006".to_string()),
        "{}",
        full.stdout
    );
    let named = run(
        dir.path(),
        &["check", "modules/m/versions.tf", "--format", "json"],
        None,
    );
    assert!(
        named.codes().contains(&"GC006".to_string()),
        "{}",
        named.stdout
    );
    assert_eq!(named.code, 1);
}

#[test]
fn a_file_named_twice_or_beside_a_missing_one_changes_nothing_for_the_others() {
    let dir = project(&[
        ("main.tf", &format!("{PROVIDER}{}", good_client("a"))),
        ("other.tf", &bad_client("b")),
    ]);
    let twice = run(
        dir.path(),
        &["check", "main.tf", "main.tf", "--format", "json"],
        None,
    );
    assert_eq!(twice.code, 0, "{}", twice.stdout);
    assert!(found(&twice).is_empty(), "{}", twice.stdout);

    let missing = run(
        dir.path(),
        &["check", "main.tf", "gone.tf", "--format", "json"],
        None,
    );
    assert_eq!(missing.code, 2);
    assert!(found(&missing).is_empty(), "{}", missing.stdout);
    assert_eq!(missing.json()["errors"][0]["file"], "gone.tf");
}

#[test]
fn other_tfvars_files_are_alternatives() {
    let dir = var_project("scopes = [\"analytics:view\", \"partner:analytics:view\"]\n");
    write(dir.path(), "prod.tfvars", "scopes = [\"analytics:view\"]\n");
    let full = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(found(&full), [("GC001".into(), "main.tf".into(), 4)]);
    let d = &full.json()["diagnostics"][0];
    assert!(
        d["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["file"] == "prod.tfvars"),
        "{d}"
    );
    // Named alone, it is still what breaks main.tf.
    let named = run(
        dir.path(),
        &["check", "prod.tfvars", "--format", "json"],
        None,
    );
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert_eq!(found(&named), [("GC001".into(), "main.tf".into(), 4)]);
    // terraform.tfvars alone is fine.
    let auto = run(
        dir.path(),
        &["check", "terraform.tfvars", "--format", "json"],
        None,
    );
    assert_eq!(auto.code, 0, "{}", auto.stdout);
}

#[test]
fn a_secret_in_a_named_prod_tfvars_fails() {
    let dir = project(&[
        (
            "main.tf",
            &format!(
                "{PROVIDER}variable \"secret\" {{\n  type = string\n}}\nprovider \"genesyscloud\" {{\n  oauthclient_id     = \"4f9a2b1c-0d3e-4f5a-8b6c-7d8e9f0a1b2c\"\n  oauthclient_secret = var.secret\n  aws_region         = \"eu-west-1\"\n}}\n"
            ),
        ),
        ("prod.tfvars", "secret = \"Pr0d-Literal-S3cret\"\n"),
    ]);
    let named = run(
        dir.path(),
        &["check", "prod.tfvars", "--format", "json"],
        None,
    );
    assert_eq!(named.code, 1, "{}", named.stdout);
    assert!(
        named.codes().contains(&"GC101".to_string()),
        "{}",
        named.stdout
    );
    assert!(!named.stdout.contains("Pr0d-Literal-S3cret"));
    let human = run(
        dir.path(),
        &["check", "prod.tfvars", "--color", "never"],
        None,
    );
    assert!(
        !human.stdout.contains("Pr0d-Literal-S3cret"),
        "{}",
        human.stdout
    );
}

#[test]
fn more_than_16_alternatives_is_one_cx008() {
    let dir = var_project("scopes = [\"analytics:view\", \"partner:analytics:view\"]\n");
    for i in 0..18 {
        write(
            dir.path(),
            &format!("env{i:02}.tfvars"),
            "scopes = [\"analytics:view\", \"partner:analytics:view\"]\n",
        );
    }
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--fail-level", "error"],
        None,
    );
    assert_eq!(out.codes(), ["CX008"], "{}", out.stdout);
    assert_eq!(out.json()["diagnostics"][0]["severity"], "info");
}

#[test]
fn exclude_is_relative_to_the_config_and_excluded_files_give_context() {
    let dir = project(&[
        (
            ".cxlint.hcl",
            "exclude = [\"infra/legacy/**\", \"infra/variables.tf\"]\n",
        ),
        ("infra/versions.tf", PROVIDER),
        ("infra/main.tf", MAIN_WITH_VAR),
        (
            "infra/variables.tf",
            "# cxlint-ignore GC001\nvariable \"scopes\" {\n  default = [\"analytics:view\"]\n}\n",
        ),
        ("infra/legacy/main.tf", &bad_client("old")),
    ]);
    // From a subdirectory: the globs still match relative to the config.
    let infra = dir.path().join("infra");
    let out = run(&infra, &["check", "--format", "json"], None);
    // main.tf's finding needs variables.tf's default; variables.tf's own
    // finding (CX007) and legacy/ are not reported.
    assert_eq!(
        found(&out),
        [("GC001".into(), "main.tf".into(), 4)],
        "{}",
        out.stdout
    );
    let out = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(
        found(&out),
        [("GC001".into(), "infra/main.tf".into(), 4)],
        "{}",
        out.stdout
    );
}

#[test]
fn the_config_of_the_linted_repository_applies() {
    let other = project(&[
        (".cxlint.hcl", "rule \"GC001\" {\n  enabled = false\n}\n"),
        ("main.tf", &format!("{PROVIDER}{}", bad_client("c"))),
    ]);
    let here = project(&[]);
    let path = other.path().to_str().unwrap();
    let out = run(here.path(), &["check", path, "--format", "json"], None);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.codes().is_empty(), "{}", out.stdout);
    let file = other.path().join("main.tf");
    let out = run(
        here.path(),
        &["check", file.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert!(out.codes().is_empty(), "{}", out.stdout);
    // --config applies one file to all.
    write(here.path(), "strict.hcl", "partner_org_ids = []\n");
    let out = run(
        here.path(),
        &["check", path, "--config", "strict.hcl", "--format", "json"],
        None,
    );
    assert_eq!(out.codes(), ["GC001"], "{}", out.stdout);
}

/// Each file uses the nearest `.cxlint.hcl` at or above its own directory:
/// a team's subdirectory can switch a rule back on, or off, for its files
/// alone, in one run from the repository root.
#[test]
fn each_file_uses_its_nearest_config() {
    let dir = project(&[
        (".cxlint.hcl", "rule \"GC001\" {\n  enabled = false\n}\n"),
        ("root/versions.tf", PROVIDER),
        ("root/main.tf", &bad_client("r")),
        (
            "team/.cxlint.hcl",
            "rule \"GC001\" {\n  severity = \"warning\"\n}\n",
        ),
        ("team/versions.tf", PROVIDER),
        ("team/main.tf", &bad_client("t")),
    ]);
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let gc001: Vec<(String, String)> = out.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "GC001")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        gc001,
        [("team/main.tf".to_string(), "warning".to_string())],
        "{}",
        out.stdout
    );
    // Named from the root, the team's file still uses the team's config.
    let named = run(
        dir.path(),
        &["check", "team/main.tf", "root/main.tf", "--format", "json"],
        None,
    );
    assert_eq!(found(&named).iter().filter(|f| f.0 == "GC001").count(), 1);
    // --config applies one file to all: GC001 is off everywhere.
    let one = run(
        dir.path(),
        &["check", "--config", ".cxlint.hcl", "--format", "json"],
        None,
    );
    assert!(
        !one.codes().contains(&"GC001".to_string()),
        "{}",
        one.stdout
    );
}

/// A nested config's `exclude` globs are relative to that config's
/// directory, and apply to its files only.
#[test]
fn a_nested_configs_excludes_are_relative_to_it() {
    let dir = project(&[
        ("versions.tf", PROVIDER),
        ("main.tf", &bad_client("a")),
        ("team/.cxlint.hcl", "exclude = [\"legacy/**\"]\n"),
        ("team/legacy/versions.tf", PROVIDER),
        ("team/legacy/main.tf", &bad_client("b")),
        ("team/new/versions.tf", PROVIDER),
        ("team/new/main.tf", &bad_client("c")),
    ]);
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let files: Vec<String> = found(&out)
        .into_iter()
        .filter(|f| f.0 == "GC001")
        .map(|f| f.1)
        .collect();
    assert_eq!(files, ["main.tf", "team/new/main.tf"], "{}", out.stdout);
}

/// A named module file is linted with the root modules that call it, found
/// anywhere in the repository (here beside it, `envs/prod` calling
/// `../../modules/m`), also through another module: a commit that changes
/// only the module never passes on what its callers give it.
#[test]
fn a_named_module_file_gets_its_callers_from_anywhere_in_the_repository() {
    let module_vars = "variable \"scopes\" {\n  type = list(string)\n}\n";
    let dir = project(&[
        ("modules/m/main.tf", MAIN_WITH_VAR),
        ("modules/m/variables.tf", module_vars),
        (
            "modules/wrap/main.tf",
            "variable \"scopes\" {\n  type = list(string)\n}\nmodule \"m\" {\n  source = \"../m\"\n  scopes = var.scopes\n}\n",
        ),
        ("envs/prod/versions.tf", PROVIDER),
        (
            "envs/prod/main.tf",
            "module \"w\" {\n  source = \"../../modules/wrap\"\n  scopes = [\"analytics:view\"]\n}\n",
        ),
    ]);
    let full = run(dir.path(), &["check", "--format", "json"], None);
    // A value given through module calls is reported on the caller's
    // argument, with the module's attribute as a related location.
    let expected = [("GC001".to_string(), "envs/prod/main.tf".to_string(), 3)];
    let gc001 = |out: &Out| {
        found(out)
            .into_iter()
            .filter(|f| f.0 == "GC001")
            .collect::<Vec<_>>()
    };
    assert_eq!(gc001(&full), expected, "{}", full.stdout);
    let named = run(
        dir.path(),
        &["check", "modules/m/main.tf", "--format", "json"],
        None,
    );
    assert_eq!(named.code, 1, "{}{}", named.stdout, named.stderr);
    assert_eq!(gc001(&named), expected, "{}", named.stdout);
    // What `.gitignore` leaves out (build output, copies) is not searched.
    write(dir.path(), ".gitignore", "build/\n");
    write(
        dir.path(),
        "build/copy/main.tf",
        "module \"w\" {\n  source = \"../../modules/wrap\"\n  scopes = [\"analytics:view\"]\n}\n",
    );
    let named = run(
        dir.path(),
        &["check", "modules/m/main.tf", "--format", "json"],
        None,
    );
    assert_eq!(gc001(&named), expected, "{}", named.stdout);
}

/// The search for a named module's callers is bounded; reaching the bound
/// is said (CX008 on the named file), never a silent skip. The test lowers
/// the bound (debug builds only) instead of writing 20,000 files.
#[test]
fn the_caller_search_says_when_it_stops_at_its_limit() {
    let dir = project(&[
        ("modules/m/main.tf", MAIN_WITH_VAR),
        (
            "envs/a/main.tf",
            "module \"m\" {\n  source = \"../../modules/m\"\n}\n",
        ),
        (
            "envs/b/main.tf",
            "module \"m\" {\n  source = \"../../modules/m\"\n}\n",
        ),
    ]);
    let args = ["check", "modules/m/main.tf", "--format", "json"];
    let limited = |max: &str| {
        Run::from(exec(&Exec {
            env: &[("CXLINT_TEST_MAX_SCANNED", Some(max))],
            ..Exec::new(dir.path(), &args)
        }))
    };
    let out = limited("1");
    let cx008: Vec<_> = out.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "CX008")
        .map(|d| (d["file"].clone(), d["message"].clone()))
        .collect();
    assert_eq!(cx008.len(), 1, "{}", out.stdout);
    assert_eq!(cx008[0].0, "modules/m/main.tf");
    assert!(cx008[0].1.as_str().unwrap().contains("stopped after"));
    let out = limited("100");
    assert!(
        !out.codes().contains(&"CX008".to_string()),
        "{}",
        out.stdout
    );
}

/// Each nested config is a whole lint again, so a run applies a bounded
/// number of them (a hostile tree could hold thousands). Files under
/// further configs are never judged under the wrong config: their findings
/// are left out and CX008 says so, once per config.
#[test]
fn nested_configs_beyond_the_bound_are_said_not_guessed() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..34 {
        // Every nested config switches GC001 off for its directory.
        files.push((
            format!("t{i:02}/.cxlint.hcl"),
            "rule \"GC001\" {\n  enabled = false\n}\n".into(),
        ));
        files.push((format!("t{i:02}/main.tf"), bad_client("c")));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project(&refs);
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let found = found(&out);
    // No GC001 anywhere: 32 configs applied, the other 2 left out.
    assert!(found.iter().all(|f| f.0 != "GC001"), "{}", out.stdout);
    let cx008: Vec<&String> = found
        .iter()
        .filter(|f| f.0 == "CX008")
        .map(|f| &f.1)
        .collect();
    assert_eq!(cx008, ["t32/main.tf", "t33/main.tf"], "{}", out.stdout);
    // SARIF describes the rule of every result.
    let sarif = run(dir.path(), &["check", "--format", "sarif"], None);
    let rules = &sarif.json()["runs"][0]["tool"]["driver"]["rules"];
    assert!(
        rules.as_array().unwrap().iter().any(|r| r["id"] == "CX008"),
        "{rules}"
    );
}
