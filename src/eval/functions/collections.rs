//! Collection and type-conversion functions, typed as cty types them.

use std::collections::BTreeMap;

use super::{arg, arity, done, int_arg, str_arg};
use crate::eval::cty::{
    convert, convert::collection, equals, unify, unify_values, val, Num, Type, Val,
};

type R = Result<Val, Val>;

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "tolist" => one_arg(a).map(|v| convert(&v, &Type::list(Type::Dynamic))),
        "toset" => one_arg(a).map(|v| convert(&v, &Type::set(Type::Dynamic))),
        "tomap" => one_arg(a).map(|v| convert(&v, &Type::map(Type::Dynamic))),
        "tostring" => prim(a, Type::String),
        "tonumber" => prim(a, Type::Number),
        "tobool" => prim(a, Type::Bool),
        "length" => length(a),
        "concat" => concat(a),
        "keys" => keys_values(a, true),
        "values" => keys_values(a, false),
        "merge" => merge(a),
        "distinct" => distinct(a),
        "lookup" => lookup(a),
        "element" => element(a),
        "coalesce" => coalesce(a),
        "contains" => contains(a),
        "index" => index(a),
        "one" => one(a),
        "sort" => sort(a),
        "compact" => compact(a),
        "reverse" => reverse(a),
        "setunion" | "setintersection" | "setsubtract" => set_op(name, a),
        "alltrue" | "anytrue" => all_any(name == "alltrue", a),
        "sum" => sum(a),
        "zipmap" => zipmap(a),
        "flatten" => flatten(a),
        "transpose" => transpose(a),
        "matchkeys" => matchkeys(a),
        "coalescelist" => coalescelist(a),
        "slice" => slice(a),
        _ => return None,
    };
    done(r)
}

fn one_arg(a: &[Val]) -> R {
    arity(a, 1)?;
    Ok(a[0].clone())
}

/// `tostring` and friends: only primitives convert (`tostring([])` is an error).
fn prim(a: &[Val], ty: Type) -> R {
    let v = one_arg(a)?;
    if !(v.ty().is_primitive() || v.ty() == Type::Dynamic) {
        return Err(Val::err(format!(
            "cannot convert {} to {}",
            v.ty().friendly(),
            ty.friendly()
        )));
    }
    Ok(convert(&v, &ty))
}

/// A known, non-null collection argument, or the result to give.
fn known(v: &Val, result: Type) -> R {
    match v {
        Val::Unknown(..) => Err(Val::unknown(result)),
        Val::Null(_) => Err(Val::err("argument must not be null")),
        _ => Ok(v.clone()),
    }
}

/// Argument `i` converted to `list(dynamic)` (unifying a tuple's items).
fn list_arg(a: &[Val], i: usize, result: Type) -> Result<Vec<Val>, Val> {
    let v = known(&arg(a, i, &Type::list(Type::Dynamic))?, result)?;
    Ok(v.as_seq().unwrap_or(&[]).to_vec())
}

fn length(a: &[Val]) -> R {
    let v = known(&one_arg(a)?, Type::Number)?;
    let n = match &v {
        Val::Str(s) => super::strings::graphemes(s)
            .ok_or_else(|| Val::unknown(Type::Number))?
            .len(),
        _ => match (v.as_seq(), v.as_rec()) {
            (Some(s), _) => s.len(),
            (_, Some(r)) => r.len(),
            _ => return Err(Val::err("length needs a string or a collection")),
        },
    };
    Ok(Val::num(Num::from_usize(n)))
}

fn concat(a: &[Val]) -> R {
    if a.is_empty() {
        return Err(Val::err("at least one argument is required"));
    }
    let mut items = Vec::new();
    let mut all_lists = true;
    for v in a {
        let v = known(v, Type::Dynamic)?;
        match &v {
            Val::List(_) => {}
            Val::Tuple(_) => all_lists = false,
            // Sets too: Terraform's concat takes only sequences.
            _ => return Err(Val::err("concat needs lists or tuples")),
        }
        items.extend(v.as_seq().unwrap_or(&[]).iter().cloned());
    }
    if all_lists {
        let tys: Vec<Type> = a.iter().filter_map(|v| v.ty().element().cloned()).collect();
        let t = unify(&tys).unwrap_or(Type::Dynamic);
        return Ok(collection(items, &t, false));
    }
    Ok(Val::tuple(items))
}

