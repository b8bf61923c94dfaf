//! Terraform built-in functions over statically known [`Value`]s.
//!
//! Every function mirrors Terraform (go-cty) semantics. Whenever the result is
//! not certain — an argument it depends on is unknown, the call would be an
//! error in Terraform, or reproducing Terraform exactly would require
//! information a [`Value`] does not carry (types of unknowns, grapheme
//! segmentation of exotic text...) — the result is [`Value::Unknown`]. We
//! never guess.
//!
//! Internally each function returns `Option<Value>`: `None` stands for
//! "unknown or error", which [`call`] turns into [`Value::Unknown`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::eval::value::{format_number, Value};

/// Names of functions implemented by [`call`] (plus `try` and `can`, which the
/// evaluator implements with [`try_values`] and [`can_value`]).
pub const IMPLEMENTED: &[&str] = &[
    "abs",
    "alltrue",
    "anytrue",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "distinct",
    "element",
    "endswith",
    "flatten",
    "floor",
    "format",
    "index",
    "join",
    "jsonencode",
    "keys",
    "length",
    "lookup",
    "lower",
    "max",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "range",
    "replace",
    "reverse",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "values",
    "zipmap",
];

/// Largest list a function may build from a user-supplied number
/// (`setproduct`), and largest `format` width/precision honoured.
const MAX_BUILD: usize = 100_000;
const MAX_FORMAT_WIDTH: usize = 10_000;
/// Terraform's own limit on `range`: more than this many values is an error.
const RANGE_LIMIT: usize = 1024;
/// Largest integer exactly representable by an `f64`.
const MAX_EXACT_INT: f64 = 9_007_199_254_740_992.0;

/// Call Terraform function `name` with already-evaluated arguments. `expand_final` is true when the call
/// ended in `...` (the last argument is a list to spread). Returns Value::Unknown for unknown functions,
/// for wrong argument types/arity (an error in Terraform; we stay silent, never guess), and whenever an
/// argument the result depends on is Unknown.
pub fn call(name: &str, mut args: Vec<Value>, expand_final: bool) -> Value {
    if expand_final {
        match args.pop() {
            Some(Value::List(items)) => args.extend(items),
            _ => return Value::Unknown,
        }
    }
    dispatch(name, &args).unwrap_or(Value::Unknown)
}

/// Terraform's `try`: `candidates` are the arguments in order, `None` meaning
/// evaluating that argument was an error. The result is the first candidate
/// that is wholly known; an unknown candidate met before that makes the
/// result unknown (it may turn out to be an error or a success).
pub fn try_values(candidates: impl IntoIterator<Item = Option<Value>>) -> Value {
    for candidate in candidates {
        match candidate {
            None => continue,
            Some(v) if v.is_wholly_known() => return v,
            Some(_) => return Value::Unknown,
        }
    }
    Value::Unknown
}

/// Terraform's `can`: `None` means evaluating the argument was an error.
pub fn can_value(arg: Option<Value>) -> Value {
    match arg {
        None => Value::Bool(false),
        Some(v) if v.is_wholly_known() => Value::Bool(true),
        Some(_) => Value::Unknown,
    }
}

fn dispatch(name: &str, a: &[Value]) -> Option<Value> {
    match name {
        // Collections.
        "concat" => concat(a),
        "distinct" => distinct(a),
        "flatten" => flatten(a),
        "setunion" => set_union(a),
        "setintersection" => set_intersection(a),
        "setsubtract" => set_subtract(a),
        "setproduct" => set_product(a),
        "toset" => to_set(a),
        "tolist" => to_list(a),
        "tomap" => to_map(a),
        "merge" => merge(a),
        "lookup" => lookup(a),
        "coalesce" => coalesce(a),
        "coalescelist" => coalesce_list(a),
        "compact" => compact(a),
        "contains" => contains(a),
        "length" => length(a),
        "element" => element(a),
        "index" => index(a),
        "keys" => keys(a),
        "values" => values(a),
        "reverse" => reverse(a),
        "slice" => slice(a),
        "sort" => sort(a),
        "range" => range(a),
        "one" => one(a),
        "zipmap" => zipmap(a),
        "chunklist" => chunklist(a),
        "alltrue" => all_true(a),
        "anytrue" => any_true(a),
        "sum" => sum(a),
        // Strings.
        "lower" => map_string(a, |s| map_chars(s, char::to_lowercase)),
        "upper" => map_string(a, |s| map_chars(s, char::to_uppercase)),
        "title" => map_string(a, title),
        "trimspace" => map_string(a, |s| Some(s.trim().to_string())),
        "chomp" => map_string(a, |s| Some(s.trim_end_matches(['\r', '\n']).to_string())),
        "strrev" => map_string(a, |s| Some(graphemes(s)?.into_iter().rev().collect())),
        "trim" => two_strings(a, |s, cut| {
            Value::String(s.trim_matches(|c| cut.contains(c)).to_string())
        }),
        "trimprefix" => two_strings(a, |s, p| {
            Value::String(s.strip_prefix(p).unwrap_or(s).to_string())
        }),
        "trimsuffix" => two_strings(a, |s, p| {
            Value::String(s.strip_suffix(p).unwrap_or(s).to_string())
        }),
        "startswith" => two_strings(a, |s, p| Value::Bool(s.starts_with(p))),
        "endswith" => two_strings(a, |s, p| Value::Bool(s.ends_with(p))),
        "strcontains" => two_strings(a, |s, p| Value::Bool(s.contains(p))),
        "replace" => replace(a),
        "format" => format(a),
        "join" => join(a),
        "split" => split(a),
        "substr" => substr(a),
        "jsonencode" => {
            let [v] = a else { return None };
            let mut out = String::new();
            json_encode(v, &mut out)?;
            Some(Value::String(out))
        }
        // Numbers.
        "max" => fold_numbers(a, f64::max),
        "min" => fold_numbers(a, f64::min),
        "abs" => map_number(a, f64::abs),
        "ceil" => map_number(a, f64::ceil),
        "floor" => map_number(a, f64::floor),
        "signum" => map_number(a, |n| {
            if n > 0.0 {
                1.0
            } else if n < 0.0 {
                -1.0
            } else {
                0.0
            }
        }),
        // Conversions.
        "tostring" => convert_primitive(a, |v| v.to_string_lossless().map(Value::String)),
        "tonumber" => convert_primitive(a, |v| num_arg(v).map(Value::Number)),
        "tobool" => convert_primitive(a, |v| bool_arg(v).map(Value::Bool)),
        "sensitive" | "nonsensitive" => {
            let [v] = a else { return None };
            Some(v.clone())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Argument helpers. All return `None` for unknown values and for values that
// Terraform could not convert to the wanted type.

/// A string argument; numbers and bools convert as in Terraform.
fn str_arg(v: &Value) -> Option<String> {
    v.to_string_lossless()
}

/// A number argument; strings holding a number convert as in Terraform.
fn num_arg(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) if n.is_finite() => Some(*n),
        Value::String(s) => parse_number(s),
        _ => None,
    }
}

/// A whole-number argument (Terraform errors on fractional indexes).
fn int_arg(v: &Value) -> Option<i64> {
    let n = num_arg(v)?;
    if n.fract() != 0.0 || n.abs() > MAX_EXACT_INT {
        return None;
    }
    Some(n as i64)
}

fn bool_arg(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn list_arg(v: &Value) -> Option<&[Value]> {
    v.as_list()
}

fn map_arg(v: &Value) -> Option<&BTreeMap<String, Value>> {
    match v {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

/// Terraform's string-to-number conversion: decimal syntax with optional sign,
/// fraction and exponent. Anything else (hex, `inf`, spaces) is an error.
fn parse_number(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, Some(body.get(i + 1..)?)),
        None => (body, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() && frac_part.is_empty() || !digits(int_part) || !digits(frac_part) {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        if e.is_empty() || !digits(e) {
            return None;
        }
    }
    let n: f64 = s.parse().ok()?;
    n.is_finite().then_some(n)
}

fn map_string(a: &[Value], f: impl Fn(&str) -> Option<String>) -> Option<Value> {
    let [v] = a else { return None };
    f(&str_arg(v)?).map(Value::String)
}

fn two_strings(a: &[Value], f: impl Fn(&str, &str) -> Value) -> Option<Value> {
    let [x, y] = a else { return None };
    Some(f(&str_arg(x)?, &str_arg(y)?))
}

fn map_number(a: &[Value], f: impl Fn(f64) -> f64) -> Option<Value> {
    let [v] = a else { return None };
    let n = f(num_arg(v)?);
    n.is_finite().then_some(Value::Number(n))
}

fn fold_numbers(a: &[Value], f: impl Fn(f64, f64) -> f64) -> Option<Value> {
    let (first, rest) = a.split_first()?;
    let mut acc = num_arg(first)?;
    for v in rest {
        acc = f(acc, num_arg(v)?);
    }
    Some(Value::Number(acc))
}

/// `tostring`/`tonumber`/`tobool`: null converts to null.
fn convert_primitive(a: &[Value], f: impl Fn(&Value) -> Option<Value>) -> Option<Value> {
    let [v] = a else { return None };
    match v {
        Value::Null => Some(Value::Null),
        _ => f(v),
    }
}

// ---------------------------------------------------------------------------
// Type unification and equality.

#[derive(Default)]
struct Kinds {
    string: bool,
    number: bool,
    boolean: bool,
    list: bool,
    map: bool,
    unknown: bool,
}

fn kinds<'a>(items: impl IntoIterator<Item = &'a Value>) -> Kinds {
    let mut k = Kinds::default();
    for v in items {
        match v {
            Value::String(_) => k.string = true,
            Value::Number(_) => k.number = true,
            Value::Bool(_) => k.boolean = true,
            Value::List(_) => k.list = true,
            Value::Map(_) => k.map = true,
            Value::Unknown => k.unknown = true,
            Value::Null => {}
        }
    }
    k
}

/// Convert the elements of a tuple to a list's single element type, as
/// Terraform does for list/set/map parameters: mixed primitives become
/// strings; numbers mixed with bools, or primitives mixed with collections,
/// are errors. When unknown elements might change the unified type (known
/// numbers or bools next to an unknown that may be a string), `None`.
fn unify(items: &[Value]) -> Option<Vec<Value>> {
    let k = kinds(items);
    let primitive = k.string || k.number || k.boolean;
    if k.list || k.map {
        let mixed = primitive || (k.list && k.map);
        return (!mixed).then(|| items.to_vec());
    }
    let distinct_kinds = [k.string, k.number, k.boolean]
        .iter()
        .filter(|b| **b)
        .count();
    if distinct_kinds <= 1 {
        if k.unknown && (k.number || k.boolean) {
            return None;
        }
        return Some(items.to_vec());
    }
    if !k.string {
        return None;
    }
    Some(
        items
            .iter()
            .map(|v| match v {
                Value::Number(_) | Value::Bool(_) => {
                    v.to_string_lossless().map_or(Value::Unknown, Value::String)
                }
                other => other.clone(),
            })
            .collect(),
    )
}

/// Equality as far as it can be decided: `None` when an unknown part matters
/// or when values of different primitive types are compared (whether
/// Terraform converts them first depends on types we do not track).
fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || !x.keys().eq(y.keys()) {
                return Some(false);
            }
            all_equal(x.values().zip(y.values()))
        }
        (Value::List(_) | Value::Map(_), _) | (_, Value::List(_) | Value::Map(_)) => Some(false),
        _ => None,
    }
}

fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    let mut uncertain = false;
    for (x, y) in pairs {
        match equals(x, y) {
            Some(false) => return Some(false),
            None => uncertain = true,
            Some(true) => {}
        }
    }
    (!uncertain).then_some(true)
}

/// Build a Terraform set from already unified, wholly known elements: dedupe
/// and order as Terraform iterates sets (strings lexically, numbers
/// numerically, false before true). Sets of collections iterate in a
/// hash-defined order we cannot reproduce, and sets cannot hold nulls.
fn make_set(items: Vec<Value>) -> Option<Vec<Value>> {
    if !items.iter().all(Value::is_wholly_known) {
        return None;
    }
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for v in items {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    let k = kinds(&out);
    if out.iter().any(|v| matches!(v, Value::Null)) || k.list || k.map {
        return None;
    }
    if k.string as u8 + k.number as u8 + k.boolean as u8 > 1 {
        return None;
    }
    out.sort_by(|x, y| match (x, y) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (Value::Number(a), Value::Number(b)) => a.total_cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    Some(out)
}

/// Unify the elements of several lists together (set functions unify the
/// element types of all their arguments), returning them split back.
fn unify_lists(a: &[Value]) -> Option<Vec<Vec<Value>>> {
    let lists = a.iter().map(list_arg).collect::<Option<Vec<_>>>()?;
    let all: Vec<Value> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
    let mut unified = unify(&all)?.into_iter();
    Some(
        lists
            .iter()
            .map(|l| unified.by_ref().take(l.len()).collect())
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Collection functions.

fn concat(a: &[Value]) -> Option<Value> {
    if a.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for v in a {
        out.extend_from_slice(list_arg(v)?);
    }
    Some(Value::List(out))
}

fn distinct(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    let items = unify(list_arg(v)?)?;
    if !items.iter().all(Value::is_wholly_known) {
        return None;
    }
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Some(Value::List(out))
}

fn flatten(a: &[Value]) -> Option<Value> {
    fn go(items: &[Value], out: &mut Vec<Value>) -> Option<()> {
        for v in items {
            match v {
                Value::List(inner) => go(inner, out)?,
                // Could be a list whose length we do not know.
                Value::Unknown => return None,
                other => out.push(other.clone()),
            }
        }
        Some(())
    }
    let [v] = a else { return None };
    let mut out = Vec::new();
    go(list_arg(v)?, &mut out)?;
    Some(Value::List(out))
}

fn to_set(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    if matches!(v, Value::Null) {
        return Some(Value::Null);
    }
    Some(Value::List(make_set(unify(list_arg(v)?)?)?))
}

fn to_list(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    if matches!(v, Value::Null) {
        return Some(Value::Null);
    }
    Some(Value::List(unify(list_arg(v)?)?))
}

fn to_map(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    if matches!(v, Value::Null) {
        return Some(Value::Null);
    }
    let m = map_arg(v)?;
    let values: Vec<Value> = m.values().cloned().collect();
    let unified = unify(&values)?;
    Some(Value::Map(m.keys().cloned().zip(unified).collect()))
}

fn set_union(a: &[Value]) -> Option<Value> {
    if a.is_empty() {
        return None;
    }
    let all = unify_lists(a)?.into_iter().flatten().collect();
    Some(Value::List(make_set(all)?))
}

fn set_intersection(a: &[Value]) -> Option<Value> {
    let mut sets = unify_lists(a)?.into_iter().map(make_set);
    let first = sets.next()??;
    let others = sets.collect::<Option<Vec<_>>>()?;
    let out = first
        .into_iter()
        .filter(|v| others.iter().all(|o| o.contains(v)))
        .collect();
    Some(Value::List(out))
}

fn set_subtract(a: &[Value]) -> Option<Value> {
    if a.len() != 2 {
        return None;
    }
    let mut sets = unify_lists(a)?.into_iter().map(make_set);
    let (first, second) = (sets.next()??, sets.next()??);
    let out = first.into_iter().filter(|v| !second.contains(v)).collect();
    Some(Value::List(out))
}

fn set_product(a: &[Value]) -> Option<Value> {
    if a.len() < 2 {
        return None;
    }
    let lists = a.iter().map(list_arg).collect::<Option<Vec<_>>>()?;
    let mut total: usize = 1;
    for l in &lists {
        total = total.checked_mul(l.len())?;
        if total > MAX_BUILD {
            return None;
        }
    }
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for l in &lists {
        out = out
            .iter()
            .flat_map(|prefix| {
                l.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect();
    }
    Some(Value::List(out.into_iter().map(Value::List).collect()))
}

fn merge(a: &[Value]) -> Option<Value> {
    let mut out = BTreeMap::new();
    for v in a {
        match v {
            Value::Null => {}
            Value::Map(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
            _ => return None,
        }
    }
    Some(Value::Map(out))
}

fn lookup(a: &[Value]) -> Option<Value> {
    let (map, key, default) = match a {
        [m, k] => (m, k, None),
        [m, k, d] => (m, k, Some(d)),
        _ => return None,
    };
    let map = map_arg(map)?;
    let key = str_arg(key)?;
    match map.get(&key) {
        Some(v) => Some(v.clone()),
        None => default.cloned(),
    }
}

fn coalesce(a: &[Value]) -> Option<Value> {
    let k = kinds(a);
    let primitive = k.string || k.number || k.boolean;
    if (k.list || k.map) && primitive || k.number && k.boolean && !k.string {
        return None;
    }
    for v in a {
        match v {
            Value::Unknown => return None,
            Value::Null => continue,
            Value::String(_) | Value::Number(_) | Value::Bool(_) if k.string => {
                let s = str_arg(v)?;
                if !s.is_empty() {
                    return Some(Value::String(s));
                }
            }
            // A later unknown argument may be a string, making the result one.
            Value::Number(_) | Value::Bool(_) if k.unknown => return None,
            other => return Some(other.clone()),
        }
    }
    None
}

fn coalesce_list(a: &[Value]) -> Option<Value> {
    for v in a {
        match v {
            Value::Null => continue,
            Value::List(items) if items.is_empty() => continue,
            Value::List(_) => return Some(v.clone()),
            _ => return None,
        }
    }
    None
}

fn compact(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    let mut out = Vec::new();
    for item in list_arg(v)? {
        if matches!(item, Value::Null) {
            continue;
        }
        let s = str_arg(item)?;
        if !s.is_empty() {
            out.push(Value::String(s));
        }
    }
    Some(Value::List(out))
}

fn contains(a: &[Value]) -> Option<Value> {
    let [list, needle] = a else { return None };
    let list = list_arg(list)?;
    if needle.is_unknown() {
        return None;
    }
    let mut uncertain = false;
    for item in list {
        match equals(item, needle) {
            Some(true) => return Some(Value::Bool(true)),
            None => uncertain = true,
            Some(false) => {}
        }
    }
    (!uncertain).then_some(Value::Bool(false))
}

fn index(a: &[Value]) -> Option<Value> {
    let [list, needle] = a else { return None };
    for (i, item) in list_arg(list)?.iter().enumerate() {
        if equals(item, needle)? {
            return Some(Value::Number(i as f64));
        }
    }
    None
}

fn length(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    let n = match v {
        Value::String(s) => graphemes(s)?.len(),
        Value::List(items) => items.len(),
        Value::Map(m) => m.len(),
        _ => return None,
    };
    Some(Value::Number(n as f64))
}

fn element(a: &[Value]) -> Option<Value> {
    let [list, idx] = a else { return None };
    let list = list_arg(list)?;
    let idx = usize::try_from(int_arg(idx)?).ok()?;
    let len = list.len();
    if len == 0 {
        return None;
    }
    list.get(idx % len).cloned()
}

fn keys(a: &[Value]) -> Option<Value> {
    let [m] = a else { return None };
    let m = map_arg(m)?;
    Some(Value::List(
        m.keys().map(|k| Value::String(k.clone())).collect(),
    ))
}

fn values(a: &[Value]) -> Option<Value> {
    let [m] = a else { return None };
    Some(Value::List(map_arg(m)?.values().cloned().collect()))
}

fn reverse(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    Some(Value::List(list_arg(v)?.iter().rev().cloned().collect()))
}

fn slice(a: &[Value]) -> Option<Value> {
    let [list, start, end] = a else { return None };
    let list = list_arg(list)?;
    let start = usize::try_from(int_arg(start)?).ok()?;
    let end = usize::try_from(int_arg(end)?).ok()?;
    if start > end || end > list.len() {
        return None;
    }
    Some(Value::List(list.get(start..end)?.to_vec()))
}

fn sort(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    let mut strings = list_arg(v)?
        .iter()
        .map(str_arg)
        .collect::<Option<Vec<_>>>()?;
    strings.sort();
    Some(Value::List(
        strings.into_iter().map(Value::String).collect(),
    ))
}

/// `range`: only over whole numbers, where `f64` arithmetic is exact (with
/// fractional steps Terraform's arbitrary-precision sums differ from ours).
fn range(a: &[Value]) -> Option<Value> {
    let nums = a.iter().map(int_arg).collect::<Option<Vec<_>>>()?;
    let (start, end, step) = match nums[..] {
        [end] => (0, end, if end < 0 { -1 } else { 1 }),
        [start, end] => (start, end, if end < start { -1 } else { 1 }),
        [start, end, step] => (start, end, step),
        _ => return None,
    };
    if step == 0 || (step < 0 && end > start) || (step > 0 && end < start) {
        return None;
    }
    let mut out = Vec::new();
    let mut n = start;
    while (step < 0 && n > end) || (step > 0 && n < end) {
        if out.len() >= RANGE_LIMIT {
            return None;
        }
        out.push(Value::Number(n as f64));
        n = n.checked_add(step)?;
    }
    Some(Value::List(out))
}

fn one(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    match list_arg(v)? {
        [] => Some(Value::Null),
        [x] => Some(x.clone()),
        _ => None,
    }
}

fn zipmap(a: &[Value]) -> Option<Value> {
    let [k, v] = a else { return None };
    let (k, v) = (list_arg(k)?, list_arg(v)?);
    if k.len() != v.len() {
        return None;
    }
    let mut out = BTreeMap::new();
    for (key, val) in k.iter().zip(v) {
        out.insert(str_arg(key)?, val.clone());
    }
    Some(Value::Map(out))
}

fn chunklist(a: &[Value]) -> Option<Value> {
    let [list, size] = a else { return None };
    let list = list_arg(list)?;
    let size = usize::try_from(int_arg(size)?).ok()?;
    if list.is_empty() {
        return Some(Value::List(Vec::new()));
    }
    if size == 0 {
        return Some(Value::List(vec![Value::List(list.to_vec())]));
    }
    Some(Value::List(
        list.chunks(size).map(|c| Value::List(c.to_vec())).collect(),
    ))
}

fn all_true(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    for item in list_arg(v)? {
        match item {
            Value::Unknown => return None,
            Value::Null => return Some(Value::Bool(false)),
            other => {
                if !bool_arg(other)? {
                    return Some(Value::Bool(false));
                }
            }
        }
    }
    Some(Value::Bool(true))
}

fn any_true(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    for item in list_arg(v)? {
        match item {
            Value::Unknown => return None,
            Value::Null => continue,
            other => {
                if bool_arg(other)? {
                    return Some(Value::Bool(true));
                }
            }
        }
    }
    Some(Value::Bool(false))
}

/// `sum`: exact only over whole numbers (Terraform adds with arbitrary
/// precision, so `0.1 + 0.2` would differ from `f64` arithmetic).
fn sum(a: &[Value]) -> Option<Value> {
    let [v] = a else { return None };
    let items = list_arg(v)?;
    if items.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    for item in items {
        total = total.checked_add(int_arg(item)?)?;
    }
    let total = total as f64;
    (total.abs() <= MAX_EXACT_INT).then_some(Value::Number(total))
}

// ---------------------------------------------------------------------------
// String functions.

/// Go's `strings.ToUpper`/`ToLower` map each character with its simple case
/// mapping. Characters whose Rust mapping expands to several characters
/// (`ß`, `İ`...) have special casing where Go may differ: unknown.
fn map_chars<I: Iterator<Item = char>>(s: &str, f: impl Fn(char) -> I) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut mapped = f(c);
        out.push(mapped.next()?);
        if mapped.next().is_some() {
            return None;
        }
    }
    Some(out)
}

/// Go's `strings.Title`: upper-case the first letter of each word.
fn title(s: &str) -> Option<String> {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphanumeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if is_separator(prev) {
            let mut mapped = c.to_uppercase();
            out.push(mapped.next()?);
            if mapped.next().is_some() {
                return None;
            }
        } else {
            out.push(c);
        }
        prev = c;
    }
    Some(out)
}

fn replace(a: &[Value]) -> Option<Value> {
    let [s, pattern, with] = a else { return None };
    let (s, pattern, with) = (str_arg(s)?, str_arg(pattern)?, str_arg(with)?);
    if pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/') {
        // A regular expression: not evaluated.
        return None;
    }
    Some(Value::String(s.replace(&pattern, &with)))
}

fn join(a: &[Value]) -> Option<Value> {
    let (sep, lists) = a.split_first()?;
    if lists.is_empty() {
        return None;
    }
    let sep = str_arg(sep)?;
    let mut parts = Vec::new();
    for list in lists {
        for item in list_arg(list)? {
            parts.push(str_arg(item)?);
        }
    }
    Some(Value::String(parts.join(&sep)))
}

fn split(a: &[Value]) -> Option<Value> {
    let [sep, s] = a else { return None };
    let (sep, s) = (str_arg(sep)?, str_arg(s)?);
    let parts: Vec<Value> = if sep.is_empty() {
        // Go's strings.Split with an empty separator splits into characters.
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Value::from).collect()
    };
    Some(Value::List(parts))
}

fn substr(a: &[Value]) -> Option<Value> {
    let [s, offset, length] = a else { return None };
    let s = str_arg(s)?;
    let (offset, length) = (int_arg(offset)?, int_arg(length)?);
    let g = graphemes(&s)?;
    let len = i64::try_from(g.len()).ok()?;
    // Terraform treats any negative length as "to the end"; we only accept
    // the documented -1. A negative offset with zero length hits a quirk in
    // go-cty that returns the remainder: not reproduced.
    if length < -1 || (offset < 0 && length == 0) {
        return None;
    }
    let start = if offset < 0 { offset + len } else { offset };
    if start < 0 {
        return None;
    }
    let start = usize::try_from(start.min(len)).ok()?;
    let end = if length < 0 {
        g.len()
    } else {
        usize::try_from(i64::try_from(start).ok()?.saturating_add(length).min(len)).ok()?
    };
    Some(Value::String(g.get(start..end)?.concat()))
}

/// Split into grapheme clusters as Terraform does, for the text where that is
/// certain without Unicode segmentation tables: characters from scripts and
/// symbol blocks without combining marks or joiners (each character is its
/// own cluster, except CR LF). Other text: `None`.
fn graphemes(s: &str) -> Option<Vec<&str>> {
    fn simple(c: char) -> bool {
        matches!(c as u32,
            0..=0x2FF
            | 0x370..=0x3FF
            | 0x400..=0x482
            | 0x48A..=0x52F
            | 0x1E00..=0x1FFF
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x20A0..=0x20C0
            | 0x2100..=0x214F
            | 0x2190..=0x23FF
            | 0x2500..=0x27BF
            | 0x3000..=0x3029
            | 0x3030..=0x303F
            | 0x3041..=0x3096
            | 0x309B..=0x30FF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xFF01..=0xFF9D
            | 0x1F300..=0x1F3FA
            | 0x1F400..=0x1F64F
            | 0x1F680..=0x1F6FF
            | 0x1F900..=0x1F9FF)
    }
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if !simple(c) {
            return None;
        }
        let n = if rest.starts_with("\r\n") {
            2
        } else {
            c.len_utf8()
        };
        out.push(rest.get(..n)?);
        rest = rest.get(n..)?;
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// format and JSON.

fn format(a: &[Value]) -> Option<Value> {
    let (spec, args) = a.split_first()?;
    let spec = str_arg(spec)?;
    // Terraform needs every argument wholly known (collections print as JSON).
    if !args.iter().all(Value::is_wholly_known) {
        return None;
    }
    format_str(&spec, args).map(Value::String)
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
}

fn read_digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: usize = 0;
    while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
        it.next();
        n = n.checked_mul(10)?.checked_add(d as usize)?;
        if n > MAX_FORMAT_WIDTH {
            return None;
        }
    }
    Some(n)
}

/// go-cty's `format`: `%[flags][width][.prec][[argnum]]verb`.
fn format_str(spec: &str, args: &[Value]) -> Option<String> {
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
        let mut verb = Verb::default();
        while let Some(&f) = it.peek() {
            match f {
                '0' => verb.zero = true,
                '#' => verb.sharp = true,
                '-' => verb.minus = true,
                '+' => verb.plus = true,
                ' ' => verb.space = true,
                _ => break,
            }
            it.next();
        }
        if it.peek().is_some_and(|c| matches!(c, '1'..='9')) {
            verb.width = Some(read_digits(&mut it)?);
        }
        if it.peek() == Some(&'.') {
            it.next();
            verb.prec = Some(read_digits(&mut it)?);
        }
        let mut arg_num = next_arg;
        if it.peek() == Some(&'[') {
            it.next();
            if !it.peek().is_some_and(|c| matches!(c, '1'..='9')) {
                return None;
            }
            arg_num = read_digits(&mut it)?;
            if it.next() != Some(']') {
                return None;
            }
        }
        let mode = it.next().filter(char::is_ascii_alphabetic)?;
        highest = highest.max(arg_num);
        let arg = args.get(arg_num.checked_sub(1)?)?;
        if mode != 'v' && matches!(arg, Value::Null) {
            return None;
        }
        let text = match mode {
            'v' => pad(&verb, format_as_is(&verb, arg)?)?,
            't' => bool_arg(arg)?.to_string(),
            'd' => format_integer(&verb, num_arg(arg)?)?,
            'f' => format_float(&verb, num_arg(arg)?)?,
            's' | 'q' => {
                let mut s = str_arg(arg)?;
                if let Some(p) = verb.prec.filter(|p| *p > 0) {
                    s = graphemes(&s)?.into_iter().take(p).collect();
                }
                if mode == 'q' {
                    let mut quoted = String::new();
                    json_string(&s, &mut quoted)?;
                    s = quoted;
                }
                pad(&verb, s)?
            }
            // %b %o %x %X %e %E %g %G and invalid verbs: not evaluated.
            _ => return None,
        };
        out.push_str(&text);
        next_arg = arg_num.checked_add(1)?;
    }
    // Extraneous arguments are an error.
    (highest >= args.len()).then_some(out)
}

