//! The untyped implementations of the functions not yet ported to typed
//! values (`title` and the trimming functions, `range`, `chunklist`,
//! `setproduct`). `super::call` runs them on the rules' view of
//! the arguments and types the result.
//!
//! Each returns `None` for "unknown or error", which [`call`] turns into
//! [`Value::Unknown`]; whatever is not certain is unknown, never guessed.

use crate::eval::value::Value;

/// Names of the functions cxlint evaluates (`try`, `can` and
/// `templatefile` are evaluated by the evaluator itself).
pub const IMPLEMENTED: &[&str] = &[
    "abs",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "base64sha256",
    "base64sha512",
    "basename",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatlist",
    "index",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lookup",
    "lower",
    "matchkeys",
    "max",
    "md5",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "urlencode",
    "uuidv5",
    "values",
    "zipmap",
];

/// Largest list a function may build from a user-supplied number
/// (`setproduct`), and largest `format` width/precision honoured.
const MAX_BUILD: usize = 100_000;
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

fn dispatch(name: &str, a: &[Value]) -> Option<Value> {
    match name {
        // Collections.
        "setproduct" => set_product(a),
        "range" => range(a),
        "chunklist" => chunklist(a),
        // Strings.
        "title" => map_string(a, title),
        "trimspace" => map_string(a, |s| Some(s.trim().to_string())),
        "chomp" => map_string(a, |s| Some(s.trim_end_matches(['\r', '\n']).to_string())),
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

fn list_arg(v: &Value) -> Option<&[Value]> {
    v.as_list()
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

// ---------------------------------------------------------------------------
// Type unification and equality.

// ---------------------------------------------------------------------------
// Collection functions.

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

// ---------------------------------------------------------------------------
// String functions.

/// Go's `unicode.ToTitle`: the upper case, but for the Latin digraphs,
/// whose title case is their own character (`ǆ` → `ǅ`).
fn go_title_case(c: char) -> Option<char> {
    match c {
        '\u{1C4}'..='\u{1C6}' => Some('\u{1C5}'),
        '\u{1C7}'..='\u{1C9}' => Some('\u{1C8}'),
        '\u{1CA}'..='\u{1CC}' => Some('\u{1CB}'),
        '\u{1F1}'..='\u{1F3}' => Some('\u{1F2}'),
        _ => super::strings::go_simple_case(c, true),
    }
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
            out.push(go_title_case(c)?);
        } else {
            out.push(c);
        }
        prev = c;
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// format and JSON.
