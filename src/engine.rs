//! The pipeline: discover → read and parse (in parallel) → model → evaluate
//! module instances → rules → suppressions and config → a sorted report.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Location, Related, Report, RunError, Severity};
use crate::discover::{self, Discovered, FileEntry};
use crate::eval::{root_inputs, Env, Inputs, Origin, Traced, Value};
use crate::file_policy::{Policy, Refused};
use crate::model::{File, Module};
use crate::parse::{self, FileKind};
use crate::rules::builtin::{self, ModuleCtx};
use crate::rules::declarative::{self, Subject};
use crate::rules::{RawFinding, Registry, Rule, RuleOptions};
use crate::source::SourceFile;
use crate::suppress;

/// What to lint and how.
pub struct LintOptions<'a> {
    pub paths: Vec<PathBuf>,
    /// `--stdin-filename`: lint this text as if it were that file.
    pub stdin: Option<(PathBuf, Vec<u8>)>,
    pub var_files: Vec<PathBuf>,
    pub cwd: PathBuf,
    pub config: &'a Config,
    pub registry: &'a Registry,
    /// Codes or names switched on/off on the command line.
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    /// `--rules`-style "only these" selection, if given.
    pub only: Option<Vec<String>>,
}

/// Time spent per stage, for `--stats`.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub files: usize,
    pub modules: usize,
    pub bytes: usize,
    pub instances: usize,
    pub discover: Duration,
    pub parse: Duration,
    pub evaluate: Duration,
    pub rules: Duration,
    /// Files and module directories linted (so that a directory linted in
    /// two configurations is counted once).
    pub file_paths: Vec<Arc<str>>,
    pub module_dirs: Vec<PathBuf>,
}

/// The largest file cxlint reads; bigger ones get CX002. Parsing needs about
/// 30 times the file size in memory (a 50 MiB file peaked at 1.6 GB), so the
/// cap keeps one file under about 2 GB. See docs/limits.md.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

const MAX_CALL_DEPTH: usize = 64;
const MAX_INSTANCES: usize = 64;

pub fn core_rule_name(code: &str) -> &'static str {
    match code {
        "CX001" => "syntax-error",
        "CX002" => "unreadable-file",
        "CX003" => "unused-suppression",
        "CX004" => "module-source-missing",
        "CX005" => "module-call-cycle",
        "CX006" => "internal-error",
        "CX008" => "limit-reached",
        _ => "core",
    }
}

fn core_diag(
    code: &str,
    severity: Severity,
    message: String,
    location: Location,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        code: code.to_string(),
        name: core_rule_name(code).to_string(),
        severity,
        message,
        help,
        location,
        resource: None,
        related: Vec::new(),
        url: None,
        fix: None,
    }
}

/// Read and parse one file. Never panics on input; errors become CX001/CX002.
fn load(entry: &FileEntry, policy: &Policy) -> (File, Option<Diagnostic>, Option<RunError>) {
    match read(entry, None, policy) {
        Ok(text) => parse_text(entry.kind, &entry.display, text),
        Err(failed) => *failed,
    }
}

/// A loaded file with what to report about it.
type LoadOutcome = (File, Option<Diagnostic>, Option<RunError>);

/// A file's text, or what to report instead: the read stage of [`load`].
type ReadResult = Result<String, Box<LoadOutcome>>;

/// Read a file (or the `--stdin-filename` bytes) under the file policy
/// (`src/file_policy.rs`): what is not read becomes a CX002.
fn read(entry: &FileEntry, stdin: Option<&[u8]>, policy: &Policy) -> ReadResult {
    let empty = || File {
        source: SourceFile::new(entry.display.clone(), ""),
        kind: entry.kind,
        body: None,
    };
    let cx002 = |f: File, msg: String, help: Option<String>, re: Option<RunError>| {
        let d = core_diag(
            "CX002",
            Severity::Error,
            msg,
            Location::new(&f.source, 0..0),
            help,
        );
        Err(Box::new((f, Some(d), re)))
    };
    let bytes = match stdin {
        Some(t) if t.len() as u64 > MAX_FILE_BYTES => Err(Refused::TooLarge),
        Some(t) => Ok(t.to_vec()),
        None => policy.read(&entry.path, MAX_FILE_BYTES),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(Refused::TooLarge) => {
            let f = empty();
            let d = too_large(&f);
            return Err(Box::new((f, Some(d), None)));
        }
        Err(Refused::NotRead(why)) => {
            return cx002(
                empty(),
                format!("not read: {why}"),
                Some("cxlint reads only regular files inside the directories it lints".into()),
                None,
            )
        }
        Err(Refused::Io(e)) => {
            let msg = discover::io_message(&e);
            let re = RunError {
                file: Some(entry.display.clone()),
                line: None,
                message: msg.clone(),
            };
            return cx002(empty(), format!("cannot read file: {msg}"), None, Some(re));
        }
    };
    match String::from_utf8(bytes) {
        Ok(t) => Ok(t),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..at).unwrap_or(&[])).into_owned();
            let f = File {
                source: SourceFile::new(entry.display.clone(), prefix),
                kind: entry.kind,
                body: None,
            };
            let d = core_diag(
                "CX002",
                Severity::Error,
                format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                Location::new(&f.source, at..at),
                Some("save the file as UTF-8".into()),
            );
            Err(Box::new((f, Some(d), None)))
        }
    }
}

