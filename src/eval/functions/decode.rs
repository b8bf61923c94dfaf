//! `csvdecode` and `yamldecode` with Terraform's semantics: Go's
//! `encoding/csv` reader, and zclconf/go-cty-yaml's YAML 1.1-style scalar
//! resolution (`yes` is true, `0x10` is 16) over a YAML parser's events
//! (mappings are objects, sequences tuples). Where our parser and
//! Terraform's (libyaml) may disagree, the result is unknown.

use std::collections::{BTreeMap, HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

use super::{arity, done, str_arg};
use crate::eval::budget::MAX_SIZE;
use crate::eval::cty::{convert, Num, Type, Val};

type R = Result<Val, Val>;

pub fn call(name: &str, a: &[Val]) -> Option<Val> {
    let r = match name {
        "csvdecode" => csvdecode(a),
        "yamldecode" => yamldecode(a),
        _ => return None,
    };
    done(r)
}

fn src(a: &[Val]) -> Result<std::rc::Rc<str>, Val> {
    arity(a, 1)?;
    str_arg(a, 0, &Type::Dynamic)
}

fn csvdecode(a: &[Val]) -> R {
    let s = src(a)?;
    let mut records = csv_records(&s)?.into_iter();
    let header = records
        .next()
        .ok_or_else(|| Val::err("missing header line"))?;
    let mut seen = HashSet::new();
    for h in &header {
        if !seen.insert(h.as_str()) {
            return Err(Val::err(format!("duplicate column name \"{h}\"")));
        }
    }
    let attrs: BTreeMap<String, Type> = header.iter().map(|h| (h.clone(), Type::String)).collect();
    let mut rows = Vec::new();
    for rec in records {
        if rec.len() != header.len() {
            return Err(Val::err("wrong number of fields"));
        }
        let obj: BTreeMap<String, Val> = header
            .iter()
            .cloned()
            .zip(rec.into_iter().map(Val::str))
            .collect();
        rows.push(Val::object(obj));
        if rows.len() * (header.len() + 1) > MAX_SIZE {
            return Err(Val::dyn_unknown());
        }
    }
    Ok(Val::list(Type::Object(attrs), rows))
}

/// Go's `encoding/csv` lines: `\r\n` read as `\n`, a `\r` just before the
/// end dropped.
fn csv_lines(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (line, tail) = match rest.find('\n') {
            Some(i) => rest.split_at(i + 1),
            None => (rest, ""),
        };
        rest = tail;
        let mut l = line.to_string();
        if tail.is_empty() && !l.ends_with('\n') && l.ends_with('\r') {
            l.pop();
        }
        if l.ends_with("\r\n") {
            l.truncate(l.len() - 2);
            l.push('\n');
        }
        out.push(l);
    }
    out
}

/// Records as Go's `csv.Reader` (comma `,`, strict quotes) reads them.
fn csv_records(s: &str) -> Result<Vec<Vec<String>>, Val> {
    let lines = csv_lines(s);
    let mut i = 0;
    let mut out = Vec::new();
    while i < lines.len() {
        if lines[i] == "\n" || lines[i].is_empty() {
            i += 1;
            continue;
        }
        let mut line: &str = &lines[i];
        i += 1;
        let mut fields = Vec::new();
        loop {
            if let Some(q) = line.strip_prefix('"') {
                let mut field = String::new();
                let mut rest = q;
                loop {
                    if let Some(j) = rest.find('"') {
                        field.push_str(&rest[..j]);
                        rest = &rest[j + 1..];
                        if let Some(r) = rest.strip_prefix('"') {
                            field.push('"');
                            rest = r;
                        } else if let Some(r) = rest.strip_prefix(',') {
                            fields.push(field);
                            line = r;
                            break;
                        } else if rest.is_empty() || rest == "\n" {
                            fields.push(field);
                            line = "";
                            break;
                        } else {
                            return Err(Val::err("extraneous or missing \" in quoted-field"));
                        }
                    } else if i < lines.len() {
                        field.push_str(rest);
                        rest = &lines[i];
                        i += 1;
                    } else {
                        // An unterminated quote at the end: Go's answer
                        // depends on details we do not reproduce.
                        return Err(Val::dyn_unknown());
                    }
                }
                if line.is_empty() {
                    break;
                }
                continue;
            }
            let (field, more) = match line.find(',') {
                Some(j) => (&line[..j], Some(&line[j + 1..])),
                None => (line.strip_suffix('\n').unwrap_or(line), None),
            };
            if field.contains('"') {
                return Err(Val::err("bare \" in non-quoted-field"));
            }
            fields.push(field.to_string());
            match more {
                Some(m) => line = m,
                None => break,
            }
        }
        out.push(fields);
    }
    Ok(out)
}

const TAG_PREFIX: &str = "tag:yaml.org,2002:";

