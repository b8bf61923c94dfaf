//! Override files (`override.tf`, `*_override.tf` and their `.tf.json`
//! forms), merged into a module after its other files, one file at a time in
//! lexical order of file names, as Terraform does
//! (<https://developer.hashicorp.com/terraform/language/files/override>).
//!
//! An override block changes the block of the same kind and labels
//! (`provider` blocks: the same name and `alias`): each of its attributes
//! replaces the original's; its nested blocks replace every nested block of
//! the same type (`dynamic "x"` counts as type `x`), except that a
//! resource's `lifecycle` is merged argument by argument. `locals` replace
//! per name; `variable` blocks replace `default`, `type` and `nullable`;
//! `output` blocks replace `value`; `required_providers` entries replace the
//! entry of the same name (or add one). The merged block keeps, for each of
//! its parts, the file it is written in ([`Parts`]), so a finding points at
//! the text that takes effect.
//!
//! An override block (or local value) with no original is an error for
//! Terraform ("Missing resource to override", "Missing base local value
//! definition to override"...). cxlint never adds it as a block of its own:
//! it is kept in [`Module::orphans`] (shown by `cxlint inspect`) and no rule
//! reads it. The one exception is Terraform's: a `provider` block without
//! `alias` configures the default configuration, written or not, so with no
//! original it is added as it is.

use std::ops::Deref;
use std::sync::Arc;

use crate::model::{string_literal, File, Mode, Module, Output, ProviderBlock};
use crate::syntax::{Attribute, Block, Body, Structure};

fn file_name(f: &File) -> &str {
    f.source.path.rsplit('/').next().unwrap_or_default()
}

pub fn is_override(f: &File) -> bool {
    let n = file_name(f);
    let stem = n.strip_suffix(".tf").or_else(|| n.strip_suffix(".tf.json"));
    matches!(stem, Some(s) if s == "override" || s.ends_with("_override"))
}

/// The module's files without override files, and the override files in
/// the order Terraform applies them.
pub fn partition<'a>(files: &[&'a File]) -> (Vec<&'a File>, Vec<&'a File>) {
    let (mut over, primary): (Vec<&'a File>, Vec<&'a File>) = files
        .iter()
        .copied()
        .partition(|f| f.kind.is_config() && is_override(f));
    over.sort_by(|a, b| file_name(a).cmp(file_name(b)));
    (primary, over)
}

/// A block as it takes effect: as written, or merged with override files.
#[derive(Debug, Clone)]
pub enum BlockRef<'a> {
    Written(&'a Block),
    Merged(Arc<Block>),
}

impl Deref for BlockRef<'_> {
    type Target = Block;
    fn deref(&self) -> &Block {
        match self {
            BlockRef::Written(b) => b,
            BlockRef::Merged(b) => b,
        }
    }
}

/// Which file each part of a block is written in: `file`, unless `items`
/// (one per item of the block's body, in order) says otherwise for a block
/// an override file changed.
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    pub file: &'a File,
    items: Vec<Parts<'a>>,
}

/// An attribute or block, found again in a body by identity.
pub trait Part {
    fn ptr(&self) -> *const ();
}

impl Part for Attribute {
    fn ptr(&self) -> *const () {
        (self as *const Attribute).cast()
    }
}

impl Part for Block {
    fn ptr(&self) -> *const () {
        (self as *const Block).cast()
    }
}

impl<'a> Parts<'a> {
    /// Everything written in one file.
    pub fn whole(file: &'a File) -> Parts<'a> {
        Parts {
            file,
            items: Vec::new(),
        }
    }

    /// Whether parts of the block come from more than one file.
    pub fn is_merged(&self) -> bool {
        !self.items.is_empty()
    }

    /// Every file a part of the block is written in.
    pub fn files(&self) -> Vec<&'a File> {
        let mut out = vec![self.file];
        for p in &self.items {
            for f in p.files() {
                if !out.iter().any(|g| std::ptr::eq(*g, f)) {
                    out.push(f);
                }
            }
        }
        out
    }

