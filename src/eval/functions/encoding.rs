//! Encoding functions: JSON, base64, URL encoding.

use std::collections::BTreeMap;

use super::{arity, done, str_arg, FnEnv};
use crate::eval::cty::{self, Num, Type, Val};

type R = Result<Val, Val>;

pub fn call(_env: &FnEnv, name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "jsonencode" => jsonencode(a),
        "jsondecode" => jsondecode(a),
        "base64encode" => str1(a).map(|s| Val::str(base64(s.as_bytes()))),
        "base64decode" => str1(a).and_then(|s| {
            let bytes = unbase64(&s).ok_or_else(|| Val::err("invalid base64 data"))?;
            String::from_utf8(bytes).map(Val::str).map_err(|_| {
                Val::err("the result of decoding the provided string is not valid UTF-8")
            })
        }),
        "urlencode" => str1(a).map(|s| Val::str(urlencode(&s))),
        "yamlencode" => Err(Val::dyn_unknown()),
        _ => return None,
    };
    done(r)
}

fn str1(a: &[Val]) -> Result<std::rc::Rc<str>, Val> {
    arity(a, 1)?;
    str_arg(a, 0, &Type::String)
}

fn jsonencode(a: &[Val]) -> R {
    arity(a, 1)?;
    let v = a.first().cloned().unwrap_or_else(Val::null);
    cty::json(&v)
        .map(Val::str)
        .ok_or_else(|| Val::unknown(Type::String))
}

fn jsondecode(a: &[Val]) -> R {
    let s = str1(a)?;
    let j: serde_json::Value =
        serde_json::from_str(&s).map_err(|e| Val::err(format!("invalid JSON: {e}")))?;
    Ok(from_json(&j))
}

fn from_json(j: &serde_json::Value) -> Val {
    use serde_json::Value as J;
    match j {
        J::Null => Val::null(),
        J::Bool(b) => Val::Bool(*b),
        J::Number(n) => Num::parse(&n.to_string())
            .map(Val::num)
            .unwrap_or_else(|| Val::unknown(Type::Number)),
        J::String(s) => Val::str(s.as_str()),
        J::Array(items) => Val::tuple(items.iter().map(from_json).collect()),
        J::Object(m) => {
            let out: BTreeMap<String, Val> =
                m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect();
            Val::object(out)
        }
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unbase64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xFF) as u8);
        }
    }
    Some(out)
}

/// Go's `url.QueryEscape`: spaces become `+`.
fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
