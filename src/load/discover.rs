//! Find the files to lint and group them into modules (one per directory).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::FileEntry;
use crate::diag::RunError;
use crate::parse::FileKind;

/// The outcome of discovery: module directories with their files.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Directory -> its Terraform files, sorted by path.
    pub dirs: BTreeMap<PathBuf, Vec<FileEntry>>,
    /// When files were named on the command line: only these are reported.
    pub named: Option<BTreeSet<String>>,
    /// The directories of the named files: their callers are context too
    /// (`load::callers`).
    pub named_dirs: Vec<PathBuf>,
    /// The search for callers stopped at its limit (`load::callers`).
    pub callers_truncated: bool,
    pub errors: Vec<RunError>,
    /// What the walk saw of configs and repository roots.
    pub marks: crate::config::DirMarks,
    /// Files read while the walk went on, by path.
    pub prefetched: foldhash::HashMap<PathBuf, super::read::ReadResult>,
}

pub struct Options<'a> {
    pub cwd: &'a Path,
    /// What may be read (`src/file_policy.rs`).
    pub policy: &'a crate::file_policy::Policy,
    /// Read the files of a large tree while walking it (no text is given
    /// for any file: no standard input, no editor overlays).
    pub prefetch: bool,
}

/// The path as shown to users: relative to `cwd` when below it, `/` separators.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    match plain_relative(path, cwd) {
        Some(rel) => rel.to_string(),
        None => display_by_components(path, cwd),
    }
}

fn display_by_components(path: &Path, cwd: &Path) -> String {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// The common case of [`display_path`] without splitting both paths into
/// components (discovery shows every file): `path` is `cwd`, `/`, then a
/// relative path in which nothing would change when rebuilt from its
/// components (no empty or `.` component, no trailing `/`, no `\`).
fn plain_relative<'p>(path: &'p Path, cwd: &Path) -> Option<&'p str> {
    let (p, c) = (path.to_str()?, cwd.to_str()?);
    if c.is_empty() || c.ends_with('/') {
        return None;
    }
    let rest = p.strip_prefix(c)?.strip_prefix('/')?;
    let plain = !rest.is_empty()
        && rest != "."
        && !rest.starts_with('/')
        && !rest.starts_with("./")
        && !rest.ends_with('/')
        && !rest.ends_with("/.")
        && !rest.contains("//")
        && !rest.contains("/./")
        && !rest.contains('\\');
    plain.then_some(rest)
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically
/// (as Terraform resolves local module sources).
pub fn normalize(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Walk the given paths. Directories are walked recursively (never into
/// `.terraform/` or `.git/`); named files bring their whole directory in as
/// context and restrict reporting to themselves.
pub fn discover(paths: &[PathBuf], opts: &Options) -> Discovered {
    let mut out = Discovered::default();
    let mut named = BTreeSet::new();
    // Files found by walking a named directory are reported like named ones
    // (needed only when files are named too).
    let mut walked: Option<Vec<String>> = None;
    let mut named_dirs = Vec::new();
    for p in paths {
        let abs = normalize(p, opts.cwd);
        let meta = match std::fs::metadata(&abs) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(RunError {
                    file: Some(p.to_string_lossy().replace('\\', "/")),
                    line: None,
                    message: io_message(&e),
                });
                continue;
            }
        };
        if meta.is_dir() {
            let mut d = Discovered::default();
            walk_dir(&abs, opts, &mut d);
            let w = walked.get_or_insert_with(Vec::new);
            w.extend(d.dirs.values().flatten().map(|f| f.display.clone()));
            out.errors.append(&mut d.errors);
            out.marks.extend(std::mem::take(&mut d.marks));
            out.prefetched.extend(std::mem::take(&mut d.prefetched));
            if out.dirs.is_empty() {
                out.dirs = d.dirs;
            } else {
                for (dir, files) in d.dirs {
                    out.dirs.insert(dir, files);
                }
            }
        } else if let Some(display) = named_file(&abs, &meta, opts, &mut out) {
            named.insert(display);
            let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            add_dir_files(&dir, opts, &mut out);
            named_dirs.push(dir);
        }
    }
    out.named_dirs = named_dirs;
    out.named = match walked {
        // Only files (or nothing that exists): only those are reported.
        None => Some(named),
        Some(all) => {
            if named.is_empty() {
                None
            } else {
                named.extend(all);
                Some(named)
            }
        }
    };
    out
}

