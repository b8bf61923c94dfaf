//! Reference resolution and provider configurations over small module trees.

use std::path::PathBuf;

use super::refs::{leaves, targets, Leaf};
use super::tree::Tree;
use super::{File, Module};
use crate::parse::FileKind;
use crate::source::SourceFile;

fn file(path: &str, text: &str) -> File {
    File {
        source: SourceFile::new(path, text),
        kind: FileKind::Config,
        body: crate::parse::hcl::parse(text).ok(),
    }
}

/// Modules from `(dir, text)` pairs; the first is the root.
fn modules<'a>(files: &'a [File], dirs: &[&str]) -> Vec<Module<'a>> {
    files
        .iter()
        .zip(dirs)
        .map(|(f, d)| Module::build(PathBuf::from(d), d.to_string(), &[f]))
        .collect()
}

/// The `role_id` of the first `roles` block of resource `name` in `node`.
fn role_leaves(tree: &Tree, node: usize, name: &str) -> Vec<String> {
    let r = tree
        .genesys_resources(node)
        .find(|r| r.name == name)
        .expect("resource");
    let roles = r.block.body.blocks_named("roles").next().expect("roles");
    let e = &roles.body.attribute("role_id").expect("role_id").value;
    leaves(tree, node, e)
        .into_iter()
        .map(|f| match f.leaf {
            Leaf::Block { target, attr } => format!(
                "{}@{}.{}{}",
                target.resource.address(),
                target.node,
                attr.unwrap_or_default(),
                if f.via.is_some() { " via" } else { "" }
            ),
            Leaf::Other => "other".into(),
        })
        .collect()
}

const ROOT: &str = r#"
provider "genesyscloud" {}
provider "genesyscloud" {
  alias = "partner"
}
locals {
  role  = genesyscloud_auth_role.home.id
  block = genesyscloud_auth_role.home
}
variable "unset" {}
resource "genesyscloud_auth_role" "home" {
  name = "home"
}
data "genesyscloud_auth_role" "found" {
  provider = genesyscloud.partner
  name     = "x"
}
resource "genesyscloud_oauth_client" "direct" {
  roles { role_id = genesyscloud_auth_role.home.id }
}
resource "genesyscloud_oauth_client" "local" {
  provider = genesyscloud.partner
  roles { role_id = local.role }
}
resource "genesyscloud_oauth_client" "whole_block" {
  roles { role_id = local.block.id }
}
resource "genesyscloud_oauth_client" "data" {
  roles { role_id = data.genesyscloud_auth_role.found.id }
}
resource "genesyscloud_oauth_client" "unset" {
  roles { role_id = var.unset }
}
resource "genesyscloud_oauth_client" "from_module" {
  roles { role_id = module.child.role }
}
resource "genesyscloud_oauth_client" "mixed" {
  roles { role_id = var.unset != "" ? var.unset : genesyscloud_auth_role.home.id }
}
module "child" {
  source    = "./child"
  providers = { genesyscloud = genesyscloud.partner }
  role_id   = local.role
}
module "inherits" {
  source  = "./child"
  role_id = "literal"
}
"#;

const CHILD: &str = r#"
variable "role_id" {}
resource "genesyscloud_auth_role" "inner" {
  name = "inner"
}
resource "genesyscloud_oauth_client" "in_child" {
  roles { role_id = var.role_id }
}
output "role" {
  value = genesyscloud_auth_role.inner.id
}
"#;

fn tree_files() -> Vec<File> {
    vec![
        file("root/main.tf", ROOT),
        file("root/child/main.tf", CHILD),
    ]
}

