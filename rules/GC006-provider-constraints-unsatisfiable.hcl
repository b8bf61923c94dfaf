code     = "GC006"
name     = "provider-constraints-unsatisfiable"
severity = "error"
summary  = "The genesyscloud provider's version constraints across a configuration admit no version"
help     = "make the constraints overlap: relax the stricter one or raise the older one"
check    = "builtin"

docs {
  what = <<-EOT
    Collects the version constraints on the genesyscloud provider from a
    root module and every local module it calls (`source = "./..."` or
    `"../..."`), and reports when together they admit no version at all. It
    is reported once per configuration, at one of the constraints, with
    related locations pointing at the others.
  EOT
  why = <<-EOT
    Terraform intersects the constraints of every module in a configuration.
    When they do not overlap, `terraform init` fails with "no available
    releases match the given constraints", often only in CI, and the error
    does not say which module is responsible.
  EOT
  example = <<-EOT
    # main.tf (root)
    terraform {
      required_providers {
        genesyscloud = { source = "mypurecloud/genesyscloud", version = ">= 1.7.0" }
      }
    }
    module "client" { source = "./modules/client" }

    # modules/client/versions.tf
    terraform {
      required_providers {
        genesyscloud = { source = "mypurecloud/genesyscloud", version = "~> 1.5.0" }
      }
    }
  EOT
  use_instead = <<-EOT
    # modules/client/versions.tf
    terraform {
      required_providers {
        genesyscloud = { source = "mypurecloud/genesyscloud", version = ">= 1.6.2" }
      }
    }
  EOT
}
