//! cty's arithmetic, emulated: numbers are 512-bit binary floats (rounded
//! to nearest, ties to even) and print as the shortest decimal that reads
//! back to the same float at that precision (`big.Float.Text('f', -1)`).
//! Our numbers are kept as that shortest decimal, which reads back to
//! exactly the float cty holds, so an operation is: both operands to
//! binary, the exact result, rounded to 512 bits, then the shortest decimal.

use bigdecimal::num_bigint::{BigInt, BigUint, Sign};
use bigdecimal::{BigDecimal, Zero};
use std::cmp::Ordering;

/// cty's precision for numbers parsed from source or strings.
pub const PREC: u64 = 512;

/// `sign · m · 2^e`, `m < 2^PREC`; zero is `m == 0`.
#[derive(Debug, Clone)]
struct Bin {
    neg: bool,
    m: BigUint,
    e: i64,
}

/// The operations cty computes in binary.
#[derive(Debug, Clone, Copy)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    /// cty's `Modulo`: `a - b · trunc(a / b)`, each step rounded to 512
    /// bits; `a % 0` is `a`.
    Rem,
}

/// `a op b` as cty computes and prints it; `None` for division by zero,
/// a zero whose sign cty keeps (`0 * -7` is `-0`), or exponents beyond
/// what we handle.
pub fn apply(a: &BigDecimal, op: Op, b: &BigDecimal) -> Option<BigDecimal> {
    let (x, y) = (to_bin(a)?, to_bin(b)?);
    let r = match op {
        Op::Add => add(&x, &y),
        Op::Sub => add(&x, &Bin { neg: !y.neg, ..y }),
        Op::Mul => {
            let neg = x.neg != y.neg;
            if (x.m.is_zero() || y.m.is_zero()) && neg {
                return None;
            }
            round(neg, x.m * y.m, BigUint::from(1u8), x.e + y.e)
        }
        Op::Div => {
            if y.m.is_zero() || (x.m.is_zero() && y.neg) {
                return None;
            }
            round(x.neg != y.neg, x.m, y.m, x.e - y.e)
        }
        Op::Rem => {
            if y.m.is_zero() {
                return Some(a.clone());
            }
            let q = round(x.neg != y.neg, x.m.clone(), y.m.clone(), x.e - y.e);
            let t = trunc(&q);
            let p = round(y.neg != t.neg, &y.m * &t.m, BigUint::from(1u8), y.e + t.e);
            add(&x, &Bin { neg: !p.neg, ..p })
        }
    };
    if r.e.abs() > 8 * PREC as i64 {
        return None;
    }
    Some(shortest(&r))
}

/// The integer part, toward zero.
fn trunc(q: &Bin) -> Bin {
    if q.e >= 0 {
        return q.clone();
    }
    Bin {
        neg: q.neg,
        m: &q.m >> q.e.unsigned_abs(),
        e: 0,
    }
}

fn add(x: &Bin, y: &Bin) -> Bin {
    let e = x.e.min(y.e);
    let xm = BigInt::from_biguint(sign(x.neg), x.m.clone() << (x.e - e) as u64);
    let ym = BigInt::from_biguint(sign(y.neg), y.m.clone() << (y.e - e) as u64);
    let s = xm + ym;
    let (sg, m) = s.into_parts();
    round(sg == Sign::Minus, m, BigUint::from(1u8), e)
}

fn sign(neg: bool) -> Sign {
    if neg {
        Sign::Minus
    } else {
        Sign::Plus
    }
}

/// A decimal as cty holds it: rounded to `PREC` bits. `None` beyond the
/// exponents we handle.
fn to_bin(d: &BigDecimal) -> Option<Bin> {
    let (i, scale) = d.normalized().as_bigint_and_exponent();
    if scale.abs() > 2000 {
        return None;
    }
    let (sg, mag) = i.into_parts();
    let neg = sg == Sign::Minus;
    let five = BigUint::from(5u8);
    Some(if scale >= 0 {
        round(neg, mag, five.pow(scale as u32), -scale)
    } else {
        let t = scale.unsigned_abs() as u32;
        round(neg, mag * five.pow(t), BigUint::from(1u8), i64::from(t))
    })
}

/// `num / den · 2^e` rounded to `PREC` bits, ties to even.
fn round(neg: bool, num: BigUint, den: BigUint, e: i64) -> Bin {
    if num.is_zero() {
        return Bin { neg, m: num, e: 0 };
    }
    // Scale so that the quotient has at least PREC + 2 bits.
    let k = PREC as i64 + 2 + den.bits() as i64 - num.bits() as i64;
    let (n, d) = if k >= 0 {
        (num << k as u64, den)
    } else {
        (num, den << k.unsigned_abs())
    };
    let q = &n / &d;
    let sticky = !(&n % &d).is_zero();
    let s = q.bits() - PREC;
    let one = BigUint::from(1u8);
    let mut m = &q >> s;
    let rest = &q - (&m << s);
    let half = &one << (s - 1);
    let up = match rest.cmp(&half) {
        Ordering::Greater => true,
        Ordering::Equal => sticky || m.bit(0),
        Ordering::Less => false,
    };
    let mut shift = s as i64;
    if up {
        m += one;
        if m.bits() > PREC {
            m >>= 1u8;
            shift += 1;
        }
    }
    Bin {
        neg,
        m,
        e: e - k + shift,
    }
}

