//! What an attribute's value will be: `Known` values or `Unknown`.

pub mod functions;
pub mod value;

pub use value::Value;
