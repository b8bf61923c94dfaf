//! Reading one file (size cap, UTF-8) and parsing it (under `catch_unwind`):
//! every failure becomes a diagnostic (CX001, CX002, CX006), never a panic.

use super::FileEntry;
use crate::diag::{Diagnostic, Location, Related, RunError};
use crate::file_policy::{Policy, Refused};
use crate::model::File;
use crate::parse::{self, FileKind};
use crate::rules::core::Core;
use crate::source::SourceFile;

/// The largest file cxlint reads; bigger ones get CX002. Parsing needs about
/// 30 times the file size in memory (a 50 MiB file peaked at 1.6 GB), so the
/// cap keeps one file under about 2 GB. See docs/limits.md.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A loaded file with what to report about it.
pub type LoadOutcome = (File, Option<Diagnostic>, Option<RunError>);

/// A file's text, or what to report instead.
pub type ReadResult = Result<String, Box<LoadOutcome>>;

/// Read and parse one file.
pub fn load(entry: &FileEntry, policy: &Policy) -> LoadOutcome {
    match read(entry, None, policy) {
        Ok(text) => parse_text(entry.kind, &entry.display, text),
        Err(failed) => *failed,
    }
}

fn empty(entry: &FileEntry, text: String) -> File {
    File {
        source: SourceFile::new(entry.display.clone(), text),
        kind: entry.kind,
        body: None,
    }
}

/// Read a file (or the text given for it on standard input or by an
/// editor) under the file policy (`src/file_policy.rs`): what is not read
/// becomes a CX002, and every read is bounded whatever `stat` says.
pub fn read(entry: &FileEntry, given: Option<&[u8]>, policy: &Policy) -> ReadResult {
    let bytes = match given {
        Some(t) if t.len() as u64 > MAX_FILE_BYTES => Err(Refused::TooLarge),
        Some(t) => Ok(t.to_vec()),
        None if entry.regular => policy.read_listed_file(&entry.path, MAX_FILE_BYTES),
        None => policy.read(&entry.path, MAX_FILE_BYTES),
    };
    match bytes {
        Ok(b) => decode(entry, b),
        Err(Refused::TooLarge) => Err(too_large(entry)),
        Err(Refused::NotRead(why)) => Err(not_read(entry, &why)),
        Err(Refused::Io(e)) => Err(unreadable(entry, &e)),
    }
}

fn not_read(entry: &FileEntry, why: &str) -> Box<LoadOutcome> {
    let f = empty(entry, String::new());
    let d = Core::UnreadableFile.diag(
        format!("not read: {why}"),
        Location::new(&f.source, 0..0),
        Some("cxlint reads only regular files inside the directories it lints".into()),
    );
    Box::new((f, Some(d), None))
}

fn decode(entry: &FileEntry, bytes: Vec<u8>) -> ReadResult {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(bytes.get(..at).unwrap_or(&[])).into_owned();
        let f = empty(entry, prefix);
        let d = Core::UnreadableFile.diag(
            format!("file is not valid UTF-8 (invalid byte at offset {at})"),
            Location::new(&f.source, at..at),
            Some("save the file as UTF-8".into()),
        );
        Box::new((f, Some(d), None))
    })
}

fn unreadable(entry: &FileEntry, e: &std::io::Error) -> Box<LoadOutcome> {
    let f = empty(entry, String::new());
    let msg = crate::file_policy::io_message(e);
    let d = Core::UnreadableFile.diag(
        format!("cannot read file: {msg}"),
        Location::new(&f.source, 0..0),
        None,
    );
    let re = RunError {
        file: Some(entry.display.clone()),
        line: None,
        message: msg,
    };
    Box::new((f, Some(d), Some(re)))
}

fn too_large(entry: &FileEntry) -> Box<LoadOutcome> {
    let f = empty(entry, String::new());
    let d = Core::UnreadableFile.diag(
        format!(
            "file is too large (over {} MiB); skipped",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        Location::new(&f.source, 0..0),
        Some("split the file, or exclude it in .cxlint.hcl".into()),
    );
    Box::new((f, Some(d), None))
}

/// Parse already-read text as a file of `kind` shown as `display`. Never
/// panics on input; errors become CX001 (or CX006 for a parser panic).
pub fn parse_text(kind: FileKind, display: &str, text: String) -> LoadOutcome {
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
    let (body, diag, error) = match parsed {
        Ok(Ok(body)) => (Some(body), None, None),
        Ok(Err(e)) => {
            let loc = Location::new(&source, e.offset..e.offset);
            let mut d = Core::SyntaxError.diag(e.message, loc, None);
            // An unclosed string, heredoc, bracket, block or comment: where it opens.
            if let Some((at, note)) = e.related {
                d.related.push(Related {
                    location: Location::new(&source, at..at),
                    message: note,
                });
            }
            (None, Some(d), None)
        }
        Err(_) => {
            let loc = Location::new(&source, 0..0);
            let re = RunError {
                file: Some(display.to_string()),
                line: None,
                message: "internal error while parsing".into(),
            };
            (
                None,
                Some(Core::internal_error(loc, "parsing this file")),
                Some(re),
            )
        }
    };
    (File { source, kind, body }, diag, error)
}
