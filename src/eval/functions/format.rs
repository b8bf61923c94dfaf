//! `format` and `formatlist` as go-cty's stdlib implements them: its own
//! verb scanner, strings padded in grapheme clusters, and Go's `fmt` on
//! `big.Int` (`%b %d %o %x %X`) and on cty's 512-bit `big.Float`
//! (`%e %E %f %g %G`). Numbers are exact decimals here; where the float's
//! binary digits would show (a halfway case of a non-binary fraction, or
//! more digits than the float holds), the result is unknown.

use std::iter::Peekable;
use std::str::Chars;

use super::str_arg;
use super::strings::graphemes;
use crate::eval::cty::{self, convert, Num, Type, Val};

type R = Result<Val, Val>;

/// Widths and precisions beyond this give an unknown result.
const MAX_WIDTH: usize = 10_000;
/// Significant digits of a number that is not a binary fraction that we
/// print as cty does; beyond, the 512-bit float's own digits would show.
const MAX_FLOAT_DIGITS: usize = 140;

fn unknown() -> Val {
    Val::unknown(Type::String)
}

pub(super) fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "format" => format(a),
        "formatlist" => formatlist(a),
        _ => return None,
    };
    super::done(r)
}

pub(super) fn format(a: &[Val]) -> R {
    if a.is_empty() {
        return Err(Val::err("format needs a format string"));
    }
    let spec = str_arg(a, 0, &Type::String)?;
    let args = &a[1..];
    // go-cty: unknown when any argument is not wholly known; Terraform
    // also answers unknown for a null argument.
    if args.iter().any(|v| v.is_null() || !v.is_wholly_known()) {
        return Err(unknown());
    }
    format_str(&spec, args).map(Val::str)
}

pub(super) fn formatlist(a: &[Val]) -> R {
    let t = Type::list(Type::String);
    let Some((spec, rest)) = a.split_first() else {
        return Err(Val::err("formatlist needs a format string"));
    };
    let mut n: Option<usize> = None;
    for v in rest {
        if let Some(items) = v.as_seq() {
            if n.is_some_and(|n| n != items.len()) {
                return Err(Val::err("all list arguments must have the same length"));
            }
            n = Some(items.len());
        } else if v.is_unknown() {
            return Err(Val::unknown(t));
        }
    }
    let rows = n.unwrap_or(1);
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let mut row = vec![spec.clone()];
        for v in rest {
            row.push(match v.as_seq() {
                Some(items) => items.get(i).cloned().unwrap_or_else(Val::null),
                None => v.clone(),
            });
        }
        out.push(format(&row).map_err(|e| {
            if e.is_unknown() {
                Val::unknown(t.clone())
            } else {
                e
            }
        })?);
    }
    Ok(Val::list(Type::String, out))
}

#[derive(Default)]
struct Verb {
    zero: bool,
    sharp: bool,
    minus: bool,
    plus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
    arg: usize,
    mode: char,
}

fn bad_format() -> Val {
    Val::err("invalid format string")
}

fn digits(it: &mut Peekable<Chars<'_>>) -> Result<usize, Val> {
    let mut n: usize = 0;
    while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
        it.next();
        n = n.saturating_mul(10).saturating_add(d as usize);
    }
    if n > MAX_WIDTH {
        return Err(unknown());
    }
    Ok(n)
}

/// One verb after its `%`: `[flags][width][.prec][[argnum]]mode`.
fn parse_verb(it: &mut Peekable<Chars<'_>>, next_arg: usize) -> Result<Verb, Val> {
    let mut v = Verb {
        arg: next_arg,
        ..Verb::default()
    };
    while let Some(&f) = it.peek() {
        match f {
            '0' => v.zero = true,
            '#' => v.sharp = true,
            '-' => v.minus = true,
            '+' => v.plus = true,
            ' ' => v.space = true,
            _ => break,
        }
        it.next();
    }
    if it.peek().is_some_and(|c| matches!(c, '1'..='9')) {
        v.width = Some(digits(it)?);
    }
    if it.peek() == Some(&'.') {
        it.next();
        v.prec = Some(digits(it)?);
    }
    if it.peek() == Some(&'[') {
        it.next();
        if !it.peek().is_some_and(|c| matches!(c, '1'..='9')) {
            return Err(bad_format());
        }
        v.arg = digits(it)?;
        if it.next() != Some(']') {
            return Err(bad_format());
        }
    }
    v.mode = it
        .next()
        .filter(char::is_ascii_alphabetic)
        .ok_or_else(bad_format)?;
    Ok(v)
}