/// Parse already-read text as a file of `kind` shown as `display`. Never
/// panics on input; errors become CX001 (or CX006 for a parser panic).
fn parse_text(
    kind: FileKind,
    display: &str,
    text: String,
) -> (File, Option<Diagnostic>, Option<RunError>) {
    let source = SourceFile::new(display.to_string(), text);
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Test hook (debug builds only): panic while parsing the file with
        // this name, to prove an internal error is contained.
        #[cfg(debug_assertions)]
        if let Some(name) = std::env::var_os("CXLINT_TEST_PANIC_ON") {
            if display.rsplit('/').next() == name.to_str() {
                panic!("CXLINT_TEST_PANIC_ON: simulated parser panic");
            }
        }
        parse::parse(kind, &source.text)
    }));
    match parsed {
        Ok(Ok(body)) => (
            File {
                source,
                kind,
                body: Some(body),
            },
            None,
            None,
        ),
        Ok(Err(e)) => {
            let loc = Location::new(&source, e.offset..e.offset);
            let d = core_diag("CX001", Severity::Error, e.message.clone(), loc, None);
            (
                File {
                    source,
                    kind,
                    body: None,
                },
                Some(d),
                None,
            )
        }
        Err(_) => {
            let loc = Location::new(&source, 0..0);
            let d = internal_error(loc, "parsing this file");
            let re = RunError {
                file: Some(display.to_string()),
                line: None,
                message: "internal error while parsing".into(),
            };
            (
                File {
                    source,
                    kind,
                    body: None,
                },
                Some(d),
                Some(re),
            )
        }
    }
}

fn too_large(f: &File) -> Diagnostic {
    core_diag(
        "CX002",
        Severity::Error,
        format!(
            "file is too large (over {} MiB); skipped",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        Location::new(&f.source, 0..0),
        Some("split the file, or exclude it in .cxlint.hcl".into()),
    )
}

fn internal_error(loc: Location, what: &str) -> Diagnostic {
    core_diag(
        "CX006",
        Severity::Error,
        format!("internal error while {what}"),
        loc,
        Some("this is a bug in cxlint; please report it with the file that triggers it".into()),
    )
}

struct Loaded {
    files: Vec<File>,
    /// Directory -> indices into `files`.
    dirs: BTreeMap<PathBuf, Vec<usize>>,
}

fn load_all(
    disc: &Discovered,
    policy: &Policy,
    diags: &mut Vec<Diagnostic>,
    errors: &mut Vec<RunError>,
) -> Loaded {
    parse_group(
        read_dirs(&disc.dirs, None, policy).into_iter().collect(),
        diags,
        errors,
    )
}

/// Parse already-read files (in parallel) into a [`Loaded`] set.
fn parse_group(group: Group, diags: &mut Vec<Diagnostic>, errors: &mut Vec<RunError>) -> Loaded {
    let entries: Vec<(PathBuf, FileEntry, ReadResult)> = group
        .into_iter()
        .flat_map(|(d, fs)| fs.into_iter().map(move |(e, r)| (d.clone(), e, r)))
        .collect();
    let parsed: Vec<(PathBuf, LoadOutcome)> = entries
        .into_par_iter()
        .map(|(d, e, r)| {
            let out = match r {
                Ok(text) => parse_text(e.kind, &e.display, text),
                Err(failed) => *failed,
            };
            (d, out)
        })
        .collect();
    let mut loaded = Loaded {
        files: Vec::with_capacity(parsed.len()),
        dirs: BTreeMap::new(),
    };
    for (d, (f, diag, re)) in parsed {
        loaded.dirs.entry(d).or_default().push(loaded.files.len());
        loaded.files.push(f);
        diags.extend(diag);
        errors.extend(re);
    }
    loaded
}

/// Lint according to `opts`. Never panics on input.
pub fn lint(opts: &LintOptions) -> (Report, Stats) {
    let mut stats = Stats::default();
    let t0 = Instant::now();
    let exclude = build_exclude(&opts.config.exclude);
    let policy = policy_for(opts);
    let dopts = discover::Options {
        cwd: &opts.cwd,
        exclude: exclude.as_ref(),
        policy: &policy,
    };
    let mut paths = opts.paths.clone();
    let mut disc = if let Some((p, _)) = &opts.stdin {
        paths.retain(|x| x.as_os_str() != "-");
        let mut d = Discovered::default();
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            opts.cwd.join(p)
        };
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        discover::add_dir_files(&dir, &dopts, &mut d);
        // The stdin file may not exist on disk yet.
        d.errors.clear();
        let display = discover::display_path(&abs, &opts.cwd);
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
            });
            files.sort();
        }
        d.named = Some(BTreeSet::from([display]));
        d
    } else {
        discover::discover(&paths, &dopts)
    };
    let stdin_abs = opts.stdin.as_ref().map(|(p, t)| {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            opts.cwd.join(p)
        };
        (abs, t.clone())
    });
    stats.discover = t0.elapsed();

    let mut errors = std::mem::take(&mut disc.errors);
    let t1 = Instant::now();
    // Read every file, and find the local module calls in the text so that
    // directories that call each other can be linted together.
    let mut texts = read_dirs(&disc.dirs, stdin_abs.as_ref(), &policy);
    let mut pending: Vec<PathBuf> = texts.keys().cloned().collect();
    let mut seen = crate::budget::SeenDirs::new(texts.keys());
    let mut edges: Vec<(PathBuf, PathBuf)> = Vec::new();
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
                            continue;
                        }
                        discover::add_dir_files(&target, &dopts, &mut extra);
                    } else {
                        continue;
                    }
                }
                edges.push((dir.clone(), target));
            }
        }
        errors.append(&mut extra.errors);
        let more = read_dirs(&extra.dirs, None, &policy);
        pending = more.keys().cloned().collect();
        texts.extend(more);
    }
    stats.parse = t1.elapsed();

    // --var-file files are read like any other file.
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut var_file_entries = Vec::new();
    for vf in &opts.var_files {
        let abs = normalize(&if vf.is_absolute() {
            vf.clone()
        } else {
            opts.cwd.join(vf)
        });
        let name = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = if name.ends_with(".json") {
            FileKind::VarsJson
        } else {
            FileKind::Vars
        };
        var_file_entries.push(FileEntry {
            display: discover::display_path(&abs, &opts.cwd),
            path: abs,
            kind,
        });
    }
    let var_files: Vec<File> = var_file_entries
        .iter()
        .map(|e| {
            let (f, d, re) = load(e, &policy);
            diags.extend(d);
            errors.extend(re);
            f
        })
        .collect();

    // One configuration at a time (directories joined by module calls):
    // syntax trees live only while their configuration is linted, so peak
    // memory follows the largest configuration, not the whole tree.
    let groups = components(texts, &edges);
    let named = disc.named.as_ref();
    let discovered: BTreeSet<&PathBuf> = disc.dirs.keys().collect();
    let results: Vec<(Report, Stats)> = groups
        .into_par_iter()
        .map(|group| lint_group(opts, &dopts, group, &discovered, &var_files, named))
        .collect();

    let mut report = Report::default();
    let mut file_paths: BTreeSet<Arc<str>> = BTreeSet::new();
    let mut module_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for (r, st) in results {
        file_paths.extend(st.file_paths);
        module_dirs.extend(st.module_dirs);
        report.diagnostics.extend(r.diagnostics);
        report.errors.extend(r.errors);
        report.sources.extend(r.sources);
        report.secrets.extend(r.secrets);
        report.secret_texts.extend(r.secret_texts);
        report.rules.extend(r.rules);
        stats.bytes += st.bytes;
        stats.instances += st.instances;
        stats.parse += st.parse;
        stats.evaluate += st.evaluate;
        stats.rules += st.rules;
    }
    if let Some(named) = named {
        diags.retain(|d| named.contains(&*d.location.file));
    }
    report.diagnostics.extend(diags);
    report.errors.splice(0..0, errors);
    report.summary.files = file_paths.len();
    stats.file_paths = file_paths.iter().cloned().collect();
    report.summary.modules = module_dirs.len();
    stats.files = report.summary.files;
    stats.modules = report.summary.modules;
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .diagnostics
        .dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
    report.rules.sort_by(|a, b| a.code.cmp(&b.code));
    report.rules.dedup_by(|a, b| a.code == b.code);
    report.sources.sort_by(|a, b| a.path.cmp(&b.path));
    report.sources.dedup_by(|a, b| a.path == b.path);
    report.recount();
    (report, stats)
}

