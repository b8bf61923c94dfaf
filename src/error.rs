//! Fatal errors: what stops a command before or instead of linting (bad
//! usage, an invalid config or rule file, I/O). One enum, rendered by miette
//! with help and, for config and rule files, the offending line labelled.
//! Lint findings are not errors: they stay plain data (`diag`).

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

use crate::config::ConfigError;
use crate::rules::RuleFileError;

/// One problem in a file cxlint reads to decide what a run means.
#[derive(Debug, Error, Diagnostic)]
#[error("{file}:{line}: {message}")]
pub struct FileProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
    #[source_code]
    pub src: Option<NamedSource<String>>,
    #[label("here")]
    pub span: Option<SourceSpan>,
}

impl FileProblem {
    /// `text` is the file's text, when it could be read: the line is then
    /// shown and labelled.
    fn new(file: &str, line: usize, message: &str, text: Option<&str>) -> Self {
        let span = text.and_then(|t| line_span(t, line));
        FileProblem {
            file: file.to_string(),
            line,
            message: message.to_string(),
            src: span.and(text.map(|t| NamedSource::new(file, t.to_string()))),
            span,
        }
    }
}

/// The span of line `line` (1-based) without its indentation.
fn line_span(text: &str, line: usize) -> Option<SourceSpan> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let body = rest.split('\n').next()?.trim_end_matches('\r');
    let indent = body.len() - body.trim_start().len();
    let len = body.trim().len();
    (len > 0).then(|| SourceSpan::new((start + indent).into(), len))
}

#[derive(Debug, Error, Diagnostic)]
pub enum Fatal {
    #[error("invalid config `{file}`")]
    #[diagnostic(
        code(cxlint::config),
        help("see `cxlint init` for a commented example of .cxlint.hcl")
    )]
    Config {
        file: String,
        #[related]
        problems: Vec<FileProblem>,
    },
    #[error("invalid rule file")]
    #[diagnostic(
        code(cxlint::rule_file),
        help("see docs/rule-files.md for the rule file format")
    )]
    RuleFiles {
        #[related]
        problems: Vec<FileProblem>,
    },
    #[error("unknown rule `{0}`")]
    #[diagnostic(code(cxlint::usage), help("`cxlint rules` lists every code and name"))]
    UnknownRule(String),
    #[error("invalid baseline file {file}: {message}")]
    #[diagnostic(
        code(cxlint::baseline),
        help("write a new one with `cxlint check --write-baseline FILE`")
    )]
    Baseline { file: String, message: String },
    #[error("{0}")]
    #[diagnostic(code(cxlint::usage))]
    Usage(String),
    #[error("{0}")]
    #[diagnostic(code(cxlint::io))]
    Io(String),
}

impl Fatal {
    /// Config problems, all at once; `text` labels their lines.
    pub fn config(errors: Vec<ConfigError>, text: Option<&str>) -> Fatal {
        let file = errors.first().map(|e| e.file.clone()).unwrap_or_default();
        let problems = errors
            .iter()
            .map(|e| FileProblem::new(&e.file, e.line, &e.message, text))
            .collect();
        Fatal::Config { file, problems }
    }

    /// Rule-file problems, all at once; `read` gives a file's text by name.
    pub fn rule_files(errors: Vec<RuleFileError>, read: &dyn Fn(&str) -> Option<String>) -> Fatal {
        let problems = errors
            .iter()
            .map(|e| FileProblem::new(&e.file, e.line, &e.message, read(&e.file).as_deref()))
            .collect();
        Fatal::RuleFiles { problems }
    }

    /// The problems of an invalid config or rule file: such a file decides
    /// what the run means, so nothing is linted, but a machine format still
    /// writes a document naming them.
    pub fn file_problems(&self) -> Option<&[FileProblem]> {
        match self {
            Fatal::Config { problems, .. } | Fatal::RuleFiles { problems } => Some(problems),
            _ => None,
        }
    }

    /// Print to standard error through miette.
    pub fn print(self) {
        eprintln!("{:?}", miette::Report::new(self));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_rendered_with_its_line() {
        let text = "partner_org_ids = 1\nrule \"GC999\" {\n  enabled = true\n}\n";
        let errors = vec![
            ConfigError {
                file: ".cxlint.hcl".into(),
                line: 1,
                message: "`partner_org_ids` must be a list of strings".into(),
            },
            ConfigError {
                file: ".cxlint.hcl".into(),
                line: 2,
                message: "unknown rule `GC999`".into(),
            },
        ];
        let out = format!(
            "{:?}",
            miette::Report::new(Fatal::config(errors, Some(text)))
        );
        assert!(out.contains(".cxlint.hcl:1: `partner_org_ids`"), "{out}");
        assert!(out.contains(".cxlint.hcl:2: unknown rule `GC999`"), "{out}");
        assert!(out.contains("rule \"GC999\" {"), "{out}");
        assert!(out.contains("cxlint init"), "{out}");
    }

    #[test]
    fn line_spans_skip_indentation() {
        let span = line_span("a\n  b = 1\n", 2).unwrap();
        assert_eq!((span.offset(), span.len()), (4, 5));
        assert!(line_span("a\n", 0).is_none());
        assert!(line_span("a\n", 9).is_none());
    }
}