/// go-cty's `formatFSM`.
fn format_str(spec: &str, args: &[Val]) -> Result<String, Val> {
    let mut out = String::new();
    let mut it = spec.chars().peekable();
    let mut next_arg = 1usize;
    let mut highest = 0usize;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if it.peek() == Some(&'%') {
            it.next();
            out.push('%');
            continue;
        }
        let verb = parse_verb(&mut it, next_arg)?;
        let Some(arg) = args.get(verb.arg - 1) else {
            return Err(Val::err("not enough arguments for the format string"));
        };
        if verb.mode != 'v' && arg.is_null() {
            return Err(Val::err("null value cannot be formatted"));
        }
        let text = match verb.mode {
            'v' => as_is(&verb, arg)?,
            't' => match convert(arg, &Type::Bool) {
                Val::Bool(b) => b.to_string(),
                _ => return Err(Val::err("a bool is required")),
            },
            'b' | 'd' | 'o' | 'x' | 'X' => integer(&verb, &number(arg)?)?,
            'e' | 'E' | 'f' | 'g' | 'G' => float(&verb, &number(arg)?)?,
            's' | 'q' => string(&verb, arg)?,
            m => return Err(Val::err(format!("unsupported format verb {m:?}"))),
        };
        if out.len() + text.len() > crate::eval::budget::MAX_STRING {
            return Err(unknown());
        }
        out.push_str(&text);
        highest = highest.max(verb.arg);
        next_arg = verb.arg + 1;
    }
    if highest < args.len() {
        return Err(Val::err("too many arguments for the format string"));
    }
    Ok(out)
}

fn number(arg: &Val) -> Result<Num, Val> {
    match convert(arg, &Type::Number) {
        Val::Num(n) => Ok((*n).clone()),
        Val::Unknown(..) => Err(unknown()),
        _ => Err(Val::err("a number is required")),
    }
}

/// `%v`: strings as they are, numbers as `big.Float.Text('g', -1)`,
/// anything else (and everything with `#`) as JSON; padded by go-cty.
fn as_is(verb: &Verb, arg: &Val) -> Result<String, Val> {
    let s = match arg {
        Val::Str(s) if !verb.sharp => s.to_string(),
        Val::Num(n) if !verb.sharp => {
            let sign = if n.is_negative() { "-" } else { "" };
            format!("{sign}{}", float_text(false, 'g', None, n)?)
        }
        _ => cty::json(arg).ok_or_else(unknown)?,
    };
    pad(verb, s)
}

fn string(verb: &Verb, arg: &Val) -> Result<String, Val> {
    let mut s = match convert(arg, &Type::String) {
        Val::Str(s) => s.to_string(),
        Val::Unknown(..) => return Err(unknown()),
        _ => return Err(Val::err("a string is required")),
    };
    if let Some(p) = verb.prec.filter(|p| *p > 0) {
        s = graphemes(&s)
            .ok_or_else(unknown)?
            .into_iter()
            .take(p)
            .collect();
    }
    if verb.mode == 'q' {
        let mut quoted = String::new();
        cty::json_string(&s, &mut quoted);
        s = quoted;
    }
    pad(verb, s)
}

/// go-cty's width padding, counted in grapheme clusters.
fn pad(verb: &Verb, s: String) -> Result<String, Val> {
    let Some(width) = verb.width else {
        return Ok(s);
    };
    let len = graphemes(&s).ok_or_else(unknown)?.len();
    if len >= width {
        return Ok(s);
    }
    let fill = if verb.zero { "0" } else { " " }.repeat(width - len);
    Ok(if verb.minus { s + &fill } else { fill + &s })
}

/// The sign Go's `fmt` puts before a number.
fn sign(verb: &Verb, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    }
}

/// Go's `big.Int.Format`.
fn integer(verb: &Verb, n: &Num) -> Result<String, Val> {
    let i = n
        .to_bigint()
        .ok_or_else(|| Val::err("an integer is required"))?;
    let (radix, prefix) = match verb.mode {
        'b' => (2, "0b"),
        'o' => (8, "0"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let prefix = if verb.sharp { prefix } else { "" };
    let mut digits = i.magnitude().to_str_radix(radix);
    if verb.mode == 'X' {
        digits.make_ascii_uppercase();
    }
    let sign = sign(verb, n.is_negative());
    let mut zeros = 0;
    if let Some(p) = verb.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return Ok(String::new());
        }
    }
    let len = sign.len() + prefix.len() + zeros + digits.len();
    let (mut left, mut right) = (0, 0);
    if let Some(w) = verb.width.filter(|w| *w > len) {
        if verb.minus {
            right = w - len;
        } else if verb.zero && verb.prec.is_none() {
            zeros = w - len;
        } else {
            left = w - len;
        }
    }
    Ok(format!(
        "{}{sign}{prefix}{}{digits}{}",
        " ".repeat(left),
        "0".repeat(zeros),
        " ".repeat(right)
    ))
}

