//! Terraform provider version constraints, with exact answers over the whole
//! (infinite) version space.
//!
//! # What Terraform does
//!
//! Terraform validates a `required_providers` `version` string with
//! `hashicorp/go-version` and then selects provider versions with
//! `apparentlymart/go-versions`: `internal/getproviders` parses the string with
//! `constraints.ParseRubyStyleMulti` and selects from
//! `versions.MeetingConstraints(...)`. This module follows that selection
//! behaviour:
//!
//! * A constraint is a comma-separated conjunction of clauses. Each clause is
//!   `=`, `!=`, `>`, `>=`, `<`, `<=` or `~>` followed by a version, or a bare
//!   version (same as `=`). Whitespace around operators and commas is allowed.
//!   An empty or all-whitespace string is an error, and so is an empty clause
//!   (`">= 1.0,"`, `"1.0,,2.0"`), which go-version rejects.
//! * Versions have one to three numeric parts. Missing parts are `0`
//!   (`>= 1.6` is `>= 1.6.0`). Terraform's `getproviders.VersionConstraintsString`
//!   says this padding loses no meaning in the Ruby-style syntax. A version may
//!   carry a pre-release (`1.6.2-beta1`, ordered before `1.6.2`) and build
//!   metadata (ignored). A leading `v` is accepted, as go-version accepts it.
//!   More than three numeric parts and wildcards (`1.x`, `1.*`) are rejected,
//!   as go-versions rejects them.
//! * `~>` keeps the same meaning as in `ParseRubyStyle`. With three numeric
//!   parts it is patch-only: `~> X.Y.Z` is `>= X.Y.Z, < X.(Y+1).0`. With one or
//!   two parts it is minor-only: `~> X.Y` is `>= X.Y.0, < (X+1).0.0`, and `~> X`
//!   is `>= X.0.0, < (X+1).0.0`. Terraform renders `~> X` as `~> X.0`.
//!
//! # Pre-release rule
//!
//! A version is admitted when:
//! 1. it satisfies every clause under plain semver precedence (build metadata
//!    ignored), and
//! 2. it is a release (no pre-release part), **or** some `=` (or bare) clause
//!    names exactly that pre-release.
//!
//! So `>= 1.6.0` does not admit `1.7.0-beta1`, `~> 1.6.2-beta1` does not admit
//! `1.6.2-beta1` (it admits `1.6.2` and later patches), and
//! `1.6.2-beta1, >= 1.0` admits `1.6.2-beta1`.
//!
//! Sources: the Terraform language docs ("Version constraints → Specify a
//! pre-release version": a pre-release "can be selected only by an exact
//! version constraint (the `=` operator or no operator)" and does not match
//! `>=`, `~>` and the other inexact operators). The same rule is in
//! go-versions `versions.MeetingConstraints`, which Terraform calls from
//! `internal/getproviders`. It intersects the exact set with `Released` and adds
//! back only the pre-releases that the constraint explicitly requests, and
//! only exact selections (`versions.Only`) count as requests. The go-versions
//! tests (`set_test.go`) show the same split: `>= 1.0.0` requests no
//! pre-release, and `2.0.0-beta1` requests itself. hashicorp/go-version's
//! `prereleaseCheck` in `constraint.go` differs: it is used for modules and
//! `required_version`, not for provider selection, and lets `>= 1.6.2-beta1`
//! match later pre-releases of 1.6.2. This module does not follow it.
//!
//! # Exactness
//!
//! Under rule 2 the admitted set is:
//! * a set of releases: one interval `[lo, hi)` of `(major, minor, patch)`
//!   triples minus finitely many `!=` points, and
//! * finitely many pre-releases named by `=` clauses.
//!
//! The oldest admitted version, and the oldest one below a given minimum, are
//! therefore exact and cheap to compute. No sampling is involved.

use std::fmt;

use semver::{BuildMetadata, Prerelease, Version};

/// A clause operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    /// `~>`; the clause's `parts` decides patch-only (3) or minor-only (1, 2).
    Pessimistic,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Pessimistic => "~>",
        }
    }
}

/// One clause of a constraint, e.g. `>= 1.6`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Clause {
    op: Op,
    /// The boundary, zero-padded, without build metadata.
    version: Version,
    /// How many numeric parts were written (1..=3).
    parts: u8,
    /// The clause as written (trimmed), reused by [`fix_constraint`].
    text: String,
}

impl Clause {
    /// Exclusive upper bound of a `~>` clause; `None` when it would overflow
    /// (no upper bound then exists within the version space).
    fn pessimistic_upper(&self) -> Option<Version> {
        let v = &self.version;
        let (major, minor) = if self.parts >= 3 {
            match v.minor.checked_add(1) {
                Some(m) => (v.major, m),
                None => (v.major.checked_add(1)?, 0),
            }
        } else {
            (v.major.checked_add(1)?, 0)
        };
        Some(Version::new(major, minor, 0))
    }

    /// Does `v` (build metadata already stripped) satisfy this clause under
    /// plain semver precedence (rule 1 in the module docs)?
    fn check(&self, v: &Version) -> bool {
        let b = &self.version;
        match self.op {
            Op::Eq => v == b,
            Op::Ne => v != b,
            Op::Gt => v > b,
            Op::Ge => v >= b,
            Op::Lt => v < b,
            Op::Le => v <= b,
            Op::Pessimistic => v >= b && self.pessimistic_upper().is_none_or(|u| *v < u),
        }
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.version;
        match self.op {
            Op::Eq => {}
            op => write!(f, "{} ", op.as_str())?,
        }
        if self.op == Op::Pessimistic && self.parts < 3 {
            write!(f, "{}.{}", v.major, v.minor)?;
        } else {
            write!(f, "{}.{}.{}", v.major, v.minor, v.patch)?;
        }
        if !v.pre.is_empty() {
            write!(f, "-{}", v.pre)?;
        }
        Ok(())
    }
}

