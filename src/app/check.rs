//! `cxlint check`: lint, then apply a baseline, fixes or a diff, render the
//! report and choose the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{cwd, setup_from, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::baseline::Baseline;
use crate::cli::{CheckArgs, ColorChoice, FailLevel};
use crate::diag::{Report, Severity};
use crate::engine::{LintOptions, Stats};
use crate::error::Fatal;
use crate::report::{self, RenderOptions};
use crate::rules::core::Core;

pub fn check(args: CheckArgs) -> Result<i32, Fatal> {
    let machine = (args.format != report::Format::Human).then(|| args.clone());
    match (run(args), machine) {
        (Err(fatal), Some(args)) if fatal.file_problems().is_some() => document(&args, fatal),
        (result, _) => result,
    }
}

/// An invalid config or rule file with a machine format: a complete
/// document whose run errors name each file, line and problem (SARIF: a
/// failed invocation with notifications), the problems on standard error
/// too, and exit 2.
fn document(args: &CheckArgs, fatal: Fatal) -> Result<i32, Fatal> {
    let cwd = cwd()?;
    let mut report = Report::default();
    for p in fatal.file_problems().unwrap_or_default() {
        report.errors.push(crate::diag::RunError {
            file: Some(p.file.clone()),
            line: (p.line > 0).then_some(p.line),
            message: p.message.clone(),
        });
    }
    emit(args, &cwd, &report, &Stats::default(), None)?;
    fatal.print();
    Ok(EXIT_TROUBLE)
}

fn run(args: CheckArgs) -> Result<i32, Fatal> {
    if let Some(n) = args.threads {
        // Only fails if a pool was already built; the default then stays.
        // More threads than cores only costs memory (`-j 100000` would try
        // to start 100,000 threads).
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.clamp(1, cores))
            .build_global();
    }
    let cwd = cwd()?;
    let start = config_start(&args, &cwd);
    let (registry, config) = setup_from(args.config.as_ref(), &args.rules_dirs, &cwd, &start)?;
    for key in args.enable.iter().chain(&args.disable).chain(&args.only) {
        if registry.find(key).is_none() && Core::find(key).is_none() {
            return Err(Fatal::UnknownRule(key.clone()));
        }
    }
    if args.diff && args.format != report::Format::Human {
        return Err(Fatal::Usage(
            "--diff prints a unified diff; it cannot be combined with --format other than human"
                .into(),
        ));
    }
    let stdin = read_stdin(&args)?;
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let opts = LintOptions {
        paths,
        stdin,
        overlays: Vec::new(),
        var_files: args.var_files.clone(),
        cwd: cwd.clone(),
        config: &config,
        registry: &registry,
        enable: args.enable.clone(),
        disable: args.disable.clone(),
        only: (!args.only.is_empty()).then(|| args.only.clone()),
    };
    let baseline = read_baseline(args.baseline.as_deref())?;
    let primary = match &args.config {
        Some(_) => None,
        None => crate::config::discover(&start),
    };
    let lint = |opts: &LintOptions| super::nested::lint(opts, primary.as_deref(), &args);
    let (mut report, mut stats) = lint(&opts)?;
    if opts.stdin.is_some() {
        missing_beside_stdin(&args, &cwd, &mut report);
    }
    // Never overwrite an input with a report or a baseline.
    for target in args.output.iter().chain(args.write_baseline.iter()) {
        if let Some(why) = crate::fix_apply::refuse_overwrite(target, &cwd, &stats.file_paths) {
            return Err(Fatal::Usage(why));
        }
    }
    if let Some(p) = &args.write_baseline {
        return write_baseline(p, &cwd, &report);
    }
    let key_of = |file: &str| baseline_key(args.baseline.as_deref(), &cwd, file);
    let mut suppressed = None;
    if let Some(b) = &baseline {
        suppressed = Some(b.filter_keyed(&mut report, &key_of));
    }
    if args.fix || args.diff {
        let outcome = super::fix::apply(&args, &opts, &report)?;
        if let super::fix::Outcome::Diff(text) = outcome {
            write_out(args.output.as_deref(), &text)?;
            return Ok(exit_code(&report, &args));
        }
        if let super::fix::Outcome::Stdin(text) = outcome {
            write_out(None, &text)?;
            let mut fixed = opts;
            fixed.stdin = fixed.stdin.map(|(p, _)| (p, text.into_bytes()));
            let (report, _) = lint(&fixed)?;
            return Ok(exit_code(&report, &args));
        }
        if let super::fix::Outcome::Written(n, write_errors) = outcome {
            if n > 0 {
                (report, stats) = lint(&opts)?;
                if let Some(b) = &baseline {
                    suppressed = Some(b.filter_keyed(&mut report, &key_of));
                }
            }
            // A file that could not be written is a run error, reported
            // with the rest of the report (exit code 2).
            report.errors.extend(write_errors);
        }
    }
    emit(&args, &cwd, &report, &stats, suppressed)
}

