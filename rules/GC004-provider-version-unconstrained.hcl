code     = "GC004"
name     = "provider-version-unconstrained"
severity = "warning"
summary  = "A module uses the genesyscloud provider without a version constraint"
help     = "add `genesyscloud = { source = \"mypurecloud/genesyscloud\", version = \">= {min_version}\" }` to `terraform { required_providers { } }`"
check    = "builtin"

docs {
  what = <<-EOT
    Reports a module that uses genesyscloud resources or data sources, or
    configures the provider, but has no `required_providers` entry that
    constrains the genesyscloud provider's version. It points at the
    provider block, or else at the first genesyscloud resource. The help
    proposes `>= MIN`, where MIN is GC003's `min_version` (default 1.6.2,
    configured once in `rule "GC003"`).
  EOT
  why = <<-EOT
    Without a constraint, `terraform init` picks whatever version is newest
    (or whatever the lock file or a plugin cache holds), and GC003 cannot tell
    whether an old version with reported partner-scope problems could be
    selected. The provider's own README recommends a `required_providers`
    entry with `source = "mypurecloud/genesyscloud"` and a version.
  EOT
  example = <<-EOT
    provider "genesyscloud" {}

    resource "genesyscloud_oauth_client" "app" {
      name                  = "App"
      authorized_grant_type = "CLIENT-CREDENTIALS"
    }
  EOT
  use_instead = <<-EOT
    terraform {
      required_providers {
        genesyscloud = {
          source  = "mypurecloud/genesyscloud"
          version = ">= 1.6.2"
        }
      }
    }

    provider "genesyscloud" {}
  EOT
}
