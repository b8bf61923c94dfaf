//! How the genesyscloud provider is recognised, in one place: its source
//! address, and the local names under which a module refers to it.

use super::{Module, RequiredProvider};

/// Whether a provider source address is the Genesys Cloud provider:
/// `mypurecloud/genesyscloud` with or without a registry host, any case.
pub fn is_genesys_source(source: &str) -> bool {
    let s = source.trim().to_ascii_lowercase();
    let parts: Vec<&str> = s.split('/').collect();
    matches!(parts.as_slice(), [.., ns, ty] if *ns == "mypurecloud" && *ty == "genesyscloud")
        && parts.len() <= 3
}

/// `genesys.com/mypurecloud/genesyscloud` is the provider's local development
/// build (always version 0.1.0), not a release.
pub fn is_development_build(source: &str) -> bool {
    source
        .trim()
        .to_ascii_lowercase()
        .starts_with("genesys.com/")
}

/// The genesyscloud entries of a module's `required_providers`: by source,
/// or by the local name `genesyscloud` when no source is given.
pub fn genesys_requirements<'m, 'a>(
    module: &'m Module<'a>,
) -> impl Iterator<Item = &'m RequiredProvider<'a>> {
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
