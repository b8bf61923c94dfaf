//! Fixes for declarative rules, keyed by rule code (and case label).
//!
//! A fix is a byte-range edit of the text as written: the list or string is
//! never re-printed, so comments, spacing and line endings stay as they are.

use super::def::{FixKind, FixSpec};
use super::{RuleOptions, Subject};
use crate::diag::{Edit, Fix, Location};
use crate::eval::Origin;
use crate::model::{string_literal, File};
use crate::syntax::{Attribute, Expr, ExprKind};

/// The fix a rule file names for a finding on `s`, if the value is written
/// in a form it can repair. `intended` is the case's `{intended}` value.
pub fn fix_for(spec: &FixSpec, s: &Subject, opts: &RuleOptions, intended: &str) -> Option<Fix> {
    let attribute = opts.interpolate(&spec.attribute, &[]);
    match spec.kind {
        FixKind::AppendToList => {
            let item = opts.interpolate(spec.item.as_deref()?, &[]);
            append_to_attribute(s, &attribute, &item)
        }
        FixKind::ReplaceWithIntended => replace_literal(s, &attribute, intended),
    }
}

fn append_to_attribute(s: &Subject, attribute: &str, item: &str) -> Option<Fix> {
    let attr = s.body.attribute(attribute)?;
    let (file, list) = literal_list(s, attr)?;
    let edit = append_to_list(file, list, item)?;
    Some(Fix {
        description: format!("add \"{item}\" to `{attribute}`"),
        edits: vec![edit],
    })
}

/// The literal list `expr` is, or directly refers to in this module
/// (`var.x`: a `.tfvars` value of the module's own var files or the
/// default; `local.x`: the local's value), with the file it is written in.
fn literal_list<'s, 'a: 's>(
    s: &Subject<'s, '_, 'a>,
    attr: &'s Attribute,
) -> Option<(&'s File, &'s Expr)> {
    let expr = &attr.value;
    let is_list = |e: &Expr| matches!(e.kind, ExprKind::Array(_));
    if is_list(expr) {
        return Some((s.file_of(attr), expr));
    }
    let module = s.env.module;
    let (root, name) = expr.as_reference()?;
    let (file, value) = match root {
        "local" => {
            let l = module.locals.get(name)?;
            (l.file, &l.attr.value)
        }
        "var" => match s.env.inputs.values.get(name) {
            Some(t) => {
                if s.env.inputs.from_caller {
                    return None;
                }
                let loc = t.origins.iter().find_map(|o| match o {
                    Origin::Set { location, .. } => Some(location),
                    Origin::Input(_) => None,
                })?;
                // Only the module's own `.tfvars` (not a `--var-file` elsewhere).
                let f = module
                    .var_files
                    .iter()
                    .copied()
                    .find(|f| f.source.path == loc.file)?;
                let a =
                    f.body.as_ref()?.attributes().find(|a| {
                        a.key == name && (a.span == loc.span || a.value.span == loc.span)
                    })?;
                (f, &a.value)
            }
            None => {
                let v = module.variables.get(name)?;
                (v.file, v.default?)
            }
        },
        _ => return None,
    };
    is_list(value).then_some((file, value))
}

/// A string literal for `value` in `file`'s syntax, or None when it would
/// need escaping beyond quotes and backslashes.
fn quote(value: &str) -> Option<String> {
    if value.contains("${") || value.contains("%{") || value.chars().any(char::is_control) {
        return None;
    }
    serde_json::to_string(value).ok()
}

/// The edit that appends `item` to the list literal `list`, keeping its
/// layout (see [`append_item`]).
fn append_to_list(file: &File, list: &Expr, item: &str) -> Option<Edit> {
    let ExprKind::Array(items) = &list.kind else {
        return None;
    };
    let spans: Vec<std::ops::Range<usize>> = items.iter().map(|i| i.span.clone()).collect();
    let (span, replacement) = append_item(&file.source.text, list.span.clone(), &spans, item)?;
    Some(Edit {
        location: Location::new(&file.source, span),
        replacement,
    })
}

