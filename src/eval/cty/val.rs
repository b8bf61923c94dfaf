//! Typed values as cty holds them. Collections are shared (`Rc`): a reference
//! to a local hands out the same value, never a deep copy.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::num::Num;
use super::ty::Type;

/// Why a value is unknown, beyond "cannot be known statically". Room for
/// provenance: a later model step can say which block an unknown refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// A resource or data source attribute (`genesyscloud_x.name.attr...`),
    /// as written.
    Reference(String),
    /// An evaluation bound was reached (see `budget`).
    Limit(String),
}

/// How the message of a [`Val::config_err`] starts.
const CONFIG_ERROR: &str = "invalid configuration: ";

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null(Type),
    Unknown(Type, Option<Rc<Why>>),
    /// Terraform rejects the operation; the message says why.
    Error(Rc<str>),
    Bool(bool),
    Num(Rc<Num>),
    Str(Rc<str>),
    List(Rc<Seq>),
    Set(Rc<Seq>),
    Tuple(Rc<Seq>),
    Map(Rc<Rec>),
    Object(Rc<Rec>),
}

/// Items of a list, set (sorted, distinct) or tuple. `elem` is the element
/// type of a list or set (`Dynamic` for a tuple).
#[derive(Debug, Clone, PartialEq)]
pub struct Seq {
    pub elem: Type,
    pub items: Vec<Val>,
    /// Number of values in the whole tree, for budgets.
    pub size: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rec {
    pub elem: Type,
    pub items: BTreeMap<String, Val>,
    pub size: usize,
}

impl Val {
    pub fn str(s: impl Into<String>) -> Val {
        let s: String = s.into();
        Val::Str(Rc::from(crate::eval::cty::nfc(&s).as_str()))
    }
    pub fn num(n: Num) -> Val {
        Val::Num(Rc::new(n))
    }
    pub fn int(n: i64) -> Val {
        Val::num(Num::from_i64(n))
    }
    pub fn err(msg: impl Into<String>) -> Val {
        Val::Error(Rc::from(msg.into().as_str()))
    }

    /// An error in the configuration itself (a reference to something not
    /// declared, a cycle): Terraform rejects the configuration before
    /// evaluating anything, so `can` and `try` do not catch it.
    pub fn config_err(msg: impl Into<String>) -> Val {
        Val::err(format!("{CONFIG_ERROR}{}", msg.into()))
    }

    /// Whether this value holds an error of the configuration itself
    /// ([`Val::config_err`]).
    pub fn config_error(&self) -> Option<&Val> {
        self.find_error()
            .filter(|e| matches!(e, Val::Error(m) if m.starts_with(CONFIG_ERROR)))
    }
    pub fn unknown(t: Type) -> Val {
        Val::Unknown(t, None)
    }
    pub fn dyn_unknown() -> Val {
        Val::Unknown(Type::Dynamic, None)
    }
    pub fn null() -> Val {
        Val::Null(Type::Dynamic)
    }

    pub fn size(&self) -> usize {
        match self {
            Val::List(s) | Val::Set(s) | Val::Tuple(s) => s.size,
            Val::Map(r) | Val::Object(r) => r.size,
            _ => 1,
        }
    }

    fn seq(elem: Type, items: Vec<Val>) -> Rc<Seq> {
        let size = 1 + items.iter().map(Val::size).sum::<usize>();
        Rc::new(Seq { elem, items, size })
    }
    fn rec(elem: Type, items: BTreeMap<String, Val>) -> Rc<Rec> {
        let size = 1 + items.values().map(Val::size).sum::<usize>();
        Rc::new(Rec { elem, items, size })
    }

    pub fn tuple(items: Vec<Val>) -> Val {
        Val::Tuple(Val::seq(Type::Dynamic, items))
    }
    pub fn object(items: BTreeMap<String, Val>) -> Val {
        Val::Object(Val::rec(Type::Dynamic, items))
    }
    /// A list whose items already have type `elem`.
    pub fn list(elem: Type, items: Vec<Val>) -> Val {
        Val::List(Val::seq(elem, items))
    }
    pub fn map(elem: Type, items: BTreeMap<String, Val>) -> Val {
        Val::Map(Val::rec(elem, items))
    }
    /// A set of items of type `elem`: sorted and deduplicated in
    /// O(n log n). Unknown items are kept (they may or may not be equal).
    pub fn set(elem: Type, mut items: Vec<Val>) -> Val {
        items.sort_by(cmp);
        items.dedup_by(|a, b| a.is_wholly_known() && cmp(a, b).is_eq());
        Val::Set(Val::seq(elem, items))
    }

