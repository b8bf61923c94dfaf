//! The declarative engine: runs a rule file's `case`s against its targets.
//!
//! Conditions are three-valued: a value that cannot be known makes a
//! condition unknown, and a case fires only when its trigger is definitely
//! true and its requirement definitely false.

use std::rc::Rc;

use regex::Regex;

use super::def::{Case, Cond};
use super::{RawFinding, Rule, RuleOptions};
use crate::diag::{Location, Related};
use crate::eval::{Origin, Traced, Value};
use crate::model::nested_blocks;
use crate::syntax::{Block, Body};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn from(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

pub use super::Subject;

/// Run one declarative rule on one subject (a target block or, with
/// `target.block`, each nested block of it).
pub fn run(rule: &Rule, opts: &RuleOptions, subject: &Subject, out: &mut Vec<RawFinding>) {
    let Some(target) = &rule.def.target else {
        return;
    };
    match &target.block {
        None => run_cases(rule, opts, subject, out),
        Some(path) => {
            for (body, block) in nested_path(subject.body, subject.block, path) {
                let sub = Subject {
                    body,
                    block,
                    file: subject.file_of(block),
                    parts: None,
                    resource: subject.resource.clone(),
                    env: subject.env,
                    binds: subject.binds,
                };
                run_cases(rule, opts, &sub, out);
            }
        }
    }
}

/// The blocks at a dotted path (`proxy.auth`) below `body`; `dynamic`
/// blocks count, with their `content` as the body.
fn nested_path<'b>(body: &'b Body, block: &'b Block, path: &str) -> Vec<(&'b Body, &'b Block)> {
    let mut bodies: Vec<(&Body, &Block)> = vec![(body, block)];
    for seg in path.split('.') {
        bodies = bodies
            .into_iter()
            .flat_map(|(b, _)| nested_blocks(b, seg).map(|n| (n.body, n.block)))
            .collect();
    }
    bodies
}

fn run_cases(rule: &Rule, opts: &RuleOptions, s: &Subject, out: &mut Vec<RawFinding>) {
    let mut fired = false;
    for case in rule.def.case.values() {
        let independent = case.independent.unwrap_or(false);
        if fired && !independent {
            continue;
        }
        let subjects: Vec<Subject> = match &case.block {
            None => vec![Subject {
                body: s.body,
                block: s.block,
                file: s.file,
                parts: s.parts,
                resource: s.resource.clone(),
                env: s.env,
                binds: s.binds,
            }],
            Some(path) => nested_path(s.body, s.block, &opts.interpolate(path, &[]))
                .into_iter()
                .map(|(body, block)| Subject {
                    body,
                    block,
                    file: s.file_of(block),
                    parts: None,
                    resource: s.resource.clone(),
                    env: s.env,
                    binds: s.binds,
                })
                .collect(),
        };
        for sub in &subjects {
            let when = case
                .when
                .as_ref()
                .map(|c| eval(c, sub, opts))
                .unwrap_or(Tri::True);
            if when != Tri::True {
                continue;
            }
            let require = case
                .require
                .as_ref()
                .map(|c| eval(c, sub, opts))
                .unwrap_or(Tri::False);
            if require != Tri::False {
                continue;
            }
            out.push(finding(rule, opts, case, sub));
            if !independent {
                // One finding per rule per block: the first case that fires.
                fired = true;
                break;
            }
        }
    }
}

