//! The finalize stage: raw findings become diagnostics (name, severity, URL,
//! `related` from where values were set), suppressions apply (CX003 for the
//! unused ones), core codes follow the config, and the per-batch results are
//! merged into one report: the named-file filter, sorting and deduplication
//! happen here, once.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::diag::{Diagnostic, Location, Related, Report, RunError};
use crate::eval::Origin;
use crate::model::File;
use crate::rules::core::Core;
use crate::rules::select::Selection;
use crate::rules::RawFinding;
use crate::suppress;

/// A batch's diagnostics after suppressions, before the merge.
#[derive(Default)]
pub struct Partial {
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<RunError>,
    /// The files of the batch that diagnostics may point into.
    pub sources: Vec<crate::source::SourceFile>,
    pub secrets: Vec<Location>,
    /// Secret values as text, masked wherever they appear in any output.
    pub secret_texts: Vec<String>,
    pub files: BTreeSet<Arc<str>>,
}

/// Turn a batch's raw findings and core diagnostics into its diagnostics.
pub fn batch(
    sel: &Selection,
    files: &[&File],
    raw: Vec<RawFinding>,
    mut diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diags.extend(raw.into_iter().map(|f| to_diagnostic(f, sel)));
    let diags = suppress_all(sel, files, diags);
    core_settings(sel, diags)
}

fn to_diagnostic(f: RawFinding, sel: &Selection) -> Diagnostic {
    let (name, severity, url) = match sel.registry.find(&f.code) {
        Some(r) => (
            r.def.name.clone(),
            sel.severity(&r.def.code, &r.def.name, r.def.severity)
                .unwrap_or(r.def.severity),
            sel.config.rule_url(r),
        ),
        None => (
            Core::find(&f.code)
                .map(|c| c.info().name)
                .unwrap_or("core")
                .to_string(),
            crate::diag::Severity::Error,
            None,
        ),
    };
    let mut related = f.related;
    for o in &f.origins {
        if let Origin::Set { location, what } = o {
            if *location != f.location && !related.iter().any(|r: &Related| r.location == *location)
            {
                related.push(Related {
                    location: location.clone(),
                    message: format!("the value is set here ({what})"),
                });
            }
        }
    }
    Diagnostic {
        code: f.code,
        name,
        severity,
        message: f.message,
        help: f.help,
        location: f.location,
        resource: f.resource,
        related,
        url,
        fix: f.fix,
    }
}

/// Apply the suppression comments of `files`, then report unused ones.
fn suppress_all(sel: &Selection, files: &[&File], mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Only files that mention the marker can hold a directive.
    let marked: Vec<&File> = files
        .iter()
        .copied()
        .filter(|f| f.source.text.contains("cxlint-ignore"))
        .collect();
    let mut by_file: HashMap<Arc<str>, Vec<suppress::Directive>> =
        crate::par::map(marked, |f| (f.source.path.clone(), suppress::directives(f)))
            .into_iter()
            .filter(|(_, ds)| !ds.is_empty())
            .collect();
    diags.retain(|d| {
        let undisableable = Core::find(&d.code).is_some_and(|c| !c.info().can_disable);
        if undisableable && d.code.starts_with("CX") {
            return true;
        }
        let Some(ds) = by_file.get_mut(&d.location.file) else {
            return true;
        };
        let mut hit = false;
        for dir in ds.iter_mut() {
            hit |= suppress::covers(dir, &d.location, &d.code, &d.name);
        }
        !hit
    });
    for f in files
        .iter()
        .filter(|f| f.source.text.contains("cxlint-ignore"))
    {
        for (location, message) in suppress::malformed(f) {
            let help = Core::InvalidSuppression.info().help;
            diags.push(Core::InvalidSuppression.diag(message, location, Some(help.into())));
        }
    }
    let unused = Core::UnusedSuppression.info();
    if sel
        .severity(unused.code, unused.name, unused.severity)
        .is_some()
    {
        for ds in by_file.values() {
            for dir in ds {
                unused_suppressions(sel, dir, &mut diags);
            }
        }
    }
    diags
}

/// CX003 for each key of `dir` that matched nothing, for rules that ran (a
/// disabled rule's suppression is not stale).
fn unused_suppressions(sel: &Selection, dir: &suppress::Directive, diags: &mut Vec<Diagnostic>) {
    for (k, used) in dir.keys.iter().zip(&dir.used) {
        if *used {
            continue;
        }
        let known = sel.registry.find(k);
        if known.is_none() && Core::find(k).is_none() {
            let help = Core::InvalidSuppression.info().help;
            diags.push(Core::InvalidSuppression.diag(
                format!("suppression names unknown rule `{k}`"),
                dir.location.clone(),
                Some(help.into()),
            ));
            continue;
        }
        let message = format!("suppression of `{k}` matches no diagnostic");
        // Only for a rule that ran: a disabled rule's suppression is not stale.
        let ran = known.is_some_and(|r| {
            sel.severity(&r.def.code, &r.def.name, r.def.severity)
                .is_some()
        });
        if ran {
            let help = Core::UnusedSuppression.info().help;
            diags.push(Core::UnusedSuppression.diag(
                message,
                dir.location.clone(),
                Some(help.into()),
            ));
        }
    }
}

/// Severity overrides and enable/disable for core codes.
fn core_settings(sel: &Selection, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.retain_mut(|d| {
        if !d.code.starts_with("CX") {
            return true;
        }
        match sel.severity(&d.code, &d.name.clone(), d.severity) {
            Some(sev) => {
                d.severity = sev;
                true
            }
            None => false,
        }
    });
    diags
}

