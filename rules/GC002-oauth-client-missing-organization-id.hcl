code     = "GC002"
name     = "oauth-client-missing-organization-id"
severity = "error"
summary  = "OAuth client with analytics or partner scopes is not bound to a partner organization"
help     = "set `{org_attribute}` to the partner organization's id (a UUID)"

options = {
  # The attribute that binds the client to the partner organization. The
  # public provider schema has no such attribute; see the docs.
  org_attribute = "organization_id"
}

target {
  resource = "genesyscloud_oauth_client"
}

case "missing" {
  when = {
    any = [
      { attribute = "scopes", any_matches = "^analytics(:.*)?$" },
      { attribute = "scopes", any_matches = "^partner:" },
    ]
  }
  require = { attribute = "{org_attribute}", exists = true }
  label   = "header"
  message = "OAuth client requests analytics or partner scopes but has no `{org_attribute}`"
}

case "not-a-uuid" {
  when = {
    all = [
      {
        any = [
          { attribute = "scopes", any_matches = "^analytics(:.*)?$" },
          { attribute = "scopes", any_matches = "^partner:" },
        ]
      },
      { attribute = "{org_attribute}", exists = true },
    ]
  }
  require = { attribute = "{org_attribute}", is_uuid = true }
  label   = "{org_attribute}"
  message = "`{org_attribute}` is `{value}`, not an organization id (a UUID)"
}

case "not-a-partner" {
  when = {
    all = [
      {
        any = [
          { attribute = "scopes", any_matches = "^analytics(:.*)?$" },
          { attribute = "scopes", any_matches = "^partner:" },
        ]
      },
      { attribute = "{org_attribute}", is_uuid = true },
    ]
  }
  require = { attribute = "{org_attribute}", in_option = "partner_org_ids" }
  label   = "{org_attribute}"
  message = "`{org_attribute}` `{value}` is not one of the configured `partner_org_ids`"
  help    = "use one of: {partner_org_ids}, or add this organization to `partner_org_ids` in .cxlint.hcl"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` that requests analytics (`analytics`,
    `analytics:*`) or partner (`partner:*`) scopes and has no
    `organization_id`, an empty one, or one that is not a UUID (UUIDs match in
    any letter case). When `.cxlint.hcl` lists `partner_org_ids`, a value
    outside that list is reported too. Clients without analytics or partner
    scopes are never reported.
  EOT
  why = <<-EOT
    Practitioners report that a client used for cross-org analytics must be
    bound to the partner organization; a client bound to the parent org gets
    `401 Unauthorized` when it queries the partner org's analytics.

    What is true of the public provider: the `genesyscloud_oauth_client`
    schema (v1.84.1, and every release since v0.10.0) has **no
    `organization_id` attribute**, and `terraform validate` rejects one. The
    rule keeps `organization_id` as its default because that is the fix teams
    report, and makes the attribute name an option (`org_attribute`) so teams
    whose wrapper modules or forks use another name can point the rule at it.
    If you use the public provider unchanged, disable this rule or set
    `org_attribute` to the attribute your module exposes.

    What Genesys Cloud enforces (reference notes on the provider, section f):
    no OAuth client acts in another organization through client
    credentials. The token request sends only the grant type, with no
    organization parameter, and the API declares no org-switching header.
    Organization authorization (trustee/trustor pairings) is for users and
    groups, not clients; the sanctioned pattern is one client created inside
    each organization. In Terraform that means one `provider "genesyscloud"`
    configuration per organization, and ids never cross between them: GC012
    reports a block that takes the id of a block of another configuration,
    and GC011 checks that a client-credentials client's roles (which, not
    its scopes, decide what its token may do) grant the analytics
    permission. This rule stays on by default because it checks what was
    asked for.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "partner_analytics" {
      name                  = "Partner analytics"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:view", "partner:analytics:view"]
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "partner_analytics" {
      name                  = "Partner analytics"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:view", "partner:analytics:view"]
      organization_id       = "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"
    }
  EOT
}