/// `m · 2^e` exactly, as a decimal.
fn exact(neg: bool, m: &BigUint, e: i64) -> BigDecimal {
    let v = if e >= 0 {
        BigDecimal::from(BigInt::from_biguint(Sign::Plus, m << e as u64))
    } else {
        let t = e.unsigned_abs();
        let n = m * BigUint::from(5u8).pow(t as u32);
        BigDecimal::new(BigInt::from_biguint(Sign::Plus, n), t as i64)
    };
    if neg {
        -v
    } else {
        v
    }
}

/// The shortest decimal that rounds back to `x` at `PREC` bits; when
/// several have that length, the nearest (Go's `roundShortest`).
fn shortest(x: &Bin) -> BigDecimal {
    if x.m.is_zero() {
        return BigDecimal::zero();
    }
    // x = m2 · 2^e2 with the lowest bit of m2 worth half an ulp.
    let up = PREC + 1 - x.m.bits();
    let m2 = &x.m << up;
    let e2 = x.e - up as i64;
    let one = BigUint::from(1u8);
    let lower = exact(false, &(&m2 - &one), e2);
    let upper = exact(false, &(&m2 + &one), e2);
    let inclusive = !m2.bit(1);
    let value = exact(false, &x.m, x.e).normalized();
    let (digits, scale) = value.as_bigint_and_exponent();
    let ds = digits.to_string();
    // value = 0.ds · 10^point
    let point = ds.len() as i64 - scale;
    for n in 1..=ds.len() {
        let unit_scale = n as i64 - point;
        let down = BigDecimal::new(digits_prefix(&ds, n), unit_scale);
        let up = &down + BigDecimal::new(BigInt::from(1u8), unit_scale);
        let ok_down = down > lower || (inclusive && down == lower);
        let ok_up = up < upper || (inclusive && up == upper);
        let pick = match (ok_down, ok_up) {
            (true, true) => Some(if rounds_up(&ds, n) { up } else { down }),
            (true, false) => Some(down),
            (false, true) => Some(up),
            (false, false) => None,
        };
        if let Some(p) = pick {
            let p = p.normalized();
            return if x.neg { -p } else { p };
        }
    }
    if x.neg {
        -value
    } else {
        value
    }
}

fn digits_prefix(ds: &str, n: usize) -> BigInt {
    ds.get(..n).and_then(|p| p.parse().ok()).unwrap_or_default()
}

/// Go's `shouldRoundUp` on the exact digits: nearest, exact halves to even.
fn rounds_up(ds: &str, n: usize) -> bool {
    let b = ds.as_bytes();
    match b.get(n) {
        Some(b'5') if n + 1 == b.len() => n > 0 && (b[n - 1] - b'0') % 2 == 1,
        Some(&c) => c >= b'5',
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn calc(a: &str, op: Op, b: &str) -> Option<String> {
        let a = BigDecimal::from_str(a).unwrap();
        let b = BigDecimal::from_str(b).unwrap();
        apply(&a, op, &b).map(|d| d.to_plain_string())
    }

    #[test]
    fn binary_fractions_are_exact() {
        assert_eq!(calc("1.5", Op::Mul, "2").as_deref(), Some("3"));
        assert_eq!(calc("0.5", Op::Add, "0.25").as_deref(), Some("0.75"));
        assert_eq!(calc("10", Op::Div, "4").as_deref(), Some("2.5"));
        assert_eq!(calc("1", Op::Div, "5").as_deref(), Some("0.2"));
        assert_eq!(calc("7", Op::Sub, "7").as_deref(), Some("0"));
    }

    #[test]
    fn decimals_show_the_binary_rounding_as_terraform_prints_it() {
        // Terraform 1.11 `terraform console` answers.
        let t = "568.64999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999995";
        assert_eq!(calc("568.55", Op::Add, "0.1").as_deref(), Some(t));
        let t = "0.020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001";
        assert_eq!(calc("0.2", Op::Mul, "0.1").as_deref(), Some(t));
    }

    #[test]
    fn remainders_round_each_step_as_cty_does() {
        let t = "1.5499999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999847";
        assert_eq!(calc("568.55", Op::Rem, "3").as_deref(), Some(t));
        assert_eq!(calc("-7", Op::Rem, "2").as_deref(), Some("-1"));
        assert_eq!(calc("7", Op::Rem, "-2").as_deref(), Some("1"));
        assert_eq!(calc("2.5", Op::Rem, "1").as_deref(), Some("0.5"));
        assert_eq!(calc("5", Op::Rem, "0").as_deref(), Some("5"));
    }

    #[test]
    fn signed_zero_is_unknown() {
        assert_eq!(calc("0", Op::Mul, "-7"), None);
        assert_eq!(calc("0", Op::Div, "-7"), None);
        assert_eq!(calc("1", Op::Div, "0"), None);
    }
}
