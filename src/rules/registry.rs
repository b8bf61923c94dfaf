//! The rule registry: the embedded rule files plus any the user adds.

use std::path::Path;

use miette::Diagnostic;
use thiserror::Error;

use super::builtin;
use super::def::RuleDef;
use crate::diag::RuleInfo;
use crate::syntax::{Body, Structure};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/rules.rs"));
}

/// A rule file that could not be used: names the file, line and key.
#[derive(Debug, Error, Diagnostic, Clone, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
#[diagnostic(
    code(cxlint::rule_file),
    help("see docs/rule-files.md for the rule file format")
)]
pub struct RuleFileError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub def: RuleDef,
    /// The file it came from (`rules/GC001-....hcl` for embedded ones).
    pub file: String,
    /// The Rust implementation, for `check = "builtin"` rule files.
    pub rust: Option<&'static dyn builtin::RustRule>,
}

impl Rule {
    /// The rule's documentation page, only when the rule file names one:
    /// the project has no public site, so no URL is invented.
    pub fn url(&self) -> Option<String> {
        self.def.url.clone()
    }

    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            code: self.def.code.clone(),
            name: self.def.name.clone(),
            severity: self.def.severity,
            summary: self.def.summary.clone(),
            // With the default option values: `{partner_scope}` → its value.
            help: super::RuleOptions {
                values: self
                    .def
                    .options
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                partner_org_ids: Vec::new(),
                known_releases: Vec::new(),
            }
            .interpolate(
                &self.def.help,
                &[(
                    "min_version",
                    &super::provider::DEFAULT_MIN_VERSION.to_string(),
                )],
            ),
            docs: super::docs::markdown(self),
            url: self.url().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub rules: Vec<Rule>,
}

impl Registry {
    /// The rules shipped in the binary.
    pub fn embedded() -> Result<Registry, Vec<RuleFileError>> {
        let mut reg = Registry::default();
        let mut errors = Vec::new();
        // build.rs converted each file to JSON; deserializing that is far
        // cheaper than parsing HCL at every start.
        let loaded: Vec<_> = embedded::EMBEDDED
            .iter()
            .map(|e| load_rule_prepared(e.file, e.text, e.json, e.docs))
            .collect();
        for r in loaded {
            match r {
                Ok(r) => reg.rules.push(r),
                Err(e) => errors.extend(e),
            }
        }
        reg.sort();
        if errors.is_empty() {
            Ok(reg)
        } else {
            Err(errors)
        }
    }

    /// Add every `*.hcl` rule file in `dir`.
    pub fn load_dir(&mut self, dir: &Path, display: &str) -> Result<(), Vec<RuleFileError>> {
        let mut errors = Vec::new();
        let mut paths: Vec<_> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "hcl"))
                .collect(),
            Err(e) => {
                return Err(vec![RuleFileError {
                    file: display.to_string(),
                    line: 0,
                    message: format!(
                        "cannot read rules directory: {}",
                        crate::load::discover::io_message(&e)
                    ),
                }])
            }
        };
        paths.sort();
        for p in paths {
            let name = format!(
                "{}/{}",
                display.trim_end_matches('/'),
                p.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            let read = crate::file_policy::read_config_file(&p, crate::file_policy::CONFIG_CAP);
            let text = match read.map(String::from_utf8) {
                Ok(Ok(t)) => t,
                Ok(Err(_)) => {
                    errors.push(RuleFileError {
                        file: name,
                        line: 1,
                        message: "rule file is not UTF-8 text".into(),
                    });
                    continue;
                }
                Err(e) => {
                    errors.push(RuleFileError {
                        file: name,
                        line: 0,
                        message: crate::file_policy::describe(&e),
                    });
                    continue;
                }
            };
            match load_rule(&name, &text) {
                Ok(r) => {
                    if let Some(prev) = self
                        .rules
                        .iter()
                        .find(|x| x.def.code == r.def.code || x.def.name == r.def.name)
                    {
                        errors.push(RuleFileError {
                            file: name,
                            line: locate(&text, "code"),
                            message: format!(
                                "rule `{}` ({}) is already defined in {}",
                                r.def.code, r.def.name, prev.file
                            ),
                        });
                    } else {
                        self.rules.push(r);
                    }
                }
                Err(e) => errors.extend(e),
            }
        }
        self.sort();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn sort(&mut self) {
        self.rules.sort_by(|a, b| a.def.code.cmp(&b.def.code));
    }

    /// Find a rule by code or name (case-insensitive code).
    pub fn find(&self, key: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.def.code.eq_ignore_ascii_case(key) || r.def.name.eq_ignore_ascii_case(key))
    }
}

