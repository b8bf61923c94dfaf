//! `--format checkstyle`: the Checkstyle XML that CI servers import.

use std::collections::BTreeMap;
use std::io;

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;

use super::Context;

/// The `<file name>` of run errors that name no file.
const NO_FILE: &str = ".";

struct Entry {
    line: usize,
    column: Option<usize>,
    severity: &'static str,
    message: String,
    source: String,
}

pub(super) fn render(cx: &Context) -> String {
    let mut files: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
    for d in &cx.report.diagnostics {
        let start = d.location.range.start;
        files.entry(&d.location.file).or_default().push(Entry {
            line: start.line,
            column: Some(start.column),
            severity: d.severity.as_str(),
            message: super::one_line(&cx.text(&d.message)),
            source: format!("cxlint.{}", d.code),
        });
    }
    for e in &cx.report.errors {
        files
            .entry(e.file.as_deref().unwrap_or(NO_FILE))
            .or_default()
            .push(Entry {
                line: e.line.unwrap_or(1),
                column: None,
                severity: "error",
                message: super::one_line(&cx.text(&e.message)),
                source: "cxlint.run-error".to_string(),
            });
    }
    write(&files)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

fn write(files: &BTreeMap<&str, Vec<Entry>>) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("checkstyle")
        .with_attribute(("version", "4.3"))
        .write_inner_content(|w| {
            for (name, entries) in files {
                w.create_element("file")
                    .with_attribute(("name", *name))
                    .write_inner_content(|w| {
                        for e in entries {
                            let line = e.line.to_string();
                            let column = e.column.map(|c| c.to_string());
                            let mut el = w.create_element("error").with_attribute(("line", &*line));
                            if let Some(column) = &column {
                                el = el.with_attribute(("column", column.as_str()));
                            }
                            el.with_attribute(("severity", e.severity))
                                .with_attribute(("message", e.message.as_str()))
                                .with_attribute(("source", e.source.as_str()))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}
