//! Numeric functions on exact decimals; results we cannot print exactly as
//! cty would (irrational logarithms, huge powers) are unknown.

use super::{arity, done, int_arg, num_arg, str_arg};
use crate::eval::cty::{convert, Num, Type, Val};

type R = Result<Val, Val>;

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let n = Type::Number;
    let r = match name {
        "abs" => one(a).map(|x| Val::num(x.abs())),
        "ceil" => one(a).map(|x| Val::num(x.ceil())),
        "floor" => one(a).map(|x| Val::num(x.floor())),
        "signum" => one(a).map(|x| Val::num(x.signum())),
        "max" | "min" => fold(a, name == "max"),
        "pow" => pow(a),
        "log" => Err(Val::unknown(n)),
        "parseint" => parseint(a),
        _ => return None,
    };
    done(r)
}

fn one(a: &[Val]) -> Result<Num, Val> {
    arity(a, 1)?;
    num_arg(a, 0, &Type::Number)
}

fn fold(a: &[Val], max: bool) -> R {
    if a.is_empty() {
        return Err(Val::err("must pass at least one number"));
    }
    let mut best: Option<Num> = None;
    for i in 0..a.len() {
        let x = num_arg(a, i, &Type::Number)?;
        best = Some(match best {
            Some(b) if (max && b >= x) || (!max && b <= x) => b,
            _ => x,
        });
    }
    best.map(Val::num).ok_or_else(|| Val::unknown(Type::Number))
}

/// `pow` for whole exponents we can compute exactly; other results are
/// irrational or rounded by cty in binary: unknown.
fn pow(a: &[Val]) -> R {
    arity(a, 2)?;
    let base = num_arg(a, 0, &Type::Number)?;
    let exp = num_arg(a, 1, &Type::Number)?;
    let Some(e) = exp.to_i64().filter(|e| (0..=256).contains(e)) else {
        return Err(Val::unknown(Type::Number));
    };
    let mut acc = Num::from_i64(1);
    for _ in 0..e {
        acc = acc.mul(&base).ok_or_else(|| Val::unknown(Type::Number))?;
    }
    Ok(Val::num(acc))
}

fn parseint(a: &[Val]) -> R {
    arity(a, 2)?;
    let s = str_arg(a, 0, &Type::Number)?;
    let base = int_arg(a, 1, &Type::Number)?;
    if !(2..=62).contains(&base) {
        return Err(Val::err(
            "base must be a whole number between 2 and 62 inclusive",
        ));
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() || digits.len() > 100 {
        return Err(Val::err("cannot parse as an integer"));
    }
    let mut acc = Num::from_i64(0);
    let b = Num::from_i64(base);
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            // Go's big.Int: for bases up to 36, letters of either case.
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => {
                return Err(Val::err(format!(
                    "cannot parse \"{s}\" as a base {base} integer"
                )))
            }
        };
        if d >= base {
            return Err(Val::err(format!(
                "cannot parse \"{s}\" as a base {base} integer"
            )));
        }
        acc = acc
            .mul(&b)
            .and_then(|x| x.add(&Num::from_i64(d)))
            .ok_or_else(|| Val::unknown(Type::Number))?;
    }
    let v = Val::num(if neg { acc.neg() } else { acc });
    Ok(convert(&v, &Type::Number))
}
