//! String functions with Terraform's semantics: grapheme clusters where
//! Terraform counts characters, RE2-style regular expressions, budgets on
//! results that can grow quadratically.

use unicode_segmentation::UnicodeSegmentation;

use super::{arity, done, int_arg, str_arg, FnEnv};
use crate::eval::budget::MAX_STRING;
use crate::eval::cty::{convert, Type, Val};

type R = Result<Val, Val>;

pub fn call(env: &FnEnv, name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "split" => split(a),
        "join" => join(a),
        "replace" => replace(env, a),
        "regex" => regex(a, false),
        "regexall" => regex(a, true),
        "substr" => substr(a),
        "strrev" => {
            let s = str1(a);
            s.and_then(|s| {
                let g = graphemes(&s).ok_or_else(|| Val::unknown(Type::String))?;
                Ok(Val::str(g.into_iter().rev().collect::<String>()))
            })
        }
        "upper" => str1(a).and_then(|s| go_case(&s, true).map(Val::str)),
        "lower" => str1(a).and_then(|s| go_case(&s, false).map(Val::str)),
        "indent" => indent(a),
        _ => return None,
    };
    done(r)
}

fn str1(a: &[Val]) -> Result<std::rc::Rc<str>, Val> {
    arity(a, 1)?;
    str_arg(a, 0, &Type::String)
}

/// Grapheme clusters as Terraform 1.11 (Unicode 15.0 segmentation) splits
/// them. Our tables are newer; for scripts whose rules changed since
/// (Indic conjuncts, Unicode 15.1) and for characters newer than our
/// guarantee, `None`: the caller's result is unknown, not guessed.
pub fn graphemes(s: &str) -> Option<Vec<&str>> {
    let changed = |c: char| {
        let u = c as u32;
        (0x0900..=0x0DFF).contains(&u)
            || (0x1FA70..=0x1FAFF).contains(&u)
            || (0x2_0000..0xE_0000).contains(&u)
    };
    if s.chars().any(changed) {
        return None;
    }
    Some(s.graphemes(true).collect())
}

/// Go's `strings.ToUpper`/`ToLower`: rune by rune, a rune whose case
/// mapping is not a single rune (`ß`) stays as it is.
fn go_case(s: &str, upper: bool) -> Result<String, Val> {
    s.chars()
        .map(|c| go_simple_case(c, upper).ok_or_else(|| Val::unknown(Type::String)))
        .collect()
}

/// Go's `unicode.ToUpper`/`ToLower`: Unicode's simple (one character)
/// mappings, from Go's Unicode 15 tables. Rust gives the full mappings:
/// where those are longer than one character, the simple one is the
/// character itself, except the ones below; where Go's tables may differ
/// (characters given case in Unicode 16, Greek with iota subscript) the
/// result is unknown.
pub(super) fn go_simple_case(c: char, upper: bool) -> Option<char> {
    let mut m = if upper {
        c.to_uppercase().collect::<Vec<char>>()
    } else {
        c.to_lowercase().collect::<Vec<char>>()
    };
    let changed = m.len() != 1 || m.first() != Some(&c);
    if changed && matches!(c as u32, 0xA7C0..=0xA7FF | 0x10D40..=0x10D8F | 0x1F80..=0x1FFF) {
        return None;
    }
    match (c, m.len()) {
        ('\u{130}', _) if !upper => Some('i'),
        (_, 1) => m.pop(),
        _ => Some(c),
    }
}

/// `indent(n, s)`: n spaces after every newline.
fn indent(a: &[Val]) -> R {
    arity(a, 2)?;
    let n = int_arg(a, 0, &Type::String)?;
    let s = str_arg(a, 1, &Type::String)?;
    let n = usize::try_from(n).map_err(|_| Val::err("indent must not be negative"))?;
    if n.saturating_mul(s.matches('\n').count()) > MAX_STRING {
        return Err(Val::unknown(Type::String));
    }
    Ok(Val::str(s.replace('\n', &format!("\n{}", " ".repeat(n)))))
}

fn split(a: &[Val]) -> R {
    arity(a, 2)?;
    let t = Type::list(Type::String);
    let sep = str_arg(a, 0, &t)?;
    let s = str_arg(a, 1, &t)?;
    let parts: Vec<Val> = if sep.is_empty() {
        // Go's strings.Split with an empty separator splits into UTF-8 sequences.
        s.chars().map(|c| Val::str(c.to_string())).collect()
    } else {
        s.split(&*sep).map(Val::str).collect()
    };
    Ok(Val::list(Type::String, parts))
}

