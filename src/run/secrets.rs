//! Where secret values sit in the source text, so that every output masks
//! them: literal values of secret attributes, and the variable defaults,
//! `.tfvars` values and locals that feed a provider credential.

use rayon::prelude::*;

use crate::diag::Location;
use crate::model::File;
use crate::parse::FileKind;
use crate::syntax::{Body, Expr, ExprKind, TemplatePart, Traverse};

/// Spans of secret values, masked wherever source text is shown.
pub fn secret_spans(files: &[&File], var_files: &[File]) -> Vec<Location> {
    const KEYS: &[&str] = &[
        "oauthclient_secret",
        "access_token",
        "password",
        "client_secret",
        "secret",
        "token",
    ];
    fn is_secret_key(k: &str) -> bool {
        // Most keys have no uppercase letter: avoid an allocation for them.
        let lower;
        let k = if k.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = k.to_ascii_lowercase();
            lower.as_str()
        } else {
            k
        };
        KEYS.contains(&k) || k.contains("secret") || k.contains("password") || k.ends_with("token")
    }
    fn walk(f: &File, body: &crate::syntax::Body, out: &mut Vec<Location>) {
        for s in &body.items {
            match s {
                crate::syntax::Structure::Attribute(a) => {
                    if is_secret_key(&a.key)
                        && !a.key.starts_with("expose_")
                        && !a.key.starts_with("directory_")
                    {
                        if let crate::syntax::ExprKind::String(_)
                        | crate::syntax::ExprKind::Template(_) = a.value.kind
                        {
                            out.push(Location::new(&f.source, a.value.span.clone()));
                        }
                    }
                }
                crate::syntax::Structure::Block(b) => walk(f, &b.body, out),
            }
        }
    }
    let mut out: Vec<Location> = files
        .par_iter()
        .copied()
        .chain(var_files.par_iter())
        .flat_map_iter(|f| {
            let mut v = Vec::new();
            if let Some(b) = &f.body {
                walk(f, b, &mut v);
            }
            v
        })
        .collect();
    credential_source_spans(files, var_files, &mut out);
    out
}

/// Values that feed a genesyscloud provider credential through `var.X` or
/// `local.X`, whatever the variable is called: the variable's `default`, the
/// `.tfvars` value and the local's value (GC101 may report them; they are
/// secrets either way). Matched by name across all files: masking too much
/// is safe, showing a secret is not.
fn credential_source_spans(files: &[&File], var_files: &[File], out: &mut Vec<Location>) {
    let is_vars = |f: &File| matches!(f.kind, FileKind::Vars | FileKind::VarsJson);
    let mut vars = Vec::new();
    let mut locals = Vec::new();
    for f in files.iter().copied().filter(|f| !is_vars(f)) {
        if let Some(b) = &f.body {
            let mut acc = Vec::new();
            credential_exprs(b, &mut acc);
            for e in acc {
                refs(e, &mut vars, &mut locals);
            }
        }
    }
    // Locals may refer to other locals and variables: follow them.
    let mut seen_locals: Vec<String> = Vec::new();
    while let Some(l) = locals.pop() {
        if seen_locals.contains(&l) {
            continue;
        }
        for f in files.iter().copied().filter(|f| !is_vars(f)) {
            let Some(b) = &f.body else { continue };
            for lb in b.blocks_named("locals") {
                if let Some(a) = lb.body.attribute(&l) {
                    out.push(Location::new(&f.source, a.value.span.clone()));
                    refs(&a.value, &mut vars, &mut locals);
                }
            }
        }
        seen_locals.push(l);
    }
    if vars.is_empty() {
        return;
    }
    for f in files.iter().copied().chain(var_files) {
        let Some(b) = &f.body else { continue };
        if is_vars(f) {
            for a in b.attributes().filter(|a| vars.contains(&a.key)) {
                out.push(Location::new(&f.source, a.value.span.clone()));
            }
        } else {
            for v in b
                .blocks_named("variable")
                .filter(|v| v.label(0).is_some_and(|n| vars.iter().any(|x| x == n)))
            {
                if let Some(d) = v.body.attribute("default") {
                    out.push(Location::new(&f.source, d.value.span.clone()));
                }
            }
        }
    }
}

/// The `var.X` and `local.X` names an expression refers to.
fn refs(e: &Expr, vars: &mut Vec<String>, locals: &mut Vec<String>) {
    if let Some((root, name)) = e.as_reference() {
        match root {
            "var" => vars.push(name.to_string()),
            "local" => locals.push(name.to_string()),
            _ => {}
        }
    }
    match &e.kind {
        ExprKind::Template(parts) => {
            for p in parts {
                if let TemplatePart::Interpolation(x) = p {
                    refs(x, vars, locals);
                }
            }
        }
        ExprKind::Array(items) => items.iter().for_each(|x| refs(x, vars, locals)),
        ExprKind::Object(items) => items.iter().for_each(|(_, x)| refs(x, vars, locals)),
        ExprKind::Traversal(root, ops) => {
            // `var.x.y` / `var.x[0]`: the root reference counts too.
            if let (ExprKind::Variable(r), Some(Traverse::GetAttr(a))) = (&root.kind, ops.first()) {
                match r.as_str() {
                    "var" => vars.push(a.clone()),
                    "local" => locals.push(a.clone()),
                    _ => {}
                }
            }
            refs(root, vars, locals);
            for op in ops {
                if let Traverse::Index(x) = op {
                    refs(x, vars, locals);
                }
            }
        }
        ExprKind::Call { args, .. } => args.iter().for_each(|x| refs(x, vars, locals)),
        ExprKind::Conditional(a, b, c) => {
            refs(a, vars, locals);
            refs(b, vars, locals);
            refs(c, vars, locals);
        }
        ExprKind::Unary(_, a) => refs(a, vars, locals),
        ExprKind::Binary(_, a, b) => {
            refs(a, vars, locals);
            refs(b, vars, locals);
        }
        ExprKind::For(f) => {
            refs(&f.collection, vars, locals);
            refs(&f.value, vars, locals);
        }
        _ => {}
    }
}

/// The credential attributes of genesyscloud provider blocks.
fn credential_exprs<'b>(body: &'b Body, acc: &mut Vec<&'b Expr>) {
    for p in body
        .blocks_named("provider")
        .filter(|b| b.label(0) == Some("genesyscloud"))
    {
        for key in ["oauthclient_secret", "access_token"] {
            if let Some(a) = p.body.attribute(key) {
                acc.push(&a.value);
            }
        }
        for outer in ["proxy", "gateway"] {
            for o in p.body.blocks_named(outer) {
                for auth in o.body.blocks_named("auth") {
                    if let Some(a) = auth.body.attribute("password") {
                        acc.push(&a.value);
                    }
                }
            }
        }
    }
}