/// `%v`: strings as they are, numbers in Go's shortest `%g` form, anything
/// else (and everything with `#`) as JSON.
fn format_as_is(verb: &Verb, arg: &Value) -> Option<String> {
    match arg {
        Value::String(s) if !verb.sharp => Some(s.clone()),
        Value::Number(n) if !verb.sharp => go_shortest_g(*n),
        _ => {
            let mut out = String::new();
            json_encode(arg, &mut out)?;
            Some(out)
        }
    }
}

/// Go's `big.Float.Text('g', -1)`: exponent form when the decimal exponent is
/// below -4 or at least 6.
fn go_shortest_g(n: f64) -> Option<String> {
    if !n.is_finite() {
        return None;
    }
    if n == 0.0 {
        return Some("0".to_string());
    }
    let sci = format!("{n:e}");
    let (mantissa, exp) = sci.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    if (-4..6).contains(&exp) {
        return Some(format_number(n));
    }
    let sign = if exp < 0 { '-' } else { '+' };
    Some(format!("{mantissa}e{sign}{:02}", exp.unsigned_abs()))
}

/// go-cty's width padding, counted in grapheme clusters.
fn pad(verb: &Verb, s: String) -> Option<String> {
    let Some(width) = verb.width else {
        return Some(s);
    };
    let len = graphemes(&s)?.len();
    if len >= width {
        return Some(s);
    }
    let fill = if verb.zero { "0" } else { " " }.repeat(width - len);
    Some(if verb.minus { s + &fill } else { fill + &s })
}

