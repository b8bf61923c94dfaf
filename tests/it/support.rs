//! What every integration test shares: the one runner that starts the real
//! `cxlint` binary (with a clean environment, a deadline and the tool
//! version injected so snapshots never embed it), and small helpers.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The version the binary reports in tests (`CXLINT_TEST_TOOL_VERSION`).
pub const TEST_VERSION: &str = "0.0.0-test";

/// No test run of the binary may take longer than this.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(120);

/// How to start the binary.
pub struct Exec<'a> {
    pub dir: &'a Path,
    pub args: &'a [&'a str],
    /// `(name, Some(value))` sets, `(name, None)` removes.
    pub env: &'a [(&'a str, Option<&'a str>)],
    pub stdin: Option<&'a [u8]>,
    pub limit: Duration,
}

impl<'a> Exec<'a> {
    pub fn new(dir: &'a Path, args: &'a [&'a str]) -> Self {
        Exec {
            dir,
            args,
            env: &[],
            stdin: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// The one runner: start `cxlint` as `e` says, feed standard input, and
/// kill it (failing the test) when it outlives the limit.
pub fn exec(e: &Exec) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cxlint"));
    cmd.args(e.args)
        .current_dir(e.dir)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CXLINT_CONFIG")
        .env_remove("RUST_BACKTRACE")
        .env_remove("CI")
        .env("CXLINT_TEST_TOOL_VERSION", TEST_VERSION)
        .stdin(if e.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in e.env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd.spawn().expect("spawn cxlint");
    if let (Some(text), Some(mut pipe)) = (e.stdin, child.stdin.take()) {
        let text = text.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&text);
        });
    }
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if start.elapsed() > e.limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "cxlint did not finish within {:?} (args {:?})",
                e.limit, e.args
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: t_out.join().expect("stdout thread"),
        stderr: t_err.join().expect("stderr thread"),
    }
}

/// What one run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The stdout parsed as the JSON report.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// The code of every diagnostic of a JSON report.
    pub fn codes(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }
}

/// The CLI tests' name for a run.
pub type Out = Run;

/// Run `cxlint ARGS` with the crate root as working directory.
pub fn cxlint(args: &[&str]) -> Run {
    cxlint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Run `cxlint ARGS` in `dir`, colour off.
pub fn cxlint_in(dir: &Path, args: &[&str]) -> Run {
    Run::from(exec(&Exec {
        env: &[("NO_COLOR", Some("1"))],
        ..Exec::new(dir, args)
    }))
}

/// Run `cxlint ARGS` in `cwd`, with `stdin` fed when given (`NO_COLOR`
/// unset, so colour tests see the defaults).
pub fn run(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    Run::from(exec(&Exec {
        env: &[("NO_COLOR", None)],
        stdin: stdin.map(str::as_bytes),
        ..Exec::new(cwd, args)
    }))
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Environment for the tests that run `cargo install` (the README's install
/// section, pre-commit's rust hook): one release build directory shared by
/// both, so CI builds the installed binary once, and without debug info, so
/// it fits on a machine with little disk.
pub fn install_build_env(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("CARGO_TARGET_DIR", manifest_dir().join("target/install"))
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
}

/// The diagnostics of a JSON report.
pub fn diagnostics(report: &Value) -> Vec<Value> {
    report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no diagnostics array in {report}"))
}

/// `(code, file, line, column)` of every diagnostic, in report order.
pub fn locations(report: &Value) -> Vec<(String, String, u64, u64)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
                d["range"]["start"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Shorthand for building expected `locations` rows.
pub fn loc(code: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (code.to_string(), file.to_string(), line, column)
}

/// A temporary project: a directory with a `.git` marker (so config
/// discovery stops here) and the given files.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

pub fn write(root: &Path, name: &str, text: &str) {
    let p = root.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

/// A client requesting analytics without the partner scope (GC001), with an
/// organization id and a role so that only GC001 fires.
pub fn bad_client(name: &str) -> String {
    format!(
        r#"resource "genesyscloud_oauth_client" "{name}" {{
  name                  = "{name}"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = ["analytics:view"]
  organization_id       = "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"
  roles {{
    role_id     = "r"
    division_id = "d"
  }}
}}
"#
    )
}

/// The same client, fixed.
pub fn good_client(name: &str) -> String {
    bad_client(name).replace(
        r#"["analytics:view"]"#,
        r#"["analytics:view", "partner:analytics:view"]"#,
    )
}

/// A `terraform` block with a good provider constraint (no GC003/GC004).
pub const PROVIDER: &str = r#"terraform {
  required_providers {
    genesyscloud = {
      source  = "mypurecloud/genesyscloud"
      version = "~> 1.6, >= 1.6.2"
    }
  }
}
"#;

/// A client whose scopes come from `var.scopes`.
pub const MAIN_WITH_VAR: &str = r#"resource "genesyscloud_oauth_client" "c" {
  name                  = "c"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = var.scopes
  organization_id       = "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"
  roles {
    role_id     = "r"
    division_id = "d"
  }
}
"#;

pub const VARIABLES: &str = "variable \"scopes\" {\n  type    = list(string)\n  default = [\"analytics:view\", \"partner:analytics:view\"]\n}\n";

/// A project whose scopes are set by `terraform.tfvars`.
pub fn var_project(tfvars: &str) -> tempfile::TempDir {
    project(&[
        ("versions.tf", PROVIDER),
        ("main.tf", MAIN_WITH_VAR),
        ("variables.tf", VARIABLES),
        ("terraform.tfvars", tfvars),
    ])
}

/// A user rule file (ACME001).
pub const USER_RULE: &str = r#"code     = "ACME001"
name     = "oauth-client-needs-description"
severity = "warning"
summary  = "OAuth clients must have a description"
help     = "add a `description`"

target {
  resource = "genesyscloud_oauth_client"
}

case "no-description" {
  require = { attribute = "description", exists = true }
  label   = "header"
  message = "OAuth client has no `description`"
}

docs {
  what        = "Finds OAuth clients without a description."
  why         = "Nobody knows what they are for."
  example     = "resource \"genesyscloud_oauth_client\" \"a\" {}"
  use_instead = "resource \"genesyscloud_oauth_client\" \"a\" { description = \"x\" }"
}
"#;