fn join(a: &[Val]) -> R {
    if a.len() < 2 {
        return Err(Val::err("join needs a separator and at least one list"));
    }
    let sep = str_arg(a, 0, &Type::String)?;
    let mut parts = Vec::new();
    for l in a.iter().skip(1) {
        let l = convert(l, &Type::list(Type::String));
        match &l {
            Val::Error(_) => return Err(l),
            Val::Unknown(..) => return Err(Val::unknown(Type::String)),
            Val::Null(_) => return Err(Val::err("list must not be null")),
            _ => {}
        }
        for x in l.as_seq().unwrap_or(&[]) {
            match x {
                Val::Str(s) => parts.push(s.to_string()),
                Val::Null(_) => return Err(Val::err("element is null")),
                _ => return Err(Val::unknown(Type::String)),
            }
        }
    }
    let out = parts.join(&sep);
    Ok(Val::str(out))
}

fn replace(env: &FnEnv, a: &[Val]) -> R {
    arity(a, 3)?;
    let s = str_arg(a, 0, &Type::String)?;
    let pat = str_arg(a, 1, &Type::String)?;
    let with = str_arg(a, 2, &Type::String)?;
    if pat.len() > 1 && pat.starts_with('/') && pat.ends_with('/') {
        let re = compile(pat.get(1..pat.len() - 1).unwrap_or(""))?;
        let n = re.find_iter(&s).count();
        if s.len()
            .saturating_add(n.saturating_mul(with.len().saturating_mul(2)))
            > MAX_STRING
        {
            return Ok(env.budget.limit("replace() result too long", Type::String));
        }
        return Ok(Val::str(re.replace_all(&s, &*with).into_owned()));
    }
    let n = if pat.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(&*pat).count()
    };
    if s.len().saturating_add(n.saturating_mul(with.len())) > MAX_STRING {
        return Ok(env.budget.limit("replace() result too long", Type::String));
    }
    Ok(Val::str(s.replace(&*pat, &with)))
}

/// A Go (RE2) pattern, compiled to mean what it means in Terraform;
/// unknown when it cannot be carried over exactly.
fn compile(p: &str) -> Result<regex::Regex, Val> {
    let p = super::go_regex::translate(p).ok_or_else(Val::dyn_unknown)?;
    regex::RegexBuilder::new(&p)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| Val::err(format!("invalid regular expression: {e}")))
}

/// One match as Terraform gives it: the match itself without groups, a
/// tuple of unnamed groups, an object of named ones.
fn captures(re: &regex::Regex, c: &regex::Captures) -> Val {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    // A group that took no part in the match is a null string.
    let text = |i: usize| match c.get(i) {
        Some(m) => Val::str(m.as_str()),
        None => Val::Null(Type::String),
    };
    if names.is_empty() {
        return text(0);
    }
    if names.iter().any(Option::is_some) {
        let m = names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.map(|n| (n.to_string(), text(i + 1))))
            .collect();
        return Val::object(m);
    }
    Val::tuple((1..=names.len()).map(text).collect())
}

fn regex(a: &[Val], all: bool) -> R {
    arity(a, 2)?;
    let p = str_arg(a, 0, &Type::Dynamic)?;
    let s = str_arg(a, 1, &Type::Dynamic)?;
    let re = compile(&p)?;
    if all {
        let items: Vec<Val> = re.captures_iter(&s).map(|c| captures(&re, &c)).collect();
        // Without capture groups each match is a string, matches or not.
        let none = if re.captures_len() == 1 {
            Type::String
        } else {
            Type::Dynamic
        };
        let elem = items.first().map(Val::ty).unwrap_or(none);
        return Ok(Val::list(elem, items));
    }
    match re.captures(&s) {
        Some(c) => Ok(captures(&re, &c)),
        None => Err(Val::err(
            "pattern did not match any part of the given string",
        )),
    }
}

fn substr(a: &[Val]) -> R {
    arity(a, 3)?;
    let s = str_arg(a, 0, &Type::String)?;
    let offset = int_arg(a, 1, &Type::String)?;
    let length = int_arg(a, 2, &Type::String)?;
    let g = graphemes(&s).ok_or_else(|| Val::unknown(Type::String))?;
    let len = g.len() as i64;
    // cty: a negative offset counts from the end; still before the start,
    // it starts at the beginning.
    let start = if offset < 0 {
        (offset + len).max(0)
    } else {
        offset
    };
    // go-cty: a negative offset with zero length returns the rest.
    let start = start.min(len);
    let end = if length < 0 || (offset < 0 && length == 0) {
        len
    } else {
        start.saturating_add(length).min(len)
    };
    let out: String = g.get(start as usize..end as usize).unwrap_or(&[]).concat();
    Ok(Val::str(out))
}
