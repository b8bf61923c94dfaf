//! Command-line interface: argument definitions and the commands they run.
//! `main.rs` calls [`run`] and exits with its code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::diag::Severity;
use crate::engine::{self, LintOptions};
use crate::report::{self, Format, RenderOptions};
use crate::rules::Registry;

#[derive(Debug, Parser)]
#[command(
    name = "cxlint",
    version,
    about = "Find Genesys Cloud (CX as Code) Terraform misconfigurations before `terraform apply`",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the check variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (default: .)
    Check(CheckArgs),
    /// List every rule: code, name, severity, enabled, summary
    Rules(RulesArgs),
    /// Print a rule's full documentation (markdown)
    Explain {
        /// A rule code (GC001) or name (oauth-client-missing-partner-scope)
        rule: String,
    },
    /// Write a starter .cxlint.hcl in the current directory
    Init,
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Info,
    Warning,
    Error,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` with --stdin-filename reads standard input
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_level: FailLevel,
    /// Use this config instead of discovering .cxlint.hcl
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also load the rule files in DIR (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
    /// Run only these rules (codes or names; repeatable or comma-separated)
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Switch a rule on for this run (repeatable)
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub enable: Vec<String>,
    /// Switch a rule off for this run (repeatable)
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub disable: Vec<String>,
    /// Extra .tfvars file(s) used when evaluating expressions
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Apply safe fixes in place
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff without writing
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Colour (NO_COLOR is honoured)
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Print nothing for a clean run
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Lint standard input as if it were this file (pass `-` as the path)
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Worker threads (default: all cores)
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Print files, modules, bytes and time per stage to stderr
    #[arg(long)]
    pub stats: bool,
    /// Report only findings not recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (a baseline) and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// `table` (default) or `json`
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
    /// Use this config instead of discovering .cxlint.hcl
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also load the rule files in DIR (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
}

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

/// Run the command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain { rule } => explain(&rule),
        Command::Init => init(),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "cxlint", &mut buf);
            write_stdout(&buf)
        }
    }
}

/// Write to standard output; a closed or failing stdout is exit code 2, not
/// a panic (`cxlint rules | head -0`).
fn write_stdout(bytes: &[u8]) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprint_error(&format!("cannot write to standard output: {e}"));
            }
            EXIT_TROUBLE
        }
    }
}

fn escape(s: &str) -> String {
    crate::report::escape::escape(s).into_owned()
}

fn eprint_error(e: &dyn std::fmt::Display) {
    eprintln!("cxlint: error: {}", escape(&e.to_string()));
}

/// Load the rules (embedded, config's rules_dirs, --rules) and the config.
fn setup(
    config_path: Option<&PathBuf>,
    rules_dirs: &[PathBuf],
    cwd: &std::path::Path,
) -> Result<(Registry, Config), i32> {
    let config = match config_path {
        Some(p) => {
            let display = crate::discover::display_path(&cwd.join(p), cwd);
            Config::load(p, &display)
        }
        None => match config::discover(cwd) {
            Some(p) => {
                let display = crate::discover::display_path(&p, cwd);
                Config::load(&p, &display)
            }
            None => Ok(Config::default()),
        },
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprint_error(&e);
            return Err(EXIT_TROUBLE);
        }
    };
    let mut reg = match Registry::embedded() {
        Ok(r) => r,
        Err(errs) => {
            for e in errs {
                eprint_error(&e);
            }
            return Err(EXIT_TROUBLE);
        }
    };
    let mut failed = false;
    for dir in config.rules_dirs.iter().chain(rules_dirs.iter()) {
        let display = crate::discover::display_path(&cwd.join(dir), cwd);
        if let Err(errs) = reg.load_dir(dir, &display) {
            for e in errs {
                eprint_error(&e);
            }
            failed = true;
        }
    }
    if failed {
        return Err(EXIT_TROUBLE);
    }
    if let Err(e) = config.validate(&reg) {
        eprint_error(&e);
        return Err(EXIT_TROUBLE);
    }
    Ok((reg, config))
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

fn check(args: CheckArgs) -> i32 {
    if let Some(n) = args.threads {
        // Only fails if a pool was already built; the default then stays.
        // More threads than cores only costs memory (`-j 100000` would try
        // to start 100,000 threads).
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.clamp(1, cores))
            .build_global();
    }
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            eprint_error(&format!("cannot read the working directory: {e}"));
            return EXIT_TROUBLE;
        }
    };
    let (registry, config) = match setup(args.config.as_ref(), &args.rules_dirs, &cwd) {
        Ok(x) => x,
        Err(code) => return code,
    };
    for key in args
        .enable
        .iter()
        .chain(args.disable.iter())
        .chain(args.only.iter())
    {
        if registry.find(key).is_none() && engine::core_rule_name(key) == "core" {
            eprint_error(&format!("unknown rule `{key}` (see `cxlint rules`)"));
            return EXIT_TROUBLE;
        }
    }
    if args.stdin_filename.is_some() && args.paths.iter().any(|p| p.as_os_str() != "-") {
        eprint_error(&"paths cannot be given with --stdin-filename (only `-`, standard input)");
        return EXIT_TROUBLE;
    }
    let stdin = match &args.stdin_filename {
        Some(p) => {
            // Bounded like any file; a larger input becomes CX002 "too large".
            let cap = engine::MAX_FILE_BYTES;
            let bytes = match crate::file_policy::read_capped(&mut std::io::stdin().lock(), cap) {
                Ok(b) => b,
                Err(crate::file_policy::Refused::Io(e)) => {
                    eprint_error(&format!("cannot read standard input: {e}"));
                    return EXIT_TROUBLE;
                }
                Err(_) => vec![0; cap as usize + 1],
            };
            Some((p.clone(), bytes))
        }
        None => None,
    };
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let opts = LintOptions {
        paths,
        stdin,
        var_files: args.var_files.clone(),
        cwd: cwd.clone(),
        config: &config,
        registry: &registry,
        enable: args.enable.clone(),
        disable: args.disable.clone(),
        only: (!args.only.is_empty()).then(|| args.only.clone()),
    };
    let baseline = match &args.baseline {
        Some(p) => match crate::file_policy::read_config_file(p, engine::MAX_FILE_BYTES)
            .map_err(|e| crate::file_policy::describe(&e))
            .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string()))
            .and_then(|t| crate::baseline::Baseline::parse(&t))
        {
            Ok(b) => Some(b),
            Err(e) => {
                eprint_error(&format!("invalid baseline file {}: {e}", p.display()));
                return EXIT_TROUBLE;
            }
        },
        None => None,
    };
    let (mut report, mut stats) = engine::lint(&opts);
    // Never overwrite an input with a report or a baseline.
    for target in args.output.iter().chain(args.write_baseline.iter()) {
        if let Some(why) = crate::fix_apply::refuse_overwrite(target, &cwd, &stats.file_paths) {
            eprint_error(&why);
            return EXIT_TROUBLE;
        }
    }
    if let Some(p) = &args.write_baseline {
        let b = crate::baseline::from_report(&report);
        // The baseline stores messages: masked like any output.
        let json = report::mask::Masker::for_report(&report).mask(&b.to_json());
        return match std::fs::write(p, json) {
            Ok(()) => {
                eprintln!("wrote {} findings to {}", b.total(), p.display());
                // Files that could not be linted are missing from the baseline.
                for e in &report.errors {
                    let at = match (&e.file, e.line) {
                        (Some(f), Some(l)) => format!("{f}:{l}: "),
                        (Some(f), None) => format!("{f}: "),
                        _ => String::new(),
                    };
                    eprint_error(&format!("{at}{}", e.message));
                }
                if report.errors.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_TROUBLE
                }
            }
            Err(e) => {
                eprint_error(&format!("cannot write {}: {e}", p.display()));
                EXIT_TROUBLE
            }
        };
    }
    if let Some(b) = &baseline {
        b.filter(&mut report);
    }
    let mut write_errors = Vec::new();
    if args.fix || args.diff {
        let stdin_display = opts.stdin.as_ref().map(|(p, t)| {
            let display = crate::discover::display_path(&cwd.join(p), &cwd);
            (display, String::from_utf8_lossy(t).into_owned())
        });
        let read =
            |file: &str| crate::fix_apply::linted_text(&report, stdin_display.as_ref(), &cwd, file);
        let plan = crate::fix::plan(&report, &read);
        for s in &plan.skipped {
            eprintln!("cxlint: {}", crate::report::escape::escape(s));
        }
        if args.diff {
            // The diff replaces the report; the exit code is a normal check's.
            let text = crate::fix_apply::diff_text(&plan, &report);
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprint_error(&e);
                }
                return EXIT_TROUBLE;
            }
            return exit_code(&report, args.fail_level);
        }
        let stdin_file = stdin_display.as_ref().map(|(d, _)| d.as_str());
        let applied = crate::fix_apply::write_plan(&plan, &cwd, stdin_file);
        for n in &applied.notes {
            eprintln!("cxlint: {n}");
        }
        let (fixes, files) = (applied.fixes, applied.files);
        eprintln!(
            "cxlint: applied {fixes} fix{} in {files} file{}",
            if fixes == 1 { "" } else { "es" },
            if files == 1 { "" } else { "s" }
        );
        if applied.interrupted {
            eprint_error(&"interrupted");
            return 130;
        }
        // A file that could not be written is a run error, reported with
        // the rest of the report (exit code 2).
        write_errors = applied.errors;
        if files > 0 {
            (report, stats) = engine::lint(&opts);
            if let Some(b) = &baseline {
                b.filter(&mut report);
            }
        }
    }
    report.errors.extend(write_errors);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let ropts = RenderOptions {
        color: use_color(args.color, to_terminal),
        srcroot: Some(file_uri(&cwd)),
        ..RenderOptions::default()
    };
    let t = std::time::Instant::now();
    let clean = report.diagnostics.is_empty() && report.errors.is_empty();
    let text = if args.quiet && clean {
        String::new()
    } else {
        report::render(&report, args.format, &ropts)
    };
    let written = match &args.output {
        Some(p) => {
            std::fs::write(p, &text).map_err(|e| format!("cannot write {}: {e}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| e.to_string())
        }
    };
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
    if let Err(e) = written {
        // A closed pipe is not worth a second message.
        if !e.contains("Broken pipe") {
            eprint_error(&e);
        }
        return EXIT_TROUBLE;
    }
    exit_code(&report, args.fail_level)
}

fn exit_code(report: &crate::diag::Report, fail_level: FailLevel) -> i32 {
    let fail_at = match fail_level {
        FailLevel::Info => Severity::Info,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Error => Severity::Error,
    };
    if !report.errors.is_empty() {
        EXIT_TROUBLE
    } else if report.diagnostics.iter().any(|d| d.severity >= fail_at) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn file_uri(p: &std::path::Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

fn rules(args: RulesArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (registry, config) = match setup(args.config.as_ref(), &args.rules_dirs, &cwd) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let rows: Vec<(String, String, Severity, bool, String)> = registry
        .rules
        .iter()
        .map(|r| {
            let s = config.settings(&r.def.code, &r.def.name);
            (
                r.def.code.clone(),
                r.def.name.clone(),
                s.and_then(|s| s.severity).unwrap_or(r.def.severity),
                s.and_then(|s| s.enabled).unwrap_or(true),
                r.def.summary.clone(),
            )
        })
        .collect();
    if args.format == "json" {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(c, n, s, e, sum)| {
                serde_json::json!({"code": c, "name": n, "severity": s.as_str(), "enabled": e, "summary": sum})
            })
            .collect();
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        return write_stdout(format!("{text}\n").as_bytes());
    }
    let w = rows.iter().map(|r| r.1.len()).max().unwrap_or(4);
    let mut out = format!(
        "{:<6} {:<w$} {:<8} {:<7} SUMMARY\n",
        "CODE", "NAME", "SEVERITY", "ENABLED"
    );
    for (c, n, s, e, sum) in rows {
        // Rule files come from the repository: no control characters.
        let (n, sum) = (escape(&n), escape(&sum));
        out.push_str(&format!(
            "{c:<6} {n:<w$} {:<8} {:<7} {sum}\n",
            s.as_str(),
            if e { "yes" } else { "no" }
        ));
    }
    write_stdout(out.as_bytes())
}

fn explain(key: &str) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (registry, _) = match setup(None, &[], &cwd) {
        Ok(x) => x,
        Err(code) => return code,
    };
    match registry.find(key) {
        Some(r) => {
            let docs = crate::rules::docs::markdown(r);
            write_stdout(crate::report::escape::escape_keep_lines(&docs).as_bytes())
        }
        None => {
            eprint_error(&format!("unknown rule `{key}` (see `cxlint rules`)"));
            EXIT_TROUBLE
        }
    }
}

fn init() -> i32 {
    let path = PathBuf::from(config::FILE_NAME);
    if std::fs::symlink_metadata(&path).is_ok() {
        eprint_error(&format!(
            "{} already exists; not overwritten",
            config::FILE_NAME
        ));
        return EXIT_TROUBLE;
    }
    // `create_new`: never through a (dangling) symlink, never over a file
    // created since the check above.
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(config::STARTER.as_bytes()));
    match created {
        Ok(()) => write_stdout(format!("wrote {}\n", config::FILE_NAME).as_bytes()),
        Err(e) => {
            eprint_error(&format!("cannot write {}: {e}", config::FILE_NAME));
            EXIT_TROUBLE
        }
    }
}
