//! GC014 org-pairing-without-members: an organization-authorization pairing
//! with no user or group, or more than Genesys Cloud's 25.

use super::config::{eval_in, TreeCtx};
use crate::diag::Location;
use crate::eval::Value;
use crate::model::{Mode, Resource};
use crate::rules::RawFinding;
use crate::syntax::Attribute;

/// Genesys Cloud's limit on authorized users and groups (reference section f).
const MAX_MEMBERS: usize = 25;

pub fn run(ctx: &TreeCtx, out: &mut Vec<RawFinding>) {
    for node in 0..ctx.tree.nodes.len() {
        for r in ctx.tree.genesys_resources(node) {
            if r.mode == Mode::Managed && r.rtype == "genesyscloud_orgauthorization_pairing" {
                check(ctx, node, r, out);
            }
        }
    }
}

/// The number of ids a list attribute holds: `Some(0)` when unset or null,
/// `None` when the length cannot be known.
fn count(ctx: &TreeCtx, node: usize, a: Option<&Attribute>) -> Option<usize> {
    let Some(a) = a else { return Some(0) };
    match eval_in(ctx, node, &a.value).value {
        Value::Null => Some(0),
        Value::List(items) => Some(items.len()),
        _ => None,
    }
}

fn check(ctx: &TreeCtx, node: usize, r: &Resource, out: &mut Vec<RawFinding>) {
    let body = &r.block.body;
    let users = body.attribute("user_ids");
    let groups = body.attribute("group_ids");
    let (Some(nu), Some(ng)) = (count(ctx, node, users), count(ctx, node, groups)) else {
        return;
    };
    let list = users.or(groups);
    let (span, message) = if nu + ng == 0 {
        let span = list.map_or_else(
            || (r.file, r.block.header_span()),
            |a| (r.file_of(a), a.span.clone()),
        );
        let message = match list {
            None => format!(
                "pairing `{}` sets neither `user_ids` nor `group_ids`",
                r.address()
            ),
            Some(_) => format!(
                "pairing `{}` has empty `user_ids` and `group_ids`",
                r.address()
            ),
        };
        (span, message)
    } else if nu + ng > MAX_MEMBERS {
        // Point at the longer list: that is where ids have to go.
        let at = if nu >= ng { users } else { groups };
        let span = at.map_or_else(
            || (r.file, r.block.header_span()),
            |a| (r.file_of(a), a.span.clone()),
        );
        (
            span,
            format!(
                "pairing `{}` authorizes {} users and groups; Genesys Cloud allows at most {MAX_MEMBERS}",
                r.address(),
                nu + ng
            ),
        )
    } else {
        return;
    };
    let location = Location::new(&span.0.source, span.1);
    out.push(
        ctx.finding(location, message)
            .with_resource(ctx.address(node, r)),
    );
}

super::tree_rule!(Gc014, "GC014", run);
