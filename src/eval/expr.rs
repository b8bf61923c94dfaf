//! The expression evaluator: HCL's semantics over cty values.

use std::collections::BTreeMap;

use super::cty::{convert, unify_values, Num, Type, Val, Why};
use super::{functions, ops, Env, T};
use crate::syntax::{Expr, ExprKind, ForExpr, ObjectKey, TemplatePart, Traverse};

pub(crate) struct Evaluator<'e, 'm, 'a> {
    pub env: &'e Env<'m, 'a>,
    binds: Vec<(String, Val)>,
}

impl<'e, 'm, 'a> Evaluator<'e, 'm, 'a> {
    pub fn new(env: &'e Env<'m, 'a>, binds: Vec<(String, Val)>) -> Self {
        Evaluator { env, binds }
    }

    pub fn expr(&mut self, e: &Expr) -> T {
        if !self.env.budget.step_in() {
            self.env.budget.step_out();
            let what = if self.env.budget.steps_exhausted() {
                "evaluation step limit reached"
            } else {
                "expression nested too deeply"
            };
            return T::new(self.env.budget.limit(what, Type::Dynamic));
        }
        let mut t = self.expr_inner(e);
        self.env.budget.step_out();
        t.v = self.env.budget.check(t.v);
        t
    }

    fn expr_inner(&mut self, e: &Expr) -> T {
        match &e.kind {
            ExprKind::Null => T::new(Val::null()),
            ExprKind::Bool(b) => T::new(Val::Bool(*b)),
            ExprKind::Number(text) => T::new(match Num::parse(text) {
                // cty keeps the sign of a negative zero; we do not.
                Some(n) if n.is_zero() && text.starts_with('-') => Val::unknown(Type::Number),
                Some(n) => Val::num(n),
                None => Val::unknown(Type::Number),
            }),
            ExprKind::String(s) => T::new(Val::str(s.as_str())),
            ExprKind::Template(parts) => self.template(parts),
            ExprKind::Array(items) => {
                let (vals, o) = self.all(items);
                T::with(Val::tuple(vals), o)
            }
            ExprKind::Object(items) => self.object(items),
            ExprKind::Variable(name) => match self.bound(name) {
                Some(v) => T::new(v),
                None => T::new(Val::dyn_unknown()),
            },
            ExprKind::Traversal(root, ops) => self.traversal(root, ops),
            ExprKind::Call(c) => self.call(&c.name, &c.args, c.expand_final),
            ExprKind::Conditional(c, t, f) => self.conditional(c, t, f),
            ExprKind::Unary(op, x) => {
                let t = self.expr(x);
                T::with(ops::unary(*op, &t.v), t.o)
            }
            ExprKind::Binary(op, l, r) => {
                let mut lt = self.expr(l);
                let rt = self.expr(r);
                lt.v = ops::binary(*op, &lt.v, &rt.v);
                lt.add_origins(&rt.o);
                lt
            }
            ExprKind::For(f) => self.for_expr(f),
            ExprKind::Opaque => T::new(Val::dyn_unknown()),
        }
    }

    fn all(&mut self, items: &[Expr]) -> (Vec<Val>, Vec<super::Origin>) {
        let mut acc = T::new(Val::null());
        let vals = items
            .iter()
            .map(|x| {
                let t = self.expr(x);
                acc.add_origins(&t.o);
                t.v
            })
            .collect();
        (vals, acc.o)
    }

    fn object(&mut self, items: &[(ObjectKey, Expr)]) -> T {
        let mut acc = T::new(Val::null());
        let mut map = BTreeMap::new();
        let mut unknown_key = false;
        for (k, v) in items {
            let key = match k {
                ObjectKey::Ident(s) => Val::str(s.as_str()),
                ObjectKey::Expr(x) => {
                    let kt = self.expr(x);
                    acc.add_origins(&kt.o);
                    convert(&kt.v, &Type::String)
                }
            };
            let vt = self.expr(v);
            acc.add_origins(&vt.o);
            match key {
                Val::Str(s) => {
                    map.insert(s.to_string(), vt.v);
                }
                Val::Null(_) => return T::with(Val::err("object key must not be null"), acc.o),
                Val::Error(_) => return T::with(key, acc.o),
                _ => unknown_key = true,
            }
        }
        let v = if unknown_key {
            Val::dyn_unknown()
        } else {
            Val::object(map)
        };
        T::with(v, acc.o)
    }