/// Read the files of `dirs` in parallel.
fn read_dirs(
    dirs: &BTreeMap<PathBuf, Vec<FileEntry>>,
    stdin: Option<&(PathBuf, Vec<u8>)>,
    policy: &Policy,
) -> BTreeMap<PathBuf, Vec<(FileEntry, ReadResult)>> {
    let entries: Vec<(&PathBuf, &FileEntry)> = dirs
        .iter()
        .flat_map(|(d, fs)| fs.iter().map(move |f| (d, f)))
        .collect();
    let read: Vec<ReadResult> = entries
        .par_iter()
        .map(|(_, e)| {
            let text = stdin
                .filter(|(p, _)| *p == e.path)
                .map(|(_, t)| t.as_slice());
            read(e, text, policy)
        })
        .collect();
    let mut out: BTreeMap<PathBuf, Vec<(FileEntry, ReadResult)>> =
        dirs.keys().map(|d| (d.clone(), Vec::new())).collect();
    for ((dir, e), r) in entries.into_iter().zip(read) {
        if let Some(v) = out.get_mut(dir) {
            v.push((e.clone(), r));
        }
    }
    out
}

/// Directories that the configuration files of `dir` name as local module
/// sources, found in the text. Any `source = "./..."` counts: grouping
/// directories a little too eagerly costs nothing; the module calls
/// themselves are read from the parsed files.
fn local_sources(dir: &Path, files: &[(FileEntry, ReadResult)]) -> Vec<PathBuf> {
    use std::sync::OnceLock;
    static HCL: OnceLock<Option<regex::Regex>> = OnceLock::new();
    static JSON: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let hcl = HCL.get_or_init(|| regex::Regex::new(r#"\bsource\s*=\s*"(\.\.?(?:/[^"]*)?)""#).ok());
    let json =
        JSON.get_or_init(|| regex::Regex::new(r#""source"\s*:\s*"(\.\.?(?:/[^"]*)?)""#).ok());
    let mut out = Vec::new();
    for (e, r) in files {
        let Ok(text) = r else { continue };
        let re = match e.kind {
            FileKind::Config => hcl,
            FileKind::ConfigJson => json,
            _ => continue,
        };
        let Some(re) = re else { continue };
        if !text.contains("source") {
            continue;
        }
        for c in re.captures_iter(text) {
            if let Some(m) = c.get(1) {
                out.push(normalize(&dir.join(m.as_str())));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

type Group = Vec<(PathBuf, Vec<(FileEntry, ReadResult)>)>;

/// Split the directories into groups connected by `edges` (union-find),
/// ordered by their first directory.
fn components(
    texts: BTreeMap<PathBuf, Vec<(FileEntry, ReadResult)>>,
    edges: &[(PathBuf, PathBuf)],
) -> Vec<Group> {
    let index: HashMap<&Path, usize> = texts
        .keys()
        .enumerate()
        .map(|(i, d)| (d.as_path(), i))
        .collect();
    let mut parent: Vec<usize> = (0..texts.len()).collect();
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
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    for (i, (dir, files)) in texts.into_iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push((dir, files));
    }
    groups.into_values().collect()
}

/// Parse and lint one group of directories.
fn lint_group(
    opts: &LintOptions,
    dopts: &discover::Options,
    group: Group,
    discovered: &BTreeSet<&PathBuf>,
    var_files: &[File],
    named: Option<&BTreeSet<String>>,
) -> (Report, Stats) {
    let t = Instant::now();
    let mut diags = Vec::new();
    let mut errors = Vec::new();
    let mut loaded = parse_group(group, &mut diags, &mut errors);
    follow_modules(&mut loaded, dopts, &mut diags, &mut errors);
    let loaded = keep_reached(loaded, discovered);
    let stats = Stats {
        parse: t.elapsed(),
        files: loaded.files.len(),
        bytes: loaded.files.iter().map(|f| f.source.text.len()).sum(),
        ..Stats::default()
    };
    lint_loaded(opts, &loaded, var_files, named, diags, errors, stats)
}

/// Drop directories that the text scan brought in but no module call of a
/// discovered directory reaches (a `source = "./..."` that was not a module
/// source), so that only what is linted is counted.
fn keep_reached(loaded: Loaded, discovered: &BTreeSet<&PathBuf>) -> Loaded {
    let reached: BTreeSet<PathBuf> = {
        let modules = build_modules(&loaded);
        let by_dir: HashMap<&Path, usize> = modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.dir.as_path(), i))
            .collect();
        let from: Vec<usize> = modules
            .iter()
            .enumerate()
            .filter(|(_, m)| discovered.contains(&m.dir))
            .map(|(i, _)| i)
            .collect();
        reachable(&modules, &by_dir, &from)
            .into_iter()
            .filter_map(|i| modules.get(i).map(|m| m.dir.clone()))
            .collect()
    };
    if reached.len() == loaded.dirs.len() {
        return loaded;
    }
    let Loaded { files, dirs } = loaded;
    let mut slots: Vec<Option<File>> = files.into_iter().map(Some).collect();
    let mut out = Loaded {
        files: Vec::new(),
        dirs: BTreeMap::new(),
    };
    for (d, idx) in dirs {
        if !reached.contains(&d) {
            continue;
        }
        let mut new_idx = Vec::with_capacity(idx.len());
        for i in idx {
            if let Some(f) = slots.get_mut(i).and_then(Option::take) {
                new_idx.push(out.files.len());
                out.files.push(f);
            }
        }
        out.dirs.insert(d, new_idx);
    }
    out
}

/// Follow local module sources into directories not yet loaded (the text
/// scan finds nearly all of them first), and report sources that do not
/// exist (CX004).
fn follow_modules(
    loaded: &mut Loaded,
    dopts: &discover::Options,
    diags: &mut Vec<Diagnostic>,
    errors: &mut Vec<RunError>,
) {
    let mut missing: Vec<(Location, String)> = Vec::new();
    let mut aliased: Vec<(Location, String)> = Vec::new();
    let mut seen = crate::budget::SeenDirs::new(loaded.dirs.keys());
    // Only the directories loaded in the previous round are scanned for
    // calls, so a deep chain of local modules costs linear, not quadratic, time.
    let mut pending: Vec<PathBuf> = loaded.dirs.keys().cloned().collect();
    loop {
        let mut want: BTreeSet<PathBuf> = BTreeSet::new();
        {
            let modules = build_modules_in(loaded, &pending);
            for m in &modules {
                for c in &m.calls {
                    if let Some(src) = c.local_source() {
                        let dir = normalize(&m.dir.join(src));
                        if !loaded.dirs.contains_key(&dir) && !want.contains(&dir) {
                            if dir.is_dir() {
                                if seen.first_visit(&dir) {
                                    want.insert(dir);
                                } else {
                                    let loc = Location::new(&c.file.source, c.block.header_span());
                                    aliased.push((loc, crate::budget::alias_message(c.name, src)));
                                }
                            } else {
                                let loc = c
                                    .block
                                    .body
                                    .attribute("source")
                                    .map(|a| Location::new(&c.file.source, a.value.span.clone()))
                                    .unwrap_or_else(|| {
                                        Location::new(&c.file.source, c.block.header_span())
                                    });
                                missing.push((
                                    loc,
                                    format!(
                                        "module `{}`: source directory `{src}` does not exist",
                                        c.name
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
        }
        if want.is_empty() {
            break;
        }
        let mut extra = Discovered::default();
        for d in &want {
            discover::add_dir_files(d, dopts, &mut extra);
        }
        errors.append(&mut extra.errors);
        let more = load_all(&extra, dopts.policy, diags, errors);
        pending = more.dirs.keys().cloned().collect();
        let base = loaded.files.len();
        loaded.files.extend(more.files);
        for (d, idx) in more.dirs {
            loaded
                .dirs
                .insert(d, idx.into_iter().map(|i| i + base).collect());
        }
    }
    aliased.dedup();
    for (loc, msg) in aliased {
        diags.push(core_diag("CX008", Severity::Info, msg, loc, None));
    }
    missing.sort_by(|a, b| (&a.0.file, a.0.span.start).cmp(&(&b.0.file, b.0.span.start)));
    missing.dedup();
    for (loc, msg) in missing {
        diags.push(core_diag(
            "CX004",
            Severity::Warning,
            msg,
            loc,
            Some("fix the module's `source` path".into()),
        ));
    }
}

/// Lint the files of one module given as `(file name, text)` pairs, without
/// touching the file system: the same stages as [`lint`] after discovery
/// (parse, model, evaluate, rules, suppressions, config). `.tfvars` files
/// among them are the module's variable files. Local module calls are not
/// followed (there is no directory to read them from). Never panics on input.
pub fn lint_texts(files: &[(String, String)], registry: &Registry, config: &Config) -> Report {
    let opts = LintOptions {
        paths: Vec::new(),
        stdin: None,
        var_files: Vec::new(),
        cwd: PathBuf::from("."),
        config,
        registry,
        enable: Vec::new(),
        disable: Vec::new(),
        only: None,
    };
    let mut diags = Vec::new();
    let mut errors = Vec::new();
    let mut loaded = Loaded {
        files: Vec::with_capacity(files.len()),
        dirs: BTreeMap::new(),
    };
    let dir = PathBuf::from(".");
    for (name, text) in files {
        let kind = FileKind::from_name(name).unwrap_or(FileKind::Config);
        let (f, d, re) = parse_text(kind, name, text.clone());
        loaded
            .dirs
            .entry(dir.clone())
            .or_default()
            .push(loaded.files.len());
        loaded.files.push(f);
        diags.extend(d);
        errors.extend(re);
    }
    let stats = Stats {
        files: loaded.files.len(),
        bytes: loaded.files.iter().map(|f| f.source.text.len()).sum(),
        ..Stats::default()
    };
    lint_loaded(&opts, &loaded, &[], None, diags, errors, stats).0
}

/// Everything after reading: model, evaluation, rules, suppressions, config
/// and the sorted report. `named` restricts reporting to those files.
fn lint_loaded(
    opts: &LintOptions,
    loaded: &Loaded,
    var_files: &[File],
    named: Option<&BTreeSet<String>>,
    mut diags: Vec<Diagnostic>,
    mut errors: Vec<RunError>,
    mut stats: Stats,
) -> (Report, Stats) {
    let var_file_refs: Vec<&File> = var_files.iter().collect();

    let t2 = Instant::now();
    let modules = build_modules(loaded);
    stats.modules = modules.iter().filter(|m| m.is_module()).count();
    stats.module_dirs = modules
        .iter()
        .filter(|m| m.is_module())
        .map(|m| m.dir.clone())
        .collect();
    stats.file_paths = loaded.files.iter().map(|f| f.source.path.clone()).collect();
    let by_dir: HashMap<&Path, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.dir.as_path(), i))
        .collect();
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
    let named_dirs: BTreeSet<usize> = match named {
        Some(named) => modules
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.files
                    .iter()
                    .chain(m.var_files.iter())
                    .any(|f| named.contains(&*f.source.path))
            })
            .map(|(i, _)| i)
            .collect(),
        None => BTreeSet::new(),
    };
    let mut roots: Vec<usize> = (0..modules.len())
        .filter(|i| modules[*i].is_module() && (!called.contains(i) || named_dirs.contains(i)))
        .collect();
    // Modules that only call each other (a cycle with no root) still get linted.
    let reach = reachable(&modules, &by_dir, &roots);
    for (i, m) in modules.iter().enumerate() {
        if m.is_module() && !reach.contains(&i) {
            roots.push(i);
        }
    }
    roots.sort();
    roots.dedup();

    let enabled = enabled_rules(opts);
    let rule_opts: Vec<RuleOptions> = enabled
        .iter()
        .map(|r| {
            opts.config
                .options_for(&r.def.code, &r.def.name, &r.def.options)
        })
        .collect();

    // Instance-level (declarative) rules: per root, following module calls.
    let decl: Vec<(usize, &Rule)> = enabled
        .iter()
        .enumerate()
        .filter(|(_, r)| r.builtin.is_none())
        .map(|(i, r)| (i, *r))
        .collect();
    let root_results: Vec<(Vec<RawFinding>, Vec<Diagnostic>, usize)> = roots
        .par_iter()
        .map(|&root| {
            let Some(root_module) = modules.get(root) else {
                return (Vec::new(), Vec::new(), 0);
            };
            let inputs = root_inputs(root_module, &var_file_refs);
            let mut ctx = InstanceRun {
                modules: &modules,
                by_dir: &by_dir,
                rules: &decl,
                rule_opts: &rule_opts,
                core: Vec::new(),
                instances: 0,
            };
            let mut out = Vec::new();
            let mut chain = vec![root];
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                ctx.instance(root, &inputs, &mut chain, &mut out);
            }));
            if r.is_err() {
                if let Some(f) = root_module.files.first() {
                    ctx.core.push(internal_error(
                        Location::new(&f.source, 0..0),
                        "evaluating this module",
                    ));
                }
            }
            (out, ctx.core, ctx.instances)
        })
        .collect();
    stats.evaluate = t2.elapsed();

    let t3 = Instant::now();
    let mut raw: Vec<RawFinding> = Vec::new();
    for (f, c, n) in root_results {
        raw.extend(f);
        diags.extend(c);
        stats.instances += n;
    }
    // Module-level built-in checks: once per module, with its own inputs.
    let builtins: Vec<(usize, &Rule)> = enabled
        .iter()
        .enumerate()
        .filter(|(_, r)| r.builtin.is_some())
        .map(|(i, r)| (i, *r))
        .collect();
    let module_results: Vec<(Vec<RawFinding>, Vec<Diagnostic>)> = modules
        .par_iter()
        .enumerate()
        .filter(|(_, m)| m.is_module() || !m.locked.is_empty())
        .map(|(_, m)| {
            let inputs = root_inputs(m, &[]);
            let env = Env::new(m, &inputs);
            let mut out = Vec::new();
            let mut core = Vec::new();
            for (i, r) in &builtins {
                let Some(check) = r.builtin else { continue };
                let ctx = ModuleCtx {
                    module: m,
                    env: &env,
                    opts: &rule_opts[*i],
                    code: &r.def.code,
                    help: &r.def.help,
                };
                let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    check.run(&ctx, &mut out)
                }));
                if res.is_err() {
                    if let Some(f) = m.files.first() {
                        core.push(internal_error(
                            Location::new(&f.source, 0..0),
                            &format!("running {} on this module", r.def.code),
                        ));
                    }
                }
            }
            (out, core)
        })
        .collect();
    for (out, core) in module_results {
        raw.extend(out);
        diags.extend(core);
    }
    // GC006: per configuration (a root and every local module it reaches).
    if let Some(r) = enabled
        .iter()
        .find(|r| r.builtin == Some(builtin::Check::Gc006))
    {
        for &root in &roots {
            let mut order = vec![root];
            let reach = reachable(&modules, &by_dir, &[root]);
            order.extend(reach.into_iter().filter(|i| *i != root));
            let ms: Vec<&Module> = order.iter().map(|i| &modules[*i]).collect();
            builtin::gc006_config(&r.def.code, &r.def.help, &ms, &mut raw);
        }
    }
    let secrets = crate::secrets::collect(&loaded.files, var_files, &modules);
    for f in raw {
        diags.push(to_diagnostic(f, opts));
    }
    stats.rules = t3.elapsed();

    // Suppressions, then CX003 for unused ones.
    // Only files that mention the marker can hold a directive.
    let mut by_file: HashMap<Arc<str>, Vec<suppress::Directive>> = loaded
        .files
        .par_iter()
        .filter(|f| f.source.text.contains("cxlint-ignore"))
        .map(|f| (f.source.path.clone(), suppress::directives(f)))
        .filter(|(_, ds)| !ds.is_empty())
        .collect();
    diags.retain(|d| {
        if d.code == "CX001" || d.code == "CX002" {
            return true;
        }
        let Some(ds) = by_file.get_mut(&d.location.file) else {
            return true;
        };
        let mut hit = false;
        for dir in ds.iter_mut() {
            hit |= suppress::covers(dir, &d.location, &d.code, &d.name);
        }
        !hit
    });
    let cx003_on = is_enabled("CX003", "unused-suppression", Severity::Warning, opts).is_some();
    if cx003_on {
        for ds in by_file.values() {
            for dir in ds {
                for (k, used) in dir.keys.iter().zip(&dir.used) {
                    if *used {
                        continue;
                    }
                    let known = opts
                        .registry
                        .find(k)
                        .map(|r| (r.def.code.clone(), r.def.name.clone()));
                    let message = match &known {
                        None if !k.starts_with("CX") => {
                            format!("suppression names unknown rule `{k}`")
                        }
                        _ => format!("suppression of `{k}` matches no diagnostic"),
                    };
                    // Only report for rules that ran: a disabled rule's
                    // suppression is not stale.
                    let ran = match &known {
                        Some((code, _)) => enabled.iter().any(|r| &r.def.code == code),
                        None => !k.starts_with("CX"),
                    };
                    if ran {
                        diags.push(core_diag(
                            "CX003",
                            Severity::Warning,
                            message,
                            dir.location.clone(),
                            Some("remove the suppression, or fix its code".into()),
                        ));
                    }
                }
            }
        }
    }

    // Severity overrides and enable/disable for core codes too.
    diags.retain_mut(|d| {
        if d.code.starts_with("CX") {
            match is_enabled(&d.code, &d.name.clone(), d.severity, opts) {
                Some(sev) => {
                    d.severity = sev;
                    true
                }
                None => false,
            }
        } else {
            true
        }
    });

    if let Some(named) = named {
        diags.retain(|d| named.contains(&*d.location.file));
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);

    // An internal error (CX006) means the run did not do what was asked:
    // exit code 2, but every other file is still linted and reported.
    for d in diags.iter().filter(|d| d.code == "CX006") {
        let file = Some(d.location.file.to_string());
        if !errors
            .iter()
            .any(|e| e.file == file && e.message.starts_with("internal error"))
        {
            errors.push(RunError {
                file,
                line: None,
                message: d.message.clone(),
            });
        }
    }

    let mut report = Report {
        diagnostics: diags,
        errors,
        ..Report::default()
    };
    report.summary.files = loaded.files.len();
    report.summary.modules = stats.modules;
    report.recount();
    let used: BTreeSet<&str> = report
        .diagnostics
        .iter()
        .map(|d| &*d.location.file)
        .collect();
    report.sources = loaded
        .files
        .iter()
        .chain(var_files.iter())
        .filter(|f| used.contains(&*f.source.path))
        .map(|f| f.source.clone())
        .collect();
    report.secrets = secrets.spans;
    report.secret_texts = secrets.texts;
    let fired: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    report.rules = opts
        .registry
        .rules
        .iter()
        .filter(|r| fired.contains(r.def.code.as_str()))
        .map(|r| r.info())
        .collect();
    (report, stats)
}

/// Files may be read (through a symlink) from the working directory, the
/// paths linted, the `--stdin-filename` directory and the `--var-file`s.
fn policy_for(opts: &LintOptions) -> Policy {
    let abs = |p: &PathBuf| normalize(&opts.cwd.join(p));
    Policy::new(
        std::iter::once(opts.cwd.clone())
            .chain(opts.paths.iter().map(abs))
            .chain(opts.stdin.iter().map(|(p, _)| abs(p)))
            .chain(opts.var_files.iter().map(abs)),
    )
}

fn build_exclude(globs: &[String]) -> Option<globset::GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = globset::Glob::new(g) {
            b.add(glob);
        }
    }
    b.build().ok()
}

fn build_modules(loaded: &Loaded) -> Vec<Module<'_>> {
    build_modules_from(loaded, loaded.dirs.iter())
}

