//! Inputs found by fuzzing (see `fuzz/README.md`) and checks of the
//! in-memory entry point the `pipeline` fuzz target uses.

use cxlint::config::Config;
use cxlint::diag::Report;
use cxlint::engine::{lint, lint_texts, LintOptions};
use cxlint::rules::Registry;

fn registry() -> Registry {
    Registry::embedded().expect("embedded rules load")
}

fn texts(files: &[(&str, &str)]) -> Report {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    lint_texts(&files, &registry(), &Config::default())
}

fn codes(r: &Report) -> Vec<(String, String, usize)> {
    r.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.location.file.to_string(),
                d.location.span.start,
            )
        })
        .collect()
}

const OAUTH: &str = r#"variable "scopes" { default = ["analytics:readonly"] }
resource "genesyscloud_oauth_client" "c" {
  name   = "c"
  scopes = var.scopes
}
"#;

#[test]
fn lint_texts_reports_rule_findings_with_tfvars() {
    let r = texts(&[("main.tf", OAUTH)]);
    assert!(codes(&r).iter().any(|c| c.0 == "GC001"), "{:?}", codes(&r));
    // terraform.tfvars among the texts is the module's variable file.
    let r = texts(&[
        ("main.tf", OAUTH),
        (
            "terraform.tfvars",
            "scopes = [\"analytics:readonly\", \"partner:analytics:view\"]\n",
        ),
    ]);
    assert!(!codes(&r).iter().any(|c| c.0 == "GC001"), "{:?}", codes(&r));
}

#[test]
fn lint_texts_reports_syntax_errors() {
    let r = texts(&[("main.tf", "resource \"x\" {\n")]);
    assert_eq!(codes(&r).first().map(|c| c.0.as_str()), Some("CX001"));
}

/// `lint_texts` goes through the same stages as `lint` on real files.
#[test]
fn lint_texts_matches_lint_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), OAUTH).expect("write");
    let reg = registry();
    let config = Config::default();
    let opts = LintOptions {
        paths: vec![dir.path().to_path_buf()],
        stdin: None,
        overlays: Vec::new(),
        var_files: Vec::new(),
        cwd: dir.path().to_path_buf(),
        config: &config,
        registry: &reg,
        enable: Vec::new(),
        disable: Vec::new(),
        only: None,
    };
    let (on_disk, _) = lint(&opts);
    let in_memory = texts(&[("main.tf", OAUTH)]);
    assert!(!on_disk.diagnostics.is_empty());
    assert_eq!(codes(&in_memory), codes(&on_disk));
}
