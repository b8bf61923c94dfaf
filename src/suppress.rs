//! Suppression comments: `# cxlint-ignore: CODE[, CODE] -- reason` above a
//! block or attribute (the whole structure), at the end of a line (that
//! line), and `# cxlint-ignore-file: CODE` anywhere (the whole file). `//`
//! and `/* */` comments work too; in `.tf.json` a `"//"` property does.

use crate::diag::Location;
use crate::model::File;
use crate::syntax::{Body, Span, Structure};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Byte range of the block or attribute below the comment.
    Range(Span),
    /// A 1-based line.
    Line(usize),
    File,
}

#[derive(Debug, Clone)]
pub struct Directive {
    /// Codes or names as written.
    pub keys: Vec<String>,
    pub scope: Scope,
    /// The comment, for CX003.
    pub location: Location,
    pub used: Vec<bool>,
}

/// Every suppression directive in a parsed file.
pub fn directives(file: &File) -> Vec<Directive> {
    let mut out = Vec::new();
    let Some(body) = &file.body else {
        return out;
    };
    walk(file, body, &mut out);
    file_level(file, &mut out);
    out
}

fn walk(file: &File, body: &Body, out: &mut Vec<Directive>) {
    for s in &body.items {
        let (span, prefix, suffix) = match s {
            Structure::Attribute(a) => (a.span.clone(), &a.prefix, &a.suffix),
            Structure::Block(b) => (b.span.clone(), &b.prefix, &b.suffix),
        };
        if let Some((text, pspan)) = prefix.as_deref() {
            // Only the run of comment lines directly above the structure. In
            // JSON the prefix is synthesized from `"//"` properties inside the
            // body, so its offsets are looked up in the source text instead.
            let found = if file.kind.is_json() {
                file.source
                    .text
                    .get(pspan.clone())
                    .map(|t| find_all(t, "cxlint-ignore:"))
                    .unwrap_or_default()
            } else {
                directly_above(text)
            };
            for (keys, off, len) in found {
                let start = pspan.start + off;
                out.push(directive(
                    file,
                    keys,
                    Scope::Range(span.clone()),
                    start..start + len,
                ));
            }
        }
        if let Some((text, sspan)) = suffix.as_deref() {
            for (keys, off, len) in find_all(text, "cxlint-ignore:") {
                let start = sspan.start + off;
                let line = file.source.pos(start).line;
                out.push(directive(file, keys, Scope::Line(line), start..start + len));
            }
        }
        if let Structure::Block(b) = s {
            // A comment on the block's `{` line suppresses that line.
            if let Some(first) = b.body.items.first() {
                let (fprefix, fspan) = match first {
                    Structure::Attribute(a) => (&a.prefix, a.span.start),
                    Structure::Block(x) => (&x.prefix, x.span.start),
                };
                if let Some((text, pspan)) = fprefix.as_deref() {
                    let brace_line = file.source.pos(b.header_span().end).line;
                    for (keys, off, len) in find_all(text, "cxlint-ignore:") {
                        let start = pspan.start + off;
                        if file.source.pos(start).line == brace_line && start < fspan {
                            out.push(directive(
                                file,
                                keys,
                                Scope::Line(brace_line),
                                start..start + len,
                            ));
                        }
                    }
                }
            }
            walk(file, &b.body, out);
        }
    }
}

fn directive(file: &File, keys: Vec<String>, scope: Scope, span: Span) -> Directive {
    let n = keys.len();
    Directive {
        keys,
        scope,
        location: Location::new(&file.source, span),
        used: vec![false; n],
    }
}

/// Directives in the trailing run of comment lines of a prefix (stopping at
/// a blank line), with their offsets in the prefix.
fn directly_above(prefix: &str) -> Vec<(Vec<String>, usize, usize)> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut off = 0;
    for line in prefix.split_inclusive('\n') {
        lines.push((off, line));
        off += line.len();
    }
    // Drop the indentation of the structure's own line.
    if lines.last().is_some_and(|(_, l)| !l.ends_with('\n')) {
        lines.pop();
    }
    let mut run = Vec::new();
    for (o, l) in lines.iter().rev() {
        let t = l.trim();
        if t.is_empty() {
            break;
        }
        if !(t.starts_with('#')
            || t.starts_with("//")
            || t.starts_with("/*")
            || t.ends_with("*/")
            || t.starts_with('*'))
        {
            break;
        }
        run.push((*o, *l));
    }
    run.reverse();
    let mut out = Vec::new();
    for (o, l) in run {
        for (keys, i, len) in find_all(l, "cxlint-ignore:") {
            out.push((keys, o + i, len));
        }
    }
    out
}

