//! What cxlint may read, and how much. A hostile repository can hold a
//! `.tf` symlink to `/proc/self/environ`, `/dev/zero` or a key file, a FIFO,
//! or a file whose `stat` size is 0 but whose content never ends. Only
//! regular files inside the directories being linted are opened, without
//! following a final symlink and without blocking, the opened descriptor is
//! checked again with `fstat`, and every read stops at the size cap.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::parse::FileKind;

/// The largest `.cxlint.hcl` or rule file read.
pub const CONFIG_CAP: u64 = 4 * 1024 * 1024;

/// A one-line reason for a configuration or rule file error.
pub fn describe(r: &Refused) -> String {
    match r {
        Refused::NotRead(why) => format!("not read: {why}"),
        Refused::TooLarge => format!("file is too large (over {} MiB)", CONFIG_CAP >> 20),
        Refused::Io(e) => io_message(e),
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a file cxlint reads (the text says why): CX002 "not read: ...".
    NotRead(String),
    /// Larger than the cap (by `stat` or by what reading it produced).
    TooLarge,
    /// An I/O error (permission denied...).
    Io(std::io::Error),
}

/// Directory trees (canonical) whose files may be read through a symlink.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    roots: Vec<PathBuf>,
}

/// Trees that hold no configuration, only kernel and device files.
const SYSTEM: &[&str] = &["/proc", "/sys", "/dev"];

fn kind_name(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

fn not_regular(meta: &Metadata) -> Option<Refused> {
    (!meta.is_file()).then(|| {
        Refused::NotRead(format!(
            "{} is not a regular file",
            kind_name(&meta.file_type())
        ))
    })
}

/// Open without following a final symlink and without blocking (a FIFO
/// that slipped through a race would otherwise hang the run).
fn open_nofollow(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Read an opened file: `fstat` must say regular, and no more than `cap + 1`
/// bytes are read whatever the size says (`/proc` files claim 0).
fn read_open(mut f: File, cap: u64) -> Result<Vec<u8>, Refused> {
    let meta = f.metadata().map_err(Refused::Io)?;
    if let Some(r) = not_regular(&meta) {
        return Err(r);
    }
    if meta.len() > cap {
        return Err(Refused::TooLarge);
    }
    // Room for the whole file and the read that sees its end: no regrowing.
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).map_or(0, |n| n + 1));
    read_capped_into(&mut f, cap, &mut buf)?;
    Ok(buf)
}

/// At most `cap` bytes from `r`; `TooLarge` if there are more.
pub fn read_capped(r: &mut dyn Read, cap: u64) -> Result<Vec<u8>, Refused> {
    let mut buf = Vec::new();
    read_capped_into(r, cap, &mut buf)?;
    Ok(buf)
}

fn read_capped_into(r: &mut dyn Read, cap: u64, buf: &mut Vec<u8>) -> Result<(), Refused> {
    r.take(cap.saturating_add(1))
        .read_to_end(buf)
        .map_err(Refused::Io)?;
    if buf.len() as u64 > cap {
        return Err(Refused::TooLarge);
    }
    Ok(())
}

/// A file named by the user or the configuration (`.cxlint.hcl`, a rule
/// file): symlinks are followed, but it must be a regular file, is opened
/// without blocking, and is read up to `cap`.
pub fn read_config_file(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let meta = std::fs::metadata(path).map_err(Refused::Io)?;
    if let Some(r) = not_regular(&meta) {
        return Err(r);
    }
    let canonical = std::fs::canonicalize(path).map_err(Refused::Io)?;
    if SYSTEM.iter().any(|s| canonical.starts_with(s)) {
        return Err(Refused::NotRead("a system file is not read".into()));
    }
    read_open(open_nofollow(&canonical).map_err(Refused::Io)?, cap)
}

impl Policy {
    /// Files may be read from inside `roots` (directories or files; a file
    /// stands for its directory).
    pub fn new<I: IntoIterator<Item = PathBuf>>(roots: I) -> Self {
        let mut roots: Vec<PathBuf> = roots
            .into_iter()
            .filter_map(|p| {
                let c = std::fs::canonicalize(&p).ok().or_else(|| {
                    // A file to be read from stdin may not exist yet.
                    p.parent().and_then(|d| std::fs::canonicalize(d).ok())
                })?;
                if c.is_dir() {
                    Some(c)
                } else {
                    c.parent().map(Path::to_path_buf)
                }
            })
            .filter(|c| !SYSTEM.iter().any(|s| c.starts_with(s)))
            .collect();
        roots.sort();
        roots.dedup();
        Policy { roots }
    }

