//! GC003 provider-version-too-old: a constraint that admits a version older
//! than the minimum.

use super::{ModuleCtx, RustRule};
use crate::diag::{Edit, Fix, Location};
use crate::model::File;
use crate::releases::safe_fix;
use crate::rules::provider::{
    genesys_local_names, genesys_requirements, is_development_build, min_version,
};
use crate::rules::RawFinding;
use crate::syntax::Expr;
use crate::version::Constraint;

fn message(src: &str, oldest: &semver::Version, min: &semver::Version) -> String {
    format!(
        "genesyscloud provider constraint `{src}` admits {oldest}, older than the minimum {min}"
    )
}

pub struct Gc003;

impl RustRule for Gc003 {
    fn code(&self) -> &'static str {
        "GC003"
    }

    fn validate_option(&self, key: &str, value: &hcl::Value) -> Result<(), String> {
        super::gc005::validate_min_version(key, value)
    }

    fn check_module(&self, ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
        let min = min_version(ctx.rule.opts);
        for rp in genesys_requirements(ctx.module) {
            if rp.source.is_some_and(is_development_build) {
                continue;
            }
            if let Some(v) = rp.version {
                check(ctx, rp.file, v, &min, out);
            }
        }
        // The legacy `version` argument in a provider block.
        let names = genesys_local_names(ctx.module);
        for pb in ctx
            .module
            .providers
            .iter()
            .filter(|p| names.iter().any(|n| n == p.name))
        {
            if let Some(a) = pb.block.body.attribute("version") {
                check(ctx, pb.file_of(a), &a.value, &min, out);
            }
        }
    }
}

fn check(
    ctx: &ModuleCtx,
    file: &File,
    expr: &Expr,
    min: &semver::Version,
    out: &mut Vec<RawFinding>,
) {
    let Some(src) = ctx.env.eval(expr, &[]).value.as_str().map(str::to_string) else {
        return;
    };
    let Ok(c) = Constraint::parse(&src) else {
        return;
    };
    let Some(oldest) = c.oldest_below(min) else {
        return;
    };
    let location = Location::new(&file.source, expr.span.clone());
    let releases = crate::releases::index(&ctx.rule.opts.known_releases);
    let fixed = safe_fix(&src, min, &releases);
    let fix = fixed.as_ref().ok().map(|new| Fix {
        description: format!("change the constraint to `{new}`"),
        edits: vec![Edit {
            location: location.clone(),
            replacement: format!("\"{new}\""),
        }],
    });
    let help = match fixed {
        Ok(new) => format!("require at least {min}: `version = \"{new}\"`"),
        Err(what) => what,
    };
    let finding = ctx.rule.finding(location, message(&src, &oldest, min));
    out.push(finding.with_help(help).with_fix(fix));
}
