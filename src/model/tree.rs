//! The module tree of one configuration (a root module and the local modules
//! it calls, one node per call) and the genesyscloud provider configuration
//! every block is managed through.
//!
//! Provider configurations follow Terraform: a root's `provider
//! "genesyscloud"` blocks define them (an implicit empty default exists when
//! no default block is written); a child receives them through its module
//! block's `providers = { ... }` map, or inherits the caller's default when
//! the map is absent; a block picks one with `provider = NAME.ALIAS`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::provider::genesys_local_names;
use crate::model::{string_literal, File, Module, ModuleCall, ProviderBlock, Resource};
use crate::syntax::{Attribute, Block, Expr, ExprKind, ObjectKey, Traverse};

/// How deep module calls are followed (Terraform has no limit; a cycle or a
/// pathological nesting must not run away).
pub const MAX_TREE_DEPTH: usize = 16;

/// Module instances per configuration: a module that calls another several
/// times at every level multiplies within the depth bound.
pub const MAX_NODES: usize = 5_000;

/// One genesyscloud provider configuration of a configuration.
#[derive(Debug, Clone, Copy)]
pub struct ProviderConfig<'m, 'a> {
    /// The node whose module defines it.
    pub node: usize,
    /// The `provider` block; `None` for the implicit default configuration
    /// of the root (no `provider "genesyscloud"` block written).
    pub block: Option<&'m ProviderBlock<'a>>,
}

impl ProviderConfig<'_, '_> {
    /// `genesyscloud` or `genesyscloud.ALIAS`, as written in its module.
    pub fn address(&self) -> String {
        match self.block {
            Some(pb) => match alias(&pb.block) {
                Some(a) => format!("{}.{a}", pb.name),
                None => pb.name.to_string(),
            },
            None => "genesyscloud".to_string(),
        }
    }
}

/// One module instance: the root, or a module block followed into its source.
#[derive(Debug)]
pub struct Node<'m, 'a> {
    pub module: &'m Module<'a>,
    /// The calling node and the module block that created this one.
    pub parent: Option<(usize, &'m ModuleCall<'a>)>,
    /// Call name → child node.
    pub children: BTreeMap<&'a str, usize>,
    /// Provider address as this module writes it (`genesyscloud`,
    /// `genesyscloud.partner`) → configuration.
    providers: BTreeMap<String, usize>,
}

/// A configuration: nodes (index 0 is the root) and provider configurations.
#[derive(Debug)]
pub struct Tree<'m, 'a> {
    pub nodes: Vec<Node<'m, 'a>>,
    pub providers: Vec<ProviderConfig<'m, 'a>>,
}

fn alias(b: &Block) -> Option<&str> {
    b.body
        .attribute("alias")
        .and_then(|a| string_literal(&a.value))
}

/// `NAME` or `NAME.ALIAS` written as a reference (`genesyscloud.partner`).
pub fn provider_address(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Variable(n) => Some(n.to_string()),
        ExprKind::Traversal(root, ops) => match (&root.kind, ops.as_slice()) {
            (ExprKind::Variable(n), [Traverse::GetAttr(a)]) => Some(format!("{n}.{a}")),
            _ => None,
        },
        // JSON syntax writes references as strings.
        _ => string_literal(e).map(str::to_string),
    }
}

impl<'m, 'a> Tree<'m, 'a> {
    /// Build the tree of a configuration: `modules` holds its root first,
    /// then (in any order) the local modules it may call.
    pub fn build(modules: &[&'m Module<'a>]) -> Option<Tree<'m, 'a>> {
        let by_dir: HashMap<&Path, &'m Module<'a>> =
            modules.iter().map(|m| (m.dir.as_path(), *m)).collect();
        let mut tree = Tree {
            nodes: Vec::new(),
            providers: Vec::new(),
        };
        let root = *modules.first()?;
        tree.add_node(root, None, &BTreeMap::new());
        let mut chain = vec![root.dir.as_path()];
        tree.expand(&by_dir, 0, &mut chain);
        Some(tree)
    }

