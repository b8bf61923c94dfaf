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
    /// `--fix`: how many files were written, and the files that could not be.
    Written(usize, Vec<crate::diag::RunError>),
}

pub fn apply(args: &CheckArgs, opts: &LintOptions, report: &Report) -> Result<Outcome, Fatal> {
    let cwd = &opts.cwd;
    let stdin_display = opts.stdin.as_ref().map(|(p, t)| {
        let text = String::from_utf8_lossy(t).into_owned();
        (display_path(&cwd.join(p), cwd), text)
    });
    // Fixes are computed from the text that was linted, never from whatever
    // the file holds now.
    let read =
        |file: &str| crate::fix_apply::linted_text(report, stdin_display.as_ref(), cwd, file);
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
        eprintln!("cxlint: {}", crate::report::escape::escape(s));
    }
    if args.diff {
        // The diff replaces the report; the exit code is a normal check's.
        return Ok(Outcome::Diff(crate::fix_apply::diff_text(&plan, report)));
    }
    if let Some((d, t)) = &stdin_display {
        let fixed = plan
            .files
            .iter()
            .find(|f| f.file == *d)
            .map_or_else(|| t.clone(), |f| f.fixed.clone());
        return Ok(Outcome::Stdin(fixed));
    }
    let stdin_file = stdin_display.as_ref().map(|(d, _)| d.as_str());
    let applied = crate::fix_apply::write_plan(&plan, cwd, stdin_file);
    for n in &applied.notes {
        eprintln!("cxlint: {n}");
    }
    let (fixes, files) = (applied.fixes, applied.files);
    if !args.quiet || fixes > 0 {
        eprintln!(
            "cxlint: applied {fixes} fix{} in {files} file{}",
            if fixes == 1 { "" } else { "es" },
            if files == 1 { "" } else { "s" }
        );
    }
    if applied.interrupted {
        eprintln!("cxlint: interrupted");
        std::process::exit(130);
    }
    Ok(Outcome::Written(files, applied.errors))
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