    /// The file `part` (an attribute or block at any depth of `body`, the
    /// body these parts describe) is written in.
    pub fn file_of(&self, body: &Body, part: &dyn Part) -> &'a File {
        self.find(body, part.ptr()).unwrap_or(self.file)
    }

    fn find(&self, body: &Body, p: *const ()) -> Option<&'a File> {
        for (item, part) in body.items.iter().zip(&self.items) {
            match item {
                Structure::Attribute(a) if a.ptr() == p => return Some(part.file),
                Structure::Attribute(_) => {}
                Structure::Block(b) => {
                    if b.ptr() == p {
                        return Some(part.file);
                    }
                    if let Some(f) = part.find(&b.body, p) {
                        return Some(f);
                    }
                    if !part.is_merged() && holds(&b.body, p) {
                        return Some(part.file);
                    }
                }
            }
        }
        None
    }

    fn item(&self, i: usize) -> Parts<'a> {
        self.items
            .get(i)
            .cloned()
            .unwrap_or_else(|| Parts::whole(self.file))
    }
}

fn holds(body: &Body, p: *const ()) -> bool {
    body.items.iter().any(|s| match s {
        Structure::Attribute(a) => a.ptr() == p,
        Structure::Block(b) => b.ptr() == p || holds(&b.body, p),
    })
}

/// `base` (written as `parts` say) with the override block `over` (written
/// in `file`) merged in.
fn merge<'a>(base: &Block, parts: &Parts<'a>, over: &Block, file: &'a File) -> (Block, Parts<'a>) {
    let (body, items) = merge_body(&base.body, parts, &over.body, file);
    let block = Block {
        body,
        ..base.clone()
    };
    let parts = Parts {
        file: parts.file,
        items,
    };
    (block, parts)
}

/// Terraform's body merge: the override's attributes replace the base's,
/// and a nested block type the override writes replaces every base block of
/// that type (`lifecycle` merges argument by argument instead).
fn merge_body<'a>(
    base: &Body,
    parts: &Parts<'a>,
    over: &Body,
    file: &'a File,
) -> (Body, Vec<Parts<'a>>) {
    let types: Vec<&str> = over
        .blocks()
        .map(|b| match (b.ident.as_str(), b.label(0)) {
            ("dynamic", Some(t)) => t,
            (t, _) => t,
        })
        .collect();
    let over_lifecycle = over.blocks_named("lifecycle").last();
    let mut items: Vec<(Structure, Parts<'a>)> = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    for (i, s) in base.items.iter().enumerate() {
        match s {
            Structure::Attribute(a) => match over.attribute(&a.key) {
                Some(o) => {
                    used.push(&a.key);
                    items.push((Structure::Attribute(o.clone()), Parts::whole(file)));
                }
                None => items.push((s.clone(), parts.item(i))),
            },
            Structure::Block(b) if b.ident == "lifecycle" => match over_lifecycle {
                Some(o) => {
                    let (m, p) = merge(b, &parts.item(i), o, file);
                    items.push((Structure::Block(m), p));
                }
                None => items.push((s.clone(), parts.item(i))),
            },
            Structure::Block(b) => {
                let ty = match (b.ident.as_str(), b.label(0)) {
                    ("dynamic", Some(t)) => t,
                    (t, _) => t,
                };
                if !types.contains(&ty) {
                    items.push((s.clone(), parts.item(i)));
                }
            }
        }
    }
    let base_lifecycle = base.blocks_named("lifecycle").next().is_some();
    for s in &over.items {
        let keep = match s {
            Structure::Attribute(a) => !used.contains(&a.key.as_str()),
            Structure::Block(b) => !(b.ident == "lifecycle" && base_lifecycle),
        };
        if keep {
            items.push((s.clone(), Parts::whole(file)));
        }
    }
    let (items, parts): (Vec<Structure>, Vec<Parts<'a>>) = items.into_iter().unzip();
    let body = Body {
        items,
        span: base.span.clone(),
    };
    (body, parts)
}

/// Merge override block `over` into the block held at `block`/`parts`.
fn merge_into<'a>(block: &mut BlockRef<'a>, parts: &mut Parts<'a>, over: &Block, file: &'a File) {
    let (merged, p) = merge(block, parts, over, file);
    *block = BlockRef::Merged(Arc::new(merged));
    *parts = p;
}

