//! cxlint: a static analyzer for Genesys Cloud Terraform configurations.
//!
//! Data flows one way: discover → parse → model → evaluate → rules →
//! suppress/configure → report.

pub mod diag;
pub mod eval;
pub mod report;
pub mod source;
