//! Rule definitions: the data in `rules/*.hcl`, read with hcl-rs + serde.
//!
//! A rule file holds one rule: its metadata and docs, and either `case`
//! blocks (a declarative check: a `target`, a `when` trigger and a `require`
//! that must hold) or `check = "builtin"` for a rule implemented in Rust.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diag::Severity;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub summary: String,
    /// General help shown when a case does not give its own.
    pub help: String,
    #[serde(default)]
    pub url: Option<String>,
    /// `builtin` for rules implemented in Rust (bound by code).
    #[serde(default)]
    pub check: Option<String>,
    /// Defaults for options that `.cxlint.hcl` may override.
    #[serde(default)]
    pub options: BTreeMap<String, hcl::Value>,
    #[serde(default)]
    pub target: Option<Target>,
    #[serde(default)]
    /// In file order: the first case that fires wins (unless `independent`).
    pub case: IndexMap<String, Case>,
    pub docs: Docs,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    pub what: String,
    pub why: String,
    pub example: String,
    pub use_instead: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which blocks a declarative rule looks at.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// A managed resource type, e.g. `genesyscloud_oauth_client`.
    #[serde(default)]
    pub resource: Option<String>,
    /// A data source type.
    #[serde(default)]
    pub data: Option<String>,
    /// A provider's local name (`provider "NAME" {}` blocks).
    #[serde(default)]
    pub provider: Option<String>,
    /// A nested block path inside the target (`roles`, `proxy.auth`); the
    /// rule then runs once per such block (`dynamic` blocks included).
    #[serde(default)]
    pub block: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The trigger; absent means always.
    #[serde(default)]
    pub when: Option<Cond>,
    /// What must hold when triggered; absent means the trigger alone fires.
    #[serde(default)]
    pub require: Option<Cond>,
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    /// The attribute to point at (falls back to the block header), or `header`.
    #[serde(default)]
    pub label: Option<String>,
    /// `value_source`: report where the labelled attribute's value was written
    /// (a `.tfvars` line) when that is outside the block.
    #[serde(default)]
    pub report_at: Option<String>,
    /// A nested block path relative to the subject (`proxy.auth`): the case
    /// runs once per such block (`dynamic` blocks included) instead of on
    /// the subject itself, and labels point into that block.
    #[serde(default)]
    pub block: Option<String>,
    /// `true`: the case is checked and reported even when another case of
    /// the rule already fired on the same block, and it does not stop later
    /// cases. By default the first case (in name order) that fires wins.
    #[serde(default)]
    pub independent: Option<bool>,
    /// How a finding of this case is repaired, if it can be.
    #[serde(default)]
    pub fix: Option<FixSpec>,
}

/// A fix named by kind in a rule file, so that no Rust code matches on rule
/// codes or case labels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    /// `append_to_list` (add `item` to the literal list of `attribute`, where
    /// it is written) or `replace_with_intended` (replace the string literal
    /// of `attribute` with the `{intended}` value of a `near_one_of`).
    pub kind: FixKind,
    pub attribute: String,
    /// For `append_to_list`: the item, with `{option}` placeholders.
    #[serde(default)]
    pub item: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
    AppendToList,
    ReplaceWithIntended,
}

/// A list written in the rule file, or `"{option}"`: the strings of a list
/// option, so that one list serves several conditions.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ListOrOption<T> {
    List(Vec<T>),
    Option(String),
}

impl<T: Clone> ListOrOption<T> {
    fn option_key(key: &str) -> &str {
        key.trim().trim_start_matches('{').trim_end_matches('}')
    }
}

impl ListOrOption<hcl::Value> {
    pub fn values(&self, opts: &super::RuleOptions) -> Vec<hcl::Value> {
        match self {
            ListOrOption::List(l) => l.clone(),
            ListOrOption::Option(k) => opts
                .list(Self::option_key(k))
                .into_iter()
                .map(hcl::Value::String)
                .collect(),
        }
    }
}

impl ListOrOption<String> {
    pub fn strings(&self, opts: &super::RuleOptions) -> Vec<String> {
        match self {
            ListOrOption::List(l) => l.clone(),
            ListOrOption::Option(k) => opts.list(Self::option_key(k)),
        }
    }
}

