//! The integration tests: one binary, one module per concern, one runner
//! (`support`). Rule fixtures run in-process (`rule_fixtures`); the CLI is
//! tested on a few scenarios through the real binary.

mod support;

mod baseline;
mod cli;
mod cli_config;
mod corpus;
mod cross_org_config;
mod deep_nesting;
mod docs;
mod e2e;
mod eval_budgets;
mod eval_diff;
mod eval_files;
mod eval_fixtures;
mod eval_typed;
mod fix;
mod formats;
mod fuzz_regressions;
mod hostile;
mod inspect;
mod integrations;
mod integrations_output;
mod lsp;
mod lsp_common;
mod lsp_neovim;

mod memory;
mod overrides;
mod pack_rules;
mod parser_diff;
mod precommit;
mod proptest_eval;
mod readme;
mod rule_fixtures;
mod rules;
mod sarif_validator;
mod security;
mod suppressions;
mod threads;
