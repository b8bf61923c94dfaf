code     = "GC009"
name     = "token-validity-out-of-range"
severity = "error"
summary  = "An OAuth client's access_token_validity_seconds is outside 300..38880000"
help     = "set `access_token_validity_seconds` between 300 (5 minutes) and 38880000 (450 days); the default is 86400"

target {
  resource = "genesyscloud_oauth_client"
}

case "out-of-range" {
  when    = { attribute = "access_token_validity_seconds", exists = true }
  require = { attribute = "access_token_validity_seconds", in_range = [300, 38880000] }
  label   = "access_token_validity_seconds"
  message = "`access_token_validity_seconds` is {value}, outside the accepted range (300 to 38880000 seconds)"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` whose `access_token_validity_seconds`
    is below 300 or above 38880000. The value is evaluated (variables,
    `.tfvars`, locals); a value that cannot be known statically, or that is
    not a number, is not reported.
  EOT
  why = <<-EOT
    The provider validates the attribute with `IntBetween(300, 38880000)`
    (v1.84.1), so a value outside the range fails at plan time. The
    provider's documentation says tokens normally last between 5 minutes and
    48 hours, and up to 450 days (38880000 seconds) only for SCIM clients;
    the provider does not enforce that narrower range, and neither does this
    rule.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                          = "Reporting"
      authorized_grant_type         = "CLIENT-CREDENTIALS"
      access_token_validity_seconds = 60
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                          = "Reporting"
      authorized_grant_type         = "CLIENT-CREDENTIALS"
      access_token_validity_seconds = 3600
    }
  EOT
}
