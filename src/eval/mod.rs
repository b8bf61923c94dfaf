//! What an attribute's value will be: `Known` values or `Unknown`, with where
//! they came from.
//!
//! Variables resolve as Terraform does: `--var-file` files (later wins), then
//! `*.auto.tfvars` in lexical order, then `terraform.tfvars`, then the
//! variable's default. Inside a called module, the caller's arguments take
//! the place of all of those. Anything that cannot be known statically (data
//! sources, resource attributes, unknown functions, variables with no value)
//! is `Unknown`, and rules never fire on an unknown value.

pub mod diff_api;
pub mod functions;
pub mod value;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

pub use value::Value;

use crate::diag::Location;
use crate::model::{File, Module};
use crate::syntax::{BinaryOp, Expr, ExprKind, ObjectKey, TemplatePart, Traverse, UnaryOp};

/// Where (part of) a value was set.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A place in a file: a variable default, a `.tfvars` line, a local.
    Set {
        location: Location,
        what: &'static str,
    },
    /// A module input variable, bound by the caller.
    Input(String),
}

/// A value and the places it came from (outermost first).
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    pub value: Value,
    pub origins: Vec<Origin>,
}

impl Traced {
    pub fn unknown() -> Self {
        Traced {
            value: Value::Unknown,
            origins: Vec::new(),
        }
    }

    fn known(value: Value) -> Self {
        Traced {
            value,
            origins: Vec::new(),
        }
    }
}

/// A variable value set outside the configuration (`.tfvars`).
#[derive(Debug, Clone)]
pub struct VarValue {
    pub value: Value,
    pub location: Location,
    /// The `.tfvars` attribute's value expression, for fixes.
    pub expr_span: std::ops::Range<usize>,
}

/// Values of a module instance's variables from outside: `.tfvars` for a root
/// module, the caller's arguments for a called one.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub from_caller: bool,
    pub values: BTreeMap<String, Traced>,
}

enum LocalState {
    InProgress,
    Done(Traced),
}

/// Evaluation environment of one module instance.
pub struct Env<'m, 'a> {
    pub module: &'m Module<'a>,
    pub inputs: &'m Inputs,
    locals: RefCell<HashMap<String, LocalState>>,
    depth: Cell<usize>,
}

const MAX_DEPTH: usize = 200;
const MAX_ITEMS: usize = 100_000;

impl<'m, 'a> Env<'m, 'a> {
    pub fn new(module: &'m Module<'a>, inputs: &'m Inputs) -> Self {
        Env {
            module,
            inputs,
            locals: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
        }
    }

    /// Evaluate `expr` (written in `file` of this module) with `binds` for
    /// `each`, `count` and `for` variables.
    pub fn eval(&self, expr: &Expr, binds: &[(String, Value)]) -> Traced {
        let mut ev = Evaluator {
            env: self,
            binds: binds.to_vec(),
        };
        ev.expr(expr)
    }

    fn variable(&self, name: &str) -> Traced {
        if let Some(v) = self.inputs.values.get(name) {
            let mut t = v.clone();
            if self.inputs.from_caller {
                t.origins.insert(0, Origin::Input(name.to_string()));
            }
            return t;
        }
        let Some(var) = self.module.variables.get(name) else {
            return Traced::unknown();
        };
        match var.default {
            Some(d) => {
                let mut t = Evaluator {
                    env: self,
                    binds: Vec::new(),
                }
                .literal(d);
                if t.value == Value::Null {
                    // `default = null` means "no value" for a required check
                    // but null is a real value in Terraform.
                    t.value = Value::Null;
                }
                t.origins.insert(
                    0,
                    Origin::Set {
                        location: Location::new(&var.file.source, d.span.clone()),
                        what: "variable default",
                    },
                );
                t
            }
            None => Traced::unknown(),
        }
    }

