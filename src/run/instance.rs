//! Module instances: each root evaluated with its inputs, each local module
//! call followed with the values it passes, and the declarative rules run on
//! every resource and provider block of every instance.

use std::collections::BTreeMap;

use super::{Enabled, Output};
use crate::diag::{Location, Related};
use crate::eval::{root_inputs, Env, Inputs, Origin, Traced};
use crate::graph::Graph;
use crate::model::{File, Module, ModuleCall, Resource};
use crate::rules::core::Core;
use crate::rules::declarative::{self, Subject};
use crate::rules::def::Target;
use crate::rules::RawFinding;

const MAX_CALL_DEPTH: usize = 64;
const MAX_INSTANCES: usize = 64;

/// Evaluate a root and everything it calls: once with the variable files
/// Terraform loads by itself, then once more with each alternative
/// `.tfvars` file of the directory.
pub(super) fn run_root(
    graph: &Graph,
    root: usize,
    rules: &[&Enabled],
    var_files: &[&File],
) -> Output {
    let Some(root_module) = graph.modules.get(root) else {
        return Output::default();
    };
    let mut run = InstanceRun {
        graph,
        rules,
        out: Output::default(),
        visit: None,
        path: Vec::new(),
    };
    let mut findings = run.evaluate(root, root_module, var_files);
    let alts = &root_module.alt_var_files;
    for alt in alts.iter().take(MAX_ALTERNATIVES) {
        let files: Vec<&File> = std::iter::once(*alt)
            .chain(var_files.iter().copied())
            .collect();
        let extra = run.evaluate(root, root_module, &files);
        findings.extend(alternative_only(&findings, extra, alt));
    }
    if let Some(skipped) = alts.get(MAX_ALTERNATIVES) {
        let names: Vec<&str> = alts
            .iter()
            .skip(MAX_ALTERNATIVES)
            .map(|f| &*f.source.path)
            .collect();
        run.out.core.push(Core::LimitReached.diag(
            format!(
                "more than {MAX_ALTERNATIVES} alternative variable files in `{}`; not evaluated with: {}",
                root_module.display_dir,
                names.join(", ")
            ),
            Location::new(&skipped.source, 0..0),
            None,
        ));
    }
    run.out.findings = findings;
    run.out
}

/// At most this many alternative `.tfvars` files per module are evaluated.
const MAX_ALTERNATIVES: usize = 16;

/// The findings of an alternative evaluation that the automatic one did not
/// have, each with `related` naming the var file.
fn alternative_only(base: &[RawFinding], extra: Vec<RawFinding>, alt: &File) -> Vec<RawFinding> {
    extra
        .into_iter()
        .filter(|f| {
            !base
                .iter()
                .any(|b| b.code == f.code && b.location == f.location && b.message == f.message)
        })
        .map(|mut f| {
            let named = f.related.iter().any(|r| r.location.file == alt.source.path)
                || f.origins.iter().any(|o| {
                    matches!(o, Origin::Set { location, .. } if location.file == alt.source.path)
                });
            if !named {
                f.related.push(Related {
                    location: Location::new(&alt.source, 0..0),
                    message: "with the values of this variable file".into(),
                });
            }
            f
        })
        .collect()
}

/// What `cxlint inspect` is shown: each module instance a root reaches,
/// evaluated exactly as the rules see it (the root's variable files and
/// `var_files`, each call's arguments), with the instance's address
/// (`module.a.module.b["k"]`, empty for the root).
pub fn visit_instances(
    graph: &Graph,
    root: usize,
    var_files: &[&File],
    visit: &mut Visit,
) -> Output {
    let Some(root_module) = graph.modules.get(root) else {
        return Output::default();
    };
    let mut run = InstanceRun {
        graph,
        rules: &[],
        out: Output::default(),
        visit: Some(visit),
        path: Vec::new(),
    };
    run.evaluate(root, root_module, var_files);
    run.out
}

/// Called once per module instance: the module, its environment, its address.
pub type Visit<'v> = dyn FnMut(&Module, &Env, &str) + 'v;

struct InstanceRun<'r, 'g, 'l> {
    graph: &'r Graph<'l>,
    rules: &'r [&'g Enabled<'g>],
    out: Output,
    visit: Option<&'r mut Visit<'r>>,
    /// The address of the instance being evaluated, one call per element.
    path: Vec<String>,
}

