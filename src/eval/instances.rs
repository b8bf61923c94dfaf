//! The instances of a resource or module call: the typed bindings of
//! `count.index` or `each.key`/`each.value` for each instance, when the
//! `count`/`for_each` value is known.

use std::collections::BTreeMap;

use super::cty::{convert, Type, Val};
use super::Env;
use crate::syntax::Body;

/// One binding set per instance. One unbound instance when the count or
/// collection is unknown (or over `max`); none when `count` is 0.
pub fn instances(env: &Env, body: &Body, max: usize) -> Vec<Vec<(String, Val)>> {
    if let Some(c) = body.attribute("count") {
        // `count = "2"` converts to a number, as Terraform does.
        let n = convert(&env.eval(&c.value, &[]).typed, &Type::Number);
        let n = n
            .as_num()
            .and_then(|n| n.to_i64())
            .and_then(|n| usize::try_from(n).ok());
        return match n {
            Some(n) if n <= max => (0..n)
                .map(|i| {
                    let index = Val::int(i64::try_from(i).unwrap_or(i64::MAX));
                    let m = BTreeMap::from([("index".to_string(), index)]);
                    vec![("count".to_string(), Val::object(m))]
                })
                .collect(),
            _ => vec![Vec::new()],
        };
    }
    if let Some(fe) = body.attribute("for_each") {
        let v = env.eval(&fe.value, &[]).typed;
        let pairs: Vec<(String, Val)> = match (&v, v.as_rec(), v.as_seq()) {
            (_, Some(m), _) => m.iter().map(|(k, x)| (k.clone(), x.clone())).collect(),
            // A set of strings (lists are accepted too, as before).
            (_, _, Some(items)) if items.iter().all(|x| x.as_str().is_some()) => items
                .iter()
                .filter_map(|x| x.as_str().map(|s| (s.to_string(), x.clone())))
                .collect(),
            _ => return vec![Vec::new()],
        };
        if pairs.len() > max {
            return vec![Vec::new()];
        }
        return pairs
            .into_iter()
            .map(|(k, v)| {
                let m =
                    BTreeMap::from([("key".to_string(), Val::str(k)), ("value".to_string(), v)]);
                vec![("each".to_string(), Val::object(m))]
            })
            .collect();
    }
    vec![Vec::new()]
}