/// Parse and validate one rule file.
pub fn load_rule(file: &str, text: &str) -> Result<Rule, Vec<RuleFileError>> {
    load_rule_prepared(file, text, None, None)
}

/// The docs prose build.rs took out of an embedded rule's JSON.
type DocsProse = ([&'static str; 4], Option<&'static str>);

/// Like [`load_rule`], with the file already converted to JSON (at build
/// time) when `json` is given; the text is then only read to locate errors.
/// `docs`: the docs prose that build.rs replaced with empty strings in the
/// JSON. Every problem of the file is reported, not only the first.
fn load_rule_prepared(
    file: &str,
    text: &str,
    json: Option<&str>,
    docs: Option<DocsProse>,
) -> Result<Rule, Vec<RuleFileError>> {
    let err = |line: usize, message: String| RuleFileError {
        file: file.to_string(),
        line,
        message,
    };
    // hcl-rs alone on the happy path: our own front end (which gives syntax
    // errors a line and locates the key a serde error names) only runs when
    // something is wrong, so start-up does not parse every rule file twice.
    let parsed: std::cell::OnceCell<Option<Body>> = std::cell::OnceCell::new();
    let body = || {
        parsed
            .get_or_init(|| crate::parse::hcl::parse(text).ok())
            .as_ref()
    };
    let locate_key = |key: &str| body().map(|b| locate_in(b, text, key)).unwrap_or(1);
    let from_json = json
        .and_then(|j| serde_json::from_str::<RuleDef>(j).ok())
        .map(|mut d| {
            if let Some(([what, why, example, use_instead], notes)) = docs {
                d.docs = super::def::Docs {
                    what: what.into(),
                    why: why.into(),
                    example: example.into(),
                    use_instead: use_instead.into(),
                    notes: notes.map(str::to_string),
                };
            }
            d
        });
    let def: RuleDef = match from_json.map(Ok).unwrap_or_else(|| hcl::from_str(text)) {
        Ok(d) => d,
        Err(e) => {
            if let Err(pe) = crate::parse::hcl::parse(text) {
                let line = crate::source::SourceFile::new(file, text)
                    .pos(pe.offset)
                    .line;
                return Err(vec![err(line, format!("syntax error: {}", pe.message))]);
            }
            let msg = e.to_string();
            let line = backticked(&msg).map(|k| locate_key(&k)).unwrap_or(1);
            return Err(vec![err(line, msg)]);
        }
    };
    let at_key = |(key, message): (&str, String)| {
        let line = if key.is_empty() { 1 } else { locate_key(key) };
        err(line, message)
    };
    let mut errors = Vec::new();
    for check in [check_code, check_name] {
        if let Err(e) = check(&def) {
            errors.push(at_key(e));
        }
    }
    let rust = bind_rust(&def).unwrap_or_else(|e| {
        errors.push(at_key(e));
        None
    });
    if rust.is_none() && def.check.is_none() {
        if let Err(e) = check_declarative(&def) {
            errors.push(at_key(e));
        }
    }
    // The embedded files (converted at build time) are fixed and tested;
    // user rule files get every check.
    let embedded = json.is_some();
    for (label, case) in &def.case {
        if let Err(m) = check_case(label, case, embedded) {
            let line = body()
                .map(|b| locate_label(b, text, "case", label))
                .unwrap_or(1);
            errors.push(err(line, m));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Rule {
        def,
        file: file.to_string(),
        rust,
    })
}

/// A problem with a rule file: the key to point at (empty: line 1) and
/// what is wrong.
type KeyProblem = (&'static str, String);

fn check_code(def: &RuleDef) -> Result<(), KeyProblem> {
    let code = &def.code;
    let letters = code.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = code.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let code_ok = code.len() >= 3
        && letters >= 1
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit());
    if !code_ok {
        return Err((
            "code",
            format!("`code` must be letters then digits, like GC001; found `{code}`"),
        ));
    }
    if code.starts_with("CX") {
        return Err((
            "code",
            "codes starting with CX are reserved for cxlint's core diagnostics".into(),
        ));
    }
    Ok(())
}

fn check_name(def: &RuleDef) -> Result<(), KeyProblem> {
    let name_ok = !def.name.is_empty()
        && def
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        return Err((
            "name",
            format!("`name` must be kebab-case; found `{}`", def.name),
        ));
    }
    Ok(())
}

/// The Rust rule a `check = "builtin"` file is bound to.
fn bind_rust(def: &RuleDef) -> Result<Option<&'static dyn builtin::RustRule>, KeyProblem> {
    match def.check.as_deref() {
        Some("builtin") => builtin::lookup(&def.code).map(Some).ok_or_else(|| {
            (
                "check",
                format!(
                    "`check = \"builtin\"` but cxlint has no built-in check for {}",
                    def.code
                ),
            )
        }),
        Some(other) => Err((
            "check",
            format!("unknown `check` value `{other}`; the only one is \"builtin\""),
        )),
        None => Ok(None),
    }
}

