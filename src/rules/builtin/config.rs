//! What configuration-level checks (GC011, GC012, GC015) see: the module
//! tree of one root with its provider configurations, and each node's
//! variable values (the caller's arguments, or `.tfvars` for the root).

use crate::eval::{root_inputs, Env, Inputs, Traced};
use crate::model::tree::Tree;
use crate::model::{File, Module};
use crate::rules::{RawFinding, RuleOptions};

pub struct TreeCtx<'c, 'm, 'a> {
    pub tree: &'c Tree<'m, 'a>,
    /// Indexed by node.
    pub inputs: &'c [Inputs],
    pub opts: &'c RuleOptions,
    pub code: &'c str,
    pub help: &'c str,
}

impl TreeCtx<'_, '_, '_> {
    /// A finding of this rule with its help, in the builder style of
    /// [`RawFinding::new`].
    pub fn finding(&self, location: crate::diag::Location, message: String) -> RawFinding {
        RawFinding::new(self.code, location, message).with_help(self.help)
    }

    /// A block's address as seen from the root: `module.a.module.b.TYPE.NAME`.
    pub fn address(&self, node: usize, r: &crate::model::Resource) -> String {
        let path = self.tree.path(node);
        if path.is_empty() {
            r.address()
        } else {
            format!("{path}.{}", r.address())
        }
    }
}

/// Each node's inputs, in node order (a parent precedes its children).
pub fn node_inputs(tree: &Tree, var_files: &[&File]) -> Vec<Inputs> {
    let mut out: Vec<Inputs> = Vec::with_capacity(tree.nodes.len());
    for n in &tree.nodes {
        let inputs = match n.parent {
            None => root_inputs(n.module, var_files),
            Some((p, call)) => {
                let parent = tree.nodes.get(p).zip(out.get(p));
                let values = match parent {
                    Some((pn, pi)) => {
                        let env = Env::new(pn.module, pi);
                        call.arguments()
                            .map(|a| (a.key.clone(), env.eval(&a.value, &[])))
                            .collect()
                    }
                    None => Default::default(),
                };
                Inputs {
                    from_caller: true,
                    values,
                }
            }
        };
        out.push(inputs);
    }
    out
}

/// A value's evaluation, or unknown when the node is missing.
pub fn eval_in(ctx: &TreeCtx, node: usize, e: &crate::syntax::Expr) -> Traced {
    let Some(n) = ctx.tree.nodes.get(node) else {
        return Traced::unknown();
    };
    let Some(inputs) = ctx.inputs.get(node) else {
        return Traced::unknown();
    };
    Env::new(n.module, inputs).eval(e, &[])
}

/// One configuration's module tree and each node's inputs, built on first
/// use and shared by every tree rule of that configuration (building them
/// once per rule was a third of a corpus run).
#[derive(Default)]
pub struct SharedTree<'m, 'a> {
    built: std::cell::OnceCell<Option<(Tree<'m, 'a>, Vec<Inputs>)>>,
}

impl<'m, 'a> SharedTree<'m, 'a> {
    fn get(
        &self,
        modules: &[&'m Module<'a>],
        var_files: &[&File],
    ) -> Option<&(Tree<'m, 'a>, Vec<Inputs>)> {
        self.built
            .get_or_init(|| {
                let tree = Tree::build(modules)?;
                let inputs = node_inputs(&tree, var_files);
                Some((tree, inputs))
            })
            .as_ref()
    }
}

/// Run a configuration-level check: `modules` holds the root first, then
/// the local modules it may call; `var_files` are `--var-file`s for the
/// root; `shared` holds (or gets) their tree.
pub fn run_on<'m, 'a>(
    modules: &[&'m Module<'a>],
    var_files: &[&File],
    shared: &SharedTree<'m, 'a>,
    rule: (&RuleOptions, &str, &str),
    check: fn(&TreeCtx, &mut Vec<RawFinding>),
    out: &mut Vec<RawFinding>,
) {
    let Some((tree, inputs)) = shared.get(modules, var_files) else {
        return;
    };
    let (opts, code, help) = rule;
    let ctx = TreeCtx {
        tree,
        inputs,
        opts,
        code,
        help,
    };
    check(&ctx, out);
}