/// The modules of just these directories (ones not loaded are skipped).
fn build_modules_in<'l>(loaded: &'l Loaded, dirs: &[PathBuf]) -> Vec<Module<'l>> {
    build_modules_from(
        loaded,
        dirs.iter().filter_map(|d| loaded.dirs.get_key_value(d)),
    )
}

fn build_modules_from<'l>(
    loaded: &'l Loaded,
    dirs: impl Iterator<Item = (&'l PathBuf, &'l Vec<usize>)>,
) -> Vec<Module<'l>> {
    let dirs: Vec<_> = dirs.collect();
    dirs.into_par_iter()
        .map(|(dir, idx)| {
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
        .collect()
}

/// An absolute path with `.` and `..` resolved.
fn normalize(p: &Path) -> PathBuf {
    discover::normalize(p, Path::new("/"))
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

/// The severity a code runs at, or `None` when it is switched off.
fn is_enabled(code: &str, name: &str, default: Severity, opts: &LintOptions) -> Option<Severity> {
    let matches = |k: &String| k.eq_ignore_ascii_case(code) || k == name;
    let settings = opts.config.settings(code, name);
    let mut on = settings.and_then(|s| s.enabled).unwrap_or(true);
    if let Some(only) = &opts.only {
        // Core syntax/read errors always run.
        on = only.iter().any(matches) || code == "CX001" || code == "CX002";
    }
    if opts.enable.iter().any(matches) {
        on = true;
    }
    if opts.disable.iter().any(matches) {
        on = false;
    }
    on.then(|| settings.and_then(|s| s.severity).unwrap_or(default))
}

fn enabled_rules<'r>(opts: &LintOptions<'r>) -> Vec<&'r Rule> {
    opts.registry
        .rules
        .iter()
        .filter(|r| is_enabled(&r.def.code, &r.def.name, r.def.severity, opts).is_some())
        .collect()
}

