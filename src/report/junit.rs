//! `--format junit`: JUnit XML, one test case per finding (failing at or
//! above `--fail-level`, passed with its text in `system-out` below it) and
//! one erroring test case per run error, as CI servers import it.

use std::io;

use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::Context;

/// The test suite, the passing test case of a clean run, and the class name
/// of run errors that name no file.
const NAME: &str = "cxlint";

struct Case {
    name: String,
    classname: String,
    /// `failure` for a finding at or above the fail level, `system-out`
    /// for one below it (a passed test case), `error` for a run error.
    kind: &'static str,
    message: String,
    type_: String,
    body: String,
}

pub(super) fn render(cx: &Context) -> String {
    let mut cases = Vec::new();
    for d in &cx.report.diagnostics {
        let start = d.location.range.start;
        let target = d.resource.as_deref().unwrap_or(&d.location.file);
        let mut body = format!(
            "{}:{}:{}: {} {} {}",
            d.location.file,
            start.line,
            start.column,
            d.severity,
            d.code,
            cx.text(&d.message)
        );
        if let Some(help) = &d.help {
            body.push_str(&format!("\nhelp: {}", cx.text(help)));
        }
        if let Some(fix) = &d.fix {
            body.push_str(&format!(
                "\nfix: {} (fixable with --fix)",
                cx.text(&fix.description)
            ));
        }
        if let Some(url) = &d.url {
            body.push_str(&format!("\nsee: {url}"));
        }
        // Below --fail-level a finding does not fail the run: a passed
        // test case whose text is in `system-out`.
        let kind = if d.severity >= cx.opts.fail_level {
            "failure"
        } else {
            "system-out"
        };
        cases.push(Case {
            name: format!("{} {}:{}", d.code, target, start.line),
            classname: d.location.file.to_string(),
            kind,
            message: super::one_line(&cx.text(&d.message)),
            type_: d.code.clone(),
            body,
        });
    }
    for e in &cx.report.errors {
        let place = match (&e.file, e.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            (None, _) => NAME.to_string(),
        };
        let message = cx.text(&e.message);
        cases.push(Case {
            name: format!("error {place}"),
            classname: e.file.clone().unwrap_or_else(|| NAME.to_string()),
            kind: "error",
            message: super::one_line(&message),
            type_: "run-error".to_string(),
            body: format!("{place}: {message}"),
        });
    }
    write(&cases)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

// Text content needs only `<`, `>` and `&` escaped; quotes stay readable.
fn write(cases: &[Case]) -> io::Result<Vec<u8>> {
    let failures = cases.iter().filter(|c| c.kind == "failure").count();
    let errors = cases.iter().filter(|c| c.kind == "error").count();
    // CI servers want at least one test case: a clean run is one that passed.
    let tests = cases.len().max(1).to_string();
    let failures = failures.to_string();
    let errors = errors.to_string();
    let counts = [
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", errors.as_str()),
    ];

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites")
        .with_attribute(("name", NAME))
        .with_attributes(counts)
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attribute(("name", NAME))
                .with_attributes(counts)
                .with_attribute(("skipped", "0"))
                .write_inner_content(|w| {
                    if cases.is_empty() {
                        w.create_element("testcase")
                            .with_attribute(("name", NAME))
                            .with_attribute(("classname", NAME))
                            .write_empty()?;
                    }
                    for c in cases {
                        w.create_element("testcase")
                            .with_attribute(("name", c.name.as_str()))
                            .with_attribute(("classname", c.classname.as_str()))
                            .write_inner_content(|w| {
                                let text = BytesText::from_escaped(partial_escape(c.body.as_str()));
                                if c.kind == "system-out" {
                                    w.create_element(c.kind).write_text_content(text)?;
                                } else {
                                    w.create_element(c.kind)
                                        .with_attribute(("message", c.message.as_str()))
                                        .with_attribute(("type", c.type_.as_str()))
                                        .write_text_content(text)?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}
