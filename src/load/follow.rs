//! Following local module sources before parsing: the sources are found in
//! the text, so that directories that call each other are read (once) and
//! linted together, and the batches they form can be parsed and dropped one
//! at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::discover::{self, Discovered};
use super::read::ReadResult;
use super::FileEntry;
use super::{normalize, read_dirs, Batch};
use crate::diag::RunError;
use crate::parse::FileKind;

type Texts = BTreeMap<PathBuf, Vec<(FileEntry, ReadResult)>>;

pub struct Followed {
    pub texts: Texts,
    /// Caller directory → called directory.
    pub edges: Vec<(PathBuf, PathBuf)>,
    /// Sources that name no directory.
    pub missing: BTreeSet<PathBuf>,
    /// Sources that name a directory already read under another path
    /// (through a symlink): not followed again.
    pub aliased: BTreeSet<PathBuf>,
    pub errors: Vec<RunError>,
}

/// Read the directories that local module sources in `texts` name, then the
/// ones those name, until none is new.
pub fn follow(
    mut texts: Texts,
    dopts: &discover::Options,
    given: &[(PathBuf, Vec<u8>)],
) -> Followed {
    // Directories read or being read: a hash set, as a path-ordered map
    // compared long paths component by component for every source.
    let mut known: foldhash::HashSet<PathBuf> = texts.keys().cloned().collect();
    let mut seen = crate::budget::SeenDirs::new(texts.keys());
    let mut edges = Vec::new();
    let mut missing = BTreeSet::new();
    let mut aliased = BTreeSet::new();
    let mut errors = Vec::new();
    // Scanning every text is the bulk of following: in parallel.
    let sources_of = |texts: &Texts| -> Vec<(PathBuf, Vec<PathBuf>)> {
        let dirs: Vec<_> = texts.iter().collect();
        crate::par::map(dirs, |(dir, files)| {
            (dir.clone(), local_sources(dir, files))
        })
    };
    let mut round = sources_of(&texts);
    while !round.is_empty() {
        let mut extra = Discovered::default();
        for (dir, targets) in round {
            for target in targets {
                if !known.contains(&target) {
                    if target.is_dir() {
                        // Two symlinks to `.` would double the set per level.
                        if !seen.first_visit(&target) {
                            aliased.insert(target);
                            continue;
                        }
                        discover::add_dir_files(&target, dopts, &mut extra);
                        known.insert(target.clone());
                    } else {
                        missing.insert(target);
                        continue;
                    }
                }
                edges.push((dir.clone(), target));
            }
        }
        errors.append(&mut extra.errors);
        let more = read_dirs(&extra.dirs, given, dopts.policy, Default::default());
        round = sources_of(&more);
        texts.extend(more);
    }
    Followed {
        texts,
        edges,
        missing,
        aliased,
        errors,
    }
}

/// Directories that the configuration files of `dir` name as local module
/// sources, found in the text. Any `source = "./..."` counts: grouping
/// directories a little too eagerly costs nothing; the module calls
/// themselves are read from the parsed files.
fn local_sources(dir: &Path, files: &[(FileEntry, ReadResult)]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (e, r) in files {
        let Ok(text) = r else { continue };
        for s in sources_in(e.kind, text) {
            out.push(normalize(&dir.join(s)));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The local module sources (`./x`, `../x`) a configuration file's text
/// names, as written.
pub(super) fn sources_in(kind: FileKind, text: &str) -> Vec<&str> {
    match kind {
        FileKind::Config => local_source_strings(text, "source", b'=', true),
        FileKind::ConfigJson => local_source_strings(text, "\"source\"", b':', false),
        _ => Vec::new(),
    }
}

/// The local paths in `key SEP "..."` (whitespace allowed around `SEP`)
/// whose string is `.`, `..` or starts with `./` or `../`: what the regex
/// `\bsource\s*=\s*"(\.\.?(?:/[^"]*)?)"` finds (with `word_start`, the key
/// must not follow a word character), without compiling it at every start.
fn local_source_strings<'t>(text: &'t str, key: &str, sep: u8, word_start: bool) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut resume = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), key.as_bytes()) {
        if at < resume {
            continue;
        }
        let after_word = text
            .get(..at)
            .and_then(|s| s.chars().next_back())
            .is_some_and(is_word_char);
        if word_start && after_word {
            continue;
        }
        let Some((value, end)) = quoted_after(text, at + key.len(), sep) else {
            continue;
        };
        let local =
            value == "." || value == ".." || value.starts_with("./") || value.starts_with("../");
        if local {
            out.push(value);
            resume = end;
        }
    }
    out
}

