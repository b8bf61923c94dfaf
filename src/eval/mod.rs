//! What an attribute's value will be, exactly as Terraform computes it, or
//! unknown, with where it came from.
//!
//! Values are typed as cty types them (`cty`). Variables resolve as
//! Terraform does: `--var-file` files (later wins), then `*.auto.tfvars` in
//! lexical order, then `terraform.tfvars`, then the variable's default, all
//! converted to the variable's `type`. Inside a called module, the caller's
//! arguments take the place of all of those. Anything that cannot be known
//! statically (data sources, resource attributes, impure functions,
//! variables with no value, bounds reached) is unknown; anything Terraform
//! rejects is an error value. Rules see both as `Value::Unknown` and never
//! fire on them.

pub mod budget;
pub mod constraint;
pub mod cty;
pub mod diff_api;
mod expr;
pub mod functions;
pub mod instances;
mod ops;
pub mod value;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

pub use cty::{Type, Val};
pub use value::Value;

use crate::diag::Location;
use crate::model::{File, Module};
use crate::syntax::Expr;
use budget::Budget;
use expr::Evaluator;

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

/// A value and the places it came from (outermost first). `value` is what
/// rules read (errors and unknowns both `Unknown`); `typed` is the exact
/// cty value.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    pub value: Value,
    pub origins: Vec<Origin>,
    pub typed: Val,
}

impl Traced {
    pub fn unknown() -> Self {
        Traced::from_typed(Val::dyn_unknown(), Vec::new())
    }

    /// The value converted to `ty` as Terraform converts arguments
    /// (`count = "2"`), in the rules' view.
    pub fn converted(&self, ty: &Type) -> Value {
        cty::view(&cty::convert(&self.typed, ty))
    }

    pub fn from_typed(typed: Val, origins: Vec<Origin>) -> Self {
        Traced {
            value: cty::view(&typed),
            origins,
            typed,
        }
    }
}

/// Values of a module instance's variables from outside: `.tfvars` for a root
/// module, the caller's arguments for a called one.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub from_caller: bool,
    pub values: BTreeMap<String, Traced>,
}

/// A value inside the evaluator: typed, with its (bounded) origins.
#[derive(Debug, Clone)]
pub(crate) struct T {
    pub v: Val,
    pub o: Vec<Origin>,
}

/// Most origins kept per value: enough to explain a finding, bounded so
/// that values built from many references stay small.
const MAX_ORIGINS: usize = 8;

impl T {
    pub fn new(v: Val) -> T {
        T { v, o: Vec::new() }
    }
    pub fn with(v: Val, o: Vec<Origin>) -> T {
        T { v, o }
    }
    pub fn add_origins(&mut self, more: &[Origin]) {
        for x in more {
            if self.o.len() >= MAX_ORIGINS {
                break;
            }
            if !self.o.contains(x) {
                self.o.push(x.clone());
            }
        }
    }
}

enum Cached {
    InProgress,
    Done(T),
}

/// Evaluation environment of one module instance.
pub struct Env<'m, 'a> {
    pub module: &'m Module<'a>,
    pub inputs: &'m Inputs,
    /// `path.module` as Terraform would give it, when known.
    pub path_module: Option<String>,
    /// The root module's directory (Terraform's working directory), when
    /// known: file functions read only inside it.
    pub root_dir: Option<std::path::PathBuf>,
    locals: RefCell<HashMap<String, Cached>>,
    vars: RefCell<HashMap<String, T>>,
    /// Whether a variable's default breaks its type ([`Env::bad_default`]):
    /// not yet asked, being computed, or the answer.
    bad_default: RefCell<BadDefault>,
    pub(crate) budget: Budget,
}

#[derive(Clone, Default)]
enum BadDefault {
    #[default]
    Unasked,
    Computing,
    Known(Option<Val>),
}

impl<'m, 'a> Env<'m, 'a> {
    pub fn new(module: &'m Module<'a>, inputs: &'m Inputs) -> Self {
        Env {
            module,
            inputs,
            path_module: None,
            root_dir: None,
            locals: RefCell::new(HashMap::new()),
            vars: RefCell::new(HashMap::new()),
            bad_default: RefCell::new(BadDefault::Unasked),
            budget: Budget::default(),
        }
    }

    /// Set the root module's directory (where Terraform runs): file
    /// functions read inside it, and `path.module` is this module's path
    /// relative to it.
    pub fn set_root(&mut self, root: &std::path::Path) {
        self.root_dir = Some(root.to_path_buf());
        self.path_module = match self.module.dir.strip_prefix(root) {
            Ok(rel) if rel.as_os_str().is_empty() => Some(".".into()),
            Ok(rel) => rel.to_str().map(str::to_string),
            Err(_) => None,
        };
    }

    /// Evaluate `expr` (written in a file of this module) with `binds` for
    /// `each` and `count` (see `instances`).
    pub fn eval(&self, expr: &Expr, binds: &[(String, Val)]) -> Traced {
        let t = Evaluator::new(self, binds.to_vec()).expr(expr);
        Traced::from_typed(t.v, t.o)
    }

    /// What was left unknown because a bound was reached, for CX008.
    pub fn limits_reached(&self) -> Vec<(String, Option<Location>)> {
        self.budget.reached()
    }