impl InstanceRun<'_, '_, '_> {
    /// Evaluate the root with the given extra variable files.
    fn evaluate(
        &mut self,
        root: usize,
        root_module: &Module,
        var_files: &[&File],
    ) -> Vec<RawFinding> {
        let inputs = root_inputs(root_module, var_files);
        let mut findings = Vec::new();
        let mut chain = vec![root];
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.instance(root, &inputs, &mut chain, &mut findings);
        }));
        if r.is_err() {
            if let Some(f) = root_module.files.first() {
                self.out.core.push(Core::internal_error(
                    Location::new(&f.source, 0..0),
                    "evaluating this module",
                ));
            }
        }
        findings
    }

    fn instance(
        &mut self,
        idx: usize,
        inputs: &Inputs,
        chain: &mut Vec<usize>,
        out: &mut Vec<RawFinding>,
    ) {
        let Some(module) = self.graph.modules.get(idx) else {
            return;
        };
        self.out.instances += 1;
        let mut env = Env::new(module, inputs);
        // Where Terraform would run: `path.module`, and file functions read
        // only inside it.
        if let Some(root) = chain.first().and_then(|&r| self.graph.modules.get(r)) {
            env.set_root(&root.dir);
        }
        if let Some(visit) = self.visit.as_mut() {
            visit(module, &env, &self.path.join("."));
        }
        for r in &module.resources {
            self.resource(&env, r, out);
        }
        for pb in &module.providers {
            for e in self.rules {
                let Some(target) = &e.rule.def.target else {
                    continue;
                };
                if target.provider.as_deref() != Some(pb.name) {
                    continue;
                }
                let subject = Subject {
                    body: &pb.block.body,
                    block: &pb.block,
                    file: pb.file,
                    parts: Some(&pb.parts),
                    resource: Some(format!("provider.{}", pb.name)),
                    env: &env,
                    binds: &[],
                };
                declarative::run(e.rule, &e.opts, &subject, out);
            }
        }
        for call in &module.calls {
            self.call(module, &env, call, chain, out);
        }
        self.limits(module, &env);
    }

    /// CX008: what evaluation left unknown because a bound was reached.
    fn limits(&mut self, module: &Module, env: &Env) {
        for (what, at) in env.limits_reached() {
            let Some(f) = module.files.first() else { break };
            let message = format!("evaluation limit reached; left unknown: {what}");
            let known = self
                .out
                .core
                .iter()
                .any(|d| Core::LimitReached.is(&d.code) && d.message == message);
            if !known {
                // The local or variable default it happened in, else the
                // module's first file.
                let loc = at.unwrap_or_else(|| Location::new(&f.source, 0..0));
                let help = "cxlint stops evaluating values this large or costly; rules skip them";
                self.out
                    .core
                    .push(Core::LimitReached.diag(message, loc, Some(help.into())));
            }
        }
    }

    /// The rules that target this resource, once per instance.
    fn resource(&mut self, env: &Env, r: &Resource, out: &mut Vec<RawFinding>) {
        // Where `each.value` comes from, for `related`.
        let for_each = r.block.body.attribute("for_each").map(|fe| {
            let t = env.eval(&fe.value, &[]);
            (
                Location::new(&r.file_of(fe).source, fe.value.span.clone()),
                t.origins,
            )
        });
        for binds in instances_of(env, &r.block.body) {
            let first = out.len();
            for e in self.rules {
                let Some(target) = &e.rule.def.target else {
                    continue;
                };
                if !targets_resource(target, r) {
                    continue;
                }
                let subject = Subject {
                    body: &r.block.body,
                    block: &r.block,
                    file: r.file,
                    parts: Some(&r.parts),
                    resource: Some(r.address()),
                    env,
                    binds: &binds,
                };
                declarative::run(e.rule, &e.opts, &subject, out);
            }
            if let Some((loc, origins)) = &for_each {
                for f in out.iter_mut().skip(first) {
                    let uses_each = r.parts.files().iter().any(|file| {
                        f.location.file == file.source.path
                            && file
                                .source
                                .text
                                .get(f.location.span.clone())
                                .is_some_and(|t| t.contains("each."))
                    });
                    if uses_each {
                        f.related.push(Related {
                            location: loc.clone(),
                            message: "the value comes from `for_each` here".into(),
                        });
                        f.origins.extend(origins.iter().cloned());
                    }
                }
            }
        }
    }

    /// CX005 when following `call` would loop (a cycle) or go deeper than
    /// the limit (said as such, never as a cycle).
    fn not_followed(
        &mut self,
        call: &ModuleCall,
        src: &str,
        child: usize,
        chain: &[usize],
    ) -> bool {
        let loc = || Location::new(&call.file.source, call.block.header_span());
        let (message, help) = if chain.contains(&child) {
            (
                format!(
                    "module `{}` calls itself through `{src}` (a cycle); not followed",
                    call.name
                ),
                Core::ModuleCycle.info().help,
            )
        } else if chain.len() >= MAX_CALL_DEPTH {
            (
                format!(
                    "module `{}`: module calls nested too deep (more than {MAX_CALL_DEPTH} levels); `{src}` not followed",
                    call.name
                ),
                "flatten the module hierarchy",
            )
        } else {
            return false;
        };
        self.out
            .core
            .push(Core::ModuleCycle.diag(message, loc(), Some(help.into())));
        true
    }

    /// Follow a local module call with the values it passes, once per
    /// instance of the call.
    fn call(
        &mut self,
        module: &Module,
        env: &Env,
        call: &ModuleCall,
        chain: &mut Vec<usize>,
        out: &mut Vec<RawFinding>,
    ) {
        let Some(src) = call.local_source() else {
            return;
        };
        let Some(child) = self.graph.callee(module, src) else {
            return;
        };
        if self.not_followed(call, src, child, chain) {
            return;
        }
        let loc = || Location::new(&call.file.source, call.block.header_span());
        for binds in instances_of(env, &call.block.body) {
            if self.out.instances >= crate::budget::MAX_MODULE_INSTANCES {
                if !self.out.core.iter().any(|d| Core::LimitReached.is(&d.code)) {
                    let msg = crate::budget::instances_message(call.name);
                    self.out
                        .core
                        .push(Core::LimitReached.diag(msg, loc(), None));
                }
                return;
            }
            let mut args: BTreeMap<String, Traced> = BTreeMap::new();
            let mut arg_attrs = BTreeMap::new();
            for a in call.arguments() {
                args.insert(a.key.to_string(), env.eval(&a.value, &binds));
                arg_attrs.insert(a.key.as_str(), a);
            }
            let child_inputs = Inputs {
                from_caller: true,
                values: args,
            };
            let mut child_out = Vec::new();
            chain.push(child);
            self.path
                .push(format!("module.{}{}", call.name, instance_key(&binds)));
            self.instance(child, &child_inputs, chain, &mut child_out);
            self.path.pop();
            chain.pop();
            for f in child_out {
                out.push(rehome(f, call, &arg_attrs));
            }
        }
    }
}

