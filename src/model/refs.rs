//! References between blocks: which block of the configuration an
//! expression's value names (`genesyscloud_auth_role.x.id` → that resource,
//! `data.genesyscloud_auth_role.y.id` → that data source), followed through
//! `local.x`, `var.x` (the caller's module argument, else the default) and
//! `module.m.out` (the output's expression in the child).
//!
//! Resolution is syntactic and never guesses: anything that is not a
//! reference to a block (a literal, a `.tfvars` value, a function result, an
//! unset variable, a reference too deep) is [`Leaf::Other`], which rules read
//! as unknown.

use crate::model::tree::Tree;
use crate::model::{File, Mode, Resource};
use crate::syntax::{Attribute, Expr, ExprKind, TemplatePart, Traverse};

/// How many `local`/`var`/`module` hops are followed.
pub const MAX_REF_DEPTH: usize = 24;

/// Expressions visited per [`leaves`] call: locals that each name another
/// several times fan out exponentially within the depth bound.
const MAX_VISITS: usize = 20_000;

thread_local! {
    static BUDGET: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A block of the configuration an expression refers to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'m, 'a> {
    /// The tree node whose module holds the block.
    pub node: usize,
    pub resource: &'m Resource<'a>,
}

/// One value-producing leaf of an expression.
#[derive(Debug, Clone)]
pub enum Leaf<'m, 'a> {
    /// A reference to a block; `attr` is the attribute read (`id`), if any.
    Block {
        target: Target<'m, 'a>,
        attr: Option<String>,
    },
    /// Anything else: a literal, an unresolved or unknown value.
    Other,
}

/// A leaf and how it was reached.
#[derive(Debug, Clone)]
pub struct Found<'m, 'a> {
    pub leaf: Leaf<'m, 'a>,
    /// The outermost module-call argument the value crossed on its way in
    /// (`None` when it is written in the expression's own module).
    pub via: Option<(&'m File, &'m Attribute)>,
}

/// Functions whose result is (a collection of) their arguments' values: the
/// leaves of the arguments are the leaves of the call.
const PASS_THROUGH: &[&str] = &[
    "tolist", "toset", "concat", "distinct", "flatten", "compact", "setunion", "coalesce", "one",
    "tostring", "sort",
];

/// The leaves of `expr`, written in the module of `node`.
pub fn leaves<'m, 'a>(tree: &Tree<'m, 'a>, node: usize, expr: &'m Expr) -> Vec<Found<'m, 'a>> {
    let mut out = Vec::new();
    BUDGET.with(|b| b.set(MAX_VISITS));
    collect(tree, node, expr, 0, None, &mut out);
    out
}

fn other<'m, 'a>(via: Option<(&'m File, &'m Attribute)>) -> Found<'m, 'a> {
    Found {
        leaf: Leaf::Other,
        via,
    }
}

fn collect<'m, 'a>(
    tree: &Tree<'m, 'a>,
    node: usize,
    expr: &'m Expr,
    depth: usize,
    via: Option<(&'m File, &'m Attribute)>,
    out: &mut Vec<Found<'m, 'a>>,
) {
    let spent = BUDGET.with(|b| {
        let left = b.get();
        b.set(left.saturating_sub(1));
        left == 0
    });
    if depth > MAX_REF_DEPTH || spent {
        out.push(other(via));
        return;
    }
    match &expr.kind {
        ExprKind::Traversal(..) | ExprKind::Variable(_) => {
            reference(tree, node, expr, depth, via, out)
        }
        ExprKind::Conditional(_, a, b) => {
            collect(tree, node, a, depth, via, out);
            collect(tree, node, b, depth, via, out);
        }
        ExprKind::Array(items) => {
            for i in items {
                collect(tree, node, i, depth, via, out);
            }
        }
        ExprKind::Template(parts) => match parts.as_slice() {
            [TemplatePart::Interpolation(e)] => collect(tree, node, e, depth, via, out),
            _ => {
                out.push(other(via));
                for e in inner_exprs(expr) {
                    collect(tree, node, e, depth, via, out);
                }
            }
        },
        ExprKind::Call(c) if PASS_THROUGH.contains(&c.name.as_str()) => {
            for a in &c.args {
                collect(tree, node, a, depth, via, out);
            }
        }
        _ => {
            // A value computed from references (a function, arithmetic, a
            // `for`): not itself a reference, but the references inside
            // still name blocks (GC012 reads every one).
            out.push(other(via));
            for e in inner_exprs(expr) {
                collect(tree, node, e, depth, via, out);
            }
        }
    }
}

/// The direct sub-expressions of a compound expression.
fn inner_exprs(expr: &Expr) -> Vec<&Expr> {
    match &expr.kind {
        ExprKind::Template(parts) => {
            let mut v = Vec::new();
            template_exprs(parts, &mut v);
            v
        }
        ExprKind::Object(items) => items.iter().map(|(_, v)| v).collect(),
        ExprKind::Call(c) => c.args.iter().collect(),
        ExprKind::Conditional(c, a, b) => vec![c, a, b],
        ExprKind::Unary(_, e) => vec![e],
        ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::For(f) => {
            let mut v = vec![&f.collection, &f.value];
            v.extend(f.key.iter());
            v.extend(f.cond.iter());
            v
        }
        ExprKind::Traversal(root, ops) => {
            let mut v = vec![root.as_ref()];
            v.extend(ops.iter().filter_map(|o| match o {
                Traverse::Index(e) => Some(e),
                _ => None,
            }));
            v
        }
        ExprKind::Array(items) => items.iter().collect(),
        _ => Vec::new(),
    }
}

fn template_exprs<'e>(parts: &'e [TemplatePart], out: &mut Vec<&'e Expr>) {
    for p in parts {
        match p {
            TemplatePart::Literal(_) => {}
            TemplatePart::Interpolation(e) => out.push(e),
            TemplatePart::If {
                cond,
                then,
                otherwise,
            } => {
                out.push(cond);
                template_exprs(then, out);
                template_exprs(otherwise, out);
            }
            TemplatePart::For {
                collection, body, ..
            } => {
                out.push(collection);
                template_exprs(body, out);
            }
        }
    }
}

