//! Override files (`override.tf`, `*_override.tf` and their `.tf.json`
//! forms), merged into a module after its other files, in lexical order, as
//! Terraform does.
//!
//! What is merged: `locals` (an override replaces the local of the same
//! name) and `variable` blocks (`default`, `type`, `nullable` replace the
//! original's; findings and origins point at the override's text). A
//! `resource`, `data` or `provider` block that an override file changes is
//! marked `overridden`: its merged content is not modelled, so rules skip it
//! rather than judge text that does not take effect. Overrides of `module`,
//! `output` and `terraform` blocks are not modelled yet; they are never
//! added as extra blocks.

use crate::model::{string_literal, File, Local, Mode, Module};
use crate::syntax::Body;

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

pub fn apply<'a>(m: &mut Module<'a>, f: &'a File, body: &'a Body) {
    for b in body.blocks() {
        match (b.ident.as_str(), b.labels.as_slice()) {
            ("locals", _) => {
                for a in b.body.attributes() {
                    m.locals.insert(
                        &a.key,
                        Local {
                            name: &a.key,
                            attr: a,
                            file: f,
                        },
                    );
                }
            }
            ("variable", [(n, _), ..]) => {
                let Some(v) = m.variables.get_mut(n.as_str()) else {
                    continue;
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
            }
            ("resource", [(t, _), (n, _), ..]) => mark(m, Mode::Managed, t, n),
            ("data", [(t, _), (n, _), ..]) => mark(m, Mode::Data, t, n),
            ("provider", [(n, _), ..]) => {
                let want = alias(&b.body);
                for p in m.providers.iter_mut() {
                    if p.name == n && alias(&p.block.body) == want {
                        p.overridden = true;
                    }
                }
            }
            _ => {}
        }
    }
}

fn mark(m: &mut Module, mode: Mode, t: &str, n: &str) {
    for r in m.resources.iter_mut() {
        if r.mode == mode && r.rtype == t && r.name == n {
            r.overridden = true;
        }
    }
}

fn alias(body: &Body) -> Option<&str> {
    body.attribute("alias")
        .and_then(|a| string_literal(&a.value))
}
