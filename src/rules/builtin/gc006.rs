//! GC006 provider-constraints-unsatisfiable: across a root module and the
//! local modules it calls, the genesyscloud constraints admit no version.

use super::{ConfigCtx, RustRule};
use crate::diag::{Location, Related};
use crate::eval::eval_literal;
use crate::rules::provider::{genesys_local_names, genesys_requirements};
use crate::rules::RawFinding;
use crate::version::Constraint;

pub struct Gc006;

impl RustRule for Gc006 {
    fn code(&self) -> &'static str {
        "GC006"
    }

    fn check_configuration(&self, ctx: &ConfigCtx, out: &mut Vec<RawFinding>) {
        run(ctx, out)
    }
}

fn run(ctx: &ConfigCtx, out: &mut Vec<RawFinding>) {
    let mut found: Vec<(Location, String, Constraint)> = Vec::new();
    for m in ctx.modules {
        let mut exprs = Vec::new();
        for rp in genesys_requirements(m) {
            if let Some(v) = rp.version {
                exprs.push((rp.file, v));
            }
        }
        let names = genesys_local_names(m);
        for pb in m
            .providers
            .iter()
            .filter(|p| names.iter().any(|n| n == p.name))
        {
            if let Some(a) = pb.block.body.attribute("version") {
                exprs.push((pb.file_of(a), &a.value));
            }
        }
        for (file, e) in exprs {
            let v = eval_literal(e);
            let Some(src) = v.as_str() else { continue };
            if let Ok(c) = Constraint::parse(src) {
                let loc = Location::new(&file.source, e.span.clone());
                if !found.iter().any(|(l, _, _)| *l == loc) {
                    found.push((loc, src.to_string(), c));
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let all: Vec<Constraint> = found.iter().map(|(_, _, c)| c.clone()).collect();
    if Constraint::and(&all).is_satisfiable() {
        return;
    }
    let Some((first_loc, first_src, _)) = found.first() else {
        return;
    };
    let others: Vec<String> = found
        .iter()
        .skip(1)
        .map(|(_, s, _)| format!("`{s}`"))
        .collect();
    let message = if others.is_empty() {
        format!("genesyscloud provider constraint `{first_src}` admits no version")
    } else {
        format!(
            "genesyscloud provider constraints admit no version: `{first_src}` conflicts with {}",
            others.join(", ")
        )
    };
    let related = found
        .iter()
        .skip(1)
        .map(|(l, s, _)| Related {
            location: l.clone(),
            message: format!("also constrained to `{s}` here"),
        })
        .collect();
    let finding = ctx.rule.finding(first_loc.clone(), message);
    out.push(finding.with_help(ctx.rule.help).with_related(related));
}