/// Merge the batches into one report: only named files' findings when files
/// were named, sorted by file, offset and code, each finding once.
pub fn report(
    sel: &Selection,
    parts: Vec<Partial>,
    modules: usize,
    named: Option<&BTreeSet<String>>,
    excluded: &Excluded,
) -> Report {
    let mut report = Report::default();
    // Counted once each: a sorted list is cheaper to build than a set.
    let mut files: Vec<Arc<str>> = Vec::new();
    for p in parts {
        report.diagnostics.extend(p.diagnostics);
        report.errors.extend(p.errors);
        report.sources.extend(p.sources);
        report.secrets.extend(p.secrets);
        report.secret_texts.extend(p.secret_texts);
        files.extend(p.files);
    }
    files.sort_unstable();
    files.dedup();
    if let Some(named) = named {
        // A finding caused by a named file (a `.tfvars` value, a variable
        // default) is reported even when it lies in another file.
        report.diagnostics.retain(|d| {
            named.contains(&*d.location.file)
                || d.related.iter().any(|r| named.contains(&*r.location.file))
        });
    }
    // Excluded files gave context; their own findings and errors are not
    // reported.
    report
        .diagnostics
        .retain(|d| !excluded.matches(&d.location.file));
    report
        .errors
        .retain(|e| e.file.as_deref().is_none_or(|f| !excluded.matches(f)));
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .diagnostics
        .dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
    internal_errors(&mut report);
    keep_used_sources(&mut report);
    let fired: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let core = Core::ALL
        .into_iter()
        .filter(|c| fired.contains(c.code()))
        .map(Core::rule_info);
    let rules = sel
        .registry
        .rules
        .iter()
        .filter(|r| fired.contains(r.def.code.as_str()))
        .map(|r| {
            let mut info = r.info();
            info.url = sel.config.rule_url(r).unwrap_or_default();
            info
        });
    report.rules = core.chain(rules).collect();
    report.summary.files = files.len();
    report.summary.modules = modules;
    report.recount();
    report
}

/// The report's sources: one per file a finding is in, sorted by path.
fn keep_used_sources(report: &mut Report) {
    let used: BTreeSet<&str> = report
        .diagnostics
        .iter()
        .map(|d| &*d.location.file)
        .collect();
    report.sources.retain(|s| used.contains(&*s.path));
    report.sources.sort_by(|a, b| a.path.cmp(&b.path));
    report.sources.dedup_by(|a, b| a.path == b.path);
}

/// Each file uses its nearest config: the findings of the files `owned`
/// says belong to another config's run (`theirs`) replace the ones made
/// under this report's config. Run errors are the same in both runs (the
/// same files were read) and are kept once.
pub fn adopt(report: &mut Report, theirs: Report, owned: &dyn Fn(&str) -> bool) {
    report.diagnostics.retain(|d| !owned(&d.location.file));
    report.diagnostics.extend(
        theirs
            .diagnostics
            .into_iter()
            .filter(|d| owned(&d.location.file)),
    );
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.sources.extend(theirs.sources);
    keep_used_sources(report);
    report.secrets.extend(theirs.secrets);
    report.secret_texts.extend(theirs.secret_texts);
    for info in theirs.rules {
        if !report.rules.iter().any(|r| r.code == info.code) {
            report.rules.push(info);
        }
    }
    let fired: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    report.rules.retain(|r| fired.contains(r.code.as_str()));
    report.recount();
}

/// An internal error (CX006) means the run did not do what was asked: exit
/// code 2, but every other file is still linted and reported.
fn internal_errors(report: &mut Report) {
    let mut extra = Vec::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| Core::InternalError.is(&d.code))
    {
        let file = Some(d.location.file.to_string());
        let known = report
            .errors
            .iter()
            .chain(extra.iter())
            .any(|e: &RunError| e.file == file && e.message.starts_with("internal error"));
        if !known {
            extra.push(RunError {
                file,
                line: None,
                message: d.message.clone(),
            });
        }
    }
    report.errors.extend(extra);
}

/// The config's `exclude` globs, matched against paths relative to the
/// config file's directory (not the working directory).
#[derive(Default)]
pub struct Excluded {
    globs: Option<globset::GlobSet>,
    base: std::path::PathBuf,
    cwd: std::path::PathBuf,
}

impl Excluded {
    pub fn new(config: &crate::config::Config, cwd: &std::path::Path) -> Excluded {
        let mut b = globset::GlobSetBuilder::new();
        for g in &config.exclude {
            // Invalid globs were reported when the config was loaded.
            if let Ok(glob) = globset::Glob::new(g) {
                b.add(glob);
            }
        }
        Excluded {
            globs: (!config.exclude.is_empty())
                .then(|| b.build().ok())
                .flatten(),
            base: config.dir.clone().unwrap_or_else(|| cwd.to_path_buf()),
            cwd: cwd.to_path_buf(),
        }
    }

    /// Whether a file, as shown (relative to the working directory), is
    /// excluded.
    pub fn matches(&self, file: &str) -> bool {
        let Some(globs) = &self.globs else {
            return false;
        };
        let abs = crate::load::normalize(&self.cwd.join(file));
        let base = crate::load::normalize(&self.cwd.join(&self.base));
        match abs.strip_prefix(&base) {
            Ok(rel) => globs.is_match(rel.to_string_lossy().replace('\\', "/")),
            Err(_) => false,
        }
    }
}
