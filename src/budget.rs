//! Limits on what a configuration may make cxlint do outside the evaluator:
//! module instances across chains of `count`/`for_each`, and directories
//! (each read once, by canonical path, however many symlinks name it).
//! Reaching a limit is an info diagnostic, CX008 `limit-reached`, naming it.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Module instances evaluated from one root module (all levels together).
/// `count = 64` through six modules would be 64^6 instances.
pub const MAX_MODULE_INSTANCES: usize = 4096;

/// Directories each read once, by canonical path.
#[derive(Debug, Default)]
pub struct SeenDirs {
    /// Directories seen but not resolved yet: resolving them waits for the
    /// first directory asked about (most runs never ask).
    pending: Vec<PathBuf>,
    canonical: HashSet<PathBuf>,
    /// Directory -> its canonical path, for the directories and their
    /// ancestors resolved so far.
    resolved: HashMap<PathBuf, PathBuf>,
}

impl SeenDirs {
    /// `dirs` are seen.
    pub fn new<'a>(dirs: impl IntoIterator<Item = &'a PathBuf>) -> Self {
        SeenDirs {
            pending: dirs.into_iter().cloned().collect(),
            ..SeenDirs::default()
        }
    }

    /// True the first time the directory `dir` resolves to is seen.
    pub fn first_visit(&mut self, dir: &Path) -> bool {
        for d in std::mem::take(&mut self.pending) {
            let key = self.canonical_path(&d);
            self.canonical.insert(key);
        }
        let key = self.canonical_path(dir);
        self.canonical.insert(key)
    }

    /// What `std::fs::canonicalize` gives (`dir` itself when it fails),
    /// with one `lstat` per directory not seen before instead of a
    /// `readlink` per component of every path: the canonical path of a
    /// directory that is not a symlink is its parent's with its name.
    fn canonical_path(&mut self, dir: &Path) -> PathBuf {
        if let Some(c) = self.resolved.get(dir) {
            return c.clone();
        }
        let slow = || std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let plain = dir.is_absolute()
            && dir
                .components()
                .all(|c| !matches!(c, Component::CurDir | Component::ParentDir));
        let c = match (dir.parent(), dir.file_name()) {
            (Some(parent), Some(name)) if plain => match std::fs::symlink_metadata(dir) {
                Ok(m) if m.is_dir() => self.canonical_path(parent).join(name),
                _ => slow(),
            },
            _ => slow(),
        };
        self.resolved.insert(dir.to_path_buf(), c.clone());
        c
    }
}

pub fn instances_message(module: &str) -> String {
    format!(
        "limit reached: more than {MAX_MODULE_INSTANCES} module instances from one root module; `module.{module}` and the calls after it are not evaluated"
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::SeenDirs;

    #[test]
    fn canonical_paths_match_the_file_system() {
        let t = tempfile::tempdir().expect("tempdir");
        let d = t.path();
        std::fs::create_dir_all(d.join("a/b/c")).expect("mkdir");
        std::os::unix::fs::symlink(d.join("a/b"), d.join("link")).expect("link");
        std::os::unix::fs::symlink("b", d.join("a/rel")).expect("link");
        let mut seen = SeenDirs::default();
        for p in [
            "a",
            "a/b",
            "a/b/c",
            "link",
            "link/c",
            "a/rel/c",
            "missing",
            "a/missing/x",
        ] {
            let p = d.join(p);
            let want = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            assert_eq!(seen.canonical_path(&p), want, "{}", p.display());
        }
        let mut seen = SeenDirs::new([d.join("a/b/c")].iter());
        assert!(!seen.first_visit(&d.join("link/c")));
        assert!(!seen.first_visit(&d.join("a/rel/c")));
        assert!(seen.first_visit(&d.join("a/b")));
    }
}
