//! GC004 provider-version-unconstrained: genesyscloud is used but no
//! `required_providers` entry constrains its version.

use super::{ModuleCtx, RustRule};
use crate::diag::Location;
use crate::rules::provider::{genesys_local_names, genesys_requirements};
use crate::rules::RawFinding;

fn unconstrained(
    ctx: &ModuleCtx,
    location: Location,
    what: &str,
    entry: Option<&str>,
) -> RawFinding {
    let message = match entry {
        Some(name) => {
            format!("module {what}, but its `required_providers` entry `{name}` has no `version`")
        }
        None => format!("module {what} without a version constraint in `required_providers`"),
    };
    let help = ctx.rule.opts.interpolate(ctx.rule.help, &[]);
    ctx.rule.finding(location, message).with_help(help)
}

pub struct Gc004;

impl RustRule for Gc004 {
    fn code(&self) -> &'static str {
        "GC004"
    }

    fn check_module(&self, ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
        let m = ctx.module;
        if genesys_requirements(m).any(|rp| rp.version.is_some()) {
            return;
        }
        let names = genesys_local_names(m);
        // Resource types keep the `genesyscloud_` prefix whatever local name
        // the provider is given.
        let uses_resource = m
            .resources
            .iter()
            .find(|r| r.rtype.starts_with("genesyscloud_"));
        let uses_provider = m
            .providers
            .iter()
            .find(|p| names.iter().any(|n| n == p.name));
        let (file, span, what) = match (uses_provider, uses_resource) {
            (Some(p), _) => (
                p.file,
                p.block.header_span(),
                "configures the genesyscloud provider".to_string(),
            ),
            (None, Some(r)) => (
                r.file,
                r.block.header_span(),
                format!("uses the genesyscloud provider (`{}`)", r.address()),
            ),
            (None, None) => return,
        };
        let entry = genesys_requirements(m).next().map(|rp| rp.local_name);
        let location = Location::new(&file.source, span);
        out.push(unconstrained(ctx, location, &what, entry));
    }
}