    pub fn ty(&self) -> Type {
        match self {
            Val::Null(t) | Val::Unknown(t, _) => t.clone(),
            Val::Error(_) => Type::Dynamic,
            Val::Bool(_) => Type::Bool,
            Val::Num(_) => Type::Number,
            Val::Str(_) => Type::String,
            Val::List(s) => Type::list(s.elem.clone()),
            Val::Set(s) => Type::set(s.elem.clone()),
            Val::Map(r) => Type::map(r.elem.clone()),
            Val::Tuple(s) => Type::Tuple(s.items.iter().map(Val::ty).collect()),
            Val::Object(r) => {
                Type::Object(r.items.iter().map(|(k, v)| (k.clone(), v.ty())).collect())
            }
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null(_))
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown(..))
    }
    pub fn is_error(&self) -> bool {
        matches!(self, Val::Error(_))
    }

    /// No unknown and no error anywhere inside.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Val::Unknown(..) | Val::Error(_) => false,
            Val::List(s) | Val::Set(s) | Val::Tuple(s) => s.items.iter().all(Val::is_wholly_known),
            Val::Map(r) | Val::Object(r) => r.items.values().all(Val::is_wholly_known),
            _ => true,
        }
    }

    /// The first error inside the value, if any (errors anywhere make the
    /// whole expression an error in Terraform).
    pub fn find_error(&self) -> Option<&Val> {
        match self {
            Val::Error(_) => Some(self),
            Val::List(s) | Val::Set(s) | Val::Tuple(s) => s.items.iter().find_map(Val::find_error),
            Val::Map(r) | Val::Object(r) => r.items.values().find_map(Val::find_error),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_num(&self) -> Option<&Num> {
        match self {
            Val::Num(n) => Some(n),
            _ => None,
        }
    }
    /// Items of a list, set or tuple.
    pub fn as_seq(&self) -> Option<&[Val]> {
        match self {
            Val::List(s) | Val::Set(s) | Val::Tuple(s) => Some(&s.items),
            _ => None,
        }
    }
    /// Items of a map or object.
    pub fn as_rec(&self) -> Option<&BTreeMap<String, Val>> {
        match self {
            Val::Map(r) | Val::Object(r) => Some(&r.items),
            _ => None,
        }
    }
}

// The total order cty sorts set elements by.
/// Order of kinds in a set, as cty sorts them: known values, then null,
/// then unknowns.
fn rank(v: &Val) -> u8 {
    match v {
        Val::Null(_) => 9,
        Val::Bool(_) => 1,
        Val::Num(_) => 2,
        Val::Str(_) => 3,
        Val::List(_) => 4,
        Val::Set(_) => 5,
        Val::Tuple(_) => 6,
        Val::Map(_) => 7,
        Val::Object(_) => 8,
        Val::Unknown(..) => 10,
        Val::Error(_) => 11,
    }
}

pub fn cmp(a: &Val, b: &Val) -> Ordering {
    match (a, b) {
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        (Val::Num(x), Val::Num(y)) => x.cmp(y),
        (Val::Str(x), Val::Str(y)) => x.cmp(y),
        (Val::List(x), Val::List(y))
        | (Val::Set(x), Val::Set(y))
        | (Val::Tuple(x), Val::Tuple(y)) => seq_cmp(&x.items, &y.items),
        (Val::Map(x), Val::Map(y)) | (Val::Object(x), Val::Object(y)) => {
            let xs = x.items.iter();
            let ys = y.items.iter();
            for ((ka, va), (kb, vb)) in xs.zip(ys) {
                let o = ka.cmp(kb).then_with(|| cmp(va, vb));
                if o.is_ne() {
                    return o;
                }
            }
            x.items.len().cmp(&y.items.len())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

fn seq_cmp(a: &[Val], b: &[Val]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = cmp(x, y);
        if o.is_ne() {
            return o;
        }
    }
    a.len().cmp(&b.len())
}
