//! `--format human`: miette graphical reports with source snippets, then a
//! one-line summary. The only place miette is used for lint findings.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic,
    Severity as MietteSeverity,
};

use super::{plural, Context, DEFAULT_WIDTH};
use crate::diag::{Diagnostic, Related, Report, Severity};
use crate::source::SourceFile;

const RED_BOLD: &str = "\x1b[1;31m";
const GREEN_BOLD: &str = "\x1b[1;32m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// A source as shown (secrets masked) and the file it comes from.
type Shown<'r> = (Arc<str>, &'r SourceFile);

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

    // Each finding is drawn on its own (in parallel past a handful: a whole
    // tree's report was the last serial step of a run), then joined in order.
    let diagnostics: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    let drawn = crate::par::map(diagnostics, |d| {
        let mut one = String::new();
        render_one(cx, &handler, &sources, d, &mut one);
        one
    });
    let mut out = String::with_capacity(drawn.iter().map(|d| d.len() + 1).sum::<usize>() + 256);
    for d in drawn {
        out.push_str(&d);
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
    sources: &HashMap<&str, Shown>,
    d: &Diagnostic,
    out: &mut String,
) {
    // A span that does not fit its source (stale text) gets no snippet.
    let source = sources
        .get(&*d.location.file)
        .filter(|shown| fits(&d.location.span, &shown.0));
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
    shown: &Shown,
    notes: &mut Vec<&'d Related>,
) -> miette::Report {
    let source = &shown.0;
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
    let window = Window {
        name: file.to_string(),
        text: Arc::clone(source),
        lines: shown.1.clone(),
    };
    miette::Report::new(diagnostic(cx, d, true).with_labels(labels)).with_source_code(window)
}

/// Lines kept around the ones asked for (miette shows one line of context).
const WINDOW_MARGIN: usize = 4;

/// Labels at most this many lines apart share one snippet (with the lines
/// between them); farther ones get a snippet each.
const JOIN_GAP: usize = 3;

/// A source as miette reads it, one span at a time: miette finds a span's
/// line by scanning the text it is given from its start, which on a 50 MB
/// file took 30 s for 185 findings. Each read gets only the lines around
/// the span, found with the file's line index; offsets and line numbers
/// stay those of the file.
struct Window {
    name: String,
    /// The text as shown (secrets masked; same length and line breaks).
    text: Arc<str>,
    /// The file as read, for its line index.
    lines: SourceFile,
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let first = self
            .lines
            .line_of(span.offset())
            .saturating_sub(before + WINDOW_MARGIN);
        let last = self.lines.line_of(span.offset() + span.len()) + after + WINDOW_MARGIN + 1;
        // `line_start` counts lines from 1.
        let (start, end) = (
            self.lines.line_start(first + 1),
            self.lines.line_start(last + 1),
        );
        let part = self.text.as_bytes().get(start..end).unwrap_or(&[]);
        let offset = span
            .offset()
            .checked_sub(start)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let local = miette::SourceSpan::new(offset.into(), span.len());
        let inner = part.read_span(&local, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            // miette joins two labels' snippets into one when the first
            // one's line plus this count reaches the second one's line. Its
            // own sources count every line break from the start of the text
            // here, so labels of any distance were joined, showing every
            // line between them (a finding with related places across a
            // large file printed the whole file): the lines of the snippet
            // and a few more, so only nearby labels share one snippet.
            inner.line_count().saturating_sub(inner.line()) + JOIN_GAP,
        )))
    }
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
fn masked_sources(report: &Report) -> HashMap<&str, Shown<'_>> {
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
            (&*src.path, (Arc::from(text), src))
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
