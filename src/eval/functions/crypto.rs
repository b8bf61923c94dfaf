//! Hash functions (deterministic ones; `bcrypt` salts randomly and is
//! impure). Hashes are over the UTF-8 bytes of the NFC-normalized string.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::encoding::base64;
use super::{arity, done, str_arg};
use crate::eval::cty::{Type, Val};

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "md5" => hex::<Md5>(a),
        "sha1" => hex::<Sha1>(a),
        "sha256" => hex::<Sha256>(a),
        "sha512" => hex::<Sha512>(a),
        "base64sha256" => b64::<Sha256>(a),
        "base64sha512" => b64::<Sha512>(a),
        "uuidv5" => uuidv5(a),
        _ => return None,
    };
    done(r)
}

pub fn digest<D: Digest>(data: &[u8]) -> Vec<u8> {
    D::digest(data).to_vec()
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn input(a: &[Val]) -> Result<std::rc::Rc<str>, Val> {
    arity(a, 1)?;
    str_arg(a, 0, &Type::String)
}

fn hex<D: Digest>(a: &[Val]) -> Result<Val, Val> {
    let s = input(a)?;
    Ok(Val::str(to_hex(&digest::<D>(s.as_bytes()))))
}

fn b64<D: Digest>(a: &[Val]) -> Result<Val, Val> {
    let s = input(a)?;
    Ok(Val::str(base64(&digest::<D>(s.as_bytes()))))
}

/// RFC 4122 name-based UUID (SHA-1), with Terraform's namespace shorthands.
fn uuidv5(a: &[Val]) -> Result<Val, Val> {
    arity(a, 2)?;
    let ns = str_arg(a, 0, &Type::String)?;
    let name = str_arg(a, 1, &Type::String)?;
    let ns_hex = match &*ns {
        "dns" => "6ba7b8109dad11d180b400c04fd430c8".to_string(),
        "url" => "6ba7b8119dad11d180b400c04fd430c8".to_string(),
        "oid" => "6ba7b8129dad11d180b400c04fd430c8".to_string(),
        "x500" => "6ba7b8149dad11d180b400c04fd430c8".to_string(),
        other => other.replace('-', "").to_ascii_lowercase(),
    };
    if ns_hex.len() != 32 || !ns_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Val::err("uuidv5: invalid namespace"));
    }
    let mut bytes: Vec<u8> = (0..16)
        .filter_map(|i| u8::from_str_radix(ns_hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    bytes.extend_from_slice(name.as_bytes());
    let mut h = digest::<Sha1>(&bytes);
    h.truncate(16);
    if let Some(b) = h.get_mut(6) {
        *b = (*b & 0x0f) | 0x50;
    }
    if let Some(b) = h.get_mut(8) {
        *b = (*b & 0x3f) | 0x80;
    }
    let x = to_hex(&h);
    let part = |r: std::ops::Range<usize>| x.get(r).unwrap_or("").to_string();
    Ok(Val::str(format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )))
}
