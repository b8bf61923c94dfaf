//! GC003 provider-version-too-old: a constraint that admits a version older
//! than the minimum.

use super::{genesys_local_names, genesys_requirements, min_version, ModuleCtx};
use crate::diag::{Edit, Fix, Location};
use crate::model::File;
use crate::releases::safe_fix;
use crate::rules::RawFinding;
use crate::syntax::Expr;
use crate::version::Constraint;

fn message(src: &str, oldest: &semver::Version, min: &semver::Version) -> String {
    format!(
        "genesyscloud provider constraint `{src}` admits {oldest}, older than the minimum {min}"
    )
}

pub fn run(ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
    let min = min_version(ctx.opts);
    for rp in genesys_requirements(ctx.module) {
        // `genesys.com/mypurecloud/genesyscloud` is the provider's local
        // development build (always version 0.1.0), not a release.
        if rp
            .source
            .is_some_and(|s| s.trim().to_ascii_lowercase().starts_with("genesys.com/"))
        {
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
            check(ctx, pb.file, &a.value, &min, out);
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
    let releases = crate::releases::index(&ctx.opts.known_releases);
    let fixed = safe_fix(&src, min, &releases);
    let fix = fixed.as_ref().ok().map(|new| Fix {
        description: format!("change the constraint to `{new}`"),
        edits: vec![Edit {
            location: location.clone(),
            replacement: format!("\"{new}\""),
        }],
    });
    out.push(RawFinding {
        code: ctx.code.to_string(),
        message: message(&src, &oldest, min),
        help: Some(match fixed {
            Ok(new) => format!("require at least {min}: `version = \"{new}\"`"),
            Err(what) => what,
        }),
        location,
        resource: None,
        origins: Vec::new(),
        related: Vec::new(),
        fix,
    });
}
