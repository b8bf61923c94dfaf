//! GC005 locked-provider-too-old: the lock file selects an old version.

use super::{is_genesys_source, min_version, ModuleCtx};
use crate::diag::Location;
use crate::model::string_literal;
use crate::rules::RawFinding;
use crate::version::parse_version;

pub fn run(ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
    let min = min_version(ctx.opts);
    for lp in ctx
        .module
        .locked
        .iter()
        .filter(|lp| is_genesys_source(lp.address))
    {
        let Some(attr) = lp.version else { continue };
        let Some(v) = string_literal(&attr.value) else {
            continue;
        };
        let Ok(ver) = parse_version(v) else { continue };
        if ver < min {
            out.push(RawFinding {
                code: ctx.code.to_string(),
                message: format!(
                    "lock file selects genesyscloud provider {v}, older than the minimum {min}"
                ),
                help: Some(ctx.opts.interpolate(ctx.help, &[])),
                location: Location::new(&lp.file.source, attr.span.clone()),
                resource: None,
                origins: Vec::new(),
                related: Vec::new(),
                fix: None,
            });
        }
    }
}
