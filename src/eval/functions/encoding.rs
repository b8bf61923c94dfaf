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
        "yamlencode" => arity(a, 1).and_then(|()| super::yaml_encode::encode(&a[0]).map(Val::str)),
        "textencodebase64" => text_encode(a),
        "textdecodebase64" => text_decode(a),
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
    // serde_json reads numbers beyond 64-bit integers as f64, which keeps
    // about 15 digits; cty keeps them all.
    if has_long_number(&s) {
        return Err(Val::dyn_unknown());
    }
    Ok(from_json(&j))
}

/// Whether valid JSON `text` has a number that f64 may not hold exactly:
/// more than 15 significant digits, unless a 64-bit integer.
fn has_long_number(text: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let mut token = String::new();
    let long = |t: &str| {
        let digits = t
            .trim_start_matches(['-', '0'])
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        let integer = t.parse::<i64>().is_ok() || t.parse::<u64>().is_ok();
        digits > 15 && !integer
    };
    for c in text.chars().chain(std::iter::once(' ')) {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
            token.push(c);
            continue;
        }
        if long(&token) {
            return true;
        }
        token.clear();
        in_string = c == '"';
    }
    false
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

/// Go's `base64.StdEncoding`: padding required, trailing bits not checked.
const STD: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical),
);

pub fn base64(data: &[u8]) -> String {
    base64::Engine::encode(&STD, data)
}

/// Go's `StdEncoding.DecodeString`, which skips line breaks.
fn unbase64(s: &str) -> Option<Vec<u8>> {
    let s: String = s.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    base64::Engine::decode(&STD, s).ok()
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

/// Encodings `textencodebase64`/`textdecodebase64` know by name (IANA names,
/// any case); other names are unknown: Terraform may know them.
#[derive(Clone, Copy, PartialEq)]
enum Text {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Big-endian with a byte order mark.
    Utf16,
    Latin1,
}

fn text_encoding(a: &[Val]) -> Result<(std::rc::Rc<str>, Text), Val> {
    arity(a, 2)?;
    let s = str_arg(a, 0, &Type::String)?;
    let name = str_arg(a, 1, &Type::String)?;
    let enc = match name.to_ascii_uppercase().as_str() {
        "UTF-8" => Text::Utf8,
        "UTF-16LE" => Text::Utf16Le,
        "UTF-16BE" => Text::Utf16Be,
        "UTF-16" => Text::Utf16,
        "ISO-8859-1" => Text::Latin1,
        _ => return Err(Val::unknown(Type::String)),
    };
    Ok((s, enc))
}

fn text_encode(a: &[Val]) -> R {
    let (s, enc) = text_encoding(a)?;
    let units = |be: bool| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    let bytes = match enc {
        Text::Utf8 => s.as_bytes().to_vec(),
        Text::Utf16Le => units(false),
        Text::Utf16Be => units(true),
        Text::Utf16 => [0xFE, 0xFF].into_iter().chain(units(true)).collect(),
        Text::Latin1 => s
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| Val::err("the string has characters the encoding cannot represent"))?,
    };
    Ok(Val::str(base64(&bytes)))
}

fn text_decode(a: &[Val]) -> R {
    let (s, enc) = text_encoding(a)?;
    let bytes = unbase64(&s).ok_or_else(|| Val::err("invalid base64 data"))?;
    let utf16 = |be: bool| -> Result<String, Val> {
        if bytes.len() % 2 != 0 {
            return Err(Val::err("the data is not valid in the encoding"));
        }
        let units = bytes.chunks(2).map(|c| {
            let pair = [c[0], c[1]];
            if be {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        // Terraform replaces lone surrogates; we do not guess how.
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| Val::unknown(Type::String))
    };
    let text = match enc {
        Text::Utf8 => String::from_utf8(bytes.clone())
            .map_err(|_| Val::err("the data is not valid in the encoding"))?,
        Text::Utf16Le => utf16(false)?,
        Text::Utf16Be => utf16(true)?,
        // A byte order mark decides; without one it is unknown.
        Text::Utf16 => return Err(Val::unknown(Type::String)),
        Text::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    Ok(Val::str(text))
}