    fn local(&self, name: &str) -> Traced {
        if let Some(state) = self.locals.borrow().get(name) {
            return match state {
                LocalState::Done(t) => t.clone(),
                // A cycle: Terraform rejects it; we stay silent.
                LocalState::InProgress => Traced::unknown(),
            };
        }
        let Some(local) = self.module.locals.get(name) else {
            return Traced::unknown();
        };
        self.locals
            .borrow_mut()
            .insert(name.to_string(), LocalState::InProgress);
        let mut t = Evaluator {
            env: self,
            binds: Vec::new(),
        }
        .expr(&local.attr.value);
        t.origins.insert(
            0,
            Origin::Set {
                location: Location::new(&local.file.source, local.attr.value.span.clone()),
                what: "local value",
            },
        );
        self.locals
            .borrow_mut()
            .insert(name.to_string(), LocalState::Done(t.clone()));
        t
    }
}

/// Evaluate a `.tfvars` value or a variable default: literals and functions
/// only, no references.
pub fn eval_literal(expr: &Expr) -> Value {
    let module = Module::default();
    let inputs = Inputs::default();
    let env = Env::new(&module, &inputs);
    env.eval(expr, &[]).value
}

/// Read a module's `.tfvars` files (and `--var-file`s, applied last) into
/// variable values, honouring Terraform's precedence.
pub fn root_inputs(module: &Module, var_files: &[&File]) -> Inputs {
    let mut values = BTreeMap::new();
    for f in module
        .var_files
        .iter()
        .copied()
        .chain(var_files.iter().copied())
    {
        let Some(body) = &f.body else { continue };
        for a in body.attributes() {
            let value = eval_literal(&a.value);
            values.insert(
                a.key.clone(),
                Traced {
                    value,
                    origins: vec![Origin::Set {
                        location: Location::new(&f.source, a.span.clone()),
                        what: "value in .tfvars",
                    }],
                },
            );
        }
    }
    Inputs {
        from_caller: false,
        values,
    }
}

struct Evaluator<'e, 'm, 'a> {
    env: &'e Env<'m, 'a>,
    binds: Vec<(String, Value)>,
}

