//! Replacing a file for `--fix` without ever corrupting it.
//!
//! The edits were computed from the bytes that were linted. Between the lint
//! and the write an editor, `terraform fmt` or another cxlint may have saved
//! the file, so immediately before the rename the file is locked, checked to
//! be the same file (device and inode) still holding exactly those bytes,
//! and left untouched otherwise. The replacement keeps owner, group, mode
//! and extended attributes; a hard-linked or read-only file is not
//! rewritten; a temporary file is removed even on SIGINT/SIGTERM.

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Why a file was not replaced.
#[derive(Debug)]
pub enum NotWritten {
    /// The file changed since it was linted (or is another file now).
    Changed,
    /// More than one name refers to it; replacing one would split them.
    HardLinked(u64),
    /// Its mode gives nobody write permission.
    ReadOnly,
    /// Its name is not UTF-8 and cannot be found unambiguously.
    Name(String),
    Io(std::io::Error),
}

impl std::fmt::Display for NotWritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotWritten::Changed => write!(f, "the file changed since it was linted; not fixed"),
            NotWritten::HardLinked(n) => write!(
                f,
                "the file has {n} hard links; not fixed (replacing it would split them)"
            ),
            NotWritten::ReadOnly => write!(f, "the file is read-only; not fixed"),
            NotWritten::Name(why) => write!(f, "{why}; not fixed"),
            NotWritten::Io(e) => {
                write!(f, "cannot write: {}", crate::load::discover::io_message(e))
            }
        }
    }
}

/// The real path of a file shown as `display` (relative to `cwd`). Names
/// that are not UTF-8 are shown with U+FFFD; the directory is searched for
/// the one entry that shows the same and holds the linted bytes.
pub fn resolve(cwd: &Path, display: &str, linted: &[u8]) -> Result<PathBuf, NotWritten> {
    let shown = cwd.join(display);
    if !display.contains('\u{FFFD}') {
        return Ok(shown);
    }
    let dir = shown.parent().unwrap_or(cwd);
    let name = shown.file_name().map(|n| n.to_string_lossy().into_owned());
    if dir.to_string_lossy().contains('\u{FFFD}') {
        return Err(NotWritten::Name("its directory name is not UTF-8".into()));
    }
    let candidates: Vec<OsString> = std::fs::read_dir(dir)
        .map_err(NotWritten::Io)?
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| Some(n.to_string_lossy().into_owned()) == name)
        .filter(|n| std::fs::read(dir.join(n)).is_ok_and(|b| b == linted))
        .collect();
    match candidates.as_slice() {
        [one] => Ok(dir.join(one)),
        _ => Err(NotWritten::Name(
            "its name is not UTF-8 and matches more than one file".into(),
        )),
    }
}

static PENDING: AtomicUsize = AtomicUsize::new(0);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    // Only async-signal-safe work here: exit at once when no temporary file
    // exists, else let the writer finish (or remove) it and exit.
    INTERRUPTED.store(true, Ordering::SeqCst);
    if PENDING.load(Ordering::SeqCst) == 0 {
        // SAFETY: `_exit` is async-signal-safe.
        unsafe { libc::_exit(130) };
    }
}

/// Install the SIGINT/SIGTERM handler for the duration of `--fix` writes.
pub fn guard_signals() {
    #[cfg(unix)]
    {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: installing a handler that only touches atomics and `_exit`.
        unsafe {
            libc::signal(libc::SIGINT, handler);
            libc::signal(libc::SIGTERM, handler);
        }
    }
}

/// True once SIGINT/SIGTERM arrived during the writes: stop and exit 130.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Counts a temporary file as pending while it exists.
struct Pending;

impl Pending {
    fn new() -> Self {
        PENDING.fetch_add(1, Ordering::SeqCst);
        Pending
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        PENDING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Replace the file at `path` (the target of a symlink, which stays a link)
/// with `new`, if it still holds exactly `linted`.
pub fn replace(path: &Path, linted: &[u8], new: &[u8]) -> Result<(), NotWritten> {
    let path = std::fs::canonicalize(path).map_err(NotWritten::Io)?;
    let mut f = File::open(&path).map_err(NotWritten::Io)?;
    lock(&f)?;
    let meta = f.metadata().map_err(NotWritten::Io)?;
    check_writable(&path, &meta)?;
    if !holds(&mut f, linted)? {
        return Err(NotWritten::Changed);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let _pending = Pending::new();
    let mut tmp = tempfile::Builder::new()
        .prefix(".cxlint-fix-")
        .tempfile_in(dir)
        .map_err(NotWritten::Io)?;
    tmp.write_all(new).map_err(NotWritten::Io)?;
    copy_metadata(&f, tmp.as_file(), &meta)?;
    tmp.as_file().sync_all().map_err(NotWritten::Io)?;
    // Last check right before the rename: same file, same bytes.
    if !same_file(&path, &meta)? || !holds(&mut f, linted)? {
        return Err(NotWritten::Changed);
    }
    tmp.persist(&path).map_err(|e| NotWritten::Io(e.error))?;
    Ok(())
}

/// An exclusive advisory lock, so that two cxlint runs never interleave.
fn lock(f: &File) -> Result<(), NotWritten> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(NotWritten::Io(std::io::Error::last_os_error()));
        }
    }
    Ok(())
}