/// A condition: exactly one of the combinators (`all`, `any`, `not`) or an
/// `attribute` with exactly one predicate.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Cond {
    #[serde(default)]
    pub all: Option<Vec<Cond>>,
    #[serde(default)]
    pub any: Option<Vec<Cond>>,
    #[serde(default)]
    pub not: Option<Box<Cond>>,
    #[serde(default)]
    pub attribute: Option<String>,
    /// The attribute is set to a non-null value (`true`) / is not (`false`).
    #[serde(default)]
    pub exists: Option<bool>,
    /// The attribute is unset or null.
    #[serde(default)]
    pub absent: Option<bool>,
    /// The value is `""` or an empty collection.
    #[serde(default)]
    pub empty: Option<bool>,
    #[serde(default)]
    pub equals: Option<hcl::Value>,
    #[serde(default)]
    pub one_of: Option<ListOrOption<hcl::Value>>,
    /// The string value is not one of these strings, but would be after
    /// upper-casing it and replacing `_` with `-` (a near miss such as
    /// `client_credentials` for `CLIENT-CREDENTIALS`); the intended value is
    /// the `{intended}` placeholder.
    #[serde(default)]
    pub near_one_of: Option<ListOrOption<String>>,
    /// A list value holds this string.
    #[serde(default)]
    pub contains: Option<String>,
    #[serde(default)]
    pub not_contains: Option<String>,
    /// Some item of a list (or the string itself) matches this regex.
    #[serde(default)]
    pub any_matches: Option<String>,
    /// The string value matches this regex.
    #[serde(default)]
    pub matches: Option<String>,
    #[serde(default)]
    pub is_uuid: Option<bool>,
    /// The target has a nested block of this type (`dynamic` ones count).
    #[serde(default)]
    pub has_block: Option<String>,
    /// `[min, max]`, inclusive.
    #[serde(default)]
    pub in_range: Option<Vec<f64>>,
    /// The value is one of the strings of a list option (or config key);
    /// true when that list is empty.
    #[serde(default)]
    pub in_option: Option<String>,
    /// Some URL in the value uses `http://` for a host other than the
    /// loopback ones.
    #[serde(default)]
    pub insecure_url: Option<bool>,
}

pub const PREDICATES: &[&str] = &[
    "exists",
    "absent",
    "empty",
    "equals",
    "one_of",
    "near_one_of",
    "contains",
    "not_contains",
    "any_matches",
    "matches",
    "is_uuid",
    "has_block",
    "in_range",
    "in_option",
    "insecure_url",
];

impl Cond {
    /// Check the shape: one combinator, or one attribute predicate. Returns
    /// a message naming the problem.
    pub fn validate(&self) -> Result<(), String> {
        self.check(true)
    }

    /// Like [`Cond::validate`], without checking regexes (their syntax, and
    /// whether they fit the size limit when compiled): for the rule files
    /// embedded in the binary, which a unit test checks in full (compiling
    /// their regexes was a third of a one-file run).
    pub fn validate_shape(&self) -> Result<(), String> {
        self.check(false)
    }

    fn check(&self, regexes: bool) -> Result<(), String> {
        let combinators = [self.all.is_some(), self.any.is_some(), self.not.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        let preds = self.predicate_count();
        if combinators > 1 || (combinators == 1 && (preds > 0 || self.attribute.is_some())) {
            return Err("a condition must be exactly one of `all`, `any`, `not`, or an `attribute` with one predicate".into());
        }
        if combinators == 1 {
            for c in self.all.iter().chain(self.any.iter()).flatten() {
                c.check(regexes)?;
            }
            if let Some(n) = &self.not {
                n.check(regexes)?;
            }
            return Ok(());
        }
        if self.has_block.is_some() {
            if preds != 1 || self.attribute.is_some() {
                return Err(
                    "`has_block` stands alone, without `attribute` or other predicates".into(),
                );
            }
            return Ok(());
        }
        if self.attribute.is_none() {
            return Err(format!(
                "a condition needs `attribute` and one predicate ({})",
                PREDICATES.join(", ")
            ));
        }
        if preds != 1 {
            return Err(format!(
                "a condition on `attribute` needs exactly one predicate ({}), found {preds}",
                PREDICATES.join(", ")
            ));
        }
        if let Some(r) = &self.in_range {
            if r.len() != 2 {
                return Err("`in_range` takes [min, max]".into());
            }
        }
        if !regexes {
            return Ok(());
        }
        for re in [&self.any_matches, &self.matches].into_iter().flatten() {
            // Syntax check only (cheap); the engine compiles each pattern
            // once per thread when a rule first evaluates it.
            regex_syntax::Parser::new()
                .parse(re)
                .map_err(|e| format!("invalid regex `{re}`: {e}"))?;
            // A pattern that parses may still be too big to compile; it
            // would then never fire, so it is an error here.
            if let Err(regex::Error::CompiledTooBig(limit)) = regex::Regex::new(re) {
                return Err(format!(
                    "regex is too big to compile (over the {limit}-byte limit)"
                ));
            }
        }
        Ok(())
    }

    fn predicate_count(&self) -> usize {
        [
            self.exists.is_some(),
            self.absent.is_some(),
            self.empty.is_some(),
            self.equals.is_some(),
            self.one_of.is_some(),
            self.near_one_of.is_some(),
            self.contains.is_some(),
            self.not_contains.is_some(),
            self.any_matches.is_some(),
            self.matches.is_some(),
            self.is_uuid.is_some(),
            self.has_block.is_some(),
            self.in_range.is_some(),
            self.in_option.is_some(),
            self.insecure_url.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }
}
