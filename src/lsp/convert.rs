//! cxlint diagnostics as LSP diagnostics, and file paths as `file:` URIs.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::str::FromStr;
use std::sync::Arc;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    NumberOrString, Uri,
};

use super::pos::{Encoding, LineIndex};
use crate::diag::{Diagnostic, Location, Severity};

pub const SOURCE: &str = "cxlint";

/// The local path a `file:` URI names; `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host is a path here.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = percent_decode(rest.as_bytes());
    let text = String::from_utf8(bytes).ok()?;
    Some(PathBuf::from(text))
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (s[i], s.get(i + 1).copied(), s.get(i + 2).copied()) {
            (b'%', Some(a), Some(b)) if hex(a).is_some() && hex(b).is_some() => {
                out.push((hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0)) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// A `file:` URI for an absolute path, percent-encoding what a URI path
/// may not hold.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).ok()
}

/// An absolute path for a report's display path (relative to `cwd`).
pub fn abs_path(cwd: &Path, display: &str) -> PathBuf {
    crate::load::discover::normalize(Path::new(display), cwd)
}

type Index = Option<Rc<LineIndex<Arc<str>>>>;

/// Everything a conversion needs: positions in the texts the spans refer to.
pub struct Ctx<'a> {
    pub cwd: &'a Path,
    pub enc: Encoding,
    /// The text a file had when it was linted (by absolute path).
    pub text: &'a dyn Fn(&Path) -> Option<Arc<str>>,
    /// Line indexes built so far: one per file, not one per finding.
    pub indexes: RefCell<HashMap<PathBuf, Index>>,
}

impl Ctx<'_> {
    fn index(&self, path: &Path) -> Index {
        self.indexes
            .borrow_mut()
            .entry(path.to_path_buf())
            .or_insert_with(|| (self.text)(path).map(|t| Rc::new(LineIndex::new(t))))
            .clone()
    }

    pub fn range(&self, loc: &Location) -> lsp_types::Range {
        let path = abs_path(self.cwd, &loc.file);
        match self.index(&path) {
            Some(idx) => idx.range(&loc.span, self.enc),
            // Without the text only scalar columns are known: right for
            // every line without characters outside the BMP.
            None => {
                let p = |x: crate::source::Pos| {
                    lsp_types::Position::new(
                        x.line.saturating_sub(1) as u32,
                        x.column.saturating_sub(1) as u32,
                    )
                };
                lsp_types::Range::new(p(loc.range.start), p(loc.range.end))
            }
        }
    }

    pub fn location(&self, loc: &Location) -> Option<lsp_types::Location> {
        let uri = path_to_uri(&abs_path(self.cwd, &loc.file))?;
        Some(lsp_types::Location::new(uri, self.range(loc)))
    }

    pub fn diagnostic(&self, d: &Diagnostic) -> lsp_types::Diagnostic {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|r| {
                Some(DiagnosticRelatedInformation {
                    location: self.location(&r.location)?,
                    message: r.message.clone(),
                })
            })
            .collect();
        lsp_types::Diagnostic {
            range: self.range(&d.location),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code.clone())),
            code_description: d
                .url
                .as_deref()
                .and_then(|u| Uri::from_str(u).ok())
                .map(|href| CodeDescription { href }),
            source: Some(SOURCE.to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: (d.code == "CX003").then(|| vec![DiagnosticTag::UNNECESSARY]),
            data: None,
        }
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip() {
        let p = Path::new("/tmp/a b/ç#1.tf");
        let uri = path_to_uri(p).expect("uri");
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%A7%231.tf");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(p));
        let other = Uri::from_str("untitled:Untitled-1").expect("uri");
        assert_eq!(uri_to_path(&other), None);
    }
}