/// A named path that is not a directory: its display path when it is a
/// regular Terraform file, else a run error.
fn named_file(
    abs: &Path,
    meta: &std::fs::Metadata,
    opts: &Options,
    out: &mut Discovered,
) -> Option<String> {
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let display = display_path(abs, opts.cwd);
    let message = if FileKind::from_name(&name).is_none() {
        "not a Terraform file (expected .tf, .tf.json, .tfvars, .tfvars.json or .terraform.lock.hcl)"
    } else if !meta.is_file() {
        "not a regular file; skipped"
    } else {
        return Some(display);
    };
    out.errors.push(RunError {
        file: Some(display),
        line: None,
        message: message.into(),
    });
    None
}

/// Add the Terraform files directly inside `dir` (not recursive).
pub fn add_dir_files(dir: &Path, opts: &Options, out: &mut Discovered) {
    if out.dirs.contains_key(dir) {
        return;
    }
    let mut files = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            for entry in rd.flatten() {
                if let Some(f) = file_entry(&entry.path(), opts, entry.file_type().ok()) {
                    files.push(f);
                }
            }
        }
        Err(e) => out.errors.push(RunError {
            file: Some(display_path(dir, opts.cwd)),
            line: None,
            message: io_message(&e),
        }),
    }
    files.sort();
    out.dirs.insert(dir.to_path_buf(), files);
}

fn file_entry(
    path: &Path,
    opts: &Options,
    file_type: Option<std::fs::FileType>,
) -> Option<FileEntry> {
    let name = path.file_name()?.to_string_lossy();
    let kind = FileKind::from_name(&name)?;
    // Directories named like files are entered, not read. Everything else
    // with a Terraform name is an entry: a dangling symlink, FIFO, socket or
    // device is then reported (CX002 "not read: ...") by the file policy,
    // never opened, never silently dropped.
    let is_dir = match file_type {
        Some(t) if !t.is_symlink() => t.is_dir(),
        _ => std::fs::metadata(path).is_ok_and(|m| m.is_dir()),
    };
    if is_dir {
        return None;
    }
    // Excluded files are read too: they still give context (see
    // `finalize::Excluded`).
    let display = display_path(path, opts.cwd);
    Some(FileEntry {
        path: path.to_path_buf(),
        display,
        kind,
        regular: file_type.is_some_and(|t| t.is_file()),
    })
}

/// Walk `root`. In a tree of more than a handful of files (and when
/// `opts.prefetch`), the walk goes on inside a rayon scope and each file is
/// read as soon as it is found, so reading overlaps the walk (which is
/// serial): with `-j 1` the reads wait for the walk, with more threads
/// they run beside it.
fn walk_dir(root: &Path, opts: &Options, out: &mut Discovered) {
    let mut w = Walk::new(root, opts);
    let mut held = Vec::new();
    while held.len() < crate::par::MIN_ITEMS {
        match w.next() {
            None => return w.finish(out),
            Some(Some(f)) => held.push(f.clone()),
            Some(None) => {}
        }
    }
    if !opts.prefetch {
        while w.next().is_some() {}
        return w.finish(out);
    }
    let (tx, rx) = crossbeam_channel::unbounded();
    let policy = opts.policy;
    rayon::scope(|s| {
        let read = |f: FileEntry| {
            let tx = tx.clone();
            s.spawn(move |_| {
                let r = super::read::read(&f, None, policy);
                let _ = tx.send((f.path, r));
            });
        };
        held.into_iter().for_each(read);
        while let Some(found) = w.next() {
            if let Some(f) = found {
                read(f.clone());
            }
        }
    });
    drop(tx);
    out.prefetched.extend(rx.try_iter());
    w.finish(out);
}

