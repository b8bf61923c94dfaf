//! `cxlint inspect PATH`: every block a rule reads, with each attribute's
//! value as cxlint knows it (type, value or unknown/error, and where it came
//! from). Secrets are masked. Text or JSON.
//!
//! Values are those `check` judges: each root with its automatic `.tfvars`
//! and `--var-file`s (and once more with each alternative `.tfvars`), each
//! local module call followed with its arguments. A directory is read with
//! the directories above it up to the repository root, so a module that a
//! root calls shows its caller's arguments (once per call, under the call's
//! address).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value as J};

use crate::cli::{InspectArgs, InspectFormat};
use crate::eval::{cty, Env, Origin, Traced, Val};
use crate::graph::{self, Scope};
use crate::load;
use crate::model::{File, Module, Parts};
use crate::rules::Registry;
use crate::run;
use crate::syntax::Body;

/// Longest value shown in text output.
const MAX_SHOWN: usize = 200;

/// Attribute names whose values are never printed.
const SECRETS: &[&str] = &[
    "oauthclient_secret",
    "access_token",
    "password",
    "client_secret",
    "secret",
    "token",
];

fn is_secret(key: &str) -> bool {
    SECRETS.contains(&key) || key.ends_with("_secret") || key.ends_with("_password")
}

/// The block kinds rules read: resource types, data source types, provider names.
#[derive(Default)]
struct Targets {
    resources: BTreeSet<String>,
    data: BTreeSet<String>,
    providers: BTreeSet<String>,
}

fn targets(reg: &Registry) -> Targets {
    let mut t = Targets::default();
    for r in &reg.rules {
        let Some(tg) = &r.def.target else { continue };
        t.resources.extend(tg.resource.clone());
        t.data.extend(tg.data.clone());
        t.providers.extend(tg.provider.clone());
    }
    t
}

/// Run `cxlint inspect`: 0 on success, 2 when the rules or paths fail to load.
pub fn run(args: InspectArgs) -> i32 {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("cxlint: error: cannot read the current directory");
        return 2;
    };
    let reg = match Registry::embedded() {
        Ok(r) => r,
        Err(_) => {
            eprintln!("cxlint: error: the built-in rules do not load");
            return 2;
        }
    };
    let (report, errors, secrets) = inspect(&args.paths, &args.var_files, &cwd, &reg);
    // Values that flow from a credential anywhere are masked as `check`
    // masks them, whatever attribute shows them.
    let masker = crate::report::mask::Masker::new(secrets);
    for e in &errors {
        eprintln!("cxlint: error: {}", masker.mask(e));
    }
    let out = match args.format {
        InspectFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        InspectFormat::Text => render_text(&report),
    };
    print!("{}", masker.mask(&out));
    if errors.is_empty() {
        0
    } else {
        2
    }
}

/// Inspect `paths` with the inputs `check` uses; the report as JSON (text
/// is rendered from it), the run errors, and the secret texts to mask.
pub fn inspect(
    paths: &[PathBuf],
    var_files: &[PathBuf],
    cwd: &Path,
    reg: &Registry,
) -> (J, Vec<String>, Vec<String>) {
    let gathered = load::gather(&load::Request {
        paths,
        stdin: None,
        overlays: &[],
        var_files,
        cwd,
        callers: true,
    });
    let mut errors: Vec<String> = gathered.errors.iter().map(|e| e.message.clone()).collect();
    let wanted: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let abs = load::normalize(&cwd.join(p));
            match abs.is_dir() {
                true => abs,
                false => abs.parent().map(Path::to_path_buf).unwrap_or(abs),
            }
        })
        .collect();
    let t = targets(reg);
    let vf: Vec<&File> = gathered.var_files.iter().collect();
    let scope = Scope {
        discovered: Some(&gathered.discovered),
        named: None,
        missing: &gathered.missing_sources,
        aliased: &gathered.aliased_sources,
    };
    let mut blocks = Vec::new();
    let mut secrets = Vec::new();
    for batch in gathered.batches {
        let mut run_errors = Vec::new();
        let loaded = load::parse_batch(batch, &mut Vec::new(), &mut run_errors);
        errors.extend(run_errors.into_iter().map(|e| e.message));
        let (graph, _) = graph::build(&loaded, &scope);
        let found = crate::secrets::collect(&graph.files, &gathered.var_files, &graph.modules);
        secrets.extend(found.texts);
        secrets.extend(found.spans.iter().filter_map(|loc| {
            let mut all = graph.files.iter().copied().chain(&gathered.var_files);
            let f = all.find(|f| f.source.path == loc.file)?;
            let t = f.source.text.get(loc.span.clone())?;
            Some(t.trim().trim_matches('"').to_string())
        }));
        for &root in &graph.roots {
            let Some(root_module) = graph.modules.get(root) else {
                continue;
            };
            let alts = root_module.alt_var_files.iter().take(MAX_ALTERNATIVES);
            let runs = std::iter::once(None).chain(alts.map(Some));
            for alt in runs {
                let files: Vec<&File> =
                    alt.into_iter().copied().chain(vf.iter().copied()).collect();
                let mut visit = |m: &Module, env: &Env, path: &str| {
                    if wanted.iter().any(|w| m.dir.starts_with(w)) {
                        let with = alt.map(|f| f.source.path.to_string());
                        blocks.extend(module_blocks(m, env, path, with, &t));
                    }
                };
                run::visit_instances(&graph, root, &files, &mut visit);
            }
        }
    }
    // An ignored override is listed once, however many instances its module has.
    let mut seen = BTreeSet::new();
    blocks.retain(|b| {
        b.get("ignored").is_none() || seen.insert((b["file"].to_string(), b["line"].to_string()))
    });
    (json!({ "blocks": blocks }), errors, secrets)
}