/// Where and what to splice into `text` to append `item` to the list at
/// `list` (from `[` to `]`) whose items are at `items`:
/// - `[]` (only whitespace inside) becomes `["item"]`;
/// - a list whose first item is on the `[` line gets `, "item"` right after
///   its last item (before `]`, and before a trailing comma if it has one);
/// - a list with one item per line gets the item on a new line after the
///   last one, with the last item's indentation and the file's line ending;
///   a comma is added after the previous last item, and the new item gets a
///   trailing comma exactly when the previous last item had one. A comment
///   after the last item stays on its line.
pub fn append_item(
    text: &str,
    list: std::ops::Range<usize>,
    items: &[std::ops::Range<usize>],
    item: &str,
) -> Option<(std::ops::Range<usize>, String)> {
    let quoted = quote(item)?;
    let bytes = text.as_bytes();
    if list.end == 0
        || bytes.get(list.start) != Some(&b'[')
        || bytes.get(list.end - 1) != Some(&b']')
    {
        return None;
    }
    let inner = text.get(list.start + 1..list.end - 1)?;
    let Some(last) = items.last() else {
        if !inner.trim().is_empty() {
            return None;
        }
        return Some((list, format!("[{quoted}]")));
    };
    let first = items.first()?;
    let head = text.get(list.start + 1..first.start)?;
    if !head.contains('\n') {
        return Some((last.end..last.end, format!(", {quoted}")));
    }
    // One item per line.
    let line_start = text.get(..last.start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text
        .get(line_start..last.start)?
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let after = text.get(last.end..list.end - 1)?;
    let ws = after.len() - after.trim_start_matches([' ', '\t']).len();
    let trailing_comma = after.get(ws..)?.starts_with(',');
    let after_comma = if trailing_comma {
        last.end + ws + 1
    } else {
        last.end
    };
    let rest_of_line = text.get(after_comma..list.end)?;
    let line_len = rest_of_line.find('\n').unwrap_or(rest_of_line.len());
    let rest = rest_of_line.get(..line_len)?.trim_end_matches('\r');
    let rest_trim = rest.trim_start();
    let nl = if rest_of_line.get(..line_len)?.ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    let new_line = format!(
        "{nl}{indent}{quoted}{}",
        if trailing_comma { "," } else { "" }
    );
    if rest_trim.starts_with(']') {
        // `]` on the last item's line: the new item goes before it.
        let at = after_comma;
        let lead = if trailing_comma { "" } else { "," };
        return Some((at..at, format!("{lead}{new_line}")));
    }
    if !(rest_trim.is_empty() || rest_trim.starts_with('#') || rest_trim.starts_with("//")) {
        return None;
    }
    // Insert at the end of the last item's line (after any comment).
    let end = after_comma + rest.len();
    if trailing_comma {
        Some((end..end, new_line))
    } else {
        let kept = text.get(last.end..end)?;
        Some((last.end..end, format!(",{kept}{new_line}")))
    }
}

/// Replace the string literal of `attribute` with `value`.
fn replace_literal(s: &Subject, attribute: &str, value: &str) -> Option<Fix> {
    let attr = s.body.attribute(attribute)?;
    string_literal(&attr.value)?;
    if value.is_empty() {
        return None;
    }
    let kind = if attribute == "authorized_grant_type" {
        "the grant type".to_string()
    } else {
        format!("`{attribute}`")
    };
    Some(Fix {
        description: format!("change {kind} to `{value}`"),
        edits: vec![Edit {
            location: Location::new(&s.file_of(attr).source, attr.value.span.clone()),
            replacement: quote(value)?,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply `append_item` to the first list in `text`.
    fn append(text: &str, item: &str) -> Option<String> {
        let body = crate::parse::hcl::parse(text).ok()?;
        let a = body.attributes().next()?;
        let ExprKind::Array(items) = &a.value.kind else {
            return None;
        };
        let spans: Vec<_> = items.iter().map(|i| i.span.clone()).collect();
        let (span, rep) = append_item(text, a.value.span.clone(), &spans, item)?;
        let mut out = text.to_string();
        out.replace_range(span, &rep);
        Some(out)
    }

    #[test]
    fn single_line_lists_get_the_item_before_the_bracket() {
        assert_eq!(
            append("s = [\"a\", \"b\"]\n", "x").as_deref(),
            Some("s = [\"a\", \"b\", \"x\"]\n")
        );
        assert_eq!(
            append("s = [ \"a\", ]\n", "x").as_deref(),
            Some("s = [ \"a\", \"x\", ]\n")
        );
    }

    #[test]
    fn empty_lists_get_one_item() {
        assert_eq!(append("s = []\n", "x").as_deref(), Some("s = [\"x\"]\n"));
        assert_eq!(append("s = [ ]\n", "x").as_deref(), Some("s = [\"x\"]\n"));
        // A comment inside an empty list: no fix rather than losing it.
        assert_eq!(append("s = [ # c\n]\n", "x"), None);
    }

    #[test]
    fn one_per_line_lists_keep_their_layout() {
        assert_eq!(
            append("s = [\n    \"a\",\n    \"b\"\n]\n", "x").as_deref(),
            Some("s = [\n    \"a\",\n    \"b\",\n    \"x\"\n]\n")
        );
        assert_eq!(
            append("s = [\n  \"a\",\n  \"b\",\n]\n", "x").as_deref(),
            Some("s = [\n  \"a\",\n  \"b\",\n  \"x\",\n]\n")
        );
        assert_eq!(
            append("s = [\r\n\t\"a\" # keep\r\n]\r\n", "x").as_deref(),
            Some("s = [\r\n\t\"a\", # keep\r\n\t\"x\"\r\n]\r\n")
        );
        assert_eq!(
            append("s = [\n  \"a\",\n  \"b\"]\n", "x").as_deref(),
            Some("s = [\n  \"a\",\n  \"b\",\n  \"x\"]\n")
        );
    }

    #[test]
    fn items_needing_escapes_are_not_appended() {
        assert_eq!(append("s = []\n", "${x}"), None);
        assert_eq!(
            append("s = []\n", "a\"b").as_deref(),
            Some("s = [\"a\\\"b\"]\n")
        );
    }

    /// Run rule `code` from the embedded rule files on the first resource of
    /// `text` and apply the first finding's fix.
    fn fix_on_first_resource(text: &str, code: &str) -> Option<String> {
        use crate::eval::{Env, Inputs};
        use crate::model::Module;
        use crate::parse::FileKind;
        use crate::source::SourceFile;
        let file = File {
            source: SourceFile::new("main.tf", text),
            kind: FileKind::Config,
            body: crate::parse::hcl::parse(text).ok(),
        };
        let files = [&file];
        let module = Module::build(".".into(), ".".into(), &files);
        let inputs = Inputs::default();
        let env = Env::new(&module, &inputs);
        let r = module.resources.first()?;
        let s = Subject {
            body: &r.block.body,
            block: &r.block,
            file: r.file,
            parts: Some(&r.parts),
            resource: None,
            env: &env,
            binds: &[],
        };
        let registry = crate::rules::Registry::embedded().ok()?;
        let rule = registry.find(code)?;
        let opts = crate::config::Config::default().options_for(
            &rule.def.code,
            &rule.def.name,
            &rule.def.options,
        );
        let mut out = Vec::new();
        crate::rules::declarative::run(rule, &opts, &s, &mut out);
        let fix = out.first()?.fix.clone()?;
        let edits: Vec<_> = fix
            .edits
            .iter()
            .map(|e| (e.location.span.clone(), e.replacement.clone()))
            .collect();
        Some(crate::fix::apply_edits(text, &edits))
    }

    fn grant(value: &str) -> Option<String> {
        let text = format!(
            "resource \"genesyscloud_oauth_client\" \"c\" {{\n  authorized_grant_type = \"{value}\"\n}}\n"
        );
        let fixed = fix_on_first_resource(&text, "GC008")?;
        let start = fixed.find("= \"")? + 3;
        let end = start + fixed.get(start..)?.find('"')?;
        fixed.get(start..end).map(str::to_string)
    }

    #[test]
    fn grant_types_differing_in_case_or_separator_are_fixed() {
        assert_eq!(
            grant("client_credentials").as_deref(),
            Some("CLIENT-CREDENTIALS")
        );
        assert_eq!(grant("Saml2_Bearer").as_deref(), Some("SAML2-BEARER"));
        assert_eq!(grant("saml2bearer").as_deref(), Some("SAML2BEARER"));
        assert_eq!(grant("code").as_deref(), Some("CODE"));
        assert_eq!(grant("CODE"), None);
        assert_eq!(grant("implicit"), None);
        assert_eq!(grant("clientcredentials"), None);
    }

    #[test]
    fn gc008_fix_replaces_the_string_literal() {
        let text = "resource \"genesyscloud_oauth_client\" \"c\" {\n  authorized_grant_type = \"client_credentials\" # x\n}\n";
        assert_eq!(
            fix_on_first_resource(text, "GC008").as_deref(),
            Some("resource \"genesyscloud_oauth_client\" \"c\" {\n  authorized_grant_type = \"CLIENT-CREDENTIALS\" # x\n}\n")
        );
    }

    #[test]
    fn gc001_fix_is_only_for_the_missing_partner_case() {
        let text =
            "resource \"genesyscloud_oauth_client\" \"c\" {\n  scopes = [\"analytics\"]\n}\n";
        assert_eq!(
            fix_on_first_resource(text, "GC001").as_deref(),
            Some("resource \"genesyscloud_oauth_client\" \"c\" {\n  scopes = [\"analytics\", \"partner:analytics:view\"]\n}\n")
        );
        let text = "resource \"genesyscloud_oauth_client\" \"c\" {\n  scopes = [\"partner:analytics:view\"]\n}\n";
        assert_eq!(fix_on_first_resource(text, "GC001"), None);
        // A reference that is not a direct var/local: no fix.
        let text = "resource \"genesyscloud_oauth_client\" \"c\" {\n  scopes = concat([\"analytics\"], [])\n}\n";
        assert_eq!(fix_on_first_resource(text, "GC001"), None);
    }
}