fn to_diagnostic(f: RawFinding, opts: &LintOptions) -> Diagnostic {
    let rule = opts.registry.find(&f.code);
    let (name, severity, url) = match rule {
        Some(r) => (
            r.def.name.clone(),
            is_enabled(&r.def.code, &r.def.name, r.def.severity, opts).unwrap_or(r.def.severity),
            Some(r.url()),
        ),
        None => (core_rule_name(&f.code).to_string(), Severity::Error, None),
    };
    let mut related = f.related;
    for o in &f.origins {
        if let Origin::Set { location, what } = o {
            if *location != f.location && !related.iter().any(|r: &Related| r.location == *location)
            {
                related.push(Related {
                    location: location.clone(),
                    message: format!("the value is set here ({what})"),
                });
            }
        }
    }
    Diagnostic {
        code: f.code,
        name,
        severity,
        message: f.message,
        help: f.help,
        location: f.location,
        resource: f.resource,
        related,
        url,
        fix: f.fix,
    }
}

/// Evaluates module instances and runs the declarative rules on them.
struct InstanceRun<'r, 'm, 'a> {
    modules: &'m [Module<'a>],
    by_dir: &'r HashMap<&'m Path, usize>,
    rules: &'r [(usize, &'r Rule)],
    rule_opts: &'r [RuleOptions],
    core: Vec<Diagnostic>,
    instances: usize,
}

