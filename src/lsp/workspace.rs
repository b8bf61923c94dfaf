//! Open documents, linting a directory with them laid over the disk, and
//! what was published where (so a fixed problem's diagnostics are cleared).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::Uri;

use super::convert::{self, Ctx};
use super::pos::Encoding;
use super::settings::{SettingsCache, SettingsError};
use crate::diag::Diagnostic;
use crate::engine::{self, LintOptions};
use crate::parse::FileKind;

pub struct Document {
    pub uri: Uri,
    pub text: String,
    pub version: i32,
}

/// One finding as linted (for code actions) and as published.
#[derive(Clone)]
pub struct Found {
    pub diag: Option<Diagnostic>,
    pub lsp: lsp_types::Diagnostic,
}

/// The outcome of one lint, or of loading one config: findings per file,
/// and the texts their byte spans refer to.
#[derive(Default)]
pub struct Outcome {
    pub files: BTreeMap<PathBuf, Vec<Found>>,
    pub texts: BTreeMap<PathBuf, Arc<str>>,
    pub cwd: PathBuf,
    /// Every file a finding points into (related locations and fix edits too).
    pub touched: BTreeSet<PathBuf>,
}

#[derive(Default)]
pub struct Workspace {
    pub enc: Encoding,
    pub docs: BTreeMap<PathBuf, Document>,
    pub settings: SettingsCache,
    /// Keyed by the linted directory, or by the config/rule file for
    /// settings errors.
    pub outcomes: BTreeMap<PathBuf, Outcome>,
    /// What each file's diagnostics were last published as, and under
    /// which URI (a file opened later may be named differently by the client).
    published: BTreeMap<PathBuf, (String, Vec<lsp_types::Diagnostic>)>,
    /// Config and rule files with problems (keys of `outcomes`).
    settings_files: BTreeSet<PathBuf>,
}

/// A file the language server lints.
pub fn is_lintable(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| FileKind::from_name(&n.to_string_lossy()))
        .is_some()
}

impl Workspace {
    pub fn new(enc: Encoding) -> Self {
        Workspace {
            enc,
            ..Workspace::default()
        }
    }