/// A parsed provider version constraint (a conjunction of clauses).
///
/// `Display` (and so `to_string()`) gives the canonical form: clauses in the
/// written order, joined by `", "`. `=` is written as a bare version,
/// boundaries are zero-padded to `X.Y.Z` except for minor-only `~>`
/// (`~> 1.6`, and `~> 1` becomes `~> 1.0`), and build metadata is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    clauses: Vec<Clause>,
}

/// A release as a `(major, minor, patch)` triple.
type Triple = (u64, u64, u64);

fn triple(v: &Version) -> Triple {
    (v.major, v.minor, v.patch)
}

/// The next release after `t` in the u64 triple space (with carry).
fn succ(t: Triple) -> Option<Triple> {
    let (a, b, c) = t;
    if let Some(c2) = c.checked_add(1) {
        return Some((a, b, c2));
    }
    if let Some(b2) = b.checked_add(1) {
        return Some((a, b2, 0));
    }
    a.checked_add(1).map(|a2| (a2, 0, 0))
}

fn release(t: Triple) -> Version {
    Version::new(t.0, t.1, t.2)
}

fn strip_build(v: &Version) -> Version {
    let mut v = v.clone();
    v.build = BuildMetadata::EMPTY;
    v
}

/// The releases admitted by a constraint: `[lo, hi)` minus `excluded`.
/// `lo == None` means empty; `hi == None` means no upper bound.
struct ReleaseSet {
    lo: Option<Triple>,
    hi: Option<Triple>,
    excluded: Vec<Triple>,
}

impl ReleaseSet {
    fn raise_lo(&mut self, t: Option<Triple>) {
        match t {
            None => self.lo = None, // "greater than the greatest": empty
            Some(t) => {
                if let Some(lo) = self.lo {
                    self.lo = Some(lo.max(t));
                }
            }
        }
    }

    fn lower_hi(&mut self, t: Option<Triple>) {
        // `None` here means "no bound", so nothing changes.
        if let Some(t) = t {
            self.hi = Some(self.hi.map_or(t, |h| h.min(t)));
        }
    }

    /// The oldest admitted release that is below `limit` (exclusive), if any.
    fn oldest(&self, limit: Option<Triple>) -> Option<Triple> {
        let hi = match (self.hi, limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut cur = self.lo?;
        loop {
            if hi.is_some_and(|h| cur >= h) {
                return None;
            }
            if !self.excluded.contains(&cur) {
                return Some(cur);
            }
            // Terminates: `excluded` is finite, so at most `len` steps.
            cur = succ(cur)?;
        }
    }
}

impl Constraint {
    /// Parse a constraint string such as `"~> 1.6, >= 1.6.2"`.
    pub fn parse(s: &str) -> Result<Constraint, String> {
        if s.trim().is_empty() {
            return Err("empty version constraint".to_string());
        }
        let mut clauses = Vec::new();
        for raw in s.split(',') {
            let text = raw.trim();
            if text.is_empty() {
                return Err(format!("empty clause in version constraint `{}`", s.trim()));
            }
            clauses.push(parse_clause(text)?);
        }
        Ok(Constraint { clauses })
    }

    /// Does Terraform admit `v` under this constraint? Build metadata on `v`
    /// is ignored. See the module docs for the pre-release rule.
    pub fn admits(&self, v: &Version) -> bool {
        let v = strip_build(v);
        if !self.clauses.iter().all(|c| c.check(&v)) {
            return false;
        }
        v.pre.is_empty()
            || self
                .clauses
                .iter()
                .any(|c| c.op == Op::Eq && c.version == v)
    }

    fn release_set(&self) -> ReleaseSet {
        let mut set = ReleaseSet {
            lo: Some((0, 0, 0)),
            hi: None,
            excluded: Vec::new(),
        };
        for c in &self.clauses {
            let b = &c.version;
            let t = triple(b);
            let is_pre = !b.pre.is_empty();
            match c.op {
                // Releases >= X.Y.Z-pre are exactly the releases >= X.Y.Z.
                Op::Ge => set.raise_lo(Some(t)),
                // The smallest release > b: X.Y.Z for a pre-release, else succ.
                Op::Gt => set.raise_lo(if is_pre { Some(t) } else { succ(t) }),
                // Releases < X.Y.Z-pre are exactly the releases < X.Y.Z.
                Op::Lt => set.lower_hi(Some(t)),
                Op::Le => {
                    if is_pre {
                        set.lower_hi(Some(t));
                    } else if let Some(n) = succ(t) {
                        set.lower_hi(Some(n));
                    }
                }
                Op::Eq => {
                    if is_pre {
                        set.lo = None; // no release equals a pre-release
                    } else {
                        set.raise_lo(Some(t));
                        if let Some(n) = succ(t) {
                            set.lower_hi(Some(n));
                        }
                    }
                }
                Op::Ne => {
                    if !is_pre {
                        set.excluded.push(t);
                    }
                }
                Op::Pessimistic => {
                    set.raise_lo(Some(t));
                    if let Some(u) = c.pessimistic_upper() {
                        set.lower_hi(Some(triple(&u)));
                    }
                }
            }
        }
        set
    }