impl InstanceRun<'_, '_, '_> {
    /// A call that is a cycle or nested too deep: reported (CX005), not followed.
    fn not_followed(
        &mut self,
        call: &crate::model::ModuleCall,
        src: &str,
        child: usize,
        chain: &[usize],
    ) -> bool {
        let loc = || Location::new(&call.file.source, call.block.header_span());
        if chain.contains(&child) {
            self.core.push(core_diag(
                "CX005",
                Severity::Warning,
                format!(
                    "module `{}` calls itself through `{src}` (a cycle); not followed",
                    call.name
                ),
                loc(),
                Some("break the cycle: Terraform rejects recursive module calls".into()),
            ));
            return true;
        }
        if chain.len() >= MAX_CALL_DEPTH {
            self.core.push(core_diag(
                "CX005",
                Severity::Warning,
                format!(
                    "module `{}`: module calls nested too deep (more than {MAX_CALL_DEPTH} levels); `{src}` not followed",
                    call.name
                ),
                loc(),
                Some("flatten the module hierarchy".into()),
            ));
            return true;
        }
        false
    }

    fn instance(
        &mut self,
        idx: usize,
        inputs: &Inputs,
        chain: &mut Vec<usize>,
        out: &mut Vec<RawFinding>,
    ) {
        let Some(module) = self.modules.get(idx) else {
            return;
        };
        self.instances += 1;
        let env = Env::new(module, inputs);
        for r in &module.resources {
            // Where `each.value` comes from, for `related`.
            let for_each = r.block.body.attribute("for_each").map(|fe| {
                let t = env.eval(&fe.value, &[]);
                (
                    Location::new(&r.file.source, fe.value.span.clone()),
                    t.origins,
                )
            });
            for binds in instances_of(&env, &r.block.body) {
                let first = out.len();
                for (i, rule) in self.rules {
                    let Some(target) = &rule.def.target else {
                        continue;
                    };
                    if !targets_resource(target, r) {
                        continue;
                    }
                    let subject = Subject {
                        body: &r.block.body,
                        block: r.block,
                        file: r.file,
                        resource: Some(r.address()),
                        env: &env,
                        binds: &binds,
                    };
                    declarative::run(rule, &self.rule_opts[*i], &subject, out);
                }
                if let Some((loc, origins)) = &for_each {
                    for f in out.iter_mut().skip(first) {
                        let uses_each = f.location.file == r.file.source.path
                            && r.file
                                .source
                                .text
                                .get(f.location.span.clone())
                                .is_some_and(|t| t.contains("each."));
                        if uses_each {
                            f.related.push(Related {
                                location: loc.clone(),
                                message: "the value comes from `for_each` here".into(),
                            });
                            f.origins.extend(origins.iter().cloned());
                        }
                    }
                }
            }
        }
        for pb in &module.providers {
            for (i, rule) in self.rules {
                let Some(target) = &rule.def.target else {
                    continue;
                };
                if target.provider.as_deref() != Some(pb.name) {
                    continue;
                }
                let subject = Subject {
                    body: &pb.block.body,
                    block: pb.block,
                    file: pb.file,
                    resource: Some(format!("provider.{}", pb.name)),
                    env: &env,
                    binds: &[],
                };
                declarative::run(rule, &self.rule_opts[*i], &subject, out);
            }
        }
        for call in &module.calls {
            let Some(src) = call.local_source() else {
                continue;
            };
            let dir = normalize(&module.dir.join(src));
            let Some(&child) = self.by_dir.get(dir.as_path()) else {
                continue;
            };
            let loc = || Location::new(&call.file.source, call.block.header_span());
            if self.not_followed(call, src, child, chain) {
                continue;
            }
            for binds in instances_of(&env, &call.block.body) {
                if self.instances >= crate::budget::MAX_MODULE_INSTANCES {
                    if !self.core.iter().any(|d| d.code == "CX008") {
                        let msg = crate::budget::instances_message(call.name);
                        self.core
                            .push(core_diag("CX008", Severity::Info, msg, loc(), None));
                    }
                    return;
                }
                let mut args: BTreeMap<String, Traced> = BTreeMap::new();
                let mut arg_attrs = BTreeMap::new();
                for a in call.arguments() {
                    args.insert(a.key.clone(), env.eval(&a.value, &binds));
                    arg_attrs.insert(a.key.clone(), a);
                }
                let child_inputs = Inputs {
                    from_caller: true,
                    values: args,
                };
                let mut child_out = Vec::new();
                chain.push(child);
                self.instance(child, &child_inputs, chain, &mut child_out);
                chain.pop();
                // Re-home findings caused by a value passed in: report them
                // on the caller's argument.
                for mut f in child_out {
                    let input = f.origins.iter().position(|o| matches!(o, Origin::Input(_)));
                    if let Some(pos) = input {
                        if let Some(Origin::Input(var)) = f.origins.get(pos).cloned() {
                            if let Some(a) = arg_attrs.get(&var) {
                                let inner = f.location.clone();
                                f.related.insert(
                                    0,
                                    Related {
                                        location: inner,
                                        message: format!(
                                            "the value is used here, in module `{}`",
                                            call.name
                                        ),
                                    },
                                );
                                f.location = Location::new(&call.file.source, a.span.clone());
                                f.resource = Some(format!(
                                    "module.{}.{}",
                                    call.name,
                                    f.resource.clone().unwrap_or_default()
                                ));
                                f.origins = f.origins.split_off(pos + 1);
                                f.fix = None;
                            }
                        }
                    }
                    out.push(f);
                }
            }
        }
    }
}

