//! Values an expression can take, as far as static analysis can know them.

use std::collections::BTreeMap;

/// A Terraform value. `Unknown` stands for anything that cannot be known
/// statically (data sources, resource attributes, unset variables...). It may
/// appear inside collections: `["a", data.x.id]` is a list with one unknown item.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// Lists, tuples and sets.
    List(Vec<Value>),
    /// Maps and objects (keys sorted, as Terraform iterates them).
    Map(BTreeMap<String, Value>),
    Unknown,
}

impl Value {
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when no part of the value is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(m) => m.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) => Some(v),
            _ => None,
        }
    }

    /// Terraform's string conversion of a primitive (numbers print without a
    /// trailing `.0`, bools as `true`/`false`). `None` for collections, null
    /// and unknown.
    pub fn to_string_lossless(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(format_number(*n)),
            _ => None,
        }
    }

    /// The value as a list of known strings, or `None` when it is not a list of
    /// strings or any item is unknown.
    pub fn as_known_strings(&self) -> Option<Vec<String>> {
        match self {
            Value::List(items) => items.iter().map(|v| v.to_string_lossless()).collect(),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Unknown => "unknown",
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
