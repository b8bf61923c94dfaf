code     = "GC011"
name     = "oauth-client-role-lacks-analytics-permission"
severity = "warning"
summary  = "A client-credentials OAuth client meant for analytics holds no role that grants the conversation-detail view permission"
help     = "add a `permission_policies { domain = \"analytics\", entity_name = \"conversationDetail\", action_set = [\"view\"] }` block to a role the client holds"
check    = "builtin"

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` with
    `authorized_grant_type = "CLIENT-CREDENTIALS"` that requests analytics
    (a scope `analytics` or `analytics:*`, the same trigger as GC001: it
    shows the client is meant for analytics) and whose `roles` blocks all
    name `genesyscloud_auth_role` resources of the configuration, none of
    which has a `permission_policies` block with `domain = "analytics"`,
    `entity_name` one of `conversationDetail`, `agentConversationDetail` or
    `"*"`, and an `action_set` containing `view` or `"*"`.

    Role ids are followed through `local.x`, `var.x` (the caller's module
    argument or the default) and `module.m.output`. When any `role_id` is
    unknown (a `data "genesyscloud_auth_role"`, a literal id, an unset
    variable, a `dynamic "roles"` block's iterator) the role may grant the
    permission and nothing is reported; so is a policy whose values are
    unknown. A client with no `roles` block at all is GC007's business.

    Reported on the first `roles` block; when the role ids come into a
    module through a `module` block's argument, on that argument in the
    caller. `related` points at each role.
  EOT
  why = <<-EOT
    For a `CLIENT-CREDENTIALS` client, what the token may do is decided by
    its roles, not its scopes: the API's own model says "Scopes only apply to
    clients not using the client_credential grant" and "Roles and divisions
    only apply to clients using the client_credential grant" (reference
    notes on the provider, section f, from the Go SDK's
    `oauthclientrequest.go`). `POST /api/v2/analytics/conversations/details/query`
    and the other conversation-detail endpoints require
    `analytics:conversationDetail:view` or
    `analytics:agentConversationDetail:view` (section g, from the JS SDK's
    `AnalyticsApi.md`). In `genesyscloud_auth_role` that permission is a
    `permission_policies` block (section g); the `permissions` attribute
    holds only special non-policy permissions.

    A token without the permission gets `403 Forbidden` naming the missing
    permissions (provider issue #277, section f), whatever scopes the client
    lists. A `401` instead means the token itself is not accepted (wrong
    organization or region, expired, or an inactive client): that is not
    visible in Terraform.
  EOT
  example = <<-EOT
    resource "genesyscloud_auth_role" "reporting" {
      name = "Reporting"
      permission_policies {
        domain      = "analytics"
        entity_name = "conversationAggregate"
        action_set  = ["view"]
      }
    }

    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:readonly"]
      roles {
        role_id = genesyscloud_auth_role.reporting.id
      }
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_auth_role" "reporting" {
      name = "Reporting"
      permission_policies {
        domain      = "analytics"
        entity_name = "conversationDetail"
        action_set  = ["view"]
      }
    }

    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:readonly"]
      roles {
        role_id = genesyscloud_auth_role.reporting.id
      }
    }
  EOT
  notes = <<-EOT
    The role must also exist in the organization the client is created in:
    a role of another provider configuration is GC012's finding. A client
    whose analytics calls need other endpoints (aggregates need
    `analytics:conversationAggregate:view`) is not checked for those.
  EOT
}
