//! `--fix` and `--diff`: the edits of the fixable findings, written
//! atomically or printed as a unified diff.

use crate::cli::CheckArgs;
use crate::diag::Report;
use crate::engine::LintOptions;
use crate::error::Fatal;
use crate::load::display_path;

pub enum Outcome {
    /// `--diff`: the text to print instead of the report.
    Diff(String),
    /// `--fix` of standard input: the fixed text, printed instead of the
    /// report (nothing is written).
    Stdin(String),
    /// `--fix`: how many files were written.
    Written(usize),
}

pub fn apply(args: &CheckArgs, opts: &LintOptions, report: &Report) -> Result<Outcome, Fatal> {
    let cwd = &opts.cwd;
    let stdin_display = opts
        .stdin
        .as_ref()
        .map(|(p, t)| (display_path(&cwd.join(p), cwd), t.clone()));
    let read = |file: &str| -> Option<String> {
        match &stdin_display {
            Some((d, t)) if d == file => Some(t.clone()),
            _ => std::fs::read_to_string(cwd.join(file)).ok(),
        }
    };
    // Only files that are reported on are edited: with named files, only
    // those (a finding in main.tf caused by a named .tfvars is not fixed).
    let mut reported = report.clone();
    reported.diagnostics.retain(|d| {
        d.fix.as_ref().is_none_or(|f| {
            f.edits
                .iter()
                .all(|e| may_edit(args, opts, stdin_display.as_ref(), &e.location.file))
        })
    });
    let plan = crate::fix::plan(&reported, &read);
    for s in &plan.skipped {
        eprintln!("cxlint: {s}");
    }
    if args.diff {
        // The diff replaces the report; the exit code is a normal check's.
        let text: String = plan
            .files
            .iter()
            .map(|f| crate::fix::unified_diff(&f.file, &f.original, &f.fixed))
            .collect();
        return Ok(Outcome::Diff(text));
    }
    if let Some((d, t)) = &stdin_display {
        let fixed = plan
            .files
            .iter()
            .find(|f| f.file == *d)
            .map_or_else(|| t.clone(), |f| f.fixed.clone());
        return Ok(Outcome::Stdin(fixed));
    }
    let mut failed = Vec::new();
    let (mut fixes, mut files) = (0, 0);
    for f in &plan.files {
        if stdin_display.as_ref().is_some_and(|(d, _)| *d == f.file) {
            eprintln!(
                "cxlint: {}: standard input is not written; use --diff",
                f.file
            );
            continue;
        }
        match crate::fix::write_atomic(&cwd.join(&f.file), &f.fixed) {
            Ok(()) => {
                fixes += f.fixes;
                files += 1;
            }
            Err(e) => failed.push(format!("cannot write {}: {e}", f.file)),
        }
    }
    if !args.quiet || fixes > 0 {
        eprintln!(
            "cxlint: applied {fixes} fix{} in {files} file{}",
            if fixes == 1 { "" } else { "es" },
            if files == 1 { "" } else { "s" }
        );
    }
    if !failed.is_empty() {
        return Err(Fatal::Io(failed.join("\n")));
    }
    Ok(Outcome::Written(files))
}

/// Whether `--fix` may edit `file` (a display path): the standard-input
/// file only, or a named file, or a file below a named directory.
fn may_edit(
    args: &CheckArgs,
    opts: &LintOptions,
    stdin: Option<&(String, String)>,
    file: &str,
) -> bool {
    if let Some((d, _)) = stdin {
        return d == file;
    }
    let abs = crate::load::normalize(&opts.cwd.join(file));
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(".".into());
    }
    paths.iter().any(|p| {
        let named = crate::load::normalize(&opts.cwd.join(p));
        abs == named || (named.is_dir() && abs.starts_with(&named))
    })
}