/// An override block, or a local value of an override `locals` block, with
/// no original: Terraform rejects the configuration.
#[derive(Debug)]
pub struct Orphan<'a> {
    /// `genesyscloud_oauth_client.x`, `provider.p`, `local.x`...
    pub address: String,
    /// The override block, or the local value's attribute.
    pub span: crate::syntax::Span,
    pub file: &'a File,
}

fn orphan<'a>(b: &Block, file: &'a File) -> Orphan<'a> {
    let labels: Vec<&str> = b.labels.iter().map(|(l, _)| l.as_str()).collect();
    let address = match (b.ident.as_str(), labels.as_slice()) {
        ("resource", [t, n, ..]) => format!("{t}.{n}"),
        ("variable", [n, ..]) => format!("var.{n}"),
        (kind, []) => kind.to_string(),
        (kind, l) => format!("{kind}.{}", l.join(".")),
    };
    Orphan {
        address,
        span: b.span.clone(),
        file,
    }
}

/// Apply one override file to the module.
pub fn apply<'a>(m: &mut Module<'a>, f: &'a File, body: &'a Body) {
    for b in body.blocks() {
        let found = match (b.ident.as_str(), b.labels.as_slice()) {
            ("locals", _) => {
                for a in b.body.attributes() {
                    match m.locals.get_mut(a.key.as_str()) {
                        Some(l) => {
                            l.attr = a;
                            l.file = f;
                        }
                        None => m.orphans.push(Orphan {
                            address: format!("local.{}", a.key),
                            span: a.span.clone(),
                            file: f,
                        }),
                    }
                }
                true
            }
            ("variable", [(n, _), ..]) => variable(m, n, b, f),
            ("output", [(n, _), ..]) => match m.outputs.get_mut(n.as_str()) {
                Some(o) => {
                    if let Some(a) = b.body.attribute("value") {
                        *o = Output {
                            value: Some(a),
                            file: f,
                        };
                    }
                    true
                }
                None => false,
            },
            ("resource", [(t, _), (n, _), ..]) => resource(m, Mode::Managed, t, n, b, f),
            ("data", [(t, _), (n, _), ..]) => resource(m, Mode::Data, t, n, b, f),
            ("provider", [(n, _), ..]) => provider(m, n, b, f),
            ("module", [(n, _), ..]) => call(m, n, b, f),
            ("terraform", _) => {
                for rp in b.body.blocks_named("required_providers") {
                    for a in rp.body.attributes() {
                        m.required_providers.retain(|r| r.local_name != a.key);
                        m.add_required_provider(f, a);
                    }
                }
                true
            }
            _ => true,
        };
        if !found {
            m.orphans.push(orphan(b, f));
        }
    }
}

fn variable<'a>(m: &mut Module<'a>, n: &str, b: &'a Block, f: &'a File) -> bool {
    let Some(v) = m.variables.get_mut(n) else {
        return false;
    };
    if let Some(a) = b.body.attribute("default") {
        v.default = Some(&a.value);
        v.file = f;
    }
    if let Some(a) = b.body.attribute("type") {
        v.type_expr = Some(&a.value);
    }
    if let Some(a) = b.body.attribute("nullable") {
        v.nullable = Some(&a.value);
    }
    true
}

fn resource<'a>(m: &mut Module<'a>, mode: Mode, t: &str, n: &str, b: &Block, f: &'a File) -> bool {
    let found = m
        .resources
        .iter_mut()
        .find(|r| r.mode == mode && r.rtype == t && r.name == n);
    match found {
        Some(r) => {
            merge_into(&mut r.block, &mut r.parts, b, f);
            true
        }
        None => false,
    }
}