fn finding(rule: &Rule, opts: &RuleOptions, case: &Case, s: &Subject) -> RawFinding {
    let label = case.label.as_deref().map(|l| opts.interpolate(l, &[]));
    let attr = label
        .as_deref()
        .filter(|l| *l != "header")
        .and_then(|l| s.body.attribute(l));
    let (file, span, traced) = match attr {
        Some(a) => (
            s.file_of(a),
            a.span.clone(),
            Some(s.env.eval(&a.value, s.binds)),
        ),
        None => (s.file, s.block.header_span(), None),
    };
    let value_text = traced
        .as_ref()
        .and_then(|t| t.value.to_string_lossless())
        .unwrap_or_default();
    let matched = case
        .when
        .as_ref()
        .and_then(|c| first_match(c, s, opts))
        .unwrap_or_default();
    let intended = case
        .when
        .as_ref()
        .and_then(|c| first_intended(c, s, opts))
        .unwrap_or_default();
    let attr_name = label.clone().unwrap_or_default();
    let extra = [
        ("value", value_text.as_str()),
        ("match", matched.as_str()),
        ("intended", intended.as_str()),
        ("attribute", attr_name.as_str()),
    ];
    let message = opts.interpolate(&case.message, &extra);
    let help = opts.interpolate(case.help.as_deref().unwrap_or(&rule.def.help), &extra);
    let mut location = Location::new(&file.source, span);
    let origins = traced.map(|t| t.origins).unwrap_or_default();
    let mut related = Vec::new();
    if !std::ptr::eq(file, s.file) {
        // Written in an override file: name the block it changes.
        related.push(Related {
            location: Location::new(&s.file.source, s.block.header_span()),
            message: "the block this override file changes".into(),
        });
    }
    if case.report_at.as_deref() == Some("value_source") {
        let source = origins.iter().find_map(|o| match o {
            Origin::Set { location, what } if *what == "value in .tfvars" => Some(location.clone()),
            _ => None,
        });
        if let Some(src) = source {
            related.push(Related {
                location: location.clone(),
                message: format!("`{attr_name}` takes its value from here"),
            });
            location = src;
        }
    }
    RawFinding {
        code: rule.def.code.clone(),
        message,
        help: Some(help).filter(|h| !h.is_empty()),
        location,
        resource: s.resource.clone(),
        origins,
        related,
        fix: case
            .fix
            .as_ref()
            .and_then(|spec| super::fixes::fix_for(spec, s, opts, &intended)),
    }
}

fn attribute_value(c: &Cond, s: &Subject, opts: &RuleOptions) -> Option<Traced> {
    let name = opts.interpolate(c.attribute.as_deref()?, &[]);
    let a = s.body.attribute(&name)?;
    Some(s.env.eval(&a.value, s.binds))
}

/// Evaluate a condition on a subject.
pub fn eval(c: &Cond, s: &Subject, opts: &RuleOptions) -> Tri {
    if let Some(all) = &c.all {
        let mut r = Tri::True;
        for x in all {
            match eval(x, s, opts) {
                Tri::False => return Tri::False,
                Tri::Unknown => r = Tri::Unknown,
                Tri::True => {}
            }
        }
        return r;
    }
    if let Some(any) = &c.any {
        let mut r = Tri::False;
        for x in any {
            match eval(x, s, opts) {
                Tri::True => return Tri::True,
                Tri::Unknown => r = Tri::Unknown,
                Tri::False => {}
            }
        }
        return r;
    }
    if let Some(n) = &c.not {
        return eval(n, s, opts).not();
    }
    if let Some(name) = &c.has_block {
        let name = opts.interpolate(name, &[]);
        return Tri::from(nested_blocks(s.body, &name).next().is_some());
    }
    let value = attribute_value(c, s, opts).map(|t| t.value);
    let present = match &value {
        None | Some(Value::Null) => Tri::False,
        Some(Value::Unknown) => Tri::Unknown,
        Some(_) => Tri::True,
    };
    if let Some(want) = c.exists {
        return if want { present } else { present.not() };
    }
    if let Some(want) = c.absent {
        return if want { present.not() } else { present };
    }
    // The remaining predicates apply only when the attribute is set.
    match value {
        None | Some(Value::Null) => Tri::False,
        Some(Value::Unknown) => Tri::Unknown,
        Some(v) => eval_value(c, v, opts),
    }
}