fn check_declarative(def: &RuleDef) -> Result<(), KeyProblem> {
    if def.case.is_empty() {
        return Err((
            "",
            "a declarative rule needs at least one `case` block".into(),
        ));
    }
    let Some(target) = &def.target else {
        return Err(("", "a declarative rule needs a `target` block".into()));
    };
    let kinds = [&target.resource, &target.data, &target.provider]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if kinds != 1 {
        return Err((
            "target",
            "`target` needs exactly one of `resource`, `data`, `provider`".into(),
        ));
    }
    Ok(())
}

fn check_case(label: &str, case: &super::def::Case, embedded: bool) -> Result<(), String> {
    for c in [&case.when, &case.require].into_iter().flatten() {
        let checked = if embedded {
            c.validate_shape()
        } else {
            c.validate()
        };
        checked.map_err(|m| format!("case \"{label}\": {m}"))?;
    }
    match case.report_at.as_deref() {
        None | Some("value_source") => Ok(()),
        Some(r) => Err(format!(
            "case \"{label}\": unknown `report_at` `{r}`; use \"value_source\""
        )),
    }
}

fn backticked(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let len = msg.get(start..)?.find('`')?;
    msg.get(start..start + len).map(str::to_string)
}

fn locate(text: &str, key: &str) -> usize {
    match crate::parse::hcl::parse(text) {
        Ok(body) => locate_in(&body, text, key),
        Err(_) => 1,
    }
}

