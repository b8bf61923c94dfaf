//! `yamlencode` as Terraform writes YAML (go-cty-yaml on go-yaml): block
//! style, every string and key double-quoted, map keys sorted, sequences
//! under a key not indented, an empty collection as `[]`/`{}`, a lone
//! number, bool or null followed by the document end `...`. A string with a
//! line break (written as a literal block) or a character go-yaml escapes is
//! unknown: its exact spelling is not reproduced.

use crate::eval::cty::{Type, Val};

/// The YAML text of a wholly known value; `Err` with an unknown when the
/// value holds something we do not spell exactly as Terraform.
pub fn encode(v: &Val) -> Result<String, Val> {
    let unknown = || Val::unknown(Type::String);
    if let Some(e) = v.find_error() {
        return Err(e.clone());
    }
    if !v.is_wholly_known() {
        return Err(unknown());
    }
    if let Some(s) = inline(v) {
        let s = s.ok_or_else(unknown)?;
        let end = matches!(v, Val::Num(_) | Val::Bool(_) | Val::Null(_));
        return Ok(if end {
            format!("{s}\n...\n")
        } else {
            format!("{s}\n")
        });
    }
    let mut lines = Vec::new();
    block(v, 0, &mut lines).ok_or_else(unknown)?;
    Ok(lines.join("\n") + "\n")
}

/// A scalar or an empty collection, written on the line of its key or
/// dash: `Some(None)` when it cannot be spelled exactly; `None` when `v`
/// needs a block.
fn inline(v: &Val) -> Option<Option<String>> {
    Some(match v {
        Val::Null(_) => Some("null".into()),
        Val::Bool(b) => Some(b.to_string()),
        Val::Num(n) => Some(n.text()),
        Val::Str(s) => quote(s),
        _ if v.as_seq().is_some_and(<[Val]>::is_empty) => Some("[]".into()),
        _ if v.as_rec().is_some_and(|r| r.is_empty()) => Some("{}".into()),
        _ => return None,
    })
}

/// The lines of a non-empty map or sequence at `indent`; `None` when a
/// part cannot be spelled exactly.
fn block(v: &Val, indent: usize, out: &mut Vec<String>) -> Option<()> {
    let pad = " ".repeat(indent);
    if let Some(items) = v.as_seq() {
        for item in items {
            match inline(item) {
                Some(s) => out.push(format!("{pad}- {}", s?)),
                None => {
                    // The item's block one level in, its first line behind
                    // the dash.
                    let start = out.len();
                    block(item, indent + 2, out)?;
                    let first = out.get_mut(start)?;
                    *first = format!("{pad}- {}", first.get(indent + 2..)?);
                }
            }
        }
        return Some(());
    }
    for (k, val) in v.as_rec()? {
        let key = quote(k)?;
        match inline(val) {
            Some(s) => out.push(format!("{pad}{key}: {}", s?)),
            None => {
                out.push(format!("{pad}{key}:"));
                // A sequence under a key is not indented; a map is.
                let inner = if val.as_seq().is_some() {
                    indent
                } else {
                    indent + 2
                };
                block(val, inner, out)?;
            }
        }
    }
    Some(())
}

/// A double-quoted YAML string, when go-yaml writes it with no escape but
/// `\"`, `\\` and `\t`.
fn quote(s: &str) -> Option<String> {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\t' => q.push_str("\\t"),
            ' '..='~' => q.push(c),
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' => return None,
            '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => q.push(c),
            _ => return None,
        }
    }
    q.push('"');
    Some(q)
}
