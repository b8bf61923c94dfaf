//! Command-line interface: the clap definitions only. The commands live in
//! [`crate::app`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "cxlint",
    version,
    about = "Find Genesys Cloud (CX as Code) Terraform misconfigurations before `terraform apply`",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the check variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (default: .)
    Check(CheckArgs),
    /// List every rule: code, name, severity, enabled, summary
    Rules(RulesArgs),
    /// Print a rule's full documentation (markdown)
    Explain {
        /// A rule code (GC001) or name (oauth-client-missing-partner-scope)
        rule: String,
        /// Use this config instead of discovering .cxlint.hcl
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Also load the rule files in DIR (repeatable)
        #[arg(long = "rules", value_name = "DIR")]
        rules_dirs: Vec<PathBuf>,
    },
    /// Show the values cxlint knows for every block a rule reads (secrets masked)
    Inspect(InspectArgs),
    /// Write a starter .cxlint.hcl in the current directory
    Init,
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
    /// Run the language server on standard input/output
    Lsp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` with --stdin-filename reads standard input
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_level: FailLevel,
    /// Use this config instead of discovering .cxlint.hcl
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also load the rule files in DIR (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
    /// Run only these rules (codes or names; repeatable or comma-separated)
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Switch a rule on for this run (repeatable)
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub enable: Vec<String>,
    /// Switch a rule off for this run (repeatable)
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub disable: Vec<String>,
    /// Extra .tfvars file(s) used when evaluating expressions
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Apply safe fixes in place
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff without writing
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Colour (NO_COLOR is honoured)
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Print nothing for a clean run
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Lint standard input as if it were this file (pass `-` as the path)
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Worker threads (default: all cores)
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Print files, modules, bytes and time per stage to stderr
    #[arg(long)]
    pub stats: bool,
    /// Report only findings not recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (a baseline) and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Exit 0 even when findings reach the fail level (2 still means the run failed)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print a count per code instead of the findings (JSON: add `statistics`)
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// `table` (default) or `json`
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
    /// Use this config instead of discovering .cxlint.hcl
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also load the rule files in DIR (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
}

/// `cxlint inspect` arguments.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Directories or files to inspect
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Extra .tfvars file(s) used when evaluating expressions, as for `check`
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: InspectFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InspectFormat {
    Text,
    Json,
}
