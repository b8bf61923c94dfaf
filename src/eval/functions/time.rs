//! Date functions on RFC 3339 timestamps (`formatdate`, `timeadd`,
//! `timecmp`), with Terraform's strict parser (Go's `time.Parse` with
//! `time.RFC3339`), Go's `time.ParseDuration` and cty's `formatdate`
//! verbs. `timestamp()` and `plantimestamp()` are impure: unknown.

use super::{arity, done, str_arg};
use crate::eval::cty::{Num, Type, Val};

type R = Result<Val, Val>;

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "formatdate" => formatdate(a),
        "timeadd" => timeadd(a),
        "timecmp" => timecmp(a),
        _ => return None,
    };
    done(r)
}

/// An instant and the offset it was written with.
#[derive(Clone, Copy)]
struct Time {
    /// Seconds since 1970-01-01T00:00:00Z.
    unix: i64,
    nanos: u32,
    /// Offset from UTC in seconds; `None` for `Z`.
    offset: Option<i32>,
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, nothing else.
fn parse(s: &str) -> Result<Time, Val> {
    let bad = || Val::err(format!("\"{s}\" is not a valid RFC3339 timestamp"));
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Result<u32, Val> {
        let part = b.get(from..from + len).ok_or_else(bad)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        Ok(part
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let sep = |i: usize, c: u8| {
        if b.get(i) == Some(&c) {
            Ok(())
        } else {
            Err(bad())
        }
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    sep(4, b'-')?;
    sep(7, b'-')?;
    sep(10, b'T')?;
    let (h, mi, se) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    sep(13, b':')?;
    sep(16, b':')?;
    let y = i64::from(y);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59
    {
        return Err(bad());
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(bad());
        }
        // Go keeps nanoseconds: digits beyond nine are dropped.
        let digits: String = s[start..i]
            .chars()
            .chain("000000000".chars())
            .take(9)
            .collect();
        nanos = digits.parse().map_err(|_| bad())?;
    }
    let offset = match b.get(i) {
        Some(b'Z') if i + 1 == b.len() => None,
        Some(&c @ (b'+' | b'-')) if i + 6 == b.len() => {
            sep(i + 3, b':')?;
            let (oh, om) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if oh > 23 || om > 59 {
                return Err(bad());
            }
            let o = (oh * 3600 + om * 60) as i32;
            Some(if c == b'-' { -o } else { o })
        }
        _ => return Err(bad()),
    };
    let local = days_from_civil(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + se);
    Ok(Time {
        unix: local - i64::from(offset.unwrap_or(0)),
        nanos,
        offset,
    })
}

/// Local calendar fields: (year, month, day, hour, minute, second, weekday 0 = Sunday).
fn fields(t: &Time) -> (i64, u32, u32, u32, u32, u32, u32) {
    let local = t.unix + i64::from(t.offset.unwrap_or(0));
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400) as u32;
    let (y, m, d) = civil_from_days(days);
    let wd = (days + 4).rem_euclid(7) as u32;
    (y, m, d, secs / 3600, secs / 60 % 60, secs % 60, wd)
}

/// Go's `Format(time.RFC3339)`: no fraction, `Z` for a zero offset.
fn rfc3339(t: &Time) -> Result<String, Val> {
    let (y, mo, d, h, mi, s, _) = fields(t);
    if !(0..=9999).contains(&y) {
        return Err(Val::unknown(Type::String));
    }
    let zone = match t.offset.unwrap_or(0) {
        0 => "Z".to_string(),
        o => offset_text(o, true),
    };
    Ok(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}"))
}

fn offset_text(o: i32, colon: bool) -> String {
    let sign = if o < 0 { '-' } else { '+' };
    let (h, m) = (o.abs() / 3600, o.abs() / 60 % 60);
    if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

fn two(a: &[Val]) -> Result<(std::rc::Rc<str>, std::rc::Rc<str>), Val> {
    arity(a, 2)?;
    Ok((str_arg(a, 0, &Type::String)?, str_arg(a, 1, &Type::String)?))
}

fn timecmp(a: &[Val]) -> R {
    arity(a, 2)?;
    let x = parse(&str_arg(a, 0, &Type::Number)?)?;
    let y = parse(&str_arg(a, 1, &Type::Number)?)?;
    let ord = (x.unix, x.nanos).cmp(&(y.unix, y.nanos));
    Ok(Val::num(Num::from_i64(ord as i64)))
}

fn timeadd(a: &[Val]) -> R {
    let (ts, dur) = two(a)?;
    let t = parse(&ts)?;
    let d = parse_duration(&dur)?;
    let total = i128::from(t.unix) * 1_000_000_000 + i128::from(t.nanos) + d;
    let unix =
        i64::try_from(total.div_euclid(1_000_000_000)).map_err(|_| Val::unknown(Type::String))?;
    let nanos = total.rem_euclid(1_000_000_000) as u32;
    rfc3339(&Time { unix, nanos, ..t }).map(Val::str)
}

/// Go's `time.ParseDuration`, in nanoseconds. A fraction Go would scale
/// in floating point (more digits than the unit has) is unknown.
fn parse_duration(s: &str) -> Result<i128, Val> {
    let bad = || Val::err(format!("time: invalid duration \"{s}\""));
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (int, mut tail) = rest.split_at(int_end);
        let mut frac = "";
        if let Some(t) = tail.strip_prefix('.') {
            let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            frac = &t[..end];
            tail = &t[end..];
        }
        if int.is_empty() && frac.is_empty() {
            return Err(bad());
        }
        let unit_end = tail
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_end);
        let ns: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "" => return Err(Val::err(format!("time: missing unit in duration \"{s}\""))),
            _ => {
                return Err(Val::err(format!(
                    "time: unknown unit \"{unit}\" in duration \"{s}\""
                )))
            }
        };
        let v: i128 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| bad())?
        };
        let frac = frac.trim_end_matches('0');
        let scale = 10i128
            .checked_pow(frac.len() as u32)
            .filter(|sc| ns % sc == 0);
        let Some(scale) = scale else {
            return Err(Val::unknown(Type::String));
        };
        let f: i128 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        total += v.checked_mul(ns).ok_or_else(bad)? + f * (ns / scale);
        if total > i128::from(i64::MAX) + i128::from(neg) {
            return Err(bad());
        }
        rest = next;
    }
    Ok(if neg { -total } else { total })
}

