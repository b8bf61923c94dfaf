//! `--format json`: the versioned shape in the output contract.

use serde::Serialize;

use super::Context;
use crate::diag::{Diagnostic, Location, RunError};
use crate::source::TextRange;

/// Bump on any breaking change to the shape.
const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool<'a>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: JsonSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Vec<super::statistics::Count>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<JsonBaseline>,
}

#[derive(Serialize)]
struct JsonBaseline {
    suppressed: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    file: &'a str,
    range: TextRange,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    range: TextRange,
    message: String,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: String,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    range: TextRange,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    modules: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub(super) fn render(cx: &Context) -> String {
    let report = cx.report;
    let s = report.summary;
    let out = Output {
        version: JSON_VERSION,
        tool: Tool {
            name: "cxlint",
            version: &cx.opts.tool_version,
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(cx, d))
            .collect(),
        errors: report.errors.iter().map(|e| error(cx, e)).collect(),
        summary: JsonSummary {
            files: s.files,
            modules: s.modules,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        },
        statistics: cx
            .opts
            .statistics
            .then(|| super::statistics::counts(report)),
        baseline: cx
            .opts
            .baseline_suppressed
            .map(|suppressed| JsonBaseline { suppressed }),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

fn file(loc: &Location) -> &str {
    &loc.file
}

fn diagnostic<'a>(cx: &Context, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: &d.code,
        name: &d.name,
        severity: d.severity.as_str(),
        message: cx.text(&d.message),
        help: d.help.as_deref().map(|h| cx.text(h)),
        file: file(&d.location),
        range: d.location.range,
        resource: d.resource.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                file: file(&r.location),
                range: r.location.range,
                message: cx.text(&r.message),
            })
            .collect(),
        url: d.url.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            description: cx.text(&f.description),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    file: file(&e.location),
                    range: e.location.range,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

fn error<'a>(cx: &Context, e: &'a RunError) -> JsonError<'a> {
    JsonError {
        file: e.file.as_deref(),
        line: e.line,
        message: cx.text(&e.message),
    }
}
