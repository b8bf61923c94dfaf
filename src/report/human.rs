//! `--format human`: miette graphical reports with source snippets, then a
//! one-line summary. The only place miette is used for lint findings.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource,
    Severity as MietteSeverity,
};

use super::{plural, Context, DEFAULT_WIDTH};
use crate::diag::{Diagnostic, Related, Report, Severity};

const RED_BOLD: &str = "\x1b[1;31m";
const GREEN_BOLD: &str = "\x1b[1;32m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

pub(super) fn render(cx: &Context) -> String {
    let report = cx.report;
    let theme = if cx.opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(cx.opts.width.unwrap_or(DEFAULT_WIDTH))
        // The URL as text after the code, not a terminal hyperlink.
        .with_links(false);
    let sources = masked_sources(report);

    let mut out = String::new();
    for d in &report.diagnostics {
        render_one(cx, &handler, &sources, d, &mut out);
        out.push('\n');
    }
    for e in &report.errors {
        let place = match (&e.file, e.line) {
            (Some(file), Some(line)) => format!("{file}:{line}: "),
            (Some(file), None) => format!("{file}: "),
            (None, _) => String::new(),
        };
        let label = paint(cx, RED_BOLD, "error");
        let _ = writeln!(out, "{label}: {place}{}", cx.text(&e.message));
    }
    if !report.errors.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(cx));
    out
}

fn render_one(
    cx: &Context,
    handler: &GraphicalReportHandler,
    sources: &HashMap<&str, Arc<str>>,
    d: &Diagnostic,
    out: &mut String,
) {
    // A span that does not fit its source (stale text) gets no snippet.
    let source = sources
        .get(&*d.location.file)
        .filter(|text| fits(&d.location.span, text));
    let mut text = String::new();
    let mut notes = Vec::new();
    let rendered = source.is_some_and(|source| {
        handler
            .render_report(
                &mut text,
                snippet_report(cx, d, source, &mut notes).as_ref(),
            )
            .is_ok()
    });
    if !rendered {
        // No source, or miette could not render it: report without a snippet.
        text.clear();
        notes = d.related.iter().collect();
        let _ = handler.render_report(&mut text, &diagnostic(cx, d, false));
    }
    out.push_str(&text);
    for r in notes {
        let p = r.location.range.start;
        let _ = writeln!(
            out,
            "  {}: {}:{}:{}: {}",
            paint(cx, CYAN, "note"),
            r.location.file,
            p.line,
            p.column,
            cx.text(&r.message)
        );
    }
}

/// The report with its snippet: a label on the range and on each related
/// place in the same file; related places elsewhere go to `notes`.
fn snippet_report<'d>(
    cx: &Context,
    d: &'d Diagnostic,
    source: &Arc<str>,
    notes: &mut Vec<&'d Related>,
) -> miette::Report {
    let file: &str = &d.location.file;
    let span = &d.location.span;
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        (span.start, underline_len(span, source)),
    )];
    for r in &d.related {
        let span = &r.location.span;
        if *r.location.file == *file && fits(span, source) {
            labels.push(LabeledSpan::new_with_span(
                Some(cx.text(&r.message)),
                (span.start, span.end.saturating_sub(span.start)),
            ));
        } else {
            notes.push(r);
        }
    }
    miette::Report::new(diagnostic(cx, d, true).with_labels(labels))
        .with_source_code(NamedSource::new(file, Arc::clone(source)))
}

/// Longest underline drawn under one line: a long list on one line is
/// marked at its start, not with thousands of `─`.
const MAX_UNDERLINE: usize = 60;

fn underline_len(span: &Range<usize>, source: &str) -> usize {
    let len = span.end.saturating_sub(span.start);
    let one_line = source.get(span.clone()).is_some_and(|t| !t.contains('\n'));
    if !one_line || len <= MAX_UNDERLINE {
        return len;
    }
    let mut end = span.start + MAX_UNDERLINE;
    while end > span.start && !source.is_char_boundary(end) {
        end -= 1;
    }
    end - span.start
}

