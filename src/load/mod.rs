//! The load stage: everything that touches the file system. It finds the
//! files of the run (named paths, directories, standard input, `--var-file`),
//! reads them, follows local module sources found in the text so that
//! directories that call each other are read together, splits the result
//! into independent batches (one or more configurations each), and parses a
//! batch into syntax trees with CX001/CX002/CX006 for what failed.

mod callers;
pub mod discover;
mod follow;
mod read;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, RunError};
use crate::model::File;
use crate::parse::FileKind;
pub use discover::{display_path, io_message};
pub use read::{parse_text, MAX_FILE_BYTES};
use read::{LoadOutcome, ReadResult};

use crate::file_policy::Policy;

/// A file to read: where it is, how to show its path, which syntax.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileEntry {
    pub path: PathBuf,
    pub display: String,
    pub kind: FileKind,
    /// The directory listing said it is a regular file (not a symlink), so
    /// reading it skips one `lstat` (the opened file is checked anyway).
    pub regular: bool,
}

/// What to read.
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    /// `--stdin-filename`: this text stands for that file.
    pub stdin: Option<&'a (PathBuf, Vec<u8>)>,
    /// Texts that replace files on disk (an editor's unsaved documents).
    /// Unlike `stdin` they name nothing to lint; one that is not on disk
    /// joins its directory when that directory is linted.
    pub overlays: &'a [(PathBuf, String)],
    pub var_files: &'a [PathBuf],
    pub cwd: &'a Path,
    /// Read, with each named directory, its callers (as a named file's are:
    /// the directories above it up to the repository root and the ones in
    /// the repository that call it), so a module is seen through the root
    /// that calls it (`cxlint inspect`).
    pub callers: bool,
}

/// Read files, grouped into batches that can be parsed and linted apart.
pub struct Gathered {
    pub batches: Vec<Batch>,
    /// `--var-file` files, parsed: they apply to every root module.
    pub var_files: Vec<File>,
    /// When files were named: only findings located in them (or with a
    /// `related` location in them) are reported.
    pub named: Option<BTreeSet<String>>,
    /// Directories found from the paths (not only reached through a module
    /// source): the roots of the run.
    /// A hash set: every module of every batch is looked up in it.
    pub discovered: foldhash::HashSet<PathBuf>,
    /// Local module sources that name no directory.
    pub missing_sources: BTreeSet<PathBuf>,
    /// Local module sources already read under another path.
    pub aliased_sources: BTreeSet<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<RunError>,
    /// What discovery saw of configs and repository roots.
    pub marks: crate::config::DirMarks,
}

/// The read files of some directories: directory → files with their text.
pub type Batch = Vec<(PathBuf, Vec<(FileEntry, ReadResult)>)>;

/// The number of files of `batch` and their bytes.
pub fn batch_size(batch: &Batch) -> (usize, usize) {
    let files = batch.iter().flat_map(|(_, fs)| fs);
    let bytes = files
        .clone()
        .map(|(_, r)| r.as_ref().map_or(0, String::len))
        .sum();
    (files.count(), bytes)
}

/// Parsed files, grouped by directory.
#[derive(Default)]
pub struct Loaded {
    pub files: Vec<File>,
    /// Directory -> indices into `files`.
    pub dirs: BTreeMap<PathBuf, Vec<usize>>,
}

/// Find and read everything `req` names.
pub fn gather(req: &Request) -> Gathered {
    let policy = policy_for(req);
    let dopts = discover::Options {
        cwd: req.cwd,
        policy: &policy,
        prefetch: req.stdin.is_none() && req.overlays.is_empty(),
    };
    let mut disc = match req.stdin {
        Some((p, _)) => discover_stdin(req, p, &dopts),
        None => {
            let mut d = discover::discover(req.paths, &dopts);
            let dirs = std::mem::take(&mut d.named_dirs);
            callers::add(&dirs, &dopts, &mut d);
            d
        }
    };
    if req.callers {
        let dirs: Vec<PathBuf> = req
            .paths
            .iter()
            .map(|p| normalize(&absolute(p, req.cwd)))
            .filter(|abs| abs.is_dir())
            .collect();
        callers::add(&dirs, &dopts, &mut disc);
    }
    let texts_given: Vec<(PathBuf, Vec<u8>)> = req
        .stdin
        .iter()
        .map(|(p, t)| (absolute(p, req.cwd), t.clone()))
        .chain(
            req.overlays
                .iter()
                .map(|(p, t)| (absolute(p, req.cwd), t.clone().into_bytes())),
        )
        .collect();
    add_unsaved(&mut disc, &texts_given, req.cwd);
    let mut errors = std::mem::take(&mut disc.errors);
    let prefetched = std::mem::take(&mut disc.prefetched);
    let texts = read_dirs(&disc.dirs, &texts_given, &policy, prefetched);
    let followed = follow::follow(texts, &dopts, &texts_given);
    errors.extend(followed.errors);
    let mut diagnostics = Vec::new();
    let var_files = read_var_files(req, &policy, &mut diagnostics, &mut errors);
    if disc.callers_truncated {
        diagnostics.extend(callers_limit(disc.named.as_ref()));
    }
    Gathered {
        batches: follow::components(followed.texts, &followed.edges),
        var_files,
        named: disc.named,
        discovered: disc.dirs.into_keys().collect(),
        marks: disc.marks,
        missing_sources: followed.missing,
        aliased_sources: followed.aliased,
        diagnostics,
        errors,
    }
}

