//! `.cxlint.hcl`: which rules run, at what severity, with which options.
//!
//! Read with hcl-rs + serde; problems are located in the file with our own
//! HCL front end so every error names the file, line and key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use serde::Deserialize;
use thiserror::Error;

use crate::diag::Severity;
use crate::rules::{Registry, RuleOptions};
use crate::source::SourceFile;
use crate::syntax::{Body, Structure};

pub const FILE_NAME: &str = ".cxlint.hcl";

#[derive(Debug, Error, Diagnostic, Clone, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
#[diagnostic(
    code(cxlint::config),
    help("see `cxlint init` for a commented example")
)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rule: BTreeMap<String, BTreeMap<String, hcl::Value>>,
    #[serde(default)]
    partner_org_ids: Vec<String>,
    #[serde(default)]
    rules_dirs: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    known_releases: Vec<String>,
    docs_url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
    pub options: BTreeMap<String, hcl::Value>,
}

/// A loaded config: rule settings are validated against a registry by
/// [`Config::validate`].
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from, as shown to users.
    pub file: Option<String>,
    pub dir: Option<PathBuf>,
    pub(crate) text: String,
    pub rules: BTreeMap<String, RuleSettings>,
    pub partner_org_ids: Vec<String>,
    /// Resolved against the config file's directory.
    pub rules_dirs: Vec<PathBuf>,
    pub exclude: Vec<String>,
    /// Provider releases to add to the shipped index (GC015, GC003's fix).
    pub known_releases: Vec<String>,
    /// Problems found while parsing that do not stop it: reported by
    /// [`Config::validate`] together with the ones it finds.
    pub(crate) pending: Vec<ConfigError>,
    /// `docs_url = "https://host/path/{code}.md"`: where rule pages live.
    pub docs_url: Option<String>,
}

/// Find `.cxlint.hcl` walking up from `start`, stopping at the repository
/// root (the first directory holding `.git`).
pub fn discover(start: &Path) -> Option<PathBuf> {
    Nearest::default().of(start)
}

/// What a directory walk saw of the names [`Nearest`] looks for: the
/// directories it listed, the ones holding anything named `.cxlint.hcl`, and
/// the ones holding `.git`. Asking about a listed directory costs no system
/// call (a whole-tree run asks about every directory of the tree). Hashed
/// with foldhash: SipHash over long paths was most of the lookups' cost.
#[derive(Debug, Default, Clone)]
pub struct DirMarks {
    pub listed: foldhash::HashSet<PathBuf>,
    pub config: foldhash::HashSet<PathBuf>,
    pub git: foldhash::HashSet<PathBuf>,
}

impl DirMarks {
    pub fn extend(&mut self, other: DirMarks) {
        self.listed.extend(other.listed);
        self.config.extend(other.config);
        self.git.extend(other.git);
    }
}

/// [`discover`] for many directories: each directory is looked at once,
/// from what a walk saw ([`DirMarks`]) or else on disk.
#[derive(Default)]
pub struct Nearest {
    found: foldhash::HashMap<PathBuf, Option<PathBuf>>,
    marks: DirMarks,
}

impl Nearest {
    pub fn with_marks(marks: DirMarks) -> Self {
        Nearest {
            found: Default::default(),
            marks,
        }
    }

    /// The `.cxlint.hcl` that applies to files in `dir`.
    pub fn of(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.found.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(FILE_NAME);
        let listed = self.marks.listed.contains(dir);
        // Anything by that name is the configuration: a FIFO or a device
        // is then refused by `load` (exit 2), never silently ignored.
        let has_config = if listed {
            self.marks.config.contains(dir)
        } else {
            std::fs::symlink_metadata(&candidate).is_ok()
        };
        let found = if has_config {
            Some(candidate)
        } else if (listed && self.marks.git.contains(dir)) || (!listed && dir.join(".git").exists())
        {
            None
        } else {
            dir.parent().and_then(|p| self.of(p))
        };
        self.found.insert(dir.to_path_buf(), found.clone());
        found
    }
}

impl Config {
    pub fn load(path: &Path, display: &str) -> Result<Config, Vec<ConfigError>> {
        let err = |line, message: String| {
            vec![ConfigError {
                file: display.to_string(),
                line,
                message,
            }]
        };
        let bytes = crate::file_policy::read_config_file(path, crate::file_policy::CONFIG_CAP)
            .map_err(|e| err(0, crate::file_policy::describe(&e)))?;
        let text =
            String::from_utf8(bytes).map_err(|_| err(1, "config is not UTF-8 text".into()))?;
        Self::parse(&text, display, path.parent().map(Path::to_path_buf))
    }