    pub(crate) fn bound(&self, name: &str) -> Option<Val> {
        self.binds
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn conditional(&mut self, c: &Expr, t: &Expr, f: &Expr) -> T {
        let ct = self.expr(c);
        let cond = convert(&ct.v, &Type::Bool);
        let mut tt = self.expr(t);
        let ft = self.expr(f);
        let pick = match &cond {
            Val::Bool(b) => Some(*b),
            Val::Error(_) => return T::with(cond, ct.o),
            Val::Null(_) => return T::with(Val::err("condition must not be null"), ct.o),
            _ => None,
        };
        // Both results must have one type: `true ? 1 : "x"` is "1".
        let pair = [tt.v.clone(), ft.v.clone()];
        let unified = if pair.iter().any(Val::is_error) {
            None
        } else {
            Some(unify_values(&pair))
        };
        let mut out = match (pick, unified) {
            (Some(true), Some(Some((_, vs)))) => T::with(vs[0].clone(), tt.o.clone()),
            (Some(false), Some(Some((_, vs)))) => T::with(vs[1].clone(), ft.o.clone()),
            (Some(true), None) => tt.clone(),
            (Some(false), None) => ft.clone(),
            (_, Some(None)) => T::new(Val::err("inconsistent conditional result types")),
            (None, Some(Some((ty, _)))) => T::new(Val::unknown(ty)),
            (None, None) => T::new(Val::dyn_unknown()),
        };
        if pick.is_none() {
            tt.add_origins(&ft.o);
            out.o = tt.o;
        }
        let mut res = T::with(out.v, ct.o);
        res.add_origins(&out.o);
        res
    }

    fn template(&mut self, parts: &[TemplatePart]) -> T {
        // A template that is exactly one interpolation keeps its value's type.
        if let [TemplatePart::Interpolation(x)] = parts {
            return self.expr(x);
        }
        let mut acc = T::new(Val::null());
        let mut out = String::new();
        let v = match self.parts(parts, &mut out, &mut acc) {
            Ok(true) => self.env.budget.check(Val::str(out)),
            Ok(false) => Val::unknown(Type::String),
            Err(e) => e,
        };
        T::with(v, acc.o)
    }

    /// Append the rendering of `parts` to `out`; `Ok(false)` when part of it
    /// is unknown, `Err` with an error value when Terraform rejects it.
    fn parts(
        &mut self,
        parts: &[TemplatePart],
        out: &mut String,
        acc: &mut T,
    ) -> Result<bool, Val> {
        let mut known = true;
        for p in parts {
            if out.len() > super::budget::MAX_STRING {
                return Err(self
                    .env
                    .budget
                    .limit("template result too long", Type::String));
            }
            match p {
                TemplatePart::Literal(s) => out.push_str(s),
                TemplatePart::Interpolation(x) => {
                    let t = self.expr(x);
                    acc.add_origins(&t.o);
                    match &t.v {
                        Val::Null(_) => {
                            return Err(Val::err("template interpolation value is null"))
                        }
                        Val::Unknown(..) => known = false,
                        v => match convert(v, &Type::String) {
                            Val::Str(s) => out.push_str(&s),
                            Val::Error(_) => {
                                return Err(Val::err(
                                    "cannot include this value in a string template",
                                ))
                            }
                            _ => known = false,
                        },
                    }
                }
                TemplatePart::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    let t = self.expr(cond);
                    acc.add_origins(&t.o);
                    match convert(&t.v, &Type::Bool) {
                        Val::Bool(true) => known &= self.parts(then, out, acc)?,
                        Val::Bool(false) => known &= self.parts(otherwise, out, acc)?,
                        e @ Val::Error(_) => return Err(e),
                        Val::Null(_) => return Err(Val::err("template if condition is null")),
                        _ => known = false,
                    }
                }
                TemplatePart::For {
                    key_var,
                    value_var,
                    collection,
                    body,
                } => {
                    let ct = self.expr(collection);
                    acc.add_origins(&ct.o);
                    let Some(pairs) = ops::iterate(&ct.v)? else {
                        known = false;
                        continue;
                    };
                    let base = self.binds.len();
                    for (k, v) in pairs {
                        self.binds.truncate(base);
                        if let Some(kv) = key_var {
                            self.binds.push((kv.to_string(), k));
                        }
                        self.binds.push((value_var.to_string(), v));
                        let r = self.parts(body, out, acc);
                        match r {
                            Ok(k) => known &= k,
                            Err(e) => {
                                self.binds.truncate(base);
                                return Err(e);
                            }
                        }
                    }
                    self.binds.truncate(base);
                }
            }
        }
        Ok(known)
    }

