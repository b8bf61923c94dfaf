//! `lint()`: load → graph → run → finalize, with no rule knowledge of its
//! own. Batches (directories joined by local module calls) are parsed,
//! linted and dropped one at a time, so peak memory follows the largest
//! configuration, not the whole tree.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{Diagnostic, Report, RunError};
use crate::finalize::{self, Partial};
use crate::graph::{self, Scope};
use crate::load::{self, Batch, Gathered, Loaded};
use crate::model::File;
use crate::rules::select::Selection;
use crate::rules::Registry;
use crate::run;

pub use crate::load::MAX_FILE_BYTES;

/// What to lint and how.
#[derive(Clone)]
pub struct LintOptions<'a> {
    pub paths: Vec<PathBuf>,
    /// `--stdin-filename`: lint this text as if it were that file.
    pub stdin: Option<(PathBuf, Vec<u8>)>,
    /// Texts that replace files on disk (an editor's unsaved documents).
    pub overlays: Vec<(PathBuf, String)>,
    pub var_files: Vec<PathBuf>,
    pub cwd: PathBuf,
    pub config: &'a Config,
    pub registry: &'a Registry,
    /// Codes or names switched on/off on the command line.
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    /// `--only` selection, if given.
    pub only: Option<Vec<String>>,
}

impl<'a> LintOptions<'a> {
    fn selection(&self) -> Selection<'_> {
        Selection {
            config: self.config,
            registry: self.registry,
            enable: &self.enable,
            disable: &self.disable,
            only: self.only.as_deref(),
        }
    }
}

/// Time spent per stage, for `--stats`.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub files: usize,
    pub modules: usize,
    pub bytes: usize,
    pub instances: usize,
    pub discover: Duration,
    pub parse: Duration,
    pub evaluate: Duration,
    pub rules: Duration,
    /// The files linted (context files included), as displayed.
    pub file_paths: Vec<std::sync::Arc<str>>,
    /// What discovery saw of configs and repository roots (for the nested
    /// configs' lookup).
    pub marks: crate::config::DirMarks,
}

/// Lint according to `opts`. Never panics on input.
pub fn lint(opts: &LintOptions) -> (Report, Stats) {
    let sel = opts.selection();
    let mut stats = Stats::default();
    let t0 = Instant::now();
    let exclude = finalize::Excluded::new(opts.config, &opts.cwd);
    let paths: Vec<PathBuf> = match &opts.stdin {
        Some(_) => Vec::new(),
        None => opts.paths.clone(),
    };
    let gathered = load::gather(&load::Request {
        paths: &paths,
        stdin: opts.stdin.as_ref(),
        overlays: &opts.overlays,
        var_files: &opts.var_files,
        cwd: &opts.cwd,
        callers: false,
    });
    stats.discover = t0.elapsed();
    let Gathered {
        batches,
        var_files,
        named,
        discovered,
        missing_sources,
        aliased_sources,
        diagnostics,
        errors,
        marks,
    } = gathered;
    stats.marks = marks;
    let scope = Scope {
        discovered: Some(&discovered),
        named: named.as_ref(),
        missing: &missing_sources,
        aliased: &aliased_sources,
    };
    // Batches run side by side, unless a handful of small files would only
    // pay for starting threads.
    let (files, bytes) = batches
        .iter()
        .map(load::batch_size)
        .fold((0, 0), |(f, b), (f2, b2)| (f + f2, b + b2));
    let parallel = batches.len() > 1 && crate::par::worth_threads(files, bytes);
    let results: Vec<(Partial, Stats)> = crate::par::map_if(parallel, batches, |b| {
        lint_batch(&sel, b, &scope, &var_files)
    });
    let mut parts = vec![Partial {
        diagnostics,
        errors,
        ..Partial::default()
    }];
    let mut file_paths = Vec::new();
    for (p, st) in results {
        file_paths.extend(p.files.iter().cloned());
        parts.push(p);
        stats.bytes += st.bytes;
        stats.instances += st.instances;
        stats.modules += st.modules;
        stats.parse += st.parse;
        stats.evaluate += st.evaluate;
        stats.rules += st.rules;
    }
    let report = finalize::report(&sel, parts, stats.modules, named.as_ref(), &exclude);
    stats.files = report.summary.files;
    file_paths.sort_unstable();
    file_paths.dedup();
    stats.file_paths = file_paths;
    (report, stats)
}

/// Parse and lint one batch.
fn lint_batch(
    sel: &Selection,
    batch: Batch,
    scope: &Scope,
    var_files: &[File],
) -> (Partial, Stats) {
    let t = Instant::now();
    let mut diags = Vec::new();
    let mut errors = Vec::new();
    let loaded = load::parse_batch(batch, &mut diags, &mut errors);
    let parse = t.elapsed();
    let (part, mut stats) = lint_loaded(sel, &loaded, scope, var_files, diags, errors);
    stats.parse = parse;
    (part, stats)
}

/// Lint the files of one module given as `(file name, text)` pairs, without
/// touching the file system: the same stages as [`lint`] after reading.
/// `.tfvars` files among them are the module's variable files. Local module
/// calls are not followed (there is no directory to read them from). Never
/// panics on input.
pub fn lint_texts(files: &[(String, String)], registry: &Registry, config: &Config) -> Report {
    let sel = Selection {
        config,
        registry,
        enable: &[],
        disable: &[],
        only: None,
    };
    let mut diags = Vec::new();
    let mut errors = Vec::new();
    let loaded = load::parse_texts(files, &mut diags, &mut errors);
    let missing = BTreeSet::new();
    let scope = Scope {
        discovered: None,
        named: None,
        missing: &missing,
        aliased: &missing,
    };
    let (part, stats) = lint_loaded(&sel, &loaded, &scope, &[], diags, errors);
    finalize::report(
        &sel,
        vec![part],
        stats.modules,
        None,
        &finalize::Excluded::default(),
    )
}

/// graph → run → finalize for parsed files.
fn lint_loaded(
    sel: &Selection,
    loaded: &Loaded,
    scope: &Scope,
    var_files: &[File],
    mut diags: Vec<Diagnostic>,
    errors: Vec<RunError>,
) -> (Partial, Stats) {
    let t = Instant::now();
    let (graph, graph_diags) = graph::build(loaded, scope);
    diags.extend(graph_diags);
    let out = run::run(&graph, sel, var_files);
    let evaluate = t.elapsed();
    let t = Instant::now();
    diags.extend(out.core);
    let secrets = crate::secrets::collect(&graph.files, var_files, &graph.modules);
    let diagnostics = finalize::batch(sel, &graph.files, out.findings, diags);
    let used: BTreeSet<&str> = diagnostics.iter().map(|d| &*d.location.file).collect();
    let sources = graph
        .files
        .iter()
        .copied()
        .chain(var_files.iter())
        .filter(|f| used.contains(&*f.source.path))
        .map(|f| f.source.clone())
        .collect();
    let stats = Stats {
        modules: graph.modules.iter().filter(|m| m.is_module()).count(),
        bytes: graph.files.iter().map(|f| f.source.text.len()).sum(),
        instances: out.instances,
        evaluate,
        rules: t.elapsed(),
        ..Stats::default()
    };
    let part = Partial {
        files: graph.files.iter().map(|f| f.source.path.clone()).collect(),
        diagnostics,
        errors,
        sources,
        secrets: secrets.spans,
        secret_texts: secrets.texts,
    };
    (part, stats)
}