impl Evaluator<'_, '_, '_> {
    fn literal(&mut self, e: &Expr) -> Traced {
        // Defaults cannot reference anything; evaluate with no bindings.
        let saved = std::mem::take(&mut self.binds);
        let t = self.expr(e);
        self.binds = saved;
        t
    }

    fn expr(&mut self, e: &Expr) -> Traced {
        let d = self.env.depth.get();
        if d > MAX_DEPTH {
            return Traced::unknown();
        }
        self.env.depth.set(d + 1);
        let t = self.expr_inner(e);
        self.env.depth.set(d);
        t
    }

    fn expr_inner(&mut self, e: &Expr) -> Traced {
        match &e.kind {
            ExprKind::Null => Traced::known(Value::Null),
            ExprKind::Bool(b) => Traced::known(Value::Bool(*b)),
            ExprKind::Number(text) => match text.parse::<f64>() {
                Ok(n) => Traced::known(Value::Number(n)),
                Err(_) => Traced::unknown(),
            },
            ExprKind::String(s) => Traced::known(Value::String(s.clone())),
            ExprKind::Template(parts) => self.template(parts),
            ExprKind::Array(items) => {
                let mut origins = Vec::new();
                let values = items
                    .iter()
                    .map(|x| {
                        let t = self.expr(x);
                        origins.extend(t.origins);
                        t.value
                    })
                    .collect();
                Traced {
                    value: Value::List(values),
                    origins,
                }
            }
            ExprKind::Object(items) => {
                let mut origins = Vec::new();
                let mut map = BTreeMap::new();
                for (k, v) in items {
                    let key = match k {
                        ObjectKey::Ident(s) => Some(s.clone()),
                        ObjectKey::Expr(x) => {
                            let kt = self.expr(x);
                            origins.extend(kt.origins);
                            kt.value.to_string_lossless()
                        }
                    };
                    let Some(key) = key else {
                        return Traced {
                            value: Value::Unknown,
                            origins,
                        };
                    };
                    let vt = self.expr(v);
                    origins.extend(vt.origins);
                    map.insert(key, vt.value);
                }
                Traced {
                    value: Value::Map(map),
                    origins,
                }
            }
            ExprKind::Variable(name) => match self.bound(name) {
                Some(v) => Traced::known(v),
                None => Traced::unknown(),
            },
            ExprKind::Traversal(root, ops) => self.traversal(root, ops),
            ExprKind::Call {
                name,
                args,
                expand_final,
            } => self.call(name, args, *expand_final),
            ExprKind::Conditional(c, t, f) => {
                let ct = self.expr(c);
                match ct.value {
                    Value::Bool(true) => self.expr(t),
                    Value::Bool(false) => self.expr(f),
                    Value::String(ref s) if s == "true" => self.expr(t),
                    Value::String(ref s) if s == "false" => self.expr(f),
                    _ => Traced::unknown(),
                }
            }
            ExprKind::Unary(op, x) => {
                let t = self.expr(x);
                let value = match (op, &t.value) {
                    (UnaryOp::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOp::Neg, Value::Number(n)) => Value::Number(-n),
                    _ => Value::Unknown,
                };
                Traced {
                    value,
                    origins: t.origins,
                }
            }
            ExprKind::Binary(op, l, r) => {
                let lt = self.expr(l);
                let rt = self.expr(r);
                let value = binary(*op, &lt.value, &rt.value);
                let mut origins = lt.origins;
                origins.extend(rt.origins);
                Traced { value, origins }
            }
            ExprKind::For(f) => self.for_expr(f),
            ExprKind::Opaque => Traced::unknown(),
        }
    }

    fn bound(&self, name: &str) -> Option<Value> {
        self.binds
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn template(&mut self, parts: &[TemplatePart]) -> Traced {
        let mut out = String::new();
        let mut origins = Vec::new();
        let mut known = true;
        for p in parts {
            match p {
                TemplatePart::Literal(s) => out.push_str(s),
                TemplatePart::Interpolation(x) => {
                    let t = self.expr(x);
                    origins.extend(t.origins);
                    match t.value.to_string_lossless() {
                        Some(s) => out.push_str(&s),
                        None => known = false,
                    }
                }
                TemplatePart::If { .. } | TemplatePart::For { .. } => known = false,
            }
        }
        Traced {
            value: if known {
                Value::String(out)
            } else {
                Value::Unknown
            },
            origins,
        }
    }

    fn traversal(&mut self, root: &Expr, ops: &[Traverse]) -> Traced {
        let (mut t, rest) = match (&root.kind, ops.first()) {
            (ExprKind::Variable(r), Some(Traverse::GetAttr(name))) if r == "var" => {
                (self.env.variable(name), ops.get(1..).unwrap_or(&[]))
            }
            (ExprKind::Variable(r), Some(Traverse::GetAttr(name))) if r == "local" => {
                (self.env.local(name), ops.get(1..).unwrap_or(&[]))
            }
            (ExprKind::Variable(r), _) => match self.bound(r) {
                Some(v) => (Traced::known(v), ops),
                // Resources, data sources, modules, path, terraform, self.
                None => return Traced::unknown(),
            },
            _ => (self.expr(root), ops),
        };
        for op in rest {
            t.value = match op {
                Traverse::GetAttr(name) => get_attr(&t.value, name),
                Traverse::LegacyIndex(i) => index(&t.value, &Value::Number(*i as f64)),
                Traverse::Index(x) => {
                    let it = self.expr(x);
                    t.origins.extend(it.origins);
                    index(&t.value, &it.value)
                }
                Traverse::Splat => Value::Unknown,
            };
            if t.value.is_unknown() {
                break;
            }
        }
        t
    }

    fn call(&mut self, name: &str, args: &[Expr], expand_final: bool) -> Traced {
        let mut origins = Vec::new();
        match name {
            "try" => {
                let candidates: Vec<Option<Value>> = args
                    .iter()
                    .map(|a| {
                        let t = self.expr(a);
                        origins.extend(t.origins);
                        // Errors are indistinguishable from unknowns here; an
                        // unknown candidate makes the result unknown.
                        Some(t.value)
                    })
                    .collect();
                return Traced {
                    value: functions::try_values(candidates),
                    origins,
                };
            }
            "can" => {
                let v = args.first().map(|a| self.expr(a).value);
                let value = match v {
                    Some(v) if v.is_wholly_known() => Value::Bool(true),
                    _ => Value::Unknown,
                };
                return Traced { value, origins };
            }
            _ => {}
        }
        let values: Vec<Value> = args
            .iter()
            .map(|a| {
                let t = self.expr(a);
                origins.extend(t.origins);
                t.value
            })
            .collect();
        Traced {
            value: functions::call(name, values, expand_final),
            origins,
        }
    }

    fn for_expr(&mut self, f: &crate::syntax::ForExpr) -> Traced {
        let ct = self.expr(&f.collection);
        let mut origins = ct.origins;
        let pairs: Vec<(Value, Value)> = match ct.value {
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v))
                .collect(),
            Value::Map(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
            _ => return Traced::unknown(),
        };
        if pairs.len() > MAX_ITEMS {
            return Traced::unknown();
        }
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let base = self.binds.len();
        for (k, v) in pairs {
            self.binds.truncate(base);
            if let Some(kv) = &f.key_var {
                self.binds.push((kv.clone(), k));
            }
            self.binds.push((f.value_var.clone(), v));
            if let Some(c) = &f.cond {
                let t = self.expr(c);
                origins.extend(t.origins);
                match t.value {
                    Value::Bool(true) => {}
                    Value::Bool(false) => continue,
                    _ => {
                        self.binds.truncate(base);
                        return Traced::unknown();
                    }
                }
            }
            let vt = self.expr(&f.value);
            origins.extend(vt.origins);
            match &f.key {
                None => list.push(vt.value),
                Some(kx) => {
                    let kt = self.expr(kx);
                    let Some(key) = kt.value.to_string_lossless() else {
                        self.binds.truncate(base);
                        return Traced::unknown();
                    };
                    if f.grouping {
                        groups.entry(key).or_default().push(vt.value);
                    } else {
                        map.insert(key, vt.value);
                    }
                }
            }
        }
        self.binds.truncate(base);
        let value = match (&f.key, f.grouping) {
            (None, _) => Value::List(list),
            (Some(_), false) => Value::Map(map),
            (Some(_), true) => Value::Map(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v)))
                    .collect(),
            ),
        };
        Traced { value, origins }
    }
}

