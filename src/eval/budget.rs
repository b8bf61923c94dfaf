//! Bounds on evaluation, per module instance: steps, value size, string
//! length. Reaching one makes the value unknown (never a guess) and records
//! what was left unknown, so the engine can say so (CX008).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use super::cty::{Type, Val, Why};
use crate::diag::Location;

/// Expressions evaluated per module instance.
pub const MAX_STEPS: u64 = 300_000;
/// Values in one value (all nested items counted).
pub const MAX_SIZE: usize = 200_000;
/// Bytes in one string.
pub const MAX_STRING: usize = 1 << 20;
/// Nesting of expression evaluation.
pub const MAX_DEPTH: usize = 200;

#[derive(Debug, Default)]
pub struct Budget {
    steps: Cell<u64>,
    depth: Cell<usize>,
    /// The local or variable being evaluated, innermost last, with where
    /// its expression is.
    context: RefCell<Vec<(String, Location)>>,
    /// What was left unknown, and the expression it was left unknown in.
    reached: RefCell<BTreeMap<String, Option<Location>>>,
}

impl Budget {
    pub fn enter(&self, what: String, at: Location) {
        self.context.borrow_mut().push((what, at));
    }
    pub fn leave(&self) {
        self.context.borrow_mut().pop();
    }

    /// Count one step and one level of nesting; `false` when a bound is hit.
    pub fn step_in(&self) -> bool {
        let s = self.steps.get() + 1;
        self.steps.set(s);
        let d = self.depth.get() + 1;
        self.depth.set(d);
        s <= MAX_STEPS && d <= MAX_DEPTH
    }
    pub fn step_out(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    pub fn steps_exhausted(&self) -> bool {
        self.steps.get() > MAX_STEPS
    }

    /// An unknown standing for a bound reached, recorded for CX008.
    pub fn limit(&self, what: &str, ty: Type) -> Val {
        let (ctx, at) = match self.context.borrow().last() {
            Some((name, at)) => (name.clone(), Some(at.clone())),
            None => ("an expression".to_string(), None),
        };
        let msg = format!("{ctx}: {what}");
        self.reached.borrow_mut().entry(msg.clone()).or_insert(at);
        Val::Unknown(ty, Some(std::rc::Rc::new(Why::Limit(msg))))
    }

    /// `v`, or an unknown when it is over the size bounds.
    pub fn check(&self, v: Val) -> Val {
        if v.size() > MAX_SIZE {
            return self.limit(
                &format!("value larger than {MAX_SIZE} items"),
                Type::Dynamic,
            );
        }
        if v.as_str().is_some_and(|s| s.len() > MAX_STRING) {
            return self.limit(
                &format!("string longer than {MAX_STRING} bytes"),
                Type::String,
            );
        }
        v
    }

    /// What was left unknown, with the local or variable default it was
    /// left unknown in, when known.
    pub fn reached(&self) -> Vec<(String, Option<Location>)> {
        self.reached
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}
