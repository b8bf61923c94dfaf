//! GC013 wildcard-permission-policy: a role's permission policy uses `"*"`
//! for its entity or an action.

use super::config::{eval_in, TreeCtx};
use crate::diag::Location;
use crate::eval::Value;
use crate::model::{nested_blocks, File, Mode, Resource};
use crate::rules::RawFinding;
use crate::syntax::{Expr, ExprKind};

pub fn run(ctx: &TreeCtx, out: &mut Vec<RawFinding>) {
    for node in 0..ctx.tree.nodes.len() {
        for r in ctx.tree.genesys_resources(node) {
            if r.mode != Mode::Managed || r.rtype != "genesyscloud_auth_role" {
                continue;
            }
            for p in nested_blocks(&r.block.body, "permission_policies") {
                let at = Site {
                    r,
                    file: r.file_of(p.block),
                };
                if let Some(a) = p.body.attribute("entity_name") {
                    if is_star(&eval_in(ctx, node, &a.value).value) {
                        push(ctx, node, &at, &a.value, "`entity_name` is `\"*\"`", out);
                    }
                }
                if let Some(a) = p.body.attribute("action_set") {
                    action_set(ctx, node, &at, &a.value, out);
                }
            }
        }
    }
}

fn is_star(v: &Value) -> bool {
    v.as_str() == Some("*")
}

/// Report each `"*"` of a literal list at the element itself; a list that
/// comes from elsewhere (a variable, a local) at the attribute's value.
/// A permission policy: its resource and the file it is written in (an
/// override file may replace the resource's policies).
struct Site<'r, 'a> {
    r: &'r Resource<'a>,
    file: &'a File,
}

fn action_set(ctx: &TreeCtx, node: usize, r: &Site, e: &Expr, out: &mut Vec<RawFinding>) {
    const MSG: &str = "`action_set` contains `\"*\"`";
    if let ExprKind::Array(items) = &e.kind {
        for item in items {
            if is_star(&eval_in(ctx, node, item).value) {
                push(ctx, node, r, item, MSG, out);
            }
        }
        return;
    }
    let v = eval_in(ctx, node, e).value;
    let star = match &v {
        Value::List(items) => items.iter().any(is_star),
        other => is_star(other),
    };
    if star {
        push(ctx, node, r, e, MSG, out);
    }
}

fn push(ctx: &TreeCtx, node: usize, site: &Site, at: &Expr, what: &str, out: &mut Vec<RawFinding>) {
    let r = site.r;
    let message = format!(
        "permission policy of `{}`: {what}, a deprecated wildcard permission",
        r.address()
    );
    let location = Location::new(&site.file.source, at.span.clone());
    out.push(
        ctx.finding(location, message)
            .with_resource(ctx.address(node, r)),
    );
}

super::tree_rule!(Gc013, "GC013", run);