    /// Pre-releases named by `=` clauses that the whole constraint admits.
    fn named_prereleases(&self) -> impl Iterator<Item = &Version> + '_ {
        self.clauses
            .iter()
            .filter(|c| c.op == Op::Eq && !c.version.pre.is_empty())
            .map(|c| &c.version)
            .filter(|v| self.admits(v))
    }

    fn oldest_limited(&self, min: Option<&Version>) -> Option<Version> {
        let limit = min.map(triple);
        let rel = self.release_set().oldest(limit).map(release);
        let pre = self
            .named_prereleases()
            .filter(|v| min.is_none_or(|m| *v < m))
            .min()
            .cloned();
        match (rel, pre) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The oldest version this constraint admits that is `< min`, if any.
    /// Only releases count, plus pre-releases the constraint names with `=`
    /// (see the module docs). The answer is exact over the whole version
    /// space. Build metadata on `min` is ignored.
    pub fn oldest_below(&self, min: &Version) -> Option<Version> {
        let min = strip_build(min);
        // Releases below `min` are the releases below its (major, minor,
        // patch), whether or not `min` is a pre-release.
        self.oldest_limited(Some(&min))
    }

    /// The oldest version admitted at all (`None` when unsatisfiable).
    pub fn oldest(&self) -> Option<Version> {
        self.oldest_limited(None)
    }

    /// Whether any version at all is admitted.
    pub fn is_satisfiable(&self) -> bool {
        self.oldest().is_some()
    }

    /// The conjunction of several constraints (GC006: the constraints on one
    /// provider across the modules of a configuration). An empty slice gives
    /// the unconstrained constraint, which admits every release.
    pub fn and(constraints: &[Constraint]) -> Constraint {
        Constraint {
            clauses: constraints
                .iter()
                .flat_map(|c| c.clauses.iter().cloned())
                .collect(),
        }
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.clauses.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

fn parse_clause(text: &str) -> Result<Clause, String> {
    const OPS: [(&str, Option<Op>); 11] = [
        ("~>", Some(Op::Pessimistic)),
        (">=", Some(Op::Ge)),
        ("<=", Some(Op::Le)),
        ("!=", Some(Op::Ne)),
        ("=>", None),
        ("=<", None),
        (">", Some(Op::Gt)),
        ("<", Some(Op::Lt)),
        ("=", Some(Op::Eq)),
        ("~", None),
        ("^", None),
    ];
    let mut op = Op::Eq;
    let mut rest = text;
    for (sym, o) in OPS {
        if let Some(r) = text.strip_prefix(sym) {
            match o {
                Some(o) => {
                    op = o;
                    rest = r.trim_start();
                }
                None => {
                    let hint = match sym {
                        "=>" => "; did you mean `>=`?",
                        "=<" => "; did you mean `<=`?",
                        "~" => "; did you mean `~>`?",
                        _ => "",
                    };
                    return Err(format!(
                        "invalid operator `{sym}` in version constraint clause `{text}`{hint}"
                    ));
                }
            }
            break;
        }
    }
    if rest.is_empty() {
        return Err(format!(
            "missing version after operator in version constraint clause `{text}`"
        ));
    }
    if rest.contains(char::is_whitespace) {
        return Err(format!(
            "unexpected text in version constraint clause `{text}`; separate clauses with commas"
        ));
    }
    let (version, parts) = parse_version_parts(rest)?;
    Ok(Clause {
        op,
        version,
        parts,
        text: text.to_string(),
    })
}

/// Parse one version: optional `v`, 1 to 3 numeric parts, optional
/// `-pre-release` and `+build` (dropped). Returns the padded version and the
/// number of numeric parts written.
fn parse_version_parts(s: &str) -> Result<(Version, u8), String> {
    let bad = |why: &str| format!("invalid version `{s}`: {why}");
    let body = s.strip_prefix('v').unwrap_or(s);
    if body.is_empty() {
        return Err(bad("no version number"));
    }
    let (core_pre, build) = match body.split_once('+') {
        Some((a, b)) => (a, Some(b)),
        None => (body, None),
    };
    if let Some(b) = build {
        if b.is_empty() {
            return Err(bad("empty build metadata after `+`"));
        }
        BuildMetadata::new(b).map_err(|_| bad("malformed build metadata"))?;
    }
    let (core, pre) = match core_pre.split_once('-') {
        Some((a, p)) => (a, Some(p)),
        None => (core_pre, None),
    };
    let mut nums = [0u64; 3];
    let mut count: u8 = 0;
    for part in core.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                "expected up to three numbers separated by periods, like 1.6.2",
            ));
        }
        let slot = nums
            .get_mut(usize::from(count))
            .ok_or_else(|| bad("too many numeric parts; only major.minor.patch is allowed"))?;
        *slot = part.parse::<u64>().map_err(|_| bad("number too large"))?;
        count += 1;
    }
    let pre = match pre {
        None => Prerelease::EMPTY,
        Some("") => return Err(bad("empty pre-release after `-`")),
        Some(p) => Prerelease::new(p).map_err(|_| bad("malformed pre-release"))?,
    };
    let [major, minor, patch] = nums;
    let mut v = Version::new(major, minor, patch);
    v.pre = pre;
    Ok((v, count))
}

/// Parse a single version (`1`, `1.6`, `1.6.2`, `v1.6.2`, `1.6.2-beta1`,
/// `1.6.2+build`). Missing parts are padded with `0`; build metadata is
/// dropped. Surrounding whitespace is ignored.
pub fn parse_version(s: &str) -> Result<Version, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty version".to_string());
    }
    parse_version_parts(t).map(|(v, _)| v)
}