    fn traversal(&mut self, root: &Expr, tr: &[Traverse]) -> T {
        let get = |i: usize| tr.get(i);
        let (mut t, rest) = match (&root.kind, get(0)) {
            (ExprKind::Variable(r), Some(Traverse::GetAttr(name))) if r == "var" => {
                (self.env.variable(name), tr.get(1..).unwrap_or(&[]))
            }
            (ExprKind::Variable(r), Some(Traverse::GetAttr(name))) if r == "local" => {
                (self.env.local(name), tr.get(1..).unwrap_or(&[]))
            }
            (ExprKind::Variable(r), _) => match self.bound(r) {
                Some(v) => (T::new(v), tr),
                None => match self.special(r, tr) {
                    Some((v, n)) => (T::new(v), tr.get(n..).unwrap_or(&[])),
                    None => return T::new(reference(r, tr)),
                },
            },
            _ => (self.expr(root), tr),
        };
        self.apply_ops(&mut t, rest);
        t
    }

    /// `path.*` and `terraform.workspace`: the value and how many traversal
    /// steps it used.
    fn special(&self, root: &str, tr: &[Traverse]) -> Option<(Val, usize)> {
        let Some(Traverse::GetAttr(a)) = tr.first() else {
            return None;
        };
        match (root, a.as_str()) {
            ("path", "module") | ("path", "root") => Some((
                self.env
                    .path_module
                    .as_ref()
                    .filter(|_| a == "module" || self.env.path_module.as_deref() == Some("."))
                    .map(|p| Val::str(p.as_str()))
                    .unwrap_or_else(|| Val::unknown(Type::String)),
                1,
            )),
            ("path", "cwd") => Some((Val::unknown(Type::String), 1)),
            ("terraform", "workspace") => Some((workspace(self.env), 1)),
            _ => None,
        }
    }

    pub(crate) fn apply_ops(&mut self, t: &mut T, ops_: &[Traverse]) {
        for (i, op) in ops_.iter().enumerate() {
            t.v = match op {
                Traverse::GetAttr(name) => ops::get_attr(&t.v, name),
                Traverse::LegacyIndex(n) => ops::index(&t.v, &Val::num(Num::from_i64(*n as i64))),
                Traverse::Index(x) => {
                    let it = self.expr(x);
                    t.add_origins(&it.o);
                    ops::index(&t.v, &it.v)
                }
                Traverse::Splat => {
                    let rest = ops_.get(i + 1..).unwrap_or(&[]);
                    t.v = self.splat(&t.v, rest);
                    return;
                }
            };
            if matches!(t.v, Val::Unknown(..) | Val::Error(_)) {
                return;
            }
        }
    }

    /// `x[*].rest`: `rest` applied to each item; a single value is treated as
    /// a one-item tuple, null as an empty one.
    fn splat(&mut self, v: &Val, rest: &[Traverse]) -> Val {
        let each = |me: &mut Self, x: &Val| {
            let mut t = T::new(x.clone());
            me.apply_ops(&mut t, rest);
            t.v
        };
        match v {
            Val::Null(_) => Val::tuple(Vec::new()),
            Val::Unknown(..) | Val::Error(_) => v.clone(),
            Val::List(s) | Val::Set(s) => {
                let items: Vec<Val> = s.items.iter().map(|x| each(self, x)).collect();
                if let Some(e) = items.iter().find(|x| x.is_error()) {
                    return e.clone();
                }
                match unify_values(&items) {
                    Some((ty, items)) if !items.is_empty() => Val::list(ty, items),
                    _ => Val::list(Type::Dynamic, items),
                }
            }
            Val::Tuple(s) => {
                let items: Vec<Val> = s.items.iter().map(|x| each(self, x)).collect();
                items
                    .iter()
                    .find(|x| x.is_error())
                    .cloned()
                    .unwrap_or_else(|| Val::tuple(items))
            }
            _ => {
                let x = each(self, v);
                if x.is_error() {
                    x
                } else {
                    Val::tuple(vec![x])
                }
            }
        }
    }

