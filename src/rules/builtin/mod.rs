//! Checks written in Rust, bound to their rule files by code. Each works on
//! a whole module (or configuration) rather than a single block.

pub mod config;
mod gc003;
mod gc004;
mod gc005;
mod gc006;
mod gc011;
mod gc012;
mod gc013;
mod gc014;
mod gc015;

use super::{RawFinding, RuleOptions};
use crate::eval::Env;
use crate::model::Module;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Gc003,
    Gc004,
    Gc005,
    Gc006,
    Gc011,
    Gc012,
    Gc013,
    Gc014,
    Gc015,
}

pub fn lookup(code: &str) -> Option<Check> {
    match code {
        "GC003" => Some(Check::Gc003),
        "GC004" => Some(Check::Gc004),
        "GC005" => Some(Check::Gc005),
        "GC006" => Some(Check::Gc006),
        "GC011" => Some(Check::Gc011),
        "GC012" => Some(Check::Gc012),
        "GC013" => Some(Check::Gc013),
        "GC014" => Some(Check::Gc014),
        "GC015" => Some(Check::Gc015),
        _ => None,
    }
}

/// What a module-level check sees.
pub struct ModuleCtx<'c, 'm, 'a> {
    pub module: &'m Module<'a>,
    pub env: &'c Env<'m, 'a>,
    pub opts: &'c RuleOptions,
    pub code: &'c str,
    pub help: &'c str,
}

impl Check {
    /// Run a per-module check. GC006 works on configurations: see [`gc006_config`].
    pub fn run(self, ctx: &ModuleCtx, out: &mut Vec<RawFinding>) {
        match self {
            Check::Gc003 => gc003::run(ctx, out),
            Check::Gc004 => gc004::run(ctx, out),
            Check::Gc005 => gc005::run(ctx, out),
            Check::Gc006 => {}
            // Configuration-level: see [`Check::run_config`].
            Check::Gc011 | Check::Gc012 | Check::Gc013 | Check::Gc014 | Check::Gc015 => {}
        }
    }

    /// Run a check over one configuration (the cross-org pack): `modules`
    /// holds the root first, then the local modules it may call. Returns
    /// `false` for checks that are not configuration-level.
    pub fn run_config(
        self,
        modules: &[&Module],
        var_files: &[&crate::model::File],
        rule: (&RuleOptions, &str, &str),
        out: &mut Vec<RawFinding>,
    ) -> bool {
        let check: fn(&config::ConfigCtx, &mut Vec<RawFinding>) = match self {
            Check::Gc011 => gc011::run,
            Check::Gc012 => gc012::run,
            Check::Gc013 => gc013::run,
            Check::Gc014 => gc014::run,
            Check::Gc015 => gc015::run,
            Check::Gc003 | Check::Gc004 | Check::Gc005 | Check::Gc006 => return false,
        };
        config::run_on(modules, var_files, rule, check, out);
        true
    }
}

pub use gc006::run as gc006_config;

/// The default minimum provider version (GC003, GC005).
pub const DEFAULT_MIN_VERSION: &str = "1.6.2";

pub fn min_version(opts: &RuleOptions) -> semver::Version {
    opts.string("min_version")
        .and_then(|s| crate::version::parse_version(&s).ok())
        .unwrap_or(semver::Version::new(1, 6, 2))
}

/// Whether a provider source address is the Genesys Cloud provider:
/// `mypurecloud/genesyscloud` with or without a registry host, any case.
pub fn is_genesys_source(source: &str) -> bool {
    let s = source.trim().to_ascii_lowercase();
    let parts: Vec<&str> = s.split('/').collect();
    matches!(parts.as_slice(), [.., ns, ty] if *ns == "mypurecloud" && *ty == "genesyscloud")
        && parts.len() <= 3
}

/// The genesyscloud entries of a module's `required_providers`: by source,
/// or by the local name `genesyscloud` when no source is given.
pub fn genesys_requirements<'m, 'a>(
    module: &'m Module<'a>,
) -> impl Iterator<Item = &'m crate::model::RequiredProvider<'a>> {
    module
        .required_providers
        .iter()
        .filter(|rp| match rp.source {
            Some(s) => is_genesys_source(s),
            None => rp.local_name == "genesyscloud",
        })
}

/// Local names under which a module refers to the genesyscloud provider.
pub fn genesys_local_names(module: &Module) -> Vec<String> {
    let mut names: Vec<String> = genesys_requirements(module)
        .map(|rp| rp.local_name.to_string())
        .collect();
    if !names.iter().any(|n| n == "genesyscloud")
        && !module
            .required_providers
            .iter()
            .any(|rp| rp.local_name == "genesyscloud")
    {
        names.push("genesyscloud".into());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_recognised_with_any_host_and_case() {
        assert!(is_genesys_source("mypurecloud/genesyscloud"));
        assert!(is_genesys_source("MyPureCloud/genesyscloud"));
        assert!(is_genesys_source(
            "registry.terraform.io/mypurecloud/genesyscloud"
        ));
        assert!(is_genesys_source("genesys.com/mypurecloud/genesyscloud"));
        assert!(!is_genesys_source("hashicorp/aws"));
        assert!(!is_genesys_source("genesyscloud"));
        assert!(!is_genesys_source("a/b/mypurecloud/genesyscloud"));
    }
}