fn keys_values(a: &[Val], keys: bool) -> R {
    let v = known(&one_arg(a)?, Type::Dynamic)?;
    let Some(r) = v.as_rec() else {
        return Err(Val::err("a map or object is required"));
    };
    let out: Vec<Val> = if keys {
        r.keys().map(|k| Val::str(k.as_str())).collect()
    } else {
        r.values().cloned().collect()
    };
    Ok(match (&v, keys) {
        (Val::Map(_), true) => Val::list(Type::String, out),
        (Val::Map(m), false) => Val::list(m.elem.clone(), out),
        _ => Val::tuple(out),
    })
}

fn merge(a: &[Val]) -> R {
    let mut out = BTreeMap::new();
    let mut all_maps = true;
    for v in a {
        match v {
            Val::Null(Type::Map(_)) => continue,
            Val::Null(_) => {
                all_maps = false;
                continue;
            }
            Val::Unknown(..) => return Err(Val::dyn_unknown()),
            Val::Map(_) => {}
            Val::Object(_) => all_maps = false,
            _ => return Err(Val::err("merge needs maps or objects")),
        }
        for (k, x) in v.as_rec().into_iter().flatten() {
            out.insert(k.clone(), x.clone());
        }
    }
    if all_maps {
        let tys: Vec<Type> = a.iter().filter_map(|v| v.ty().element().cloned()).collect();
        // Terraform: a map only when all element types are the same.
        if let Some(t) = tys.first().filter(|t| tys.iter().all(|x| x == *t)) {
            return Ok(convert(&Val::object(out), &Type::map(t.clone())));
        }
    }
    Ok(Val::object(out))
}

/// Indices of the first occurrence of each distinct item, in O(n log n).
fn first_occurrences(items: &[Val]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.sort_by(|&x, &y| val::cmp(&items[x], &items[y]).then(x.cmp(&y)));
    let mut keep = Vec::new();
    let mut prev: Option<usize> = None;
    for i in idx {
        let dup = prev.is_some_and(|p| val::cmp(&items[p], &items[i]).is_eq());
        if !dup {
            keep.push(i);
            prev = Some(i);
        }
    }
    keep.sort_unstable();
    keep
}

fn distinct(a: &[Val]) -> R {
    arity(a, 1)?;
    let items = list_arg(a, 0, Type::Dynamic)?;
    if !items.iter().all(Val::is_wholly_known) {
        return Err(Val::dyn_unknown());
    }
    let elem = a[0].ty();
    let t = match convert(&a[0], &Type::list(Type::Dynamic)).ty() {
        Type::List(e) => *e,
        _ => elem,
    };
    let keep = first_occurrences(&items);
    Ok(Val::list(
        t,
        keep.into_iter()
            .filter_map(|i| items.get(i).cloned())
            .collect(),
    ))
}

fn lookup(a: &[Val]) -> R {
    if !(2..=3).contains(&a.len()) {
        return Err(Val::err("lookup needs 2 or 3 arguments"));
    }
    let m = known(&a[0], Type::Dynamic)?;
    let key = str_arg(a, 1, &Type::Dynamic)?;
    let Some(r) = m.as_rec() else {
        return Err(Val::err("lookup needs a map or object"));
    };
    match (r.get(&*key), a.get(2)) {
        (Some(v), None) => Ok(v.clone()),
        // An object's attribute keeps its own type (a map's element type is
        // unified with the default's).
        (Some(v), Some(_)) if matches!(m, Val::Object(_)) => Ok(v.clone()),
        (Some(v), Some(d)) => Ok(unify_values(&[v.clone(), d.clone()])
            .map(|(_, vs)| vs[0].clone())
            .unwrap_or_else(|| v.clone())),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(Val::err(format!("lookup failed to find key \"{key}\""))),
    }
}

fn element(a: &[Val]) -> R {
    arity(a, 2)?;
    let items = list_arg(a, 0, Type::Dynamic)?;
    let i = int_arg(a, 1, &Type::Dynamic)?;
    if items.is_empty() {
        return Err(Val::err("cannot use element function with an empty list"));
    }
    if i < 0 {
        return Err(Val::err(
            "cannot use element function with a negative index",
        ));
    }
    let k = (i as u64 % items.len() as u64) as usize;
    Ok(items.get(k).cloned().unwrap_or_else(Val::dyn_unknown))
}

