code     = "GC012"
name     = "cross-org-reference"
severity = "error"
summary  = "A block takes the id of a genesyscloud block managed through another provider configuration (another organization)"
help     = "create or look up the object in the same organization: declare it (or a `data` source for it) with the same `provider = ...` as the block that uses it"
check    = "builtin"

docs {
  what = <<-EOT
    Every block of the configuration is managed through one genesyscloud
    provider configuration: its `provider = genesyscloud.ALIAS`
    meta-argument, or the default one; inside a child module, the
    configuration the `module` block passes in `providers = { genesyscloud
    = genesyscloud.ALIAS }`, or the caller's default when there is no such
    map. Reports an attribute of a `genesyscloud_*` resource or data source
    that takes the `id` (or any attribute whose name ends in `id`) of a
    `genesyscloud_*` resource or data source managed through a different
    configuration. References are followed through `local.x`, `var.x` (the
    caller's module argument or the default) and `module.m.output`.

    Two `provider "genesyscloud"` blocks are different configurations when
    their `alias` differs, even with equal arguments. A `provider` block
    written inside a called module (a legacy pattern; Terraform recommends
    passing configurations in with `providers`) is not compared with the
    caller's: such blocks usually set no credentials and read the same
    `GENESYSCLOUD_*` environment variables as the root's, so whether they
    reach another organization cannot be known (found in the corpus review:
    a blueprint whose child module repeats `provider "genesyscloud" {
    sdk_debug = true }`). A reference cxlint
    cannot resolve, or a block whose configuration it cannot tell, is
    unknown and never reported. Reported at the referencing attribute;
    `related` points at the referenced block, at the module argument the id
    came through (if any), and at both provider blocks.
  EOT
  why = <<-EOT
    No OAuth client acts in another organization: a token request carries
    no organization, and the API has no org-switching header (reference
    notes on the provider, section f). The provider has no organization
    selector either, so a configuration that manages several organizations
    has one `provider "genesyscloud"` configuration per organization, each
    with its own credentials and region (section f). Ids belong to one
    organization: a role, division, user or group id of one org means
    nothing in another (section f). So a block that takes the id of an
    object of another configuration either fails at apply or grants
    something that does not exist in its organization.

    Typical: a client in the partner org (`provider = genesyscloud.partner`)
    with `roles { role_id = genesyscloud_auth_role.reporting.id }` where the
    role is created in the home org.
  EOT
  example = <<-EOT
    provider "genesyscloud" {}

    provider "genesyscloud" {
      alias = "partner"
    }

    resource "genesyscloud_auth_role" "reporting" {
      name = "Reporting"
    }

    resource "genesyscloud_oauth_client" "partner_reporting" {
      provider              = genesyscloud.partner
      name                  = "Partner reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      roles {
        role_id = genesyscloud_auth_role.reporting.id
      }
    }
  EOT
  use_instead = <<-EOT
    provider "genesyscloud" {}

    provider "genesyscloud" {
      alias = "partner"
    }

    resource "genesyscloud_auth_role" "partner_reporting" {
      provider = genesyscloud.partner
      name     = "Reporting"
    }

    resource "genesyscloud_oauth_client" "partner_reporting" {
      provider              = genesyscloud.partner
      name                  = "Partner reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      roles {
        role_id = genesyscloud_auth_role.partner_reporting.id
      }
    }
  EOT
  notes = <<-EOT
    Ids that are the same in every organization do not exist in Genesys
    Cloud as far as the reference notes go; if your configuration passes a
    value on purpose (a name, not an id), it is only reported when the
    referenced attribute's name ends in `id`.
  EOT
}