fn yamldecode(a: &[Val]) -> R {
    let s = src(a)?;
    let mut y = Yaml {
        p: Parser::new_from_str(&s),
        anchors: HashMap::new(),
        pending: HashSet::new(),
        size: 0,
    };
    if !matches!(y.next()?, Event::StreamStart) {
        return Err(Val::dyn_unknown());
    }
    match y.next()? {
        Event::DocumentStart => {}
        Event::StreamEnd => return Err(Val::err("missing start of document")),
        _ => return Err(Val::dyn_unknown()),
    }
    let first = y.next()?;
    let v = y.node(first, 0)?;
    match y.next()? {
        Event::DocumentEnd => {}
        _ => return Err(Val::err("unexpected extra content after value")),
    }
    match y.next()? {
        Event::StreamEnd => Ok(v),
        _ => Err(Val::err("unexpected extra content after value")),
    }
}

struct Yaml<'s> {
    p: Parser<std::str::Chars<'s>>,
    anchors: HashMap<usize, Val>,
    pending: HashSet<usize>,
    size: usize,
}

impl Yaml<'_> {
    /// The next event; a syntax error is unknown, since our parser and
    /// libyaml may not reject the same documents.
    fn next(&mut self) -> Result<Event, Val> {
        self.size += 1;
        if self.size > MAX_SIZE {
            return Err(Val::dyn_unknown());
        }
        self.p
            .next_token()
            .map(|(e, _)| e)
            .map_err(|_| Val::dyn_unknown())
    }

    fn node(&mut self, ev: Event, depth: usize) -> R {
        if depth > crate::eval::budget::MAX_DEPTH {
            return Err(Val::dyn_unknown());
        }
        let (anchor, v) = match ev {
            Event::Scalar(text, style, anchor, tag) => {
                (anchor, scalar(&tag_text(tag.as_ref()), &text, style)?)
            }
            Event::Alias(id) => {
                if self.pending.contains(&id) {
                    return Err(Val::err(
                        "cannot refer to an anchor inside its own definition",
                    ));
                }
                let v = self.anchors.get(&id).cloned();
                return v.ok_or_else(|| Val::err("reference to undefined anchor"));
            }
            Event::SequenceStart(anchor, tag) => {
                check_tag(tag.as_ref(), "seq")?;
                if anchor != 0 {
                    self.pending.insert(anchor);
                }
                (anchor, self.sequence(depth)?)
            }
            Event::MappingStart(anchor, tag) => {
                check_tag(tag.as_ref(), "map")?;
                if anchor != 0 {
                    self.pending.insert(anchor);
                }
                (anchor, self.mapping(depth)?)
            }
            _ => return Err(Val::err("expecting a value")),
        };
        if v.size() > MAX_SIZE {
            return Err(Val::dyn_unknown());
        }
        if anchor != 0 {
            self.pending.remove(&anchor);
            self.anchors.insert(anchor, v.clone());
        }
        Ok(v)
    }

    fn sequence(&mut self, depth: usize) -> R {
        let mut items = Vec::new();
        loop {
            match self.next()? {
                Event::SequenceEnd => return Ok(Val::tuple(items)),
                ev => items.push(self.node(ev, depth + 1)?),
            }
        }
    }

    fn mapping(&mut self, depth: usize) -> R {
        let mut out: BTreeMap<String, Val> = BTreeMap::new();
        loop {
            let key = match self.next()? {
                Event::MappingEnd => return Ok(Val::object(out)),
                Event::Scalar(text, style, _, tag) => {
                    let tag = tag_text(tag.as_ref());
                    if (tag.is_empty() && text == "<<") || tag == format!("{TAG_PREFIX}merge") {
                        let ev = self.next()?;
                        let v = self.node(ev, depth + 1)?;
                        merge(&mut out, &v)?;
                        continue;
                    }
                    scalar(&tag, &text, style)?
                }
                _ => return Err(Val::err("only strings are allowed as mapping keys")),
            };
            let key = match convert(&key, &Type::String) {
                Val::Str(s) => s.to_string(),
                Val::Null(_) => return Err(Val::err("mapping key cannot be null")),
                Val::Unknown(..) => return Err(Val::dyn_unknown()),
                _ => return Err(Val::err("only strings are allowed as mapping keys")),
            };
            let ev = self.next()?;
            let v = self.node(ev, depth + 1)?;
            out.insert(key, v);
        }
    }
}

/// A `<<` merge key: a mapping, or a sequence of mappings, merged in.
fn merge(out: &mut BTreeMap<String, Val>, v: &Val) -> Result<(), Val> {
    let maps: Vec<&Val> = match v.as_seq() {
        Some(items) => items.iter().collect(),
        None => vec![v],
    };
    for m in maps {
        let rec = m
            .as_rec()
            .ok_or_else(|| Val::err("cannot merge a non-mapping into a mapping"))?;
        for (k, x) in rec {
            out.insert(k.clone(), x.clone());
        }
    }
    Ok(())
}

fn tag_text(tag: Option<&Tag>) -> String {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
        .unwrap_or_default()
}

fn check_tag(tag: Option<&Tag>, kind: &str) -> Result<(), Val> {
    let t = tag_text(tag);
    if t.is_empty() || t == format!("{TAG_PREFIX}{kind}") {
        Ok(())
    } else {
        Err(Val::err(format!("cannot interpret a collection as {t}")))
    }
}

