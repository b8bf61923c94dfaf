//! Emitters: one per output format, all over the same [`Report`].
//!
//! Every emitter is a pure function of the report and the options, so the
//! same input prints the same bytes. No emitter prints the text of a secret:
//! the human report masks secret spans in snippets, and [`mask`] masks every
//! secret text in every output.

mod checkstyle;
mod compact;
pub mod escape;
mod github;
mod human;
mod json;
mod junit;
pub mod mask;
mod sarif;

#[doc(hidden)]
pub mod testing;

use crate::diag::{Diagnostic, Report, RuleInfo};

/// Output format of `cxlint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Checkstyle,
    Junit,
    Compact,
    Github,
}

/// How to render; everything that is not in the [`Report`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colour in the human report.
    pub color: bool,
    /// `tool.version` in JSON and SARIF.
    pub tool_version: String,
    /// Width the human report wraps at; [`DEFAULT_WIDTH`] when `None`.
    pub width: Option<usize>,
    /// The working directory as an absolute `file://` URI ending in `/`:
    /// SARIF's `SRCROOT`, omitted when `None`.
    pub srcroot: Option<String>,
}

/// Width of the human report when [`RenderOptions::width`] is `None`.
pub const DEFAULT_WIDTH: usize = 100;

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            width: None,
            srcroot: None,
        }
    }
}

/// Render `report` in `format`. Text and XML formats get an escaped copy
/// (no control character reaches them raw); every format's output is masked
/// last, so no secret text is printed whatever a rule or a file holds.
pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    let masker = mask::Masker::for_report(report);
    let escaped;
    let report = match format {
        Format::Json | Format::Sarif => report,
        _ => {
            escaped = escape::sanitize(report);
            &escaped
        }
    };
    let cx = Context {
        report,
        opts,
        masker: &masker,
    };
    let out = match format {
        Format::Human => human::render(&cx),
        Format::Json => json::render(&cx),
        Format::Sarif => sarif::render(&cx),
        Format::Checkstyle => checkstyle::render(&cx),
        Format::Junit => junit::render(&cx),
        Format::Compact => compact::render(&cx),
        Format::Github => github::render(&cx),
    };
    masker.mask(&out)
}

/// What every emitter is handed.
struct Context<'a> {
    report: &'a Report,
    opts: &'a RenderOptions,
    masker: &'a mask::Masker,
}

impl Context<'_> {
    /// Free text with any secret value replaced.
    fn text(&self, s: &str) -> String {
        self.masker.mask(s)
    }
}

/// Metadata of a rule that fired: from `report.rules`, or built from the
/// diagnostic itself for core `CX` codes and rules the report does not know.
fn rule_info(report: &Report, d: &Diagnostic) -> RuleInfo {
    if let Some(rule) = report.rules.iter().find(|r| r.code == d.code) {
        return rule.clone();
    }
    let summary = match d.code.as_str() {
        "CX001" => "A file is not valid HCL or JSON",
        "CX002" => "A file is not UTF-8 text or cannot be read",
        "CX003" => "An ignore comment suppresses nothing",
        "CX008" => "A resource limit was reached; part of the configuration was not evaluated",
        _ => "",
    };
    let summary = if summary.is_empty() {
        d.name.replace('-', " ")
    } else {
        summary.to_string()
    };
    RuleInfo {
        code: d.code.clone(),
        name: d.name.clone(),
        severity: d.severity,
        summary: summary.clone(),
        help: summary.clone(),
        docs: summary,
        url: d.url.clone().unwrap_or_default(),
    }
}

/// The rules that fired, each once, sorted by code.
fn fired_rules(report: &Report) -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = Vec::new();
    for d in &report.diagnostics {
        if !rules.iter().any(|r| r.code == d.code) {
            rules.push(rule_info(report, d));
        }
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    rules
}

/// `n thing` or `n things`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Keeps one-line-per-finding formats to one line even for a multi-line text.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