    fn call(&mut self, name: &str, args: &[Expr], expand_final: bool) -> T {
        // Terraform 1.8+ spells every built-in function `core::NAME` too.
        let name = name.strip_prefix("core::").unwrap_or(name);
        let mut acc = T::new(Val::null());
        let vals: Vec<Val> = args
            .iter()
            .map(|a| {
                let t = self.expr(a);
                acc.add_origins(&t.o);
                t.v
            })
            .collect();
        let v = match name {
            "can" => can(&vals),
            "try" => try_(&vals),
            "templatefile" => self.templatefile(&vals),
            "templatestring" => self.templatestring(args, &vals),
            _ => {
                if let Some(e) = vals.iter().find_map(Val::find_error) {
                    return T::with(e.clone(), acc.o);
                }
                let fenv = functions::FnEnv {
                    module: self.env.module,
                    budget: &self.env.budget,
                    root: self.env.root_dir.as_deref(),
                };
                functions::call(&fenv, name, vals, expand_final)
            }
        };
        T::with(v, acc.o)
    }

    /// `templatefile(path, vars)`: the file read inside the root directory,
    /// rendered with only `vars` in scope.
    fn templatefile(&mut self, vals: &[Val]) -> Val {
        if let Some(e) = vals.iter().find_map(Val::find_error) {
            return e.clone();
        }
        let (Some(Val::Str(path)), Some(vars)) = (vals.first(), vals.get(1)) else {
            return match vals.first() {
                Some(Val::Unknown(..)) => Val::unknown(Type::String),
                _ => Val::err("templatefile needs a path and an object of variables"),
            };
        };
        let fenv = functions::FnEnv {
            module: self.env.module,
            budget: &self.env.budget,
            root: self.env.root_dir.as_deref(),
        };
        let bytes = match functions::files::read_path(&fenv, path) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return Val::err("template file is not valid UTF-8");
        };
        self.render(&text, vars)
    }

    /// `templatestring(ref, vars)`: the first argument must be a reference
    /// to a string (Terraform rejects a literal or any other expression).
    fn templatestring(&mut self, args: &[Expr], vals: &[Val]) -> Val {
        if vals.len() != 2 {
            return Val::err("templatestring needs a template and an object of variables");
        }
        if !matches!(
            args.first().map(|a| &a.kind),
            Some(ExprKind::Traversal(..) | ExprKind::Variable(_))
        ) {
            return Val::err("templatestring's first argument must be a reference to a string");
        }
        if let Some(e) = vals.iter().find_map(Val::find_error) {
            return e.clone();
        }
        match (&vals[0], &vals[1]) {
            (Val::Str(text), vars) => {
                let text = text.clone();
                self.render(&text, vars)
            }
            (Val::Unknown(..), _) => Val::unknown(Type::String),
            _ => Val::err("the template must be a string"),
        }
    }

    /// A template's text rendered with `vars` (an object) as its only names.
    fn render(&mut self, text: &str, vars: &Val) -> Val {
        let Ok(parts) = crate::parse::hcl::parse_template(text, 0) else {
            return Val::err("template does not parse");
        };
        let binds: Vec<(String, Val)> = match vars {
            Val::Unknown(..) => return Val::unknown(Type::String),
            v => match v.as_rec() {
                Some(m) => m.iter().map(|(k, x)| (k.clone(), x.clone())).collect(),
                None => return Val::err("template variables must be an object"),
            },
        };
        let saved = std::mem::replace(&mut self.binds, binds);
        let t = self.template(&parts);
        self.binds = saved;
        // The function's result type is string whatever the template holds.
        convert(&t.v, &Type::String)
    }

    fn for_expr(&mut self, f: &ForExpr) -> T {
        let ct = self.expr(&f.collection);
        let mut acc = T::with(Val::null(), ct.o);
        let pairs = match ops::iterate(&ct.v) {
            Ok(Some(p)) => p,
            Ok(None) => return T::with(Val::dyn_unknown(), acc.o),
            Err(e) => return T::with(e, acc.o),
        };
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Val>> = BTreeMap::new();
        let base = self.binds.len();
        let mut size = 0usize;
        let result = (|| {
            for (k, v) in pairs {
                self.binds.truncate(base);
                if let Some(kv) = &f.key_var {
                    self.binds.push((kv.to_string(), k));
                }
                self.binds.push((f.value_var.to_string(), v));
                if let Some(c) = &f.cond {
                    let t = self.expr(c);
                    acc.add_origins(&t.o);
                    match convert(&t.v, &Type::Bool) {
                        Val::Bool(true) => {}
                        Val::Bool(false) => continue,
                        e @ Val::Error(_) => return Err(e),
                        Val::Null(_) => return Err(Val::err("for condition is null")),
                        _ => return Err(Val::dyn_unknown()),
                    }
                }
                let vt = self.expr(&f.value);
                acc.add_origins(&vt.o);
                size = size.saturating_add(vt.v.size());
                if size > super::budget::MAX_SIZE {
                    return Err(self
                        .env
                        .budget
                        .limit("for expression result too large", Type::Dynamic));
                }
                let Some(kx) = &f.key else {
                    list.push(vt.v);
                    continue;
                };
                let kt = self.expr(kx);
                acc.add_origins(&kt.o);
                let key = match convert(&kt.v, &Type::String) {
                    Val::Str(s) => s.to_string(),
                    e @ Val::Error(_) => return Err(e),
                    Val::Null(_) => return Err(Val::err("for key is null")),
                    _ => return Err(Val::dyn_unknown()),
                };
                if f.grouping {
                    groups.entry(key).or_default().push(vt.v);
                } else if map.insert(key.clone(), vt.v).is_some() {
                    return Err(Val::err(format!("duplicate object key \"{key}\"")));
                }
            }
            Ok(())
        })();
        self.binds.truncate(base);
        if let Err(e) = result {
            return T::with(e, acc.o);
        }
        let v = match (&f.key, f.grouping) {
            (None, _) => Val::tuple(list),
            (Some(_), false) => Val::object(map),
            (Some(_), true) => Val::object(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Val::tuple(v)))
                    .collect(),
            ),
        };
        T::with(v, acc.o)
    }
}