fn get_attr(v: &Value, name: &str) -> Value {
    match v {
        Value::Map(m) => m.get(name).cloned().unwrap_or(Value::Unknown),
        _ => Value::Unknown,
    }
}

fn index(v: &Value, i: &Value) -> Value {
    match (v, i) {
        (Value::List(items), Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {
            items.get(*n as usize).cloned().unwrap_or(Value::Unknown)
        }
        (Value::List(items), Value::String(s)) => match s.parse::<usize>() {
            Ok(n) => items.get(n).cloned().unwrap_or(Value::Unknown),
            Err(_) => Value::Unknown,
        },
        (Value::Map(m), k) => match k.to_string_lossless() {
            Some(k) => m.get(&k).cloned().unwrap_or(Value::Unknown),
            None => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn binary(op: BinaryOp, l: &Value, r: &Value) -> Value {
    use BinaryOp::*;
    match op {
        And | Or => match (l, r) {
            (Value::Bool(a), Value::Bool(b)) => {
                Value::Bool(if op == And { *a && *b } else { *a || *b })
            }
            // Short-circuit where one side decides.
            (Value::Bool(false), _) | (_, Value::Bool(false)) if op == And => Value::Bool(false),
            (Value::Bool(true), _) | (_, Value::Bool(true)) if op == Or => Value::Bool(true),
            _ => Value::Unknown,
        },
        Eq | NotEq => {
            if !l.is_wholly_known() || !r.is_wholly_known() {
                return Value::Unknown;
            }
            let eq = match (l, r) {
                (Value::Number(a), Value::Number(b)) => a == b,
                _ => l == r,
            };
            Value::Bool(if op == Eq { eq } else { !eq })
        }
        _ => {
            let (Some(a), Some(b)) = (num(l), num(r)) else {
                return Value::Unknown;
            };
            match op {
                Less => Value::Bool(a < b),
                LessEq => Value::Bool(a <= b),
                Greater => Value::Bool(a > b),
                GreaterEq => Value::Bool(a >= b),
                Plus => Value::Number(a + b),
                Minus => Value::Number(a - b),
                Mul => Value::Number(a * b),
                Div if b != 0.0 => Value::Number(a / b),
                Mod if b != 0.0 => Value::Number(a % b),
                _ => Value::Unknown,
            }
        }
    }
}

#[cfg(test)]
mod tests;
