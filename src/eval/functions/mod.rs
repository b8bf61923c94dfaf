//! Terraform's built-in functions over typed values, by family. Each family
//! returns `None` for a name it does not implement. A function cxlint does
//! not implement, or an impure one, gives an unknown value; a call Terraform
//! rejects gives an error value.
//!
//! `legacy` holds the older untyped implementations; functions not yet
//! ported run there, their results typed the way Terraform's collection
//! functions type them (`cty::from_legacy_result`).

mod collections;
mod crypto;
mod decode;
mod encoding;
pub mod files;
mod format;
#[cfg(test)]
mod format_tests;
mod go_regex;
pub mod legacy;
mod network;
mod numeric;
mod strings;
#[cfg(test)]
mod tests;
mod time;
mod yaml_encode;

use super::budget::Budget;
use super::cty::{self, convert, Type, Val};
use crate::model::Module;

pub use legacy::IMPLEMENTED;

/// What functions may consult beyond their arguments.
pub struct FnEnv<'e, 'm, 'a> {
    pub module: &'e Module<'a>,
    pub budget: &'m Budget,
    /// The directory Terraform would run in; file functions read only
    /// inside it (`None`: file functions are unknown).
    pub root: Option<&'e std::path::Path>,
}

/// Functions whose result changes from run to run, or that need the
/// network or the file system beyond the configuration: always unknown.
const IMPURE: &[&str] = &[
    "timestamp",
    "uuid",
    "bcrypt",
    "plantimestamp",
    "ephemeralasnull",
];

/// Call `name` with evaluated arguments (no argument is an error value;
/// the caller returns that error first). `expand_final`: the call ended in
/// `...`, so the last argument's items are spread.
pub fn call(env: &FnEnv, name: &str, mut args: Vec<Val>, expand_final: bool) -> Val {
    if expand_final {
        match args.pop() {
            Some(v) => match v.as_seq() {
                Some(items) => args.extend(items.iter().cloned()),
                _ if v.is_unknown() => return Val::dyn_unknown(),
                _ => return Val::err("the final argument to expand must be a list or tuple"),
            },
            None => return Val::err("no argument to expand"),
        }
    }
    let name = name.strip_prefix("provider::terraform::").unwrap_or(name);
    if IMPURE.contains(&name) {
        return Val::dyn_unknown();
    }
    // Sensitivity is a mark, not a change of value or type.
    if let ("sensitive" | "nonsensitive", [v]) = (name, args.as_slice()) {
        return v.clone();
    }
    let typed = collections::call(name, &args)
        .or_else(|| strings::call(env, name, &args))
        .or_else(|| format::call(name, &args))
        .or_else(|| numeric::call(name, &args))
        .or_else(|| encoding::call(env, name, &args))
        .or_else(|| crypto::call(name, &args))
        .or_else(|| network::call(name, &args))
        .or_else(|| decode::call(name, &args))
        .or_else(|| time::call(name, &args))
        .or_else(|| files::call(env, name, &args));
    if let Some(v) = typed {
        return env.budget.check(v);
    }
    let views: Vec<_> = args.iter().map(cty::view).collect();
    let r = legacy::call(name, views, false);
    env.budget
        .check(retype(name, &args, cty::from_legacy_result(&r)))
}

/// The types Terraform gives results of functions still computed by
/// `legacy`: `range` is a `list(number)`, `chunklist` a list of lists of
/// the input's element type, even when empty.
fn retype(name: &str, args: &[Val], v: Val) -> Val {
    if v.is_unknown() || v.is_error() {
        return v;
    }
    match name {
        "range" => convert(&v, &Type::list(Type::Number)),
        "chunklist" => match args.first().map(|l| convert(l, &Type::list(Type::Dynamic))) {
            Some(Val::List(l)) => convert(&v, &Type::list(Type::list(l.elem.clone()))),
            _ => v,
        },
        // A list (a set when every argument is one) of tuples of the
        // arguments' element types, also when empty.
        "setproduct" => {
            let elems: Vec<Type> = args
                .iter()
                .map(|a| match a.ty() {
                    Type::List(t) | Type::Set(t) => *t,
                    Type::Tuple(ts) => convert::unify(&ts).unwrap_or(Type::Dynamic),
                    _ => Type::Dynamic,
                })
                .collect();
            let t = Type::Tuple(elems);
            match args.iter().all(|a| matches!(a.ty(), Type::Set(_))) {
                true => convert(&v, &Type::set(t)),
                false => convert(&v, &Type::list(t)),
            }
        }
        _ => v,
    }
}

/// Argument `i` converted to `ty`: an error value when missing or not
/// convertible, which the caller returns as it is.
pub(crate) fn arg(args: &[Val], i: usize, ty: &Type) -> Result<Val, Val> {
    match args.get(i) {
        None => Err(Val::err("not enough arguments")),
        Some(v) => match convert(v, ty) {
            e @ Val::Error(_) => Err(e),
            v => Ok(v),
        },
    }
}

/// Argument `i` as a known, non-null string; `Err` carries the result to
/// give (error, or unknown of `result` type).
pub(crate) fn str_arg(args: &[Val], i: usize, result: &Type) -> Result<std::rc::Rc<str>, Val> {
    match arg(args, i, &Type::String)? {
        Val::Str(s) => Ok(s),
        Val::Null(_) => Err(Val::err("argument must not be null")),
        _ => Err(Val::unknown(result.clone())),
    }
}

pub(crate) fn num_arg(args: &[Val], i: usize, result: &Type) -> Result<cty::Num, Val> {
    match arg(args, i, &Type::Number)? {
        Val::Num(n) => Ok((*n).clone()),
        Val::Null(_) => Err(Val::err("argument must not be null")),
        _ => Err(Val::unknown(result.clone())),
    }
}

pub(crate) fn int_arg(args: &[Val], i: usize, result: &Type) -> Result<i64, Val> {
    let n = num_arg(args, i, result)?;
    n.to_i64()
        .ok_or_else(|| Val::err("argument must be a whole number"))
}

/// Collapse a `Result` of helpers into the value.
pub(crate) fn done(r: Result<Val, Val>) -> Option<Val> {
    Some(r.unwrap_or_else(|e| e))
}

/// Check the number of arguments.
pub(crate) fn arity(args: &[Val], n: usize) -> Result<(), Val> {
    if args.len() == n {
        Ok(())
    } else {
        Err(Val::err(format!(
            "expected {n} arguments, got {}",
            args.len()
        )))
    }
}