fn check_writable(path: &Path, meta: &std::fs::Metadata) -> Result<(), NotWritten> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(NotWritten::HardLinked(meta.nlink()));
        }
        if meta.mode() & 0o222 == 0 {
            return Err(NotWritten::ReadOnly);
        }
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) {
            // SAFETY: a NUL-terminated path.
            if unsafe { libc::access(c.as_ptr(), libc::W_OK) } != 0 {
                return Err(NotWritten::ReadOnly);
            }
        }
    }
    let _ = (path, meta);
    Ok(())
}

fn holds(f: &mut File, linted: &[u8]) -> Result<bool, NotWritten> {
    f.rewind().map_err(NotWritten::Io)?;
    let mut now = Vec::with_capacity(linted.len());
    f.take(linted.len() as u64 + 1)
        .read_to_end(&mut now)
        .map_err(NotWritten::Io)?;
    Ok(now == linted)
}

fn same_file(path: &Path, meta: &std::fs::Metadata) -> Result<bool, NotWritten> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = std::fs::symlink_metadata(path).map_err(NotWritten::Io)?;
        return Ok(now.dev() == meta.dev() && now.ino() == meta.ino());
    }
    #[allow(unreachable_code)]
    {
        let _ = (path, meta);
        Ok(true)
    }
}

/// Owner, group, mode and extended attributes of `from` onto `to`.
fn copy_metadata(from: &File, to: &File, meta: &std::fs::Metadata) -> Result<(), NotWritten> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::os::unix::fs::fchown(to, Some(meta.uid()), Some(meta.gid()))
            .map_err(NotWritten::Io)?;
        copy_xattrs(from, to)?;
    }
    to.set_permissions(meta.permissions())
        .map_err(NotWritten::Io)?;
    let _ = from;
    Ok(())
}

#[cfg(target_os = "linux")]
fn copy_xattrs(from: &File, to: &File) -> Result<(), NotWritten> {
    use std::os::unix::io::AsRawFd;
    let (src, dst) = (from.as_raw_fd(), to.as_raw_fd());
    let err = || NotWritten::Io(std::io::Error::last_os_error());
    // SAFETY: size query with a null buffer.
    let n = unsafe { libc::flistxattr(src, std::ptr::null_mut(), 0) };
    if n < 0 {
        let e = std::io::Error::last_os_error();
        // A file system without extended attributes has none to keep.
        return match e.raw_os_error() {
            Some(libc::ENOTSUP) => Ok(()),
            _ => Err(NotWritten::Io(e)),
        };
    }
    let mut names = vec![0u8; n as usize];
    // SAFETY: the buffer holds `names.len()` bytes.
    let n = unsafe { libc::flistxattr(src, names.as_mut_ptr().cast(), names.len()) };
    if n < 0 {
        return Err(err());
    }
    names.truncate(n as usize);
    for name in names.split(|b| *b == 0).filter(|s| !s.is_empty()) {
        let Ok(cname) = std::ffi::CString::new(name) else {
            continue;
        };
        // SAFETY: size query with a null buffer.
        let len = unsafe { libc::fgetxattr(src, cname.as_ptr(), std::ptr::null_mut(), 0) };
        if len < 0 {
            return Err(err());
        }
        let mut value = vec![0u8; len as usize];
        // SAFETY: the buffer holds `value.len()` bytes.
        let len =
            unsafe { libc::fgetxattr(src, cname.as_ptr(), value.as_mut_ptr().cast(), value.len()) };
        if len < 0 {
            return Err(err());
        }
        // SAFETY: `value` holds `len` bytes.
        let rc =
            unsafe { libc::fsetxattr(dst, cname.as_ptr(), value.as_ptr().cast(), len as usize, 0) };
        if rc != 0 {
            return Err(err());
        }
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "linux")))]
fn copy_xattrs(_: &File, _: &File) -> Result<(), NotWritten> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_the_lint_is_left_alone() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("a.tf");
        std::fs::write(&p, "edited by someone else").expect("write");
        let r = replace(&p, b"what was linted", b"fixed");
        assert!(matches!(r, Err(NotWritten::Changed)), "{r:?}");
        assert_eq!(std::fs::read(&p).expect("read"), b"edited by someone else");
        std::fs::write(&p, "what was linted").expect("write");
        replace(&p, b"what was linted", b"fixed").expect("replace");
        assert_eq!(std::fs::read(&p).expect("read"), b"fixed");
        assert_eq!(std::fs::read_dir(t.path()).expect("ls").count(), 1);
    }

    #[test]
    fn hard_links_and_read_only_files_are_not_rewritten() {
        use std::os::unix::fs::PermissionsExt;
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("a.tf");
        std::fs::write(&p, "x").expect("write");
        std::fs::hard_link(&p, t.path().join("b.tf")).expect("link");
        assert!(matches!(
            replace(&p, b"x", b"y"),
            Err(NotWritten::HardLinked(2))
        ));
        std::fs::remove_file(t.path().join("b.tf")).expect("rm");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        assert!(matches!(replace(&p, b"x", b"y"), Err(NotWritten::ReadOnly)));
        assert_eq!(std::fs::read(&p).expect("read"), b"x");
    }
}
