provider "genesyscloud" {
  aws_region = var.aws_region
}

locals {
  export_scopes = concat(["analytics:readonly"], ["workforce-management"])
}

resource "genesyscloud_auth_role" "analytics_reader" {
  name        = "Partner analytics reader"
  description = "Reads conversation details for the partner dashboard"

  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = ["view"]
  }
}

# The Premium App's client: queries
# POST /api/v2/analytics/conversations/details/query in the partner org.
resource "genesyscloud_oauth_client" "partner_analytics" {
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

# A nightly export of the partner org's analytics, added later by another team.
resource "genesyscloud_oauth_client" "wfm_export" {
  name                  = "WFM export"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = local.export_scopes
}