/// At most this many alternative `.tfvars` files per root are shown, as
/// `check` evaluates.
const MAX_ALTERNATIVES: usize = 16;

/// The blocks rules read in one module instance (`path` is its address,
/// `with` the alternative variable file it is evaluated with).
fn module_blocks(
    module: &Module,
    env: &Env,
    path: &str,
    with: Option<String>,
    t: &Targets,
) -> Vec<J> {
    let display = &module.display_dir;
    let address = |a: String| match path {
        "" => a,
        p => format!("{p}.{a}"),
    };
    let mut blocks = Vec::new();
    let mut push = |mut b: J| {
        if let (Some(w), Some(o)) = (&with, b.as_object_mut()) {
            o.insert("with".into(), J::String(w.clone()));
        }
        blocks.push(b);
    };
    for r in &module.resources {
        let wanted = match r.mode {
            crate::model::Mode::Managed => t.resources.contains(r.rtype),
            crate::model::Mode::Data => t.data.contains(r.rtype),
        };
        if wanted {
            let attrs = body_attrs(env, &r.block.body, Some(&r.parts));
            push(json!({
                "module": display, "block": address(r.address()),
                "file": r.file.source.path.to_string(),
                "line": line_of(r.file, r.block.span.start),
                "overridden": r.parts.is_merged(), "attributes": attrs,
            }));
        }
    }
    for p in &module.providers {
        if t.providers.contains(p.name) {
            push(json!({
                "module": display, "block": address(format!("provider.{}", p.name)),
                "file": p.file.source.path.to_string(),
                "line": line_of(p.file, p.block.span.start),
                "overridden": p.parts.is_merged(),
                "attributes": body_attrs(env, &p.block.body, Some(&p.parts)),
            }));
        }
    }
    if with.is_none() {
        for o in &module.orphans {
            push(json!({
                "module": display, "block": o.address,
                "file": o.file.source.path.to_string(),
                "line": line_of(o.file, o.span.start),
                "ignored": "override without an original block: Terraform rejects it; rules do not read it",
                "attributes": [],
            }));
        }
    }
    blocks
}

fn line_of(f: &File, offset: usize) -> usize {
    f.source
        .text
        .get(..offset)
        .map(|t| t.matches('\n').count() + 1)
        .unwrap_or(1)
}

/// Attributes of a body and of its nested blocks (`roles.role_id`). For a
/// block merged with override files, each says where it is written.
fn body_attrs(env: &Env, body: &Body, parts: Option<&Parts>) -> Vec<J> {
    let mut out = Vec::new();
    let at = Written {
        root: body,
        parts: parts.filter(|p| p.is_merged()),
    };
    walk(env, body, "", &at, &mut out);
    out
}

struct Written<'b, 'a> {
    root: &'b Body,
    parts: Option<&'b Parts<'a>>,
}

fn walk(env: &Env, body: &Body, prefix: &str, at: &Written, out: &mut Vec<J>) {
    for a in body.attributes() {
        let key = format!("{prefix}{}", a.key);
        let t = env.eval(&a.value, &[]);
        let mut d = describe(&key, is_secret(&a.key), &t);
        if let (Some(p), Some(o)) = (at.parts, d.as_object_mut()) {
            let f = p.file_of(at.root, a);
            o.insert("file".into(), J::String(f.source.path.to_string()));
            o.insert("line".into(), J::from(line_of(f, a.span.start)));
        }
        out.push(d);
    }
    for b in body.blocks() {
        let p = format!("{prefix}{}.", b.ident);
        walk(env, &b.body, &p, at, out);
    }
}

