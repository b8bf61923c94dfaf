//! GC004 provider-version-unconstrained: genesyscloud is used but no
//! `required_providers` entry constrains its version.

use super::{genesys_local_names, genesys_requirements, ModuleCtx};
use crate::diag::Location;
use crate::rules::RawFinding;

pub fn run(ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
    let m = ctx.module;
    if genesys_requirements(m).any(|rp| rp.version.is_some()) {
        return;
    }
    let names = genesys_local_names(m);
    // Resource types keep the `genesyscloud_` prefix whatever local name the
    // provider is given.
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
    let entry = genesys_requirements(m).next();
    let message = match entry {
        Some(rp) => format!(
            "module {what}, but its `required_providers` entry `{}` has no `version`",
            rp.local_name
        ),
        None => format!("module {what} without a version constraint in `required_providers`"),
    };
    out.push(RawFinding {
        code: ctx.code.to_string(),
        message,
        help: Some(ctx.opts.interpolate(ctx.help, &[])),
        location: Location::new(&file.source, span),
        resource: None,
        origins: Vec::new(),
        related: Vec::new(),
        fix: None,
    });
}