/// A baseline records files relative to its own directory, so that it
/// matches whatever directory cxlint runs in.
fn baseline_key(baseline: Option<&Path>, cwd: &Path, file: &str) -> String {
    let Some(b) = baseline else {
        return file.to_string();
    };
    let base = crate::load::normalize(&cwd.join(b));
    let dir = base.parent().unwrap_or(Path::new("/"));
    let abs = crate::load::normalize(&cwd.join(file));
    match abs.strip_prefix(dir) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => abs.to_string_lossy().replace('\\', "/"),
    }
}

/// Where `.cxlint.hcl` is looked for: from what is linted (`cxlint check
/// /other/repo` uses that repository's config), when every path finds the
/// same one; else from the working directory.
fn config_start(args: &CheckArgs, cwd: &Path) -> PathBuf {
    let targets: Vec<PathBuf> = match &args.stdin_filename {
        Some(p) => vec![p.clone()],
        None if args.paths.is_empty() => vec![PathBuf::from(".")],
        None => args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect(),
    };
    let mut first: Option<(PathBuf, Option<PathBuf>)> = None;
    for t in targets {
        let abs = crate::load::normalize(&cwd.join(&t));
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent()
                .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
        };
        let found = crate::config::discover(&dir);
        match &first {
            None => first = Some((dir, found)),
            Some((_, f)) if *f != found => return cwd.to_path_buf(),
            Some(_) => {}
        }
    }
    first.map_or_else(|| cwd.to_path_buf(), |(d, _)| d)
}

fn read_stdin(args: &CheckArgs) -> Result<Option<(PathBuf, Vec<u8>)>, Fatal> {
    let Some(p) = &args.stdin_filename else {
        if args.paths.iter().any(|p| p.as_os_str() == "-") {
            return Err(Fatal::Usage(
                "`-` reads standard input only with --stdin-filename FILE (the file it stands for)"
                    .into(),
            ));
        }
        return Ok(None);
    };
    if args.paths.iter().any(|p| p.as_os_str() != "-") {
        return Err(Fatal::Usage(
            "paths cannot be given with --stdin-filename (only `-`, standard input)".into(),
        ));
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if crate::parse::FileKind::from_name(&name).is_none() {
        return Err(Fatal::Usage(format!(
            "--stdin-filename {}: not a Terraform file (expected .tf, .tf.json, .tfvars, .tfvars.json or .terraform.lock.hcl)",
            crate::load::display_path(p, Path::new(""))
        )));
    }
    // Bounded like any file; a larger input becomes CX002 "too large".
    let cap = crate::load::MAX_FILE_BYTES;
    let bytes = match crate::file_policy::read_capped(&mut std::io::stdin().lock(), cap) {
        Ok(b) => b,
        Err(crate::file_policy::Refused::Io(e)) => {
            return Err(Fatal::Io(format!("cannot read standard input: {e}")))
        }
        Err(_) => vec![0; cap as usize + 1],
    };
    Ok(Some((p.clone(), bytes)))
}

fn read_baseline(path: Option<&Path>) -> Result<Option<Baseline>, Fatal> {
    let Some(p) = path else {
        return Ok(None);
    };
    crate::file_policy::read_config_file(p, crate::load::MAX_FILE_BYTES)
        .map_err(|e| crate::file_policy::describe(&e))
        .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string()))
        .and_then(|t| Baseline::parse(&t))
        .map(Some)
        .map_err(|message| Fatal::Baseline {
            file: p.display().to_string(),
            message,
        })
}