/// CX008 on the first named file: the search for its module's callers
/// stopped at its limit, so callers beyond it gave no context.
fn callers_limit(named: Option<&BTreeSet<String>>) -> Option<Diagnostic> {
    let file = named?.iter().next()?;
    let source = crate::source::SourceFile::new(file.as_str(), "");
    Some(crate::rules::core::Core::LimitReached.diag(
        format!(
            "the search of the repository for modules that call this one stopped after {} configuration files; callers beyond them gave no context",
            callers::MAX_SCANNED_FILES
        ),
        crate::diag::Location::new(&source, 0..0),
        Some("lint the root module's directory as well, or name fewer files".into()),
    ))
}

fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}

/// Overlay files that do not exist on disk yet (a new, unsaved editor
/// buffer) join their directory when it is linted, and are reported on.
/// Files may be read (through a symlink) from the working directory, the
/// paths linted, the `--stdin-filename` directory and the `--var-file`s.
fn policy_for(req: &Request) -> Policy {
    let abs = |p: &PathBuf| normalize(&req.cwd.join(p));
    Policy::new(
        std::iter::once(req.cwd.to_path_buf())
            .chain(req.paths.iter().map(abs))
            .chain(req.stdin.iter().map(|(p, _)| abs(p)))
            .chain(req.var_files.iter().map(abs)),
    )
}

fn add_unsaved(disc: &mut discover::Discovered, overlays: &[(PathBuf, Vec<u8>)], cwd: &Path) {
    for (path, _) in overlays {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            continue;
        };
        let Some(files) = disc.dirs.get_mut(dir) else {
            continue;
        };
        if files.iter().any(|f| f.path == *path) {
            continue;
        }
        let Some(kind) = FileKind::from_name(&name.to_string_lossy()) else {
            continue;
        };
        let display = display_path(path, cwd);
        if let Some(named) = &mut disc.named {
            named.insert(display.clone());
        }
        files.push(FileEntry {
            path: path.clone(),
            display,
            kind,
            regular: false,
        });
        files.sort();
    }
}

/// The stdin file's directory, with the stdin file in it (it may not exist
/// on disk yet); only the stdin file is reported.
fn discover_stdin(req: &Request, p: &Path, dopts: &discover::Options) -> discover::Discovered {
    let mut d = discover::Discovered::default();
    let abs = absolute(p, req.cwd);
    let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    discover::add_dir_files(&dir, dopts, &mut d);
    d.errors.clear();
    callers::add(std::slice::from_ref(&dir), dopts, &mut d);
    let display = display_path(&abs, req.cwd);
    let kind = abs
        .file_name()
        .and_then(|n| FileKind::from_name(&n.to_string_lossy()))
        .unwrap_or(FileKind::Config);
    let files = d.dirs.entry(dir).or_default();
    if !files.iter().any(|f| f.path == abs) {
        files.push(FileEntry {
            path: abs.clone(),
            display: display.clone(),
            kind,
            regular: false,
        });
        files.sort();
    }
    d.named = Some(BTreeSet::from([display]));
    d
}

/// `--var-file` files are read like any other file.
fn read_var_files(
    req: &Request,
    policy: &Policy,
    diags: &mut Vec<Diagnostic>,
    errors: &mut Vec<RunError>,
) -> Vec<File> {
    req.var_files
        .iter()
        .map(|vf| {
            let abs = normalize(&absolute(vf, req.cwd));
            let name = abs
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let kind = if name.ends_with(".json") {
                FileKind::VarsJson
            } else {
                FileKind::Vars
            };
            let entry = FileEntry {
                display: display_path(&abs, req.cwd),
                path: abs,
                kind,
                regular: false,
            };
            let (f, mut d, re) = read::load(&entry, policy);
            // A var file that cannot be read is a run error, said once.
            if re.is_some() {
                d = d.filter(|x| x.code != "CX002");
            }
            diags.extend(d);
            errors.extend(re);
            f
        })
        .collect()
}

