//! The graph stage: modules built once from the parsed files of a batch, the
//! local module calls between them (CX004 for a source that names no
//! directory), and the root modules each configuration starts from.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location};
use crate::load::{normalize, Loaded};
use crate::model::{File, Module};
use crate::rules::core::Core;

/// The modules of a batch and how they call each other.
pub struct Graph<'l> {
    pub modules: Vec<Module<'l>>,
    pub by_dir: HashMap<&'l Path, usize>,
    /// Modules linted as roots: called by no one, named, or only in a cycle.
    pub roots: Vec<usize>,
    /// The files of the modules kept.
    pub files: Vec<&'l File>,
}

/// What decides which modules are kept and which are roots.
pub struct Scope<'a> {
    /// Directories found from the paths; `None`: every directory counts.
    pub discovered: Option<&'a foldhash::HashSet<PathBuf>>,
    pub named: Option<&'a BTreeSet<String>>,
    /// Local module sources that name no directory (CX004).
    pub missing: &'a BTreeSet<PathBuf>,
    /// Local module sources already read under another path (CX008).
    pub aliased: &'a BTreeSet<PathBuf>,
}

/// Build the graph of `loaded`. Directories that the text scan brought in
/// but no module call of a discovered directory reaches (a `source = "./..."`
/// that was not a module source) are dropped, so only what is linted counts.
pub fn build<'l>(loaded: &'l Loaded, scope: &Scope) -> (Graph<'l>, Vec<Diagnostic>) {
    let all = build_modules(loaded);
    let mut diags = missing_sources(&all, scope.missing);
    diags.extend(aliased_sources(&all, scope.aliased));
    let keep: BTreeSet<usize> = match scope.discovered {
        Some(discovered) => {
            let by_dir = index(loaded, &all);
            let from: Vec<usize> = (0..all.len())
                .filter(|i| all.get(*i).is_some_and(|m| discovered.contains(&m.dir)))
                .collect();
            reachable(&all, &by_dir, &from)
        }
        None => (0..all.len()).collect(),
    };
    let modules: Vec<Module<'l>> = all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, m)| m)
        .collect();
    let by_dir = index(loaded, &modules);
    let files = modules
        .iter()
        .filter_map(|m| loaded.dirs.get(&m.dir))
        .flatten()
        .filter_map(|i| loaded.files.get(*i))
        .collect();
    let roots = roots(&modules, &by_dir, scope.named);
    let graph = Graph {
        modules,
        by_dir,
        roots,
        files,
    };
    (graph, diags)
}

impl<'l> Graph<'l> {
    /// The modules a root reaches, the root first.
    pub fn configuration(&self, root: usize) -> Vec<&Module<'l>> {
        let mut order = vec![root];
        let reach = reachable(&self.modules, &self.by_dir, &[root]);
        order.extend(reach.into_iter().filter(|i| *i != root));
        order.iter().filter_map(|i| self.modules.get(*i)).collect()
    }

    /// The module a local call of `module` leads to.
    pub fn callee(&self, module: &Module, source: &str) -> Option<usize> {
        let dir = normalize(&module.dir.join(source));
        self.by_dir.get(dir.as_path()).copied()
    }
}

fn build_modules(loaded: &Loaded) -> Vec<Module<'_>> {
    let dirs: Vec<_> = loaded.dirs.iter().collect();
    crate::par::map(dirs, |(dir, idx)| {
        let files: Vec<&File> = idx.iter().filter_map(|i| loaded.files.get(*i)).collect();
        let display = files
            .first()
            .map(|f| {
                f.source
                    .path
                    .rsplit_once('/')
                    .map(|(d, _)| d.to_string())
                    .unwrap_or_else(|| ".".into())
            })
            .unwrap_or_default();
        Module::build(dir.clone(), display, &files)
    })
}

/// Module index by directory, keyed by the loaded directories' paths.
fn index<'l>(loaded: &'l Loaded, modules: &[Module]) -> HashMap<&'l Path, usize> {
    modules
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            loaded
                .dirs
                .get_key_value(&m.dir)
                .map(|(d, _)| (d.as_path(), i))
        })
        .collect()
}

/// CX004 for each call whose local source names no directory.
fn missing_sources(modules: &[Module], missing: &BTreeSet<PathBuf>) -> Vec<Diagnostic> {
    let mut found: Vec<(Location, String)> = Vec::new();
    for m in modules {
        for c in &m.calls {
            let Some(src) = c.local_source() else {
                continue;
            };
            if !missing.contains(&normalize(&m.dir.join(src))) {
                continue;
            }
            let span = c
                .block
                .body
                .attribute("source")
                .map(|a| a.value.span.clone())
                .unwrap_or_else(|| c.block.header_span());
            let message = format!(
                "module `{}`: source directory `{src}` does not exist",
                c.name
            );
            found.push((Location::new(&c.file.source, span), message));
        }
    }
    found.sort_by(|a, b| (&a.0.file, a.0.span.start).cmp(&(&b.0.file, b.0.span.start)));
    found.dedup();
    let help = Core::ModuleSourceMissing.info().help;
    found
        .into_iter()
        .map(|(loc, msg)| Core::ModuleSourceMissing.diag(msg, loc, Some(help.into())))
        .collect()
}

/// CX008 for each call whose source is a directory already read under
/// another path: each directory is read once.
fn aliased_sources(modules: &[Module], aliased: &BTreeSet<PathBuf>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in modules {
        for c in &m.calls {
            let Some(src) = c.local_source() else {
                continue;
            };
            if aliased.contains(&normalize(&m.dir.join(src))) {
                let loc = Location::new(&c.file.source, c.block.header_span());
                let msg = format!(
                    "limit reached: module `{}`: `{src}` is a directory already read under another path (through a symlink); each directory is read once, so it is not followed again",
                    c.name
                );
                out.push(Core::LimitReached.diag(msg, loc, None));
            }
        }
    }
    out
}

fn roots(
    modules: &[Module],
    by_dir: &HashMap<&Path, usize>,
    named: Option<&BTreeSet<String>>,
) -> Vec<usize> {
    let called: BTreeSet<usize> = modules
        .iter()
        .flat_map(|m| {
            m.calls
                .iter()
                .filter_map(|c| c.local_source().map(|s| normalize(&m.dir.join(s))))
                .collect::<Vec<_>>()
        })
        .filter_map(|d| by_dir.get(d.as_path()).copied())
        .collect();
    let is_named = |m: &Module| {
        named.is_some_and(|named| {
            m.files
                .iter()
                .chain(m.var_files.iter())
                .any(|f| named.contains(&*f.source.path))
        })
    };
    let mut roots: Vec<usize> = (0..modules.len())
        .filter(|i| {
            modules
                .get(*i)
                .is_some_and(|m| m.is_module() && (!called.contains(i) || is_named(m)))
        })
        .collect();
    // Modules that only call each other (a cycle with no root) still get linted.
    let reach = reachable(modules, by_dir, &roots);
    for (i, m) in modules.iter().enumerate() {
        if m.is_module() && !reach.contains(&i) {
            roots.push(i);
        }
    }
    roots.sort();
    roots.dedup();
    roots
}

fn reachable(
    modules: &[Module],
    by_dir: &HashMap<&Path, usize>,
    from: &[usize],
) -> BTreeSet<usize> {
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut stack: Vec<usize> = from.to_vec();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        let Some(m) = modules.get(i) else { continue };
        for c in &m.calls {
            if let Some(s) = c.local_source() {
                if let Some(&j) = by_dir.get(normalize(&m.dir.join(s)).as_path()) {
                    stack.push(j);
                }
            }
        }
    }
    seen
}
