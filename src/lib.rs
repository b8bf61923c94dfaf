//! cxlint: a static analyzer for Genesys Cloud Terraform configurations.
//!
//! Data flows one way: [`load`] (read, parse with spans) → [`graph`]
//! (modules, calls, configurations) → [`run`] (the [`rules`] over values
//! from [`eval`]) → [`finalize`] (suppressions, config, sort) → [`report`]
//! (one emitter per format). [`engine`] wires the stages together; `main.rs`
//! only parses arguments and maps the outcome to an exit code.

pub mod app;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diag;
pub mod engine;
pub mod error;
pub mod eval;
pub mod finalize;
pub mod fix;
pub mod graph;
pub mod load;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod run;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod version;
