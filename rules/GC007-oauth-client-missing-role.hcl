code     = "GC007"
name     = "oauth-client-missing-role"
severity = "warning"
summary  = "A client-credentials OAuth client with analytics scopes has no role"
help     = "add a `roles { role_id = ... }` block with an analytics reporting role"

target {
  resource = "genesyscloud_oauth_client"
}

case "no-roles" {
  when = {
    all = [
      { attribute = "authorized_grant_type", equals = "CLIENT-CREDENTIALS" },
      { attribute = "scopes", any_matches = "^analytics(:.*)?$" },
    ]
  }
  require = { has_block = "roles" }
  label   = "header"
  message = "client-credentials OAuth client requests analytics scopes but has no `roles` block"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` with
    `authorized_grant_type = "CLIENT-CREDENTIALS"` that requests analytics
    scopes but has no `roles` block. A `dynamic "roles"` block counts as
    roles.
  EOT
  why = <<-EOT
    A client-credentials token acts as the client itself, with the
    permissions of its roles. A scope limits what a token may do; it grants
    nothing on its own, so a client with analytics scopes and no role gets
    authorization errors on every analytics call. The provider's schema
    describes `roles` as required for `CLIENT-CREDENTIALS` clients, but does
    not enforce it: the API does. For cross-org analytics practitioners also
    report that the role must be held in the partner organization.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:readonly"]
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:readonly"]

      roles {
        role_id     = genesyscloud_auth_role.analytics_reader.id
        division_id = genesyscloud_auth_division.reporting.id
      }
    }
  EOT
}