/// The line of the first attribute, block or object key named `key`.
fn locate_in(body: &Body, text: &str, key: &str) -> usize {
    fn find(body: &Body, key: &str) -> Option<usize> {
        for s in &body.items {
            match s {
                Structure::Attribute(a) => {
                    if a.key == key {
                        return Some(a.key_span.start);
                    }
                    if let Some(o) = find_in_expr(&a.value, key) {
                        return Some(o);
                    }
                }
                Structure::Block(b) => {
                    if b.ident == key {
                        return Some(b.ident_span.start);
                    }
                    if let Some(o) = find(&b.body, key) {
                        return Some(o);
                    }
                }
            }
        }
        None
    }
    fn find_in_expr(e: &crate::syntax::Expr, key: &str) -> Option<usize> {
        use crate::syntax::{ExprKind, ObjectKey};
        match &e.kind {
            ExprKind::Object(items) => {
                for (k, v) in items {
                    if let ObjectKey::Ident(s) = k {
                        if s == key {
                            return Some(v.span.start);
                        }
                    }
                    if let Some(o) = find_in_expr(v, key) {
                        return Some(o);
                    }
                }
                None
            }
            ExprKind::Array(items) => items.iter().find_map(|x| find_in_expr(x, key)),
            _ => None,
        }
    }
    find(body, key)
        .map(|off| crate::source::SourceFile::new("", text).pos(off).line)
        .unwrap_or(1)
}

fn locate_label(body: &Body, text: &str, ident: &str, label: &str) -> usize {
    body.blocks()
        .find(|b| b.ident == ident && b.label(0) == Some(label))
        .map(|b| {
            crate::source::SourceFile::new("", text)
                .pos(b.ident_span.start)
                .line
        })
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_rule_file_loads() {
        let reg = Registry::embedded().unwrap_or_else(|e| panic!("{e:?}"));
        assert!(reg.rules.len() >= 6, "{}", reg.rules.len());
        for r in &reg.rules {
            assert!(r.file.contains(&r.def.code), "{} in {}", r.def.code, r.file);
        }
    }

    /// Start-up skips compiling the embedded rules' regexes (only their
    /// syntax is checked); every check, size limit included, passes here.
    #[test]
    fn embedded_rule_files_pass_every_check() {
        for embedded::Embedded { file, text, .. } in embedded::EMBEDDED {
            if let Err(e) = load_rule(file, text) {
                panic!("{file}: {e:?}");
            }
        }
    }

    #[test]
    fn build_time_json_matches_the_hcl_source() {
        for e in embedded::EMBEDDED {
            let file = e.file;
            assert!(e.json.is_some(), "{file}: build.rs could not convert it");
            assert!(
                e.docs.is_some(),
                "{file}: build.rs did not take the docs out"
            );
            let from_json = load_rule_prepared(file, e.text, e.json, e.docs).unwrap();
            let from_hcl: RuleDef = hcl::from_str(e.text).unwrap();
            assert_eq!(
                format!("{:?}", from_json.def),
                format!("{from_hcl:?}"),
                "{file}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_located() {
        let text = "code = \"X001\"\nname = \"x\"\nseverity = \"error\"\nsummary = \"s\"\nhelp = \"h\"\ntypo = 1\n";
        let e = load_rule("r.hcl", text).unwrap_err().remove(0);
        assert_eq!(e.line, 6, "{e}");
        assert!(e.message.contains("typo"), "{e}");
    }

    #[test]
    fn bad_conditions_are_located_at_their_case() {
        let text = r#"code = "X001"
name = "x"
severity = "error"
summary = "s"
help = "h"
target { resource = "a" }
case "one" {
  when = { attribute = "a", exists = true, empty = true }
  message = "m"
}
docs {
  what = "w"
  why = "y"
  example = "e"
  use_instead = "u"
}
"#;
        let e = load_rule("r.hcl", text).unwrap_err().remove(0);
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("exactly one predicate"), "{e}");
    }

    #[test]
    fn every_problem_of_a_rule_file_is_reported() {
        let text = "code = \"gc1\"\nname = \"Not Kebab\"\nseverity = \"error\"\nsummary = \"s\"\nhelp = \"h\"\ncheck = \"magic\"\ndocs {\n  what = \"w\"\n  why = \"w\"\n  example = \"e\"\n  use_instead = \"u\"\n}\n";
        let errors = load_rule("r.hcl", text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 6], "{errors:?}");
    }
}
