//! `--format gitlab`: GitLab Code Quality JSON (an array of issues), which
//! GitLab shows in merge requests when a CI job publishes it as the
//! `codequality` report.

use serde::Serialize;

use super::Context;
use crate::diag::{Diagnostic, Severity};

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub(super) fn render(cx: &Context) -> String {
    let mut seen: Vec<String> = Vec::new();
    let issues: Vec<Issue> = cx
        .report
        .diagnostics
        .iter()
        .map(|d| {
            let path = cx.root_relative(&d.location.file);
            // Identical findings in one file stay apart by their order.
            let base = super::fingerprint(d, &path);
            let n = seen.iter().filter(|s| **s == base).count();
            seen.push(base.clone());
            Issue {
                description: format!("{}: {}", d.code, cx.text(&d.message)),
                check_name: d.code.clone(),
                fingerprint: if n == 0 { base } else { format!("{base}-{n}") },
                severity: severity(d),
                location: IssueLocation {
                    path,
                    lines: Lines {
                        begin: d.location.range.start.line,
                    },
                },
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        // A security finding that fails the run is what GitLab calls critical.
        Severity::Error if super::is_security(&d.code) => "critical",
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}
