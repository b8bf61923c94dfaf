//! cty's conversions (`convert.Convert`, the "unsafe" ones Terraform allows
//! for arguments and variables), type unification and equality.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::num::Num;
use super::ty::Type;
use super::val::Val;

/// Convert `v` to type `to`, or an error value saying why not.
pub fn convert(v: &Val, to: &Type) -> Val {
    if *to == Type::Dynamic {
        return v.clone();
    }
    match v {
        Val::Error(_) => return v.clone(),
        Val::Null(_) => return Val::Null(to.clone()),
        Val::Unknown(t, why) => {
            // An unknown of a known, different type still has to convert.
            if *t != Type::Dynamic && unify(&[t.clone(), to.clone()]).is_none() {
                return mismatch(t, to);
            }
            return Val::Unknown(to.clone(), why.clone());
        }
        _ => {}
    }
    match to {
        Type::Dynamic => v.clone(),
        Type::String => match v {
            Val::Str(_) => v.clone(),
            Val::Num(n) => Val::str(n.text()),
            Val::Bool(b) => Val::str(b.to_string()),
            _ => mismatch(&v.ty(), to),
        },
        Type::Number => match v {
            Val::Num(_) => v.clone(),
            Val::Str(s) => string_to_number(s),
            _ => mismatch(&v.ty(), to),
        },
        Type::Bool => match v {
            Val::Bool(_) => v.clone(),
            Val::Str(s) if &**s == "true" => Val::Bool(true),
            Val::Str(s) if &**s == "false" => Val::Bool(false),
            // cty 1.14+: "1" and "0" are bools too.
            Val::Str(s) if &**s == "1" => Val::Bool(true),
            Val::Str(s) if &**s == "0" => Val::Bool(false),
            Val::Str(_) => Val::err("a bool is required"),
            _ => mismatch(&v.ty(), to),
        },
        Type::List(e) | Type::Set(e) => {
            let Some(items) = v.as_seq() else {
                return mismatch(&v.ty(), to);
            };
            let set = matches!(to, Type::Set(_));
            collection(items.to_vec(), e, set)
        }
        Type::Map(e) => {
            let Some(items) = v.as_rec() else {
                return mismatch(&v.ty(), to);
            };
            let mut out = BTreeMap::new();
            for (k, x) in items {
                out.insert(k.clone(), convert(x, e));
            }
            if let Some(err) = out.values().find(|x| x.is_error()) {
                return err.clone();
            }
            let tys: Vec<Type> = out
                .values()
                .filter(|x| !is_dyn_null(x))
                .map(Val::ty)
                .collect();
            match settle(&tys, e) {
                Some(t) => {
                    let out = out.into_iter().map(|(k, x)| (k, convert(&x, &t))).collect();
                    Val::map(t, out)
                }
                None => Val::err("all map elements must have the same type"),
            }
        }
        Type::Tuple(ts) => {
            let Some(items) = v.as_seq().filter(|_| !matches!(v, Val::Set(_))) else {
                return mismatch(&v.ty(), to);
            };
            if items.len() != ts.len() {
                return Val::err(format!("tuple required with {} elements", ts.len()));
            }
            let out: Vec<Val> = items.iter().zip(ts).map(|(x, t)| convert(x, t)).collect();
            first_error(&out).unwrap_or_else(|| Val::tuple(out))
        }
        Type::Object(attrs) => {
            let Some(items) = v.as_rec() else {
                return mismatch(&v.ty(), to);
            };
            let mut out = BTreeMap::new();
            for (k, t) in attrs {
                match items.get(k) {
                    Some(x) => out.insert(k.clone(), convert(x, t)),
                    None => return Val::err(format!("attribute \"{k}\" is required")),
                };
            }
            let out_vals: Vec<Val> = out.values().cloned().collect();
            first_error(&out_vals).unwrap_or_else(|| Val::object(out))
        }
    }
}

fn is_dyn_null(v: &Val) -> bool {
    matches!(v, Val::Null(Type::Dynamic))
}

fn first_error(items: &[Val]) -> Option<Val> {
    items.iter().find(|x| x.is_error()).cloned()
}

fn mismatch(from: &Type, to: &Type) -> Val {
    Val::err(format!(
        "{} required, got {}",
        to.friendly(),
        from.friendly()
    ))
}

fn string_to_number(s: &str) -> Val {
    match Num::parse(s) {
        Some(n) => Val::num(n),
        // A well-formed number beyond what we print exactly.
        None if bigdecimal::BigDecimal::from_str_radix_ok(s) => Val::unknown(Type::Number),
        None => Val::err(format!("a number is required, got \"{s}\"")),
    }
}

/// Helper trait so the check above reads plainly.
trait ParseOk {
    fn from_str_radix_ok(s: &str) -> bool;
}
impl ParseOk for bigdecimal::BigDecimal {
    fn from_str_radix_ok(s: &str) -> bool {
        <bigdecimal::BigDecimal as std::str::FromStr>::from_str(s).is_ok()
    }
}

