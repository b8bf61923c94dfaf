//! `--format sarif`: SARIF 2.1.0, one run, for code-scanning services.

use serde_json::{json, Map, Value};

use super::Context;
use crate::diag::{Diagnostic, Location, RuleInfo, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base that relative artifact URIs resolve against: the repository
/// root, so that GitHub places results whatever directory cxlint ran in.
const SRCROOT: &str = "%SRCROOT%";

pub(super) fn render(cx: &Context) -> String {
    let report = cx.report;
    let rules = super::fired_rules(report);

    let mut driver = Map::new();
    driver.insert("name".into(), json!("cxlint"));
    driver.insert("version".into(), json!(cx.opts.tool_version));
    driver.insert("semanticVersion".into(), json!(cx.opts.tool_version));
    // The project has no public site: a URN names the tool without
    // inventing a host (validators want an absolute URI here).
    driver.insert("informationUri".into(), json!("urn:cxlint"));
    driver.insert(
        "rules".into(),
        Value::Array(rules.iter().map(|r| rule(cx, r)).collect()),
    );

    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| result(cx, d, &rules))
        .collect();

    let mut invocation = Map::new();
    invocation.insert(
        "executionSuccessful".into(),
        json!(report.errors.is_empty()),
    );
    if !report.errors.is_empty() {
        let notifications = report
            .errors
            .iter()
            .map(|e| {
                let mut n = Map::new();
                n.insert("level".into(), json!("error"));
                n.insert("message".into(), message(&cx.text(&e.message)));
                if let Some(file) = &e.file {
                    let mut physical = Map::new();
                    physical.insert(
                        "artifactLocation".into(),
                        artifact_location(&cx.root_relative(file)),
                    );
                    if let Some(line) = e.line {
                        physical.insert("region".into(), json!({ "startLine": line }));
                    }
                    n.insert(
                        "locations".into(),
                        json!([{ "physicalLocation": physical }]),
                    );
                }
                Value::Object(n)
            })
            .collect();
        invocation.insert(
            "toolExecutionNotifications".into(),
            Value::Array(notifications),
        );
    }

    let mut run = Map::new();
    run.insert("tool".into(), json!({ "driver": driver }));
    if let Some(root) = &cx.opts.srcroot {
        let mut uri = root.clone();
        if !uri.ends_with('/') {
            uri.push('/');
        }
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": uri } }),
        );
    }
    run.insert("invocations".into(), json!([invocation]));
    run.insert("results".into(), Value::Array(results));
    run.insert("columnKind".into(), json!("unicodeCodePoints"));

    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    // Serializing a `Value` cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF wants messages as sentences; ours are fragments without a period.
fn sentence(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn message(text: &str) -> Value {
    json!({ "text": sentence(text) })
}

fn rule(cx: &Context, r: &RuleInfo) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(r.code));
    m.insert("name".into(), json!(r.name));
    m.insert(
        "shortDescription".into(),
        json!({ "text": sentence(&cx.text(&r.summary)) }),
    );
    let docs = cx.text(&r.docs);
    m.insert(
        "fullDescription".into(),
        json!({ "text": plain_text(&docs) }),
    );
    let help = if r.help.is_empty() {
        &r.summary
    } else {
        &r.help
    };
    m.insert(
        "help".into(),
        json!({ "text": sentence(&cx.text(help)), "markdown": docs }),
    );
    if !r.url.is_empty() {
        m.insert("helpUri".into(), json!(r.url));
    }
    m.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(r.severity) }),
    );
    m.insert("properties".into(), properties(&r.code));
    Value::Object(m)
}

/// What GitHub code scanning reads from a rule: tags (`security` files it
/// under security alerts), precision and, for security rules, a CVSS-like
/// `security-severity`.
fn properties(code: &str) -> Value {
    let code = code.to_ascii_uppercase();
    let category = match code.as_str() {
        "GC003" | "GC004" | "GC005" | "GC006" => "compatibility",
        c if c.starts_with("CX") => "cxlint",
        _ => "correctness",
    };
    let mut tags = Vec::new();
    if super::is_security(&code) {
        tags.push("security");
    }
    tags.push(category);
    tags.push("terraform");
    let mut p = Map::new();
    p.insert("tags".into(), json!(tags));
    // Findings come from evaluated values, not heuristics; unknown values
    // never fire, so false positives are rare.
    p.insert("precision".into(), json!("very-high"));
    let severity = match code.as_str() {
        "GC101" => Some("9.0"),
        "GC102" => Some("8.0"),
        "GC012" => Some("7.0"),
        "GC103" => Some("6.5"),
        "GC104" => Some("5.5"),
        _ => None,
    };
    if let Some(s) = severity {
        p.insert("security-severity".into(), json!(s));
    }
    Value::Object(p)
}