fn targets_resource(t: &crate::rules::def::Target, r: &crate::model::Resource) -> bool {
    match r.mode {
        crate::model::Mode::Managed => t.resource.as_deref() == Some(r.rtype),
        crate::model::Mode::Data => t.data.as_deref() == Some(r.rtype),
    }
}

/// The bindings of each instance of a resource or module call: `count.index`
/// or `each.key`/`each.value` when the collection is known; one unbound
/// instance when it is not; none when `count` is 0.
fn instances_of(env: &Env, body: &crate::syntax::Body) -> Vec<Vec<(String, Value)>> {
    if let Some(c) = body.attribute("count") {
        return match env.eval(&c.value, &[]).value {
            Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => {
                let n = n as usize;
                if n > MAX_INSTANCES {
                    vec![Vec::new()]
                } else {
                    (0..n)
                        .map(|i| {
                            let mut m = BTreeMap::new();
                            m.insert("index".to_string(), Value::Number(i as f64));
                            vec![("count".to_string(), Value::Map(m))]
                        })
                        .collect()
                }
            }
            Value::Bool(false) => Vec::new(),
            _ => vec![Vec::new()],
        };
    }
    if let Some(fe) = body.attribute("for_each") {
        let pairs: Vec<(String, Value)> = match env.eval(&fe.value, &[]).value {
            Value::Map(m) => m.into_iter().collect(),
            Value::List(items) if items.iter().all(|v| v.as_str().is_some()) => items
                .into_iter()
                .filter_map(|v| v.as_str().map(|s| (s.to_string(), v.clone())))
                .collect(),
            _ => return vec![Vec::new()],
        };
        if pairs.len() > MAX_INSTANCES {
            return vec![Vec::new()];
        }
        return pairs
            .into_iter()
            .map(|(k, v)| {
                let mut m = BTreeMap::new();
                m.insert("key".to_string(), Value::String(k));
                m.insert("value".to_string(), v);
                vec![("each".to_string(), Value::Map(m))]
            })
            .collect();
    }
    vec![Vec::new()]
}
