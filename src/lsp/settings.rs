//! The `.cxlint.hcl` and rule files that apply to a directory, re-read when
//! their modification time (or the set of rule files) changes, so an edit
//! takes effect at the next lint even for a client that watches no files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::config::{self, Config};
use crate::rules::Registry;

/// A problem in a config or rule file, shown on that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub file: PathBuf,
    /// 1-based; 0 when the file as a whole is the problem.
    pub line: usize,
    pub message: String,
}

pub struct Settings {
    pub config: Config,
    pub registry: Registry,
    pub errors: Vec<SettingsError>,
    stamp: Vec<(PathBuf, Option<SystemTime>)>,
}

/// Settings per config file (`None`: no config applies).
#[derive(Default)]
pub struct SettingsCache {
    embedded: Option<Registry>,
    by_config: HashMap<Option<PathBuf>, Settings>,
}

impl SettingsCache {
    /// Forget everything (a watched config or rule file changed).
    pub fn clear(&mut self) {
        self.by_config.clear();
    }

    /// The settings for files in `dir`, reloaded when their files changed.
    pub fn for_dir(&mut self, dir: &Path) -> &Settings {
        let path = config::discover(dir);
        let fresh = self
            .by_config
            .get(&path)
            .is_some_and(|s| s.stamp == stamp(path.as_deref(), &s.config.rules_dirs));
        if !fresh {
            let embedded = self
                .embedded
                .get_or_insert_with(|| Registry::embedded().unwrap_or_default())
                .clone();
            let s = load(path.as_deref(), embedded);
            self.by_config.insert(path.clone(), s);
        }
        &self.by_config[&path]
    }

    /// Every config and rule file known to have a problem.
    pub fn all_errors(&self) -> impl Iterator<Item = &SettingsError> {
        self.by_config.values().flat_map(|s| &s.errors)
    }
}

/// What a reload depends on: the config file and every file in its rule
/// directories, with their modification times.
fn stamp(config: Option<&Path>, rules_dirs: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut out: Vec<(PathBuf, Option<SystemTime>)> = Vec::new();
    if let Some(c) = config {
        out.push((c.to_path_buf(), mtime(c)));
    }
    for d in rules_dirs {
        out.push((d.clone(), mtime(d)));
        if let Ok(rd) = std::fs::read_dir(d) {
            let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
            files.sort();
            out.extend(files.into_iter().map(|f| {
                let t = mtime(&f);
                (f, t)
            }));
        }
    }
    out
}

/// Load a config and its rules. A broken config or rule file is reported
/// and the defaults are used instead: the editor keeps its diagnostics.
fn load(path: Option<&Path>, mut registry: Registry) -> Settings {
    let mut errors = Vec::new();
    let mut config = match path {
        None => Config::default(),
        Some(p) => match Config::load(p, &p.to_string_lossy()) {
            Ok(c) => c,
            Err(es) => {
                errors.extend(es.into_iter().map(|e| SettingsError {
                    file: p.to_path_buf(),
                    line: e.line,
                    message: e.message,
                }));
                Config::default()
            }
        },
    };
    let embedded = registry.clone();
    for dir in config.rules_dirs.clone() {
        let dir = match &config.dir {
            Some(base) if dir.is_relative() => base.join(dir),
            _ => dir,
        };
        if let Err(errs) = registry.load_dir(&dir, &dir.to_string_lossy()) {
            errors.extend(errs.into_iter().map(|e| SettingsError {
                file: PathBuf::from(e.file),
                line: e.line,
                message: e.message,
            }));
        }
    }
    if let Err(es) = config.validate(&registry) {
        errors.extend(es.into_iter().map(|e| SettingsError {
            file: path.map(Path::to_path_buf).unwrap_or_default(),
            line: e.line,
            message: e.message,
        }));
        config = Config::default();
        registry = embedded;
    }
    Settings {
        stamp: stamp(path, &config.rules_dirs),
        config,
        registry,
        errors,
    }
}
