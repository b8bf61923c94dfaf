code     = "GC101"
name     = "hardcoded-provider-credential"
severity = "error"
summary  = "A genesyscloud provider credential is written in the configuration"
help     = "remove the value and set it in the environment (GENESYSCLOUD_OAUTHCLIENT_SECRET / GENESYSCLOUD_ACCESS_TOKEN)"

target {
  provider = "genesyscloud"
}

# Every case is independent: a provider block with two hardcoded
# credentials gets two findings. No message quotes `{value}`.

case "oauthclient-secret" {
  when        = { attribute = "oauthclient_secret", empty = false }
  label       = "oauthclient_secret"
  report_at   = "value_source"
  independent = true
  message     = "`oauthclient_secret` of the genesyscloud provider is hardcoded"
  help        = "remove `oauthclient_secret` and set the GENESYSCLOUD_OAUTHCLIENT_SECRET environment variable instead"
}

case "access-token" {
  when        = { attribute = "access_token", empty = false }
  label       = "access_token"
  report_at   = "value_source"
  independent = true
  message     = "`access_token` of the genesyscloud provider is hardcoded"
  help        = "remove `access_token` and set the GENESYSCLOUD_ACCESS_TOKEN environment variable instead (or use GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET)"
}

case "proxy-password" {
  block       = "proxy.auth"
  when        = { attribute = "password", empty = false }
  label       = "password"
  report_at   = "value_source"
  independent = true
  message     = "`proxy.auth.password` of the genesyscloud provider is hardcoded"
  help        = "remove `password` and set the GENESYSCLOUD_PROXY_AUTH_PASSWORD environment variable instead"
}

case "gateway-password" {
  block       = "gateway.auth"
  when        = { attribute = "password", empty = false }
  label       = "password"
  report_at   = "value_source"
  independent = true
  message     = "`gateway.auth.password` of the genesyscloud provider is hardcoded"
  help        = "remove `password` and set the GENESYSCLOUD_GATEWAY_AUTH_PASSWORD environment variable instead"
}

docs {
  what = <<-EOT
    Finds a credential of the `provider "genesyscloud"` block whose value is
    known to cxlint: `oauthclient_secret`, `access_token`, or `password` in
    the `auth` block of its `proxy` or `gateway` block. Known means written
    in the configuration: a literal, a local, a variable's `default`, or a
    value from `terraform.tfvars`, `*.auto.tfvars` or `--var-file`. cxlint
    never reads environment variables, so every value it can know is
    hardcoded somewhere; a variable without a value is silent, and so is an
    empty string.

    Where the finding is reported: when the value comes from a `.tfvars`
    file, at that `.tfvars` line (that is where the secret sits), with
    `related` pointing at the provider attribute. When it comes from a
    variable's `default` (or a local), at the provider attribute, with
    `related` pointing at the default. The message names the attribute and
    never the value, and every output format masks the value.
  EOT
  why = <<-EOT
    A secret in a `.tf` or `.tfvars` file ends up in version control, in
    CI logs and in every copy of the repository. The provider reads each of
    these credentials from the environment when the attribute is not set:
    `GENESYSCLOUD_OAUTHCLIENT_SECRET`, `GENESYSCLOUD_ACCESS_TOKEN`,
    `GENESYSCLOUD_PROXY_AUTH_PASSWORD` and `GENESYSCLOUD_GATEWAY_AUTH_PASSWORD`,
    and its README recommends environment variables to avoid hardcoding
    credentials.

    The provider schema (v1.84.1) marks `oauthclient_secret` as Sensitive,
    which hides it in plan output but not in the file it is written in;
    `access_token` and the proxy and gateway `password` are not marked
    Sensitive at all, so Terraform may also print them.
  EOT
  example = <<-EOT
    provider "genesyscloud" {
      oauthclient_id     = "4f9a2b1c-0d3e-4f5a-8b6c-7d8e9f0a1b2c"
      oauthclient_secret = "do-not-commit-me"
      aws_region         = "eu-west-1"
    }
  EOT
  notes = <<-EOT
    Placeholder values such as `"xxx"` or `"Enter your OAuth Client Secret
    here"` are reported too, on purpose: cxlint cannot tell a placeholder
    from a secret, and a template with a placeholder in the provider block
    invites pasting the real secret there. Values passed into a local
    module's variables by a `module` block are followed; the finding is then
    reported at the `module` block's argument in the caller.
  EOT
  use_instead = <<-EOT
    # export GENESYSCLOUD_OAUTHCLIENT_ID=...
    # export GENESYSCLOUD_OAUTHCLIENT_SECRET=...
    provider "genesyscloud" {
      aws_region = "eu-west-1"
    }
  EOT
}
