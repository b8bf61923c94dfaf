//! A named file's module may be called from anywhere in its repository: from
//! a directory above it (a root module calling `./modules/x`) or beside it
//! (`envs/prod` calling `../../modules/x`). Those callers are the context
//! that gives the module's variables their values, so they are read too.
//! Without a repository root (a directory holding `.git`) there is no bound,
//! so nothing is added.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::discover::{add_dir_files, Discovered, Options};
use super::follow::sources_in;
use super::normalize;
use crate::parse::FileKind;

/// At most this many configuration files are scanned for module sources;
/// a larger repository is scanned up to it, and CX008 says so
/// (docs/limits.md).
pub const MAX_SCANNED_FILES: usize = 20_000;

/// The limit; debug builds let the test suite lower it
/// (`CXLINT_TEST_MAX_SCANNED`) instead of writing 20,000 files.
fn max_scanned() -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("CXLINT_TEST_MAX_SCANNED")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    MAX_SCANNED_FILES
}

/// Add, as context, the Terraform files of every directory between each of
/// `dirs` and the repository root, and of every directory in the repository
/// that calls one of `dirs` as a local module, directly or through other
/// local modules.
pub fn add(dirs: &[PathBuf], opts: &Options, out: &mut Discovered) {
    let mut roots = BTreeSet::new();
    for dir in dirs {
        let Some(root) = dir.ancestors().find(|a| a.join(".git").exists()) else {
            continue;
        };
        for a in dir.ancestors().skip(1).take_while(|a| a.starts_with(root)) {
            add_nonempty(a, opts, out);
        }
        roots.insert(root.to_path_buf());
    }
    for root in roots {
        let (called_by, truncated) = scan(&root, opts);
        out.callers_truncated |= truncated;
        let mut todo: Vec<PathBuf> = dirs
            .iter()
            .filter(|d| d.starts_with(&root))
            .cloned()
            .collect();
        let mut seen: BTreeSet<PathBuf> = todo.iter().cloned().collect();
        while let Some(d) = todo.pop() {
            for caller in called_by.get(&d).into_iter().flatten() {
                if seen.insert(caller.clone()) {
                    add_nonempty(caller, opts, out);
                    todo.push(caller.clone());
                }
            }
        }
    }
}

fn add_nonempty(dir: &Path, opts: &Options, out: &mut Discovered) {
    if out.dirs.contains_key(dir) {
        return;
    }
    let mut d = Discovered::default();
    add_dir_files(dir, opts, &mut d);
    for (k, files) in d.dirs {
        if !files.is_empty() {
            out.dirs.insert(k, files);
        }
    }
}

/// Called directory → the directories whose configuration files name it as
/// a local module source, over the repository at `root`: what git tracks
/// or could (`.gitignore`d paths such as build output are skipped), never
/// entering `.git/` or `.terraform/`, never following symlinks.
fn scan(root: &Path, opts: &Options) -> (HashMap<PathBuf, Vec<PathBuf>>, bool) {
    let mut called_by: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let dir = e.file_type().is_some_and(|t| t.is_dir());
            !(dir && matches!(e.file_name().to_str(), Some(".git" | ".terraform")))
        })
        .build();
    let mut scanned = 0;
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let kind = match FileKind::from_name(&entry.file_name().to_string_lossy()) {
            Some(k @ (FileKind::Config | FileKind::ConfigJson)) => k,
            _ => continue,
        };
        scanned += 1;
        if scanned > max_scanned() {
            return (called_by, true);
        }
        let Ok(bytes) = opts.policy.read(entry.path(), super::MAX_FILE_BYTES) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let Some(dir) = entry.path().parent() else {
            continue;
        };
        for s in sources_in(kind, text) {
            let target = normalize(&dir.join(s));
            let callers = called_by.entry(target).or_default();
            if !callers.iter().any(|c| c == dir) {
                callers.push(dir.to_path_buf());
            }
        }
    }
    (called_by, false)
}
