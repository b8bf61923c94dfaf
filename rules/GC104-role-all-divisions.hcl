code     = "GC104"
name     = "role-all-divisions"
severity = "info"
summary  = "An OAuth client is granted a role in all divisions"
help     = "set `division_id` to the divisions the client needs (one `roles` block per division)"

target {
  resource = "genesyscloud_oauth_client"
  block    = "roles"
}

case "all-divisions" {
  when    = { attribute = "division_id", equals = "*" }
  label   = "division_id"
  message = "OAuth client role is granted in all divisions (`division_id = \"*\"`)"
}

docs {
  what = <<-EOT
    Finds a `roles` block of a `genesyscloud_oauth_client` (a
    `dynamic "roles"` block's `content` counts) whose `division_id` is
    `"*"`. Each such block is reported at its `division_id`. In a `dynamic`
    block the `content` is read as written: a literal `"*"` there is
    reported, but a value taken from the iterator (`roles.value...`) is not
    evaluated and so is never reported.
  EOT
  why = <<-EOT
    `division_id = "*"` grants the role in every division, present and
    future. Least privilege names the divisions the client works in. An
    unset `division_id` means the home division, not all divisions, and is
    not reported. This is informational: some integrations (exporters,
    org-wide reporting) legitimately need every division.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:readonly"]

      roles {
        role_id     = genesyscloud_auth_role.reporting.id
        division_id = "*"
      }
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      scopes                = ["analytics:readonly"]

      roles {
        role_id     = genesyscloud_auth_role.reporting.id
        division_id = genesyscloud_auth_division.sales.id
      }
    }
  EOT
}
