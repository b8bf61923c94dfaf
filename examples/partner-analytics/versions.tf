terraform {
  required_version = ">= 1.3"

  required_providers {
    genesyscloud = {
      source  = "mypurecloud/genesyscloud"
      version = "~> 1.5.7"
    }
  }
}