/// Go's `%d` on a big integer, with flags and width (precision: unknown).
fn format_integer(verb: &Verb, n: f64) -> Option<String> {
    if n.fract() != 0.0 || n.abs() > MAX_EXACT_INT || verb.prec.is_some() {
        return None;
    }
    let i = n as i64;
    let digits = i.unsigned_abs().to_string();
    let sign = if i < 0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + digits.len();
    let width = verb.width.unwrap_or(0);
    if len >= width {
        return Some(format!("{sign}{digits}"));
    }
    let fill = width - len;
    Some(if verb.minus {
        format!("{sign}{digits}{}", " ".repeat(fill))
    } else if verb.zero {
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{sign}{digits}", " ".repeat(fill))
    })
}

/// `%f` with optional precision (default 6); flags and widths: unknown.
fn format_float(verb: &Verb, n: f64) -> Option<String> {
    if verb.zero || verb.sharp || verb.minus || verb.plus || verb.space || verb.width.is_some() {
        return None;
    }
    let prec = verb.prec.unwrap_or(6);
    // Avoid printing "-0.00" for a negative zero, which Terraform cannot hold.
    let n = if n == 0.0 { 0.0 } else { n };
    Some(format!("{n:.prec$}"))
}

/// Terraform's `jsonencode` (Go's encoding/json: HTML-safe escapes).
fn json_encode(v: &Value, out: &mut String) -> Option<()> {
    match v {
        Value::Unknown => return None,
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
        Value::Number(_) => return None,
        Value::String(s) => json_string(s, out)?,
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_encode(item, out)?;
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out)?;
                out.push(':');
                json_encode(item, out)?;
            }
            out.push('}');
        }
    }
    Some(())
}