    fn variable(&self, name: &str) -> T {
        if let Some(t) = self.vars.borrow().get(name) {
            return t.clone();
        }
        if let Some(e) = self.bad_default() {
            return T::new(e);
        }
        let t = self.variable_uncached(name);
        self.vars.borrow_mut().insert(name.to_string(), t.clone());
        t
    }

    /// Terraform rejects a module with a variable whose default does not
    /// convert to its type, before evaluating anything: every variable of
    /// it is then a configuration error, never a known value.
    fn bad_default(&self) -> Option<Val> {
        match &*self.bad_default.borrow() {
            BadDefault::Known(v) => return v.clone(),
            BadDefault::Computing => return None,
            BadDefault::Unasked => {}
        }
        *self.bad_default.borrow_mut() = BadDefault::Computing;
        let mut found = None;
        for (name, d) in &self.module.variables {
            let (Some(type_expr), Some(default)) = (d.type_expr, d.default) else {
                continue;
            };
            let mut eval = |e: &Expr| Evaluator::new(self, Vec::new()).expr(e).v;
            let Some(con) = constraint::parse(type_expr, &mut eval) else {
                continue;
            };
            let v = eval(default);
            if !v.is_error() && constraint::apply(&v, &con).is_error() {
                found = Some(Val::config_err(format!(
                    "the default of variable \"{name}\" does not match its type"
                )));
                break;
            }
        }
        *self.bad_default.borrow_mut() = BadDefault::Known(found.clone());
        found
    }

    fn variable_uncached(&self, name: &str) -> T {
        let decl = self.module.variables.get(name);
        let mut default_eval = |e: &Expr| Evaluator::new(self, Vec::new()).expr(e).v;
        let con = decl
            .and_then(|d| d.type_expr)
            .and_then(|e| constraint::parse(e, &mut default_eval));
        let nullable = decl
            .and_then(|d| d.nullable)
            .map(|e| !matches!(e.kind, crate::syntax::ExprKind::Bool(false)))
            .unwrap_or(true);
        let default = decl.and_then(|d| d.default.map(|e| (d, e))).map(|(d, e)| {
            let location = Location::new(&d.file.source, e.span.clone());
            self.budget.enter(format!("var.{name}"), location.clone());
            let mut t = Evaluator::new(self, Vec::new()).expr(e);
            self.budget.leave();
            t.o.insert(
                0,
                Origin::Set {
                    location,
                    what: "variable default",
                },
            );
            t
        });
        let mut t = match self.inputs.values.get(name) {
            Some(v) => {
                let mut o = v.origins.clone();
                if self.inputs.from_caller {
                    o.insert(0, Origin::Input(name.to_string()));
                }
                T::with(v.typed.clone(), o)
            }
            None if decl.is_none() => T::new(Val::config_err(format!(
                "no variable named \"{name}\" is declared"
            ))),
            None => match &default {
                Some(d) => d.clone(),
                None => T::new(Val::unknown(
                    con.as_ref().map(|c| c.ty()).unwrap_or(Type::Dynamic),
                )),
            },
        };
        if t.v.is_null() && !nullable {
            t = match default {
                Some(d) if !d.v.is_null() => d,
                _ => T::new(Val::err(format!("variable \"{name}\" must not be null"))),
            };
        }
        if let Some(c) = &con {
            t.v = constraint::apply(&t.v, c);
        }
        t
    }

    fn local(&self, name: &str) -> T {
        if let Some(state) = self.locals.borrow().get(name) {
            return match state {
                Cached::Done(t) => t.clone(),
                // A cycle: Terraform rejects it.
                Cached::InProgress => {
                    T::new(Val::config_err(format!("local.{name} refers to itself")))
                }
            };
        }
        let Some(local) = self.module.locals.get(name) else {
            return T::new(Val::config_err(format!("no local value named \"{name}\"")));
        };
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Cached::InProgress);
        let location = Location::new(&local.file.source, local.attr.value.span.clone());
        self.budget.enter(format!("local.{name}"), location.clone());
        let mut t = Evaluator::new(self, Vec::new()).expr(&local.attr.value);
        self.budget.leave();
        t.o.insert(
            0,
            Origin::Set {
                location,
                what: "local value",
            },
        );
        t.o.truncate(MAX_ORIGINS);
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Cached::Done(t.clone()));
        t
    }
}

/// Evaluate a `.tfvars` value or a variable default: literals and functions
/// only, no references.
pub fn eval_literal(expr: &Expr) -> Value {
    cty::view(&eval_literal_typed(expr))
}

pub fn eval_literal_typed(expr: &Expr) -> Val {
    let module = Module::default();
    let inputs = Inputs::default();
    let env = Env::new(&module, &inputs);
    let v = Evaluator::new(&env, Vec::new()).expr(expr).v;
    v
}

/// Read a module's `.tfvars` files (and `--var-file`s, applied last) into
/// variable values, honouring Terraform's precedence. Conversion to each
/// variable's `type` happens when the variable is read.
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
            let typed = eval_literal_typed(&a.value);
            values.insert(
                a.key.to_string(),
                Traced::from_typed(
                    typed,
                    vec![Origin::Set {
                        location: Location::new(&f.source, a.span.clone()),
                        what: "value in .tfvars",
                    }],
                ),
            );
        }
    }
    Inputs {
        from_caller: false,
        values,
    }
}

#[cfg(test)]
mod tests;
