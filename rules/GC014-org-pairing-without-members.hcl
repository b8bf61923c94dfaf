code     = "GC014"
name     = "org-pairing-without-members"
severity = "error"
summary  = "An organization-authorization pairing names no user or group, or more than 25"
help     = "list the trustee users (`user_ids`) or groups (`group_ids`) to authorize, at most 25 in total"
check    = "builtin"

docs {
  what = <<-EOT
    Finds a `genesyscloud_orgauthorization_pairing` that sets neither
    `user_ids` nor `group_ids` (reported at the block header), whose lists
    are both empty (reported at the list), or whose lists hold more than 25
    ids in total when their lengths are known (reported at the longer
    list). Values are evaluated (variables, locals); a list whose length
    cannot be known is never reported.
  EOT
  why = <<-EOT
    A pairing authorizes *users and groups* of the trustee organization in
    a trustor organization; there are no trustee OAuth clients (reference
    notes on the provider, section f). The provider's schema describes
    `user_ids` and `group_ids` as "at least one is required" but no
    validator enforces it (section i), so an empty pairing is accepted by
    `terraform plan` and authorizes nobody. Genesys Cloud allows at most 25
    authorized users or groups (section f, from the Genesys help center).

    Two more facts to know (section i): the provider never deletes a
    pairing (destroy is a no-op: the pairing stays in Genesys Cloud), and
    it only creates the trustee side. The trustor organization must still
    accept the trust and grant roles to the trustee users or groups outside
    Terraform; trustee users and groups get all divisions of the roles they
    are granted (section f).
  EOT
  example = <<-EOT
    resource "genesyscloud_orgauthorization_pairing" "partner" {
    }
  EOT
  use_instead = <<-EOT
    resource "genesyscloud_orgauthorization_pairing" "partner" {
      group_ids = [genesyscloud_group.partner_analysts.id]
    }
  EOT
}
