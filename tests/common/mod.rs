//! Helpers shared by the integration tests: run the real `cxlint` binary
//! from the crate root so that reported paths are relative and stable.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What one run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout parsed as the JSON report.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Run `cxlint ARGS` with the crate root as working directory.
pub fn cxlint(args: &[&str]) -> Run {
    cxlint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Run `cxlint ARGS` in `dir`.
pub fn cxlint_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CXLINT_CONFIG")
        .output()
        .expect("run cxlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