    fn inside(&self, p: &Path, link: &Path) -> bool {
        // The directory holding the link is being linted, so it counts too.
        let own = link
            .parent()
            .and_then(|d| std::fs::canonicalize(d).ok())
            .is_some_and(|d| p.starts_with(d));
        own || self.roots.iter().any(|r| p.starts_with(r))
    }

    /// Check that a symlink may be followed; the path to open if so.
    fn resolve_link(&self, path: &Path) -> Result<PathBuf, Refused> {
        let target = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Refused::NotRead("dangling symlink (its target does not exist)".into())
            }
            _ => Refused::NotRead(format!("symlink cannot be resolved: {}", io_message(&e))),
        })?;
        if SYSTEM.iter().any(|s| target.starts_with(s)) {
            return Err(Refused::NotRead(
                "symlink to a system file (/proc, /sys or /dev)".into(),
            ));
        }
        if !self.inside(&target, path) {
            return Err(Refused::NotRead(
                "symlink resolves outside the directories being linted".into(),
            ));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if FileKind::from_name(&name).is_none() {
            return Err(Refused::NotRead(
                "symlink to a file that is not a Terraform file".into(),
            ));
        }
        Ok(target)
    }

    /// Read a file being linted, under the policy and up to `cap` bytes.
    pub fn read(&self, path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
        let meta = std::fs::symlink_metadata(path).map_err(Refused::Io)?;
        let open_path = if meta.file_type().is_symlink() {
            self.resolve_link(path)?
        } else {
            if let Some(r) = not_regular(&meta) {
                return Err(r);
            }
            path.to_path_buf()
        };
        let f = open_nofollow(&open_path).map_err(|e| {
            if e.raw_os_error() == Some(libc_eloop()) {
                Refused::NotRead("became a symlink while being read".into())
            } else {
                Refused::Io(e)
            }
        })?;
        read_open(f, cap)
    }

    /// [`Policy::read`] for a file that a directory listing said is a
    /// regular file: no `lstat` first. Opening refuses a final symlink and
    /// `fstat` checks the opened file, so a file replaced since the listing
    /// is refused as before.
    pub fn read_listed_file(&self, path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
        match open_nofollow(path) {
            Ok(f) => read_open(f, cap),
            // A symlink now: decide as for any symlink.
            Err(e) if e.raw_os_error() == Some(libc_eloop()) => self.read(path, cap),
            Err(e) => Err(Refused::Io(e)),
        }
    }
}

fn libc_eloop() -> i32 {
    #[cfg(unix)]
    {
        libc::ELOOP
    }
    #[cfg(not(unix))]
    {
        -1
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_fifos_and_outside_links_are_refused_and_reads_are_capped() {
        let t = tempfile::tempdir().expect("tempdir");
        let d = t.path();
        let policy = Policy::new([d.to_path_buf()]);
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.tf")).expect("link");
        std::os::unix::fs::symlink("/proc/self/environ", d.join("env.tf")).expect("link");
        std::os::unix::fs::symlink("/nonexistent.tf", d.join("dangling.tf")).expect("link");
        std::fs::write(d.join("key"), "secret").expect("write");
        std::os::unix::fs::symlink(d.join("key"), d.join("key.tf")).expect("link");
        std::fs::write(d.join("ok.tf"), "a = 1\n").expect("write");
        std::os::unix::fs::symlink(d.join("ok.tf"), d.join("alias.tf")).expect("link");
        for name in ["zero.tf", "env.tf", "dangling.tf", "key.tf"] {
            let r = policy.read(&d.join(name), 1024);
            assert!(matches!(r, Err(Refused::NotRead(_))), "{name}: {r:?}");
        }
        assert_eq!(
            policy.read(&d.join("alias.tf"), 1024).ok(),
            Some(b"a = 1\n".to_vec())
        );
        assert!(matches!(
            policy.read(&d.join("ok.tf"), 3),
            Err(Refused::TooLarge)
        ));
        let mut zero = std::fs::File::open("/dev/zero").expect("zero");
        assert!(matches!(read_capped(&mut zero, 10), Err(Refused::TooLarge)));
    }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s.get(..i).unwrap_or(&s).to_lowercase(),
                None => s,
            }
        }
    }
}