fn formatdate(a: &[Val]) -> R {
    let (spec, ts) = two(a)?;
    let t = parse(&ts)?;
    let (y, mo, d, h, mi, s, wd) = fields(&t);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let month = MONTHS[(mo - 1) as usize];
    let day = DAYS[wd as usize];
    let mut out = String::new();
    for tok in tokens(&spec)? {
        let Tok::Verb(c, n) = tok else {
            if let Tok::Lit(l) = tok {
                out.push_str(&l);
            }
            continue;
        };
        let bad = || {
            Val::err(format!(
                "invalid date format verb \"{}\"",
                c.to_string().repeat(n)
            ))
        };
        let num = |v: u32| match n {
            1 => Ok(v.to_string()),
            2 => Ok(format!("{v:02}")),
            _ => Err(bad()),
        };
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        let piece = match (c, n) {
            ('Y', 2) => format!("{:02}", y.rem_euclid(100)),
            ('Y', 4) => format!("{y:04}"),
            ('M', 3) => month[..3].to_string(),
            ('M', 4) => month.to_string(),
            ('M', _) => num(mo)?,
            ('D', _) => num(d)?,
            ('E', 3) => day[..3].to_string(),
            ('E', 4) => day.to_string(),
            ('h', _) => num(h)?,
            ('H', _) => num(h12)?,
            ('m', _) => num(mi)?,
            ('s', _) => num(s)?,
            ('a', 2) => if h < 12 { "am" } else { "pm" }.to_string(),
            ('A', 2) => if h < 12 { "AM" } else { "PM" }.to_string(),
            ('Z', 1) => match t.offset.unwrap_or(0) {
                0 => "Z".to_string(),
                o => offset_text(o, true),
            },
            ('Z', 3) => match t.offset {
                None => "UTC".to_string(),
                // Go names an offset after the machine's zone when it
                // matches it: depends on where Terraform runs.
                Some(_) => return Err(Val::unknown(Type::String)),
            },
            ('Z', 4) => offset_text(t.offset.unwrap_or(0), false),
            ('Z', 5) => offset_text(t.offset.unwrap_or(0), true),
            _ => return Err(bad()),
        };
        out.push_str(&piece);
    }
    Ok(Val::str(out))
}

enum Tok {
    Lit(String),
    /// A run of one ASCII letter and its length.
    Verb(char, usize),
}

/// cty's `formatdate` tokens: runs of one letter, `'quoted'` literals
/// (`''` is a quote), other characters as they are.
fn tokens(spec: &str) -> Result<Vec<Tok>, Val> {
    let cs: Vec<char> = spec.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c == '\'' {
            if cs.get(i + 1) == Some(&'\'') {
                out.push(Tok::Lit("'".into()));
                i += 2;
                continue;
            }
            let mut lit = String::new();
            let mut j = i + 1;
            loop {
                match cs.get(j) {
                    // Go ends the literal at a doubled quote that closes
                    // the text: its second quote terminates.
                    None if j > i + 2 && cs[j - 1] == '\'' && cs[j - 2] == '\'' => {
                        j -= 1;
                        break;
                    }
                    None => return Err(Val::err("unterminated literal '")),
                    Some('\'') if cs.get(j + 1) == Some(&'\'') => {
                        lit.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&x) => {
                        lit.push(x);
                        j += 1;
                    }
                }
            }
            out.push(Tok::Lit(lit));
            i = j + 1;
        } else if c.is_ascii_alphabetic() {
            let n = cs[i..].iter().take_while(|&&x| x == c).count();
            out.push(Tok::Verb(c, n));
            i += n;
        } else {
            out.push(Tok::Lit(c.to_string()));
            i += 1;
        }
    }
    Ok(out)
}
