//! The untyped implementations of the functions not yet ported to typed
//! values (case and trimming functions, `format`'s verbs, `range`,
//! `chunklist`, `setproduct`). `super::call` runs them on the rules' view of
//! the arguments and types the result.
//!
//! Each returns `None` for "unknown or error", which [`call`] turns into
//! [`Value::Unknown`]; whatever is not certain is unknown, never guessed.

use std::fmt::Write as _;

use crate::eval::value::{format_number, Value};

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

fn dispatch(name: &str, a: &[Value]) -> Option<Value> {
    match name {
        // Collections.
        "setproduct" => set_product(a),
        "range" => range(a),
        "chunklist" => chunklist(a),
        // Strings.
        "lower" => map_string(a, |s| map_chars(s, char::to_lowercase)),
        "upper" => map_string(a, |s| map_chars(s, char::to_uppercase)),
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
        "format" => format(a),
        // Conversions.
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
            'd' => format_integer(&verb, num_arg(arg)?, 10, false)?,
            // `#` adds a base prefix in Go: not reproduced.
            'b' | 'o' | 'x' | 'X' if !verb.sharp => {
                let radix = match mode {
                    'b' => 2,
                    'o' => 8,
                    _ => 16,
                };
                format_integer(&verb, num_arg(arg)?, radix, mode == 'X')?
            }
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
            // %e %E %g %G and invalid verbs: not evaluated.
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
fn format_integer(verb: &Verb, n: f64, radix: u32, upper: bool) -> Option<String> {
    if n.fract() != 0.0 || n.abs() > MAX_EXACT_INT || verb.prec.is_some() {
        return None;
    }
    let i = n as i64;
    let digits = match (radix, upper) {
        (2, _) => format!("{:b}", i.unsigned_abs()),
        (8, _) => format!("{:o}", i.unsigned_abs()),
        (16, false) => format!("{:x}", i.unsigned_abs()),
        (16, true) => format!("{:X}", i.unsigned_abs()),
        _ => i.unsigned_abs().to_string(),
    };
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
