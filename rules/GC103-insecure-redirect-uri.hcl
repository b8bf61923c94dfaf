code     = "GC103"
name     = "insecure-redirect-uri"
severity = "warning"
summary  = "An OAuth client redirects to a plain-http URI on a non-loopback host"
help     = "use an https:// redirect URI (plain http is fine only for localhost, 127.0.0.1 or [::1])"

target {
  resource = "genesyscloud_oauth_client"
}

case "registered-redirect-uris" {
  when        = { attribute = "registered_redirect_uris", insecure_url = true }
  label       = "registered_redirect_uris"
  independent = true
  message     = "redirect URI `{match}` uses plain http"
  help        = "use https:// for `{match}`"
}

case "redirect-uris" {
  when        = { attribute = "redirect_uris", insecure_url = true }
  label       = "redirect_uris"
  independent = true
  message     = "redirect URI `{match}` uses plain http"
  help        = "use https:// for `{match}`"
}

docs {
  what = <<-EOT
    Finds a `genesyscloud_oauth_client` whose `registered_redirect_uris` (or
    `redirect_uris`) hold a URI with the `http://` scheme for a host other
    than `localhost`, `127.0.0.1` or `[::1]`. The value is evaluated
    (variables, `.tfvars`, locals, `concat()`); items that cannot be known
    statically are ignored. The message names the first insecure URI.
  EOT
  why = <<-EOT
    The authorization code or implicit token is delivered to the redirect
    URI. Over plain http anyone on the network path can read it and act as
    the user. Loopback hosts never leave the machine, which is why native
    apps may use `http://localhost`.

    `redirect_uris` does not exist on the public provider's
    `genesyscloud_oauth_client` (the attribute is `registered_redirect_uris`;
    `terraform validate` rejects `redirect_uris`); it is checked because
    wrapper modules use the name.
  EOT
  example = <<-EOT
    resource "genesyscloud_oauth_client" "web_app" {
      name                     = "Web app"
      authorized_grant_type    = "CODE"
      scopes                   = ["users:readonly"]
      registered_redirect_uris = ["http://app.example.com/callback"]
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_oauth_client" "web_app" {
      name                     = "Web app"
      authorized_grant_type    = "CODE"
      scopes                   = ["users:readonly"]
      registered_redirect_uris = ["https://app.example.com/callback"]
    }
  EOT
}
