code     = "GC008"
name     = "invalid-grant-type"
severity = "error"
summary  = "An OAuth client's authorized_grant_type is not one the provider accepts"
help     = "use one of CODE, TOKEN, SAML2BEARER, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS (case-sensitive)"

options = {
  # The values the provider's schema accepts (case-sensitive).
  grant_types = ["CODE", "TOKEN", "SAML2BEARER", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"]
}

target {
  resource = "genesyscloud_oauth_client"
}

# A near miss: the value differs from a valid one only in letter case or in
# `_` versus `-`. The help names the value that was meant.
case "near-miss" {
  when = {
    attribute   = "authorized_grant_type"
    near_one_of = "{grant_types}"
  }
  label   = "authorized_grant_type"
  message = "`authorized_grant_type` is `{value}`, not a valid grant type (did you mean `{intended}`?)"
  help    = "use \"{intended}\": grant types are case-sensitive and use `-`, not `_`"
  fix     = { kind = "replace_with_intended", attribute = "authorized_grant_type" }
}

case "invalid" {
  when = { attribute = "authorized_grant_type", exists = true }
  require = {
    any = [
      { attribute = "authorized_grant_type", one_of = "{grant_types}" },
      # Near misses are the other case's business.
      { attribute = "authorized_grant_type", near_one_of = "{grant_types}" },
    ]
  }
  label   = "authorized_grant_type"
  message = "`authorized_grant_type` is `{value}`, not a valid grant type"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` whose `authorized_grant_type` is set
    to a value the provider does not accept. The accepted values are
    `CODE`, `TOKEN`, `SAML2BEARER`, `SAML2-BEARER`, `PASSWORD` and
    `CLIENT-CREDENTIALS`, compared case-sensitively. When the value differs
    from one of them only in letter case or in `_` versus `-` (for example
    `CLIENT_CREDENTIALS` or `client-credentials`), the message and help name
    the value that was meant. The value is evaluated (variables, `.tfvars`,
    locals); a value that cannot be known statically is not reported, and an
    absent attribute is not reported either (the provider requires it, and
    `terraform validate` says so).
  EOT
  why = <<-EOT
    The provider validates `authorized_grant_type` against a fixed,
    case-sensitive list (`StringInSlice` in the resource schema, v1.84.1), so
    a wrong value fails at plan time; `CLIENT_CREDENTIALS` with an
    underscore is the usual slip. `SAML2-BEARER` is accepted only from
    provider v1.51.0 on; older versions accept `SAML2BEARER` only.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT_CREDENTIALS"
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "reporting" {
      name                  = "Reporting"
      authorized_grant_type = "CLIENT-CREDENTIALS"
    }
  EOT
  notes = <<-EOT
    For a near miss, `cxlint check --fix` replaces the value with the one
    that was meant.
  EOT
}