fn coalesce(a: &[Val]) -> R {
    let Some((_, vals)) = unify_values(a) else {
        return Err(Val::err("all arguments must have the same type"));
    };
    for v in vals {
        match &v {
            Val::Unknown(..) => return Err(Val::dyn_unknown()),
            Val::Null(_) => continue,
            Val::Str(s) if s.is_empty() => continue,
            _ => return Ok(v),
        }
    }
    Err(Val::err("no non-null, non-empty-string arguments"))
}

fn contains(a: &[Val]) -> R {
    arity(a, 2)?;
    // cty's `contains` does not accept a null value to look for.
    if a[1].is_null() {
        return Err(Val::err("argument must not be null"));
    }
    let coll = known(&a[0], Type::Bool)?;
    let Some(items) = coll.as_seq() else {
        return Err(Val::err("contains needs a list, set or tuple"));
    };
    let mut unknown = false;
    for x in items {
        match equals(x, &a[1]) {
            Val::Bool(true) => return Ok(Val::Bool(true)),
            Val::Bool(false) => {}
            _ => unknown = true,
        }
    }
    Ok(if unknown {
        Val::unknown(Type::Bool)
    } else {
        Val::Bool(false)
    })
}

fn index(a: &[Val]) -> R {
    arity(a, 2)?;
    let items = list_arg(a, 0, Type::Number)?;
    for (i, x) in items.iter().enumerate() {
        match equals(x, &a[1]) {
            Val::Bool(true) => return Ok(Val::num(Num::from_usize(i))),
            Val::Bool(false) => {}
            _ => return Err(Val::unknown(Type::Number)),
        }
    }
    Err(Val::err("item not found"))
}

fn one(a: &[Val]) -> R {
    let v = known(&one_arg(a)?, Type::Dynamic)?;
    let Some(items) = v.as_seq() else {
        return Err(Val::err("one needs a list, set or tuple"));
    };
    match items {
        [] => Ok(Val::Null(
            v.ty().element().cloned().unwrap_or(Type::Dynamic),
        )),
        [x] => Ok(x.clone()),
        _ => Err(Val::err(
            "must be a list, set, or tuple value with either zero or one elements",
        )),
    }
}

fn sort(a: &[Val]) -> R {
    arity(a, 1)?;
    let v = known(
        &arg(a, 0, &Type::list(Type::String))?,
        Type::list(Type::String),
    )?;
    let mut items = v.as_seq().unwrap_or(&[]).to_vec();
    if !items.iter().all(Val::is_wholly_known) {
        return Err(Val::unknown(Type::list(Type::String)));
    }
    if items.iter().any(Val::is_null) {
        return Err(Val::err("given list element must not be null"));
    }
    items.sort_by(val::cmp);
    Ok(Val::list(Type::String, items))
}

fn compact(a: &[Val]) -> R {
    arity(a, 1)?;
    let v = known(
        &arg(a, 0, &Type::list(Type::String))?,
        Type::list(Type::String),
    )?;
    let items = v.as_seq().unwrap_or(&[]);
    if items.iter().any(Val::is_unknown) {
        return Err(Val::unknown(Type::list(Type::String)));
    }
    let out = items
        .iter()
        .filter(|x| !x.is_null() && x.as_str() != Some(""))
        .cloned()
        .collect();
    Ok(Val::list(Type::String, out))
}

fn reverse(a: &[Val]) -> R {
    let v = known(&one_arg(a)?, Type::Dynamic)?;
    let mut items = v
        .as_seq()
        .ok_or_else(|| Val::err("reverse needs a list"))?
        .to_vec();
    items.reverse();
    Ok(match &v {
        Val::Tuple(_) => Val::tuple(items),
        _ => Val::list(v.ty().element().cloned().unwrap_or(Type::Dynamic), items),
    })
}

