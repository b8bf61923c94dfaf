//! Which values are secret: everything written to, or flowing into, a
//! credential attribute. The one place that knows the credential attributes.
//!
//! Secrets are a property of values, not of spans: the engine collects, per
//! run, the spans that hold them (for masking snippets) and their texts (the
//! evaluated values and every literal that feeds them, as written and
//! unescaped), and the emitters mask every occurrence of those texts
//! (`report::mask`). Masking too much is safe; showing a secret is not, so
//! references are matched by name across all files of a configuration.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::diag::Location;
use crate::eval::{root_inputs, Env, Value};
use crate::model::{File, Module};
use crate::parse::FileKind;
use crate::syntax::{Body, Expr, ExprKind, TemplatePart, Traverse};

/// Attributes of `provider "genesyscloud"` that hold a credential.
pub const PROVIDER_CREDENTIALS: &[&str] = &["oauthclient_secret", "access_token"];
/// Blocks of the provider whose `auth { password }` is a credential.
pub const AUTH_BLOCKS: &[&str] = &["proxy", "gateway"];
/// Attributes that are credentials in any block (OAuth clients).
pub const ANYWHERE_CREDENTIALS: &[&str] = &["client_secret"];

/// Values that only name a credential (`client_secret = "client_secret"`,
/// `password = "password"`): placeholders, not secrets. Their spans are
/// still masked in snippets, but the words are not masked in free text,
/// where cxlint's own messages use them (`oauthclient_secret` would become
/// `oauth****`).
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    PROVIDER_CREDENTIALS.contains(&t.as_str())
        || ANYWHERE_CREDENTIALS.contains(&t.as_str())
        || matches!(
            t.as_str(),
            "secret" | "password" | "token" | "auth" | "proxy" | "gateway"
        )
}

/// What a run knows is secret.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    /// Spans holding secret text (masked in snippets).
    pub spans: Vec<Location>,
    /// Secret texts: values and the source texts that feed them.
    pub texts: Vec<String>,
}

/// Attribute names that look like they hold a secret (masked as written,
/// even when cxlint does not know the resource).
fn is_secret_key(k: &str) -> bool {
    // ASCII case-insensitive, without lowering a copy of every key.
    let k = k.as_bytes();
    let starts = |p: &[u8]| k.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let ends = |p: &[u8]| {
        k.len() >= p.len()
            && k.get(k.len() - p.len()..)
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    let contains = |p: &[u8]| k.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p));
    if starts(b"expose_") || starts(b"directory_") {
        return false;
    }
    contains(b"secret") || contains(b"password") || ends(b"token")
}

/// Every credential expression of a body: provider credentials, proxy and
/// gateway passwords, `client_secret` anywhere.
fn credential_exprs<'b>(body: &'b Body, acc: &mut Vec<&'b Expr>) {
    for b in body.blocks() {
        if b.ident == "provider" && b.label(0) == Some("genesyscloud") {
            for key in PROVIDER_CREDENTIALS {
                if let Some(a) = b.body.attribute(key) {
                    acc.push(&a.value);
                }
            }
            for outer in AUTH_BLOCKS {
                for o in b.body.blocks_named(outer) {
                    for auth in o.body.blocks_named("auth") {
                        if let Some(a) = auth.body.attribute("password") {
                            acc.push(&a.value);
                        }
                    }
                }
            }
        }
        credential_exprs(&b.body, acc);
    }
    for a in body.attributes() {
        if ANYWHERE_CREDENTIALS.contains(&a.key.as_str()) {
            acc.push(&a.value);
        }
    }
}

/// A reference that a secret flows from: `var.settings.sp.client_secret` is
/// `("settings", ["sp", "client_secret"])`, so that only that part of an
/// object passed as `settings` is secret, not every string in it.
type Ref = (String, Vec<String>);

/// Names that an expression's value flows from, and its literals.
#[derive(Default)]
struct Flow {
    vars: BTreeSet<Ref>,
    locals: BTreeSet<Ref>,
    spans: Vec<(usize, std::ops::Range<usize>)>,
    texts: Vec<String>,
}

impl Flow {
    /// Walk `e` (in file `fi`): literals are secret, references are followed.
    /// A conditional's condition does not flow into its value.
    fn walk(&mut self, fi: usize, e: &Expr) {
        match &e.kind {
            ExprKind::String(s) => {
                self.spans.push((fi, e.span.clone()));
                self.texts.push(s.to_string());
            }
            ExprKind::Template(parts) => {
                self.spans.push((fi, e.span.clone()));
                self.parts(fi, parts);
            }
            ExprKind::Array(items) => items.iter().for_each(|x| self.walk(fi, x)),
            ExprKind::Object(items) => items.iter().for_each(|(_, x)| self.walk(fi, x)),
            ExprKind::Traversal(root, ops) => {
                if let (ExprKind::Variable(r), Some(Traverse::GetAttr(a))) =
                    (&root.kind, ops.first())
                {
                    let path: Vec<String> = ops
                        .iter()
                        .skip(1)
                        .map_while(|op| match op {
                            Traverse::GetAttr(k) => Some(k.to_string()),
                            _ => None,
                        })
                        .collect();
                    match r.as_str() {
                        "var" => {
                            self.vars.insert((a.to_string(), path));
                        }
                        "local" => {
                            self.locals.insert((a.to_string(), path));
                        }
                        _ => {}
                    }
                }
                // An index selects from the value; it does not flow into it.
                self.walk(fi, root);
            }
            ExprKind::Call(c) => c.args.iter().for_each(|x| self.walk(fi, x)),
            ExprKind::Conditional(_, b, c) => {
                self.walk(fi, b);
                self.walk(fi, c);
            }
            ExprKind::Unary(_, a) => self.walk(fi, a),
            ExprKind::Binary(_, a, b) => {
                self.walk(fi, a);
                self.walk(fi, b);
            }
            ExprKind::For(f) => {
                self.walk(fi, &f.collection);
                self.walk(fi, &f.value);
            }
            _ => {}
        }
    }