fn json_string(s: &str, out: &mut String) -> Option<()> {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Go 1.22 changed these from \u0008/\u000c to \b/\f.
            '\u{8}' | '\u{c}' => return None,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const U: Value = Value::Unknown;

    fn s(x: &str) -> Value {
        Value::String(x.to_string())
    }
    fn n(x: f64) -> Value {
        Value::Number(x)
    }
    fn b(x: bool) -> Value {
        Value::Bool(x)
    }
    fn l(items: Vec<Value>) -> Value {
        Value::List(items)
    }
    fn strs(items: &[&str]) -> Value {
        l(items.iter().map(|x| s(x)).collect())
    }
    fn nums(items: &[f64]) -> Value {
        l(items.iter().map(|x| n(*x)).collect())
    }
    fn m(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }
    fn c(name: &str, args: Vec<Value>) -> Value {
        call(name, args, false)
    }

    #[test]
    fn unknown_function_and_excluded() {
        assert_eq!(c("nosuchfunction", vec![s("a")]), U);
        assert_eq!(c("try", vec![s("a")]), U);
        assert_eq!(c("can", vec![s("a")]), U);
        assert_eq!(c("yamlencode", vec![s("a")]), U);
        assert_eq!(c("provider::x::f", vec![]), U);
    }

    #[test]
    fn implemented_list_is_sorted() {
        let mut sorted = IMPLEMENTED.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, IMPLEMENTED);
    }

    #[test]
    fn expand_final() {
        assert_eq!(
            call("concat", vec![strs(&["a"]), l(vec![strs(&["b"])])], true),
            strs(&["a", "b"])
        );
        assert_eq!(call("max", vec![nums(&[1.0, 5.0, 3.0])], true), n(5.0));
        assert_eq!(call("max", vec![n(7.0), nums(&[1.0])], true), n(7.0));
        assert_eq!(call("max", vec![U], true), U);
        assert_eq!(call("max", vec![n(1.0)], true), U);
        assert_eq!(call("max", vec![], true), U);
        assert_eq!(call("max", vec![l(vec![])], true), U);
    }

    #[test]
    fn try_and_can() {
        assert_eq!(try_values([None, Some(s("a")), Some(s("b"))]), s("a"));
        assert_eq!(try_values([None, Some(U), Some(s("b"))]), U);
        assert_eq!(try_values([None, Some(l(vec![U])), Some(s("b"))]), U);
        assert_eq!(try_values([Some(s("a")), Some(U)]), s("a"));
        assert_eq!(try_values([None, None]), U);
        assert_eq!(try_values(Vec::<Option<Value>>::new()), U);
        assert_eq!(try_values([None, Some(Value::Null)]), Value::Null);
        assert_eq!(can_value(Some(s("a"))), b(true));
        assert_eq!(can_value(None), b(false));
        assert_eq!(can_value(Some(U)), U);
        assert_eq!(can_value(Some(m(&[("a", U)]))), U);
    }

    #[test]
    fn concat_fn() {
        assert_eq!(
            c("concat", vec![strs(&["a"]), strs(&["b", "c"])]),
            strs(&["a", "b", "c"])
        );
        assert_eq!(c("concat", vec![strs(&["a"]), U]), U);
        assert_eq!(
            c("concat", vec![strs(&["a"]), l(vec![s("b"), U])]),
            l(vec![s("a"), s("b"), U])
        );
        assert_eq!(c("concat", vec![]), U);
        assert_eq!(c("concat", vec![s("a")]), U);
        assert_eq!(c("concat", vec![strs(&[]), Value::Null]), U);
        assert_eq!(c("concat", vec![strs(&[])]), strs(&[]));
    }

    #[test]
    fn distinct_fn() {
        assert_eq!(
            c("distinct", vec![strs(&["b", "a", "b", "c", "a"])]),
            strs(&["b", "a", "c"])
        );
        assert_eq!(c("distinct", vec![l(vec![s("a"), U])]), U);
        assert_eq!(c("distinct", vec![U]), U);
        assert_eq!(c("distinct", vec![s("a")]), U);
        // Tuples unify to list(string).
        assert_eq!(c("distinct", vec![l(vec![s("1"), n(1.0)])]), strs(&["1"]));
        assert_eq!(c("distinct", vec![l(vec![b(true), n(1.0)])]), U);
    }

    #[test]
    fn flatten_fn() {
        let nested = l(vec![
            strs(&["a"]),
            l(vec![l(vec![s("b")]), s("c")]),
            l(vec![]),
            s("d"),
        ]);
        assert_eq!(c("flatten", vec![nested]), strs(&["a", "b", "c", "d"]));
        assert_eq!(c("flatten", vec![l(vec![strs(&["a"]), U])]), U);
        assert_eq!(c("flatten", vec![l(vec![l(vec![U])])]), U);
        assert_eq!(
            c("flatten", vec![l(vec![m(&[("a", s("b"))]), Value::Null])]),
            l(vec![m(&[("a", s("b"))]), Value::Null])
        );
        assert_eq!(c("flatten", vec![m(&[])]), U);
    }

    #[test]
    fn set_functions() {
        assert_eq!(
            c("setunion", vec![strs(&["b", "a"]), strs(&["c", "a"])]),
            strs(&["a", "b", "c"])
        );
        assert_eq!(c("setunion", vec![strs(&["a"]), U]), U);
        assert_eq!(c("setunion", vec![l(vec![s("a"), U])]), U);
        assert_eq!(c("setunion", vec![]), U);
        assert_eq!(
            c("setunion", vec![strs(&["a"]), nums(&[1.0])]),
            strs(&["1", "a"])
        );
        assert_eq!(
            c(
                "setintersection",
                vec![
                    strs(&["a", "b", "c"]),
                    strs(&["b", "c", "d"]),
                    strs(&["c", "b"])
                ]
            ),
            strs(&["b", "c"])
        );
        assert_eq!(c("setintersection", vec![strs(&["a"]), U]), U);
        assert_eq!(c("setintersection", vec![]), U);
        assert_eq!(
            c("setsubtract", vec![strs(&["c", "a", "b"]), strs(&["b"])]),
            strs(&["a", "c"])
        );
        assert_eq!(c("setsubtract", vec![strs(&["a"])]), U);
        assert_eq!(c("setsubtract", vec![strs(&["a"]), l(vec![U])]), U);
        assert_eq!(
            c("setproduct", vec![strs(&["a", "b"]), nums(&[1.0, 2.0])]),
            l(vec![
                l(vec![s("a"), n(1.0)]),
                l(vec![s("a"), n(2.0)]),
                l(vec![s("b"), n(1.0)]),
                l(vec![s("b"), n(2.0)]),
            ])
        );
        assert_eq!(c("setproduct", vec![strs(&["a"]), strs(&[])]), l(vec![]));
        assert_eq!(c("setproduct", vec![strs(&["a"])]), U);
        assert_eq!(c("setproduct", vec![strs(&["a"]), U]), U);
        let big = l(vec![n(0.0); 1000]);
        assert_eq!(c("setproduct", vec![big.clone(), big]), U);
    }

    #[test]
    fn conversions_to_collections() {
        assert_eq!(c("toset", vec![strs(&["b", "a", "b"])]), strs(&["a", "b"]));
        assert_eq!(
            c("toset", vec![nums(&[10.0, 9.0, 10.0])]),
            nums(&[9.0, 10.0])
        );
        assert_eq!(
            c("toset", vec![l(vec![b(true), b(false)])]),
            l(vec![b(false), b(true)])
        );
        assert_eq!(
            c("toset", vec![l(vec![s("b"), n(10.0), n(9.0)])]),
            strs(&["10", "9", "b"])
        );
        assert_eq!(c("toset", vec![l(vec![s("a"), U])]), U);
        assert_eq!(c("toset", vec![l(vec![strs(&["a"])])]), U);
        assert_eq!(c("toset", vec![l(vec![s("a"), Value::Null])]), U);
        assert_eq!(c("toset", vec![Value::Null]), Value::Null);
        assert_eq!(c("toset", vec![m(&[])]), U);
        assert_eq!(
            c("tolist", vec![l(vec![s("a"), n(1.0), b(true)])]),
            strs(&["a", "1", "true"])
        );
        assert_eq!(c("tolist", vec![l(vec![s("a"), U])]), l(vec![s("a"), U]));
        assert_eq!(c("tolist", vec![l(vec![n(1.0), U])]), U);
        assert_eq!(c("tolist", vec![l(vec![n(1.0), strs(&[])])]), U);
        assert_eq!(c("tolist", vec![s("a")]), U);
        assert_eq!(
            c("tomap", vec![m(&[("a", s("x")), ("b", n(2.0))])]),
            m(&[("a", s("x")), ("b", s("2"))])
        );
        assert_eq!(c("tomap", vec![m(&[("a", s("x")), ("b", strs(&[]))])]), U);
        assert_eq!(c("tomap", vec![strs(&["a"])]), U);
        assert_eq!(c("tomap", vec![U]), U);
    }

    #[test]
    fn merge_fn() {
        assert_eq!(
            c(
                "merge",
                vec![
                    m(&[("a", s("1")), ("b", s("2"))]),
                    Value::Null,
                    m(&[("b", s("3")), ("c", U)])
                ]
            ),
            m(&[("a", s("1")), ("b", s("3")), ("c", U)])
        );
        assert_eq!(c("merge", vec![]), m(&[]));
        assert_eq!(c("merge", vec![m(&[]), U]), U);
        assert_eq!(c("merge", vec![m(&[]), strs(&[])]), U);
    }

    #[test]
    fn lookup_fn() {
        let map = m(&[("a", s("x")), ("u", U)]);
        assert_eq!(c("lookup", vec![map.clone(), s("a")]), s("x"));
        assert_eq!(c("lookup", vec![map.clone(), s("u"), s("d")]), U);
        assert_eq!(c("lookup", vec![map.clone(), s("zz"), s("d")]), s("d"));
        assert_eq!(c("lookup", vec![map.clone(), s("zz")]), U);
        assert_eq!(c("lookup", vec![map.clone(), U, s("d")]), U);
        assert_eq!(c("lookup", vec![U, s("a"), s("d")]), U);
        assert_eq!(c("lookup", vec![strs(&["a"]), s("a"), s("d")]), U);
        assert_eq!(c("lookup", vec![map]), U);
        assert_eq!(c("lookup", vec![m(&[("1", s("one"))]), n(1.0)]), s("one"));
    }

    #[test]
    fn coalesce_fns() {
        assert_eq!(
            c("coalesce", vec![Value::Null, s(""), s("b"), s("c")]),
            s("b")
        );
        assert_eq!(c("coalesce", vec![s("a"), U]), s("a"));
        assert_eq!(c("coalesce", vec![Value::Null, U, s("a")]), U);
        assert_eq!(c("coalesce", vec![n(1.0), n(2.0)]), n(1.0));
        assert_eq!(c("coalesce", vec![n(1.0), s("b")]), s("1"));
        assert_eq!(c("coalesce", vec![n(1.0), U]), U);
        assert_eq!(c("coalesce", vec![Value::Null, s("")]), U);
        assert_eq!(c("coalesce", vec![]), U);
        assert_eq!(c("coalesce", vec![n(1.0), b(true)]), U);
        assert_eq!(c("coalesce", vec![strs(&["a"]), s("b")]), U);
        assert_eq!(
            c(
                "coalescelist",
                vec![strs(&[]), Value::Null, strs(&["a"]), U]
            ),
            strs(&["a"])
        );
        assert_eq!(c("coalescelist", vec![strs(&[]), U, strs(&["a"])]), U);
        assert_eq!(c("coalescelist", vec![strs(&[])]), U);
        assert_eq!(c("coalescelist", vec![s("a")]), U);
        assert_eq!(c("coalescelist", vec![l(vec![U])]), l(vec![U]));
    }

    #[test]
    fn compact_fn() {
        assert_eq!(
            c("compact", vec![l(vec![s("a"), s(""), Value::Null, n(1.0)])]),
            strs(&["a", "1"])
        );
        assert_eq!(c("compact", vec![l(vec![s("a"), U])]), U);
        assert_eq!(c("compact", vec![l(vec![strs(&["a"])])]), U);
        assert_eq!(c("compact", vec![s("a")]), U);
    }

    #[test]
    fn case_functions() {
        assert_eq!(c("lower", vec![s("HeLLo Ünï")]), s("hello ünï"));
        assert_eq!(c("upper", vec![s("hello ünï")]), s("HELLO ÜNÏ"));
        assert_eq!(c("upper", vec![n(1.5)]), s("1.5"));
        assert_eq!(c("upper", vec![b(true)]), s("TRUE"));
        assert_eq!(c("upper", vec![s("straße")]), U);
        assert_eq!(c("lower", vec![U]), U);
        assert_eq!(c("lower", vec![Value::Null]), U);
        assert_eq!(c("lower", vec![strs(&["A"])]), U);
        assert_eq!(c("lower", vec![s("A"), s("B")]), U);
        assert_eq!(
            c("title", vec![s("hello world-foo_bar x.y")]),
            s("Hello World-Foo_bar X.Y")
        );
        assert_eq!(c("title", vec![U]), U);
    }

    #[test]
    fn trim_functions() {
        assert_eq!(c("trimspace", vec![s("  \t a b \n")]), s("a b"));
        assert_eq!(c("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(
            c("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            c("trimprefix", vec![s("hellohello"), s("hello")]),
            s("hello")
        );
        assert_eq!(c("trimprefix", vec![s("x"), s("hello")]), s("x"));
        assert_eq!(
            c("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(c("trimsuffix", vec![s("a"), U]), U);
        assert_eq!(c("trim", vec![s("a")]), U);
        assert_eq!(c("chomp", vec![s("a\n\r\n\n")]), s("a"));
        assert_eq!(c("chomp", vec![s("a\nb")]), s("a\nb"));
    }

    #[test]
    fn string_predicates() {
        assert_eq!(c("startswith", vec![s("hello"), s("he")]), b(true));
        assert_eq!(c("startswith", vec![s("hello"), s("lo")]), b(false));
        assert_eq!(c("endswith", vec![s("hello"), s("lo")]), b(true));
        assert_eq!(c("strcontains", vec![s("hello"), s("ll")]), b(true));
        assert_eq!(c("strcontains", vec![s("hello"), s("x")]), b(false));
        assert_eq!(c("strcontains", vec![s("hello"), U]), U);
        assert_eq!(c("startswith", vec![s("hello")]), U);
    }

    #[test]
    fn replace_fn() {
        assert_eq!(c("replace", vec![s("a-b-c"), s("-"), s("_")]), s("a_b_c"));
        assert_eq!(c("replace", vec![s("abc"), s(""), s("-")]), s("-a-b-c-"));
        assert_eq!(c("replace", vec![s("a-b"), s("/-/"), s("_")]), U);
        assert_eq!(c("replace", vec![s("a/b"), s("/"), s("_")]), s("a_b"));
        assert_eq!(c("replace", vec![s("a"), U, s("_")]), U);
        assert_eq!(c("replace", vec![s("a"), s("a")]), U);
    }

    #[test]
    fn format_fn() {
        let f = |spec: &str, args: Vec<Value>| {
            let mut all = vec![s(spec)];
            all.extend(args);
            c("format", all)
        };
        assert_eq!(f("Hello, %s!", vec![s("Ander")]), s("Hello, Ander!"));
        assert_eq!(f("%d items", vec![n(3.0)]), s("3 items"));
        assert_eq!(f("%d", vec![s("42")]), s("42"));
        assert_eq!(f("%d", vec![n(1.5)]), U);
        assert_eq!(
            f("%5d|%-5d|%05d", vec![n(-3.0), n(3.0), n(-3.0)]),
            s("   -3|3    |-0003")
        );
        assert_eq!(f("%+d", vec![n(3.0)]), s("+3"));
        assert_eq!(f("%.2f", vec![n(1.23456)]), s("1.23"));
        assert_eq!(f("%f", vec![n(1.0)]), s("1.000000"));
        assert_eq!(f("%.2f", vec![n(0.125)]), s("0.12"));
        assert_eq!(f("%8.2f", vec![n(1.0)]), U);
        assert_eq!(f("%v %v %v", vec![s("a"), n(2.0), b(true)]), s("a 2 true"));
        assert_eq!(f("%v", vec![n(1_000_000.0)]), s("1e+06"));
        assert_eq!(f("%v", vec![n(0.00001)]), s("1e-05"));
        assert_eq!(f("%v", vec![n(123456.5)]), s("123456.5"));
        assert_eq!(f("%v", vec![Value::Null]), s("null"));
        assert_eq!(f("%v", vec![strs(&["a", "b"])]), s(r#"["a","b"]"#));
        assert_eq!(f("%#v", vec![s("a")]), s(r#""a""#));
        assert_eq!(f("%q", vec![s("a\"b<")]), s(r#""a\"b\u003c""#));
        assert_eq!(f("%s", vec![Value::Null]), U);
        assert_eq!(f("%s", vec![strs(&["a"])]), U);
        assert_eq!(f("%s", vec![n(1.5)]), s("1.5"));
        assert_eq!(
            f(
                "%5s|%-5s|%.2s|%.0s",
                vec![s("ab"), s("ab"), s("abc"), s("abc")]
            ),
            s("   ab|ab   |ab|abc")
        );
        assert_eq!(f("%t", vec![b(false)]), s("false"));
        assert_eq!(f("100%%", vec![]), s("100%"));
        assert_eq!(f("%[2]s %[1]s", vec![s("a"), s("b")]), s("b a"));
        assert_eq!(f("%s %s", vec![s("a")]), U);
        assert_eq!(f("%s", vec![s("a"), s("b")]), U);
        assert_eq!(f("plain", vec![s("a")]), U);
        assert_eq!(f("%x", vec![n(255.0)]), U);
        assert_eq!(f("%e", vec![n(1.0)]), U);
        assert_eq!(f("%", vec![]), U);
        assert_eq!(f("%é", vec![s("a")]), U);
        assert_eq!(f("%s", vec![U]), U);
        assert_eq!(f("%v", vec![l(vec![U])]), U);
        assert_eq!(f("%99999999999999999999999s", vec![s("a")]), U);
        assert_eq!(f("%20000s", vec![s("a")]), U);
        assert_eq!(c("format", vec![]), U);
        assert_eq!(c("format", vec![U, s("a")]), U);
    }

    #[test]
    fn jsonencode_fn() {
        assert_eq!(
            c(
                "jsonencode",
                vec![m(&[("b", nums(&[1.0, 2.5])), ("a", Value::Null)])]
            ),
            s(r#"{"a":null,"b":[1,2.5]}"#)
        );
        assert_eq!(c("jsonencode", vec![s("a&b\n")]), s(r#""a\u0026b\n""#));
        assert_eq!(c("jsonencode", vec![l(vec![U])]), U);
    }

    #[test]
    fn join_split() {
        assert_eq!(c("join", vec![s(", "), strs(&["a", "b"])]), s("a, b"));
        assert_eq!(
            c("join", vec![s("-"), strs(&["a"]), l(vec![n(1.0)])]),
            s("a-1")
        );
        assert_eq!(c("join", vec![s("-"), strs(&[])]), s(""));
        assert_eq!(c("join", vec![s("-"), l(vec![s("a"), U])]), U);
        assert_eq!(c("join", vec![s("-"), l(vec![Value::Null])]), U);
        assert_eq!(c("join", vec![s("-")]), U);
        assert_eq!(
            c("split", vec![s(","), s("a,b,,c")]),
            strs(&["a", "b", "", "c"])
        );
        assert_eq!(c("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(c("split", vec![s(""), s("abc")]), strs(&["a", "b", "c"]));
        assert_eq!(c("split", vec![s(""), s("")]), strs(&[]));
        assert_eq!(c("split", vec![s(","), U]), U);
    }

    #[test]
    fn contains_fn() {
        assert_eq!(c("contains", vec![strs(&["a", "b"]), s("b")]), b(true));
        assert_eq!(c("contains", vec![strs(&["a", "b"]), s("c")]), b(false));
        assert_eq!(c("contains", vec![l(vec![U, s("x")]), s("x")]), b(true));
        assert_eq!(c("contains", vec![l(vec![U, s("y")]), s("x")]), U);
        assert_eq!(c("contains", vec![strs(&["a"]), U]), U);
        assert_eq!(c("contains", vec![U, s("a")]), U);
        assert_eq!(c("contains", vec![m(&[("a", s("a"))]), s("a")]), U);
        assert_eq!(c("contains", vec![strs(&["1"]), n(1.0)]), U);
        assert_eq!(
            c(
                "contains",
                vec![l(vec![strs(&["a", "b"])]), strs(&["a", "b"])]
            ),
            b(true)
        );
        assert_eq!(
            c(
                "contains",
                vec![l(vec![l(vec![s("a"), U])]), strs(&["b", "c"])]
            ),
            b(false)
        );
    }

    #[test]
    fn length_fn() {
        assert_eq!(c("length", vec![s("héllo")]), n(5.0));
        assert_eq!(c("length", vec![s("日本語")]), n(3.0));
        assert_eq!(c("length", vec![s("a\r\nb")]), n(3.0));
        assert_eq!(c("length", vec![s("e\u{301}")]), U);
        assert_eq!(c("length", vec![s("👍🏽")]), U);
        assert_eq!(c("length", vec![l(vec![U, s("a")])]), n(2.0));
        assert_eq!(c("length", vec![m(&[("a", U)])]), n(1.0));
        assert_eq!(c("length", vec![U]), U);
        assert_eq!(c("length", vec![Value::Null]), U);
        assert_eq!(c("length", vec![n(5.0)]), U);
    }

    #[test]
    fn element_index() {
        let list = strs(&["a", "b", "c"]);
        assert_eq!(c("element", vec![list.clone(), n(1.0)]), s("b"));
        assert_eq!(c("element", vec![list.clone(), n(4.0)]), s("b"));
        assert_eq!(c("element", vec![list.clone(), s("3")]), s("a"));
        assert_eq!(c("element", vec![list.clone(), n(-1.0)]), U);
        assert_eq!(c("element", vec![list.clone(), n(0.5)]), U);
        assert_eq!(c("element", vec![list.clone(), U]), U);
        assert_eq!(c("element", vec![strs(&[]), n(0.0)]), U);
        assert_eq!(c("element", vec![l(vec![U, s("x")]), n(1.0)]), s("x"));
        assert_eq!(c("element", vec![list.clone(), n(1e300)]), U);
        assert_eq!(c("index", vec![list.clone(), s("c")]), n(2.0));
        assert_eq!(c("index", vec![list.clone(), s("z")]), U);
        assert_eq!(c("index", vec![l(vec![s("a"), U, s("c")]), s("a")]), n(0.0));
        assert_eq!(c("index", vec![l(vec![s("a"), U, s("c")]), s("c")]), U);
        assert_eq!(c("index", vec![list, U]), U);
    }

    #[test]
    fn keys_values() {
        let map = m(&[("b", n(2.0)), ("a", U), ("c", s("x"))]);
        assert_eq!(c("keys", vec![map.clone()]), strs(&["a", "b", "c"]));
        assert_eq!(c("values", vec![map]), l(vec![U, n(2.0), s("x")]));
        assert_eq!(c("keys", vec![U]), U);
        assert_eq!(c("keys", vec![strs(&["a"])]), U);
        assert_eq!(c("values", vec![strs(&["a"])]), U);
    }

    #[test]
    fn reverse_slice_sort() {
        assert_eq!(
            c("reverse", vec![l(vec![s("a"), U, n(1.0)])]),
            l(vec![n(1.0), U, s("a")])
        );
        assert_eq!(c("reverse", vec![U]), U);
        let list = strs(&["a", "b", "c", "d"]);
        assert_eq!(
            c("slice", vec![list.clone(), n(1.0), n(3.0)]),
            strs(&["b", "c"])
        );
        assert_eq!(c("slice", vec![list.clone(), n(2.0), n(2.0)]), strs(&[]));
        assert_eq!(c("slice", vec![list.clone(), n(3.0), n(2.0)]), U);
        assert_eq!(c("slice", vec![list.clone(), n(0.0), n(5.0)]), U);
        assert_eq!(c("slice", vec![list.clone(), n(-1.0), n(2.0)]), U);
        assert_eq!(c("slice", vec![list, n(0.0)]), U);
        assert_eq!(
            c("sort", vec![l(vec![s("b"), s("a"), n(10.0), n(9.0)])]),
            strs(&["10", "9", "a", "b"])
        );
        assert_eq!(c("sort", vec![l(vec![s("b"), U])]), U);
        assert_eq!(c("sort", vec![l(vec![Value::Null])]), U);
    }

    #[test]
    fn range_fn() {
        assert_eq!(c("range", vec![n(3.0)]), nums(&[0.0, 1.0, 2.0]));
        assert_eq!(c("range", vec![n(-3.0)]), nums(&[0.0, -1.0, -2.0]));
        assert_eq!(c("range", vec![n(1.0), n(4.0)]), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(c("range", vec![n(4.0), n(1.0)]), nums(&[4.0, 3.0, 2.0]));
        assert_eq!(
            c("range", vec![n(0.0), n(10.0), n(4.0)]),
            nums(&[0.0, 4.0, 8.0])
        );
        assert_eq!(
            c("range", vec![n(10.0), n(0.0), n(-4.0)]),
            nums(&[10.0, 6.0, 2.0])
        );
        assert_eq!(c("range", vec![n(0.0)]), nums(&[]));
        assert_eq!(c("range", vec![n(0.0), n(10.0), n(0.0)]), U);
        assert_eq!(c("range", vec![n(0.0), n(10.0), n(-1.0)]), U);
        assert_eq!(c("range", vec![n(10.0), n(0.0), n(1.0)]), U);
        assert_eq!(c("range", vec![n(0.0), n(1.0), n(0.1)]), U);
        assert_eq!(
            c("range", vec![n(1024.0)]).as_list().map(<[Value]>::len),
            Some(1024)
        );
        assert_eq!(c("range", vec![n(1025.0)]), U);
        assert_eq!(c("range", vec![n(1e300)]), U);
        assert_eq!(c("range", vec![]), U);
        assert_eq!(c("range", vec![U]), U);
    }

    #[test]
    fn conversion_functions() {
        assert_eq!(c("tostring", vec![n(1.0)]), s("1"));
        assert_eq!(c("tostring", vec![n(1.5)]), s("1.5"));
        assert_eq!(c("tostring", vec![b(true)]), s("true"));
        assert_eq!(c("tostring", vec![Value::Null]), Value::Null);
        assert_eq!(c("tostring", vec![strs(&[])]), U);
        assert_eq!(c("tonumber", vec![s("12.5")]), n(12.5));
        assert_eq!(c("tonumber", vec![s("-1e3")]), n(-1000.0));
        assert_eq!(c("tonumber", vec![s("0x10")]), U);
        assert_eq!(c("tonumber", vec![s("inf")]), U);
        assert_eq!(c("tonumber", vec![s(" 1")]), U);
        assert_eq!(c("tonumber", vec![s(".")]), U);
        assert_eq!(c("tonumber", vec![b(true)]), U);
        assert_eq!(c("tonumber", vec![Value::Null]), Value::Null);
        assert_eq!(c("tobool", vec![s("true")]), b(true));
        assert_eq!(c("tobool", vec![b(false)]), b(false));
        assert_eq!(c("tobool", vec![s("yes")]), U);
        assert_eq!(c("tobool", vec![n(1.0)]), U);
        assert_eq!(c("tobool", vec![U]), U);
        assert_eq!(c("sensitive", vec![s("x")]), s("x"));
        assert_eq!(c("nonsensitive", vec![l(vec![U])]), l(vec![U]));
        assert_eq!(c("nonsensitive", vec![]), U);
    }

    #[test]
    fn one_zipmap_chunklist() {
        assert_eq!(c("one", vec![strs(&[])]), Value::Null);
        assert_eq!(c("one", vec![l(vec![U])]), U);
        assert_eq!(c("one", vec![strs(&["a"])]), s("a"));
        assert_eq!(c("one", vec![strs(&["a", "b"])]), U);
        assert_eq!(c("one", vec![m(&[])]), U);
        assert_eq!(
            c("zipmap", vec![strs(&["a", "b"]), l(vec![n(1.0), U])]),
            m(&[("a", n(1.0)), ("b", U)])
        );
        assert_eq!(c("zipmap", vec![strs(&["a"]), l(vec![])]), U);
        assert_eq!(c("zipmap", vec![l(vec![U]), nums(&[1.0])]), U);
        assert_eq!(
            c("chunklist", vec![strs(&["a", "b", "c"]), n(2.0)]),
            l(vec![strs(&["a", "b"]), strs(&["c"])])
        );
        assert_eq!(
            c("chunklist", vec![strs(&["a", "b"]), n(0.0)]),
            l(vec![strs(&["a", "b"])])
        );
        assert_eq!(c("chunklist", vec![strs(&[]), n(3.0)]), l(vec![]));
        assert_eq!(
            c("chunklist", vec![strs(&["a"]), n(1e15)]),
            l(vec![strs(&["a"])])
        );
        assert_eq!(c("chunklist", vec![strs(&["a"]), n(-1.0)]), U);
        assert_eq!(c("chunklist", vec![U, n(1.0)]), U);
    }

    #[test]
    fn numeric_functions() {
        assert_eq!(c("max", vec![n(1.0), s("7"), n(3.0)]), n(7.0));
        assert_eq!(c("min", vec![n(1.0), n(-7.0), n(3.0)]), n(-7.0));
        assert_eq!(c("max", vec![]), U);
        assert_eq!(c("max", vec![n(1.0), U]), U);
        assert_eq!(c("min", vec![n(1.0), b(true)]), U);
        assert_eq!(c("abs", vec![n(-2.5)]), n(2.5));
        assert_eq!(c("ceil", vec![n(1.2)]), n(2.0));
        assert_eq!(c("floor", vec![n(-1.2)]), n(-2.0));
        assert_eq!(c("signum", vec![n(-3.0)]), n(-1.0));
        assert_eq!(c("abs", vec![U]), U);
        assert_eq!(c("sum", vec![nums(&[1.0, 2.0, 3.0])]), n(6.0));
        assert_eq!(c("sum", vec![l(vec![n(1.0), s("2")])]), n(3.0));
        assert_eq!(c("sum", vec![nums(&[0.1, 0.2])]), U);
        assert_eq!(c("sum", vec![nums(&[])]), U);
        assert_eq!(c("sum", vec![l(vec![n(1.0), U])]), U);
    }

    #[test]
    fn all_any_true() {
        assert_eq!(c("alltrue", vec![l(vec![])]), b(true));
        assert_eq!(c("alltrue", vec![l(vec![b(true), s("true")])]), b(true));
        assert_eq!(c("alltrue", vec![l(vec![b(false), U])]), b(false));
        assert_eq!(c("alltrue", vec![l(vec![U, b(false)])]), U);
        assert_eq!(c("alltrue", vec![l(vec![Value::Null])]), b(false));
        assert_eq!(c("alltrue", vec![l(vec![n(1.0)])]), U);
        assert_eq!(c("anytrue", vec![l(vec![])]), b(false));
        assert_eq!(c("anytrue", vec![l(vec![b(false), b(true), U])]), b(true));
        assert_eq!(c("anytrue", vec![l(vec![Value::Null, b(false)])]), b(false));
        assert_eq!(c("anytrue", vec![l(vec![U, b(true)])]), U);
    }

    #[test]
    fn substr_strrev() {
        assert_eq!(
            c("substr", vec![s("hello world"), n(1.0), n(4.0)]),
            s("ello")
        );
        assert_eq!(c("substr", vec![s("hello"), n(-3.0), n(-1.0)]), s("llo"));
        assert_eq!(c("substr", vec![s("hello"), n(-3.0), n(2.0)]), s("ll"));
        assert_eq!(c("substr", vec![s("hello"), n(2.0), n(100.0)]), s("llo"));
        assert_eq!(c("substr", vec![s("hello"), n(10.0), n(2.0)]), s(""));
        assert_eq!(c("substr", vec![s("héllo"), n(1.0), n(1.0)]), s("é"));
        assert_eq!(c("substr", vec![s("hello"), n(-10.0), n(1.0)]), U);
        assert_eq!(c("substr", vec![s("hello"), n(-2.0), n(0.0)]), U);
        assert_eq!(c("substr", vec![s("hello"), n(1.0), n(-2.0)]), U);
        assert_eq!(c("substr", vec![s("hello"), U, n(1.0)]), U);
        assert_eq!(c("strrev", vec![s("abc")]), s("cba"));
        assert_eq!(c("strrev", vec![s("a\u{301}")]), U);
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            Just(Value::Unknown),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(Value::Number),
            (-5i32..2000).prop_map(|i| Value::Number(f64::from(i))),
            "[a-c%,/.\\-0-9 ]{0,6}".prop_map(Value::String),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
                prop::collection::btree_map("[a-c]{0,2}", inner, 0..5).prop_map(Value::Map),
            ]
        })
    }

    fn arb_name() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(IMPLEMENTED).prop_map(str::to_string),
            1 => "[a-z]{0,8}",
        ]
    }

    fn known_strings() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("[abc]{0,2}", 0..10)
    }

    proptest! {
        #[test]
        fn call_never_panics(
            name in arb_name(),
            args in prop::collection::vec(arb_value(), 0..5),
            expand in any::<bool>(),
        ) {
            let _ = call(&name, args, expand);
        }

        #[test]
        fn concat_length_is_sum(lists in prop::collection::vec(prop::collection::vec(arb_value(), 0..5), 1..5)) {
            let total: usize = lists.iter().map(Vec::len).sum();
            let out = c("concat", lists.into_iter().map(Value::List).collect());
            prop_assert_eq!(out.as_list().map(<[Value]>::len), Some(total));
        }

        #[test]
        fn distinct_idempotent_first_occurrence(items in known_strings()) {
            let once = c("distinct", vec![Value::List(items.iter().map(|x| s(x)).collect())]);
            let twice = c("distinct", vec![once.clone()]);
            prop_assert_eq!(&once, &twice);
            let mut expected: Vec<Value> = Vec::new();
            for x in &items {
                if !expected.contains(&s(x)) {
                    expected.push(s(x));
                }
            }
            prop_assert_eq!(once, Value::List(expected));
        }

        #[test]
        fn toset_sorted_dedup(items in known_strings()) {
            let out = c("toset", vec![Value::List(items.iter().map(|x| s(x)).collect())]);
            let got = out.as_known_strings().unwrap_or_default();
            let mut expected = items.clone();
            expected.sort();
            expected.dedup();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn flatten_has_no_lists(v in prop::collection::vec(arb_value(), 0..6)) {
            if let Value::List(items) = c("flatten", vec![Value::List(v)]) {
                prop_assert!(items.iter().all(|x| !matches!(x, Value::List(_))));
            }
        }

        #[test]
        fn upper_lower(text in "[a-zA-Z0-9 _éÉàÀçÇ-]{0,20}") {
            prop_assert_eq!(
                c("upper", vec![c("lower", vec![s(&text)])]),
                c("upper", vec![s(&text)])
            );
        }

        #[test]
        fn join_split_roundtrip(text in "[ab,;]{0,20}", sep in "[,;]{1,2}") {
            let parts = c("split", vec![s(&sep), s(&text)]);
            prop_assert_eq!(c("join", vec![s(&sep), parts]), s(&text));
        }

        #[test]
        fn format_never_panics(spec in "[%a-z0-9.\\-+# \\[\\]]{0,12}", args in prop::collection::vec(arb_value(), 0..3)) {
            let mut all = vec![s(&spec)];
            all.extend(args);
            let _ = c("format", all);
        }
    }
}
