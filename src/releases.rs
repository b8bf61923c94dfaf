//! cxlint's index of known genesyscloud provider releases: the data file
//! `rules/genesyscloud-releases.txt` (embedded at build time) plus the
//! config's `known_releases`. GC015 and GC003's fix read it.

use semver::Version;

use crate::version::{fix_constraint, parse_version, Constraint};

/// The shipped index, one version per line, `#` comments.
pub const SHIPPED: &str = include_str!("../rules/genesyscloud-releases.txt");

/// The known releases, sorted and without duplicates: the shipped index and
/// `extra` (versions that do not parse are skipped; config validation
/// reports them).
pub fn index(extra: &[String]) -> Vec<Version> {
    if extra.is_empty() {
        return shipped().to_vec();
    }
    let mut out: Vec<Version> = shipped()
        .iter()
        .cloned()
        .chain(extra.iter().filter_map(|s| parse_version(s).ok()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The shipped index, parsed once per process (GC015 reads it for every
/// configuration).
fn shipped() -> &'static [Version] {
    static SHIPPED_INDEX: std::sync::OnceLock<Vec<Version>> = std::sync::OnceLock::new();
    SHIPPED_INDEX.get_or_init(|| {
        let mut out: Vec<Version> = SHIPPED
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|s| plain_version(s).or_else(|| parse_version(s).ok()))
            .collect();
        out.sort();
        out.dedup();
        out
    })
}

/// `MAJOR.MINOR.PATCH` in digits (what the shipped index holds), read
/// without the general parser; anything else is None.
fn plain_version(s: &str) -> Option<Version> {
    let mut parts = s.split('.');
    let mut num = || {
        let p = parts.next()?;
        let digits = !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| p.parse::<u64>().ok()).flatten()
    };
    let (major, minor, patch) = (num()?, num()?, num()?);
    parts
        .next()
        .is_none()
        .then(|| Version::new(major, minor, patch))
}

/// Whether `c` admits some release of `releases`.
pub fn admits_any(c: &Constraint, releases: &[Version]) -> bool {
    releases.iter().any(|r| c.admits(r))
}

/// Majors to examine: beyond every number written in the constraint and
/// every known release, all majors behave alike.
fn major_bound(src: &str, releases: &[Version]) -> u64 {
    let written = src
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let known = releases.iter().map(|r| r.major).max().unwrap_or(0);
    written.max(known).saturating_add(2)
}

/// The majors a constraint admits any version of, up to `bound`.
fn majors(c: &Constraint, bound: u64) -> Vec<u64> {
    (0..=bound.min(1_000))
        .filter(|m| {
            let range = format!(">= {m}.0.0, < {}.0.0", m + 1);
            Constraint::parse(&range)
                .map(|r| Constraint::and(&[c.clone(), r]).is_satisfiable())
                .unwrap_or(false)
        })
        .collect()
}

/// An exact pin: every clause is `=` or a bare version.
fn is_exact_pin(src: &str) -> bool {
    src.split(',').all(|cl| {
        let t = cl.trim();
        let t = t.strip_prefix('=').unwrap_or(t).trim();
        t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == 'v')
    })
}

/// GC003's fix: a constraint that admits nothing older than `min`, admits
/// a known release, admits only majors `src` admitted, and is not a
/// rewritten exact pin. `Err` carries what to tell the user instead.
pub fn safe_fix(src: &str, min: &Version, releases: &[Version]) -> Result<String, String> {
    let first_ok = releases.iter().find(|r| *r >= min);
    let suggestion = match first_ok {
        Some(r) => format!("`~> {}.{}`", r.major, r.minor),
        None => format!("`>= {min}`"),
    };
    if is_exact_pin(src) {
        return Err(match first_ok {
            Some(r) => format!("pin a release at or above {min}, such as `{r}`"),
            None => format!("pin a release at or above {min}"),
        });
    }
    let no_fix = || {
        format!("choose a constraint that admits a release at or above {min}, such as {suggestion}")
    };
    let (Ok(orig), Some(new)) = (Constraint::parse(src), fix_constraint(src, min)) else {
        return Err(no_fix());
    };
    let Ok(fixed) = Constraint::parse(&new) else {
        return Err(no_fix());
    };
    if !admits_any(&fixed, releases) {
        return Err(no_fix());
    }
    let bound = major_bound(&format!("{src} {new}"), releases);
    let before = majors(&orig, bound);
    if majors(&fixed, bound).iter().any(|m| !before.contains(m)) {
        return Err(no_fix());
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_versions_read_like_the_general_parser() {
        for v in ["1.84.1", "0.0.0", "18446744073709551615.0.1"] {
            assert!(super::plain_version(v).is_some(), "{v}");
            assert_eq!(super::plain_version(v), super::parse_version(v).ok(), "{v}");
        }
        for v in [
            "1.2",
            "1.2.3.4",
            "v1.2.3",
            "1.2.3-beta",
            "1..3",
            "1.2.x",
            "",
            "99999999999999999999.0.0",
        ] {
            assert_eq!(super::plain_version(v), None, "{v}");
        }
    }

    use super::*;

    fn fix(src: &str) -> Result<String, String> {
        let min = parse_version("1.6.2").unwrap();
        safe_fix(src, &min, &index(&[]))
    }

    #[test]
    fn shipped_index_reads_every_release() {
        let idx = index(&[]);
        assert_eq!(idx.len(), 178);
        assert_eq!(
            idx.first().map(ToString::to_string).as_deref(),
            Some("0.1.0")
        );
        assert_eq!(
            idx.last().map(ToString::to_string).as_deref(),
            Some("1.84.1")
        );
        assert!(!idx.iter().any(|v| v.to_string() == "1.6.2"));
    }

    #[test]
    fn config_releases_extend_the_index() {
        let idx = index(&["1.85.0".into(), "1.84.1".into(), "nonsense".into()]);
        assert_eq!(idx.len(), 179);
        assert_eq!(
            idx.last().map(ToString::to_string).as_deref(),
            Some("1.85.0")
        );
    }

    // The examples of rules.md, "Changes to the first pack".
    #[test]
    fn tilde_minor_gains_a_lower_bound() {
        assert_eq!(fix("~> 1.5").as_deref(), Ok("~> 1.5, >= 1.6.2"));
    }

    #[test]
    fn open_lower_bound_is_raised() {
        let f = fix(">= 1.0").unwrap();
        assert!(f == ">= 1.6.2" || f == ">= 1.0, >= 1.6.2", "{f}");
    }

    #[test]
    fn tilde_patch_with_no_release_above_min_has_no_fix() {
        let help = fix("~> 1.6.0").unwrap_err();
        assert!(help.contains("`~> 1.7`"), "{help}");
    }

    #[test]
    fn exact_pin_is_never_rewritten() {
        assert_eq!(
            fix("1.3.0"),
            Err("pin a release at or above 1.6.2, such as `1.7.0`".to_string())
        );
        assert!(fix("= 1.3.0").is_err());
    }

    #[test]
    fn fix_never_crosses_a_major() {
        assert!(fix("~> 0.14").is_err());
    }

    #[test]
    fn upper_bound_below_min_has_no_fix() {
        assert!(fix(">= 1.0, < 1.6.0").is_err());
    }
}
