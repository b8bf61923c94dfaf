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
mod gitlab;
mod human;
mod json;
mod junit;
pub mod mask;
mod sarif;
mod statistics;

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
    Gitlab,
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
    /// `--fail-level`: JUnit marks as failures exactly the findings at or
    /// above it, so that it agrees with the exit code.
    pub fail_level: crate::diag::Severity,
    /// How many findings a baseline hid (JSON `baseline.suppressed`).
    pub baseline_suppressed: Option<usize>,
    /// `--statistics`: a count per code.
    pub statistics: bool,
    /// The repository root and the working directory: SARIF, `github` and
    /// `gitlab` paths are relative to the root, whatever directory cxlint
    /// ran in. `None`: paths as shown (relative to the working directory).
    pub root: Option<RootPaths>,
}

/// See [`RenderOptions::root`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootPaths {
    pub root: std::path::PathBuf,
    pub cwd: std::path::PathBuf,
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
            fail_level: crate::diag::Severity::Warning,
            baseline_suppressed: None,
            statistics: false,
            root: None,
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
        Format::Human if opts.statistics => statistics::render(&cx),
        Format::Human => human::render(&cx),
        Format::Json => json::render(&cx),
        Format::Sarif => sarif::render(&cx),
        Format::Checkstyle => checkstyle::render(&cx),
        Format::Junit => junit::render(&cx),
        Format::Compact => compact::render(&cx),
        Format::Github => github::render(&cx),
        Format::Gitlab => gitlab::render(&cx),
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

    /// A file as shown (relative to the working directory) made relative to
    /// the repository root; unchanged when it lies outside the root or no
    /// root is known.
    fn root_relative(&self, file: &str) -> String {
        let Some(r) = &self.opts.root else {
            return file.to_string();
        };
        let abs = crate::load::normalize(&r.cwd.join(file));
        match abs.strip_prefix(&r.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().replace('\\', "/"),
            _ => file.to_string(),
        }
    }
}

/// Everything but unreserved characters and `/` is escaped in a URI path.
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A path as the path of a URI.
pub fn encode_uri_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, URI_PATH).to_string()
}

/// Metadata of a rule that fired: from `report.rules` (core codes
/// included), or built from the diagnostic itself for a code the report does
/// not describe.
fn rule_info(report: &Report, d: &Diagnostic) -> RuleInfo {
    if let Some(rule) = report.rules.iter().find(|r| r.code == d.code) {
        return rule.clone();
    }
    let summary = d.name.replace('-', " ");
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

/// Rules about secrets and access: GitHub code scanning files them under
/// security (`properties.tags`), GitLab as critical when they fail a run.
fn is_security(code: &str) -> bool {
    matches!(
        code.to_ascii_uppercase().as_str(),
        "GC101" | "GC102" | "GC103" | "GC104" | "GC012"
    )
}

/// A fingerprint that survives line moves: the code, the file (relative to
/// the repository root), the resource and the message, hashed (FNV-1a, 64
/// bits, so it is the same on every platform and release).
fn fingerprint(d: &Diagnostic, file: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let resource = d.resource.as_deref().unwrap_or("");
    for part in [d.code.as_str(), file, resource, d.message.as_str()] {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