fn fits(span: &Range<usize>, text: &str) -> bool {
    span.start <= span.end && text.get(span.clone()).is_some()
}

fn diagnostic(cx: &Context, d: &Diagnostic, with_snippet: bool) -> MietteDiagnostic {
    let message = cx.text(&d.message);
    let message = if with_snippet {
        message
    } else {
        // Without a snippet, nothing else would say where it is.
        let start = d.location.range.start;
        format!(
            "{}:{}:{}: {message}",
            d.location.file, start.line, start.column
        )
    };
    let diag = MietteDiagnostic::new(message)
        .with_code(format!("{} ({})", d.code, d.name))
        .with_severity(match d.severity {
            Severity::Error => MietteSeverity::Error,
            Severity::Warning => MietteSeverity::Warning,
            Severity::Info => MietteSeverity::Advice,
        });
    let help = match (&d.help, &d.fix) {
        (Some(help), Some(_)) => Some(format!("{} (fixable with --fix)", cx.text(help))),
        (Some(help), None) => Some(cx.text(help)),
        (None, Some(fix)) => Some(format!(
            "{} (fixable with --fix)",
            cx.text(&fix.description)
        )),
        (None, None) => None,
    };
    // The rule's documentation is always at hand; a URL is in the machine
    // formats only when one exists, never repeated on every finding here.
    let see = format!("see `cxlint explain {}`", d.code);
    diag.with_help(match help {
        Some(help) => format!("{help}; {see}"),
        None => see,
    })
}

/// Every source with each byte of a secret span replaced by `*`. Line breaks
/// stay, and the length in bytes too, so spans into the text remain valid.
fn masked_sources(report: &Report) -> HashMap<&str, Arc<str>> {
    report
        .sources
        .iter()
        .map(|src| {
            let mut bytes = src.text.as_bytes().to_vec();
            for secret in report.secrets.iter().filter(|s| s.file == src.path) {
                let mut start = secret.span.start.min(bytes.len());
                let mut end = secret.span.end.min(bytes.len());
                // Whole characters only, so the result stays UTF-8.
                while start > 0 && !src.text.is_char_boundary(start) {
                    start -= 1;
                }
                while end < bytes.len() && !src.text.is_char_boundary(end) {
                    end += 1;
                }
                for b in bytes.get_mut(start..end).into_iter().flatten() {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b'*';
                    }
                }
            }
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            (&*src.path, Arc::from(text))
        })
        .collect()
}

/// `6 problems (5 errors, 1 warning) in 3 of 4 files`: the files that have
/// problems out of the files linted.
fn summary(cx: &Context) -> String {
    let s = cx.report.summary;
    let problems = s.errors + s.warnings + s.infos;
    let with_problems: std::collections::BTreeSet<&str> = cx
        .report
        .diagnostics
        .iter()
        .map(|d| &*d.location.file)
        .collect();
    let run_errors = match cx.report.errors.len() {
        0 => String::new(),
        n => format!("; {}", plural(n, "run error", "run errors")),
    };
    if problems == 0 {
        let scope = format!("in {}", plural(s.files, "file", "files"));
        let mark = if run_errors.is_empty() {
            paint(cx, GREEN_BOLD, "✔")
        } else {
            paint(cx, RED_BOLD, "✖")
        };
        return format!("{mark} no problems {scope}{run_errors}");
    }
    let counts: Vec<String> = [
        (s.errors, "error", "errors"),
        (s.warnings, "warning", "warnings"),
        (s.infos, "info", "infos"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    format!(
        "{} {} ({}) in {} of {}{run_errors}",
        paint(cx, RED_BOLD, "✖"),
        plural(problems, "problem", "problems"),
        counts.join(", "),
        with_problems.len(),
        plural(s.files.max(with_problems.len()), "file", "files"),
    )
}

fn paint(cx: &Context, style: &str, text: &str) -> String {
    if cx.opts.color {
        format!("{style}{text}{RESET}")
    } else {
        text.to_string()
    }
}
