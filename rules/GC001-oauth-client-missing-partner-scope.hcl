code     = "GC001"
name     = "oauth-client-missing-partner-scope"
severity = "error"
summary  = "OAuth client requests analytics scopes without the partner scope, or the partner scope without analytics"
help     = "add \"{partner_scope}\" to `scopes`"

options = {
  # The cross-org scope practitioners report as required next to analytics.
  partner_scope = "partner:analytics:view"
}

target {
  resource = "genesyscloud_oauth_client"
}

case "analytics-without-partner" {
  when    = { attribute = "scopes", any_matches = "^analytics(:.*)?$" }
  require = { attribute = "scopes", contains = "{partner_scope}" }
  label   = "scopes"
  message = "OAuth client requests `{match}` but not `{partner_scope}`"
  help    = "add \"{partner_scope}\" to `scopes`"
  fix     = { kind = "append_to_list", attribute = "scopes", item = "{partner_scope}" }
}

case "partner-without-analytics" {
  when    = { attribute = "scopes", contains = "{partner_scope}" }
  require = { attribute = "scopes", any_matches = "^analytics(:.*)?$" }
  label   = "scopes"
  message = "OAuth client requests `{partner_scope}` but no analytics scope"
  help    = "add an analytics scope (e.g. \"analytics:readonly\") to `scopes`"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` whose `scopes` request analytics (any
    scope `analytics` or `analytics:*`, such as `analytics:view` or
    `analytics:readonly`) but not the partner scope `partner:analytics:view`,
    or the partner scope without any analytics scope. The value is evaluated:
    literals, variables (defaults, `.tfvars`), locals, `concat()` and module
    inputs all count. A value that cannot be known statically is not reported.
  EOT
  why = <<-EOT
    Practitioners report that an integration (often an AppFoundry Premium App
    or a WFM tool) can query `POST /api/v2/analytics/conversations/details/query`
    in its own organization but gets `401 Unauthorized` ("Invalid JWT or
    expired token") the moment it switches to a partner organization, although
    its token "has analytics scopes". The reported cause is a client that asks
    for `analytics:view` without `partner:analytics:view`: cross-org analytics
    needs both.

    What is true of the public provider: real Genesys scopes are `analytics`
    and `analytics:readonly`, and the provider accepts any string in `scopes`
    without validation. `partner:analytics:view` does not appear in the
    provider's source or docs, so the partner scope's name is an option
    (`partner_scope`) you can set to what your organization uses.

    Some causes of the 401 are not visible in Terraform at all: a token issued
    for the parent org, an SDK that cached an old token, a missing header.
    Check those at runtime when this rule is clean.

    What Genesys Cloud enforces (reference notes on the provider, section f):
    for a `CLIENT-CREDENTIALS` client the token can do what its **roles**
    grant; the API's own model says "Scopes only apply to clients not using
    the client_credential grant". So for such a client the scopes this rule
    reads do not decide access: its roles do, and GC011 checks that one of
    them grants the conversation-detail view permission the details query
    needs. Nor does any OAuth client act in another organization through
    client credentials: the token request carries no organization and the
    API has no org-switching header (section f). A configuration that
    manages a partner organization does it through its own `provider
    "genesyscloud"` configuration, with a client created in that org; GC012
    reports ids that cross between configurations. This rule stays on by
    default because it checks what was asked for; disable it if your
    clients are all client-credentials clients.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "partner_analytics" {
      name                  = "Partner analytics"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:view"]
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "partner_analytics" {
      name                  = "Partner analytics"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:view", "partner:analytics:view"]
    }
  EOT
  notes = <<-EOT
    `cxlint check --fix` appends the missing partner scope to a literal
    `scopes` list, or to the literal list in the variable default, local or
    `.tfvars` value it comes from in the same module, keeping the list's
    layout.
  EOT
}
