//! `--format compact`: `file:line:column: severity CODE message`, one line each.

use std::fmt::Write;

use super::Context;

pub(super) fn render(cx: &Context) -> String {
    let mut out = String::new();
    for d in &cx.report.diagnostics {
        let start = d.location.range.start;
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} {}",
            d.location.file,
            start.line,
            start.column,
            d.severity,
            d.code,
            super::one_line(&cx.text(&d.message)),
        );
    }
    for e in &cx.report.errors {
        let place = match (&e.file, e.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            (None, _) => "cxlint".to_string(),
        };
        let _ = writeln!(
            out,
            "{place}: error {}",
            super::one_line(&cx.text(&e.message))
        );
    }
    out
}
