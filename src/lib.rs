//! cxlint: a static analyzer for Genesys Cloud Terraform configurations.
//!
//! Data flows one way: `load` (read, parse with spans) → `graph` (modules,
//! calls, configurations) → `run` (the [`rules`] over values from [`eval`])
//! → `finalize` (suppressions, config, sort) → [`report`] (one emitter per
//! format). [`engine`] wires the stages together; `main.rs` only parses
//! arguments and runs [`app`], which maps the outcome to an exit code.

pub mod app;
pub(crate) mod baseline;
pub(crate) mod budget;
pub mod cli;
pub mod config;
pub mod diag;
pub mod engine;
pub(crate) mod error;
pub mod eval;
pub(crate) mod file_policy;
pub(crate) mod finalize;
pub(crate) mod fix;
pub(crate) mod fix_apply;
pub(crate) mod graph;
pub(crate) mod load;
pub mod lsp;
pub mod model;
pub(crate) mod overrides;
pub(crate) mod par;
pub mod parse;
pub mod releases;
pub mod report;
pub mod rules;
pub(crate) mod run;
// The one module with `unsafe`: signal handling and `flock`/`access` through
// libc, which std does not offer.
#[allow(unsafe_code)]
pub(crate) mod safe_write;
pub(crate) mod secrets;
pub mod source;
pub(crate) mod suppress;
pub mod syntax;
pub(crate) mod version;