fn set_op(name: &str, a: &[Val]) -> R {
    if name == "setsubtract" {
        arity(a, 2)?;
    }
    let mut sets = Vec::new();
    for i in 0..a.len() {
        let v = known(&arg(a, i, &Type::set(Type::Dynamic))?, Type::Dynamic)?;
        sets.push(v);
    }
    // An empty set of unknown element type takes the others' type.
    let tys: Vec<Type> = sets
        .iter()
        .filter_map(|s| s.ty().element().cloned())
        .filter(|t| *t != Type::Dynamic)
        .collect();
    let t = if tys.is_empty() {
        Type::Dynamic
    } else {
        unify(&tys).ok_or_else(|| Val::err("sets must have the same element type"))?
    };
    let sets: Vec<Vec<Val>> = sets
        .iter()
        .map(|s| {
            convert(s, &Type::set(t.clone()))
                .as_seq()
                .unwrap_or(&[])
                .to_vec()
        })
        .collect();
    if !sets.iter().flatten().all(Val::is_wholly_known) {
        return Err(Val::unknown(Type::set(t)));
    }
    let Some((first, rest)) = sets.split_first() else {
        return Err(Val::err("at least one set is required"));
    };
    let has = |s: &[Val], x: &Val| s.binary_search_by(|y| val::cmp(y, x)).is_ok();
    let out: Vec<Val> = match name {
        "setunion" => sets.iter().flatten().cloned().collect(),
        "setintersection" => first
            .iter()
            .filter(|x| rest.iter().all(|s| has(s, x)))
            .cloned()
            .collect(),
        _ => first
            .iter()
            .filter(|x| !rest.iter().any(|s| has(s, x)))
            .cloned()
            .collect(),
    };
    Ok(Val::set(t, out))
}

fn all_any(all: bool, a: &[Val]) -> R {
    arity(a, 1)?;
    let v = known(&arg(a, 0, &Type::list(Type::Bool))?, Type::Bool)?;
    let items = v.as_seq().unwrap_or(&[]).to_vec();
    let mut unknown = false;
    for x in &items {
        match convert(x, &Type::Bool) {
            Val::Bool(b) if b != all => return Ok(Val::Bool(b)),
            Val::Bool(_) => {}
            Val::Null(_) if all => return Ok(Val::Bool(false)),
            Val::Null(_) => {}
            e @ Val::Error(_) => return Err(e),
            _ => unknown = true,
        }
    }
    Ok(if unknown {
        Val::unknown(Type::Bool)
    } else {
        Val::Bool(all)
    })
}

fn sum(a: &[Val]) -> R {
    arity(a, 1)?;
    let items = list_arg(a, 0, Type::Number)?;
    if items.is_empty() {
        return Err(Val::err("cannot sum an empty list"));
    }
    let mut acc = Num::from_i64(0);
    for x in &items {
        match convert(x, &Type::Number) {
            Val::Num(n) => acc = acc.add(&n).ok_or_else(|| Val::unknown(Type::Number))?,
            Val::Null(_) => return Err(Val::err("argument must be list of numbers; null is not")),
            e @ Val::Error(_) => return Err(e),
            _ => return Err(Val::unknown(Type::Number)),
        }
    }
    Ok(Val::num(acc))
}

fn zipmap(a: &[Val]) -> R {
    arity(a, 2)?;
    let keys = known(&arg(a, 0, &Type::list(Type::String))?, Type::Dynamic)?;
    let vals = known(&a[1], Type::Dynamic)?;
    let (Some(ks), Some(vs)) = (keys.as_seq(), vals.as_seq()) else {
        return Err(Val::err("zipmap needs two lists"));
    };
    if ks.len() != vs.len() {
        return Err(Val::err("number of keys does not match number of values"));
    }
    let mut out = BTreeMap::new();
    for (k, v) in ks.iter().zip(vs) {
        match k {
            Val::Str(s) => out.insert(s.to_string(), v.clone()),
            Val::Null(_) => return Err(Val::err("keys must not be null")),
            _ => return Err(Val::dyn_unknown()),
        };
    }
    Ok(match &vals {
        Val::Tuple(_) => Val::object(out),
        _ => Val::map(vals.ty().element().cloned().unwrap_or(Type::Dynamic), out),
    })
}