fn write_baseline(p: &Path, cwd: &Path, report: &Report) -> Result<i32, Fatal> {
    let b = crate::baseline::from_report_keyed(report, &|f| baseline_key(Some(p), cwd, f));
    // The baseline stores messages: masked like any output.
    let json = report::mask::Masker::for_report(report).mask(&b.to_json());
    std::fs::write(p, json).map_err(|e| Fatal::Io(format!("cannot write {}: {e}", p.display())))?;
    eprintln!("wrote {} findings to {}", b.total(), p.display());
    // Files that could not be linted are missing from the baseline.
    for e in &report.errors {
        let at = match (&e.file, e.line) {
            (Some(f), Some(l)) => format!("{f}:{l}: "),
            (Some(f), None) => format!("{f}: "),
            _ => String::new(),
        };
        eprintln!("cxlint: error: {at}{}", e.message);
    }
    Ok(if report.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    })
}

/// Paths named beside `-` are not linted, but a missing one is still a run
/// error, as it is without standard input.
fn missing_beside_stdin(args: &CheckArgs, cwd: &Path, report: &mut Report) {
    for p in args.paths.iter().filter(|p| p.as_os_str() != "-") {
        if let Err(e) = std::fs::metadata(cwd.join(p)) {
            report.errors.push(crate::diag::RunError {
                file: Some(p.to_string_lossy().replace('\\', "/")),
                line: None,
                message: crate::load::io_message(&e),
            });
        }
    }
}

/// Render the report where `--output` says, print `--stats`, and choose the
/// exit code.
fn emit(
    args: &CheckArgs,
    cwd: &Path,
    report: &Report,
    stats: &Stats,
    baseline_suppressed: Option<usize>,
) -> Result<i32, Fatal> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    // SARIF's %SRCROOT%, and the base of `github`/`gitlab` paths: the
    // repository root (the first directory with `.git`), else the working
    // directory.
    let root = cwd
        .ancestors()
        .find(|a| a.join(".git").exists())
        .unwrap_or(cwd)
        .to_path_buf();
    #[allow(unused_mut)]
    let mut ropts = RenderOptions {
        color: use_color(args.color, to_terminal),
        srcroot: Some(file_uri(&root)),
        root: Some(report::RootPaths {
            root: root.clone(),
            cwd: cwd.to_path_buf(),
        }),
        fail_level: severity(args.fail_level),
        baseline_suppressed,
        statistics: args.statistics,
        ..RenderOptions::default()
    };
    // Test hook (debug builds only): the test suite injects the version so
    // that snapshots never embed the crate's.
    #[cfg(debug_assertions)]
    if let Ok(v) = std::env::var("CXLINT_TEST_TOOL_VERSION") {
        ropts.tool_version = v;
    }
    let t = std::time::Instant::now();
    let clean = report.diagnostics.is_empty() && report.errors.is_empty();
    // Machine formats always write a complete document: an empty file is
    // not a valid SARIF upload.
    let text = if args.quiet && clean && args.format == report::Format::Human {
        String::new()
    } else {
        report::render(report, args.format, &ropts)
    };
    let written = write_out(args.output.as_deref(), &text);
    if args.stats {
        eprintln!(
            "cxlint stats: {} files, {} modules, {} bytes, {} module instances; discover {:.1} ms, parse {:.1} ms, evaluate {:.1} ms, rules {:.1} ms, report {:.1} ms",
            stats.files,
            stats.modules,
            stats.bytes,
            stats.instances,
            ms(stats.discover),
            ms(stats.parse),
            ms(stats.evaluate),
            ms(stats.rules),
            ms(t.elapsed())
        );
    }
    written?;
    Ok(exit_code(report, args))
}

/// Write `text` to `path`, or to standard output. A closed pipe is exit 2
/// without a second message.
fn write_out(path: Option<&Path>, text: &str) -> Result<(), Fatal> {
    let r = match path {
        Some(p) => std::fs::write(p, text),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|_| out.flush())
        }
    };
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(EXIT_TROUBLE),
        Err(e) => Err(Fatal::Io(match path {
            Some(p) => format!("cannot write {}: {e}", p.display()),
            None => e.to_string(),
        })),
    }
}

fn severity(level: FailLevel) -> Severity {
    match level {
        FailLevel::Info => Severity::Info,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Error => Severity::Error,
    }
}

pub(super) fn exit_code(report: &Report, args: &CheckArgs) -> i32 {
    let fail_at = severity(args.fail_level);
    if !report.errors.is_empty() {
        EXIT_TROUBLE
    } else if !args.exit_zero && report.diagnostics.iter().any(|d| d.severity >= fail_at) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `file:///abs/path/` for SARIF's `%SRCROOT%`.
fn file_uri(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let path = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    let mut out = format!("file://{}", crate::report::encode_uri_path(&path));
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}
