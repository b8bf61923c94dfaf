//! A total order on values, for sets. cty orders sets of strings, numbers and
//! bools by value (what `jsonencode(toset(...))` shows); sets of collections
//! are ordered by hash in cty, which we do not reproduce.

use std::cmp::Ordering;

use super::val::Val;

fn rank(v: &Val) -> u8 {
    match v {
        Val::Null(_) => 0,
        Val::Bool(_) => 1,
        Val::Num(_) => 2,
        Val::Str(_) => 3,
        Val::List(_) => 4,
        Val::Set(_) => 5,
        Val::Tuple(_) => 6,
        Val::Map(_) => 7,
        Val::Object(_) => 8,
        Val::Unknown(..) => 9,
        Val::Error(_) => 10,
    }
}

pub fn cmp(a: &Val, b: &Val) -> Ordering {
    match (a, b) {
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        (Val::Num(x), Val::Num(y)) => x.cmp(y),
        (Val::Str(x), Val::Str(y)) => x.cmp(y),
        (Val::List(x), Val::List(y))
        | (Val::Set(x), Val::Set(y))
        | (Val::Tuple(x), Val::Tuple(y)) => seq_cmp(&x.items, &y.items),
        (Val::Map(x), Val::Map(y)) | (Val::Object(x), Val::Object(y)) => {
            let xs = x.items.iter();
            let ys = y.items.iter();
            for ((ka, va), (kb, vb)) in xs.zip(ys) {
                let o = ka.cmp(kb).then_with(|| cmp(va, vb));
                if o.is_ne() {
                    return o;
                }
            }
            x.items.len().cmp(&y.items.len())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

fn seq_cmp(a: &[Val], b: &[Val]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = cmp(x, y);
        if o.is_ne() {
            return o;
        }
    }
    a.len().cmp(&b.len())
}
