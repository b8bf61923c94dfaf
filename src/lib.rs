//! cxlint: a static analyzer for Genesys Cloud Terraform configurations.
//!
//! Data flows one way: [`discover`] → [`parse`] → [`model`] → [`eval`] →
//! [`rules`] → [`suppress`] / [`config`] → [`report`]. [`engine`] wires the
//! stages together; `main.rs` only parses arguments and maps the outcome to
//! an exit code.

pub mod baseline;
pub mod budget;
pub mod cli;
pub mod config;
pub mod diag;
pub mod discover;
pub mod engine;
pub mod eval;
pub mod file_policy;
pub mod fix;
pub mod fix_apply;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod safe_write;
pub mod secrets;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod version;