/// After optional whitespace, `sep`, optional whitespace and a quoted string
/// without `"` inside: the string and the offset after its closing quote.
fn quoted_after(text: &str, from: usize, sep: u8) -> Option<(&str, usize)> {
    let rest = text.get(from..)?.trim_start_matches(char::is_whitespace);
    let rest = rest.strip_prefix(sep as char)?;
    let rest = rest.trim_start_matches(char::is_whitespace);
    let rest = rest.strip_prefix('"')?;
    let close = memchr::memchr(b'"', rest.as_bytes())?;
    let value = rest.get(..close)?;
    let end = text.len() - rest.len() + close + 1;
    Some((value, end))
}

/// A word character as the regex crate's Unicode `\b` sees it.
fn is_word_char(c: char) -> bool {
    regex_syntax::try_is_word_character(c).unwrap_or(c.is_alphanumeric() || c == '_')
}

/// Split the directories into batches connected by `edges` (union-find),
/// ordered by their first directory.
pub fn components(texts: Texts, edges: &[(PathBuf, PathBuf)]) -> Vec<Batch> {
    let index: foldhash::HashMap<&Path, usize> = texts
        .keys()
        .enumerate()
        .map(|(i, d)| (d.as_path(), i))
        .collect();
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    for (a, b) in edges {
        if let (Some(&x), Some(&y)) = (index.get(a.as_path()), index.get(b.as_path())) {
            let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
            if rx != ry {
                let (lo, hi) = if rx < ry { (rx, ry) } else { (ry, rx) };
                if let Some(slot) = parent.get_mut(hi) {
                    *slot = lo;
                }
            }
        }
    }
    drop(index);
    let mut groups: BTreeMap<usize, Batch> = BTreeMap::new();
    for (i, (dir, files)) in texts.into_iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push((dir, files));
    }
    groups.into_values().collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = p;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::local_source_strings;
    use proptest::prelude::*;

    fn by_regex<'t>(re: &str, text: &'t str) -> Vec<&'t str> {
        let re = regex::Regex::new(re).unwrap();
        re.captures_iter(text)
            .filter_map(|c| c.get(1).map(|m| m.as_str()))
            .collect()
    }

    const HCL: &str = r#"\bsource\s*=\s*"(\.\.?(?:/[^"]*)?)""#;
    const JSON: &str = r#""source"\s*:\s*"(\.\.?(?:/[^"]*)?)""#;

    #[test]
    fn finds_local_sources_like_the_regex() {
        let text = "module \"a\" {\n  source = \"./a\"\n}\nmodule \"b\" { source=\"../b/c\" }\n\
                    x_source = \"./no\"\n source = \"registry/x\"\n source = \"..\"\n\
                    source = \"...\"\n source\u{a0}= \"./nbsp\"\n ésource = \"./no\"\n\
                    source = \"./a source = \"./b\"\n source = \"./unclosed";
        let found = local_source_strings(text, "source", b'=', true);
        assert_eq!(
            found,
            vec!["./a", "../b/c", "..", "./nbsp", "./a source = "]
        );
        assert_eq!(found, by_regex(HCL, text));
        let json = r#"{"module": {"a": {"source": "./a"}, "b": {"source" : "../b"}, "c": {"xsource": "./c"}}}"#;
        assert_eq!(
            local_source_strings(json, "\"source\"", b':', false),
            vec!["./a", "../b"]
        );
        assert_eq!(
            local_source_strings(json, "\"source\"", b':', false),
            by_regex(JSON, json)
        );
    }

    proptest! {
        #[test]
        fn agrees_with_the_regex(parts in proptest::collection::vec(
            prop::sample::select(vec![
                "source", "\"source\"", "=", ":", "\"", ".", "..", "/", " ", "\n", "\t",
                "\u{a0}", "a", "_", "é", "1", "x.", "-", "\u{300}",
            ]),
            0..24,
        )) {
            let text: String = parts.concat();
            prop_assert_eq!(local_source_strings(&text, "source", b'=', true), by_regex(HCL, &text));
            prop_assert_eq!(
                local_source_strings(&text, "\"source\"", b':', false),
                by_regex(JSON, &text)
            );
        }
    }
}
