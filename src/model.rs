//! A typed view of Terraform modules: what rules and the evaluator read.
//! Built from syntax trees; never touches files or the parser.

pub mod provider;
pub mod refs;
#[cfg(test)]
mod tests_refs;
pub mod tree;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::overrides::{BlockRef, Orphan, Part, Parts};
use crate::parse::FileKind;
use crate::source::SourceFile;
use crate::syntax::{Attribute, Block, Body, Expr, ExprKind, ObjectKey, Span};

/// A parsed file (or one that failed to parse: `body` is `None`).
#[derive(Debug)]
pub struct File {
    pub source: SourceFile,
    pub kind: FileKind,
    pub body: Option<Body>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Managed,
    Data,
}

#[derive(Debug)]
pub struct Resource<'a> {
    pub mode: Mode,
    pub rtype: &'a str,
    pub name: &'a str,
    /// The block as it takes effect (merged with override files).
    pub block: BlockRef<'a>,
    /// The file of the block's header (the original block).
    pub file: &'a File,
    /// The file each part of `block` is written in.
    pub parts: Parts<'a>,
}

impl<'a> Resource<'a> {
    /// The file `part` (an attribute or nested block of `block`) is written in.
    pub fn file_of(&self, part: &dyn Part) -> &'a File {
        self.parts.file_of(&self.block.body, part)
    }

    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }
}

/// A `provider "NAME" { }` configuration block.
#[derive(Debug)]
pub struct ProviderBlock<'a> {
    pub name: &'a str,
    /// The block as it takes effect (merged with override files).
    pub block: BlockRef<'a>,
    /// The file of the block's header (the original block).
    pub file: &'a File,
    /// The file each part of `block` is written in.
    pub parts: Parts<'a>,
}

impl<'a> ProviderBlock<'a> {
    /// The file `part` (an attribute or nested block of `block`) is written in.
    pub fn file_of(&self, part: &dyn Part) -> &'a File {
        self.parts.file_of(&self.block.body, part)
    }
}

/// One entry of `terraform { required_providers { NAME = ... } }`.
#[derive(Debug)]
pub struct RequiredProvider<'a> {
    pub local_name: &'a str,
    /// The `source` address, if given as a literal string.
    pub source: Option<&'a str>,
    /// The `version` constraint expression (or the legacy string form).
    pub version: Option<&'a Expr>,
    /// The entry's attribute (`NAME = {...}`).
    pub attr: &'a Attribute,
    pub file: &'a File,
}

#[derive(Debug)]
pub struct Variable<'a> {
    pub name: &'a str,
    pub block: &'a Block,
    pub default: Option<&'a Expr>,
    /// The file holding `default` (an override file may set it).
    pub file: &'a File,
    /// `type` and `nullable`, after override files.
    pub type_expr: Option<&'a Expr>,
    pub nullable: Option<&'a Expr>,
}

#[derive(Debug)]
pub struct Local<'a> {
    pub name: &'a str,
    pub attr: &'a Attribute,
    pub file: &'a File,
}

#[derive(Debug)]
pub struct ModuleCall<'a> {
    pub name: &'a str,
    pub source: Option<&'a str>,
    /// The block as it takes effect (merged with override files).
    pub block: BlockRef<'a>,
    /// The file of the block's header (the original block).
    pub file: &'a File,
    /// The file each part of `block` is written in.
    pub parts: Parts<'a>,
}

/// An `output` block's `value`, after override files.
#[derive(Debug)]
pub struct Output<'a> {
    pub value: Option<&'a Attribute>,
    pub file: &'a File,
}

impl<'a> ModuleCall<'a> {
    /// The file `part` (an attribute or nested block of `block`) is written in.
    pub fn file_of(&self, part: &dyn Part) -> &'a File {
        self.parts.file_of(&self.block.body, part)
    }

    /// The call's local source (`./x`, `../x`), if it has one.
    pub fn local_source(&self) -> Option<&str> {
        self.source
            .filter(|s| s.starts_with("./") || s.starts_with("../") || *s == "." || *s == "..")
    }

    /// Arguments: every attribute but the meta-arguments.
    pub fn arguments(&self) -> impl Iterator<Item = &Attribute> {
        self.block.body.attributes().filter(|a| {
            !matches!(
                a.key.as_str(),
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            )
        })
    }
}