fn provider<'a>(m: &mut Module<'a>, n: &'a str, b: &'a Block, f: &'a File) -> bool {
    let want = alias(&b.body);
    let found = m
        .providers
        .iter_mut()
        .find(|p| p.name == n && alias(&p.block.body) == want);
    match (found, want) {
        (Some(p), _) => merge_into(&mut p.block, &mut p.parts, b, f),
        // The default configuration exists, written or not: the override
        // configures it.
        (None, None) => m.providers.push(ProviderBlock {
            name: n,
            block: BlockRef::Written(b),
            file: f,
            parts: Parts::whole(f),
        }),
        // An alias no primary file declares: Terraform's "Missing base
        // provider configuration for override".
        (None, Some(_)) => return false,
    }
    true
}

fn call<'a>(m: &mut Module<'a>, n: &str, b: &'a Block, f: &'a File) -> bool {
    let Some(c) = m.calls.iter_mut().find(|c| c.name == n) else {
        return false;
    };
    merge_into(&mut c.block, &mut c.parts, b, f);
    if let Some(a) = b.body.attribute("source") {
        c.source = string_literal(&a.value);
    }
    true
}

fn alias(body: &Body) -> Option<&str> {
    body.attribute("alias")
        .and_then(|a| string_literal(&a.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::FileKind;
    use crate::source::SourceFile;
    use std::path::PathBuf;

    fn file(path: &str, text: &str) -> File {
        File {
            source: SourceFile::new(path, text),
            kind: FileKind::Config,
            body: crate::parse::hcl::parse(text).ok(),
        }
    }

    fn module<'a>(files: &[&'a File]) -> Module<'a> {
        Module::build(PathBuf::from("."), ".".into(), files)
    }

    fn keys(b: &Block) -> Vec<String> {
        b.body
            .items
            .iter()
            .map(|s| match s {
                Structure::Attribute(a) => a.key.to_string(),
                Structure::Block(b) => format!("{}{{}}", b.ident),
            })
            .collect()
    }

    const BASE: &str = r#"resource "t" "x" {
  a = 1
  b = 2
  inner { v = 1 }
  inner { v = 2 }
  dynamic "other" {
    for_each = []
    content { w = 1 }
  }
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [a]
  }
}
"#;

    #[test]
    fn attributes_replace_and_nested_types_replace_all() {
        let base = file("main.tf", BASE);
        let over = file(
            "x_override.tf",
            "resource \"t\" \"x\" {\n  b = 3\n  c = 4\n  inner { v = 9 }\n  other { w = 2 }\n  lifecycle { prevent_destroy = false }\n}\n",
        );
        let m = module(&[&over, &base]);
        let r = &m.resources[0];
        assert!(r.parts.is_merged());
        assert_eq!(
            keys(&r.block),
            ["a", "b", "lifecycle{}", "c", "inner{}", "other{}"]
        );
        let b = r.block.body.attribute("b").unwrap();
        assert_eq!(r.file_of(b).source.path.as_ref(), "x_override.tf");
        let a = r.block.body.attribute("a").unwrap();
        assert_eq!(r.file_of(a).source.path.as_ref(), "main.tf");
        let inner: Vec<&Block> = r.block.body.blocks_named("inner").collect();
        assert_eq!(inner.len(), 1, "both original `inner` blocks are replaced");
        let v = inner[0].body.attribute("v").unwrap();
        assert_eq!(r.file_of(v).source.path.as_ref(), "x_override.tf");
        // `lifecycle` merges argument by argument.
        let lc = r.block.body.blocks_named("lifecycle").next().unwrap();
        assert_eq!(keys(lc), ["prevent_destroy", "ignore_changes"]);
        let pd = lc.body.attribute("prevent_destroy").unwrap();
        assert_eq!(r.file_of(pd).source.path.as_ref(), "x_override.tf");
        let ic = lc.body.attribute("ignore_changes").unwrap();
        assert_eq!(r.file_of(ic).source.path.as_ref(), "main.tf");
    }

    #[test]
    fn a_dynamic_override_replaces_static_blocks_of_its_type() {
        let base = file("main.tf", BASE);
        let over = file(
            "override.tf",
            "resource \"t\" \"x\" {\n  dynamic \"inner\" {\n    for_each = [1]\n    content { v = 5 }\n  }\n}\n",
        );
        let m = module(&[&base, &over]);
        let r = &m.resources[0];
        assert_eq!(
            keys(&r.block),
            ["a", "b", "dynamic{}", "lifecycle{}", "dynamic{}"]
        );
        let dynamics: Vec<Option<&str>> = r
            .block
            .body
            .blocks_named("dynamic")
            .map(|b| b.label(0))
            .collect();
        assert_eq!(dynamics, [Some("other"), Some("inner")]);
    }

    #[test]
    fn override_files_apply_in_lexical_order() {
        let base = file("main.tf", "resource \"t\" \"x\" {\n  a = 1\n}\n");
        let o1 = file("b_override.tf", "resource \"t\" \"x\" {\n  a = 3\n}\n");
        let o2 = file("a_override.tf", "resource \"t\" \"x\" {\n  a = 2\n}\n");
        let m = module(&[&o1, &base, &o2]);
        let r = &m.resources[0];
        let a = r.block.body.attribute("a").unwrap();
        assert_eq!(r.file_of(a).source.path.as_ref(), "b_override.tf");
    }

    #[test]
    fn providers_match_by_alias_and_orphans_are_kept_apart() {
        let base = file(
            "main.tf",
            "provider \"p\" {\n  x = 1\n}\nprovider \"p\" {\n  alias = \"b\"\n  x = 1\n}\nmodule \"m\" {\n  source = \"./a\"\n}\n",
        );
        let over = file(
            "override.tf",
            "provider \"p\" {\n  alias = \"b\"\n  x = 2\n}\nresource \"t\" \"none\" {\n  a = 1\n}\nmodule \"m\" {\n  source = \"./b\"\n}\nprovider \"p\" {\n  alias = \"c\"\n}\nprovider \"q\" {\n  y = 1\n}\nlocals {\n  nowhere = 1\n}\n",
        );
        let m = module(&[&base, &over]);
        assert!(!m.providers[0].parts.is_merged());
        assert!(m.providers[1].parts.is_merged());
        // A default configuration with no block is configured by the override.
        assert_eq!(m.providers[2].name, "q");
        assert_eq!(&*m.providers[2].file.source.path, "override.tf");
        assert!(m.resources.is_empty());
        assert!(m.locals.is_empty());
        let orphans: Vec<&str> = m.orphans.iter().map(|o| o.address.as_str()).collect();
        assert_eq!(orphans, ["t.none", "provider.p", "local.nowhere"]);
        assert_eq!(m.calls[0].source, Some("./b"));
    }

    #[test]
    fn required_providers_entries_replace_by_name() {
        let base = file(
            "versions.tf",
            "terraform {\n  required_providers {\n    genesyscloud = { source = \"mypurecloud/genesyscloud\", version = \">= 1.0\" }\n    other = { source = \"x/other\" }\n  }\n}\n",
        );
        let over = file(
            "versions_override.tf",
            "terraform {\n  required_providers {\n    genesyscloud = { source = \"mypurecloud/genesyscloud\", version = \"~> 1.60\" }\n  }\n}\n",
        );
        let m = module(&[&base, &over]);
        let names: Vec<(&str, &str)> = m
            .required_providers
            .iter()
            .map(|r| (r.local_name, &*r.file.source.path))
            .collect();
        assert_eq!(
            names,
            [
                ("other", "versions.tf"),
                ("genesyscloud", "versions_override.tf")
            ]
        );
    }
}