/// The rule's markdown page as plain text (SARIF's `fullDescription` is
/// not markdown): no headings marks, fences, emphasis, backticks or link
/// targets.
fn plain_text(md: &str) -> String {
    let mut out = Vec::new();
    for line in md.lines() {
        let t = line.trim_end();
        if t.trim_start().starts_with("```") {
            continue;
        }
        let t = t.trim_start_matches('#').trim_start_matches(' ');
        let t = if line.starts_with('#') {
            t
        } else {
            line.trim_end()
        };
        let mut s = t.replace("**", "").replace('`', "");
        // [text](target) → text
        while let Some(open) = s.find('[') {
            let Some(mid) = s.get(open..).and_then(|r| r.find("](")).map(|i| open + i) else {
                break;
            };
            let Some(close) = s.get(mid..).and_then(|r| r.find(')')).map(|i| mid + i) else {
                break;
            };
            let text = s.get(open + 1..mid).unwrap_or("").to_string();
            s.replace_range(open..=close, &text);
        }
        out.push(s);
    }
    out.join("\n").trim().to_string()
}

fn result(cx: &Context, d: &Diagnostic, rules: &[RuleInfo]) -> Value {
    let mut m = Map::new();
    m.insert("ruleId".into(), json!(d.code));
    m.insert(
        "partialFingerprints".into(),
        json!({ "cxlintFindingHash/v1": super::fingerprint(d, &cx.root_relative(&d.location.file)) }),
    );
    if let Some(index) = rules.iter().position(|r| r.code == d.code) {
        m.insert("ruleIndex".into(), json!(index));
    }
    m.insert("level".into(), json!(level(d.severity)));
    m.insert("message".into(), message(&cx.text(&d.message)));

    let mut location = Map::new();
    location.insert(
        "physicalLocation".into(),
        physical_location(cx, &d.location),
    );
    if let Some(resource) = &d.resource {
        location.insert(
            "logicalLocations".into(),
            json!([{ "name": resource, "fullyQualifiedName": resource, "kind": "resource" }]),
        );
    }
    m.insert("locations".into(), json!([location]));

    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": physical_location(cx, &r.location),
                    "message": message(&cx.text(&r.message)),
                })
            })
            .collect();
        m.insert("relatedLocations".into(), Value::Array(related));
    }

    if let Some(fix) = &d.fix {
        // One artifactChange per file, in the order the files first appear.
        let mut changes: Vec<(&str, Vec<Value>)> = Vec::new();
        for e in &fix.edits {
            let replacement = json!({
                "deletedRegion": offsets(cx, &e.location),
                "insertedContent": { "text": e.replacement },
            });
            match changes.iter_mut().find(|(f, _)| *f == &*e.location.file) {
                Some((_, list)) => list.push(replacement),
                None => changes.push((&e.location.file, vec![replacement])),
            }
        }
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(file, replacements)| {
                json!({
                    "artifactLocation": artifact_location(&cx.root_relative(file)),
                    "replacements": replacements,
                })
            })
            .collect();
        m.insert(
            "fixes".into(),
            json!([{
                "description": message(&cx.text(&fix.description)),
                "artifactChanges": changes,
            }]),
        );
    }
    Value::Object(m)
}

fn physical_location(cx: &Context, loc: &Location) -> Value {
    let r = loc.range;
    let mut region = Map::new();
    region.insert("startLine".into(), json!(r.start.line));
    region.insert("startColumn".into(), json!(r.start.column));
    region.insert("endLine".into(), json!(r.end.line));
    region.insert("endColumn".into(), json!(r.end.column));
    if let Value::Object(o) = offsets(cx, loc) {
        region.extend(o);
    }
    json!({
        "artifactLocation": artifact_location(&cx.root_relative(&loc.file)),
        "region": region,
    })
}

/// `charOffset`/`charLength` in code points (our `columnKind`) when the
/// source is at hand, else the byte form, which needs no source.
fn offsets(cx: &Context, loc: &Location) -> Value {
    let span = &loc.span;
    let chars = cx.report.source(&loc.file).and_then(|src| {
        let before = src.text.get(..span.start)?.chars().count();
        let len = src.text.get(span.clone())?.chars().count();
        Some((before, len))
    });
    match chars {
        Some((offset, length)) => json!({ "charOffset": offset, "charLength": length }),
        None => json!({
            "byteOffset": span.start,
            "byteLength": span.end.saturating_sub(span.start),
        }),
    }
}

/// A relative path resolves against `SRCROOT`; an absolute one becomes a
/// `file://` URI.
fn artifact_location(path: &str) -> Value {
    let drive = path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && path.get(1..3) == Some(":/");
    if drive {
        json!({ "uri": format!("file:///{}:{}", &path[..1], encode_path(&path[2..])) })
    } else if path.starts_with('/') {
        json!({ "uri": format!("file://{}", encode_path(path)) })
    } else {
        json!({ "uri": encode_path(path), "uriBaseId": SRCROOT })
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode_path(path: &str) -> String {
    super::encode_uri_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded_and_relative_ones_use_srcroot() {
        assert_eq!(
            artifact_location("envs/prod east/ü:1.tf"),
            json!({ "uri": "envs/prod%20east/%C3%BC%3A1.tf", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("/tmp/a b.tf"),
            json!({ "uri": "file:///tmp/a%20b.tf" })
        );
        assert_eq!(
            artifact_location("C:/x/a.tf"),
            json!({ "uri": "file:///C:/x/a.tf" })
        );
    }
}