/// Every `marker` directive in `text`: its keys, the offset of the comment
/// start (or the marker) and the directive's length.
fn find_all(text: &str, marker: &str) -> Vec<(Vec<String>, usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(marker)) {
        let at = from + i;
        let after = text.get(at + marker.len()..).unwrap_or("");
        let end = after.find(['\n', '\r']).unwrap_or(after.len());
        let mut body = after.get(..end).unwrap_or("");
        // The end of a block comment, or of a JSON `"//"` string.
        if let Some(j) = [body.find("*/"), body.find('"')]
            .into_iter()
            .flatten()
            .min()
        {
            body = body.get(..j).unwrap_or("");
        }
        let codes = body.split("--").next().unwrap_or("");
        let keys: Vec<String> = codes
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        // Start the reported span at the comment opener on the same line.
        let line_start = text
            .get(..at)
            .and_then(|t| t.rfind('\n'))
            .map(|p| p + 1)
            .unwrap_or(0);
        let head = text.get(line_start..at).unwrap_or("");
        let opener = ["//", "/*", "#"]
            .iter()
            .filter_map(|o| head.rfind(o))
            .min()
            .map(|p| line_start + p)
            .unwrap_or(at);
        if !keys.is_empty() {
            out.push((keys, opener, at + marker.len() + end - opener));
        }
        from = at + marker.len();
    }
    out
}

fn file_level(file: &File, out: &mut Vec<Directive>) {
    let text = &file.source.text;
    for (keys, off, len) in find_all(text, "cxlint-ignore-file:") {
        // Only in comments: the marker must follow a comment opener on its line.
        let line_start = text
            .get(..off)
            .and_then(|t| t.rfind('\n'))
            .map(|p| p + 1)
            .unwrap_or(0);
        let before = text.get(line_start..=off).unwrap_or("").trim_start();
        if before.starts_with('#')
            || before.starts_with("//")
            || before.starts_with("/*")
            || file.kind.is_json()
        {
            out.push(directive(file, keys, Scope::File, off..off + len));
        }
    }
}

/// Whether `d` covers a diagnostic at `loc` with `code`/`name`; marks it used.
pub fn covers(d: &mut Directive, loc: &Location, code: &str, name: &str) -> bool {
    let in_scope = match &d.scope {
        Scope::File => true,
        Scope::Range(r) => loc.span.start >= r.start && loc.span.start <= r.end,
        Scope::Line(l) => loc.range.start.line == *l,
    };
    if !in_scope {
        return false;
    }
    let mut hit = false;
    for (i, k) in d.keys.iter().enumerate() {
        if k.eq_ignore_ascii_case(code) || k.eq_ignore_ascii_case(name) {
            if let Some(u) = d.used.get_mut(i) {
                *u = true;
            }
            hit = true;
        }
    }
    hit
}

/// Comments that start with `cxlint-ignore` but are not a directive (no
/// colon, no codes): each is CX007, never silently ignored.
pub fn malformed(file: &File) -> Vec<(Location, String)> {
    let text = &file.source.text;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find("cxlint-ignore")) {
        let at = from + i;
        from = at + "cxlint-ignore".len();
        let line_start = text
            .get(..at)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |p| p + 1);
        let head = text.get(line_start..at).unwrap_or("");
        let in_comment = ["#", "//", "/*"].iter().any(|o| head.contains(o))
            || (file.kind.is_json() && head.contains("\"//\""));
        if !in_comment {
            continue;
        }
        let rest = text.get(from..).unwrap_or("");
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or("");
        let body = line
            .strip_prefix(':')
            .or_else(|| line.strip_prefix("-file:"));
        let problem = match body {
            None => "`cxlint-ignore` needs a colon and codes: `cxlint-ignore: CODE -- reason`",
            Some(b) => {
                let codes = b.split("--").next().unwrap_or("");
                let codes = codes.split("*/").next().unwrap_or("");
                let codes = codes.split('"').next().unwrap_or("");
                if codes.split([',', ' ', '\t']).any(|c| !c.trim().is_empty()) {
                    continue;
                }
                "`cxlint-ignore:` names no code"
            }
        };
        let span = at..from + end;
        out.push((Location::new(&file.source, span), problem.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_reasons() {
        let v = find_all(
            "# cxlint-ignore: GC001, oauth-client-missing-role -- legacy\n",
            "cxlint-ignore:",
        );
        assert_eq!(v[0].0, vec!["GC001", "oauth-client-missing-role"]);
        assert_eq!(v[0].1, 0);
        let v = find_all("/* cxlint-ignore: GC002 */", "cxlint-ignore:");
        assert_eq!(v[0].0, vec!["GC002"]);
        let v = find_all("x // cxlint-ignore: GC002", "cxlint-ignore:");
        assert_eq!(v[0].1, 2);
        let v = find_all(r#"  "//": "cxlint-ignore: GC002","#, "cxlint-ignore:");
        assert_eq!(v[0].0, vec!["GC002"]);
    }

    #[test]
    fn only_comments_directly_above_count() {
        let p = "# cxlint-ignore: GC001\n\n# other\n  ";
        assert!(directly_above(p).is_empty());
        let p = "\n# cxlint-ignore: GC001\n# why\n  ";
        assert_eq!(directly_above(p).len(), 1);
    }
}
