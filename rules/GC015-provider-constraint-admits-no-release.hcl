code     = "GC015"
name     = "provider-constraint-admits-no-release"
severity = "error"
summary  = "The genesyscloud provider's version constraints admit no known release, and no future one"
help     = "choose a constraint that admits a released version, such as `~> 1.84` (see the provider's releases)"
check    = "builtin"

docs {
  what = <<-EOT
    Reads the genesyscloud provider's version constraints of every module
    of a configuration (`required_providers` entries and the legacy
    `version` argument of a `provider "genesyscloud"` block) and compares
    them with cxlint's index of known releases (the data file
    `rules/genesyscloud-releases.txt`, plus `known_releases` from
    `.cxlint.hcl`). Reports a `version` whose constraint admits no known
    release while the newest known release lies above everything it admits,
    so no future release can satisfy it either: `~> 1.5.7` (1.5.x has only
    1.5.0), `= 1.6.2`, `~> 1.6.1`, `1.12.3`. The message names the nearest
    known releases below and above.

    When every constraint admits a known release but their combination in
    the configuration does not, it is reported once, at the root module's
    constraint, with `related` pointing at the others. Not reported: a
    constraint that admits versions newer than the newest known release (a
    release cxlint does not know yet), and a configuration whose
    constraints admit no version at all (that is GC006's finding).
  EOT
  why = <<-EOT
    `terraform init` fails with "no available releases match the given
    constraints". The index is the provider repository's plain `vX.Y.Z`
    tags as of 2026-07-01, newest 1.84.1 (reference notes on the provider,
    section j); releases are cut from tags by goreleaser. Known gaps: there
    are no 1.5.x patch releases, 1.6.0 is followed by 1.7.0, and 1.12.0 by
    1.12.6 (section j). The public registry's own list could not be read,
    so this is "releases known to cxlint", not the registry's truth: when
    a newer release appears, add it to `.cxlint.hcl`:
    `known_releases = ["1.85.0"]`.
  EOT
  example = <<-EOT
    terraform {
      required_providers {
        genesyscloud = {
          source  = "mypurecloud/genesyscloud"
          version = "~> 1.5.7"
        }
      }
    }
  EOT
  use_instead = <<-EOT
    terraform {
      required_providers {
        genesyscloud = {
          source  = "mypurecloud/genesyscloud"
          version = "~> 1.7"
        }
      }
    }
  EOT
}
