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
    let plan = crate::fix::plan(report, &read);
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
    eprintln!(
        "cxlint: applied {fixes} fix{} in {files} file{}",
        if fixes == 1 { "" } else { "es" },
        if files == 1 { "" } else { "s" }
    );
    if !failed.is_empty() {
        return Err(Fatal::Io(failed.join("\n")));
    }
    Ok(Outcome::Written(files))
}
