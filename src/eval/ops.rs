//! Operators, attribute access and indexing with HCL's rules.

use super::cty::{convert, equals, Num, Type, Val};
use crate::syntax::{BinaryOp, UnaryOp};

pub fn unary(op: UnaryOp, v: &Val) -> Val {
    match op {
        UnaryOp::Not => match convert(v, &Type::Bool) {
            Val::Bool(b) => Val::Bool(!b),
            Val::Null(_) => Val::err("operand of ! is null"),
            other => other,
        },
        UnaryOp::Neg => match convert(v, &Type::Number) {
            // cty keeps a negative zero (`-0` prints as "-0"); we do not.
            Val::Num(n) if n.is_zero() => Val::unknown(Type::Number),
            Val::Num(n) => Val::num(n.neg()),
            Val::Null(_) => Val::err("operand of - is null"),
            other => other,
        },
    }
}

/// An operand converted to `ty`: `Ok` with the value, `Err` with the
/// result to give (error or unknown).
fn operand(v: &Val, ty: &Type) -> Result<Val, Val> {
    match convert(v, ty) {
        Val::Null(_) => Err(Val::err("operand is null")),
        e @ Val::Error(_) => Err(e),
        Val::Unknown(..) => Err(Val::unknown(ty.clone())),
        x => Ok(x),
    }
}

pub fn binary(op: BinaryOp, l: &Val, r: &Val) -> Val {
    use BinaryOp::*;
    match op {
        Eq | NotEq => match equals(l, r) {
            Val::Bool(b) => Val::Bool(if op == Eq { b } else { !b }),
            other => other,
        },
        And | Or => logic(op == And, l, r),
        _ => arithmetic(op, l, r),
    }
}

fn logic(and: bool, l: &Val, r: &Val) -> Val {
    let a = operand(l, &Type::Bool);
    let b = operand(r, &Type::Bool);
    for x in [&a, &b] {
        if let Err(e @ Val::Error(_)) = x {
            return e.clone();
        }
    }
    match (a, b) {
        (Ok(Val::Bool(x)), Ok(Val::Bool(y))) => Val::Bool(if and { x && y } else { x || y }),
        // One known side can decide: `false && unknown` is false.
        (Ok(Val::Bool(x)), _) | (_, Ok(Val::Bool(x))) if x != and => Val::Bool(x),
        _ => Val::unknown(Type::Bool),
    }
}

fn arithmetic(op: BinaryOp, l: &Val, r: &Val) -> Val {
    use BinaryOp::*;
    let a = operand(l, &Type::Number);
    let b = operand(r, &Type::Number);
    let (a, b) = match (a, b) {
        (Ok(Val::Num(a)), Ok(Val::Num(b))) => (a, b),
        (Err(e @ Val::Error(_)), _) | (_, Err(e @ Val::Error(_))) => return e,
        _ => {
            let ty = if matches!(op, Less | LessEq | Greater | GreaterEq) {
                Type::Bool
            } else {
                Type::Number
            };
            return Val::unknown(ty);
        }
    };
    let num = |n: Option<Num>| {
        n.map(Val::num)
            .unwrap_or_else(|| Val::unknown(Type::Number))
    };
    match op {
        Less => Val::Bool(a < b),
        LessEq => Val::Bool(a <= b),
        Greater => Val::Bool(a > b),
        GreaterEq => Val::Bool(a >= b),
        Plus => num(a.add(&b)),
        Minus => num(a.sub(&b)),
        Mul => num(a.mul(&b)),
        // Division by zero is infinity in cty, which we do not represent.
        Div => num(a.div(&b)),
        Mod => num(a.rem(&b)),
        _ => Val::dyn_unknown(),
    }
}

pub fn get_attr(v: &Val, name: &str) -> Val {
    match v {
        Val::Object(r) => r
            .items
            .get(name)
            .cloned()
            .unwrap_or_else(|| Val::err(format!("unsupported attribute \"{name}\""))),
        Val::Map(r) => r
            .items
            .get(name)
            .cloned()
            .unwrap_or_else(|| Val::err(format!("the map has no element \"{name}\""))),
        Val::Unknown(Type::Object(m), _) => match m.get(name) {
            Some(t) => Val::unknown(t.clone()),
            None => Val::err(format!("unsupported attribute \"{name}\"")),
        },
        Val::Unknown(Type::Map(t), _) => Val::unknown((**t).clone()),
        Val::Unknown(Type::Dynamic, why) => Val::Unknown(Type::Dynamic, why.clone()),
        Val::Error(_) => v.clone(),
        Val::Null(_) => Val::err("attempt to get attribute from null value"),
        _ => Val::err(format!(
            "cannot get attribute \"{name}\" of a {}",
            v.ty().friendly()
        )),
    }
}

pub fn index(v: &Val, i: &Val) -> Val {
    if let Val::Error(_) = i {
        return i.clone();
    }
    match v {
        Val::Error(_) => v.clone(),
        Val::Null(_) => Val::err("attempt to index a null value"),
        Val::Set(_) => Val::err("elements of a set cannot be accessed by index"),
        Val::List(_) | Val::Tuple(_) => {
            let items = v.as_seq().unwrap_or(&[]);
            match convert(i, &Type::Number) {
                Val::Num(n) => match n.to_i64().and_then(|n| usize::try_from(n).ok()) {
                    Some(k) => items
                        .get(k)
                        .cloned()
                        .unwrap_or_else(|| Val::err("the given index is out of range")),
                    None => Val::err("index must be a whole number in range"),
                },
                Val::Unknown(..) => Val::dyn_unknown(),
                Val::Null(_) => Val::err("index is null"),
                e => e,
            }
        }
        Val::Map(_) | Val::Object(_) => match convert(i, &Type::String) {
            Val::Str(k) => get_attr(v, &k),
            Val::Unknown(..) => Val::dyn_unknown(),
            Val::Null(_) => Val::err("index is null"),
            e => e,
        },
        Val::Unknown(t, why) => match t {
            Type::List(e) | Type::Map(e) => Val::unknown((**e).clone()),
            _ => Val::Unknown(Type::Dynamic, why.clone()),
        },
        _ => Val::err(format!("cannot index a {}", v.ty().friendly())),
    }
}

/// Key/value pairs a `for` walks. `Ok(None)` when the collection is unknown.
pub fn iterate(v: &Val) -> Result<Option<Vec<(Val, Val)>>, Val> {
    match v {
        Val::List(s) | Val::Tuple(s) => Ok(Some(
            s.items
                .iter()
                .enumerate()
                .map(|(i, x)| (Val::num(Num::from_usize(i)), x.clone()))
                .collect(),
        )),
        Val::Set(s) => Ok(Some(
            s.items.iter().map(|x| (x.clone(), x.clone())).collect(),
        )),
        Val::Map(r) | Val::Object(r) => Ok(Some(
            r.items
                .iter()
                .map(|(k, x)| (Val::str(k.as_str()), x.clone()))
                .collect(),
        )),
        Val::Unknown(..) => Ok(None),
        Val::Error(_) => Err(v.clone()),
        Val::Null(_) => Err(Val::err("cannot iterate over a null value")),
        _ => Err(Val::err(format!(
            "cannot iterate over a {}",
            v.ty().friendly()
        ))),
    }
}