    /// Parse a config; every problem it has is reported, not only the first.
    pub fn parse(
        text: &str,
        display: &str,
        dir: Option<PathBuf>,
    ) -> Result<Config, Vec<ConfigError>> {
        let src = SourceFile::new(display, text);
        let err = |line, message: String| ConfigError {
            file: display.to_string(),
            line,
            message,
        };
        let body = crate::parse::hcl::parse(text).map_err(|e| {
            vec![err(
                src.pos(e.offset).line,
                format!("syntax error: {}", e.message),
            )]
        })?;
        let mut errors = shape_errors(&body, &src, &err);
        if !errors.is_empty() {
            return Err(errors);
        }
        let raw: RawConfig = hcl::from_str(text).map_err(|e| {
            let msg = e.to_string();
            vec![err(locate_key(&body, &src, &msg), msg)]
        })?;
        let mut rules = BTreeMap::new();
        for (code, entries) in raw.rule {
            let settings = rule_settings(&code, entries, &mut |k, message| {
                errors.push(err(locate_rule_key(&body, &src, &code, k), message))
            });
            rules.insert(code, settings);
        }
        for g in &raw.exclude {
            // Built as a set too: a glob that parses but cannot be compiled
            // would otherwise drop every exclusion at once.
            let built = globset::Glob::new(g)
                .and_then(|glob| globset::GlobSetBuilder::new().add(glob).build());
            if let Err(e) = built {
                errors.push(err(
                    locate_key(&body, &src, "`exclude`"),
                    format!("invalid glob `{g}` in `exclude`: {e}"),
                ));
            }
        }
        let rules_dirs = raw
            .rules_dirs
            .iter()
            .map(|d| match &dir {
                Some(base) => base.join(d),
                None => PathBuf::from(d),
            })
            .collect();
        Ok(Config {
            file: Some(display.to_string()),
            dir,
            text: text.to_string(),
            rules,
            partner_org_ids: raw.partner_org_ids,
            rules_dirs,
            exclude: raw.exclude,
            known_releases: raw.known_releases,
            pending: errors,
            docs_url: raw.docs_url,
        })
    }

    /// Check rule codes and option names and types against the registry.
    pub fn validate(&self, reg: &Registry) -> Result<(), Vec<ConfigError>> {
        let mut errors = self.pending.clone();
        let display = self.file.clone().unwrap_or_default();
        let src = SourceFile::new(display.as_str(), self.text.as_str());
        let body = crate::parse::hcl::parse(&self.text).unwrap_or_default();
        for (code, s) in &self.rules {
            let mut push = |line, message| {
                errors.push(ConfigError {
                    file: display.clone(),
                    line,
                    message,
                })
            };
            if let Some(core) = crate::rules::core::Core::find(code) {
                if !core.info().can_disable && s.enabled == Some(false) {
                    push(
                        locate_label(&body, &src, code),
                        format!("{} cannot be disabled: a file cxlint could not read never passes silently", core.code()),
                    );
                }
                for k in s.options.keys() {
                    let line = locate_rule_key(&body, &src, code, k);
                    push(
                        line,
                        format!(
                            "unknown key `{k}` for {}; expected one of: enabled, severity",
                            core.code()
                        ),
                    );
                }
                continue;
            }
            let Some(rule) = reg.find(code) else {
                push(
                    locate_label(&body, &src, code),
                    format!("unknown rule `{code}` (see `cxlint rules`)"),
                );
                continue;
            };
            for (k, v) in &s.options {
                let line = locate_rule_key(&body, &src, code, k);
                let Some(default) = rule.def.options.get(k) else {
                    let mut known: Vec<&str> = vec!["enabled", "severity"];
                    known.extend(rule.def.options.keys().map(String::as_str));
                    push(
                        line,
                        format!(
                            "unknown key `{k}` for rule {}; expected one of: {}",
                            rule.def.code,
                            known.join(", ")
                        ),
                    );
                    continue;
                };
                if std::mem::discriminant(default) != std::mem::discriminant(v) {
                    push(
                        line,
                        format!("`{k}` must be a {}, found {}", kind(default), kind(v)),
                    );
                } else if let Some(Err(message)) = rule.rust.map(|r| r.validate_option(k, v)) {
                    push(line, message);
                }
            }
        }
        errors.sort_by_key(|e| e.line);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The settings for a rule, found by code or name.
    pub fn settings(&self, code: &str, name: &str) -> Option<&RuleSettings> {
        self.rules
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(code) || k.eq_ignore_ascii_case(name))
            .map(|(_, s)| s)
    }

