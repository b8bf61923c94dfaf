//! Typed evaluation checked against `terraform console` (Terraform 1.11).
