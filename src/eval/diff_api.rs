//! The evaluator seen the way `terraform console` answers: the interface the
//! differential test (`tests/eval_diff.rs`) compares with Terraform 1.11.
//!
//! This is a thin shim over the evaluator of today: the expression is placed
//! in a `locals` block of one more file of the module, so it is parsed and
//! evaluated exactly as a local value would be during a lint. Today's
//! [`Value`] carries no types, so `ty` is a best guess (every sequence a
//! tuple, every mapping an object) and errors are indistinguishable from
//! unknowns: the shim never answers [`Outcome::Error`].

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{root_inputs, value::format_number, Env, Value};
use crate::model::{File, Module};
use crate::parse::{self, FileKind};
use crate::source::SourceFile;

/// What cxlint knows of an expression, in the shape `terraform console` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `jsonencode(expr)` as Terraform prints it and `type(expr)` as `terraform console` prints it.
    Known { json: String, ty: String },
    /// Terraform rejects the expression (any error).
    Error,
    /// cxlint cannot know the value (unknown function, impure, budget).
    Unknown,
}

/// The local that holds the expression; a name no case uses.
const LOCAL: &str = "__cxlint_diff_expr";

/// Evaluate `expr` in a module whose other files are `files` (`(name, text)` pairs), the way `terraform console` in that directory would.
pub fn evaluate(files: &[(&str, &str)], expr: &str) -> Outcome {
    let mut parsed: Vec<File> = Vec::with_capacity(files.len() + 1);
    for (name, text) in files {
        let kind = FileKind::from_name(name).unwrap_or(FileKind::Config);
        let body = match parse::parse(kind, text) {
            Ok(b) => Some(b),
            // Terraform refuses to load a module with a broken file.
            Err(_) => return Outcome::Error,
        };
        parsed.push(File {
            source: SourceFile::new(name.to_string(), text.to_string()),
            kind,
            body,
        });
    }
    // A newline before the brace so a heredoc's closing marker stands alone.
    let holder = format!("locals {{\n  {LOCAL} = {expr}\n}}\n");
    let Ok(body) = parse::parse(FileKind::Config, &holder) else {
        return Outcome::Error;
    };
    parsed.push(File {
        source: SourceFile::new("__cxlint_diff.tf", holder.clone()),
        kind: FileKind::Config,
        body: Some(body),
    });
    let refs: Vec<&File> = parsed.iter().collect();
    let module = Module::build(PathBuf::from("."), ".".to_string(), &refs);
    let inputs = root_inputs(&module, &[]);
    let env = Env::new(&module, &inputs);
    let Some(local) = module.locals.get(LOCAL) else {
        return Outcome::Error;
    };
    let value = env.eval(&local.attr.value, &[]).value;
    if !value.is_wholly_known() {
        return Outcome::Unknown;
    }
    let mut json = String::new();
    let mut ty = String::new();
    render_json(&value, &mut json);
    render_type(&value, &mut ty);
    Outcome::Known { json, ty }
}

/// `jsonencode` as go-cty writes it: keys sorted, Go's HTML-safe escaping.
fn render_json(v: &Value, out: &mut String) {
    match v {
        Value::Null | Value::Unknown => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&format_number(*n)),
        Value::String(s) => json_string(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                render_json(x, out);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                render_json(x, out);
            }
            out.push('}');
        }
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A type in the console's notation, without its line breaks (the test
/// compares types with whitespace removed).
fn render_type(v: &Value, out: &mut String) {
    match v {
        Value::Null | Value::Unknown => out.push_str("dynamic"),
        Value::Bool(_) => out.push_str("bool"),
        Value::Number(_) => out.push_str("number"),
        Value::String(_) => out.push_str("string"),
        Value::List(items) => {
            out.push_str("tuple([");
            for x in items {
                render_type(x, out);
                out.push(',');
            }
            out.push_str("])");
        }
        Value::Map(m) => {
            out.push_str("object({");
            for (k, x) in m {
                let _ = write!(out, "{k}:");
                render_type(x, out);
                out.push(',');
            }
            out.push_str("})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_render_as_console_does() {
        let files = [(
            "main.tf",
            "variable \"x\" {\n  default = \"a<b\"\n}\nlocals {\n  l = [1, 2.5]\n}\n",
        )];
        assert_eq!(
            evaluate(&files, "{ v = var.x, l = local.l }"),
            Outcome::Known {
                json: r#"{"l":[1,2.5],"v":"a\u003cb"}"#.into(),
                ty: "object({l:tuple([number,number,]),v:string,})".into(),
            }
        );
    }

    #[test]
    fn unresolvable_is_unknown_and_broken_syntax_is_error() {
        assert_eq!(evaluate(&[], "data.x.y.id"), Outcome::Unknown);
        assert_eq!(evaluate(&[], "1 +"), Outcome::Error);
    }
}
