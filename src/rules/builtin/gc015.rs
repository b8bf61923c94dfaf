//! GC015 provider-constraint-admits-no-release: version constraints that no
//! known release satisfies, and no future one can.

use semver::Version;

use super::config::TreeCtx;
use crate::diag::{Location, Related};
use crate::eval::eval_literal;
use crate::model::{File, Module};
use crate::releases::{admits_any, index};
use crate::rules::provider::{genesys_local_names, genesys_requirements};
use crate::rules::RawFinding;
use crate::syntax::Expr;
use crate::version::Constraint;

struct Found {
    location: Location,
    src: String,
    constraint: Constraint,
    in_root: bool,
}

/// A module's genesyscloud constraints: `required_providers` entries and the
/// legacy `version` of a `provider` block.
fn constraint_exprs<'m>(m: &'m Module) -> Vec<(&'m File, &'m Expr)> {
    let mut out: Vec<(&File, &Expr)> = genesys_requirements(m)
        .filter_map(|rp| rp.version.map(|v| (rp.file, v)))
        .collect();
    let names = genesys_local_names(m);
    for pb in m
        .providers
        .iter()
        .filter(|p| names.iter().any(|n| n == p.name))
    {
        if let Some(a) = pb.block.body.attribute("version") {
            out.push((pb.file_of(a), &a.value));
        }
    }
    out
}

fn collect(ctx: &TreeCtx) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (i, n) in ctx.tree.nodes.iter().enumerate() {
        for (file, e) in constraint_exprs(n.module) {
            let v = eval_literal(e);
            let Some(src) = v.as_str() else { continue };
            let Ok(constraint) = Constraint::parse(src) else {
                continue;
            };
            let location = Location::new(&file.source, e.span.clone());
            if !found.iter().any(|f| f.location == location) {
                found.push(Found {
                    location,
                    src: src.to_string(),
                    constraint,
                    in_root: i == 0,
                });
            }
        }
    }
    found
}

/// Admits no known release, and nothing at or above the newest one.
fn dead(c: &Constraint, releases: &[Version]) -> bool {
    let Some(newest) = releases.last() else {
        return false;
    };
    if !c.is_satisfiable() || admits_any(c, releases) {
        return false;
    }
    let above = Constraint::parse(&format!(">= {newest}"));
    above.is_ok_and(|a| !Constraint::and(&[c.clone(), a]).is_satisfiable())
}

/// The known releases nearest to what `c` admits, below and above.
fn nearest(c: &Constraint, releases: &[Version]) -> String {
    let Some(oldest) = c.oldest() else {
        return String::new();
    };
    let below = releases.iter().rev().find(|r| **r < oldest);
    let above = releases.iter().find(|r| **r > oldest);
    match (below, above) {
        (Some(b), Some(a)) => format!("; the nearest known releases are {b} and {a}"),
        (None, Some(a)) => format!("; the oldest known release is {a}"),
        (Some(b), None) => format!("; the newest known release is {b}"),
        (None, None) => String::new(),
    }
}

pub fn run(ctx: &TreeCtx, out: &mut Vec<RawFinding>) {
    let found = collect(ctx);
    if found.is_empty() {
        return;
    }
    let all: Vec<Constraint> = found.iter().map(|f| f.constraint.clone()).collect();
    let combined = Constraint::and(&all);
    // No version at all is GC006's finding.
    if !combined.is_satisfiable() {
        return;
    }
    let releases = index(&ctx.opts.known_releases);
    let mut any_single = false;
    for f in &found {
        if dead(&f.constraint, &releases) {
            any_single = true;
            out.push(finding(
                ctx,
                f.location.clone(),
                format!(
                    "genesyscloud provider constraint `{}` admits no known release{}",
                    f.src,
                    nearest(&f.constraint, &releases)
                ),
                Vec::new(),
            ));
        }
    }
    if any_single || found.len() < 2 || !dead(&combined, &releases) {
        return;
    }
    let at = found.iter().position(|f| f.in_root).unwrap_or(0);
    let Some(main) = found.get(at) else { return };
    let others: Vec<&Found> = found
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, f)| f)
        .collect();
    let list: Vec<String> = others.iter().map(|f| format!("`{}`", f.src)).collect();
    out.push(finding(
        ctx,
        main.location.clone(),
        format!(
            "genesyscloud provider constraint `{}` combined with {} admits no known release{}",
            main.src,
            list.join(", "),
            nearest(&combined, &releases)
        ),
        others
            .iter()
            .map(|f| Related {
                location: f.location.clone(),
                message: format!("also constrained to `{}` here", f.src),
            })
            .collect(),
    ));
}

fn finding(
    ctx: &TreeCtx,
    location: Location,
    message: String,
    related: Vec<Related>,
) -> RawFinding {
    ctx.finding(location, message).with_related(related)
}

super::tree_rule!(Gc015, "GC015", run);