/// GC003 autofix: rewrite `src` so that it admits nothing older than `min`
/// while keeping its upper bound.
///
/// Rule (applied clause by clause, in the written order):
/// * `>=`, `>` and `=`/bare clauses are removed. They are all lower bounds
///   below `min` (otherwise nothing below `min` would be admitted), so
///   `>= MIN` makes them redundant or, for `=`, replaces the pin.
///   `>= MIN` goes where the first removed clause was.
/// * `!=` clauses are kept when their version is `>= min` and dropped
///   otherwise (`>= MIN` already excludes them).
/// * `<` and `<=` clauses (explicit upper bounds) are kept as written.
/// * A `~>` clause whose range reaches `min` is kept as written. One whose
///   range ends at or before `min` (`~> 1.5.7` is `< 1.6.0`) is replaced by
///   `~> MIN.MAJOR.MIN.MINOR` (`~> 1.6`) when `min` has the same major.
///   Otherwise there is no fix (crossing a major is the user's choice).
/// * `>= MIN` is added unless the kept clauses already exclude everything
///   below `min` (e.g. `~> 1.5.7` with min `1.6.0` becomes just `~> 1.6`).
/// * Kept clauses keep their written text. Clauses are joined with `", "`.
///
/// Returns `None` when `src` does not parse, admits nothing below `min` (no
/// fix needed), needs a major change, or would become unsatisfiable. That
/// happens when an explicit upper bound such as `< 1.6.0` excludes `min`,
/// and then the user must choose.
///
/// Examples with min `1.6.2`: `~> 1.5` → `~> 1.5, >= 1.6.2`; `~> 1.6` →
/// `~> 1.6, >= 1.6.2`; `~> 1.5.7` → `~> 1.6, >= 1.6.2`; `1.5.7` → `>= 1.6.2`;
/// `>= 1.0, < 2.0` → `>= 1.6.2, < 2.0`; `>= 1.0, < 1.6.0` → `None`.
pub fn fix_constraint(src: &str, min: &Version) -> Option<String> {
    let c = Constraint::parse(src).ok()?;
    let min = strip_build(min);
    c.oldest_below(&min)?;
    let mut kept: Vec<String> = Vec::new();
    let mut ge_pos: Option<usize> = None;
    for cl in &c.clauses {
        match cl.op {
            Op::Ge | Op::Gt | Op::Eq => {
                ge_pos.get_or_insert(kept.len());
            }
            Op::Ne => {
                if cl.version >= min {
                    kept.push(cl.text.clone());
                }
            }
            Op::Lt | Op::Le => kept.push(cl.text.clone()),
            Op::Pessimistic => {
                if cl.pessimistic_upper().is_none_or(|u| u > min) {
                    kept.push(cl.text.clone());
                } else if cl.version.major == min.major {
                    kept.push(format!("~> {}.{}", min.major, min.minor));
                } else {
                    return None;
                }
            }
        }
    }
    let already = !kept.is_empty()
        && Constraint::parse(&kept.join(", "))
            .is_ok_and(|k| k.is_satisfiable() && k.oldest_below(&min).is_none());
    if !already {
        let ge = format!(">= {min}");
        let pos = ge_pos.unwrap_or(kept.len()).min(kept.len());
        kept.insert(pos, ge);
    }
    let out = kept.join(", ");
    let fixed = Constraint::parse(&out).ok()?;
    (fixed.is_satisfiable() && fixed.oldest_below(&min).is_none()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> Version {
        parse_version(s).unwrap()
    }

    fn c(s: &str) -> Constraint {
        Constraint::parse(s).unwrap()
    }

    fn ob(s: &str, min: &str) -> Option<String> {
        c(s).oldest_below(&v(min)).map(|x| x.to_string())
    }

    // ---- unit tests: the GC003 forms -------------------------------------

    #[test]
    fn gc003_table() {
        let min = "1.6.2";
        let cases: &[(&str, Option<&str>)] = &[
            ("~> 1.6", Some("1.6.0")),
            ("~> 1.6, >= 1.6.2", None),
            ("~> 1.5.7", Some("1.5.7")),
            (">= 1.6.2", None),
            ("= 1.5.7", Some("1.5.7")),
            ("1.5.7", Some("1.5.7")),
            ("= 1.6.2", None),
            ("1.6.3", None),
            ("!= 1.6.0", Some("0.0.0")),
            ("!= 0.0.0", Some("0.0.1")),
            ("!= 1.0.0, < 1.6.2", Some("0.0.0")),
            ("< 1.6.2", Some("0.0.0")),
            ("< 0.0.0", None),
            ("<= 0.0.0", Some("0.0.0")),
            ("<= 1.6.2", Some("0.0.0")),
            ("> 1.5.7", Some("1.5.8")),
            ("> 1.6.1", None),
            (">= 1", Some("1.0.0")),
            ("~> 1", Some("1.0.0")),
            ("1", Some("1.0.0")),
            ("1.6", Some("1.6.0")),
            (">= 1.6", Some("1.6.0")),
            ("> 1.6", Some("1.6.1")),
            ("~> 1.6.0", Some("1.6.0")),
            ("~> 1.6.2", None),
            ("~> 2.0", None),
            ("~> 0.9", Some("0.9.0")),
            ("v1.5.7", Some("1.5.7")),
            (">= v1.6.2", None),
            ("  >=1.5 ,<  2.0  ", Some("1.5.0")),
            (">=1.6.2,<2", None),
            ("= 1.6.2-beta1", Some("1.6.2-beta1")),
            ("1.6.2-beta1", Some("1.6.2-beta1")),
            (">= 1.6.2-beta1", None),
            ("~> 1.6.2-beta1", None),
            ("> 1.6.1, < 1.6.2", None),
            ("1.6.2-beta1, >= 1.0", Some("1.6.2-beta1")),
            ("1.6.2-beta1, != 1.6.2-beta1", None),
            (">= 1.6.2+build.5", None),
            ("1.5.7+build.5", Some("1.5.7")),
            (">= 2.0, < 1.0", None),
            ("> 1.5.7, != 1.5.8, != 1.5.9", Some("1.5.10")),
            ("< 1.6.2-beta1", Some("0.0.0")),
            ("<= 1.6.2-beta1, >= 1.6.1", Some("1.6.1")),
            ("<= 1.6.1-beta1, >= 1.6.1", None),
        ];
        for (src, want) in cases {
            assert_eq!(ob(src, min).as_deref(), *want, "constraint `{src}`");
        }
    }

    #[test]
    fn admits_basics() {
        let k = c("~> 1.6");
        assert!(k.admits(&v("1.6.0")));
        assert!(k.admits(&v("1.99.0")));
        assert!(!k.admits(&v("2.0.0")));
        assert!(!k.admits(&v("1.7.0-beta1")));
        assert!(!k.admits(&v("1.5.9")));
        let k = c("~> 1.5.7");
        assert!(k.admits(&v("1.5.7")) && k.admits(&v("1.5.99")));
        assert!(!k.admits(&v("1.6.0")));
        let k = c("~> 1");
        assert!(k.admits(&v("1.0.0")) && k.admits(&v("1.9.9")));
        assert!(!k.admits(&v("2.0.0")) && !k.admits(&v("0.9.9")));
        assert!(!c(">= 1.6.0").admits(&v("1.7.0-beta1")));
        assert!(c("= 1.6.2-beta1").admits(&v("1.6.2-beta1")));
        assert!(c("= 1.6.2-beta1").admits(&v("1.6.2-beta1+x")));
        assert!(!c("= 1.6.2-beta1").admits(&v("1.6.2")));
        assert!(!c("= 1.6.2-beta1").admits(&v("1.6.2-beta2")));
        assert!(c("1.6").admits(&v("1.6.0")));
        assert!(!c("1.6").admits(&v("1.6.1")));
        assert!(c(">= 1.6.2").admits(&v("1.6.2+build")));
        assert!(!c("!= 1.6.2").admits(&v("1.6.2+build")));
        assert!(v("1.6.2-beta1") < v("1.6.2"));
    }

    #[test]
    fn oldest_and_satisfiable() {
        assert_eq!(c(">= 0.0.0").oldest(), Some(v("0.0.0")));
        assert_eq!(c("> 1.5.7").oldest(), Some(v("1.5.8")));
        assert_eq!(c("~> 1.6, >= 1.6.2").oldest(), Some(v("1.6.2")));
        assert_eq!(c("= 1.6.2-beta1").oldest(), Some(v("1.6.2-beta1")));
        assert_eq!(c("< 0.0.0").oldest(), None);
        assert!(!c("< 0.0.0").is_satisfiable());
        assert!(!c("~> 1.5.7, >= 1.6.2").is_satisfiable());
        assert!(!c("1.5.7, 1.5.8").is_satisfiable());
        assert!(!c("1.5.7, != 1.5.7").is_satisfiable());
        assert!(c("1.5.7, 1.5.7").is_satisfiable());
        assert!(!c("> 1.5.7, < 1.5.8").is_satisfiable());
        assert!(!c("> 1.6.1, < 1.6.2").is_satisfiable());
        // Only pre-releases lie strictly between; none is named.
        assert!(!c("> 1.6.2-alpha, < 1.6.2").is_satisfiable());
        assert!(c("> 1.6.2-alpha, < 1.6.2, 1.6.2-beta").is_satisfiable());
        // The u64 edge: succ carries into the next minor/major.
        let m = u64::MAX;
        assert_eq!(c(&format!("> 1.2.{m}")).oldest(), Some(v("1.3.0")));
        assert_eq!(c(&format!("> {m}.{m}.{m}")).oldest(), None);
        assert_eq!(
            c(&format!("~> {m}.{m}")).oldest(),
            Some(Version::new(m, m, 0))
        );
        assert!(c(&format!("~> {m}.{m}.{m}")).admits(&Version::new(m, m, m)));
    }

    #[test]
    fn and_combines() {
        let a = c("~> 1.5");
        let b = c(">= 1.6.2");
        let both = Constraint::and(&[a.clone(), b]);
        assert_eq!(both.to_string(), "~> 1.5, >= 1.6.2");
        assert_eq!(both.oldest(), Some(v("1.6.2")));
        let none = Constraint::and(&[a, c("< 1.5.0")]);
        assert!(!none.is_satisfiable());
        assert!(Constraint::and(&[]).admits(&v("0.0.0")));
    }

    #[test]
    fn display_is_canonical() {
        let cases = [
            ("~>1.6", "~> 1.6"),
            ("~> 1", "~> 1.0"),
            ("~> 1.6.0", "~> 1.6.0"),
            (">=1", ">= 1.0.0"),
            ("= 1.5.7", "1.5.7"),
            ("v1.5.7+meta", "1.5.7"),
            (" != 1.6.2-beta1 ,<2", "!= 1.6.2-beta1, < 2.0.0"),
        ];
        for (src, want) in cases {
            let k = c(src);
            assert_eq!(k.to_string(), want);
            // Idempotent, and the canonical form means the same thing.
            let again = c(&k.to_string());
            assert_eq!(again.to_string(), want);
            for x in universe() {
                assert_eq!(k.admits(&x), again.admits(&x), "`{src}` at {x}");
            }
        }
    }

    #[test]
    fn parse_errors() {
        let bad = [
            "",
            "   ",
            "1.x",
            "1.*",
            ">= 1.x",
            "1.0.0.0",
            ">=",
            "~>",
            "=> 1.0",
            "=< 1.0",
            "~ 1.0",
            "^1.0",
            "1.0,",
            ",1.0",
            "1.0,,2.0",
            ">= 1.0 < 2.0",
            "1.0-",
            "1.0+",
            "1..0",
            ".1",
            "vv1.0",
            "v",
            "1.0.0-beta..1",
            "1.0.0-01",
            "99999999999999999999999.0",
            "latest",
            "> = 1.0",
        ];
        for s in bad {
            let e = Constraint::parse(s);
            assert!(e.is_err(), "`{s}` should not parse: {e:?}");
        }
        let e = Constraint::parse("1.x").unwrap_err();
        assert!(e.contains("invalid version `1.x`"), "{e}");
        assert!(Constraint::parse("=> 1.0").unwrap_err().contains(">="));
        assert!(parse_version("1.x").is_err());
        assert!(parse_version("").is_err());
        assert_eq!(parse_version(" v1.6 ").unwrap(), Version::new(1, 6, 0));
        assert_eq!(parse_version("1").unwrap(), Version::new(1, 0, 0));
        assert_eq!(parse_version("1.6.2-beta1").unwrap().pre.as_str(), "beta1");
        assert!(parse_version("1.6.2+abc").unwrap().build.is_empty());
    }

    // ---- fix_constraint ---------------------------------------------------

    fn check_fix(src: &str, min: &Version, out: &str) {
        let orig = c(src);
        let fixed = Constraint::parse(out).unwrap_or_else(|e| panic!("`{out}`: {e}"));
        assert!(fixed.is_satisfiable(), "`{src}` -> `{out}` unsatisfiable");
        assert_eq!(fixed.oldest_below(min), None, "`{src}` -> `{out}`");
        // The upper bound is kept: any explicit `<`/`<=` clause survives.
        for cl in &orig.clauses {
            if matches!(cl.op, Op::Lt | Op::Le) {
                assert!(fixed.clauses.iter().any(|f| f.text == cl.text), "{out}");
            }
        }
    }

    #[test]
    fn fix_table() {
        let min = v("1.6.2");
        let cases: &[(&str, Option<&str>)] = &[
            ("~> 1.5", Some("~> 1.5, >= 1.6.2")),
            ("~> 1.6", Some("~> 1.6, >= 1.6.2")),
            ("~>1.6", Some("~>1.6, >= 1.6.2")),
            ("~> 1", Some("~> 1, >= 1.6.2")),
            ("~> 1.6.0", Some("~> 1.6.0, >= 1.6.2")), // ends at 1.7.0 > min: kept
            ("~> 1.5.7", Some("~> 1.6, >= 1.6.2")),
            ("~> 1.5.7, < 1.6.0", None),
            ("~> 0.9", None),
            ("~> 0.9.3", None),
            ("= 1.5.7", Some(">= 1.6.2")),
            ("1.5.7", Some(">= 1.6.2")),
            ("v1.5.7", Some(">= 1.6.2")),
            ("1.5.7, < 2.0", Some(">= 1.6.2, < 2.0")),
            ("= 1.6.2-beta1", Some(">= 1.6.2")),
            (">= 1.0", Some(">= 1.6.2")),
            (">= 1.0, < 2.0", Some(">= 1.6.2, < 2.0")),
            ("> 1.5.7, <= 1.9", Some(">= 1.6.2, <= 1.9")),
            ("< 2.0, >= 1.0", Some("< 2.0, >= 1.6.2")),
            (">= 1.0, < 1.6.0", None),
            ("< 1.6.2", None),
            ("!= 1.0.0, < 1.6.2", None),
            ("!= 1.0.0", Some(">= 1.6.2")),
            ("!= 1.7.0", Some("!= 1.7.0, >= 1.6.2")),
            ("<= 1.6.2", Some("<= 1.6.2, >= 1.6.2")),
            (">= 1.6.2", None), // nothing to fix
            ("~> 1.6, >= 1.6.2", None),
            ("1.x", None),
        ];
        for (src, want) in cases {
            let got = fix_constraint(src, &min);
            assert_eq!(got.as_deref(), *want, "fix of `{src}`");
            if let Some(out) = &got {
                check_fix(src, &min, out);
            }
        }
        // A `~>` replaced by one that already starts at `min` needs no `>=`.
        assert_eq!(
            fix_constraint("~> 1.5.7", &v("1.6.0")).as_deref(),
            Some("~> 1.6")
        );
    }

    // ---- brute force against an independent model -----------------------

    const PRES: [&str; 3] = ["alpha", "beta1", "rc.1"];

    /// Every release 0..=2 . 0..=8 . 0..=8, plus pre-releases of every
    /// `0..=1 . 0..=5 . 0..=5` triple (where clause boundaries live).
    fn universe() -> Vec<Version> {
        let mut out = Vec::new();
        for ma in 0..=2u64 {
            for mi in 0..=8u64 {
                for pa in 0..=8u64 {
                    out.push(Version::new(ma, mi, pa));
                    if ma <= 1 && mi <= 5 && pa <= 5 {
                        for p in PRES {
                            let mut x = Version::new(ma, mi, pa);
                            x.pre = Prerelease::new(p).unwrap();
                            out.push(x);
                        }
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// A clause for the model: operator text ("" for bare), numeric parts,
    /// optional pre-release.
    #[derive(Clone, Debug)]
    struct MClause {
        op: &'static str,
        nums: Vec<u64>,
        pre: Option<&'static str>,
    }

    impl MClause {
        fn text(&self, style: u8) -> String {
            let nums: Vec<String> = self.nums.iter().map(|n| n.to_string()).collect();
            let mut ver = nums.join(".");
            if let Some(p) = self.pre {
                ver = format!("{ver}-{p}");
            }
            match style % 4 {
                0 => format!("{}{}", self.op, ver),
                1 => format!("{} {}", self.op, ver),
                2 => format!("  {}  v{} ", self.op, ver),
                _ => format!("{}  {}+b.{style}", self.op, ver),
            }
        }

        /// The boundary, written independently of the implementation.
        fn boundary(&self) -> Version {
            let n = |i: usize| self.nums.get(i).copied().unwrap_or(0);
            let mut s = format!("{}.{}.{}", n(0), n(1), n(2));
            if let Some(p) = self.pre {
                s = format!("{s}-{p}");
            }
            Version::parse(&s).unwrap()
        }

        fn holds(&self, x: &Version) -> bool {
            let b = self.boundary();
            match self.op {
                "" | "=" => *x == b,
                "!=" => *x != b,
                ">" => *x > b,
                ">=" => *x >= b,
                "<" => *x < b,
                "<=" => *x <= b,
                "~>" => {
                    let upper = if self.nums.len() == 3 {
                        Version::new(b.major, b.minor + 1, 0)
                    } else {
                        Version::new(b.major + 1, 0, 0)
                    };
                    *x >= b && *x < upper
                }
                other => panic!("bad op {other}"),
            }
        }
    }

    /// Terraform's rule, written directly: every clause holds, and a
    /// pre-release must be named by an exact clause.
    fn model_admits(cs: &[MClause], x: &Version) -> bool {
        cs.iter().all(|k| k.holds(x))
            && (x.pre.is_empty()
                || cs
                    .iter()
                    .any(|k| matches!(k.op, "" | "=") && k.boundary() == *x))
    }

    fn build(cs: &[MClause], style: u8) -> Constraint {
        let text: Vec<String> = cs
            .iter()
            .enumerate()
            .map(|(i, k)| k.text(style.wrapping_add(i as u8)))
            .collect();
        let text = text.join(",");
        Constraint::parse(&text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
    }

    /// Compare implementation and model over the universe. When `exact`,
    /// the clause boundaries are known to lie well inside the universe, so
    /// every candidate answer is in it and answers must be equal.
    fn compare(cs: &[MClause], style: u8, uni: &[Version], mins: &[Version], exact: bool) {
        let k = build(cs, style);
        let admitted: Vec<&Version> = uni.iter().filter(|x| model_admits(cs, x)).collect();
        for x in uni {
            assert_eq!(k.admits(x), model_admits(cs, x), "{cs:?} at {x}");
        }
        let check = |ours: Option<Version>, brute: Option<&Version>, what: &str| {
            if exact {
                assert_eq!(ours.as_ref(), brute, "{what} {cs:?}");
            } else {
                match (&ours, brute) {
                    (None, Some(b)) => panic!("{what} {cs:?}: none, brute {b}"),
                    (Some(o), b) => {
                        assert!(model_admits(cs, o), "{what} {cs:?}: {o} not admitted");
                        assert!(b.is_none_or(|b| o <= b), "{what} {cs:?}: {o} > {b:?}");
                    }
                    (None, None) => {}
                }
            }
        };
        check(k.oldest(), admitted.first().copied(), "oldest");
        assert_eq!(k.is_satisfiable(), k.oldest().is_some());
        if exact {
            assert_eq!(k.is_satisfiable(), !admitted.is_empty(), "{cs:?}");
        }
        for m in mins {
            let brute = admitted.iter().copied().find(|x| *x < m);
            let ours = k.oldest_below(m);
            if let Some(o) = &ours {
                assert!(o < m);
            }
            check(ours, brute, &format!("oldest_below({m})"));
        }
    }

    const OPS: [&str; 8] = ["", "=", "!=", ">", ">=", "<", "<=", "~>"];

    fn mins() -> Vec<Version> {
        [
            "0.0.0",
            "0.0.1",
            "0.5.0",
            "1.0.0",
            "1.3.2",
            "1.5.5",
            "1.6.2-beta1",
        ]
        .iter()
        .map(|s| v(s))
        .collect()
    }

    fn boundaries() -> Vec<(Vec<u64>, Option<&'static str>)> {
        vec![
            (vec![0], None),
            (vec![1], None),
            (vec![1, 3], None),
            (vec![0, 0, 0], None),
            (vec![1, 3, 2], None),
            (vec![1, 5, 5], None),
            (vec![1, 3, 2], Some("beta1")),
            (vec![0, 5], None),
        ]
    }

    #[test]
    fn brute_force_singles_and_pairs() {
        let uni = universe();
        let mins = mins();
        let mut singles = Vec::new();
        for op in OPS {
            for (nums, pre) in boundaries() {
                singles.push(MClause { op, nums, pre });
            }
        }
        for (i, a) in singles.iter().enumerate() {
            compare(std::slice::from_ref(a), i as u8, &uni, &mins, true);
        }
        // Pairs over a reduced operator/boundary set.
        let small: Vec<&MClause> = singles
            .iter()
            .filter(|k| !matches!(k.op, "=") && k.nums.len() != 1)
            .collect();
        let mut n = 0u8;
        for a in &small {
            for b in &small {
                n = n.wrapping_add(1);
                compare(&[(*a).clone(), (*b).clone()], n, &uni, &mins, true);
            }
        }
    }

    #[test]
    fn brute_force_table() {
        let uni = universe();
        let mins: Vec<Version> = mins()
            .into_iter()
            .chain(["1.6.2", "2.0.0", "2.8.8"].iter().map(|s| v(s)))
            .collect();
        // Hand-written constraints, some reaching the universe's edge; those
        // are checked in the non-exact mode (admitted, and never worse than
        // the brute-force answer).
        let table = [
            "~> 1.6",
            "~> 1.6, >= 1.6.2",
            "~> 1.5.7",
            ">= 1.6.2",
            "!= 1.0.0, < 1.6.2",
            "> 1.8.8",
            "> 0.8.8",
            "~> 2.8.8",
            "<= 2.8.8, > 2.8.7",
            "!= 0.0.0, != 0.0.1, != 0.0.2",
            "1.3.2-beta1, >= 1.0",
            "1.3.2-rc.1, < 1.3.2",
            "> 1.3.2-alpha, < 1.3.2",
        ];
        for src in table {
            let k = c(src);
            let admitted: Vec<&Version> = uni.iter().filter(|x| k.admits(x)).collect();
            for m in &mins {
                let brute = admitted.iter().copied().find(|x| *x < m);
                let ours = k.oldest_below(m);
                match (&ours, brute) {
                    (None, Some(b)) => panic!("`{src}` below {m}: none, brute {b}"),
                    (Some(o), b) => {
                        assert!(k.admits(o) && o < m, "`{src}`: {o}");
                        assert!(b.is_none_or(|b| o <= b), "`{src}`: {o} vs {b:?}");
                        // Answers inside the universe must match exactly.
                        if o.major <= 2 && o.minor <= 8 && o.patch <= 8 && o.pre.is_empty() {
                            assert_eq!(Some(o), b, "`{src}` below {m}");
                        }
                    }
                    (None, None) => {}
                }
            }
        }
    }

    fn clause_strategy() -> impl Strategy<Value = MClause> {
        (
            0..OPS.len(),
            0..=1u64,
            0..=5u64,
            0..=5u64,
            1..=3usize,
            prop::option::weighted(0.25, 0..PRES.len()),
        )
            .prop_map(|(op, ma, mi, pa, parts, pre)| {
                let nums: Vec<u64> = [ma, mi, pa].into_iter().take(parts).collect();
                // A pre-release pads the missing parts with zeros, as
                // go-versions does; keep it on full versions for clarity.
                let (nums, pre) = match pre {
                    Some(p) => (vec![ma, mi, pa], PRES.get(p).copied()),
                    None => (nums, None),
                };
                MClause {
                    op: OPS.get(op).copied().unwrap_or("="),
                    nums,
                    pre,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn prop_matches_brute_force(
            cs in prop::collection::vec(clause_strategy(), 1..=3),
            style in any::<u8>(),
            min_parts in (0..=1u64, 0..=6u64, 0..=6u64),
        ) {
            let uni = universe();
            let (a, b, d) = min_parts;
            let mut mins = mins();
            mins.push(Version::new(a, b, d));
            compare(&cs, style, &uni, &mins, true);
        }

        #[test]
        fn prop_parse_never_panics(s in "[ v0-9.,<>=!~^+\\-a-z]{0,24}", t in any::<String>()) {
            for input in [&s, &t] {
                if let Ok(k) = Constraint::parse(input) {
                    let _ = k.oldest_below(&Version::new(1, 6, 2));
                    let again = Constraint::parse(&k.to_string());
                    prop_assert!(again.is_ok(), "canonical `{}` of `{}`", k, input);
                }
                let _ = parse_version(input);
                let _ = fix_constraint(input, &Version::new(1, 6, 2));
            }
        }

        #[test]
        fn prop_fix_is_sound(
            cs in prop::collection::vec(clause_strategy(), 1..=3),
            min_parts in (0..=1u64, 0..=6u64, 0..=6u64),
        ) {
            let text: Vec<String> = cs.iter().map(|k| k.text(1)).collect();
            let src = text.join(", ");
            let min = Version::new(min_parts.0, min_parts.1, min_parts.2);
            let orig = c(&src);
            match fix_constraint(&src, &min) {
                Some(out) => {
                    prop_assert!(orig.oldest_below(&min).is_some());
                    check_fix(&src, &min, &out);
                }
                None => {
                    // No fix: nothing to fix, a `~>` would have to cross a
                    // major, or the explicit upper bounds (with the `!=`
                    // points that survive) leave nothing at or above min.
                    if orig.oldest_below(&min).is_some() {
                        let crossed = orig.clauses.iter().any(|k| {
                            k.op == Op::Pessimistic
                                && k.version.major != min.major
                                && k.pessimistic_upper().is_some_and(|u| u <= min)
                        });
                        let mut rest: Vec<Constraint> = orig
                            .clauses
                            .iter()
                            .filter(|k| {
                                matches!(k.op, Op::Lt | Op::Le)
                                    || (k.op == Op::Ne && k.version >= min)
                            })
                            .map(|k| c(&k.text))
                            .collect();
                        rest.push(c(&format!(">= {min}")));
                        prop_assert!(
                            crossed || !Constraint::and(&rest).is_satisfiable(),
                            "`{}` min {} has an easy fix", src, min
                        );
                    }
                }
            }
        }
    }
}