/// Read the files of `dirs` in parallel.
fn read_dirs(
    dirs: &BTreeMap<PathBuf, Vec<FileEntry>>,
    given: &[(PathBuf, Vec<u8>)],
    policy: &Policy,
    mut prefetched: foldhash::HashMap<PathBuf, ReadResult>,
) -> BTreeMap<PathBuf, Vec<(FileEntry, ReadResult)>> {
    let entries = dirs.values().flatten();
    let mut read: Vec<Option<ReadResult>> = if prefetched.is_empty() {
        entries.clone().map(|_| None).collect()
    } else {
        entries
            .clone()
            .map(|e| prefetched.remove(&e.path))
            .collect()
    };
    let missing: Vec<(usize, &FileEntry)> = entries
        .enumerate()
        .filter(|(i, _)| read.get(*i).is_some_and(Option::is_none))
        .collect();
    let done = crate::par::map(missing, |(i, e)| {
        let text = given
            .iter()
            .find(|(p, _)| *p == e.path)
            .map(|(_, t)| t.as_slice());
        (i, read::read(e, text, policy))
    });
    for (i, r) in done {
        if let Some(slot) = read.get_mut(i) {
            *slot = Some(r);
        }
    }
    // The results are in the order of the entries: directory by directory
    // (looking each file's directory up was a path comparison per file).
    let mut read = read.into_iter().flatten();
    dirs.iter()
        .map(|(d, fs)| {
            let texts = fs.iter().zip(read.by_ref()).map(|(e, r)| (e.clone(), r));
            (d.clone(), texts.collect())
        })
        .collect()
}

/// Parse a batch (in parallel). Diagnostics and run errors of files that
/// failed go to `diags` and `errors`.
pub fn parse_batch(
    batch: Batch,
    diags: &mut Vec<Diagnostic>,
    errors: &mut Vec<RunError>,
) -> Loaded {
    let entries: Vec<(PathBuf, FileEntry, ReadResult)> = batch
        .into_iter()
        .flat_map(|(d, fs)| fs.into_iter().map(move |(e, r)| (d.clone(), e, r)))
        .collect();
    let bytes: usize = entries
        .iter()
        .map(|(_, _, r)| r.as_ref().map_or(0, String::len))
        .sum();
    let parallel = crate::par::worth_threads(entries.len(), bytes);
    let parsed: Vec<(PathBuf, LoadOutcome)> = crate::par::map_if(parallel, entries, |(d, e, r)| {
        let out = match r {
            Ok(text) => parse_text(e.kind, &e.display, text),
            Err(failed) => *failed,
        };
        (d, out)
    });
    let mut files = Vec::with_capacity(parsed.len());
    // A batch lists each directory's files together.
    let mut dirs: Vec<(PathBuf, Vec<usize>)> = Vec::new();
    for (d, (f, diag, re)) in parsed {
        match dirs.last_mut() {
            Some((last, idx)) if *last == d => idx.push(files.len()),
            _ => dirs.push((d, vec![files.len()])),
        }
        files.push(f);
        diags.extend(diag);
        errors.extend(re);
    }
    let mut map: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (d, idx) in dirs {
        map.entry(d).or_default().extend(idx);
    }
    Loaded { files, dirs: map }
}

/// Parse in-memory `(file name, text)` pairs as one module directory `.`.
pub fn parse_texts(
    files: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
    errors: &mut Vec<RunError>,
) -> Loaded {
    let mut loaded = Loaded::default();
    for (name, text) in files {
        let kind = FileKind::from_name(name).unwrap_or(FileKind::Config);
        let (f, d, re) = parse_text(kind, name, text.clone());
        loaded
            .dirs
            .entry(PathBuf::from("."))
            .or_default()
            .push(loaded.files.len());
        loaded.files.push(f);
        diags.extend(d);
        errors.extend(re);
    }
    loaded
}

/// An absolute path with `.` and `..` resolved.
pub fn normalize(p: &Path) -> PathBuf {
    discover::normalize(p, Path::new("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files read while the walk goes on are read exactly as the ones read
    /// after it: the file policy, size cap and UTF-8 check apply the same.
    #[cfg(unix)]
    #[test]
    fn reading_during_the_walk_reads_what_reading_after_it_reads() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        // More files than the walk holds back before it starts reading.
        let n = crate::par::MIN_ITEMS + 8;
        for i in 0..n {
            let d = r.join(format!("m{}", i % 4));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(
                d.join(format!("f{i}.tf")),
                format!("locals {{ x = {i} }}\n"),
            )
            .unwrap();
        }
        std::fs::write(r.join("m0/bad.tf"), b"x = \"\xff\"\n").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", r.join("m1/outside.tf")).unwrap();
        std::os::unix::fs::symlink(r.join("m2/f2.tf"), r.join("m1/inside.tf")).unwrap();
        std::os::unix::fs::symlink(r.join("nowhere"), r.join("m3/dangling.tf")).unwrap();
        let policy = Policy::new([r.to_path_buf()]);
        let read = |prefetch: bool| {
            let opts = discover::Options {
                cwd: r,
                policy: &policy,
                prefetch,
            };
            let mut d = discover::discover(&[r.to_path_buf()], &opts);
            let pre = std::mem::take(&mut d.prefetched);
            assert_eq!(pre.len(), if prefetch { n + 4 } else { 0 });
            format!("{:?}", read_dirs(&d.dirs, &[], &policy, pre))
        };
        let after = read(false);
        assert!(
            after.contains("not valid UTF-8") && after.contains("symlink"),
            "{after}"
        );
        assert_eq!(read(true), after);
    }
}