    /// Walk only the part of `e` at `path` when `e` is an object literal
    /// (all of it when it is anything else: masking too much is safe).
    fn walk_path(&mut self, fi: usize, e: &Expr, path: &[String]) {
        let (Some(first), ExprKind::Object(items)) = (path.first(), &e.kind) else {
            self.walk(fi, e);
            return;
        };
        for (k, v) in items {
            let key = match k {
                crate::syntax::ObjectKey::Ident(i) => Some(i.as_str()),
                crate::syntax::ObjectKey::Expr(x) => match &x.kind {
                    ExprKind::String(s) => Some(s.as_str()),
                    _ => None,
                },
            };
            // A computed key might be the one: follow it whole.
            match key {
                Some(k) if k == first => self.walk_path(fi, v, path.get(1..).unwrap_or(&[])),
                Some(_) => {}
                None => self.walk(fi, v),
            }
        }
    }

    fn parts(&mut self, fi: usize, parts: &[TemplatePart]) {
        for p in parts {
            match p {
                TemplatePart::Literal(s) => self.texts.push(s.to_string()),
                TemplatePart::Interpolation(x) => self.walk(fi, x),
                TemplatePart::If {
                    then, otherwise, ..
                } => {
                    self.parts(fi, then);
                    self.parts(fi, otherwise);
                }
                TemplatePart::For {
                    collection, body, ..
                } => {
                    self.walk(fi, collection);
                    self.parts(fi, body);
                }
            }
        }
    }
}

fn is_vars(f: &File) -> bool {
    matches!(f.kind, FileKind::Vars | FileKind::VarsJson)
}

/// Follow the credential expressions through locals, variable defaults,
/// `.tfvars` values and module call arguments to a fixpoint.
fn flow(files: &[&File]) -> Flow {
    let mut flow = Flow::default();
    for (fi, f) in files.iter().enumerate().filter(|(_, f)| !is_vars(f)) {
        if let Some(b) = &f.body {
            let mut acc = Vec::new();
            credential_exprs(b, &mut acc);
            acc.into_iter().for_each(|e| flow.walk(fi, e));
        }
    }
    let (mut seen_vars, mut seen_locals) = (BTreeSet::new(), BTreeSet::new());
    loop {
        let vars: Vec<Ref> = flow.vars.difference(&seen_vars).cloned().collect();
        let locals: Vec<Ref> = flow.locals.difference(&seen_locals).cloned().collect();
        if vars.is_empty() && locals.is_empty() {
            return flow;
        }
        seen_vars.extend(vars.iter().cloned());
        seen_locals.extend(locals.iter().cloned());
        for (fi, f) in files.iter().enumerate() {
            let Some(b) = &f.body else { continue };
            let with = |refs: &[Ref], key: &str| -> Vec<Vec<String>> {
                refs.iter()
                    .filter(|(n, _)| n == key)
                    .map(|(_, p)| p.clone())
                    .collect()
            };
            // `.tfvars` values and module arguments both set variables.
            let mut setters: Vec<&crate::syntax::Attribute> = Vec::new();
            if is_vars(f) {
                setters.extend(b.attributes());
            } else {
                for m in b.blocks_named("module") {
                    setters.extend(m.body.attributes());
                }
                for v in b.blocks_named("variable") {
                    for path in with(&vars, v.label(0).unwrap_or_default()) {
                        if let Some(d) = v.body.attribute("default") {
                            flow.walk_path(fi, &d.value, &path);
                        }
                    }
                }
                for lb in b.blocks_named("locals") {
                    for a in lb.body.attributes() {
                        for path in with(&locals, &a.key) {
                            flow.walk_path(fi, &a.value, &path);
                        }
                    }
                }
            }
            for a in setters {
                for path in with(&vars, &a.key) {
                    flow.walk_path(fi, &a.value, &path);
                }
            }
        }
    }
}

/// Spans of attributes whose name says they hold a secret (masked as written).
fn named_secret_spans(f: &File, body: &Body, out: &mut Vec<Location>) {
    for s in &body.items {
        match s {
            crate::syntax::Structure::Attribute(a) => {
                if matches!(a.value.kind, ExprKind::String(_) | ExprKind::Template(_))
                    && is_secret_key(&a.key)
                {
                    out.push(Location::new(&f.source, a.value.span.clone()));
                }
            }
            crate::syntax::Structure::Block(b) => named_secret_spans(f, &b.body, out),
        }
    }
}

