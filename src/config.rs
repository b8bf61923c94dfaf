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
    text: String,
    pub rules: BTreeMap<String, RuleSettings>,
    pub partner_org_ids: Vec<String>,
    /// Resolved against the config file's directory.
    pub rules_dirs: Vec<PathBuf>,
    pub exclude: Vec<String>,
}

/// Find `.cxlint.hcl` walking up from `start`, stopping at the repository
/// root (the first directory holding `.git`).
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        // Anything by that name is the configuration: a FIFO or a device
        // is then refused by `load` (exit 2), never silently ignored.
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return Some(candidate);
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

impl Config {
    pub fn load(path: &Path, display: &str) -> Result<Config, ConfigError> {
        let err = |line, message: String| ConfigError {
            file: display.to_string(),
            line,
            message,
        };
        let bytes = crate::file_policy::read_config_file(path, crate::file_policy::CONFIG_CAP)
            .map_err(|e| err(0, crate::file_policy::describe(&e)))?;
        let text =
            String::from_utf8(bytes).map_err(|_| err(1, "config is not UTF-8 text".into()))?;
        Self::parse(&text, display, path.parent().map(Path::to_path_buf))
    }

    pub fn parse(text: &str, display: &str, dir: Option<PathBuf>) -> Result<Config, ConfigError> {
        let src = SourceFile::new(display, text);
        let err = |line, message: String| ConfigError {
            file: display.to_string(),
            line,
            message,
        };
        let body = crate::parse::hcl::parse(text).map_err(|e| {
            err(
                src.pos(e.offset).line,
                format!("syntax error: {}", e.message),
            )
        })?;
        // Top-level shape first, with exact lines.
        for s in &body.items {
            match s {
                Structure::Attribute(a) => {
                    if !matches!(a.key.as_str(), "partner_org_ids" | "rules_dirs" | "exclude") {
                        return Err(err(
                            src.pos(a.key_span.start).line,
                            format!("unknown key `{}`; expected `rule` blocks, `partner_org_ids`, `rules_dirs` or `exclude`", a.key),
                        ));
                    }
                    if let Some(bad) = not_a_string_list(&a.value) {
                        return Err(err(
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
                        return Err(err(
                            src.pos(b.ident_span.start).line,
                            format!(
                                "unknown block `{}`; expected `rule \"CODE\" {{ ... }}`",
                                b.ident
                            ),
                        ));
                    }
                    if let Some(inner) = b.body.blocks().next() {
                        return Err(err(
                            src.pos(inner.ident_span.start).line,
                            format!("unexpected block `{}` in `rule`", inner.ident),
                        ));
                    }
                }
            }
        }
        let raw: RawConfig = hcl::from_str(text).map_err(|e| {
            let msg = e.to_string();
            err(locate_key(&body, &src, &msg), msg)
        })?;
        let mut rules = BTreeMap::new();
        for (code, entries) in raw.rule {
            let mut s = RuleSettings::default();
            for (k, v) in entries {
                let line = locate_rule_key(&body, &src, &code, &k);
                match k.as_str() {
                    "enabled" => match v {
                        hcl::Value::Bool(b) => s.enabled = Some(b),
                        other => {
                            return Err(err(
                                line,
                                format!("`enabled` must be true or false, found {}", kind(&other)),
                            ))
                        }
                    },
                    "severity" => match v.as_str().and_then(Severity::parse) {
                        Some(sev) => s.severity = Some(sev),
                        None => {
                            return Err(err(
                                line,
                                "`severity` must be \"error\", \"warning\" or \"info\"".into(),
                            ))
                        }
                    },
                    _ => {
                        s.options.insert(k, v);
                    }
                }
            }
            rules.insert(code, s);
        }
        let rules_dirs = raw
            .rules_dirs
            .iter()
            .map(|d| match &dir {
                Some(base) => base.join(d),
                None => PathBuf::from(d),
            })
            .collect();
        for g in &raw.exclude {
            // Built as a set too: a glob that parses but cannot be compiled
            // would otherwise drop every exclusion at once.
            let built = globset::Glob::new(g)
                .and_then(|glob| globset::GlobSetBuilder::new().add(glob).build());
            if let Err(e) = built {
                return Err(err(
                    locate_key(&body, &src, "`exclude`"),
                    format!("invalid glob `{g}` in `exclude`: {e}"),
                ));
            }
        }
        Ok(Config {
            file: Some(display.to_string()),
            dir,
            text: text.to_string(),
            rules,
            partner_org_ids: raw.partner_org_ids,
            rules_dirs,
            exclude: raw.exclude,
        })
    }

    /// Check rule codes and option names and types against the registry.
    pub fn validate(&self, reg: &Registry) -> Result<(), ConfigError> {
        let display = self.file.clone().unwrap_or_default();
        let src = SourceFile::new(display.as_str(), self.text.as_str());
        let body = crate::parse::hcl::parse(&self.text).unwrap_or_default();
        for (code, s) in &self.rules {
            let Some(rule) = reg.find(code) else {
                return Err(ConfigError {
                    file: display.clone(),
                    line: locate_label(&body, &src, code),
                    message: format!("unknown rule `{code}` (see `cxlint rules`)"),
                });
            };
            for (k, v) in &s.options {
                let line = locate_rule_key(&body, &src, code, k);
                let Some(default) = rule.def.options.get(k) else {
                    let mut known: Vec<&str> = vec!["enabled", "severity"];
                    known.extend(rule.def.options.keys().map(String::as_str));
                    return Err(ConfigError {
                        file: display.clone(),
                        line,
                        message: format!(
                            "unknown key `{k}` for rule {}; expected one of: {}",
                            rule.def.code,
                            known.join(", ")
                        ),
                    });
                };
                if std::mem::discriminant(default) != std::mem::discriminant(v) {
                    return Err(ConfigError {
                        file: display.clone(),
                        line,
                        message: format!("`{k}` must be a {}, found {}", kind(default), kind(v)),
                    });
                }
                if k == "min_version" {
                    if let Some(Err(e)) = v.as_str().map(crate::version::parse_version) {
                        return Err(ConfigError {
                            file: display.clone(),
                            line,
                            message: e,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The settings for a rule, found by code or name.
    pub fn settings(&self, code: &str, name: &str) -> Option<&RuleSettings> {
        self.rules
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(code) || *k == name)
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
        RuleOptions {
            values,
            partner_org_ids: self.partner_org_ids.clone(),
        }
    }
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
pub const STARTER: &str = r#"# cxlint configuration. cxlint finds this file by walking up from the
# working directory (stopping at the repository root), or use --config.

# Switch a rule off, change its severity, or set its options:
# rule "GC004" {
#   enabled = false
# }
# rule "GC003" {
#   severity    = "warning"
#   min_version = "1.6.2"   # oldest acceptable genesyscloud provider version
# }
# rule "GC001" {
#   partner_scope = "partner:analytics:view"
# }
# rule "GC002" {
#   org_attribute = "organization_id"
# }

# Partner organizations a client may be bound to (GC002 reports others):
# partner_org_ids = ["0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"]

# Extra rule files (HCL), relative to this file:
# rules_dirs = ["ci/cxlint-rules"]

# Paths to skip (globs, relative to the working directory):
# exclude = ["legacy/**"]
"#;