/// A finding caused by a value passed in is reported on the caller's
/// argument, with `related` pointing at where the module uses it.
fn rehome(
    mut f: RawFinding,
    call: &ModuleCall,
    arg_attrs: &BTreeMap<&str, &crate::syntax::Attribute>,
) -> RawFinding {
    let Some(pos) = f.origins.iter().position(|o| matches!(o, Origin::Input(_))) else {
        return f;
    };
    let Some(Origin::Input(var)) = f.origins.get(pos).cloned() else {
        return f;
    };
    let Some(a) = arg_attrs.get(var.as_str()) else {
        return f;
    };
    let inner = f.location.clone();
    f.related.insert(
        0,
        Related {
            location: inner,
            message: format!("the value is used here, in module `{}`", call.name),
        },
    );
    f.location = Location::new(&call.file_of(*a).source, a.span.clone());
    f.resource = Some(format!(
        "module.{}.{}",
        call.name,
        f.resource.clone().unwrap_or_default()
    ));
    f.origins = f.origins.split_off(pos + 1);
    f.fix = None;
    f
}

/// `[0]` or `["key"]` for an instance of a call with `count` or `for_each`.
fn instance_key(binds: &[(String, crate::eval::Val)]) -> String {
    let Some((kind, v)) = binds.first() else {
        return String::new();
    };
    let field = |k: &str| v.as_rec().and_then(|m| m.get(k).cloned());
    match kind.as_str() {
        "count" => field("index")
            .and_then(|i| i.as_num().and_then(|n| n.to_i64()))
            .map(|i| format!("[{i}]"))
            .unwrap_or_default(),
        "each" => field("key")
            .and_then(|k| k.as_str().map(|s| format!("[{s:?}]")))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn targets_resource(t: &Target, r: &Resource) -> bool {
    match r.mode {
        crate::model::Mode::Managed => t.resource.as_deref() == Some(r.rtype),
        crate::model::Mode::Data => t.data.as_deref() == Some(r.rtype),
    }
}

/// The bindings of each instance of a resource or module call: `count.index`
/// or `each.key`/`each.value` when the collection is known; one unbound
/// instance when it is not; none when `count` is 0.
fn instances_of(env: &Env, body: &crate::syntax::Body) -> Vec<Vec<(String, crate::eval::Val)>> {
    crate::eval::instances::instances(env, body, MAX_INSTANCES)
}
