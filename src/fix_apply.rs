//! `--fix` and `--diff` on top of a [`Plan`]: the texts are the ones that
//! were linted, writes go through [`crate::safe_write`], and the diff is
//! escaped and masked like every other output.

use std::path::Path;

use crate::diag::{Report, RunError};
use crate::fix::Plan;
use crate::report::escape;
use crate::report::mask::Masker;
use crate::safe_write::{self, NotWritten};

/// The text a fix is computed from: what was linted (the report's copy, or
/// standard input), read from disk only for a file no diagnostic points at.
pub fn linted_text(
    report: &Report,
    stdin: Option<&(String, String)>,
    cwd: &Path,
    file: &str,
) -> Option<String> {
    if let Some((d, t)) = stdin {
        if d == file {
            return Some(t.clone());
        }
    }
    if let Some(src) = report.source(file) {
        return Some(src.text.to_string());
    }
    let bytes =
        crate::file_policy::read_config_file(&cwd.join(file), crate::engine::MAX_FILE_BYTES)
            .ok()?;
    String::from_utf8(bytes).ok()
}

/// The unified diff of every planned file: paths and lines escaped (no
/// forged header, no terminal control), secrets masked.
pub fn diff_text(plan: &Plan, report: &Report) -> String {
    let text: String = plan
        .files
        .iter()
        .map(|f| {
            let path = escape::escape(&f.file);
            let d = crate::fix::unified_diff(&path, &f.original, &f.fixed);
            d.split_inclusive('\n')
                .map(escape_diff_line)
                .collect::<String>()
        })
        .collect();
    Masker::for_report(report).mask(&text)
}

fn escape_diff_line(line: &str) -> String {
    let (body, end) = match line.strip_suffix("\r\n") {
        Some(b) => (b, "\r\n"),
        None => match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        },
    };
    format!("{}{end}", escape::escape(body))
}

/// What writing the plan did.
#[derive(Debug, Default)]
pub struct Applied {
    pub fixes: usize,
    pub files: usize,
    /// Files that could not be written: run errors (exit code 2).
    pub errors: Vec<RunError>,
    /// Lines for stderr.
    pub notes: Vec<String>,
    pub interrupted: bool,
}

/// Write every planned file that still holds what was linted.
pub fn write_plan(plan: &Plan, cwd: &Path, stdin_display: Option<&str>) -> Applied {
    let mut out = Applied::default();
    safe_write::guard_signals();
    for f in &plan.files {
        let shown = escape::escape(&f.file).into_owned();
        if stdin_display == Some(f.file.as_str()) {
            out.notes.push(format!(
                "{shown}: standard input is not written; use --diff"
            ));
            continue;
        }
        let r = safe_write::resolve(cwd, &f.file, f.original.as_bytes())
            .and_then(|p| safe_write::replace(&p, f.original.as_bytes(), f.fixed.as_bytes()));
        match r {
            Ok(()) => {
                out.fixes += f.fixes;
                out.files += 1;
            }
            Err(NotWritten::Io(e)) => {
                let message = format!(
                    "cannot write {shown}: {}",
                    crate::load::discover::io_message(&e)
                );
                out.notes.push(format!("error: {message}"));
                out.errors.push(RunError {
                    file: Some(f.file.clone()),
                    line: None,
                    message,
                });
            }
            Err(why) => out.notes.push(format!("{shown}: {why}")),
        }
        if safe_write::interrupted() {
            out.interrupted = true;
            break;
        }
    }
    out
}

/// Why `target` (`--output`, `--write-baseline`) must not be written: it is
/// one of the inputs (a file that was linted, a Terraform, HCL or tfvars
/// file, the configuration). `None` when it may be written.
pub fn refuse_overwrite(
    target: &Path,
    cwd: &Path,
    inputs: &[std::sync::Arc<str>],
) -> Option<String> {
    let name = target.file_name()?.to_string_lossy().into_owned();
    let shown = escape::escape(&target.to_string_lossy()).into_owned();
    if crate::parse::FileKind::from_name(&name).is_some() || name.ends_with(".hcl") {
        return Some(format!(
            "refusing to write {shown}: it is a Terraform or HCL file (an input)"
        ));
    }
    let canonical = std::fs::canonicalize(cwd.join(target)).ok()?;
    let same_file = same_file_as(&canonical);
    inputs
        .iter()
        .map(|f| cwd.join(&**f))
        .filter(|p| same_file(p))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .any(|p| p == canonical)
        .then(|| format!("refusing to write {shown}: it is one of the files being linted"))
}

/// A cheap first test for "canonicalizes to `canonical`": a path can only
/// if it names the same file (device and inode), which one `stat` tells; a
/// `realpath` of every input was a readlink per path component.
fn same_file_as(canonical: &Path) -> impl Fn(&Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let id = std::fs::metadata(canonical)
            .ok()
            .map(|m| (m.dev(), m.ino()));
        move |p: &Path| {
            id.is_some_and(|id| std::fs::metadata(p).is_ok_and(|m| (m.dev(), m.ino()) == id))
        }
    }
    #[cfg(not(unix))]
    {
        let _ = canonical;
        |_: &Path| true
    }
}
