//! cty's types, as Terraform sees them, and their console spelling.

use std::collections::BTreeMap;

/// A cty type. `Dynamic` is cty's `DynamicPseudoType`: "any type", the type
/// of a bare `null` and of an unknown whose type is not known either.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    Dynamic,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, Type>),
}

impl Type {
    pub fn list(t: Type) -> Type {
        Type::List(Box::new(t))
    }
    pub fn set(t: Type) -> Type {
        Type::Set(Box::new(t))
    }
    pub fn map(t: Type) -> Type {
        Type::Map(Box::new(t))
    }

    pub fn is_primitive(&self) -> bool {
        matches!(self, Type::String | Type::Number | Type::Bool)
    }

    /// The element type of a list, set or map.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::List(t) | Type::Set(t) | Type::Map(t) => Some(t),
            _ => None,
        }
    }

    /// True when the type contains `Dynamic` anywhere.
    pub fn has_dynamic(&self) -> bool {
        match self {
            Type::Dynamic => true,
            Type::List(t) | Type::Set(t) | Type::Map(t) => t.has_dynamic(),
            Type::Tuple(ts) => ts.iter().any(Type::has_dynamic),
            Type::Object(m) => m.values().any(Type::has_dynamic),
            _ => false,
        }
    }

    /// The type as `terraform console` prints `type(x)`.
    pub fn console(&self) -> String {
        let mut out = String::new();
        self.write_console(&mut out, 0);
        out
    }

    fn write_console(&self, out: &mut String, indent: usize) {
        let pad = |n: usize| "    ".repeat(n);
        match self {
            Type::Dynamic => out.push_str("dynamic"),
            Type::String => out.push_str("string"),
            Type::Number => out.push_str("number"),
            Type::Bool => out.push_str("bool"),
            Type::List(t) | Type::Set(t) | Type::Map(t) => {
                let name = match self {
                    Type::List(_) => "list",
                    Type::Set(_) => "set",
                    _ => "map",
                };
                out.push_str(name);
                out.push('(');
                if !matches!(**t, Type::Object(_) | Type::Tuple(_)) {
                    t.write_console(out, indent);
                } else {
                    out.push('\n');
                    out.push_str(&pad(indent + 1));
                    t.write_console(out, indent + 1);
                    out.push_str(",\n");
                    out.push_str(&pad(indent));
                }
                out.push(')');
            }
            Type::Tuple(ts) => {
                out.push_str("tuple([");
                if !ts.is_empty() {
                    out.push('\n');
                    for t in ts {
                        out.push_str(&pad(indent + 1));
                        t.write_console(out, indent + 1);
                        out.push_str(",\n");
                    }
                    out.push_str(&pad(indent));
                }
                out.push_str("])");
            }
            Type::Object(m) => {
                out.push_str("object({");
                if !m.is_empty() {
                    out.push('\n');
                    for (k, t) in m {
                        out.push_str(&pad(indent + 1));
                        out.push_str(k);
                        out.push_str(": ");
                        t.write_console(out, indent + 1);
                        out.push_str(",\n");
                    }
                    out.push_str(&pad(indent));
                }
                out.push_str("})");
            }
        }
    }

    /// One-line spelling: `tuple([string, number])`, `object({a: string})`.
    pub fn compact(&self) -> String {
        match self {
            Type::List(t) => format!("list({})", t.compact()),
            Type::Set(t) => format!("set({})", t.compact()),
            Type::Map(t) => format!("map({})", t.compact()),
            Type::Tuple(ts) => {
                let items: Vec<String> = ts.iter().map(Type::compact).collect();
                format!("tuple([{}])", items.join(", "))
            }
            Type::Object(m) => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, t)| format!("{k}: {}", t.compact()))
                    .collect();
                format!("object({{{}}})", items.join(", "))
            }
            _ => self.console(),
        }
    }

    /// Short spelling for messages (`list of string`...).
    pub fn friendly(&self) -> String {
        match self {
            Type::Dynamic => "dynamic".into(),
            Type::String => "string".into(),
            Type::Number => "number".into(),
            Type::Bool => "bool".into(),
            Type::List(t) => format!("list of {}", t.friendly()),
            Type::Set(t) => format!("set of {}", t.friendly()),
            Type::Map(t) => format!("map of {}", t.friendly()),
            Type::Tuple(_) => "tuple".into(),
            Type::Object(_) => "object".into(),
        }
    }
}
