code     = "GC010"
name     = "oauth-client-missing-scopes"
severity = "warning"
summary  = "An OAuth client whose grant type needs scopes has none"
help     = "add the scopes the client needs to `scopes`, e.g. [\"users:readonly\"]"

target {
  resource = "genesyscloud_oauth_client"
}

case "no-scopes" {
  when = {
    attribute = "authorized_grant_type"
    one_of    = ["CODE", "TOKEN", "SAML2BEARER", "SAML2-BEARER", "PASSWORD"]
  }
  # Absent, null or an empty list.
  require = { attribute = "scopes", empty = false }
  label   = "header"
  message = "OAuth client with a grant type other than CLIENT-CREDENTIALS has no `scopes`"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` whose `authorized_grant_type` is a
    valid grant type other than `CLIENT-CREDENTIALS` (`CODE`, `TOKEN`,
    `SAML2BEARER`, `SAML2-BEARER`, `PASSWORD`) and that has no `scopes`, or
    an empty list. A missing or invalid grant type does not trigger it (an
    invalid one is GC008's business), and neither does a `scopes` value
    that cannot be known statically.
  EOT
  why = <<-EOT
    The provider's schema describes `scopes` as required for clients that
    are not `CLIENT-CREDENTIALS` clients; the schema does not enforce it,
    the Genesys Cloud API does, so the mistake surfaces only at apply time.
    A user-facing grant (code, implicit, SAML2 bearer, password) acts with
    the user's permissions limited by the client's scopes, so a client
    without scopes cannot do anything useful.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "web_app" {
      name                     = "Web app"
      authorized_grant_type    = "CODE"
      registered_redirect_uris = ["https://app.example.com/callback"]
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "web_app" {
      name                     = "Web app"
      authorized_grant_type    = "CODE"
      registered_redirect_uris = ["https://app.example.com/callback"]
      scopes                   = ["users:readonly"]
    }
  EOT
}
