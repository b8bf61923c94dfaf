//! A stable entry point for the differential test against `terraform
//! console`: evaluate one expression in a module made of given files.

use std::path::PathBuf;

use super::cty::{self, Val};
use super::{root_inputs, Env};
use crate::model::{File, Module};
use crate::parse::{parse, FileKind};
use crate::source::SourceFile;

/// What cxlint knows of an expression, in the shape `terraform console` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `jsonencode(expr)` as Terraform prints it and `type(expr)` as `terraform console` prints it (e.g. `tuple([string, number])`, `list(string)`, `object({a: string})` — copy the console's exact formatting).
    Known { json: String, ty: String },
    /// Terraform rejects the expression (any error).
    Error,
    /// cxlint cannot know the value (unknown function, impure, budget).
    Unknown,
}

/// Evaluate `expr` in a module whose other files are `files` (`(name, text)` pairs, e.g. `("main.tf", "variable \"v\" { type = list(number) default = [1] }\nlocals { a = 1 }")`, `("terraform.tfvars", "...")`), the way `terraform console` in that directory would.
pub fn evaluate(files: &[(&str, &str)], expr: &str) -> Outcome {
    // The files also exist on disk, for `file()` and `templatefile()`.
    let dir = tempfile::tempdir().ok();
    let root = dir.as_ref().map(|d| d.path());
    if let Some(root) = root {
        for (name, text) in files {
            if !name.contains("..") {
                let path = root.join(name);
                if let Some(parent) = path.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                let _ = std::fs::write(path, text);
            }
        }
    }
    let mut parsed = Vec::new();
    for (name, text) in files {
        let kind = FileKind::from_name(name).filter(|_| !name.contains('/'));
        let Some(kind) = kind else {
            continue;
        };
        let Ok(body) = parse(kind, text) else {
            // Terraform refuses to start the console on a broken file.
            return Outcome::Error;
        };
        parsed.push(File {
            source: SourceFile::new(format!("cxlint-diff/{name}"), *text),
            kind,
            body: Some(body),
        });
    }
    let refs: Vec<&File> = parsed.iter().collect();
    // A directory that does not exist: no `.terraform/environment` in it.
    let module = Module::build(PathBuf::from("/nonexistent/cxlint-diff"), ".".into(), &refs);
    let inputs = root_inputs(&module, &[]);
    let mut env = Env::new(&module, &inputs);
    env.path_module = Some(".".into());
    env.root_dir = root.map(std::path::Path::to_path_buf);
    let holder_text = format!("__e = {expr}\n");
    let Ok(body) = parse(FileKind::Config, &holder_text) else {
        return Outcome::Error;
    };
    let Some(attr) = body.attribute("__e") else {
        return Outcome::Error;
    };
    outcome(&env.eval(&attr.value, &[]).typed)
}

/// The console's answer for a value.
pub fn outcome(v: &Val) -> Outcome {
    if v.find_error().is_some() {
        return Outcome::Error;
    }
    match cty::json(v) {
        Some(json) if v.is_wholly_known() => Outcome::Known {
            json,
            ty: v.ty().console(),
        },
        _ => Outcome::Unknown,
    }
}