fn describe(key: &str, secret: bool, t: &Traced) -> J {
    let v = &t.typed;
    let (state, value) = match v {
        _ if v.find_error().is_some() => ("error", J::Null),
        _ if !v.is_wholly_known() => ("unknown", J::Null),
        _ if secret => ("known", J::String("(secret: masked)".into())),
        _ => {
            let j = cty::json(v).and_then(|s| serde_json::from_str(&s).ok());
            ("known", j.unwrap_or(J::Null))
        }
    };
    let from: Vec<J> = t.origins.iter().map(origin).collect();
    let ty = if v.find_error().is_some() {
        "error".to_string()
    } else {
        v.ty().compact()
    };
    let mut m = json!({ "name": key, "state": state, "type": ty, "value": value, "from": from });
    if let (Val::Error(msg), Some(o)) = (v.find_error().unwrap_or(v), m.as_object_mut()) {
        o.insert("error".into(), J::String(msg.to_string()));
    }
    // An unknown that stands for a reference or a bound says which.
    if let (Val::Unknown(_, Some(why)), Some(o)) = (v, m.as_object_mut()) {
        let (k, text) = match &**why {
            crate::eval::cty::Why::Reference(r) => ("refers_to", r),
            crate::eval::cty::Why::Limit(l) => ("limit", l),
        };
        o.insert(k.into(), J::String(text.clone()));
    }
    m
}

fn origin(o: &Origin) -> J {
    match o {
        Origin::Set { location, what } => json!({
            "what": what, "file": location.file.to_string(),
            "line": location.range.start.line,
        }),
        Origin::Input(name) => json!({ "what": "module input", "variable": name }),
    }
}

/// The report as text: one block per paragraph, one attribute per line.
pub fn render_text(report: &J) -> String {
    let mut s = String::new();
    for b in report["blocks"].as_array().into_iter().flatten() {
        let mut note = match (b["ignored"].as_str(), b["overridden"] == true) {
            (Some(why), _) => format!(": {why}"),
            (None, true) => " [merged with override files]".to_string(),
            (None, false) => String::new(),
        };
        if let Some(w) = b["with"].as_str() {
            note.push_str(&format!(" [with {w}]"));
        }
        s.push_str(&format!(
            "{} ({}:{}){note}\n",
            b["block"].as_str().unwrap_or_default(),
            b["file"].as_str().unwrap_or_default(),
            b["line"],
        ));
        for a in b["attributes"].as_array().into_iter().flatten() {
            let shown = match a["state"].as_str() {
                Some("known") => {
                    let v = a["value"].to_string();
                    let mut v: String = v.chars().take(MAX_SHOWN).collect();
                    if a["value"].to_string().chars().count() > MAX_SHOWN {
                        v.push('…');
                    }
                    format!("{} = {v}", a["type"].as_str().unwrap_or_default())
                }
                Some("error") => format!(
                    "error: {}",
                    a["error"].as_str().unwrap_or("rejected by Terraform")
                ),
                _ => {
                    let why = match (a["refers_to"].as_str(), a["limit"].as_str()) {
                        (Some(r), _) => format!("; refers to {r}"),
                        (_, Some(l)) => format!("; limit reached: {l}"),
                        _ => String::new(),
                    };
                    format!("unknown ({}{why})", a["type"].as_str().unwrap_or_default())
                }
            };
            let from: Vec<String> = a["from"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| match o["file"].as_str() {
                    Some(f) => format!(
                        "{} {f}:{}",
                        o["what"].as_str().unwrap_or_default(),
                        o["line"]
                    ),
                    None => format!(
                        "module input {}",
                        o["variable"].as_str().unwrap_or_default()
                    ),
                })
                .collect();
            let from = if from.is_empty() {
                String::new()
            } else {
                format!("  <- {}", from.join(", "))
            };
            let written = match a["file"].as_str() {
                Some(f) => format!("  (written in {f}:{})", a["line"]),
                None => String::new(),
            };
            s.push_str(&format!(
                "  {}: {shown}{from}{written}\n",
                a["name"].as_str().unwrap_or_default()
            ));
        }
        s.push('\n');
    }
    if s.is_empty() {
        s.push_str("no blocks that rules read\n");
    }
    s
}
