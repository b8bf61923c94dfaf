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

/// Lint with `opts`, made with the config `primary` (the one found from what
/// is linted), then under every other config some linted file falls under.
/// `--config FILE` applies one file to all.
pub(super) fn lint(
    opts: &LintOptions,
    primary: Option<&Path>,
    args: &CheckArgs,
) -> Result<(Report, Stats), Fatal> {
    let (mut report, stats) = engine::lint(opts);
    if args.config.is_some() {
        return Ok((report, stats));
    }
    for (config, files) in owners(&stats.file_paths, &opts.cwd, primary) {
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

/// The linted files whose nearest config is not `primary`, by that config
/// (`None`: no config applies to them).
fn owners(
    files: &[Arc<str>],
    cwd: &Path,
    primary: Option<&Path>,
) -> BTreeMap<Option<PathBuf>, BTreeSet<Arc<str>>> {
    let mut nearest = Nearest::default();
    let mut out: BTreeMap<Option<PathBuf>, BTreeSet<Arc<str>>> = BTreeMap::new();
    for f in files {
        let abs = crate::load::normalize(&cwd.join(&**f));
        let own = nearest.of(abs.parent().unwrap_or(&abs));
        if own.as_deref() != primary {
            out.entry(own).or_default().insert(f.clone());
        }
    }
    out
}
