//! Numeric functions on exact decimals; results we cannot print exactly as
//! cty would (irrational logarithms, huge powers) are unknown.

use super::{arity, done, int_arg, num_arg, str_arg};
use crate::eval::cty::{convert, Num, Type, Val};

type R = Result<Val, Val>;

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "abs" => one(a).map(|x| Val::num(x.abs())),
        "ceil" => one(a).map(|x| Val::num(x.ceil())),
        "floor" => one(a).map(|x| Val::num(x.floor())),
        // Terraform reads signum's argument as a 64-bit integer.
        "signum" => one(a).and_then(|x| match x.to_i64() {
            Some(_) => Ok(Val::num(x.signum())),
            None => Err(Val::err(
                "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
            )),
        }),
        "max" | "min" => fold(a, name == "max"),
        "pow" => pow(a),
        "log" => log(a),
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
    // Terraform computes `math.Pow` in float64 and prints the shortest
    // decimal for 53 bits: the exact power is that only when float64 holds
    // it and it prints in full (an integer up to 2^53, or a binary
    // fraction of at most 15 digits). `pow(2, 64)` prints as
    // 18446744073709550000 there: unknown here.
    let small_int = acc.to_i64().is_some_and(|i| i.unsigned_abs() <= 1 << 53);
    let short = acc.is_dyadic() && acc.decimal().0.len() <= 15;
    if !(small_int || short) {
        return Err(Val::unknown(Type::Number));
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

/// `log(x, base)` as Terraform computes it: `math.Log(x) / math.Log(base)`
/// in float64. Infinite results (a JSON text cannot hold them), negative
/// zero are unknown; NaN is an error.
fn log(a: &[Val]) -> R {
    arity(a, 2)?;
    let x = num_arg(a, 0, &Type::Number)?.to_f64();
    let base = num_arg(a, 1, &Type::Number)?.to_f64();
    let r = go_log(x) / go_log(base);
    // cty cannot hold NaN: Terraform's call fails.
    if r.is_nan() {
        return Err(Val::err("the logarithm is not a number"));
    }
    if r.is_infinite() || (r == 0.0 && r.is_sign_negative()) {
        return Err(Val::unknown(Type::Number));
    }
    Num::from_f64(r)
        .map(Val::num)
        .ok_or_else(|| Val::unknown(Type::Number))
}

/// Go's `math.Log` (FreeBSD's `e_log.c`, constants by their bits),
/// operation for operation, so that results agree to the last bit.
fn go_log(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const L1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
    const L2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
    const L3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
    const L4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
    const L5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
    const L6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
    const L7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    let (mut f1, mut ki) = frexp(x);
    if f1 < std::f64::consts::SQRT_2 / 2.0 {
        f1 *= 2.0;
        ki -= 1;
    }
    let f = f1 - 1.0;
    let k = f64::from(ki);
    let s = f / (2.0 + f);
    let s2 = s * s;
    let s4 = s2 * s2;
    let t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
    let t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
    let r = t1 + t2;
    let hfsq = 0.5 * f * f;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

/// Go's `math.Frexp` for a finite, non-zero x: x = frac * 2^exp, frac in [0.5, 1).
fn frexp(x: f64) -> (f64, i32) {
    let (x, adj) = if x.abs() < f64::MIN_POSITIVE {
        (x * (1u64 << 52) as f64, -52)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1022 + adj;
    let frac = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (frac, exp)
}