    pub fn options_for(
        &self,
        code: &str,
        name: &str,
        defaults: &BTreeMap<String, hcl::Value>,
    ) -> RuleOptions {
        let mut values = defaults.clone();
        if let Some(s) = self.settings(code, name) {
            values.extend(s.options.clone());
        }
        // `min_version` is configured once, for GC003; GC004 and GC005 follow.
        if matches!(code, "GC004" | "GC005") {
            let shared = self
                .settings("GC003", "provider-version-too-old")
                .and_then(|s| s.options.get("min_version").cloned())
                .unwrap_or_else(|| {
                    hcl::Value::String(crate::rules::provider::DEFAULT_MIN_VERSION.to_string())
                });
            values.insert("min_version".into(), shared);
        }
        RuleOptions {
            values,
            partner_org_ids: self.partner_org_ids.clone(),
            known_releases: self.known_releases.clone(),
        }
    }
}

/// The first item of a `known_releases` list that is not a version, with why.
fn bad_release(e: &crate::syntax::Expr) -> Option<(&crate::syntax::Expr, String)> {
    use crate::syntax::ExprKind;
    let ExprKind::Array(items) = &e.kind else {
        return None;
    };
    items.iter().find_map(|i| match &i.kind {
        ExprKind::String(s) => crate::version::parse_version(s).err().map(|m| (i, m)),
        _ => None,
    })
}

/// Why a `docs_url` value cannot be used, if it cannot.
fn docs_url_problem(e: &crate::syntax::Expr) -> Option<String> {
    let Some(url) = crate::model::string_literal(e) else {
        return Some("`docs_url` must be a string".into());
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) || !url.contains("{code}") {
        return Some(format!(
            "`docs_url` must be an http(s) URL with `{{code}}` in it (\"https://host/path/{{code}}.md\"), found \"{url}\""
        ));
    }
    None
}

impl Config {
    /// A rule's documentation URL: the rule file's own `url`, else the
    /// config's `docs_url` with the code filled in, else none.
    pub fn rule_url(&self, rule: &crate::rules::Rule) -> Option<String> {
        rule.url().or_else(|| {
            self.docs_url
                .as_ref()
                .map(|u| u.replace("{code}", &rule.def.code))
        })
    }
}

/// The first part of `e` that keeps it from being a literal list of strings.
/// Problems with the config's top-level shape, with exact lines.
fn shape_errors(
    body: &crate::syntax::Body,
    src: &SourceFile,
    err: &dyn Fn(usize, String) -> ConfigError,
) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    for s in &body.items {
        match s {
            Structure::Attribute(a) => {
                if a.key == "docs_url" {
                    if let Some(problem) = docs_url_problem(&a.value) {
                        errors.push(err(src.pos(a.value.span.start).line, problem));
                    }
                } else if !matches!(
                    a.key.as_str(),
                    "partner_org_ids" | "rules_dirs" | "exclude" | "known_releases"
                ) {
                    errors.push(err(
                        src.pos(a.key_span.start).line,
                        format!("unknown key `{}`; expected `rule` blocks, `partner_org_ids`, `rules_dirs`, `exclude`, `known_releases` or `docs_url`", a.key),
                    ));
                } else if let Some((bad, e)) =
                    bad_release(&a.value).filter(|_| a.key == "known_releases")
                {
                    errors.push(err(
                        src.pos(bad.span.start).line,
                        format!("`known_releases`: {e}"),
                    ));
                } else if let Some(bad) = not_a_string_list(&a.value) {
                    errors.push(err(
                        src.pos(bad.span.start).line,
                        format!(
                            "`{}` must be a list of strings, found {}",
                            a.key,
                            expr_kind(bad)
                        ),
                    ));
                }
            }
            Structure::Block(b) => {
                if b.ident != "rule" || b.labels.len() != 1 {
                    errors.push(err(
                        src.pos(b.ident_span.start).line,
                        format!(
                            "unknown block `{}`; expected `rule \"CODE\" {{ ... }}`",
                            b.ident
                        ),
                    ));
                } else if let Some(inner) = b.body.blocks().next() {
                    errors.push(err(
                        src.pos(inner.ident_span.start).line,
                        format!("unexpected block `{}` in `rule`", inner.ident),
                    ));
                }
            }
        }
    }
    errors
}

