//! A stable entry point for the differential test against `terraform
//! console`: evaluate one expression in a module made of given files.

use std::path::PathBuf;

use super::cty::{self, Val};
use super::{root_inputs, Env};
use crate::model::{File, Module};
use crate::parse::{parse, FileKind};
use crate::source::SourceFile;
use crate::syntax::{Expr, ExprKind, ObjectKey, TemplatePart, Traverse};

/// What cxlint knows of an expression, in the shape `terraform console` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `jsonencode(expr)` as Terraform prints it and `type(expr)` as `terraform console` prints it (e.g. `tuple([string, number])`, `list(string)`, `object({a: string})` — copy the console's exact formatting).
    Known { json: String, ty: String },
    /// Terraform rejects the expression (any error).
    Error,
    /// cxlint cannot know the value (unknown function, impure, budget).
    Unknown,
}

/// Evaluate `expr` in a module whose other files are `files` (`(name, text)` pairs, e.g. `("main.tf", "variable \"v\" { type = list(number) default = [1] }\nlocals { a = 1 }")`, `("terraform.tfvars", "...")`), the way `terraform console` in that directory would.
pub fn evaluate(files: &[(&str, &str)], expr: &str) -> Outcome {
    // The files also exist on disk, for `file()` and `templatefile()`.
    let dir = tempfile::tempdir().ok();
    let root = dir.as_ref().map(|d| d.path());
    if let Some(root) = root {
        for (name, text) in files {
            if !name.contains("..") {
                let path = root.join(name);
                if let Some(parent) = path.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                let _ = std::fs::write(path, text);
            }
        }
    }
    let mut parsed = Vec::new();
    for (name, text) in files {
        let kind = FileKind::from_name(name).filter(|_| !name.contains('/'));
        let Some(kind) = kind else {
            continue;
        };
        let Ok(body) = parse(kind, text) else {
            // Terraform refuses to start the console on a broken file.
            return Outcome::Error;
        };
        parsed.push(File {
            source: SourceFile::new(format!("cxlint-diff/{name}"), *text),
            kind,
            body: Some(body),
        });
    }
    let refs: Vec<&File> = parsed.iter().collect();
    // A directory that does not exist: no `.terraform/environment` in it.
    let module = Module::build(PathBuf::from("/nonexistent/cxlint-diff"), ".".into(), &refs);
    let inputs = root_inputs(&module, &[]);
    let mut env = Env::new(&module, &inputs);
    env.path_module = Some(".".into());
    env.root_dir = root.map(std::path::Path::to_path_buf);
    let holder_text = format!("__e = {expr}\n");
    let Ok(body) = parse(FileKind::Config, &holder_text) else {
        return Outcome::Error;
    };
    let Some(attr) = body.attribute("__e") else {
        return Outcome::Error;
    };
    let v = env.eval(&attr.value, &[]).typed;
    if may_be_sensitive(&module, &attr.value, &mut Vec::new()) && v.find_error().is_none() {
        return Outcome::Unknown;
    }
    outcome(&v)
}

/// The console's answer for a value.
pub fn outcome(v: &Val) -> Outcome {
    if v.find_error().is_some() {
        return Outcome::Error;
    }
    match cty::json(v) {
        Some(json) if v.is_wholly_known() => Outcome::Known {
            json,
            ty: v.ty().console(),
        },
        _ => Outcome::Unknown,
    }
}

/// True when the value of `e` may be marked sensitive (a `sensitive()` call,
/// a variable declared `sensitive = true`, or a local built from either):
/// the console hides such values, and cxlint does not track marks.
fn may_be_sensitive(module: &Module, e: &Expr, seen: &mut Vec<String>) -> bool {
    let mut found = false;
    visit(e, &mut |x| match &x.kind {
        ExprKind::Call(c) if bare(&c.name) == "sensitive" => found = true,
        _ => match x.as_reference().or_else(|| root_ref(x)) {
            Some(("var", n)) => {
                let sens = module
                    .variables
                    .get(n)
                    .and_then(|v| v.block.body.attribute("sensitive"));
                if sens.is_some_and(|a| !matches!(a.value.kind, ExprKind::Bool(false))) {
                    found = true;
                }
            }
            Some(("local", n)) if !seen.iter().any(|s| s == n) => {
                seen.push(n.to_string());
                if let Some(l) = module.locals.get(n) {
                    found |= may_be_sensitive(module, &l.attr.value, seen);
                }
            }
            _ => {}
        },
    });
    found
}

/// A function's name without Terraform's `core::` namespace.
fn bare(name: &str) -> &str {
    name.strip_prefix("core::").unwrap_or(name)
}

/// `var.x.y` / `local.x[0]`: the root and first attribute.
fn root_ref(e: &Expr) -> Option<(&str, &str)> {
    if let ExprKind::Traversal(root, ops) = &e.kind {
        if let (ExprKind::Variable(r), Some(Traverse::GetAttr(a))) = (&root.kind, ops.first()) {
            return Some((r, a));
        }
    }
    None
}

fn visit(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    // `nonsensitive(x)` removes the mark, whatever x holds.
    if matches!(&e.kind, ExprKind::Call(c) if bare(&c.name) == "nonsensitive") {
        return;
    }
    f(e);
    match &e.kind {
        ExprKind::Template(ps) => visit_parts(ps, f),
        ExprKind::Array(xs) => xs.iter().for_each(|x| visit(x, f)),
        ExprKind::Call(c) => c.args.iter().for_each(|x| visit(x, f)),
        ExprKind::Object(items) => {
            for (k, v) in items {
                if let ObjectKey::Expr(k) = k {
                    visit(k, f);
                }
                visit(v, f);
            }
        }
        ExprKind::Traversal(r, ops) => {
            visit(r, f);
            for op in ops {
                if let Traverse::Index(x) = op {
                    visit(x, f);
                }
            }
        }
        ExprKind::Conditional(a, b, c) => [a, b, c].iter().for_each(|x| visit(x, f)),
        ExprKind::Unary(_, x) => visit(x, f),
        ExprKind::Binary(_, a, b) => [a, b].iter().for_each(|x| visit(x, f)),
        ExprKind::For(fe) => {
            [&fe.collection, &fe.value].iter().for_each(|x| visit(x, f));
            fe.key
                .iter()
                .chain(fe.cond.iter())
                .for_each(|x| visit(x, f));
        }
        _ => {}
    }
}

fn visit_parts(ps: &[TemplatePart], f: &mut dyn FnMut(&Expr)) {
    for p in ps {
        match p {
            TemplatePart::Literal(_) => {}
            TemplatePart::Interpolation(x) => visit(x, f),
            TemplatePart::If {
                cond,
                then,
                otherwise,
            } => {
                visit(cond, f);
                visit_parts(then, f);
                visit_parts(otherwise, f);
            }
            TemplatePart::For {
                collection, body, ..
            } => {
                visit(collection, f);
                visit_parts(body, f);
            }
        }
    }
}
