//! Terraform's numbers. cty computes with 512-bit binary floats and prints
//! the shortest decimal that reads back to the same float. We keep that
//! shortest decimal; integer arithmetic is exact, and the rest emulates
//! cty's floats (`binfloat`), so `568.55 + 0.1` prints as Terraform prints
//! it. What we cannot reproduce (a signed zero, a remainder of decimals,
//! exponents beyond `MAX_SCALE`) is unknown rather than a guess.

use super::binfloat::{self, Op};
use bigdecimal::{BigDecimal, One, Signed, ToPrimitive, Zero};
use std::str::FromStr;

/// Significant digits of a number read from text that cty's 512-bit float
/// holds closely enough to print back the same.
const MAX_DIGITS: u64 = 120;
/// Integers up to this many digits fit in 512 bits: exact in cty.
const MAX_INTEGER_DIGITS: u64 = 150;
/// Largest decimal exponent we handle (cty's floats reach further; beyond
/// this we say unknown).
const MAX_SCALE: i64 = 2000;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(BigDecimal);

impl Num {
    /// Read a number as cty reads a literal or a string: decimal digits, an
    /// optional fraction and exponent. `None` when it is not a number or is
    /// beyond what we represent exactly.
    pub fn parse(s: &str) -> Option<Num> {
        let t = s.strip_prefix('+').unwrap_or(s);
        let ok = !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            && t.chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '.');
        if !ok || t.len() > 400 {
            return None;
        }
        Num::checked(BigDecimal::from_str(t).ok()?)
    }

    fn checked(d: BigDecimal) -> Option<Num> {
        let d = d.normalized();
        let (_, scale) = d.as_bigint_and_exponent();
        if d.digits() > MAX_DIGITS || scale.abs() > MAX_SCALE {
            return None;
        }
        Some(Num(d))
    }

    pub fn from_i64(n: i64) -> Num {
        Num(BigDecimal::from(n))
    }

    pub fn from_usize(n: usize) -> Num {
        Num(BigDecimal::from(n as u64))
    }

    /// A float from a legacy computation (shortest repr of the f64).
    pub fn from_f64(n: f64) -> Option<Num> {
        if !n.is_finite() {
            return None;
        }
        Num::parse(&format!("{n}"))
    }

    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    /// The value as an integer, when it is one and fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.0.is_integer() {
            self.0.to_i64()
        } else {
            None
        }
    }

    /// The value as an integer, when it is one and fits in 128 bits.
    pub fn to_i128(&self) -> Option<i128> {
        if self.0.is_integer() {
            self.0.to_i128()
        } else {
            None
        }
    }

    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    pub fn add(&self, o: &Num) -> Option<Num> {
        self.binary(o, Op::Add, |a, b| a + b)
    }
    pub fn sub(&self, o: &Num) -> Option<Num> {
        self.binary(o, Op::Sub, |a, b| a - b)
    }
    pub fn mul(&self, o: &Num) -> Option<Num> {
        self.binary(o, Op::Mul, |a, b| a * b)
    }

    /// `self op o` as cty computes it: exactly for integers that stay
    /// within 512 bits (and are not a zero cty would sign), else by
    /// emulating cty's 512-bit floats (`binfloat`).
    fn binary(
        &self,
        o: &Num,
        op: Op,
        exact: fn(&BigDecimal, &BigDecimal) -> BigDecimal,
    ) -> Option<Num> {
        if self.0.is_integer() && o.0.is_integer() && !matches!(op, Op::Div) {
            let r = exact(&self.0, &o.0);
            let signed_zero =
                r.is_zero() && matches!(op, Op::Mul) && self.is_negative() != o.is_negative();
            if !signed_zero && r.digits() <= MAX_INTEGER_DIGITS {
                return Num::checked(r);
            }
        }
        Num::computed(binfloat::apply(&self.0, op, &o.0)?)
    }

    /// A result of `binfloat`: already as cty prints it, up to the about
    /// 155 digits 512 bits give.
    fn computed(d: BigDecimal) -> Option<Num> {
        let d = d.normalized();
        let (_, scale) = d.as_bigint_and_exponent();
        (d.digits() <= 200 && scale.abs() <= MAX_SCALE).then_some(Num(d))
    }
    pub fn neg(&self) -> Num {
        Num(-self.0.clone())
    }
    pub fn abs(&self) -> Num {
        Num(self.0.abs())
    }

    /// `None` when the quotient does not terminate within our digits (cty
    /// would round it in binary; we cannot print that exactly).
    pub fn div(&self, o: &Num) -> Option<Num> {
        self.binary(o, Op::Div, |a, _| a.clone())
    }

    /// Go's `%` on cty numbers: the remainder has the dividend's sign;
    /// `x % 0` is `x` in Terraform.
    pub fn rem(&self, o: &Num) -> Option<Num> {
        if !(self.0.is_integer() && o.0.is_integer()) {
            return Num::computed(binfloat::apply(&self.0, Op::Rem, &o.0)?);
        }
        if o.0.is_zero() {
            return Some(self.clone());
        }
        let q = (&self.0 / &o.0).with_scale(0);
        Num::checked(&self.0 - &(q * &o.0))
    }

    pub fn floor(&self) -> Num {
        Num(self
            .0
            .with_scale_round(0, bigdecimal::RoundingMode::Floor)
            .normalized())
    }
    pub fn ceil(&self) -> Num {
        Num(self
            .0
            .with_scale_round(0, bigdecimal::RoundingMode::Ceiling)
            .normalized())
    }
    pub fn signum(&self) -> Num {
        if self.0.is_zero() {
            Num::from_i64(0)
        } else if self.0.is_negative() {
            Num::from_i64(-1)
        } else {
            Num(BigDecimal::one())
        }
    }

    /// The decimal digits of the absolute value, without trailing zeros,
    /// and the exponent `e` such that the value is `0.DIGITS × 10^e` (Go's
    /// `big.decimal`); zero is `("", 0)`.
    pub fn decimal(&self) -> (String, i64) {
        let d = self.0.normalized();
        if d.is_zero() {
            return (String::new(), 0);
        }
        let (digits, scale) = d.as_bigint_and_exponent();
        let s = digits.abs().to_string();
        let exp = s.len() as i64 - scale;
        (s.trim_end_matches('0').to_string(), exp)
    }

    /// Whether the value is exactly a binary fraction (`m / 2^k`), so that
    /// cty's 512-bit float holds it exactly (true of every such value we
    /// represent: at most `MAX_DIGITS` digits).
    pub fn is_dyadic(&self) -> bool {
        let d = self.0.normalized();
        let (_, scale) = d.as_bigint_and_exponent();
        if scale <= 0 {
            return true;
        }
        let two = bigdecimal::num_bigint::BigInt::from(2u8);
        (d * BigDecimal::from(two.pow(scale as u32))).is_integer()
    }

    /// The value as a big integer, when it is one.
    pub fn to_bigint(&self) -> Option<bigdecimal::num_bigint::BigInt> {
        if !self.0.is_integer() {
            return None;
        }
        Some(self.0.with_scale(0).as_bigint_and_exponent().0)
    }

    /// As Terraform prints a number (`big.Float.Text('f', -1)`): plain
    /// decimal, no exponent, no trailing zeros.
    pub fn text(&self) -> String {
        let d = self.0.normalized();
        if d.is_zero() {
            return "0".into();
        }
        let (digits, scale) = d.as_bigint_and_exponent();
        let neg = digits.is_negative();
        let mut s = digits.abs().to_string();
        if scale <= 0 {
            s.push_str(&"0".repeat(scale.unsigned_abs() as usize));
        } else {
            let scale = scale as usize;
            if s.len() <= scale {
                s = format!("0.{}{}", "0".repeat(scale - s.len()), s);
            } else {
                s.insert(s.len() - scale, '.');
            }
        }
        if neg {
            s.insert(0, '-');
        }
        s
    }
}
