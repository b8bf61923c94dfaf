//! Baselines: record the current findings so that later runs report only new
//! ones. A finding is keyed by file, resource address, code and message (no
//! line numbers, so edits above a finding do not invalidate it); counts keep
//! two identical findings in one resource apart.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Report;

/// The file format version.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub resource: String,
    pub code: String,
    pub message: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

type Key = (String, String, String, String);

/// How a diagnostic's file is written in a baseline: relative to the
/// baseline file's directory, so that the working directory does not matter.
pub type PathKey<'a> = &'a dyn Fn(&str) -> String;

/// Findings of files cxlint could not read (CX001, CX002, CX006) are never
/// recorded nor absorbed: such a file never passes silently.
fn baselinable(code: &str) -> bool {
    crate::rules::core::Core::find(code).is_none_or(|c| c.info().can_disable)
}

fn counts(report: &Report, key_of: PathKey) -> BTreeMap<Key, usize> {
    let mut m = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| baselinable(&d.code)) {
        let key = (
            key_of(&d.location.file),
            d.resource.clone().unwrap_or_default(),
            d.code.clone(),
            d.message.clone(),
        );
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

/// The baseline of a report's findings, sorted.
#[cfg(test)]
pub fn from_report(report: &Report) -> Baseline {
    from_report_keyed(report, &|f| f.to_string())
}

/// Like [`from_report`], with files written as `key_of` says.
pub fn from_report_keyed(report: &Report, key_of: PathKey) -> Baseline {
    Baseline {
        version: VERSION,
        findings: counts(report, key_of)
            .into_iter()
            .map(|((file, resource, code, message), count)| Entry {
                file,
                resource,
                code,
                message,
                count,
            })
            .collect(),
    }
}

impl Baseline {
    /// Total number of findings recorded (counts included).
    pub fn total(&self) -> usize {
        self.findings.iter().map(|e| e.count).sum()
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parse a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != VERSION {
            return Err(format!(
                "unsupported baseline version {} (expected {VERSION})",
                b.version
            ));
        }
        Ok(b)
    }

    /// Remove from `report` the findings the baseline accounts for (each
    /// entry absorbs at most `count` matching findings) and recount.
    #[cfg(test)]
    pub fn filter(&self, report: &mut Report) -> usize {
        self.filter_keyed(report, &|f| f.to_string())
    }

    /// Like [`Baseline::filter`], with files keyed as `key_of` says; returns
    /// how many findings it hid.
    pub fn filter_keyed(&self, report: &mut Report, key_of: PathKey) -> usize {
        let before = report.diagnostics.len();
        let mut left: BTreeMap<Key, usize> = BTreeMap::new();
        for e in &self.findings {
            *left
                .entry((
                    e.file.clone(),
                    e.resource.clone(),
                    e.code.clone(),
                    e.message.clone(),
                ))
                .or_insert(0) += e.count;
        }
        report.diagnostics.retain(|d| {
            if !baselinable(&d.code) {
                return true;
            }
            let key = (
                key_of(&d.location.file),
                d.resource.clone().unwrap_or_default(),
                d.code.clone(),
                d.message.clone(),
            );
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        report.recount();
        before - report.diagnostics.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Location, Severity};
    use crate::source::SourceFile;

    fn diag(file: &SourceFile, start: usize, code: &str, res: Option<&str>) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            name: "n".into(),
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            location: Location::new(file, start..start + 1),
            resource: res.map(str::to_string),
            related: vec![],
            url: None,
            fix: None,
        }
    }

    #[test]
    fn counts_absorb_only_as_many_as_recorded() {
        let f = SourceFile::new("a.tf", "0123456789\n".to_string());
        let mut old = Report::default();
        old.diagnostics.push(diag(&f, 0, "GC001", Some("r.a")));
        let b = from_report(&old);
        assert_eq!(b.total(), 1);
        let mut new = Report::default();
        new.diagnostics.push(diag(&f, 3, "GC001", Some("r.a")));
        new.diagnostics.push(diag(&f, 5, "GC001", Some("r.a")));
        new.diagnostics.push(diag(&f, 6, "GC001", None));
        b.filter(&mut new);
        assert_eq!(new.diagnostics.len(), 2);
        assert_eq!(new.summary.errors, 2);
        let parsed = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(parsed, b);
        assert!(Baseline::parse("{}").is_err());
        assert!(Baseline::parse("{\"version\":2,\"findings\":[]}").is_err());
    }
}
