//! Rules written in Rust, for what the declarative matchers cannot express.
//! Each is one file that reads top to bottom (the finding it builds, the
//! struct, its checks) and one line in [`RULES`]. Its metadata (name,
//! severity, docs) lives in its rule file, bound by code with
//! `check = "builtin"`.

pub mod config;
mod gc003;
mod gc004;
mod gc005;
mod gc006;
mod gc011;
mod gc012;
mod gc013;
mod gc014;
mod gc015;

use std::fmt;

use super::{RawFinding, RuleOptions};
use crate::eval::Env;
use crate::model::Module;

/// A rule implemented in Rust. Every method has a default, so a rule
/// implements only the scope it works on.
pub trait RustRule: Sync + Send {
    /// The code of the rule file that holds its metadata.
    fn code(&self) -> &'static str;

    /// Check one option value from `.cxlint.hcl` (its type is already known
    /// to match the rule file's default); the message says what is wrong.
    fn validate_option(&self, _key: &str, _value: &hcl::Value) -> Result<(), String> {
        Ok(())
    }

    /// Runs once per module, with the module's own inputs.
    fn check_module(&self, _ctx: &ModuleCtx, _out: &mut Vec<RawFinding>) {}

    /// Runs once per configuration: a root module and every local module it
    /// reaches.
    fn check_configuration(&self, _ctx: &ConfigCtx, _out: &mut Vec<RawFinding>) {}
}

impl fmt::Debug for dyn RustRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RustRule({})", self.code())
    }
}

/// Every Rust rule.
pub static RULES: &[&dyn RustRule] = &[
    &gc003::Gc003,
    &gc004::Gc004,
    &gc005::Gc005,
    &gc006::Gc006,
    &gc011::Gc011,
    &gc012::Gc012,
    &gc013::Gc013,
    &gc014::Gc014,
    &gc015::Gc015,
];

/// The Rust rule bound to a rule file's code.
pub fn lookup(code: &str) -> Option<&'static dyn RustRule> {
    RULES.iter().copied().find(|r| r.code() == code)
}

/// What a rule sees of its own rule file and configuration.
pub struct RuleCtx<'c> {
    pub opts: &'c RuleOptions,
    pub code: &'c str,
    pub help: &'c str,
}

impl RuleCtx<'_> {
    /// A finding of this rule, in the style of oxc's diagnostic builders:
    /// `ctx.finding(location, message).with_help(...)`.
    pub fn finding(&self, location: crate::diag::Location, message: String) -> RawFinding {
        RawFinding::new(self.code, location, message)
    }
}

/// What a per-module check sees.
pub struct ModuleCtx<'c, 'm, 'a> {
    pub module: &'m Module<'a>,
    pub env: &'c Env<'m, 'a>,
    pub rule: RuleCtx<'c>,
}

/// What a per-configuration check sees: the root first, then every local
/// module it reaches.
pub struct ConfigCtx<'c, 'm, 'a> {
    pub modules: &'c [&'m Module<'a>],
    /// `--var-file` files: they apply to the root.
    pub var_files: &'c [&'c crate::model::File],
    /// The module tree of the configuration, shared by the tree rules.
    pub tree: &'c config::SharedTree<'m, 'a>,
    pub rule: RuleCtx<'c>,
}

/// A rule over a configuration's module tree (with provider configurations
/// and each node's inputs): the cross-org pack.
macro_rules! tree_rule {
    ($name:ident, $code:literal, $run:path) => {
        pub struct $name;

        impl super::RustRule for $name {
            fn code(&self) -> &'static str {
                $code
            }

            fn check_configuration(
                &self,
                ctx: &super::ConfigCtx,
                out: &mut Vec<crate::rules::RawFinding>,
            ) {
                let rule = (ctx.rule.opts, ctx.rule.code, ctx.rule.help);
                super::config::run_on(ctx.modules, ctx.var_files, ctx.tree, rule, $run, out);
            }
        }
    };
}
pub(crate) use tree_rule;
