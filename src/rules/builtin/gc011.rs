//! GC011 oauth-client-role-lacks-analytics-permission: a client-credentials
//! client meant for analytics whose roles, all known, grant no
//! conversation-detail view permission.

use super::config::{eval_in, TreeCtx};
use crate::diag::{Location, Related};
use crate::eval::Value;
use crate::model::refs::{leaves, Leaf, Target};
use crate::model::{nested_blocks, Mode};
use crate::rules::RawFinding;
use crate::syntax::{Attribute, Body};

const ENTITIES: &[&str] = &["conversationDetail", "agentConversationDetail", "*"];

fn message(client: &str) -> String {
    format!(
        "client-credentials OAuth client `{client}` requests analytics, but none of its roles grants `analytics:conversationDetail:view` or `analytics:agentConversationDetail:view`"
    )
}

pub fn run(ctx: &TreeCtx, out: &mut Vec<RawFinding>) {
    for node in 0..ctx.tree.nodes.len() {
        for r in ctx.tree.genesys_resources(node) {
            if r.mode == Mode::Managed && r.rtype == "genesyscloud_oauth_client" {
                check_client(ctx, node, r, out);
            }
        }
    }
}

/// Whether a client is a client-credentials client requesting analytics;
/// `false` when either is unknown.
fn is_analytics_client(ctx: &TreeCtx, node: usize, body: &Body) -> bool {
    let grant = body
        .attribute("authorized_grant_type")
        .map(|a| eval_in(ctx, node, &a.value).value);
    if grant.as_ref().and_then(Value::as_str) != Some("CLIENT-CREDENTIALS") {
        return false;
    }
    let Some(scopes) = body.attribute("scopes") else {
        return false;
    };
    let v = eval_in(ctx, node, &scopes.value).value;
    let items: Vec<&Value> = match &v {
        Value::List(items) => items.iter().collect(),
        other => vec![other],
    };
    items.iter().any(|s| {
        s.as_str()
            .is_some_and(|s| s == "analytics" || s.starts_with("analytics:"))
    })
}

fn check_client(
    ctx: &TreeCtx,
    node: usize,
    client: &crate::model::Resource,
    out: &mut Vec<RawFinding>,
) {
    let body = &client.block.body;
    if !is_analytics_client(ctx, node, body) {
        return;
    }
    let blocks: Vec<_> = nested_blocks(body, "roles").collect();
    let Some(first) = blocks.first() else {
        return; // GC007's business.
    };
    let mut roles: Vec<Target> = Vec::new();
    let mut first_via: Option<(&crate::model::File, &Attribute)> = None;
    for (i, b) in blocks.iter().enumerate() {
        let Some(role_id) = b.body.attribute("role_id") else {
            return;
        };
        for f in leaves(ctx.tree, node, &role_id.value) {
            match f.leaf {
                Leaf::Block { target, attr }
                    if target.resource.mode == Mode::Managed
                        && target.resource.rtype == "genesyscloud_auth_role"
                        && attr.as_deref() == Some("id") =>
                {
                    if i == 0 && first_via.is_none() {
                        first_via = f.via;
                    }
                    roles.push(target);
                }
                // A data source, a literal id, an unset variable: the role
                // may grant the permission.
                _ => return,
            }
        }
    }
    if roles.is_empty() || roles.iter().any(|t| grants_or_unknown(ctx, *t)) {
        return;
    }
    let first_at = Location::new(
        &client.file_of(first.block).source,
        first.block.header_span(),
    );
    let (location, mut related) = match first_via {
        Some((file, arg)) => (
            Location::new(&file.source, arg.span.clone()),
            vec![Related {
                location: first_at,
                message: "the role is granted here, in the called module".into(),
            }],
        ),
        None => (first_at, Vec::new()),
    };
    for t in &roles {
        let loc = Location::new(&t.resource.file.source, t.resource.block.header_span());
        if !related.iter().any(|r| r.location == loc) {
            related.push(Related {
                location: loc,
                message: format!(
                    "role `{}` has no conversation-detail view permission",
                    t.resource.address()
                ),
            });
        }
    }
    let address = ctx.address(node, client);
    let finding = ctx.finding(location, message(&address));
    out.push(finding.with_resource(address).with_related(related));
}

/// Whether a role grants the conversation-detail view permission, or might
/// (an unknown value, a `dynamic` policy).
fn grants_or_unknown(ctx: &TreeCtx, t: Target) -> bool {
    for p in nested_blocks(&t.resource.block.body, "permission_policies") {
        if p.dynamic {
            return true;
        }
        let get = |k: &str| {
            p.body
                .attribute(k)
                .map(|a| eval_in(ctx, t.node, &a.value).value)
        };
        let (Some(domain), Some(entity), Some(actions)) =
            (get("domain"), get("entity_name"), get("action_set"))
        else {
            continue;
        };
        let domain_ok = domain.as_str().map(|d| d == "analytics");
        let entity_ok = entity.as_str().map(|e| ENTITIES.contains(&e));
        let actions_ok = actions
            .as_known_strings()
            .map(|list| list.iter().any(|a| a == "view" || a == "*"));
        let parts = [domain_ok, entity_ok, actions_ok];
        // One known mismatch rules the policy out; otherwise an unknown part
        // means it may grant.
        if !parts.contains(&Some(false)) {
            return true;
        }
    }
    false
}

super::tree_rule!(Gc011, "GC011", run);
