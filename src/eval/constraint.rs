//! Variable `type` constraints: parsed from the type expression, then applied
//! to a value as Terraform does (conversion, `optional(T, default)`
//! attributes, extra object attributes dropped).

use std::collections::BTreeMap;

use super::cty::{convert, convert::collection, Type, Val};
use crate::syntax::{Expr, ExprKind, ObjectKey};

/// A type constraint: a type where `any` may appear, and object attributes
/// may be optional with a default.
#[derive(Debug, Clone, PartialEq)]
pub enum Con {
    Any,
    Prim(Type),
    List(Box<Con>),
    Set(Box<Con>),
    Map(Box<Con>),
    Tuple(Vec<Con>),
    Object(BTreeMap<String, Attr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub con: Con,
    pub optional: bool,
    /// `optional(T, default)`'s default, already evaluated.
    pub default: Option<Val>,
}

/// Read a type expression. `eval_default` evaluates an `optional` default.
/// `None` when the expression is not a valid type.
pub fn parse(e: &Expr, eval_default: &mut dyn FnMut(&Expr) -> Val) -> Option<Con> {
    match &e.kind {
        ExprKind::Variable(n) => match n.as_str() {
            "any" => Some(Con::Any),
            "string" => Some(Con::Prim(Type::String)),
            "number" => Some(Con::Prim(Type::Number)),
            "bool" => Some(Con::Prim(Type::Bool)),
            _ => None,
        },
        ExprKind::Call(c) => {
            let arg = c.args.first()?;
            match c.name.as_str() {
                "list" => Some(Con::List(Box::new(parse(arg, eval_default)?))),
                "set" => Some(Con::Set(Box::new(parse(arg, eval_default)?))),
                "map" => Some(Con::Map(Box::new(parse(arg, eval_default)?))),
                "tuple" => match &arg.kind {
                    ExprKind::Array(items) => items
                        .iter()
                        .map(|x| parse(x, eval_default))
                        .collect::<Option<Vec<_>>>()
                        .map(Con::Tuple),
                    _ => None,
                },
                "object" => object(arg, eval_default),
                _ => None,
            }
        }
        _ => None,
    }
}

fn object(arg: &Expr, eval_default: &mut dyn FnMut(&Expr) -> Val) -> Option<Con> {
    let ExprKind::Object(items) = &arg.kind else {
        return None;
    };
    let mut out = BTreeMap::new();
    for (k, v) in items {
        let key = match k {
            ObjectKey::Ident(s) => s.clone(),
            ObjectKey::Expr(x) => match &x.kind {
                ExprKind::String(s) | ExprKind::Variable(s) => s.clone(),
                _ => return None,
            },
        };
        let attr = match &v.kind {
            ExprKind::Call(c) if c.name == "optional" => {
                let con = parse(c.args.first()?, eval_default)?;
                let default = match c.args.get(1) {
                    Some(d) => {
                        let dv = eval_default(d);
                        Some(apply(&dv, &con))
                    }
                    None => None,
                };
                Attr {
                    con,
                    optional: true,
                    default,
                }
            }
            _ => Attr {
                con: parse(v, eval_default)?,
                optional: false,
                default: None,
            },
        };
        out.insert(key.to_string(), attr);
    }
    Some(Con::Object(out))
}

impl Con {
    /// The type a value of this constraint has before `any` is settled.
    pub fn ty(&self) -> Type {
        match self {
            Con::Any => Type::Dynamic,
            Con::Prim(t) => t.clone(),
            Con::List(c) => Type::list(c.ty()),
            Con::Set(c) => Type::set(c.ty()),
            Con::Map(c) => Type::map(c.ty()),
            Con::Tuple(cs) => Type::Tuple(cs.iter().map(Con::ty).collect()),
            Con::Object(m) => {
                Type::Object(m.iter().map(|(k, a)| (k.clone(), a.con.ty())).collect())
            }
        }
    }
}

/// Convert `v` to the constraint, or an error value.
pub fn apply(v: &Val, con: &Con) -> Val {
    match v {
        Val::Error(_) => return v.clone(),
        Val::Null(_) => return Val::Null(con.ty()),
        Val::Unknown(..) => return convert(v, &con.ty()),
        _ => {}
    }
    match con {
        Con::Any => v.clone(),
        Con::Prim(t) => convert(v, t),
        Con::List(c) | Con::Set(c) => {
            let Some(items) = v.as_seq() else {
                return convert(v, &con.ty());
            };
            let items: Vec<Val> = items.iter().map(|x| apply(x, c)).collect();
            collection(items, &c.ty(), matches!(con, Con::Set(_)))
        }
        Con::Map(c) => {
            let Some(items) = v.as_rec() else {
                return convert(v, &con.ty());
            };
            let items: BTreeMap<String, Val> = items
                .iter()
                .map(|(k, x)| (k.clone(), apply(x, c)))
                .collect();
            convert(&Val::object(items), &Type::map(c.ty()))
        }
        Con::Tuple(cs) => {
            let Some(items) = v.as_seq().filter(|i| i.len() == cs.len()) else {
                return convert(v, &con.ty());
            };
            let out: Vec<Val> = items.iter().zip(cs).map(|(x, c)| apply(x, c)).collect();
            out.iter()
                .find(|x| x.is_error())
                .cloned()
                .unwrap_or_else(|| Val::tuple(out))
        }
        Con::Object(attrs) => apply_object(v, attrs),
    }
}

fn apply_object(v: &Val, attrs: &BTreeMap<String, Attr>) -> Val {
    let Some(items) = v.as_rec() else {
        return Val::err(format!("object required, got {}", v.ty().friendly()));
    };
    let mut out = BTreeMap::new();
    for (k, a) in attrs {
        let x = match items.get(k) {
            Some(x) if !(x.is_null() && a.default.is_some()) => apply(x, &a.con),
            _ if a.optional => match &a.default {
                Some(d) => d.clone(),
                None => Val::Null(a.con.ty()),
            },
            _ => return Val::err(format!("attribute \"{k}\" is required")),
        };
        if x.is_error() {
            return x;
        }
        out.insert(k.clone(), x);
    }
    Val::object(out)
}
