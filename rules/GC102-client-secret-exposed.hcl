code     = "GC102"
name     = "client-secret-exposed"
severity = "warning"
summary  = "An OAuth client's secret is written to Terraform state or to a file"
help     = "read the client secret once from the Genesys Cloud admin UI or API and store it in a secret manager"

target {
  resource = "genesyscloud_oauth_client"
}

case "expose-client-secret" {
  when        = { attribute = "expose_client_secret", equals = true }
  label       = "expose_client_secret"
  independent = true
  message     = "`expose_client_secret = true` stores the OAuth client's secret in Terraform state"
  help        = "remove `expose_client_secret` (it defaults to false), or make sure the state backend is encrypted and access-controlled"
}

case "directory-client-secret" {
  when        = { attribute = "directory_client_secret", empty = false }
  label       = "directory_client_secret"
  independent = true
  message     = "`directory_client_secret` makes the provider write the OAuth client's secret to a file"
  help        = "remove `directory_client_secret`, or point it at a directory only the Terraform runner can read and that is never committed"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` with `expose_client_secret = true`
    or with `directory_client_secret` set (to a non-empty value). Each is
    reported on its own attribute.
  EOT
  why = <<-EOT
    With `expose_client_secret = true` (provider v1.68.5 and later) the
    provider fills the Sensitive `client_secret` attribute, so the secret is
    stored in Terraform state, readable by anyone who can read the state.
    With `directory_client_secret` (v1.63.0 and later) the provider writes
    the secret to a file named after the client id in that directory; in
    v1.84.1 the file is created with mode 0777 before the umask. Both can be
    deliberate; the warning asks you to make sure the state or the directory
    is protected.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "integration" {
      name                  = "Integration"
      authorized_grant_type = "CLIENT-CREDENTIALS"
      expose_client_secret  = true
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "integration" {
      name                  = "Integration"
      authorized_grant_type = "CLIENT-CREDENTIALS"
    }
  EOT
}