#[test]
fn references_resolve_to_blocks_through_locals_variables_and_outputs() {
    let files = tree_files();
    let ms = modules(&files, &["/root", "/root/child"]);
    let tree = Tree::build(&ms.iter().collect::<Vec<_>>()).expect("tree");
    assert_eq!(tree.nodes.len(), 3, "root and two calls of ./child");
    let home = "genesyscloud_auth_role.home@0.id";
    assert_eq!(role_leaves(&tree, 0, "direct"), [home]);
    assert_eq!(role_leaves(&tree, 0, "local"), [home]);
    assert_eq!(role_leaves(&tree, 0, "whole_block"), [home]);
    assert_eq!(
        role_leaves(&tree, 0, "data"),
        ["data.genesyscloud_auth_role.found@0.id"]
    );
    assert_eq!(role_leaves(&tree, 0, "unset"), ["other"]);
    assert_eq!(
        role_leaves(&tree, 0, "from_module"),
        ["genesyscloud_auth_role.inner@1.id"]
    );
    assert_eq!(role_leaves(&tree, 0, "mixed"), ["other", home]);
    // A module input crosses into the caller and says so.
    assert_eq!(
        role_leaves(&tree, 1, "in_child"),
        ["genesyscloud_auth_role.home@0.id via"]
    );
    assert_eq!(role_leaves(&tree, 2, "in_child"), ["other"]);
}

#[test]
fn blocks_know_their_provider_configuration() {
    let files = tree_files();
    let ms = modules(&files, &["/root", "/root/child"]);
    let tree = Tree::build(&ms.iter().collect::<Vec<_>>()).expect("tree");
    let cfg = |node: usize, name: &str| {
        let r = tree
            .genesys_resources(node)
            .find(|r| r.name == name)
            .expect("resource");
        tree.provider_of(node, &r.block)
            .and_then(|i| tree.providers.get(i))
            .map(|p| p.address())
    };
    assert_eq!(cfg(0, "direct").as_deref(), Some("genesyscloud"));
    assert_eq!(cfg(0, "local").as_deref(), Some("genesyscloud.partner"));
    assert_eq!(cfg(0, "found").as_deref(), Some("genesyscloud.partner"));
    // Passed by `providers = { genesyscloud = genesyscloud.partner }`.
    assert_eq!(cfg(1, "inner").as_deref(), Some("genesyscloud.partner"));
    // Inherited default.
    assert_eq!(cfg(2, "inner").as_deref(), Some("genesyscloud"));
    assert_eq!(tree.path(1), "module.child");
}

#[test]
fn unknown_provider_alias_is_unknown() {
    let f = file(
        "m/main.tf",
        "resource \"genesyscloud_auth_role\" \"r\" {\n  provider = genesyscloud.nowhere\n}\n",
    );
    let ms = modules(std::slice::from_ref(&f), &["/m"]);
    let tree = Tree::build(&ms.iter().collect::<Vec<_>>()).expect("tree");
    let r = tree.genesys_resources(0).next().expect("resource");
    assert_eq!(tree.provider_of(0, &r.block), None);
}

#[test]
fn self_referencing_locals_stop_at_the_depth_bound() {
    let f = file(
        "m/main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"genesyscloud_oauth_client\" \"c\" {\n  roles { role_id = local.a }\n}\n",
    );
    let ms = modules(std::slice::from_ref(&f), &["/m"]);
    let tree = Tree::build(&ms.iter().collect::<Vec<_>>()).expect("tree");
    assert_eq!(role_leaves(&tree, 0, "c"), ["other"]);
    let r = tree.genesys_resources(0).next().expect("resource");
    let roles = r.block.body.blocks_named("roles").next().expect("roles");
    let e = &roles.body.attribute("role_id").expect("role_id").value;
    assert!(targets(&tree, 0, e).is_empty());
}

#[test]
fn fanning_out_locals_stay_within_the_visit_budget() {
    let mut text = String::from("locals {\n  l0 = genesyscloud_auth_role.r.id\n");
    for i in 1..24 {
        let p = i - 1;
        text.push_str(&format!(
            "  l{i} = [local.l{p}, local.l{p}, local.l{p}, local.l{p}]\n"
        ));
    }
    text.push_str("}\nresource \"genesyscloud_auth_role\" \"r\" {}\n");
    text.push_str(
        "resource \"genesyscloud_oauth_client\" \"c\" {\n  roles { role_id = local.l23 }\n}\n",
    );
    let f = file("m/main.tf", &text);
    let ms = modules(std::slice::from_ref(&f), &["/m"]);
    let tree = Tree::build(&ms.iter().collect::<Vec<_>>()).expect("tree");
    let started = std::time::Instant::now();
    let found = role_leaves(&tree, 0, "c");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(found.iter().any(|l| l == "other"), "the budget ran out");
}
