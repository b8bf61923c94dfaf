//! Each file uses the nearest `.cxlint.hcl` at or above its own directory. A
//! run whose files fall under several configs lints once more under each
//! other config (with the same paths, so every file keeps its whole
//! configuration as context) and keeps, for each file, the findings made
//! under its own config.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::CheckArgs;
use crate::config::Nearest;
use crate::diag::Report;
use crate::engine::{self, LintOptions, Stats};
use crate::error::Fatal;
use crate::load::display_path;

/// At most this many other configs are applied in one run: each is a whole
/// lint again, and a hostile tree could hold thousands. Files under further
/// configs are not judged under the wrong one: their findings are left out
/// and CX008 says so (docs/limits.md).
pub const MAX_NESTED_CONFIGS: usize = 32;

/// Lint with `opts`, made with the config `primary` (the one found from what
/// is linted), then under every other config some linted file falls under.
/// `--config FILE` applies one file to all.
pub(super) fn lint(
    opts: &LintOptions,
    primary: Option<&Path>,
    args: &CheckArgs,
) -> Result<(Report, Stats), Fatal> {
    let (mut report, mut stats) = engine::lint(opts);
    if args.config.is_some() {
        return Ok((report, stats));
    }
    let nearest = Nearest::with_marks(std::mem::take(&mut stats.marks));
    for (i, (config, files)) in owners(&stats.file_paths, &opts.cwd, primary, nearest)
        .into_iter()
        .enumerate()
    {
        if i >= MAX_NESTED_CONFIGS {
            not_applied(&mut report, config.as_deref(), &files, &opts.cwd);
            continue;
        }
        let found = config.map(|p| {
            let d = display_path(&p, &opts.cwd);
            (p, d)
        });
        let (registry, cfg) = super::setup_with(found.as_ref(), &args.rules_dirs, &opts.cwd)?;
        let sub = LintOptions {
            config: &cfg,
            registry: &registry,
            ..opts.clone()
        };
        let (theirs, _) = engine::lint(&sub);
        crate::finalize::adopt(&mut report, theirs, &|f| files.contains(f));
    }
    Ok((report, stats))
}

/// Leave out the findings of `files`, whose config was not applied, and say
/// so once, on the first of them (CX008).
fn not_applied(report: &mut Report, config: Option<&Path>, files: &BTreeSet<Arc<str>>, cwd: &Path) {
    crate::finalize::adopt(report, Report::default(), &|f| files.contains(f));
    let Some(first) = files.iter().next() else {
        return;
    };
    let name = config.map_or_else(|| "no config".to_string(), |p| display_path(p, cwd));
    let source = crate::source::SourceFile::new(&**first, "");
    report.diagnostics.push(crate::rules::core::Core::LimitReached.diag(
        format!(
            "not judged: this file and {} more fall under {name}, beyond the {MAX_NESTED_CONFIGS} configs a run applies; their findings are left out",
            files.len() - 1
        ),
        crate::diag::Location::new(&source, 0..0),
        Some("run cxlint on that directory on its own".into()),
    ));
    let core = crate::rules::core::Core::LimitReached;
    if !report.rules.iter().any(|r| core.is(&r.code)) {
        report.rules.push(core.rule_info());
    }
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.recount();
}

/// The linted files whose nearest config is not `primary`, by that config
/// (`None`: no config applies to them).
/// `files` are sorted, so the files of a directory come together and the
/// directory is looked up once.
fn owners(
    files: &[Arc<str>],
    cwd: &Path,
    primary: Option<&Path>,
    mut nearest: Nearest,
) -> BTreeMap<Option<PathBuf>, BTreeSet<Arc<str>>> {
    let mut out: BTreeMap<Option<PathBuf>, BTreeSet<Arc<str>>> = BTreeMap::new();
    let mut last: Option<(&str, Option<PathBuf>)> = None;
    for f in files {
        let dir = f.rsplit_once('/').map_or("", |(d, _)| d);
        let own = match &last {
            Some((d, own)) if *d == dir => own.clone(),
            _ => {
                let abs = crate::load::normalize(&cwd.join(&**f));
                let own = nearest.of(abs.parent().unwrap_or(&abs));
                last = Some((dir, own.clone()));
                own
            }
        };
        if own.as_deref() != primary {
            out.entry(own).or_default().insert(f.clone());
        }
    }
    out
}
