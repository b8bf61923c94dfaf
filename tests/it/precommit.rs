//! The pre-commit hook (`.pre-commit-hooks.yaml`) works end to end: a real
//! `pre-commit` (installed in a temporary venv) installs cxlint from this
//! repository at its current HEAD and runs it on a bad and then a fixed
//! `main.tf`, then commits `.tfvars` changes alone that must fail. Slow (a release `cargo install`), so it runs only when
//! `CXLINT_PRECOMMIT_TEST=1` or `CI=true`.

use crate::support::*;

use std::path::Path;
use std::process::Command;

fn sh(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    sh(install_build_env(&mut Command::new("git"))
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com"))
}

#[test]
fn hook_definition_is_well_formed() {
    let text = std::fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml")).unwrap();
    for line in [
        "- id: cxlint",
        "entry: cxlint check",
        "language: rust",
        "pass_filenames: true",
        r"files: '(\.tf|\.tf\.json|\.tfvars|\.tfvars\.json|\.terraform\.lock\.hcl)$'",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
}

#[test]
#[ignore = "installs pre-commit from PyPI and builds cxlint in release mode: cargo test -- --ignored (.ci/run does)"]
fn pre_commit_runs_the_hook() {
    let root = manifest_dir();
    let (ok, head) = git(&root, &["rev-parse", "HEAD"]);
    assert!(ok, "{head}");
    let head = head.trim().to_string();

    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let (ok, out) = sh(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    assert!(ok, "python3 -m venv: {out}");
    let (ok, out) = sh(Command::new(venv.join("bin/pip")).args(["install", "-q", "pre-commit"]));
    assert!(ok, "pip install pre-commit: {out}");

    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let (ok, out) = git(&repo, &["init", "-q"]);
    assert!(ok, "{out}");
    write(
        &repo,
        "main.tf",
        &format!("{PROVIDER}\n{}", bad_client("c")),
    );
    write(
        &repo,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: cxlint\n",
            root.display()
        ),
    );
    let (ok, out) = git(&repo, &["add", "-A"]);
    assert!(ok, "{out}");

    let run_hooks = || {
        // pre-commit's rust language runs `cargo install`; keep its build.
        sh(
            install_build_env(&mut Command::new(venv.join("bin/pre-commit")))
                .args(["run", "--all-files", "--color", "never"])
                .current_dir(&repo)
                .env("PRE_COMMIT_HOME", tmp.path().join("pre-commit-home"))
                .env_remove("CI"),
        )
    };
    let (ok, out) = run_hooks();
    assert!(!ok, "pre-commit passed on a bad file:\n{out}");
    assert!(out.contains("GC001"), "{out}");
    assert!(out.contains("main.tf"), "{out}");

    write(
        &repo,
        "main.tf",
        &format!("{PROVIDER}\n{}", good_client("c")),
    );
    let (ok, out) = git(&repo, &["add", "-A"]);
    assert!(ok, "{out}");
    let (ok, out) = run_hooks();
    assert!(ok, "pre-commit failed on a fixed file:\n{out}");
    assert!(!out.contains("GC001"), "{out}");

    commits_of_var_files_alone(&repo, tmp.path(), &venv);
}

/// A commit that changes only a `.tfvars` file runs the hook on that file
/// alone: it must still fail on what the values break in `main.tf`, and on a
/// secret in a `prod.tfvars` that Terraform does not load by itself.
fn commits_of_var_files_alone(repo: &Path, tmp: &Path, venv: &Path) {
    let (ok, out) = sh(Command::new(venv.join("bin/pre-commit"))
        .arg("install")
        .current_dir(repo));
    assert!(ok, "pre-commit install: {out}");
    let commit = |msg: &str| git_env(repo, &["commit", "-q", "-m", msg], tmp);
    let (ok, out) = commit("fixed client");
    assert!(ok, "commit of a clean tree failed:\n{out}");

    write(repo, "app/main.tf", &format!("{PROVIDER}\n{APP_MAIN}"));
    write(repo, "app/terraform.tfvars", GOOD_TFVARS);
    let (ok, out) = git(repo, &["add", "-A"]);
    assert!(ok, "{out}");
    let (ok, out) = commit("app");
    assert!(ok, "commit of a clean app failed:\n{out}");

    write(
        repo,
        "app/terraform.tfvars",
        "scopes = [\"analytics:view\"]\n",
    );
    let (ok, out) = git(repo, &["add", "app/terraform.tfvars"]);
    assert!(ok, "{out}");
    let (ok, out) = commit("break main.tf through its values");
    assert!(!ok, "a commit of terraform.tfvars alone passed:\n{out}");
    assert!(out.contains("GC001"), "{out}");
    assert!(out.contains("app/main.tf"), "{out}");
    let (ok, out) = git(repo, &["checkout", "HEAD", "--", "app/terraform.tfvars"]);
    assert!(ok, "{out}");

    write(
        repo,
        "app/prod.tfvars",
        "secret = \"Pr0d-Literal-S3cret\"\n",
    );
    let (ok, out) = git(repo, &["add", "app/prod.tfvars"]);
    assert!(ok, "{out}");
    let (ok, out) = commit("prod inputs");
    assert!(
        !ok,
        "a commit of a prod.tfvars holding a secret passed:\n{out}"
    );
    assert!(out.contains("GC101"), "{out}");
    assert!(!out.contains("Pr0d-Literal-S3cret"), "{out}");
}

fn git_env(dir: &Path, args: &[&str], tmp: &Path) -> (bool, String) {
    sh(install_build_env(&mut Command::new("git"))
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("PRE_COMMIT_HOME", tmp.join("pre-commit-home"))
        .env_remove("CI"))
}

const GOOD_TFVARS: &str = "scopes = [\"analytics:view\", \"partner:analytics:view\"]\n";

/// A client whose scopes come from a variable, and a provider whose secret
/// comes from one (no default: unknown unless a var file sets it).
const APP_MAIN: &str = r#"variable "scopes" {
  type = list(string)
}
variable "secret" {
  type = string
}
provider "genesyscloud" {
  oauthclient_id     = "4f9a2b1c-0d3e-4f5a-8b6c-7d8e9f0a1b2c"
  oauthclient_secret = var.secret
  aws_region         = "eu-west-1"
}
resource "genesyscloud_oauth_client" "app" {
  name                  = "app"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = var.scopes
  organization_id       = "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"
  roles {
    role_id     = "r"
    division_id = "d"
  }
}
"#;
