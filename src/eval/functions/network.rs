//! IP network functions (`cidrhost`, `cidrnetmask`, `cidrsubnet`,
//! `cidrsubnets`) with Terraform's semantics: its CIDR parser (the Go 1.16
//! `net` package, leading zeros allowed) and hashicorp/go-cidr's
//! arithmetic. Addresses are computed as integers of 32 or 128 bits.
//! Corners where Terraform prints something odd (IPv4-mapped IPv6
//! networks, negative subnet numbers) are unknown, not guessed.

use std::net::Ipv6Addr;

use super::{arg, arity, done, str_arg};
use crate::eval::cty::{Type, Val};

type R = Result<Val, Val>;

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "cidrhost" => host(a),
        "cidrnetmask" => netmask(a),
        "cidrsubnet" => subnet(a),
        "cidrsubnets" => subnets(a),
        _ => return None,
    };
    done(r)
}

/// A parsed CIDR prefix: the network address (host bits cleared), its
/// prefix length and the address width (32 or 128).
#[derive(Clone, Copy)]
struct Net {
    addr: u128,
    len: u32,
    width: u32,
}

impl Net {
    fn mask(len: u32, width: u32) -> u128 {
        if len == 0 {
            0
        } else {
            Net::all(width) & !((1u128 << (width - len)) - 1)
        }
    }

    fn all(width: u32) -> u128 {
        if width == 128 {
            u128::MAX
        } else {
            (1u128 << width) - 1
        }
    }

    fn host_mask(len: u32, width: u32) -> u128 {
        Net::all(width) & !Net::mask(len, width)
    }

    fn text(&self) -> Result<String, Val> {
        Ok(format!(
            "{}/{}",
            addr_text(self.addr, self.width)?,
            self.len
        ))
    }
}

/// Go's `IP.String()`; an IPv4-mapped IPv6 address is printed by Go in a
/// form we do not reproduce: unknown.
fn addr_text(addr: u128, width: u32) -> Result<String, Val> {
    if width == 32 {
        let b = (addr as u32).to_be_bytes();
        return Ok(format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3]));
    }
    let ip = Ipv6Addr::from(addr);
    if ip.to_ipv4_mapped().is_some() {
        return Err(Val::unknown(Type::String));
    }
    Ok(ip.to_string())
}

/// Go's old `net.ParseCIDR`: `ADDR/LEN`, no spaces, leading zeros allowed
/// in IPv4 parts and in the length.
fn parse_cidr(s: &str) -> Result<Net, Val> {
    let bad = || {
        Val::err(format!(
            "invalid CIDR expression: invalid CIDR address: {s}"
        ))
    };
    let (ip, len) = s.split_once('/').ok_or_else(bad)?;
    if len.is_empty() || len.len() > 8 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let len: u32 = len.parse().map_err(|_| bad())?;
    let (addr, width) = if ip.contains(':') {
        let parsed: Ipv6Addr = match ip.parse() {
            Ok(p) => p,
            // Go accepts a few spellings Rust does not (leading zeros in
            // an embedded IPv4 part): unknown rather than a wrong error.
            Err(_)
                if ip
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') =>
            {
                return Err(Val::unknown(Type::String))
            }
            Err(_) => return Err(bad()),
        };
        if parsed.to_ipv4_mapped().is_some() {
            return Err(Val::unknown(Type::String));
        }
        (u128::from(parsed), 128)
    } else {
        (u128::from(parse_ipv4(ip).ok_or_else(bad)?), 32)
    };
    if len > width {
        return Err(bad());
    }
    Ok(Net {
        addr: addr & Net::mask(len, width),
        len,
        width,
    })
}

fn parse_ipv4(s: &str) -> Option<u32> {
    let mut out = 0u32;
    let mut parts = 0;
    for p in s.split('.') {
        if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        out = (out << 8) | n;
        parts += 1;
    }
    (parts == 4).then_some(out)
}

fn prefix_arg(a: &[Val]) -> Result<Net, Val> {
    parse_cidr(&str_arg(a, 0, &Type::String)?)
}

/// Argument `i` as a whole number (Terraform reads it as a `big.Int`).
fn whole(a: &[Val], i: usize) -> Result<i128, Val> {
    match arg(a, i, &Type::Number)? {
        Val::Num(n) => {
            if !n.is_integer() {
                return Err(Val::err("value must be a whole number"));
            }
            n.to_i128().ok_or_else(|| Val::unknown(Type::String))
        }
        Val::Null(_) => Err(Val::err("argument must not be null")),
        _ => Err(Val::unknown(Type::String)),
    }
}

