//! `--format github`: GitHub Actions workflow commands, which GitHub turns
//! into annotations on the pull request.

use std::fmt::Write;

use super::Context;
use crate::diag::Severity;

pub(super) fn render(cx: &Context) -> String {
    let mut out = String::new();
    for d in &cx.report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let r = d.location.range;
        let props = [
            ("file", cx.root_relative(&d.location.file)),
            ("line", r.start.line.to_string()),
            ("col", r.start.column.to_string()),
            ("endLine", r.end.line.to_string()),
            ("endColumn", r.end.column.to_string()),
            ("title", format!("{} {}", d.code, d.name)),
        ];
        let mut data = cx.text(&d.message);
        if let Some(help) = &d.help {
            data.push_str("\nhelp: ");
            data.push_str(&cx.text(help));
        }
        line(&mut out, command, &props, &data);
    }
    for e in &cx.report.errors {
        let mut props = Vec::new();
        if let Some(file) = &e.file {
            props.push(("file", cx.root_relative(file)));
        }
        if let Some(l) = e.line {
            props.push(("line", l.to_string()));
        }
        props.push(("title", "cxlint".to_string()));
        line(&mut out, "error", &props, &cx.text(&e.message));
    }
    out
}

fn line(out: &mut String, command: &str, props: &[(&str, String)], data: &str) {
    let props = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect::<Vec<_>>()
        .join(",");
    let _ = writeln!(out, "::{command} {props}::{}", escape_data(data));
}

/// As `@actions/core`'s `escapeData`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// As `@actions/core`'s `escapeProperty`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_core() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