/// The attribute names of a traversal, skipping indexes and splats
/// (`x[0].id`, `x["k"].id`, `x[*].id` all read `id` of `x`).
fn names(ops: &[Traverse]) -> Vec<&str> {
    ops.iter()
        .filter_map(|o| match o {
            Traverse::GetAttr(a) => Some(a.as_str()),
            _ => None,
        })
        .collect()
}

fn reference<'m, 'a>(
    tree: &Tree<'m, 'a>,
    node: usize,
    expr: &'m Expr,
    depth: usize,
    via: Option<(&'m File, &'m Attribute)>,
    out: &mut Vec<Found<'m, 'a>>,
) {
    let (root, ops): (&str, &[Traverse]) = match &expr.kind {
        ExprKind::Variable(r) => (r, &[]),
        ExprKind::Traversal(root, ops) => match &root.kind {
            ExprKind::Variable(r) => (r, ops),
            _ => {
                out.push(other(via));
                return;
            }
        },
        _ => {
            out.push(other(via));
            return;
        }
    };
    let attrs = names(ops);
    let Some(n) = tree.nodes.get(node) else {
        out.push(other(via));
        return;
    };
    let first = out.len();
    match (root, attrs.as_slice()) {
        ("local", [name, rest @ ..]) => {
            match n.module.locals.get(name) {
                Some(l) => collect(tree, node, &l.attr.value, depth + 1, via, out),
                None => out.push(other(via)),
            }
            read_attr(out, first, rest);
        }
        ("var", [name, rest @ ..]) => {
            variable(tree, node, name, depth, via, out);
            read_attr(out, first, rest);
        }
        ("module", [call, output, rest @ ..]) => {
            let child = n.children.get(call).copied();
            match child.and_then(|c| tree.output(c, output).map(|o| (c, o))) {
                Some((c, (_, a))) => collect(tree, c, &a.value, depth + 1, via, out),
                None => out.push(other(via)),
            }
            read_attr(out, first, rest);
        }
        ("data", [rtype, name, rest @ ..]) => {
            block(tree, node, Mode::Data, rtype, name, rest, via, out)
        }
        ("each" | "count" | "self" | "path" | "terraform" | "var" | "local" | "module", _) => {
            out.push(other(via))
        }
        (rtype, [name, rest @ ..]) => block(tree, node, Mode::Managed, rtype, name, rest, via, out),
        _ => out.push(other(via)),
    }
}

/// `local.role.id` where `local.role` is a whole block: the leaves found
/// from index `first` on read the attribute that follows.
fn read_attr(out: &mut [Found], first: usize, rest: &[&str]) {
    let Some(next) = rest.first() else { return };
    for f in out.iter_mut().skip(first) {
        if let Leaf::Block {
            attr: attr @ None, ..
        } = &mut f.leaf
        {
            *attr = Some(next.to_string());
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn block<'m, 'a>(
    tree: &Tree<'m, 'a>,
    node: usize,
    mode: Mode,
    rtype: &str,
    name: &str,
    rest: &[&str],
    via: Option<(&'m File, &'m Attribute)>,
    out: &mut Vec<Found<'m, 'a>>,
) {
    let found = tree.nodes.get(node).and_then(|n| {
        n.module
            .resources
            .iter()
            .find(|r| r.mode == mode && r.rtype == rtype && r.name == name)
    });
    out.push(match found {
        Some(resource) => Found {
            leaf: Leaf::Block {
                target: Target { node, resource },
                attr: rest.first().map(|s| s.to_string()),
            },
            via,
        },
        None => other(via),
    });
}

/// `var.NAME`: the caller's argument (crossing into the caller), else the
/// variable's default. A root's `.tfvars` values are literals: `Other`.
fn variable<'m, 'a>(
    tree: &Tree<'m, 'a>,
    node: usize,
    name: &str,
    depth: usize,
    via: Option<(&'m File, &'m Attribute)>,
    out: &mut Vec<Found<'m, 'a>>,
) {
    let Some(n) = tree.nodes.get(node) else {
        out.push(other(via));
        return;
    };
    if let Some((parent, call)) = n.parent {
        if let Some(arg) = call.arguments().find(|a| a.key == name) {
            collect(
                tree,
                parent,
                &arg.value,
                depth + 1,
                Some((call.file_of(arg), arg)),
                out,
            );
            return;
        }
    } else if !n.module.var_files.is_empty() {
        // A root variable may be set in `.tfvars`: a literal, not a block.
        out.push(other(via));
        return;
    }
    match n.module.variables.get(name).and_then(|v| v.default) {
        Some(d) => collect(tree, node, d, depth + 1, via, out),
        None => out.push(other(via)),
    }
}

/// Every block an expression refers to, with the leaf and how it came in.
pub fn targets<'m, 'a>(tree: &Tree<'m, 'a>, node: usize, expr: &'m Expr) -> Vec<Found<'m, 'a>> {
    leaves(tree, node, expr)
        .into_iter()
        .filter(|f| matches!(f.leaf, Leaf::Block { .. }))
        .collect()
}