/// go-cidr's `HostBig`: a negative number counts back from the last address.
fn host(a: &[Val]) -> R {
    arity(a, 2)?;
    let num = whole(a, 1)?;
    let net = prefix_arg(a)?;
    // go-cidr checks a large host number through its low 64 bits only.
    if num > i128::from(i64::MAX) {
        return Err(Val::unknown(Type::String));
    }
    let max = Net::host_mask(net.len, net.width);
    // -1 is the last address: magnitude |num| - 1 counted back from it.
    let magnitude = if num < 0 {
        num.unsigned_abs() - 1
    } else {
        num.unsigned_abs()
    };
    let value = if num < 0 {
        max.wrapping_sub(magnitude)
    } else {
        magnitude
    };
    if magnitude > max {
        return Err(Val::err(format!(
            "prefix of {} does not accommodate a host numbered {num}",
            net.len
        )));
    }
    Ok(Val::str(addr_text(net.addr | value, net.width)?))
}

fn netmask(a: &[Val]) -> R {
    arity(a, 1)?;
    let net = prefix_arg(a)?;
    if net.width != 32 {
        return Err(Val::err("IPv6 addresses cannot have a netmask"));
    }
    Ok(Val::str(addr_text(Net::mask(net.len, 32), 32)?))
}

/// go-cidr's `SubnetBig`.
fn subnet(a: &[Val]) -> R {
    arity(a, 3)?;
    let newbits = whole(a, 1)?;
    let num = whole(a, 2)?;
    let net = prefix_arg(a)?;
    // Terraform computes something for negative operands, not a subnet.
    if newbits < 0 || num < 0 {
        return Err(Val::unknown(Type::String));
    }
    let new_len = i128::from(net.len) + newbits;
    if new_len > i128::from(net.width) {
        return Err(Val::err(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.len
        )));
    }
    let new_len = new_len as u32;
    let max = if newbits >= 128 {
        u128::MAX
    } else {
        (1u128 << newbits) - 1
    };
    if num as u128 > max {
        return Err(Val::err(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {num}"
        )));
    }
    let shift = net.width - new_len;
    let bits = if shift >= 128 {
        0
    } else {
        (num as u128) << shift
    };
    Net {
        addr: net.addr | bits,
        len: new_len,
        width: net.width,
    }
    .text()
    .map(Val::str)
}

/// Terraform's `cidrsubnets`: consecutive subnets, each aligned to its own
/// size, through go-cidr's `PreviousSubnet` / `NextSubnet`.
fn subnets(a: &[Val]) -> R {
    if a.is_empty() {
        return Err(Val::err("not enough arguments"));
    }
    let mut lens = Vec::with_capacity(a.len() - 1);
    for i in 1..a.len() {
        lens.push(whole(a, i)?);
    }
    let net = prefix_arg(a)?;
    let Some(&first) = lens.first() else {
        return Ok(Val::list(Type::String, Vec::new()));
    };
    let w = net.width;
    let all = Net::all(w);
    // The first length may be anything here; it is checked in the loop.
    let first_len = (i128::from(net.len) + first).clamp(0, i128::from(w)) as u32;
    let mut cur = Net {
        addr: net.addr.wrapping_sub(1) & all & Net::mask(first_len, w),
        len: first_len,
        width: w,
    };
    let mut out = Vec::with_capacity(lens.len());
    for n in lens {
        if n < 1 {
            return Err(Val::err("must extend prefix by at least one bit"));
        }
        if n > 32 {
            return Err(Val::err("may not extend prefix by more than 32 bits"));
        }
        let len = net.len + n as u32;
        if len > w {
            return Err(Val::err(format!(
                "would extend prefix to {len} bits, which is too long for an address"
            )));
        }
        let cur_last = cur.addr | Net::host_mask(cur.len, w);
        let last = (cur_last & Net::mask(len, w)) | Net::host_mask(len, w);
        let next = last.wrapping_add(1) & all;
        let inside = next & Net::mask(net.len, w) == net.addr;
        if next == 0 || !inside {
            return Err(Val::err(format!(
                "not enough remaining address space for a subnet with a prefix of {len} bits"
            )));
        }
        cur = Net {
            addr: next,
            len,
            width: w,
        };
        out.push(Val::str(cur.text()?));
    }
    Ok(Val::list(Type::String, out))
}