    fn add_node(
        &mut self,
        module: &'m Module<'a>,
        parent: Option<(usize, &'m ModuleCall<'a>)>,
        passed: &BTreeMap<String, usize>,
    ) -> usize {
        let idx = self.nodes.len();
        let mut providers = passed.clone();
        let names = genesys_local_names(module);
        for pb in module
            .providers
            .iter()
            .filter(|p| names.iter().any(|n| n == p.name))
        {
            let cfg = ProviderConfig {
                node: idx,
                block: Some(pb),
            };
            providers.insert(cfg.address(), self.providers.len());
            self.providers.push(cfg);
        }
        if parent.is_none() && !providers.contains_key("genesyscloud") {
            providers.insert("genesyscloud".into(), self.providers.len());
            self.providers.push(ProviderConfig {
                node: idx,
                block: None,
            });
        }
        self.nodes.push(Node {
            module,
            parent,
            children: BTreeMap::new(),
            providers,
        });
        idx
    }

    fn expand(
        &mut self,
        by_dir: &HashMap<&Path, &'m Module<'a>>,
        node: usize,
        chain: &mut Vec<&'m Path>,
    ) {
        let Some(module) = self.nodes.get(node).map(|n| n.module) else {
            return;
        };
        for call in &module.calls {
            let Some(src) = call.local_source() else {
                continue;
            };
            let dir: PathBuf =
                crate::load::discover::normalize(&module.dir.join(src), Path::new("/"));
            let Some(&child) = by_dir.get(dir.as_path()) else {
                continue;
            };
            let child_dir = child.dir.as_path();
            if chain.contains(&child_dir)
                || chain.len() >= MAX_TREE_DEPTH
                || self.nodes.len() >= MAX_NODES
            {
                continue;
            }
            let passed = self.passed_providers(node, &call.block);
            let idx = self.add_node(child, Some((node, call)), &passed);
            if let Some(n) = self.nodes.get_mut(node) {
                n.children.insert(call.name, idx);
            }
            chain.push(child_dir);
            self.expand(by_dir, idx, chain);
            chain.pop();
        }
    }

    /// What a module block hands its child: its `providers` map, or the
    /// caller's default configuration when there is no map.
    fn passed_providers(&self, node: usize, call: &Block) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        let Some(parent) = self.nodes.get(node) else {
            return out;
        };
        match call.body.attribute("providers").map(|a| &a.value.kind) {
            Some(ExprKind::Object(items)) => {
                for (k, v) in items {
                    let key = match k {
                        ObjectKey::Ident(s) => Some(s.to_string()),
                        ObjectKey::Expr(e) => provider_address(e),
                    };
                    let (Some(key), Some(val)) = (key, provider_address(v)) else {
                        continue;
                    };
                    if let Some(&cfg) = parent.providers.get(&val) {
                        out.insert(key, cfg);
                    }
                }
            }
            Some(_) => {}
            None => {
                if let Some(&cfg) = parent.providers.get("genesyscloud") {
                    out.insert("genesyscloud".into(), cfg);
                }
            }
        }
        out
    }

    /// The genesyscloud provider configuration a block of `node` is managed
    /// through: its `provider` meta-argument, or the default of its type's
    /// provider (`genesyscloud` for `genesyscloud_*`). `None` when unknown.
    pub fn provider_of(&self, node: usize, block: &Block) -> Option<usize> {
        let n = self.nodes.get(node)?;
        let addr = match block.body.attribute("provider") {
            Some(a) => provider_address(&a.value)?,
            None => {
                let rtype = block.label(0)?;
                rtype.split('_').next()?.to_string()
            }
        };
        n.providers.get(&addr).copied()
    }

    /// The `provider` meta-argument of a block, if written.
    pub fn provider_attr(block: &Block) -> Option<&Attribute> {
        block.body.attribute("provider")
    }

    /// Resources of a node's module, with their `genesyscloud_` type.
    pub fn genesys_resources(&self, node: usize) -> impl Iterator<Item = &'m Resource<'a>> + '_ {
        self.nodes
            .get(node)
            .into_iter()
            .flat_map(|n| n.module.resources.iter())
            .filter(|r| r.rtype.starts_with("genesyscloud_"))
    }

    /// `output "NAME" { value = ... }` of a node's module, after override
    /// files.
    pub fn output(&self, node: usize, name: &str) -> Option<(&'m File, &'m Attribute)> {
        let o = self.nodes.get(node)?.module.outputs.get(name)?;
        Some((o.file, o.value?))
    }

    /// The call path of a node (`module.a.module.b`), empty for the root.
    pub fn path(&self, node: usize) -> String {
        let mut parts = Vec::new();
        let mut cur = node;
        while let Some((p, call)) = self.nodes.get(cur).and_then(|n| n.parent) {
            parts.push(format!("module.{}", call.name));
            cur = p;
        }
        parts.reverse();
        parts.join(".")
    }
}
