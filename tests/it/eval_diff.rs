//! Differential test: cxlint's evaluator against Terraform 1.11.
//!
//! Every case of `fixtures/eval-diff/cases/*.cases` (format in
//! `fixtures/eval-diff/README.md`) is evaluated with
//! `cxlint::eval::diff_api::evaluate` and compared with what `terraform
//! console` answered (`fixtures/eval-diff/expected.jsonl`, written by
//! `scripts/eval-oracle.py`). Each case is classified:
//!
//! - **agree**: the same value and type (types compared without whitespace),
//!   the same error, or both unknown;
//! - **silent**: cxlint says Unknown where Terraform knows a value, or
//!   **unknown on error** where Terraform errors. Allowed: an unknown value
//!   never fires a rule;
//! - **wrong type**: the same `jsonencode` text but another type;
//! - **wrong**: cxlint knows a value that differs from Terraform's, or knows
//!   one where Terraform errors or cannot know (impure functions, sensitive
//!   values), or panics;
//! - **error mismatch**: cxlint says Error where Terraform does not.
//!
//! Wrong-type, wrong and error-mismatch cases fail the test unless their id is listed in
//! `tests/eval-diff-known-failures.txt`; a listed id that no longer fails
//! fails the test too, so the list only shrinks. `docs/eval-diff.md` holds
//! the figures and must match them.
//!
//! After changing the evaluator, rewrite the list and the figures with one
//! command, then review the diff:
//!
//! ```text
//! CXLINT_BLESS=1 cargo test eval_diff
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use cxlint::eval::diff_api::{evaluate, Outcome};