/// A walk in progress.
struct Walk<'o> {
    it: walkdir::IntoIter,
    opts: &'o Options<'o>,
    // Directories come out of the walk in path order (depth first, names
    // sorted) and each before its files, so the map is built from a sorted
    // list, and a file's directory is the last one seen one level up:
    // comparing or hashing long paths per file was a tenth of a corpus run.
    order: Vec<PathBuf>,
    files_of: Vec<Vec<FileEntry>>,
    /// Index into `order` of the directory being walked at each depth.
    open: Vec<usize>,
    unlisted: Vec<PathBuf>,
    marks: crate::config::DirMarks,
    errors: Vec<RunError>,
}

impl<'o> Walk<'o> {
    fn new(root: &Path, opts: &'o Options<'o>) -> Self {
        Walk {
            it: WalkDir::new(root)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter(),
            opts,
            order: Vec::new(),
            files_of: Vec::new(),
            open: Vec::new(),
            unlisted: Vec::new(),
            marks: Default::default(),
            errors: Vec::new(),
        }
    }

    /// The next entry: `None` at the end, `Some(Some(file))` for a file to read.
    fn next(&mut self) -> Option<Option<&FileEntry>> {
        match self.it.next()? {
            Ok(e) => Some(self.entry(&e)),
            Err(e) => {
                // Unreadable directories are reported; symlinks are not
                // followed, so loops cannot happen.
                self.unlisted.extend(e.path().map(Path::to_path_buf));
                let file = e.path().map(|p| display_path(p, self.opts.cwd));
                self.errors.push(RunError {
                    file,
                    line: None,
                    message: e
                        .io_error()
                        .map(io_message)
                        .unwrap_or_else(|| e.to_string()),
                });
                Some(None)
            }
        }
    }

    fn entry(&mut self, e: &walkdir::DirEntry) -> Option<&FileEntry> {
        if e.depth() > 0 {
            mark(e, &mut self.marks);
        }
        if e.file_type().is_dir() {
            if e.depth() > 0 && matches!(e.file_name().to_str(), Some(".terraform") | Some(".git"))
            {
                self.it.skip_current_dir();
                return None;
            }
            self.open.truncate(e.depth());
            self.open.push(self.order.len());
            self.order.push(e.path().to_path_buf());
            self.files_of.push(Vec::new());
            return None;
        }
        let f = file_entry(e.path(), self.opts, Some(e.file_type()))?;
        let parent = e.depth().checked_sub(1).and_then(|d| self.open.get(d));
        let slot = match parent {
            Some(&i) => self.files_of.get_mut(i)?,
            None => {
                // Not reached: a walk starts at a directory.
                let dir = e.path().parent().unwrap_or(Path::new(""));
                self.order.push(dir.to_path_buf());
                self.files_of.push(Vec::new());
                self.files_of.last_mut()?
            }
        };
        slot.push(f);
        slot.last()
    }

    fn finish(self, out: &mut Discovered) {
        let Walk {
            order,
            files_of,
            unlisted,
            mut marks,
            mut errors,
            ..
        } = self;
        marks.listed.extend(order.iter().cloned());
        for dir in unlisted {
            marks.listed.remove(&dir);
        }
        out.marks.extend(marks);
        out.errors.append(&mut errors);
        let mut by_dir: Vec<(PathBuf, Vec<FileEntry>)> = order
            .into_iter()
            .zip(files_of)
            .filter(|(_, files)| !files.is_empty())
            .collect();
        // Already in order (a walk with sorted names visits directories in
        // path order); on sorted input this is one comparison per directory.
        by_dir.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, files) in &mut by_dir {
            files.sort();
        }
        if out.dirs.is_empty() {
            out.dirs = by_dir.into_iter().collect();
        } else {
            for (dir, files) in by_dir {
                out.dirs.entry(dir).or_insert(files);
            }
        }
    }
}

