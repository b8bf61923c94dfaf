//! Findings as plain data. Formatters render these; rules create them.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::{SourceFile, TextRange};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    #[default]
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a file: the byte span and its line/column form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub span: Range<usize>,
    pub range: TextRange,
}

impl Location {
    pub fn new(file: &SourceFile, span: Range<usize>) -> Self {
        Location {
            file: file.path.clone(),
            range: file.range(span.clone()),
            span,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One text replacement; `location.span` is replaced by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub location: Location,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

/// A lint finding (rules and core `CX` diagnostics alike).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub location: Location,
    pub resource: Option<String>,
    pub related: Vec<Related>,
    pub url: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn sort_key(&self) -> (&str, usize, &str, usize, &str) {
        (
            &self.location.file,
            self.location.span.start,
            &self.code,
            self.location.span.end,
            &self.message,
        )
    }
}

/// A problem that stopped part of the run (exit code 2), not a lint finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RunError {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub modules: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// Everything a formatter needs. Formatters never see rules.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<RunError>,
    pub summary: Summary,
    /// The text of every file a diagnostic points into, for snippets.
    pub sources: Vec<SourceFile>,
    /// Spans holding secret values: masked wherever source text is shown.
    pub secrets: Vec<Location>,
    /// Secret texts (values and the literals that feed them): masked in
    /// every output, see `report::mask`.
    pub secret_texts: Vec<String>,
    /// Metadata of the rules that fired (and of all rules, for SARIF's driver).
    pub rules: Vec<RuleInfo>,
}

/// Rule metadata as formatters need it (rendered from the rule files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub summary: String,
    pub help: String,
    pub docs: String,
    pub url: String,
}

impl Report {
    pub fn source(&self, path: &str) -> Option<&SourceFile> {
        self.sources.iter().find(|s| &*s.path == path)
    }

    /// Recount the summary's severity counters from the diagnostics.
    pub fn recount(&mut self) {
        self.summary.errors = 0;
        self.summary.warnings = 0;
        self.summary.infos = 0;
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Info => self.summary.infos += 1,
            }
        }
    }
}
