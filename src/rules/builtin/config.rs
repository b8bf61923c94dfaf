//! What configuration-level checks (GC011, GC012, GC015) see: the module
//! tree of one root with its provider configurations, and each node's
//! variable values (the caller's arguments, or `.tfvars` for the root).

use std::cell::OnceCell;

use crate::eval::{root_inputs, Env, Inputs, Traced};
use crate::model::tree::Tree;
use crate::model::{File, Module};
use crate::rules::{RawFinding, RuleOptions};

pub struct TreeCtx<'c, 'm, 'a> {
    pub tree: &'c Tree<'m, 'a>,
    /// Indexed by node; filled in as [`eval_in`] needs them.
    inputs: &'c [OnceCell<Inputs>],
    var_files: &'c [&'c File],
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

/// A node's inputs, computed when first asked for (with its ancestors'):
/// most nodes hold nothing a tree rule evaluates, and evaluating every
/// call's arguments up front was a tenth of a corpus run.
fn node_inputs<'i>(
    tree: &Tree,
    cells: &'i [OnceCell<Inputs>],
    var_files: &[&File],
    node: usize,
) -> Option<&'i Inputs> {
    let cell = cells.get(node)?;
    if let Some(done) = cell.get() {
        return Some(done);
    }
    let n = tree.nodes.get(node)?;
    let inputs = match n.parent {
        None => root_inputs(n.module, var_files),
        Some((p, call)) => {
            let parent = tree
                .nodes
                .get(p)
                .zip(node_inputs(tree, cells, var_files, p));
            let values = match parent {
                Some((pn, pi)) => {
                    let env = Env::new(pn.module, pi);
                    call.arguments()
                        .map(|a| (a.key.to_string(), env.eval(&a.value, &[])))
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
    Some(cell.get_or_init(|| inputs))
}

/// A value's evaluation, or unknown when the node is missing.
pub fn eval_in(ctx: &TreeCtx, node: usize, e: &crate::syntax::Expr) -> Traced {
    let Some(n) = ctx.tree.nodes.get(node) else {
        return Traced::unknown();
    };
    let Some(inputs) = node_inputs(ctx.tree, ctx.inputs, ctx.var_files, node) else {
        return Traced::unknown();
    };
    Env::new(n.module, inputs).eval(e, &[])
}

/// One configuration's module tree and each node's inputs, built on first
/// use and shared by every tree rule of that configuration (building them
/// once per rule was a third of a corpus run).
#[derive(Default)]
pub struct SharedTree<'m, 'a> {
    built: OnceCell<Option<(Tree<'m, 'a>, Vec<OnceCell<Inputs>>)>>,
}

impl<'m, 'a> SharedTree<'m, 'a> {
    fn get(&self, modules: &[&'m Module<'a>]) -> Option<&(Tree<'m, 'a>, Vec<OnceCell<Inputs>>)> {
        self.built
            .get_or_init(|| {
                let tree = Tree::build(modules)?;
                let inputs = tree.nodes.iter().map(|_| OnceCell::new()).collect();
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
    let Some((tree, inputs)) = shared.get(modules) else {
        return;
    };
    let (opts, code, help) = rule;
    let ctx = TreeCtx {
        tree,
        inputs,
        var_files,
        opts,
        code,
        help,
    };
    check(&ctx, out);
}