/// Note, for [`crate::config::Nearest`], an entry named `.cxlint.hcl` (of
/// any kind: what is not a regular file is refused when read) or `.git` (a
/// directory or a file; a symlink only when it leads somewhere) in its
/// directory.
fn mark(e: &walkdir::DirEntry, marks: &mut crate::config::DirMarks) {
    let set = match e.file_name().to_str() {
        Some(crate::config::FILE_NAME) => &mut marks.config,
        Some(".git") if !e.path_is_symlink() || std::fs::metadata(e.path()).is_ok() => {
            &mut marks.git
        }
        _ => return,
    };
    if let Some(dir) = e.path().parent() {
        set.insert(dir.to_path_buf());
    }
}

pub use crate::file_policy::io_message;

#[cfg(test)]
mod tests {
    use super::{display_by_components, display_path};
    use std::path::Path;

    /// The nearest config found from what the walk saw is the one found by
    /// asking the disk, for every directory of a tree with every kind of
    /// `.git` and `.cxlint.hcl` entry.
    #[cfg(unix)]
    #[test]
    fn walk_marks_agree_with_the_disk() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        let mk = |d: &str| std::fs::create_dir_all(r.join(d)).unwrap();
        let touch = |f: &str| std::fs::write(r.join(f), "").unwrap();
        for d in [
            "a/b/c",
            "g/d/e",
            "f/x",
            "l/y",
            "n/z",
            "cd/w",
            "dl/v",
            "t/.terraform/m",
            "s",
        ] {
            mk(d);
            touch(&format!("{d}/main.tf"));
        }
        touch(".cxlint.hcl");
        touch("a/b/.cxlint.hcl");
        mk("g/.git");
        touch("f/.git");
        symlink(r.join("nowhere"), r.join("l/.git")).unwrap();
        symlink(r.join("s"), r.join("n/.git")).unwrap();
        mk("cd/.cxlint.hcl");
        symlink(r.join("nowhere"), r.join("dl/.cxlint.hcl")).unwrap();
        touch("t/.terraform/m/.cxlint.hcl");
        let policy = crate::file_policy::Policy::new([r.to_path_buf()]);
        let opts = super::Options {
            cwd: r,
            policy: &policy,
            prefetch: false,
        };
        let found = super::discover(&[r.to_path_buf()], &opts);
        assert!(found.marks.listed.len() >= 20, "{:?}", found.marks.listed);
        let mut walked = crate::config::Nearest::with_marks(found.marks.clone());
        let mut disk = crate::config::Nearest::default();
        let mut dirs: Vec<_> = found.marks.listed.iter().collect();
        dirs.sort();
        for d in dirs {
            assert_eq!(walked.of(d), disk.of(d), "{d:?}");
        }
        assert_eq!(walked.of(&r.join("g/d/e")), None);
        assert_eq!(walked.of(&r.join("l/y")), Some(r.join(".cxlint.hcl")));
        assert_eq!(walked.of(&r.join("cd/w")), Some(r.join("cd/.cxlint.hcl")));
    }

    #[test]
    fn display_paths_agree_with_the_component_rule() {
        let cwds = ["/w", "/w/", "/w/./x", "/", "w", ".", "/w/a b"];
        let rels = [
            "", "/", "a.tf", "a/b.tf", "./a.tf", "a//b.tf", "a/./b.tf", "a/", "a/.", ".",
            "a\\b.tf", "é/ß.tf", "..", "../x.tf", "a b/c.tf",
        ];
        for c in cwds {
            for r in rels {
                for p in [format!("{c}/{r}"), format!("{c}{r}"), r.to_string()] {
                    let (p, c) = (Path::new(&p), Path::new(c));
                    assert_eq!(
                        display_path(p, c),
                        display_by_components(p, c),
                        "{p:?} in {c:?}"
                    );
                }
            }
        }
    }
}
