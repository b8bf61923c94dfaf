//! Following local module sources before parsing: the sources are found in
//! the text, so that directories that call each other are read (once) and
//! linted together, and the batches they form can be parsed and dropped one
//! at a time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::discover::{self, Discovered, FileEntry};
use super::read::ReadResult;
use super::{normalize, read_dirs, Batch};
use crate::diag::RunError;
use crate::parse::FileKind;

type Texts = BTreeMap<PathBuf, Vec<(FileEntry, ReadResult)>>;

pub struct Followed {
    pub texts: Texts,
    /// Caller directory → called directory.
    pub edges: Vec<(PathBuf, PathBuf)>,
    /// Sources that name no directory.
    pub missing: BTreeSet<PathBuf>,
    /// Sources that name a directory already read under another path
    /// (through a symlink): not followed again.
    pub aliased: BTreeSet<PathBuf>,
    pub errors: Vec<RunError>,
}

/// Read the directories that local module sources in `texts` name, then the
/// ones those name, until none is new.
pub fn follow(
    mut texts: Texts,
    dopts: &discover::Options,
    given: &[(PathBuf, Vec<u8>)],
) -> Followed {
    let mut pending: Vec<PathBuf> = texts.keys().cloned().collect();
    let mut seen = crate::budget::SeenDirs::new(texts.keys());
    let mut edges = Vec::new();
    let mut missing = BTreeSet::new();
    let mut aliased = BTreeSet::new();
    let mut errors = Vec::new();
    while !pending.is_empty() {
        let mut extra = Discovered::default();
        for dir in &pending {
            let Some(files) = texts.get(dir) else {
                continue;
            };
            for target in local_sources(dir, files) {
                if !texts.contains_key(&target) && !extra.dirs.contains_key(&target) {
                    if target.is_dir() {
                        // Two symlinks to `.` would double the set per level.
                        if !seen.first_visit(&target) {
                            aliased.insert(target);
                            continue;
                        }
                        discover::add_dir_files(&target, dopts, &mut extra);
                    } else {
                        missing.insert(target);
                        continue;
                    }
                }
                edges.push((dir.clone(), target));
            }
        }
        errors.append(&mut extra.errors);
        let more = read_dirs(&extra.dirs, given, dopts.policy);
        pending = more.keys().cloned().collect();
        texts.extend(more);
    }
    Followed {
        texts,
        edges,
        missing,
        aliased,
        errors,
    }
}

/// Directories that the configuration files of `dir` name as local module
/// sources, found in the text. Any `source = "./..."` counts: grouping
/// directories a little too eagerly costs nothing; the module calls
/// themselves are read from the parsed files.
fn local_sources(dir: &Path, files: &[(FileEntry, ReadResult)]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (e, r) in files {
        let Ok(text) = r else { continue };
        for s in sources_in(e.kind, text) {
            out.push(normalize(&dir.join(s)));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The local module sources (`./x`, `../x`) a configuration file's text
/// names, as written.
pub(super) fn sources_in(kind: FileKind, text: &str) -> Vec<&str> {
    use std::sync::OnceLock;
    static HCL: OnceLock<Option<regex::Regex>> = OnceLock::new();
    static JSON: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = match kind {
        FileKind::Config => {
            HCL.get_or_init(|| regex::Regex::new(r#"\bsource\s*=\s*"(\.\.?(?:/[^"]*)?)""#).ok())
        }
        FileKind::ConfigJson => {
            JSON.get_or_init(|| regex::Regex::new(r#""source"\s*:\s*"(\.\.?(?:/[^"]*)?)""#).ok())
        }
        _ => return Vec::new(),
    };
    let Some(re) = re else { return Vec::new() };
    if !text.contains("source") {
        return Vec::new();
    }
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect()
}

/// Split the directories into batches connected by `edges` (union-find),
/// ordered by their first directory.
pub fn components(texts: Texts, edges: &[(PathBuf, PathBuf)]) -> Vec<Batch> {
    let index: HashMap<&Path, usize> = texts
        .keys()
        .enumerate()
        .map(|(i, d)| (d.as_path(), i))
        .collect();
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    for (a, b) in edges {
        if let (Some(&x), Some(&y)) = (index.get(a.as_path()), index.get(b.as_path())) {
            let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
            if rx != ry {
                let (lo, hi) = if rx < ry { (rx, ry) } else { (ry, rx) };
                if let Some(slot) = parent.get_mut(hi) {
                    *slot = lo;
                }
            }
        }
    }
    drop(index);
    let mut groups: BTreeMap<usize, Batch> = BTreeMap::new();
    for (i, (dir, files)) in texts.into_iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push((dir, files));
    }
    groups.into_values().collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = p;
    }
    i
}