/// A `provider` entry of `.terraform.lock.hcl`.
#[derive(Debug)]
pub struct LockedProvider<'a> {
    pub address: &'a str,
    pub version: Option<&'a Attribute>,
    pub file: &'a File,
}

/// One Terraform module: the files of one directory.
#[derive(Debug, Default)]
pub struct Module<'a> {
    pub dir: PathBuf,
    /// The directory as shown to users.
    pub display_dir: String,
    pub files: Vec<&'a File>,
    /// `.tfvars` / `.tfvars.json` files in the directory, in Terraform's
    /// precedence order (lowest first).
    pub var_files: Vec<&'a File>,
    /// Other `.tfvars` files of the directory (`prod.tfvars`): alternative
    /// inputs, as `-var-file` would give, by name.
    pub alt_var_files: Vec<&'a File>,
    pub resources: Vec<Resource<'a>>,
    pub providers: Vec<ProviderBlock<'a>>,
    pub required_providers: Vec<RequiredProvider<'a>>,
    pub variables: BTreeMap<&'a str, Variable<'a>>,
    pub locals: BTreeMap<&'a str, Local<'a>>,
    pub calls: Vec<ModuleCall<'a>>,
    pub outputs: BTreeMap<&'a str, Output<'a>>,
    /// Override blocks with no original block (Terraform rejects them).
    pub orphans: Vec<Orphan<'a>>,
    pub locked: Vec<LockedProvider<'a>>,
}

