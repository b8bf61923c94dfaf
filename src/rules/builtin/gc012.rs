//! GC012 cross-org-reference: a block takes the id of a genesyscloud block
//! managed through a different genesyscloud provider configuration.

use super::config::TreeCtx;
use crate::diag::{Location, Related};
use crate::model::refs::{targets, Leaf};
use crate::model::tree::ProviderConfig;
use crate::model::Resource;
use crate::rules::RawFinding;
use crate::syntax::{Attribute, Body};

/// Meta-arguments that carry no value into the provider.
const SKIP: &[&str] = &["provider", "depends_on", "count", "for_each"];

pub fn run(ctx: &TreeCtx, out: &mut Vec<RawFinding>) {
    for node in 0..ctx.tree.nodes.len() {
        for r in ctx.tree.genesys_resources(node) {
            let Some(mine) = ctx.tree.provider_of(node, &r.block) else {
                continue;
            };
            let mut attrs = Vec::new();
            attributes(&r.block.body, &mut attrs);
            for a in attrs {
                check_attr(ctx, node, r, mine, a, out);
            }
        }
    }
}

/// Every attribute of a body and its nested blocks (`dynamic` content
/// included), except meta-arguments and `lifecycle`.
fn attributes<'b>(body: &'b Body, out: &mut Vec<&'b Attribute>) {
    out.extend(
        body.attributes()
            .filter(|a| !SKIP.contains(&a.key.as_str())),
    );
    for b in body.blocks().filter(|b| b.ident != "lifecycle") {
        attributes(&b.body, out);
    }
}

fn provider_related(cfg: &ProviderConfig, what: &str) -> Option<Related> {
    let pb = cfg.block?;
    Some(Related {
        location: Location::new(&pb.file.source, pb.block.header_span()),
        message: format!("{what} provider configuration `{}`", cfg.address()),
    })
}

fn check_attr(
    ctx: &TreeCtx,
    node: usize,
    r: &Resource,
    mine: usize,
    a: &Attribute,
    out: &mut Vec<RawFinding>,
) {
    for f in targets(ctx.tree, node, &a.value) {
        let Leaf::Block { target, attr } = &f.leaf else {
            continue;
        };
        let t = target.resource;
        if !t.rtype.starts_with("genesyscloud_")
            || !attr.as_deref().is_some_and(|x| x.ends_with("id"))
        {
            continue;
        }
        let Some(theirs) = ctx.tree.provider_of(target.node, &t.block) else {
            continue;
        };
        if theirs == mine {
            continue;
        }
        let (Some(mine_cfg), Some(their_cfg)) =
            (ctx.tree.providers.get(mine), ctx.tree.providers.get(theirs))
        else {
            continue;
        };
        // A `provider` block inside a called module (the legacy pattern)
        // usually reads the same environment credentials as the caller's:
        // whether it reaches another organization cannot be known.
        if mine_cfg.node != 0 || their_cfg.node != 0 {
            continue;
        }
        let mut related = vec![Related {
            location: Location::new(&t.file.source, t.block.header_span()),
            message: format!(
                "`{}` is managed through `{}`",
                t.address(),
                their_cfg.address()
            ),
        }];
        if let Some((file, arg)) = f.via {
            related.push(Related {
                location: Location::new(&file.source, arg.span.clone()),
                message: "the id is passed into the module here".into(),
            });
        }
        related.extend(provider_related(mine_cfg, "this block's"));
        related.extend(provider_related(their_cfg, "the referenced block's"));
        let address = ctx.address(node, r);
        let message = format!(
                "`{}` of `{}` (managed through `{}`) takes `{}.{}`, managed through another provider configuration, `{}`",
                a.key,
                address,
                mine_cfg.address(),
                t.address(),
                attr.as_deref().unwrap_or("id"),
                their_cfg.address()
        );
        let location = Location::new(&r.file_of(a).source, a.span.clone());
        let finding = ctx.finding(location, message).with_resource(address);
        out.push(finding.with_related(related));
    }
}

super::tree_rule!(Gc012, "GC012", run);
