//! Helpers shared by the CLI tests: run the real binary in a directory.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// `(code, resource-or-empty)` of every diagnostic of a JSON report.
    pub fn codes(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `cxlint ARGS` in `cwd`, with `stdin` fed when given.
pub fn run(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cxlint"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn cxlint");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
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
