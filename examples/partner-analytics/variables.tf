variable "aws_region" {
  description = "Region of the Genesys Cloud organization."
  type        = string
  default     = "us-east-1"
}

variable "analytics_scopes" {
  description = "Scopes of the partner analytics client."
  type        = list(string)
  default     = ["analytics:view"]
}

variable "partner_org_id" {
  description = "Id of the partner organization whose analytics the client reads."
  type        = string
}

variable "partner_region" {
  description = "Region of the partner organization."
  type        = string
  default     = "eu-west-1"
}