/// The element type a collection converted to `elem` ends with: `elem`
/// itself when it is concrete, else the unification of the items' types.
fn settle(tys: &[Type], elem: &Type) -> Option<Type> {
    if !elem.has_dynamic() {
        return Some(elem.clone());
    }
    if tys.is_empty() {
        return Some(elem.clone());
    }
    unify(tys)
}

/// Build a list or set of `elem` from items, converting and unifying.
pub fn collection(items: Vec<Val>, elem: &Type, set: bool) -> Val {
    let conv: Vec<Val> = items.iter().map(|x| convert(x, elem)).collect();
    if let Some(e) = first_error(&conv) {
        return e;
    }
    let dyn_unknown = |x: &Val| matches!(x, Val::Unknown(Type::Dynamic, _));
    let tys: Vec<Type> = conv
        .iter()
        .filter(|x| !is_dyn_null(x) && !dyn_unknown(x))
        .map(Val::ty)
        .collect();
    let Some(t) = settle(&tys, elem) else {
        return Val::err("all list elements must have the same type");
    };
    // An item of unknown type could change the unified type, except when
    // the others already unify to string (everything primitive converts).
    if elem.has_dynamic() && conv.iter().any(dyn_unknown) && t != Type::String {
        let kind = if set {
            Type::set(Type::Dynamic)
        } else {
            Type::list(Type::Dynamic)
        };
        return Val::unknown(kind);
    }
    let conv: Vec<Val> = conv.iter().map(|x| convert(x, &t)).collect();
    if let Some(e) = first_error(&conv) {
        return e;
    }
    if set {
        // cty's sets hold a null like any other value (once).
        Val::set(t, conv)
    } else {
        Val::list(t, conv)
    }
}

/// cty's unsafe type unification: the one type all of `tys` convert to.
pub fn unify(tys: &[Type]) -> Option<Type> {
    let first = tys.first()?;
    if tys.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    // go-cty (Terraform 1.11): beside primitive types, a dynamic one
    // converts to what they unify to; beside structural ones, the result
    // is dynamic.
    let concrete: Vec<Type> = tys
        .iter()
        .filter(|t| **t != Type::Dynamic)
        .cloned()
        .collect();
    if concrete.len() < tys.len() {
        if concrete.is_empty() || !concrete.iter().all(Type::is_primitive) {
            return Some(Type::Dynamic);
        }
        return unify(&concrete);
    }
    if tys.iter().all(Type::is_primitive) {
        // Numbers and bools both become strings, but never each other.
        return tys.contains(&Type::String).then_some(Type::String);
    }
    let all = |f: fn(&Type) -> bool| tys.iter().all(f);
    if all(|t| matches!(t, Type::List(_))) {
        return Some(Type::list(unify(&elems(tys))?));
    }
    if all(|t| matches!(t, Type::Set(_))) {
        return Some(Type::set(unify(&elems(tys))?));
    }
    if all(|t| matches!(t, Type::Object(_))) {
        let keys: Vec<Vec<&String>> = tys
            .iter()
            .filter_map(|t| match t {
                Type::Object(m) => Some(m.keys().collect()),
                _ => None,
            })
            .collect();
        if keys.iter().all(|k| Some(k) == keys.first()) {
            let mut out = BTreeMap::new();
            for k in keys.first()? {
                let ts: Vec<Type> = tys.iter().filter_map(|t| attr(t, k)).collect();
                out.insert((*k).clone(), unify(&ts)?);
            }
            return Some(Type::Object(out));
        }
    }
    if all(|t| matches!(t, Type::Object(_) | Type::Map(_))) {
        return Some(Type::map(unify(&elems(tys))?));
    }
    if all(|t| matches!(t, Type::Tuple(_))) {
        let lens: Vec<usize> = tys
            .iter()
            .map(|t| elems(std::slice::from_ref(t)).len())
            .collect();
        if lens.iter().all(|l| Some(l) == lens.first()) {
            let n = *lens.first()?;
            let mut out = Vec::new();
            for i in 0..n {
                let ts: Vec<Type> = tys
                    .iter()
                    .filter_map(|t| match t {
                        Type::Tuple(v) => v.get(i).cloned(),
                        _ => None,
                    })
                    .collect();
                out.push(unify(&ts)?);
            }
            return Some(Type::Tuple(out));
        }
    }
    if all(|t| matches!(t, Type::Tuple(_) | Type::List(_))) {
        return Some(Type::list(unify(&elems(tys))?));
    }
    preferred(tys)
}

/// go-cty's fallback: the first of the given types, in its preference
/// order (lists, then maps, then sets), that all the others convert to
/// (`true ? tolist(["a"]) : toset(["a"])` is a list, `true ? [] :
/// toset(["a"])` a set).
fn preferred(tys: &[Type]) -> Option<Type> {
    let rank = |t: &Type| match t {
        Type::List(_) => 0,
        Type::Map(_) => 1,
        Type::Set(_) => 2,
        _ => 3,
    };
    let mut cands = tys.to_vec();
    cands.sort_by_key(rank);
    cands
        .into_iter()
        .filter(|c| rank(c) < 3)
        .find(|c| tys.iter().all(|t| convertible(t, c)))
}