/// The value predicates of `c` on a known, non-null value.
fn eval_value(c: &Cond, v: Value, opts: &RuleOptions) -> Tri {
    if let Some(want) = c.empty {
        let empty = match &v {
            Value::String(s) => Tri::from(s.is_empty()),
            Value::List(l) => Tri::from(l.is_empty()),
            Value::Map(m) => Tri::from(m.is_empty()),
            _ => Tri::False,
        };
        return if want { empty } else { empty.not() };
    }
    if let Some(e) = &c.equals {
        return equals(&v, e);
    }
    if let Some(list) = &c.one_of {
        let mut r = Tri::False;
        for e in &list.values(opts) {
            match equals(&v, e) {
                Tri::True => return Tri::True,
                Tri::Unknown => r = Tri::Unknown,
                Tri::False => {}
            }
        }
        return r;
    }
    if let Some(list) = &c.near_one_of {
        return match v.as_str() {
            Some(x) => Tri::from(intended_value(x, &list.strings(opts)).is_some()),
            None => Tri::False,
        };
    }
    if let Some(needle) = &c.contains {
        return contains(&v, &opts.interpolate(needle, &[]));
    }
    if let Some(needle) = &c.not_contains {
        return contains(&v, &opts.interpolate(needle, &[])).not();
    }
    if let Some(re) = &c.any_matches {
        let Some(re) = cached_regex(&opts.interpolate(re, &[])) else {
            return Tri::Unknown;
        };
        return any_item(&v, |x| re.is_match(x));
    }
    if let Some(re) = &c.matches {
        let Some(re) = cached_regex(&opts.interpolate(re, &[])) else {
            return Tri::Unknown;
        };
        return match v.to_string_lossless() {
            Some(x) => Tri::from(re.is_match(&x)),
            None => Tri::False,
        };
    }
    if let Some(want) = c.is_uuid {
        let r = match v.as_str() {
            Some(x) => Tri::from(is_uuid(x)),
            None => Tri::False,
        };
        return if want { r } else { r.not() };
    }
    if let Some(r) = &c.in_range {
        let (Some(lo), Some(hi)) = (r.first(), r.get(1)) else {
            return Tri::Unknown;
        };
        let n = match &v {
            Value::Number(n) => Some(*n),
            Value::String(x) => x.trim().parse::<f64>().ok(),
            _ => None,
        };
        return match n {
            Some(n) => Tri::from(n >= *lo && n <= *hi),
            None => Tri::Unknown,
        };
    }
    if let Some(key) = &c.in_option {
        let list = opts.list(key);
        if list.is_empty() {
            return Tri::True;
        }
        return match v.as_str() {
            Some(x) => Tri::from(list.iter().any(|l| l.eq_ignore_ascii_case(x))),
            None => Tri::False,
        };
    }
    if let Some(want) = c.insecure_url {
        let r = any_item(&v, is_insecure_url);
        return if want { r } else { r.not() };
    }
    Tri::Unknown
}

fn equals(v: &Value, e: &hcl::Value) -> Tri {
    if !v.is_wholly_known() {
        return Tri::Unknown;
    }
    Tri::from(match (v, e) {
        (Value::String(a), hcl::Value::String(b)) => a == b,
        (Value::Bool(a), hcl::Value::Bool(b)) => a == b,
        (Value::Number(a), hcl::Value::Number(b)) => b.as_f64().is_some_and(|b| *a == b),
        (Value::String(a), hcl::Value::Number(b)) => a.parse::<f64>().ok() == b.as_f64(),
        (Value::String(a), hcl::Value::Bool(b)) => a == &b.to_string(),
        (Value::Null, hcl::Value::Null) => true,
        _ => false,
    })
}

fn contains(v: &Value, needle: &str) -> Tri {
    any_item(v, |x| x == needle)
}

/// True if some known item satisfies `f`; False if every item is known and
/// none does; Unknown otherwise. A string is a one-item list.
fn any_item(v: &Value, f: impl Fn(&str) -> bool) -> Tri {
    match v {
        Value::List(items) => {
            let mut unknown = false;
            for i in items {
                match i.to_string_lossless() {
                    Some(x) if f(&x) => return Tri::True,
                    Some(_) => {}
                    None => unknown = unknown || i.is_unknown(),
                }
            }
            if unknown {
                Tri::Unknown
            } else {
                Tri::False
            }
        }
        Value::Unknown => Tri::Unknown,
        other => match other.to_string_lossless() {
            Some(x) => Tri::from(f(&x)),
            None => Tri::False,
        },
    }
}

/// A compiled regex for `pattern`, compiled once per thread and pattern
/// (rules are evaluated for every resource of every module instance, and
/// compiling a regex costs far more than matching it). `None` when the
/// pattern does not compile. An `Rc`, not a clone of the `Regex`: a cloned
/// `Regex` gets a fresh match cache, and rebuilding it dominated run time.
fn cached_regex(pattern: &str) -> Option<Rc<Regex>> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<Rc<Regex>>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        if let Some(r) = c.borrow().get(pattern) {
            return r.clone();
        }
        let r = Regex::new(pattern).ok().map(Rc::new);
        c.borrow_mut().insert(pattern.to_string(), r.clone());
        r
    })
}

/// The value `x` was meant to be: the item of `allowed` it equals after
/// upper-casing and replacing `_` with `-`, when it is not already one of
/// them exactly. `client_credentials` → `CLIENT-CREDENTIALS`.
pub fn intended_value<S: AsRef<str>>(x: &str, allowed: &[S]) -> Option<String> {
    if allowed.iter().any(|a| a.as_ref() == x) {
        return None;
    }
    let norm = |t: &str| t.trim().to_ascii_uppercase().replace('_', "-");
    let nx = norm(x);
    allowed
        .iter()
        .map(AsRef::as_ref)
        .find(|a| norm(a) == nx)
        .map(str::to_string)
}

