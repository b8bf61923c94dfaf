aws_region     = "eu-west-1"
partner_org_id = "partner-org-eu"
