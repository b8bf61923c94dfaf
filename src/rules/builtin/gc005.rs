//! GC005 locked-provider-too-old: the lock file selects an old version.

use super::{ModuleCtx, RustRule};
use crate::diag::Location;
use crate::model::string_literal;
use crate::rules::provider::{is_genesys_source, min_version};
use crate::rules::RawFinding;
use crate::version::parse_version;

fn locked_too_old(
    ctx: &ModuleCtx,
    location: Location,
    v: &str,
    min: &semver::Version,
) -> RawFinding {
    let message =
        format!("lock file selects genesyscloud provider {v}, older than the minimum {min}");
    let help = ctx.rule.opts.interpolate(ctx.rule.help, &[]);
    ctx.rule.finding(location, message).with_help(help)
}

pub struct Gc005;

impl RustRule for Gc005 {
    fn code(&self) -> &'static str {
        "GC005"
    }

    fn validate_option(&self, key: &str, value: &hcl::Value) -> Result<(), String> {
        validate_min_version(key, value)
    }

    fn check_module(&self, ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
        let min = min_version(ctx.rule.opts);
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
                let location = Location::new(&lp.file.source, attr.span.clone());
                out.push(locked_too_old(ctx, location, v, &min));
            }
        }
    }
}

/// `min_version` must be a version Terraform accepts.
pub(super) fn validate_min_version(key: &str, value: &hcl::Value) -> Result<(), String> {
    match (key, value.as_str()) {
        ("min_version", Some(v)) => parse_version(v).map(|_| ()),
        _ => Ok(()),
    }
}