/// The intended value named by a `near_one_of` in `c` (for `{intended}`).
fn first_intended(c: &Cond, s: &Subject, opts: &RuleOptions) -> Option<String> {
    for sub in c.all.iter().chain(c.any.iter()).flatten() {
        if let Some(m) = first_intended(sub, s, opts) {
            return Some(m);
        }
    }
    let list = c.near_one_of.as_ref()?.strings(opts);
    let v = attribute_value(c, s, opts)?.value;
    intended_value(v.as_str()?, &list)
}

/// The first item matched by an `any_matches` in `c`, or the first insecure
/// URL of an `insecure_url = true` (for `{match}`).
fn first_match(c: &Cond, s: &Subject, opts: &RuleOptions) -> Option<String> {
    for sub in c.all.iter().chain(c.any.iter()).flatten() {
        if let Some(m) = first_match(sub, s, opts) {
            return Some(m);
        }
    }
    if c.insecure_url == Some(true) {
        let v = attribute_value(c, s, opts)?.value;
        return match v {
            Value::List(items) => items
                .iter()
                .filter_map(Value::to_string_lossless)
                .find(|x| is_insecure_url(x)),
            other => other.to_string_lossless().filter(|x| is_insecure_url(x)),
        };
    }
    let re = cached_regex(&opts.interpolate(c.any_matches.as_deref()?, &[]))?;
    let v = attribute_value(c, s, opts)?.value;
    match v {
        Value::List(items) => items
            .iter()
            .filter_map(Value::to_string_lossless)
            .find(|x| re.is_match(x)),
        other => other.to_string_lossless().filter(|x| re.is_match(x)),
    }
}

pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `http://` to a host other than `localhost`, `127.0.0.1` or `[::1]`.
pub fn is_insecure_url(u: &str) -> bool {
    // A value that is not a URL is not known to be an insecure one.
    let Ok(url) = url::Url::parse(u.trim()) else {
        return false;
    };
    url.scheme() == "http" && !matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_match_in_any_case() {
        assert!(is_uuid("0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"));
        assert!(is_uuid("0B1E6F9A-3C2D-4E5F-8A7B-1C2D3E4F5A6B"));
        assert!(!is_uuid("0b1e6f9a3c2d4e5f8a7b1c2d3e4f5a6b"));
        assert!(!is_uuid("partner-org"));
    }

    #[test]
    fn intended_values_fix_case_and_separator_only() {
        let allowed = ["SAML2BEARER", "SAML2-BEARER", "CLIENT-CREDENTIALS", "CODE"];
        assert_eq!(
            intended_value("CLIENT_CREDENTIALS", &allowed).as_deref(),
            Some("CLIENT-CREDENTIALS")
        );
        assert_eq!(
            intended_value("client-credentials", &allowed).as_deref(),
            Some("CLIENT-CREDENTIALS")
        );
        assert_eq!(
            intended_value("saml2_bearer", &allowed).as_deref(),
            Some("SAML2-BEARER")
        );
        assert_eq!(
            intended_value("saml2bearer", &allowed).as_deref(),
            Some("SAML2BEARER")
        );
        assert_eq!(intended_value("CODE", &allowed), None);
        assert_eq!(intended_value("IMPLICIT", &allowed), None);
        assert_eq!(intended_value("CLIENTCREDENTIALS", &allowed), None);
    }

    #[test]
    fn insecure_urls() {
        assert!(is_insecure_url("http://example.com/cb"));
        assert!(is_insecure_url("HTTP://Example.com"));
        assert!(!is_insecure_url("https://example.com"));
        assert!(!is_insecure_url("http://localhost:8080/cb"));
        assert!(!is_insecure_url("http://127.0.0.1/cb"));
        assert!(!is_insecure_url("http://[::1]:3000/"));
        assert!(is_insecure_url("http://localhost.evil.com/"));
        assert!(is_insecure_url("http://user@host/"));
    }

    #[test]
    fn lists_with_unknown_items_are_unknown_unless_a_known_item_decides() {
        let v = Value::List(vec!["a".into(), Value::Unknown]);
        assert_eq!(contains(&v, "a"), Tri::True);
        assert_eq!(contains(&v, "b"), Tri::Unknown);
        let v = Value::List(vec!["a".into()]);
        assert_eq!(contains(&v, "b"), Tri::False);
    }
}