/// go-cty-yaml's plain-scalar table: YAML 1.1 booleans and nulls.
fn lookup(s: &str) -> Option<Result<Val, Val>> {
    Some(Ok(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Val::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Val::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Val::null(),
        // Infinities are numbers cty holds but JSON cannot write.
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => {
            return Some(Err(Val::unknown(Type::Number)))
        }
        _ => return None,
    }))
}

fn scalar(tag: &str, src: &str, style: TScalarStyle) -> R {
    let t = tag.strip_prefix(TAG_PREFIX).map(|s| format!("!!{s}"));
    let tag = t.as_deref().unwrap_or(tag);
    if !matches!(
        tag,
        "" | "!!str" | "!!bool" | "!!int" | "!!float" | "!!null" | "!!timestamp" | "!!binary"
    ) {
        return Err(Val::err(format!("unsupported tag \"{tag}\"")));
    }
    let hint = match src.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    let mut tag = tag;
    if hint != 0 && tag != "!!str" && tag != "!!binary" {
        if matches!(
            style,
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
        ) {
            return Ok(Val::str(src));
        }
        if let Some(v) = lookup(src) {
            return v;
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err(Val::err("floating point NaN is not supported"));
        }
        match hint {
            b'.' => {
                if let Some(v) = parse_number(src) {
                    return v;
                }
            }
            b'D' | b'S' => {
                let b = src.as_bytes();
                // A timestamp is reformatted by Terraform: not reproduced.
                if (tag.is_empty() || tag == "!!timestamp")
                    && b.len() > 4
                    && b[..4].iter().all(u8::is_ascii_digit)
                    && b[4] == b'-'
                {
                    return Err(Val::dyn_unknown());
                }
                if is_int_literal(src) {
                    tag = "!!int";
                } else if is_float_literal(src) {
                    tag = "!!float";
                }
            }
            _ => {}
        }
    }
    match tag {
        // Go's strict base64 check is not reproduced: a valid-looking
        // text is kept, anything else is unknown.
        "!!binary" => {
            let b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
            let body = src.trim_end_matches('=');
            if src.len().is_multiple_of(4) && src.len() - body.len() <= 2 && body.bytes().all(b64) {
                Ok(Val::str(src))
            } else {
                Err(Val::dyn_unknown())
            }
        }
        "!!str" | "" => Ok(Val::str(src)),
        "!!bool" => match lookup(src) {
            Some(Ok(v @ Val::Bool(_))) => Ok(v),
            _ => Err(Val::err(format!("cannot parse \"{src}\" as !!bool"))),
        },
        "!!int" | "!!float" => {
            let plain = src.replace('_', "");
            parse_number(&plain)
                .or_else(|| go_int(&plain))
                .unwrap_or_else(|| Err(Val::err(format!("cannot parse \"{src}\" as {tag}"))))
        }
        "!!null" => Ok(Val::null()),
        _ => Err(Val::dyn_unknown()),
    }
}

/// `[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+`, the whole text.
fn is_int_literal(s: &str) -> bool {
    let digits = |t: &str, f: fn(&u8) -> bool| !t.is_empty() && t.as_bytes().iter().all(f);
    if let Some(t) = s.strip_prefix("0o") {
        return digits(t, |b| (b'0'..=b'7').contains(b));
    }
    if let Some(t) = s.strip_prefix("0x") {
        return digits(t, u8::is_ascii_hexdigit);
    }
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    digits(t, u8::is_ascii_digit)
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the whole text.
fn is_float_literal(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let num = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let mant_ok = match mant.split_once('.') {
        Some(("", f)) => num(f),
        Some((i, f)) => num(i) && (f.is_empty() || num(f)),
        None => num(mant),
    };
    let exp_ok = exp.is_none_or(|e| num(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mant_ok && exp_ok
}

/// cty's `ParseNumberVal` (Go's `big.ParseFloat` in base 10). A negative
/// zero, which cty keeps and prints `-0`, is unknown.
fn parse_number(s: &str) -> Option<R> {
    if !is_float_literal(s) {
        return None;
    }
    let t = s.strip_prefix('+').unwrap_or(s);
    // "1." and ".5" as our decimal parser reads them.
    let t = t.replace(".e", ".0e").replace(".E", ".0E");
    let t = if t.ends_with('.') { format!("{t}0") } else { t };
    let t = t.replacen("-.", "-0.", 1);
    let t = if t.starts_with('.') {
        format!("0{t}")
    } else {
        t
    };
    Some(match Num::parse(&t) {
        Some(n) if n.is_zero() && t.starts_with('-') => Err(Val::unknown(Type::Number)),
        Some(n) => Ok(Val::num(n)),
        None => Err(Val::unknown(Type::Number)),
    })
}

/// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint`: `0x`, `0o`, `0b`
/// and a leading `0` (octal) prefixes.
fn go_int(s: &str) -> Option<R> {
    let (neg, t) = match s.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = t.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if !digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    let n = if neg {
        if v > i64::MAX as u64 + 1 {
            return None;
        }
        -(i128::from(v))
    } else {
        i128::from(v)
    };
    Some(Ok(Val::num(Num::parse(&n.to_string())?)))
}
