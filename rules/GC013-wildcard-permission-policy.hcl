code     = "GC013"
name     = "wildcard-permission-policy"
severity = "warning"
summary  = "A role's permission policy uses the deprecated wildcard `*`"
help     = "list the entities and actions the role needs instead of `*`"
check    = "builtin"

docs {
  what = <<-EOT
    Finds a `permission_policies` block of a `genesyscloud_auth_role` (a
    `dynamic "permission_policies"` block's `content` counts) whose
    `entity_name` is `"*"` or whose `action_set` contains `"*"`. Values are
    evaluated (variables, locals); an unknown value is never reported. Each
    `"*"` of a literal list is reported at the element itself, on its own
    line in a multi-line list; a value that comes from elsewhere is reported
    at the attribute's value.

    `division_ids = ["*"]` of `genesyscloud_user_roles` and
    `genesyscloud_group_roles`, and `division_id = "*"` of an OAuth client's
    `roles`, are divisions, not permissions, and are not reported here
    (GC104 reports the OAuth client's).
  EOT
  why = <<-EOT
    Genesys Cloud deprecated wildcard permissions, effective June 1, 2026
    (reference notes on the provider, section h): the API expands `*` in
    `entity_name` or `action_set` into the explicit permissions that exist
    when the role is written. The role no longer follows permissions added
    later, so what looked like "everything in analytics" silently stops
    covering new entities. Providers before 1.81.0 show a permanent diff on
    such roles; 1.81.0 hides it (section h, PR #2323). Unknown domains,
    entities or actions are only logged by the API at create time, not
    rejected (section h), so a typo in an explicit list is not caught
    either: check the permission names against the API documentation.
  EOT
  example = <<-EOT
    resource "genesyscloud_auth_role" "reporting" {
      name = "Reporting"
      permission_policies {
        domain      = "analytics"
        entity_name = "*"
        action_set  = ["*"]
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
  EOT
}
