# Two organizations, two provider configurations: the home org (default) and
# the partner org whose analytics the Premium App reads. No OAuth client acts
# in another org, so each org's objects are managed through its own provider.
provider "genesyscloud" {
  aws_region = var.aws_region
}

provider "genesyscloud" {
  alias      = "partner"
  aws_region = var.partner_region
}

locals {
  export_scopes = concat(["analytics:readonly"], ["workforce-management"])
}

# Created in the home org.
resource "genesyscloud_auth_role" "analytics_reader" {
  name        = "Partner analytics reader"
  description = "Reads conversation details for the partner dashboard"

  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = ["view"]
  }
}

# The Premium App's client, created in the partner org: queries
# POST /api/v2/analytics/conversations/details/query there.
resource "genesyscloud_oauth_client" "partner_analytics" {
  provider                      = genesyscloud.partner
  name                          = "Partner analytics"
  description                   = "Cross-org analytics for the partner dashboard"
  authorized_grant_type         = "CLIENT-CREDENTIALS"
  access_token_validity_seconds = 86400
  scopes                        = var.analytics_scopes
  organization_id               = var.partner_org_id

  roles {
    role_id = genesyscloud_auth_role.analytics_reader.id
  }
}

# Home-org analysts who may log in to the partner org (the partner still
# accepts the trust and grants their roles outside Terraform).
resource "genesyscloud_group" "partner_analysts" {
  name = "Partner analysts"
}

resource "genesyscloud_orgauthorization_pairing" "partner" {
  group_ids = [genesyscloud_group.partner_analysts.id]
}

# A nightly export of the partner org's analytics, added later by another team.
resource "genesyscloud_oauth_client" "wfm_export" {
  name                  = "WFM export"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = local.export_scopes
}