    /// Lint the directory of a document; returns the files whose diagnostics
    /// changed (to publish) and the messages to log.
    pub fn lint_dir(&mut self, dir: &Path) -> (BTreeSet<PathBuf>, Vec<String>) {
        let mut log = Vec::new();
        let settings = self.settings.for_dir(dir);
        let cwd = settings
            .config
            .dir
            .clone()
            .unwrap_or_else(|| dir.to_path_buf());
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.retain(|p| is_lintable(p) && p.is_file());
        paths.sort();
        let overlays: Vec<(PathBuf, String)> = self
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), d.text.clone()))
            .collect();
        // A directory whose only file is an unsaved buffer: lint that
        // buffer as standard input is linted.
        let stdin = if paths.is_empty() {
            overlays
                .iter()
                .find(|(p, _)| p.parent() == Some(dir))
                .cloned()
        } else {
            None
        };
        if paths.is_empty() && stdin.is_none() {
            return (self.replace(dir.to_path_buf(), Outcome::default()), log);
        }
        let opts = LintOptions {
            paths,
            stdin: stdin.map(|(p, t)| (p, t.into_bytes())),
            overlays,
            var_files: Vec::new(),
            cwd: cwd.clone(),
            config: &settings.config,
            registry: &settings.registry,
            enable: Vec::new(),
            disable: Vec::new(),
            only: None,
        };
        // A bug in a rule must not take the editor's diagnostics down with it.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // Test hook (debug builds only): a bug that escapes the engine.
            #[cfg(debug_assertions)]
            if let Some(name) = std::env::var_os("CXLINT_TEST_LSP_PANIC_IN") {
                if dir.file_name() == Some(name.as_os_str()) {
                    panic!("CXLINT_TEST_LSP_PANIC_IN: simulated panic in a lint");
                }
            }
            engine::lint(&opts)
        }));
        let report = match run {
            Ok((report, _)) => report,
            Err(_) => {
                log.push(format!(
                    "internal error while linting {} (this is a bug in cxlint; please report it)",
                    dir.display()
                ));
                return (BTreeSet::new(), log);
            }
        };
        for e in &report.errors {
            let at = e.file.as_deref().unwrap_or("");
            log.push(format!("{at}: {}", e.message));
        }
        let outcome = self.outcome(report, cwd);
        let mut changed = self.replace(dir.to_path_buf(), outcome);
        changed.extend(self.settings_outcomes());
        (changed, log)
    }

    fn outcome(&self, report: crate::diag::Report, cwd: PathBuf) -> Outcome {
        let mut out = Outcome {
            cwd,
            ..Outcome::default()
        };
        for s in &report.sources {
            out.texts
                .insert(convert::abs_path(&out.cwd, &s.path), s.text.clone());
        }
        let text = |p: &Path| -> Option<Arc<str>> {
            out.texts
                .get(p)
                .cloned()
                .or_else(|| self.docs.get(p).map(|d| Arc::from(d.text.as_str())))
                .or_else(|| std::fs::read_to_string(p).ok().map(Arc::from))
        };
        let ctx = Ctx {
            cwd: &out.cwd,
            enc: self.enc,
            text: &text,
            indexes: Default::default(),
        };
        let mut files: BTreeMap<PathBuf, Vec<Found>> = BTreeMap::new();
        let mut touched = BTreeSet::new();
        for d in report.diagnostics {
            let lsp = ctx.diagnostic(&d);
            let path = convert::abs_path(&out.cwd, &d.location.file);
            let others = d.related.iter().map(|r| &r.location.file).chain(
                d.fix
                    .iter()
                    .flat_map(|f| f.edits.iter().map(|e| &e.location.file)),
            );
            touched.extend(others.map(|f| convert::abs_path(&out.cwd, f)));
            touched.insert(path.clone());
            files
                .entry(path)
                .or_default()
                .push(Found { diag: Some(d), lsp });
        }
        out.files = files;
        out.touched = touched;
        out
    }

    /// Config and rule file problems as outcomes of their own.
    fn settings_outcomes(&mut self) -> BTreeSet<PathBuf> {
        let errors: Vec<SettingsError> = self.settings.all_errors().cloned().collect();
        let mut by_file: BTreeMap<PathBuf, Vec<Found>> = BTreeMap::new();
        for e in errors {
            let line = e.line.saturating_sub(1) as u32;
            let range = lsp_types::Range::new(
                lsp_types::Position::new(line, 0),
                lsp_types::Position::new(line + u32::from(e.line == 0), 0),
            );
            let lsp = lsp_types::Diagnostic {
                range,
                severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                source: Some(convert::SOURCE.into()),
                message: format!("invalid cxlint configuration: {}", e.message),
                ..Default::default()
            };
            by_file
                .entry(e.file)
                .or_default()
                .push(Found { diag: None, lsp });
        }
        let mut changed = BTreeSet::new();
        let stale: Vec<PathBuf> = std::mem::take(&mut self.settings_files)
            .into_iter()
            .filter(|k| !by_file.contains_key(k))
            .collect();
        for k in stale {
            changed.extend(self.replace(k.clone(), Outcome::default()));
            self.outcomes.remove(&k);
        }
        for (file, found) in by_file {
            self.settings_files.insert(file.clone());
            let mut o = Outcome::default();
            o.files.insert(file.clone(), found);
            changed.extend(self.replace(file, o));
        }
        changed
    }

    /// Store an outcome; the files it had or has findings in must be republished.
    fn replace(&mut self, key: PathBuf, new: Outcome) -> BTreeSet<PathBuf> {
        let mut changed: BTreeSet<PathBuf> = new.files.keys().cloned().collect();
        if let Some(old) = self.outcomes.insert(key, new) {
            changed.extend(old.files.into_keys());
        }
        changed
    }

    /// What to publish for `file`: every outcome's findings there, once
    /// each. `None` when the client already shows exactly that.
    pub fn diagnostics_for(&mut self, file: &Path) -> Option<(Uri, Vec<lsp_types::Diagnostic>)> {
        let mut out: Vec<lsp_types::Diagnostic> = Vec::new();
        for o in self.outcomes.values() {
            for f in o.files.get(file).into_iter().flatten() {
                if !out.contains(&f.lsp) {
                    out.push(f.lsp.clone());
                }
            }
        }
        let uri = self.uri_of(file)?;
        let shown = match self.published.get(file) {
            Some((u, d)) => u == uri.as_str() && *d == out,
            None => out.is_empty(),
        };
        if shown {
            return None;
        }
        if out.is_empty() {
            self.published.remove(file);
        } else {
            self.published
                .insert(file.to_path_buf(), (uri.as_str().to_string(), out.clone()));
        }
        Some((uri, out))
    }

    /// Findings in `file` with the outcome they came from.
    pub fn found_in<'a>(
        &'a self,
        file: &'a Path,
    ) -> impl Iterator<Item = (&'a Outcome, &'a Found)> {
        self.outcomes
            .values()
            .flat_map(move |o| o.files.get(file).into_iter().flatten().map(move |f| (o, f)))
    }

    /// The URI to publish a file's diagnostics under: the client's own for
    /// an open document.
    pub fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.docs.get(path) {
            Some(d) => Some(d.uri.clone()),
            None => convert::path_to_uri(path),
        }
    }

    /// Other linted directories whose last findings pointed into one of
    /// `changed` (a root module whose finding relates to a called module's
    /// file): they are linted again so that the change shows there too.
    pub fn dependents(&self, changed: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        self.outcomes
            .iter()
            .filter(|(k, _)| !changed.contains(*k) && !self.settings_files.contains(*k))
            .filter(|(_, o)| {
                o.touched
                    .iter()
                    .any(|p| p.parent().is_some_and(|d| changed.contains(d)))
            })
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Directories to lint after a change on disk: those of open documents.
    pub fn open_dirs(&self) -> BTreeSet<PathBuf> {
        self.docs
            .keys()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect()
    }
}