/// Whether cty has an (unsafe) conversion from `from` to `to`; only the
/// collection cases `preferred` needs, conservatively.
fn convertible(from: &Type, to: &Type) -> bool {
    if from == to || *from == Type::Dynamic || *to == Type::Dynamic {
        return true;
    }
    match (from, to) {
        (Type::String, Type::Number | Type::Bool) | (Type::Number | Type::Bool, Type::String) => {
            true
        }
        (Type::List(f) | Type::Set(f), Type::List(e) | Type::Set(e))
        | (Type::Map(f), Type::Map(e)) => convertible(f, e),
        (Type::Tuple(ts), Type::List(e) | Type::Set(e)) => ts.iter().all(|t| convertible(t, e)),
        (Type::Object(m), Type::Map(e)) => m.values().all(|t| convertible(t, e)),
        _ => false,
    }
}

fn attr(t: &Type, k: &str) -> Option<Type> {
    match t {
        Type::Object(m) => m.get(k).cloned(),
        _ => None,
    }
}

/// Every element type of collection types (all attributes of objects, all
/// items of tuples).
fn elems(tys: &[Type]) -> Vec<Type> {
    let mut out = Vec::new();
    for t in tys {
        match t {
            Type::List(e) | Type::Set(e) | Type::Map(e) => out.push((**e).clone()),
            Type::Tuple(v) => out.extend(v.iter().cloned()),
            Type::Object(m) => out.extend(m.values().cloned()),
            _ => {}
        }
    }
    out
}

/// Unify the types of values (ignoring untyped nulls) and convert them all.
/// `None` when they have no common type.
pub fn unify_values(vals: &[Val]) -> Option<(Type, Vec<Val>)> {
    let tys: Vec<Type> = vals
        .iter()
        .filter(|v| !is_dyn_null(v))
        .map(Val::ty)
        .collect();
    let t = if tys.is_empty() {
        Type::Dynamic
    } else {
        unify(&tys)?
    };
    let out: Vec<Val> = vals.iter().map(|v| convert(v, &t)).collect();
    if out.iter().any(Val::is_error) {
        return None;
    }
    Some((t, out))
}

/// cty's `Equals` as HCL's `==` uses it: values of different types are
/// unequal (a list is never equal to a tuple); unknowns make it unknown.
pub fn equals(a: &Val, b: &Val) -> Val {
    if let Some(e) = a.find_error().or_else(|| b.find_error()) {
        return e.clone();
    }
    match (a, b) {
        (Val::Null(_), Val::Null(_)) => return Val::Bool(true),
        (Val::Null(_), Val::Unknown(..)) | (Val::Unknown(..), Val::Null(_)) => {
            return Val::unknown(Type::Bool)
        }
        (Val::Null(_), _) | (_, Val::Null(_)) => return Val::Bool(false),
        (Val::Unknown(..), _) | (_, Val::Unknown(..)) => return Val::unknown(Type::Bool),
        _ => {}
    }
    if a.ty() != b.ty() {
        return Val::Bool(false);
    }
    match deep_eq(a, b) {
        Some(x) => Val::Bool(x),
        None => Val::unknown(Type::Bool),
    }
}

/// `None` when an unknown inside decides.
fn deep_eq(a: &Val, b: &Val) -> Option<bool> {
    match (a, b) {
        (Val::Unknown(..), _) | (_, Val::Unknown(..)) => None,
        (Val::Null(_), Val::Null(_)) => Some(true),
        (Val::Null(_), _) | (_, Val::Null(_)) => Some(false),
        (Val::Bool(x), Val::Bool(y)) => Some(x == y),
        (Val::Num(x), Val::Num(y)) => Some(x == y),
        (Val::Str(x), Val::Str(y)) => Some(x == y),
        _ => {
            if let (Some(x), Some(y)) = (a.as_seq(), b.as_seq()) {
                return all_eq(x.iter().zip(y), x.len() == y.len());
            }
            if let (Some(x), Some(y)) = (a.as_rec(), b.as_rec()) {
                let same_keys = x.keys().eq(y.keys());
                return all_eq(x.values().zip(y.values()), same_keys);
            }
            Some(false)
        }
    }
}

fn all_eq<'a>(pairs: impl Iterator<Item = (&'a Val, &'a Val)>, shape: bool) -> Option<bool> {
    if !shape {
        return Some(false);
    }
    let mut unknown = false;
    for (x, y) in pairs {
        match deep_eq(x, y) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// Share a value's items: helper for functions that rebuild collections.
pub fn rc_items(v: &Val) -> Option<Rc<super::val::Seq>> {
    match v {
        Val::List(s) | Val::Set(s) | Val::Tuple(s) => Some(s.clone()),
        _ => None,
    }
}
