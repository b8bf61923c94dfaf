//! Arbitrary bytes → the whole lint pipeline on one in-memory module (no
//! files), with the embedded rules and the default config. The input is
//! `main.tf`; text after a line `#---` is the module's `terraform.tfvars`.
//! Every report format is rendered (escaping, secret masking). Must never
//! panic or hang.
#![no_main]

use std::sync::OnceLock;

use cxlint::config::Config;
use cxlint::engine::lint_texts;
use cxlint::report::{render, Format, RenderOptions};
use cxlint::rules::Registry;
use libfuzzer_sys::fuzz_target;

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| match Registry::embedded() {
        Ok(r) => r,
        Err(e) => panic!("embedded rules do not load: {e:?}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = Config::default();
    let mut files = Vec::new();
    match text.split_once("\n#---\n") {
        Some((tf, vars)) => {
            files.push(("main.tf".to_string(), tf.to_string()));
            files.push(("terraform.tfvars".to_string(), vars.to_string()));
        }
        None => files.push(("main.tf".to_string(), text.to_string())),
    }
    let report = lint_texts(&files, registry(), &config);
    // Every emitter, with escaping and secret masking (issue 14).
    let opts = RenderOptions::default();
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Checkstyle, Format::Junit, Format::Compact, Format::Github] {
        let _ = render(&report, format, &opts);
    }
});
