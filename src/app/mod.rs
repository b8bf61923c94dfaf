//! The commands: one file each. `main.rs` parses the arguments and exits
//! with what [`run`] returns.

mod check;
mod fix;
mod inspect;
mod nested;
mod rules;

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::config::{self, Config};
use crate::error::Fatal;
use crate::load::display_path;
use crate::rules::Registry;

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

/// Run the command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Check(args) => check::check(args),
        Command::Rules(args) => rules::list(args),
        Command::Explain {
            rule,
            config,
            rules_dirs,
        } => rules::explain(&rule, config.as_ref(), &rules_dirs),
        Command::Inspect(args) => Ok(inspect::run(args)),
        Command::Lsp => Ok(crate::lsp::run_stdio()),
        Command::Init => init(),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "cxlint", &mut buf);
            write_stdout(&buf).map(|()| EXIT_OK)
        }
    };
    result.unwrap_or_else(|fatal| {
        fatal.print();
        EXIT_TROUBLE
    })
}

fn cwd() -> Result<PathBuf, Fatal> {
    std::env::current_dir()
        .map_err(|e| Fatal::Io(format!("cannot read the working directory: {e}")))
}

/// Load the rules (embedded, the config's `rules_dirs`, `--rules`) and the
/// config, each checked against the other.
fn setup(
    config_path: Option<&PathBuf>,
    rules_dirs: &[PathBuf],
    cwd: &Path,
) -> Result<(Registry, Config), Fatal> {
    setup_from(config_path, rules_dirs, cwd, cwd)
}

/// [`setup`] with `.cxlint.hcl` discovered from `start` (the directory of
/// what is linted) instead of the working directory.
fn setup_from(
    config_path: Option<&PathBuf>,
    rules_dirs: &[PathBuf],
    cwd: &Path,
    start: &Path,
) -> Result<(Registry, Config), Fatal> {
    let found = match config_path {
        Some(p) => Some((cwd.join(p), display_path(&cwd.join(p), cwd))),
        None => config::discover(start).map(|p| {
            let d = display_path(&p, cwd);
            (p, d)
        }),
    };
    if let Some((p, display)) = &found {
        if let Err(e) = std::fs::metadata(p) {
            return Err(Fatal::Usage(format!(
                "--config {display}: {}",
                crate::load::io_message(&e)
            )));
        }
    }
    setup_with(found.as_ref(), rules_dirs, cwd)
}

/// [`setup`] with this config file (path and how it is displayed), or none.
fn setup_with(
    found: Option<&(PathBuf, String)>,
    rules_dirs: &[PathBuf],
    cwd: &Path,
) -> Result<(Registry, Config), Fatal> {
    let config_text = |p: &Path| bounded_text(p);
    let config = match found {
        Some((p, display)) => {
            Config::load(p, display).map_err(|e| Fatal::config(e, config_text(p).as_deref()))?
        }
        None => Config::default(),
    };
    let read_rule = |name: &str| bounded_text(&cwd.join(name));
    let mut reg = Registry::embedded().map_err(|e| Fatal::rule_files(e, &|_| None))?;
    let mut errors = Vec::new();
    for dir in config.rules_dirs.iter().chain(rules_dirs.iter()) {
        let display = display_path(&cwd.join(dir), cwd);
        if let Err(errs) = reg.load_dir(dir, &display) {
            errors.extend(errs);
        }
    }
    if !errors.is_empty() {
        return Err(Fatal::rule_files(errors, &read_rule));
    }
    if let Err(e) = config.validate(&reg) {
        return Err(Fatal::config(e, Some(&config.text)));
    }
    Ok((reg, config))
}

/// A config or rule file's text for labelling an error: read under the
/// file policy (a FIFO or device is never opened), `None` when refused.
fn bounded_text(p: &Path) -> Option<String> {
    let bytes = crate::file_policy::read_config_file(p, crate::file_policy::CONFIG_CAP).ok()?;
    String::from_utf8(bytes).ok()
}

/// Write to standard output; a closed or failing stdout is exit 2, never a
/// panic.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), Fatal> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Fatal::Io(format!("cannot write to standard output: {e}")))
}

fn init() -> Result<i32, Fatal> {
    let path = PathBuf::from(config::FILE_NAME);
    // `symlink_metadata`: a dangling symlink named .cxlint.hcl exists too,
    // and is never written through.
    if path.symlink_metadata().is_ok() {
        return Err(Fatal::Usage(format!(
            "{} already exists; not overwritten",
            config::FILE_NAME
        )));
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, config::STARTER.as_bytes()))
        .map_err(|e| Fatal::Io(format!("cannot write {}: {e}", config::FILE_NAME)))?;
    write_stdout(format!("wrote {}\n", config::FILE_NAME).as_bytes())?;
    Ok(EXIT_OK)
}