/// A `rule "CODE" { ... }` block's settings; `bad(key, message)` is told of
/// each invalid entry.
fn rule_settings(
    _code: &str,
    entries: BTreeMap<String, hcl::Value>,
    bad: &mut dyn FnMut(&str, String),
) -> RuleSettings {
    let mut s = RuleSettings::default();
    for (k, v) in entries {
        match k.as_str() {
            "enabled" => match v {
                hcl::Value::Bool(b) => s.enabled = Some(b),
                other => bad(
                    &k,
                    format!("`enabled` must be true or false, found {}", kind(&other)),
                ),
            },
            "severity" => match v.as_str().and_then(Severity::parse) {
                Some(sev) => s.severity = Some(sev),
                None => bad(
                    &k,
                    "`severity` must be \"error\", \"warning\" or \"info\"".into(),
                ),
            },
            _ => {
                s.options.insert(k, v);
            }
        }
    }
    s
}

/// The first part of `e` that keeps it from being a literal list of strings.
fn not_a_string_list(e: &crate::syntax::Expr) -> Option<&crate::syntax::Expr> {
    use crate::syntax::ExprKind;
    match &e.kind {
        ExprKind::Array(items) => items
            .iter()
            .find(|i| !matches!(i.kind, ExprKind::String(_))),
        _ => Some(e),
    }
}

fn expr_kind(e: &crate::syntax::Expr) -> &'static str {
    use crate::syntax::ExprKind;
    match &e.kind {
        ExprKind::Null => "null",
        ExprKind::Bool(_) => "bool",
        ExprKind::Number(_) => "number",
        ExprKind::String(_) => "string",
        ExprKind::Template(_) => "a string template",
        ExprKind::Array(_) => "list",
        ExprKind::Object(_) => "object",
        _ => "an expression",
    }
}

fn kind(v: &hcl::Value) -> &'static str {
    match v {
        hcl::Value::Null => "null",
        hcl::Value::Bool(_) => "bool",
        hcl::Value::Number(_) => "number",
        hcl::Value::String(_) => "string",
        hcl::Value::Array(_) => "list",
        hcl::Value::Object(_) => "object",
    }
}

fn locate_key(body: &Body, src: &SourceFile, msg: &str) -> usize {
    let key = msg.split('`').nth(1).unwrap_or("");
    for s in &body.items {
        match s {
            Structure::Attribute(a) if a.key == key => return src.pos(a.key_span.start).line,
            Structure::Block(b) => {
                if let Some(a) = b.body.attribute(key) {
                    return src.pos(a.key_span.start).line;
                }
            }
            _ => {}
        }
    }
    1
}

fn locate_label(body: &Body, src: &SourceFile, code: &str) -> usize {
    body.blocks_named("rule")
        .find(|b| b.label(0) == Some(code))
        .map(|b| src.pos(b.ident_span.start).line)
        .unwrap_or(1)
}

fn locate_rule_key(body: &Body, src: &SourceFile, code: &str, key: &str) -> usize {
    body.blocks_named("rule")
        .find(|b| b.label(0) == Some(code))
        .and_then(|b| b.body.attribute(key))
        .map(|a| src.pos(a.key_span.start).line)
        .unwrap_or_else(|| locate_label(body, src, code))
}

/// The starter config `cxlint init` writes.
pub const STARTER: &str = r#"# cxlint configuration. Each file linted uses the nearest .cxlint.hcl at or
# above its own directory (up to the repository root); --config FILE applies
# one file to everything.

# Switch a rule off, change its severity, or set its options:
# rule "GC004" {
#   enabled = false
# }
# rule "GC003" {
#   severity    = "warning"
#   min_version = "1.6.2"   # oldest acceptable genesyscloud provider version
# }                         # (GC004 and GC005 use the same minimum)
# rule "GC001" {
#   partner_scope = "partner:analytics:view"
# }
# rule "GC002" {
#   org_attribute = "organization_id"
# }

# Partner organizations a client may be bound to (GC002 reports others):
# partner_org_ids = ["0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"]

# Provider releases newer than cxlint's index (GC015, GC003's fix):
# known_releases = ["1.85.0"]

# Extra rule files (HCL), relative to this file:
# rules_dirs = ["ci/cxlint-rules"]

# Paths to skip (globs, relative to this file); skipped files still give
# context (an excluded variables.tf still defines variables):
# exclude = ["legacy/**"]
"#;
