//! The minimum provider version GC003, GC004 and GC005 share, and (from
//! `model::provider`) how the provider is recognised.

use super::RuleOptions;

/// The minimum provider version when `min_version` is not configured.
pub const DEFAULT_MIN_VERSION: semver::Version = semver::Version::new(1, 6, 2);

/// The configured `min_version`, or [`DEFAULT_MIN_VERSION`].
pub fn min_version(opts: &RuleOptions) -> semver::Version {
    opts.string("min_version")
        .and_then(|s| crate::version::parse_version(&s).ok())
        .unwrap_or(DEFAULT_MIN_VERSION)
}

pub use crate::model::provider::{
    genesys_local_names, genesys_requirements, is_development_build, is_genesys_source,
};