/// Go's `big.Float.Format` (`fmt.Sprintf` with a `*big.Float`).
fn float(verb: &Verb, n: &Num) -> Result<String, Val> {
    let body = float_text(true, verb.mode, verb.prec, n)?;
    let sign = sign(verb, n.is_negative());
    let len = sign.len() + body.len();
    let fill = verb.width.map_or(0, |w| w.saturating_sub(len));
    Ok(if verb.zero {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else if verb.minus {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    })
}

/// Go's `big.decimal`: `0.MANT × 10^exp`, `mant` without trailing zeros.
struct Decimal {
    mant: Vec<u8>,
    exp: i64,
    /// The number is a binary fraction: cty's float holds it exactly.
    exact: bool,
}

impl Decimal {
    /// Round to `n` digits (Go's `decimal.round`); `Err` (unknown) on a
    /// halfway case the float's binary digits would decide.
    fn round(&mut self, n: i64) -> Result<(), Val> {
        if n < 0 || n as usize >= self.mant.len() {
            return Ok(());
        }
        let n = n as usize;
        let up = if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            if !self.exact {
                return Err(unknown());
            }
            n > 0 && (self.mant[n - 1] - b'0') & 1 != 0
        } else {
            self.mant[n] >= b'5'
        };
        if up {
            let mut k = n;
            while k > 0 && self.mant[k - 1] == b'9' {
                k -= 1;
            }
            if k == 0 {
                self.mant = vec![b'1'];
                self.exp += 1;
            } else {
                self.mant[k - 1] += 1;
                self.mant.truncate(k);
            }
        } else {
            self.mant.truncate(n);
            while self.mant.last() == Some(&b'0') {
                self.mant.pop();
            }
            if self.mant.is_empty() {
                self.exp = 0;
            }
        }
        Ok(())
    }

    fn digit(&self, i: i64) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.mant.get(i))
            .map_or('0', |d| *d as char)
    }
}

/// `big.Float.Append(mode, prec)` without the sign. `default_prec`: the
/// `fmt` form (`%e`/`%f` default to 6 digits); else `Text` (shortest).
fn float_text(from_fmt: bool, mode: char, prec: Option<usize>, n: &Num) -> Result<String, Val> {
    let (digits, exp) = n.decimal();
    let mut d = Decimal {
        mant: digits.into_bytes(),
        exp,
        exact: n.is_dyadic(),
    };
    let lower = mode.to_ascii_lowercase();
    let prec: Option<i64> = match (prec, lower) {
        (Some(p), _) => Some(p as i64),
        (None, 'e' | 'f') if from_fmt => Some(6),
        _ => None,
    };
    // How many significant digits get printed: past what the float holds,
    // its binary expansion would show.
    let shown = match (prec, lower) {
        (Some(p), 'e') => p + 1,
        (Some(p), 'f') => d.exp + p,
        (Some(p), _) => p,
        (None, _) => 0,
    };
    if !d.exact && shown > MAX_FLOAT_DIGITS as i64 {
        return Err(unknown());
    }
    let e_char = if mode.is_ascii_uppercase() { 'E' } else { 'e' };
    let shortest = prec.is_none();
    let mut prec = match prec {
        Some(p) => {
            match lower {
                'e' => d.round(1 + p)?,
                'f' => d.round(d.exp + p)?,
                _ => d.round(p.max(1))?,
            }
            if lower == 'g' {
                p.max(1)
            } else {
                p
            }
        }
        None => match lower {
            'e' => d.mant.len() as i64 - 1,
            'f' => (d.mant.len() as i64 - d.exp).max(0),
            _ => d.mant.len() as i64,
        },
    };
    Ok(match lower {
        'e' => fmt_e(&d, e_char, prec),
        'f' => fmt_f(&d, prec),
        _ => {
            let len = d.mant.len() as i64;
            let mut eprec = prec;
            if eprec > len && len >= d.exp {
                eprec = len;
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.exp - 1;
            if exp < -4 || exp >= eprec {
                prec = prec.min(len);
                fmt_e(&d, e_char, prec - 1)
            } else {
                if prec > d.exp {
                    prec = len;
                }
                fmt_f(&d, (prec - d.exp).max(0))
            }
        }
    })
}

fn fmt_e(d: &Decimal, e: char, prec: i64) -> String {
    let mut s = String::new();
    s.push(d.digit(0));
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            s.push(d.digit(i));
        }
    }
    let exp = if d.mant.is_empty() { 0 } else { d.exp - 1 };
    s.push(e);
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&format!("{:02}", exp.unsigned_abs()));
    s
}

fn fmt_f(d: &Decimal, prec: i64) -> String {
    let mut s = String::new();
    if d.exp > 0 {
        for i in 0..d.exp {
            s.push(d.digit(i));
        }
    } else {
        s.push('0');
    }
    if prec > 0 {
        s.push('.');
        for i in 0..prec {
            s.push(d.digit(d.exp + i));
        }
    }
    s
}
