//! The run stage: the enabled rules over a batch's graph. Declarative rules
//! run on every module instance (following module calls from each root with
//! the values passed in); Rust rules run once per module and once per
//! configuration. Panics inside a rule become CX006.

mod instance;

pub use instance::visit_instances;

use crate::diag::{Diagnostic, Location};
use crate::eval::{root_inputs, Env};
use crate::graph::Graph;
use crate::model::{File, Module};
use crate::rules::builtin::config::SharedTree;
use crate::rules::builtin::{ConfigCtx, ModuleCtx, RuleCtx, RustRule};
use crate::rules::core::Core;
use crate::rules::select::Selection;
use crate::rules::{RawFinding, Rule, RuleOptions};

/// What the rules found in one batch.
#[derive(Default)]
pub struct Output {
    pub findings: Vec<RawFinding>,
    /// CX005 and CX006 raised while running.
    pub core: Vec<Diagnostic>,
    /// Module instances evaluated.
    pub instances: usize,
}

/// A rule that runs, with its options.
struct Enabled<'r> {
    rule: &'r Rule,
    opts: RuleOptions,
}

impl Enabled<'_> {
    fn ctx(&self) -> RuleCtx<'_> {
        RuleCtx {
            opts: &self.opts,
            code: &self.rule.def.code,
            help: &self.rule.def.help,
        }
    }
}

/// Run the selected rules over `graph`. `var_files` (`--var-file`) apply to
/// every root.
pub fn run(graph: &Graph, sel: &Selection, var_files: &[File]) -> Output {
    let enabled: Vec<Enabled> = sel
        .enabled()
        .into_iter()
        .map(|rule| Enabled {
            opts: sel
                .config
                .options_for(&rule.def.code, &rule.def.name, &rule.def.options),
            rule,
        })
        .collect();
    let mut out = Output::default();
    let declarative: Vec<&Enabled> = enabled.iter().filter(|e| e.rule.rust.is_none()).collect();
    let var_file_refs: Vec<&File> = var_files.iter().collect();
    let per_root: Vec<Output> = crate::par::map(graph.roots.clone(), |root| {
        instance::run_root(graph, root, &declarative, &var_file_refs)
    });
    for o in per_root {
        out.findings.extend(o.findings);
        out.core.extend(o.core);
        out.instances += o.instances;
    }
    let rust: Vec<(&Enabled, &dyn RustRule)> = enabled
        .iter()
        .filter_map(|e| e.rule.rust.map(|r| (e, r)))
        .collect();
    let checked: Vec<&Module> = graph
        .modules
        .iter()
        .filter(|m| m.is_module() || !m.locked.is_empty())
        .collect();
    let per_module: Vec<Output> = crate::par::map(checked, |m| module_checks(m, &rust));
    for o in per_module {
        out.findings.extend(o.findings);
        out.core.extend(o.core);
    }
    for &root in &graph.roots {
        let modules = graph.configuration(root);
        let tree = SharedTree::default();
        for (e, rule) in &rust {
            let ctx = ConfigCtx {
                modules: &modules,
                var_files: &var_file_refs,
                tree: &tree,
                rule: e.ctx(),
            };
            rule.check_configuration(&ctx, &mut out.findings);
        }
    }
    out
}

/// The Rust rules' per-module checks, with the module's own inputs.
fn module_checks(m: &Module, rules: &[(&Enabled, &dyn RustRule)]) -> Output {
    let inputs = root_inputs(m, &[]);
    let env = Env::new(m, &inputs);
    let mut out = Output::default();
    for (e, rule) in rules {
        let ctx = ModuleCtx {
            module: m,
            env: &env,
            rule: e.ctx(),
        };
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rule.check_module(&ctx, &mut out.findings)
        }));
        if res.is_err() {
            if let Some(f) = m.files.first() {
                out.core.push(Core::internal_error(
                    Location::new(&f.source, 0..0),
                    &format!("running {} on this module", e.rule.def.code),
                ));
            }
        }
    }
    out
}
