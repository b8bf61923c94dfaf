//! Rules: the registry of rule definitions, the declarative engine that runs
//! data-only rules, and the built-in checks written in Rust.
//!
//! Rules read the model and the evaluator; they never touch files and never
//! print. They produce [`RawFinding`]s that the engine turns into diagnostics.

pub mod builtin;
pub mod core;
pub mod declarative;
pub mod def;
pub mod docs;
pub mod fixes;
pub mod provider;
pub mod registry;
pub mod select;

use std::collections::BTreeMap;

use crate::diag::{Fix, Location, Related};
use crate::eval::{Env, Origin};
use crate::model::{File, Part, Parts};
use crate::syntax::{Block, Body};

pub use registry::{Registry, Rule, RuleFileError};

/// One block a rule looks at.
pub struct Subject<'s, 'm, 'a> {
    pub body: &'s Body,
    /// The block to point at when no attribute is labelled.
    pub block: &'s Block,
    /// The file of `block`'s header.
    pub file: &'s File,
    /// Where each part of `body` is written, when override files merged
    /// into it; `None`: all in `file`.
    pub parts: Option<&'s Parts<'s>>,
    pub resource: Option<String>,
    pub env: &'s Env<'m, 'a>,
    pub binds: &'s [(String, crate::eval::Val)],
}

impl<'s> Subject<'s, '_, '_> {
    /// The file an attribute or nested block of `body` is written in.
    pub fn file_of(&self, part: &dyn Part) -> &'s File {
        match self.parts {
            Some(p) => p.file_of(self.body, part),
            None => self.file,
        }
    }
}

/// A finding before suppression, configuration and re-homing.
#[derive(Debug, Clone)]
pub struct RawFinding {
    /// The rule's code.
    pub code: String,
    pub message: String,
    pub help: Option<String>,
    pub location: Location,
    pub resource: Option<String>,
    /// Where the value that decided the finding came from.
    pub origins: Vec<Origin>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl RawFinding {
    /// A finding with nothing but its code, place and message; the `with_`
    /// methods add the rest.
    pub fn new(code: &str, location: Location, message: String) -> Self {
        RawFinding {
            code: code.to_string(),
            message,
            help: None,
            location,
            resource: None,
            origins: Vec::new(),
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_resource(mut self, resource: String) -> Self {
        self.resource = Some(resource);
        self
    }

    pub fn with_related(mut self, related: Vec<Related>) -> Self {
        self.related = related;
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// Options in effect for one rule: the rule file's defaults overridden by
/// the config, plus the config's global settings.
#[derive(Debug, Clone, Default)]
pub struct RuleOptions {
    pub values: BTreeMap<String, hcl::Value>,
    pub partner_org_ids: Vec<String>,
    /// The config's `known_releases`, added to the shipped release index.
    pub known_releases: Vec<String>,
}

impl RuleOptions {
    pub fn string(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            hcl::Value::String(s) => Some(s.clone()),
            hcl::Value::Number(n) => Some(n.to_string()),
            hcl::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        if key == "partner_org_ids" {
            return self.partner_org_ids.clone();
        }
        match self.values.get(key) {
            Some(hcl::Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    hcl::Value::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            Some(hcl::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    /// Replace `{option}` placeholders with option values.
    pub fn interpolate(&self, text: &str, extra: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            out.push_str(rest.get(..i).unwrap_or(""));
            let after = rest.get(i + 1..).unwrap_or("");
            match after.find('}') {
                Some(j)
                    if after
                        .get(..j)
                        .unwrap_or("")
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && j > 0 =>
                {
                    let key = after.get(..j).unwrap_or("");
                    let val = extra
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, v)| v.to_string())
                        .or_else(|| self.string(key))
                        .or_else(|| {
                            let l = self.list(key);
                            (!l.is_empty()).then(|| l.join(", "))
                        });
                    match val {
                        Some(v) => out.push_str(&v),
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                    rest = after.get(j + 1..).unwrap_or("");
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}