pub fn string_literal(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::String(s) => Some(s),
        ExprKind::Template(parts) => match parts.as_slice() {
            [crate::syntax::TemplatePart::Literal(s)] => Some(s),
            [] => Some(""),
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Module<'a> {
    /// Build the model of a directory from its parsed files.
    pub fn build(dir: PathBuf, display_dir: String, files: &[&'a File]) -> Module<'a> {
        let mut m = Module {
            dir,
            display_dir,
            ..Module::default()
        };
        let mut vars: Vec<&'a File> = Vec::new();
        let (files, overrides) = crate::overrides::partition(files);
        for &f in &files {
            let Some(body) = &f.body else {
                if f.kind.is_config() {
                    m.files.push(f);
                }
                continue;
            };
            match f.kind {
                FileKind::Config | FileKind::ConfigJson => {
                    m.files.push(f);
                    m.add_config(f, body);
                }
                FileKind::Vars | FileKind::VarsJson => vars.push(f),
                FileKind::Lock => m.add_lock(f, body),
            }
        }
        for f in overrides {
            m.files.push(f);
            if let Some(body) = &f.body {
                crate::overrides::apply(&mut m, f, body);
            }
        }
        // Terraform's order: terraform.tfvars, terraform.tfvars.json, then
        // *.auto.tfvars(.json) in lexical order. Other .tfvars files are
        // alternatives, evaluated one at a time (see `run::instance`).
        let name = |f: &File| -> String {
            f.source
                .path
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let mut auto: Vec<&'a File> = vars
            .iter()
            .copied()
            .filter(|f| {
                let n = name(f);
                n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
            })
            .collect();
        auto.sort_by_key(|f| name(f));
        for base in ["terraform.tfvars", "terraform.tfvars.json"] {
            if let Some(f) = vars.iter().find(|f| name(f) == base) {
                m.var_files.push(f);
            }
        }
        m.var_files.extend(auto);
        let mut alt: Vec<&'a File> = vars
            .iter()
            .copied()
            .filter(|f| !m.var_files.iter().any(|v| std::ptr::eq(*v, *f)))
            .collect();
        alt.sort_by_key(|f| name(f));
        m.alt_var_files = alt;
        m
    }

    pub(crate) fn add_config(&mut self, f: &'a File, body: &'a Body) {
        for b in body.blocks() {
            match (b.ident.as_str(), b.labels.as_slice()) {
                ("resource", [(t, _), (n, _), ..]) => self.resources.push(Resource {
                    mode: Mode::Managed,
                    rtype: t,
                    name: n,
                    block: BlockRef::Written(b),
                    file: f,
                    parts: Parts::whole(f),
                }),
                ("data", [(t, _), (n, _), ..]) => self.resources.push(Resource {
                    mode: Mode::Data,
                    rtype: t,
                    name: n,
                    block: BlockRef::Written(b),
                    file: f,
                    parts: Parts::whole(f),
                }),
                ("provider", [(n, _), ..]) => self.providers.push(ProviderBlock {
                    name: n,
                    block: BlockRef::Written(b),
                    file: f,
                    parts: Parts::whole(f),
                }),
                ("variable", [(n, _), ..]) => {
                    self.variables.insert(
                        n,
                        Variable {
                            name: n,
                            block: b,
                            default: b.body.attribute("default").map(|a| &a.value),
                            file: f,
                            type_expr: b.body.attribute("type").map(|a| &a.value),
                            nullable: b.body.attribute("nullable").map(|a| &a.value),
                        },
                    );
                }
                ("locals", _) => {
                    for a in b.body.attributes() {
                        self.locals.insert(
                            &a.key,
                            Local {
                                name: &a.key,
                                attr: a,
                                file: f,
                            },
                        );
                    }
                }
                ("module", [(n, _), ..]) => self.calls.push(ModuleCall {
                    name: n,
                    source: b
                        .body
                        .attribute("source")
                        .and_then(|a| string_literal(&a.value)),
                    block: BlockRef::Written(b),
                    file: f,
                    parts: Parts::whole(f),
                }),
                ("output", [(n, _), ..]) => {
                    let value = b.body.attribute("value");
                    self.outputs.insert(n, Output { value, file: f });
                }
                ("terraform", _) => {
                    for rp in b.body.blocks_named("required_providers") {
                        for a in rp.body.attributes() {
                            self.add_required_provider(f, a);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    pub(crate) fn add_required_provider(&mut self, f: &'a File, a: &'a Attribute) {
        let mut source = None;
        let mut version = None;
        match &a.value.kind {
            ExprKind::Object(items) => {
                for (k, v) in items {
                    let key = match k {
                        ObjectKey::Ident(s) => Some(s.as_str()),
                        ObjectKey::Expr(e) => string_literal(e),
                    };
                    match key {
                        Some("source") => source = string_literal(v),
                        Some("version") => version = Some(v),
                        _ => {}
                    }
                }
            }
            // Legacy form: `NAME = "constraint"`.
            _ => version = Some(&a.value),
        }
        self.required_providers.push(RequiredProvider {
            local_name: &a.key,
            source,
            version,
            attr: a,
            file: f,
        });
    }

    fn add_lock(&mut self, f: &'a File, body: &'a Body) {
        for b in body.blocks_named("provider") {
            if let Some(addr) = b.label(0) {
                self.locked.push(LockedProvider {
                    address: addr,
                    version: b.body.attribute("version"),
                    file: f,
                });
            }
        }
    }

    /// Whether this module has any configuration at all (a directory with
    /// only `.tfvars` files is not a module).
    pub fn is_module(&self) -> bool {
        !self.files.is_empty()
    }
}

/// Nested blocks of `body` named `name`, counting `dynamic "name"` blocks
/// through their `content` block.
pub fn nested_blocks<'b: 'n, 'n>(
    body: &'b Body,
    name: &'n str,
) -> impl Iterator<Item = NestedBlock<'b>> + 'n {
    body.blocks().filter_map(move |b| {
        if b.ident == name {
            Some(NestedBlock {
                block: b,
                body: &b.body,
                dynamic: false,
            })
        } else if b.ident == "dynamic" && b.label(0) == Some(name) {
            let content = b.body.blocks_named("content").next();
            Some(NestedBlock {
                block: b,
                body: content.map(|c| &c.body).unwrap_or(&b.body),
                dynamic: true,
            })
        } else {
            None
        }
    })
}

/// A nested block as rules see it: for a `dynamic` block, `body` is its
/// `content` and `block` the `dynamic` block itself.
#[derive(Debug, Clone, Copy)]
pub struct NestedBlock<'b> {
    pub block: &'b Block,
    pub body: &'b Body,
    pub dynamic: bool,
}

/// The span used to point at a block: its header.
pub fn header(block: &Block) -> Span {
    block.header_span()
}