struct Group {
    id: String,
    files: Vec<(String, String)>,
    exprs: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Class {
    Agree,
    Silent,
    UnknownOnError,
    WrongType,
    Wrong,
    ErrorMismatch,
}

const CLASSES: usize = 6;

impl Class {
    fn fails(self) -> bool {
        matches!(self, Class::WrongType | Class::Wrong | Class::ErrorMismatch)
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The groups of one `.cases` file; see `fixtures/eval-diff/README.md`.
fn parse_cases(path: &Path) -> Vec<Group> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let group_id = |name: &str| {
        if name == "main" {
            stem.clone()
        } else {
            format!("{stem}/{name}")
        }
    };
    let mut groups: Vec<Group> = Vec::new();
    // None: outside any section; Some(None): expressions; Some(Some(i)): file i.
    let mut section: Option<Option<usize>> = None;
    for line in text.split('\n') {
        if let Some(rest) = line.strip_prefix("## ") {
            let (kind, arg) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
            if kind == "group" {
                groups.push(Group {
                    id: group_id(arg.trim()),
                    files: Vec::new(),
                    exprs: Vec::new(),
                });
                section = None;
                continue;
            }
            if groups.is_empty() {
                groups.push(Group {
                    id: group_id("main"),
                    files: Vec::new(),
                    exprs: Vec::new(),
                });
            }
            let Some(g) = groups.last_mut() else { continue };
            section = match kind {
                "file" => {
                    g.files.push((arg.trim().to_string(), String::new()));
                    Some(Some(g.files.len() - 1))
                }
                "exprs" | "impure" => Some(None),
                other => panic!("{}: unknown section `{other}`", path.display()),
            };
            continue;
        }
        let Some(g) = groups.last_mut() else { continue };
        match section {
            Some(Some(i)) => {
                if let Some((_, t)) = g.files.get_mut(i) {
                    t.push_str(line);
                    t.push('\n');
                }
            }
            Some(None) => {
                let e = line.trim();
                if !e.is_empty() && !e.starts_with('#') {
                    g.exprs.push(e.to_string());
                }
            }
            None => {}
        }
    }
    for g in &mut groups {
        for (_, t) in &mut g.files {
            // As the oracle writes them: trailing blank lines dropped.
            let kept = t.trim_end_matches('\n').len();
            t.truncate(kept);
            t.push('\n');
        }
    }
    groups
}

fn load_groups() -> Vec<Group> {
    let dir = root().join("fixtures/eval-diff/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cases"))
        .collect();
    paths.sort();
    paths.iter().flat_map(|p| parse_cases(p)).collect()
}

fn load_expected() -> BTreeMap<String, Outcome> {
    let path = root().join("fixtures/eval-diff/expected.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("expected.jsonl line");
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let outcome = match s("outcome").as_str() {
            "known" => Outcome::Known {
                json: s("json"),
                ty: s("type"),
            },
            "error" => Outcome::Error,
            _ => Outcome::Unknown,
        };
        out.insert(s("id"), outcome);
    }
    out
}

/// Types as the console prints them spread over lines; compare without
/// whitespace so the evaluator may print them on one line.
fn squash(ty: &str) -> String {
    ty.chars().filter(|c| !c.is_whitespace()).collect()
}

fn classify(expected: &Outcome, got: Option<&Outcome>) -> Class {
    let Some(got) = got else {
        return Class::Wrong; // panicked
    };
    match (expected, got) {
        (Outcome::Known { json: ej, ty: et }, Outcome::Known { json: gj, ty: gt }) => {
            if ej != gj {
                Class::Wrong
            } else if squash(et) != squash(gt) {
                Class::WrongType
            } else {
                Class::Agree
            }
        }
        (Outcome::Error, Outcome::Error) | (Outcome::Unknown, Outcome::Unknown) => Class::Agree,
        (Outcome::Error, Outcome::Unknown) => Class::UnknownOnError,
        (_, Outcome::Unknown) => Class::Silent,
        (_, Outcome::Known { .. }) => Class::Wrong,
        (_, Outcome::Error) => Class::ErrorMismatch,
    }
}

struct Row {
    id: String,
    file: String,
    class: Class,
    detail: String,
}

fn run_all(groups: &[Group], expected: &BTreeMap<String, Outcome>) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for g in groups {
        let files: Vec<(&str, &str)> = g
            .files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let file = g.id.split('/').next().unwrap_or_default().to_string();
        for e in &g.exprs {
            let id = format!("{}: {e}", g.id);
            let Some(exp) = expected.get(&id) else {
                missing.push(id);
                continue;
            };
            let got = catch_unwind(AssertUnwindSafe(|| evaluate(&files, e))).ok();
            let class = classify(exp, got.as_ref());
            let shown = got
                .as_ref()
                .map_or_else(|| "panicked".to_string(), |o| format!("{o:?}"));
            let detail = format!("terraform: {exp:?}\n    cxlint:    {shown}");
            rows.push(Row {
                id,
                file: file.clone(),
                class,
                detail,
            });
        }
    }
    (rows, missing)
}

fn summary(rows: &[Row]) -> String {
    let mut per_file: BTreeMap<&str, [usize; CLASSES]> = BTreeMap::new();
    let mut total = [0usize; CLASSES];
    for r in rows {
        let i = r.class as usize;
        per_file.entry(r.file.as_str()).or_default()[i] += 1;
        total[i] += 1;
    }
    let mut s = String::from(
        "| cases file | cases | agree | silent unknown | unknown on error | wrong type | wrong | error mismatch |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let line = |s: &mut String, name: &str, c: &[usize; CLASSES]| {
        let n: usize = c.iter().sum();
        let _ = write!(s, "| {name} | {n} |");
        for x in c {
            let _ = write!(s, " {x} |");
        }
        s.push('\n');
    };
    for (f, c) in &per_file {
        line(&mut s, f, c);
    }
    line(&mut s, "**total**", &total);
    s
}

const DOC_START: &str = "<!-- eval-diff figures: start -->\n";
const DOC_END: &str = "<!-- eval-diff figures: end -->";

/// `docs/eval-diff.md` with its figures table replaced by `table`.
fn doc_with(table: &str) -> Option<(PathBuf, String, String)> {
    let path = root().join("docs/eval-diff.md");
    let old = std::fs::read_to_string(&path).ok()?;
    let (head, rest) = old.split_once(DOC_START)?;
    let (_, tail) = rest.split_once(DOC_END)?;
    let new = format!("{head}{DOC_START}{table}{DOC_END}{tail}");
    Some((path, old, new))
}