/// Quoted values after a secret-looking key in text that did not parse (or
/// was not read whole): the lexical fallback for snippets of broken files.
fn lexical_secrets(text: &str, out: &mut Vec<String>) {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r#"(?i)"?[a-z0-9_]*(?:secret|password|token)"?\s*[=:]\s*"((?:[^"\\\n]|\\.)*)"#,
        )
        .ok()
    });
    let Some(re) = re else { return };
    for c in re.captures_iter(text) {
        if let Some(m) = c.get(1) {
            out.push(m.as_str().to_string());
        }
    }
}

fn push_value(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::List(items) => items.iter().for_each(|x| push_value(x, out)),
        Value::Map(m) => m.values().for_each(|x| push_value(x, out)),
        _ => {}
    }
}

/// The part of `v` at `path`: all of `v` where the path cannot be followed
/// (masking too much is safe), `None` when a map lacks the key.
fn at_path<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    let mut cur = v;
    for k in path {
        match cur {
            Value::Map(m) => cur = m.get(k)?,
            _ => return Some(cur),
        }
    }
    Some(cur)
}

/// Evaluate every credential expression, and every module argument that
/// feeds a secret variable, in each module with its own `.tfvars` inputs.
fn evaluated(modules: &[Module], var_files: &[&File], vars: &BTreeSet<Ref>) -> Vec<String> {
    let mut out = Vec::new();
    for m in modules {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let inputs = root_inputs(m, var_files);
            let env = Env::new(m, &inputs);
            let mut vals = Vec::new();
            for f in &m.files {
                let Some(b) = &f.body else { continue };
                let mut acc = Vec::new();
                credential_exprs(b, &mut acc);
                for e in acc {
                    push_value(&env.eval(e, &[]).value, &mut vals);
                }
            }
            for c in &m.calls {
                for a in c.arguments() {
                    for (_, path) in vars.iter().filter(|(n, _)| *n == a.key) {
                        let t = env.eval(&a.value, &[]);
                        if let Some(v) = at_path(&t.value, path) {
                            push_value(v, &mut vals);
                        }
                    }
                }
            }
            vals
        }));
        // An evaluator panic is reported elsewhere (CX006); the literals
        // collected syntactically are still masked.
        if let Ok(vals) = r {
            out.extend(vals);
        }
    }
    out
}

/// Everything secret in one configuration: its files, the `--var-file`s and
/// its modules.
pub fn collect(files: &[&File], var_files: &[File], modules: &[Module]) -> Secrets {
    let all: Vec<&File> = files.iter().copied().chain(var_files.iter()).collect();
    let flow = flow(&all);
    let mut spans = Vec::new();
    let mut texts = flow.texts.clone();
    for (fi, span) in &flow.spans {
        if let Some(f) = all.get(*fi) {
            spans.push(Location::new(&f.source, span.clone()));
            if let Some(t) = f.source.text.get(span.clone()) {
                let t = t.trim();
                texts.push(t.trim_matches('"').to_string());
            }
        }
    }
    for f in &all {
        match &f.body {
            Some(b) => named_secret_spans(f, b, &mut spans),
            None => lexical_secrets(&f.source.text, &mut texts),
        }
    }
    for loc in &spans {
        let text = all
            .iter()
            .find(|f| f.source.path == loc.file)
            .and_then(|f| f.source.text.get(loc.span.clone()));
        if let Some(t) = text {
            texts.push(t.trim().trim_matches('"').to_string());
        }
    }
    let var_refs: Vec<&File> = var_files.iter().collect();
    texts.extend(evaluated(modules, &var_refs, &flow.vars));
    texts.retain(|t| !t.trim().is_empty());
    texts.sort();
    texts.dedup();
    spans.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
    spans.dedup();
    Secrets { spans, texts }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secret_keys_ignore_ascii_case() {
        let lowered = |k: &str| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("expose_") || k.starts_with("directory_"))
                && (k.contains("secret") || k.contains("password") || k.ends_with("token"))
        };
        for k in [
            "client_secret",
            "CLIENT_SECRET",
            "Password",
            "db_passWord_x",
            "token",
            "api_TOKEN",
            "tokens",
            "expose_secret",
            "EXPOSE_secret",
            "directory_password",
            "secre",
            "tok",
            "",
            "ßecret",
            "sécret",
            "x_secreté",
            "oauth_token_ttl",
            "Directory_token",
        ] {
            assert_eq!(super::is_secret_key(k), lowered(k), "{k}");
        }
    }

    use super::*;

    #[test]
    fn lexical_scan_finds_quoted_values_after_secret_keys() {
        let mut out = Vec::new();
        lexical_secrets(
            "provider \"genesyscloud\" {\n oauthclient_secret = \"s3cr\\\"et\"\n x = {",
            &mut out,
        );
        assert_eq!(out, vec!["s3cr\\\"et".to_string()]);
    }
}
