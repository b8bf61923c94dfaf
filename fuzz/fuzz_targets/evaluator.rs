//! Arbitrary bytes → HCL body → `Module` → evaluate every attribute
//! expression (in blocks too), then feed the values to built-in functions.
//! Must never panic or hang.
#![no_main]

use std::path::PathBuf;

use cxlint::eval::budget::Budget;
use cxlint::eval::functions::{call, FnEnv, IMPLEMENTED};
use cxlint::eval::{Env, Inputs, Val};
use cxlint::model::{File, Module};
use cxlint::parse::FileKind;
use cxlint::source::SourceFile;
use cxlint::syntax::{Body, Structure};
use libfuzzer_sys::fuzz_target;

fn collect<'b>(body: &'b Body, out: &mut Vec<&'b cxlint::syntax::Expr>) {
    for item in &body.items {
        match item {
            Structure::Attribute(a) => out.push(&a.value),
            Structure::Block(b) => collect(&b.body, out),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(body) = cxlint::parse::hcl::parse(text) else {
        return;
    };
    let file = File {
        source: SourceFile::new("main.tf", text),
        kind: FileKind::Config,
        body: Some(body),
    };
    let module = Module::build(PathBuf::from("."), ".".to_string(), &[&file]);
    let inputs = Inputs::default();
    let env = Env::new(&module, &inputs);
    let mut exprs = Vec::new();
    if let Some(b) = &file.body {
        collect(b, &mut exprs);
    }
    let mut values: Vec<Val> = Vec::new();
    for e in exprs {
        values.push(env.eval(e, &[]).typed);
    }
    // Every implemented function on each value (alone, paired with the
    // previous value, and spread), bounded to keep executions fast. No
    // root directory: file functions stay unknown (nothing is read).
    let budget = Budget::default();
    let fenv = FnEnv {
        module: &module,
        budget: &budget,
        root: None,
    };
    let mut prev = Val::Null(cxlint::eval::Type::Dynamic);
    for v in values.iter().take(8) {
        for name in IMPLEMENTED {
            let _ = call(&fenv, name, vec![v.clone()], false);
            let _ = call(&fenv, name, vec![v.clone(), prev.clone()], false);
            let _ = call(&fenv, name, vec![prev.clone(), v.clone()], true);
        }
        prev = v.clone();
    }
});
