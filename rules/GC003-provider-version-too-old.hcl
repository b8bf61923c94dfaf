code     = "GC003"
name     = "provider-version-too-old"
severity = "error"
summary  = "The genesyscloud provider's version constraint admits a version older than the minimum"
help     = "add `>= {min_version}` to the constraint"
check    = "builtin"

options = {
  min_version = "1.6.2"
}

docs {
  what = <<-EOT
    Reads every version constraint on the genesyscloud provider in a module:
    `terraform { required_providers { ... } }` entries (the provider is
    recognised by its source address `mypurecloud/genesyscloud`, with or
    without a registry host, in any letter case, whatever local name it is
    given; an entry named `genesyscloud` with no `source` counts too) and the
    legacy `version` argument in a `provider "genesyscloud"` block. It reports
    a constraint that admits any version older than the minimum (default
    1.6.2), and names the oldest version the constraint admits.

    "Admits" follows Terraform's constraint semantics exactly: `=`, `!=`, `>`,
    `>=`, `<`, `<=`, `~>`, bare versions, partial versions (`1.6` is
    `1.6.0`), comma-joined conjunctions, and pre-releases (`1.6.2-beta1` is
    older than `1.6.2`, and only an exact `=` admits a pre-release). So
    `~> 1.6` (admits 1.6.0) and `~> 1.5.7` are reported; `~> 1.6, >= 1.6.2`
    and `>= 1.6.2` are not. A module with no constraint at all is GC004's
    business. A requirement whose source is
    `genesys.com/mypurecloud/genesyscloud` is the provider's local development
    build (its Makefile installs it as version 0.1.0) and is not checked.
  EOT
  why = <<-EOT
    Practitioners report that genesyscloud provider versions before 1.6.2
    (1.5.7 is named) resolve partner-org scopes wrongly, which surfaces as
    `401 Unauthorized` on cross-org analytics calls.

    What is true of the public provider: no 1.5.7, 1.6.1 or 1.6.2 release
    exists; 1.6.0 is followed by 1.7.0. The rule keeps 1.6.2 as the minimum it
    was asked for, so in practice it reports constraints that admit 1.6.0 or
    older, and its message names the oldest admitted version, which is what
    you act on. Set `min_version` to choose another minimum.
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
          version = "~> 1.6, >= 1.6.2"
        }
      }
    }
  EOT
  notes = <<-EOT
    `cxlint check --fix` adds `>= MIN` to the constraint (clause by clause:
    `>=`, `>` and exact clauses become one `>= MIN`, a `~>` whose range ends
    at or before MIN moves to MIN's minor series within the same major) and
    offers the result only when it admits at least one known release (the
    index GC015 uses: `rules/genesyscloud-releases.txt` plus
    `known_releases` in `.cxlint.hcl`) and every version it admits has a
    major version the original constraint admitted. An exact pin (`1.3.0`,
    `= 1.3.0`) is never rewritten into a range. When no safe edit exists, no
    fix is offered and the help says what to choose.

    With minimum 1.6.2: `~> 1.5` becomes `~> 1.5, >= 1.6.2` (admits 1.7.0
    up to 2.0); `>= 1.0` becomes `>= 1.6.2`; `~> 1.5.7` becomes
    `~> 1.6, >= 1.6.2`; `~> 1.6.0` gets no fix (1.6.x has no release at or
    above 1.6.2; the help proposes `~> 1.7`); `1.3.0` gets no fix (the help
    proposes pinning a release at or above the minimum, such as `1.7.0`);
    `~> 0.14` gets no fix (it would cross into 1.x).

    GC004 and GC005 use the same `min_version`: set it once, here.
  EOT
}
