//! Applying fixes: splice byte ranges into the files as written (a parsed
//! tree is never re-printed) and render `--diff`. Writing is
//! `crate::safe_write`'s job.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diag::Report;
use crate::rules::core::Core;

/// The fixed text of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The display path (as in diagnostics).
    pub file: String,
    pub original: String,
    pub fixed: String,
    /// How many fixes were applied to this file.
    pub fixes: usize,
}

/// Fixes that could not be planned, and why (for stderr).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<FileFix>,
    pub skipped: Vec<String>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    // Two insertions at one point conflict too (their order is undefined).
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Work out the new text of every file the report's fixes touch. `read`
/// returns a file's current text by display path. A file with a CX001/CX002
/// diagnostic is never fixed; a fix with an edit that overlaps an edit
/// already accepted is dropped whole (the first one wins); an edit identical
/// to an accepted one (two findings sharing a fix) is applied once.
pub fn plan(report: &Report, read: &dyn Fn(&str) -> Option<String>) -> Plan {
    let broken: BTreeSet<&str> = report
        .diagnostics
        .iter()
        .filter(|d| Core::SyntaxError.is(&d.code) || Core::UnreadableFile.is(&d.code))
        .map(|d| &*d.location.file)
        .collect();
    let mut texts: BTreeMap<String, Option<String>> = BTreeMap::new();
    // Accepted edits per file, and how many fixes touched each file.
    let mut accepted: BTreeMap<String, Vec<(Range<usize>, String)>> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped = Vec::new();
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else { continue };
        if fix.edits.is_empty() {
            continue;
        }
        let mut ok = true;
        let mut new_edits: Vec<(String, Range<usize>, String)> = Vec::new();
        for e in &fix.edits {
            let file = e.location.file.to_string();
            if broken.contains(file.as_str()) {
                skipped.push(format!(
                    "{}: not fixed ({} has a syntax or read error)",
                    d.code, file
                ));
                ok = false;
                break;
            }
            let text = texts
                .entry(file.clone())
                .or_insert_with(|| read(&file))
                .as_deref();
            let span = e.location.span.clone();
            let valid = text.is_some_and(|t| {
                span.start <= span.end
                    && span.end <= t.len()
                    && t.is_char_boundary(span.start)
                    && t.is_char_boundary(span.end)
            });
            if !valid {
                skipped.push(format!("{}: not fixed (cannot read {file})", d.code));
                ok = false;
                break;
            }
            let prior = accepted.get(&file).map(Vec::as_slice).unwrap_or(&[]);
            if prior.iter().any(|(r, s)| *r == span && *s == e.replacement) {
                // The same edit from another finding: already planned.
                continue;
            }
            let clash = prior.iter().any(|(r, _)| overlaps(r, &span))
                || new_edits
                    .iter()
                    .any(|(f, r, _)| *f == file && overlaps(r, &span));
            if clash {
                skipped.push(format!(
                    "{}: not fixed (its edit in {file} overlaps another fix)",
                    d.code
                ));
                ok = false;
                break;
            }
            new_edits.push((file, span, e.replacement.clone()));
        }
        if !ok {
            continue;
        }
        let mut touched = BTreeSet::new();
        for (file, span, rep) in new_edits {
            touched.insert(file.clone());
            accepted.entry(file).or_default().push((span, rep));
        }
        for f in touched {
            *counts.entry(f).or_default() += 1;
        }
    }
    let mut files = Vec::new();
    for (file, edits) in accepted {
        let Some(Some(original)) = texts.get(&file) else {
            continue;
        };
        let fixed = apply_edits(original, &edits);
        if fixed != *original {
            files.push(FileFix {
                fixes: counts.get(&file).copied().unwrap_or(0),
                file,
                original: original.clone(),
                fixed,
            });
        }
    }
    Plan { files, skipped }
}

/// Splice non-overlapping edits into `text`, highest offset first.
pub fn apply_edits(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by(|a, b| b.0.start.cmp(&a.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out = text.to_string();
    for (span, rep) in sorted {
        if span.start <= span.end
            && span.end <= out.len()
            && out.is_char_boundary(span.start)
            && out.is_char_boundary(span.end)
        {
            out.replace_range(span.clone(), rep);
        }
    }
    out
}

/// A unified diff of one file (`--- a/PATH` / `+++ b/PATH`, 3 lines of context).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    let mut u = diff.unified_diff();
    u.context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"));
    out.push_str(&u.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Edit, Fix, Location, Severity};
    use crate::source::SourceFile;

    fn diag(code: &str, file: &SourceFile, edits: &[(Range<usize>, &str)]) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            name: "x".into(),
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            location: Location::new(file, 0..0),
            resource: None,
            related: Vec::new(),
            url: None,
            fix: (!edits.is_empty()).then(|| Fix {
                description: "d".into(),
                edits: edits
                    .iter()
                    .map(|(r, s)| Edit {
                        location: Location::new(file, r.clone()),
                        replacement: s.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    #[test]
    fn edits_apply_from_the_end_and_overlaps_drop_the_whole_fix() {
        let text = "abcdefghij";
        let f = SourceFile::new("a.tf", text);
        let report = Report {
            diagnostics: vec![
                diag("GC1", &f, &[(1..2, "B"), (8..9, "I")]),
                // Overlaps 1..2: dropped whole, so 5..6 is not applied either.
                diag("GC2", &f, &[(5..6, "F"), (0..2, "xx")]),
                // Identical to an accepted edit: applied once.
                diag("GC3", &f, &[(8..9, "I")]),
                diag("GC4", &f, &[(3..3, "+")]),
            ],
            ..Report::default()
        };
        let p = plan(&report, &|_| Some(text.to_string()));
        assert_eq!(p.files.len(), 1);
        assert_eq!(p.files[0].fixed, "aBc+defghIj");
        assert_eq!(p.files[0].fixes, 2);
        assert_eq!(p.skipped.len(), 1);
        assert!(p.skipped[0].starts_with("GC2"));
    }

    #[test]
    fn files_with_syntax_errors_are_never_fixed() {
        let f = SourceFile::new("a.tf", "abc");
        let report = Report {
            diagnostics: vec![diag("CX001", &f, &[]), diag("GC1", &f, &[(0..1, "X")])],
            ..Report::default()
        };
        let p = plan(&report, &|_| Some("abc".into()));
        assert!(p.files.is_empty());
        assert_eq!(p.skipped.len(), 1);
    }

    #[test]
    fn out_of_range_edits_are_skipped() {
        let f = SourceFile::new("a.tf", "abc");
        let report = Report {
            diagnostics: vec![diag("GC1", &f, &[(2..9, "X")])],
            ..Report::default()
        };
        let p = plan(&report, &|_| Some("abc".into()));
        assert!(p.files.is_empty());
    }

    #[test]
    fn diff_has_git_style_headers() {
        let d = unified_diff("m/a.tf", "a\nb\n", "a\nc\n");
        assert_eq!(
            d,
            "--- a/m/a.tf\n+++ b/m/a.tf\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        );
    }
}