/// A reference the evaluator does not resolve (resources, data sources,
/// modules, `self`): unknown, remembering what it refers to.
fn reference(root: &str, tr: &[Traverse]) -> Val {
    let mut path = root.to_string();
    for op in tr.iter().take(3) {
        match op {
            Traverse::GetAttr(a) => {
                path.push('.');
                path.push_str(a);
            }
            _ => break,
        }
    }
    match root {
        "count" | "each" | "var" | "local" => Val::dyn_unknown(),
        _ => Val::Unknown(Type::Dynamic, Some(std::rc::Rc::new(Why::Reference(path)))),
    }
}

/// `terraform.workspace`: "default" when nothing selects another workspace
/// (no `TF_WORKSPACE`, no `.terraform/environment`), else unknown.
fn workspace(env: &Env) -> Val {
    let from_env = std::env::var_os("TF_WORKSPACE").is_some();
    let selected = env
        .module
        .dir
        .join(".terraform")
        .join("environment")
        .exists();
    if from_env || selected {
        Val::unknown(Type::String)
    } else {
        Val::str("default")
    }
}

/// `can(x)`: false when x is an error, unknown while x is not wholly known.
/// An error of the configuration itself is not caught.
fn can(vals: &[Val]) -> Val {
    if vals.len() > 1 {
        return Val::err("can takes exactly one argument");
    }
    let v = vals.first();
    if let Some(e) = v.and_then(Val::config_error) {
        return e.clone();
    }
    match v {
        Some(v) if v.find_error().is_some() => Val::Bool(false),
        Some(v) if v.is_wholly_known() => Val::Bool(true),
        Some(_) => Val::unknown(Type::Bool),
        None => Val::err("can needs one argument"),
    }
}

/// `try(a, b, ...)`: the first argument that is not an error; unknown when
/// that cannot be decided yet.
fn try_(vals: &[Val]) -> Val {
    if let Some(e) = vals.iter().find_map(Val::config_error) {
        return e.clone();
    }
    for v in vals {
        if v.find_error().is_some() {
            continue;
        }
        if !v.is_wholly_known() {
            return Val::dyn_unknown();
        }
        return v.clone();
    }
    Val::err("no expression given to try succeeded")
}
