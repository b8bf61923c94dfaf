code     = "GC005"
name     = "locked-provider-too-old"
severity = "error"
summary  = "The lock file selects a genesyscloud provider older than the minimum"
help     = "run `terraform init -upgrade` with a constraint of at least {min_version}, then commit `.terraform.lock.hcl`"
check    = "builtin"

docs {
  what = <<-EOT
    Reads `.terraform.lock.hcl` and reports a genesyscloud provider entry
    whose `version` is older than the minimum: GC003's `min_version`
    (default 1.6.2), configured once in `rule "GC003"` and followed here. Only `version`
    is read: the lock file's `constraints` line records what `terraform init`
    saw and is not a constraint source for GC003 or GC006.
  EOT
  why = <<-EOT
    The lock file decides which provider version `terraform apply` really
    uses, whatever the constraints allow. Practitioners report that versions
    before 1.6.2 resolve partner-org scopes wrongly. (No 1.6.1 or 1.6.2
    release exists: in practice this means 1.6.0 or older.)
  EOT
  example = <<-EOT
    provider "registry.terraform.io/mypurecloud/genesyscloud" {
      version     = "1.5.0"
      constraints = "~> 1.5"
    }
  EOT
  use_instead = <<-EOT
    provider "registry.terraform.io/mypurecloud/genesyscloud" {
      version     = "1.84.1"
      constraints = ">= 1.6.2"
    }
  EOT
}