fn flatten(a: &[Val]) -> R {
    let v = known(&one_arg(a)?, Type::Dynamic)?;
    let mut out = Vec::new();
    fn walk(v: &Val, out: &mut Vec<Val>) -> Result<(), Val> {
        match v {
            Val::List(_) | Val::Set(_) | Val::Tuple(_) => {
                for x in v.as_seq().unwrap_or(&[]) {
                    walk(x, out)?;
                }
                Ok(())
            }
            Val::Unknown(t, _) if !t.is_primitive() => Err(Val::dyn_unknown()),
            x => {
                out.push(x.clone());
                Ok(())
            }
        }
    }
    if v.as_seq().is_none() {
        return Err(Val::err("flatten needs a list, set or tuple"));
    }
    walk(&v, &mut out)?;
    Ok(Val::tuple(out))
}

/// `transpose(map(list(string)))`: keys and values swapped.
pub fn transpose(a: &[Val]) -> R {
    arity(a, 1)?;
    let t = Type::map(Type::list(Type::String));
    let m = known(&arg(a, 0, &t)?, t.clone())?;
    let mut out: BTreeMap<String, Vec<Val>> = BTreeMap::new();
    for (k, l) in m.as_rec().into_iter().flatten() {
        if !l.is_wholly_known() {
            return Err(Val::unknown(t));
        }
        for v in l.as_seq().unwrap_or(&[]) {
            let Some(s) = v.as_str() else {
                return Err(Val::err("lists must not contain null values"));
            };
            out.entry(s.to_string())
                .or_default()
                .push(Val::str(k.as_str()));
        }
    }
    let out = out
        .into_iter()
        .map(|(k, v)| (k, Val::list(Type::String, v)))
        .collect();
    Ok(Val::map(Type::list(Type::String), out))
}

/// `matchkeys(values, keys, searchset)`: the values whose key is in the set.
pub fn matchkeys(a: &[Val]) -> R {
    arity(a, 3)?;
    let vals = list_arg(a, 0, Type::Dynamic)?;
    let keys = list_arg(a, 1, Type::Dynamic)?;
    let search = list_arg(a, 2, Type::Dynamic)?;
    if vals.len() != keys.len() {
        return Err(Val::err("length of keys and values should be equal"));
    }
    let mut out = Vec::new();
    for (v, k) in vals.iter().zip(&keys) {
        let mut hit = false;
        for s in &search {
            match equals(k, &convert(s, &k.ty())) {
                Val::Bool(true) => hit = true,
                Val::Bool(false) => {}
                _ => return Err(Val::dyn_unknown()),
            }
        }
        if hit {
            out.push(v.clone());
        }
    }
    let elem = convert(&a[0], &Type::list(Type::Dynamic))
        .ty()
        .element()
        .cloned()
        .unwrap_or(Type::Dynamic);
    Ok(Val::list(elem, out))
}

/// `coalescelist`: the first non-empty list argument, as it is.
pub fn coalescelist(a: &[Val]) -> R {
    for v in a {
        match v {
            Val::Unknown(..) => return Err(Val::dyn_unknown()),
            Val::Null(_) => continue,
            _ => match v.as_seq() {
                Some([]) => continue,
                Some(_) => return Ok(v.clone()),
                None => return Err(Val::err("coalescelist needs lists or tuples")),
            },
        }
    }
    Err(Val::err("no non-null arguments"))
}

/// `slice(list, start, end)`: a tuple stays a tuple, anything else a list.
pub fn slice(a: &[Val]) -> R {
    arity(a, 3)?;
    let v = known(&a[0], Type::Dynamic)?;
    let start = int_arg(a, 1, &Type::Dynamic)?;
    let end = int_arg(a, 2, &Type::Dynamic)?;
    let items = match &v {
        Val::Tuple(s) => s.items.clone(),
        _ => list_arg(a, 0, Type::Dynamic)?,
    };
    let len = items.len() as i64;
    if start < 0 || end > len || start > end {
        return Err(Val::err("slice indices out of range"));
    }
    let part = items
        .get(start as usize..end as usize)
        .unwrap_or(&[])
        .to_vec();
    Ok(match &v {
        Val::Tuple(_) => Val::tuple(part),
        _ => {
            let t = convert(&v, &Type::list(Type::Dynamic)).ty();
            Val::list(t.element().cloned().unwrap_or(Type::Dynamic), part)
        }
    })
}
