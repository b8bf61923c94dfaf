//! cxlint: a static analyzer for Genesys Cloud Terraform configurations.
//!
//! Data flows one way: discover → parse → model → evaluate → rules →
//! suppress/configure → report.

pub mod diag;
pub mod eval;
pub mod parse;
pub mod source;
pub mod syntax;
pub mod version;
