//! Limits on what a configuration may make cxlint do outside the evaluator:
//! module instances across chains of `count`/`for_each`, and directories
//! (each read once, by canonical path, however many symlinks name it).
//! Reaching a limit is an info diagnostic, CX008 `limit-reached`, naming it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Module instances evaluated from one root module (all levels together).
/// `count = 64` through six modules would be 64^6 instances.
pub const MAX_MODULE_INSTANCES: usize = 4096;

/// Directories each read once, by canonical path.
#[derive(Debug, Default)]
pub struct SeenDirs {
    canonical: HashSet<PathBuf>,
}

impl SeenDirs {
    pub fn new<'a>(dirs: impl IntoIterator<Item = &'a PathBuf>) -> Self {
        let mut s = SeenDirs::default();
        for d in dirs {
            s.first_visit(d);
        }
        s
    }

    /// True the first time the directory `dir` resolves to is seen.
    pub fn first_visit(&mut self, dir: &Path) -> bool {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        self.canonical.insert(key)
    }
}

pub fn instances_message(module: &str) -> String {
    format!(
        "limit reached: more than {MAX_MODULE_INSTANCES} module instances from one root module; `module.{module}` and the calls after it are not evaluated"
    )
}