fn read_known_failures(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn write_known_failures(path: &Path, failing: &BTreeSet<&str>) {
    let mut s = String::from(
        "# Differential-test cases where cxlint is wrong today (tests/eval_diff.rs).\n\
         # The list may only shrink. Rewrite it with: CXLINT_BLESS=1 cargo test eval_diff\n",
    );
    for id in failing {
        s.push_str(id);
        s.push('\n');
    }
    std::fs::write(path, s).expect("write known failures");
}

#[test]
fn evaluator_agrees_with_terraform() {
    let groups = load_groups();
    let expected = load_expected();
    let (rows, missing) = run_all(&groups, &expected);
    assert!(
        missing.is_empty(),
        "{} case(s) have no expected outcome; run scripts/eval-oracle.py (Terraform 1.11): {:?}",
        missing.len(),
        missing.iter().take(10).collect::<Vec<_>>()
    );
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let stale: Vec<&String> = expected
        .keys()
        .filter(|k| !ids.contains(k.as_str()))
        .collect();
    assert!(
        stale.is_empty(),
        "expected.jsonl has outcomes for cases that no longer exist; run scripts/eval-oracle.py: {stale:?}"
    );
    assert!(rows.len() >= 1500, "only {} cases", rows.len());

    let table = summary(&rows);
    println!("eval-diff against Terraform 1.11:\n{table}");
    // `CXLINT_DIFF_SHOW=silent,wrong` prints the cases of those classes
    // (names as in `Class`, lower case), to see what is left to do.
    if let Ok(show) = std::env::var("CXLINT_DIFF_SHOW") {
        for r in &rows {
            let name = format!("{:?}", r.class).to_lowercase();
            if show.split(',').any(|s| s == name) {
                println!("{name} {}\n    {}", r.id, r.detail);
            }
        }
    }
    let failing: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.class.fails())
        .map(|r| r.id.as_str())
        .collect();
    let list_path = root().join("tests/eval-diff-known-failures.txt");
    let doc = doc_with(&table);
    if std::env::var_os("CXLINT_BLESS").is_some() {
        write_known_failures(&list_path, &failing);
        if let Some((path, _, new)) = &doc {
            std::fs::write(path, new).expect("write docs/eval-diff.md");
        }
        return;
    }
    check_against_list(&rows, &failing, &read_known_failures(&list_path));
    match doc {
        Some((_, old, new)) => assert!(
            old == new,
            "docs/eval-diff.md figures are stale; run CXLINT_BLESS=1 cargo test eval_diff"
        ),
        None => panic!("docs/eval-diff.md lacks its figures markers"),
    }
}

fn check_against_list(rows: &[Row], failing: &BTreeSet<&str>, listed: &BTreeSet<String>) {
    let mut report = String::new();
    let new_failures: Vec<&Row> = rows
        .iter()
        .filter(|r| failing.contains(r.id.as_str()) && !listed.contains(&r.id))
        .collect();
    for r in new_failures.iter().take(40) {
        let _ = writeln!(
            report,
            "REGRESSION {:?} {}\n    {}",
            r.class, r.id, r.detail
        );
    }
    let fixed: Vec<&String> = listed
        .iter()
        .filter(|id| !failing.contains(id.as_str()))
        .collect();
    if !fixed.is_empty() {
        let _ = writeln!(
            report,
            "{} listed case(s) now pass (or no longer exist): remove them from \
             tests/eval-diff-known-failures.txt (or CXLINT_BLESS=1 cargo test eval_diff):",
            fixed.len()
        );
        for id in fixed.iter().take(40) {
            let _ = writeln!(report, "  {id}");
        }
    }
    assert!(
        new_failures.is_empty() && fixed.is_empty(),
        "{} new failure(s), {} fixed case(s) still listed\n{report}",
        new_failures.len(),
        fixed.len()
    );
}
