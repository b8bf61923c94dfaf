//! File and path functions. Files are read only inside the configuration's
//! root directory (where Terraform would run), up to `MAX_FILE` bytes;
//! anything else is unknown.

use std::path::{Path, PathBuf};

use md5::Md5;
use sha1::Sha1;
use sha2::{Sha256, Sha512};

use super::crypto::{digest, to_hex};
use super::encoding::base64;
use super::{arity, done, str_arg, FnEnv};
use crate::eval::cty::{Type, Val};

/// Largest file a file function reads.
pub const MAX_FILE: u64 = 1 << 20;

pub fn call(env: &FnEnv, name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "file" => read(env, a).and_then(|b| utf8(b).map(Val::str)),
        "fileexists" => exists(env, a),
        "filebase64" => read(env, a).map(|b| Val::str(base64(&b))),
        "filemd5" => read(env, a).map(|b| Val::str(to_hex(&digest::<Md5>(&b)))),
        "filesha1" => read(env, a).map(|b| Val::str(to_hex(&digest::<Sha1>(&b)))),
        "filesha256" => read(env, a).map(|b| Val::str(to_hex(&digest::<Sha256>(&b)))),
        "filesha512" => read(env, a).map(|b| Val::str(to_hex(&digest::<Sha512>(&b)))),
        "filebase64sha256" => read(env, a).map(|b| Val::str(base64(&digest::<Sha256>(&b)))),
        "filebase64sha512" => read(env, a).map(|b| Val::str(base64(&digest::<Sha512>(&b)))),
        "basename" => path1(a).map(|p| Val::str(base_name(&p))),
        "dirname" => path1(a).map(|p| Val::str(dir_name(&p))),
        // Depend on the working directory or the home directory.
        "fileset" => fileset(env, a),
        // Depend on the machine (its absolute paths, its home directory).
        "abspath" | "pathexpand" => Err(Val::dyn_unknown()),
        _ => return None,
    };
    done(r)
}

fn path1(a: &[Val]) -> Result<std::rc::Rc<str>, Val> {
    arity(a, 1)?;
    str_arg(a, 0, &Type::String)
}

fn utf8(b: Vec<u8>) -> Result<String, Val> {
    String::from_utf8(b).map_err(|_| Val::err("contents of the file are not valid UTF-8"))
}

/// The file `p` names, if it lies inside the root directory. `Err` with an
/// unknown when we may not or cannot tell.
pub fn confined(env: &FnEnv, p: &str) -> Result<PathBuf, Val> {
    let root = env.root.ok_or_else(Val::dyn_unknown)?;
    let root = root.canonicalize().map_err(|_| Val::dyn_unknown())?;
    let joined = if Path::new(p).is_absolute() {
        PathBuf::from(p)
    } else {
        root.join(p)
    };
    match joined.canonicalize() {
        Ok(c) if c.starts_with(&root) => Ok(c),
        Ok(_) => Err(Val::dyn_unknown()),
        // Missing inside the root: Terraform says "no file exists".
        Err(_) if joined.starts_with(&root) && !p.contains("..") => {
            Err(Val::err(format!("no file exists at \"{p}\"")))
        }
        Err(_) => Err(Val::dyn_unknown()),
    }
}

pub fn read_path(env: &FnEnv, p: &str) -> Result<Vec<u8>, Val> {
    let path = confined(env, p)?;
    let meta = std::fs::metadata(&path).map_err(|_| Val::dyn_unknown())?;
    if meta.is_dir() {
        return Err(Val::err(format!("\"{p}\" is a directory, not a file")));
    }
    // FIFOs, devices, sockets: never read (a read could block forever).
    if !meta.is_file() {
        return Err(Val::dyn_unknown());
    }
    if meta.len() > MAX_FILE {
        return Err(env.budget.limit(
            &format!("file \"{p}\" larger than {MAX_FILE} bytes"),
            Type::String,
        ));
    }
    std::fs::read(&path).map_err(|_| Val::dyn_unknown())
}

fn read(env: &FnEnv, a: &[Val]) -> Result<Vec<u8>, Val> {
    let p = path1(a)?;
    read_path(env, &p)
}

fn exists(env: &FnEnv, a: &[Val]) -> Result<Val, Val> {
    let p = path1(a)?;
    match confined(env, &p) {
        Ok(path) => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(Val::err("path is a directory, not a file")),
            Ok(_) => Ok(Val::Bool(true)),
            Err(_) => Ok(Val::Bool(false)),
        },
        Err(Val::Error(_)) => Ok(Val::Bool(false)),
        Err(e) => Err(e),
    }
}

/// Most directory entries `fileset` walks before giving up (unknown).
const MAX_FILESET_ENTRIES: usize = 10_000;

/// `fileset(path, pattern)`: the regular files under `path` whose path
/// relative to it matches `pattern` (`*`, `**`, `?`, `[...]`, `{a,b}`),
/// as a set of `/`-separated strings. Only inside the root directory; a
/// symlink on the way, a pattern that leaves `path` or one our glob syntax
/// may read differently is unknown.
fn fileset(env: &FnEnv, a: &[Val]) -> Result<Val, Val> {
    arity(a, 2)?;
    let path = str_arg(a, 0, &Type::set(Type::String))?;
    let pattern = str_arg(a, 1, &Type::set(Type::String))?;
    let unknown = || Val::unknown(Type::set(Type::String));
    let pattern = clean(&pattern);
    if pattern.starts_with('/') || pattern.split('/').any(|p| p == "..") || pattern.contains('\\') {
        return Err(unknown());
    }
    let base = match confined(env, &path) {
        Ok(b) => b,
        // A missing directory matches nothing.
        Err(Val::Error(_)) => return Ok(Val::set(Type::String, Vec::new())),
        Err(_) => return Err(unknown()),
    };
    let glob = globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .backslash_escape(false)
        .build()
        .map_err(|_| unknown())?
        .compile_matcher();
    let mut found = Vec::new();
    let walk = walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name();
    for (n, entry) in walk.into_iter().enumerate() {
        let entry = entry.map_err(|_| unknown())?;
        if n > MAX_FILESET_ENTRIES {
            return Err(env.budget.limit(
                &format!("fileset over more than {MAX_FILESET_ENTRIES} entries"),
                Type::set(Type::String),
            ));
        }
        let t = entry.file_type();
        if t.is_symlink() {
            return Err(unknown());
        }
        if !t.is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&base) else {
            return Err(unknown());
        };
        let Some(rel) = rel.to_str() else {
            return Err(unknown());
        };
        if glob.is_match(rel) {
            found.push(Val::str(rel));
        }
    }
    Ok(Val::set(Type::String, found))
}

/// Go's `filepath.Base`.
fn base_name(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `filepath.Dir`: everything before the last slash, cleaned.
fn dir_name(p: &str) -> String {
    let dir = match p.rfind('/') {
        Some(i) => p.get(..=i).unwrap_or(""),
        None => "",
    };
    clean(dir)
}

/// Go's `filepath.Clean` (forward slashes).
fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let abs = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !abs {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let body = out.join("/");
    match (abs, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}
