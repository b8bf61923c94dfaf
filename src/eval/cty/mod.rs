//! cty, Terraform's type system, as far as cxlint needs it: types, typed
//! values, conversion, unification, equality and JSON encoding.

mod binfloat;
pub mod convert;
pub mod num;
pub mod ty;
pub mod val;

use std::collections::BTreeMap;

pub use convert::{convert, equals, unify, unify_values};
pub use num::Num;
pub use ty::Type;
pub use val::{Val, Why};

use crate::eval::value::Value;
use unicode_normalization::UnicodeNormalization;

/// Terraform normalizes every string to NFC.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// What rules see: errors look exactly like unknowns, types are dropped.
pub fn view(v: &Val) -> Value {
    match v {
        Val::Null(_) => Value::Null,
        Val::Unknown(..) | Val::Error(_) => Value::Unknown,
        Val::Bool(b) => Value::Bool(*b),
        Val::Num(n) => Value::Number(n.to_f64()),
        Val::Str(s) => Value::String(s.to_string()),
        Val::List(s) | Val::Set(s) | Val::Tuple(s) => {
            Value::List(s.items.iter().map(view).collect())
        }
        Val::Map(r) | Val::Object(r) => {
            Value::Map(r.items.iter().map(|(k, x)| (k.clone(), view(x))).collect())
        }
    }
}

/// A rule-view value back as a typed one, guessing the type from its shape
/// (lists become tuples, maps objects, as literals would).
pub fn from_view(v: &Value) -> Val {
    match v {
        Value::Null => Val::null(),
        Value::Unknown => Val::dyn_unknown(),
        Value::Bool(b) => Val::Bool(*b),
        Value::Number(n) => Num::from_f64(*n)
            .map(Val::num)
            .unwrap_or_else(|| Val::unknown(Type::Number)),
        Value::String(s) => Val::str(s.as_str()),
        Value::List(items) => Val::tuple(items.iter().map(from_view).collect()),
        Value::Map(m) => Val::object(m.iter().map(|(k, x)| (k.clone(), from_view(x))).collect()),
    }
}

/// A legacy function's result as a typed value: homogeneous lists and maps
/// become `list(T)`/`map(T)` (what Terraform's collection functions return),
/// the rest tuples and objects.
pub fn from_legacy_result(v: &Value) -> Val {
    let t = from_view(v);
    match &t {
        Val::Tuple(s) => match unify_values(&s.items) {
            Some((ty, items)) => Val::list(ty, items),
            None => t,
        },
        Val::Object(r) => {
            let items: Vec<Val> = r.items.values().cloned().collect();
            match unify_values(&items) {
                Some((ty, conv)) => {
                    let m: BTreeMap<String, Val> = r.items.keys().cloned().zip(conv).collect();
                    Val::map(ty, m)
                }
                None => t,
            }
        }
        _ => t,
    }
}

/// `jsonencode` as Terraform prints it (Go's `encoding/json`: sorted keys,
/// `<`, `>`, `&` escaped). `None` when part of the value is unknown.
pub fn json(v: &Val) -> Option<String> {
    let mut out = String::new();
    json_into(v, &mut out)?;
    Some(out)
}

fn json_into(v: &Val, out: &mut String) -> Option<()> {
    match v {
        Val::Unknown(..) | Val::Error(_) => return None,
        Val::Null(_) => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Num(n) => out.push_str(&n.text()),
        Val::Str(s) => json_string(s, out),
        Val::List(s) | Val::Set(s) | Val::Tuple(s) => {
            out.push('[');
            for (i, x) in s.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_into(x, out)?;
            }
            out.push(']');
        }
        Val::Map(r) | Val::Object(r) => {
            out.push('{');
            for (i, (k, x)) in r.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                json_into(x, out)?;
            }
            out.push('}');
        }
    }
    Some(())
}

pub fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
