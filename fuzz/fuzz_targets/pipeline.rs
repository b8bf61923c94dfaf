//! Arbitrary bytes → the whole lint pipeline on one in-memory module (no
//! files), with the embedded rules and the default config. The input is
//! `main.tf`; text after a line `#---` is the module's `terraform.tfvars`.
//! Must never panic or hang.
#![no_main]

use std::sync::OnceLock;

use cxlint::config::Config;
use cxlint::engine::lint_texts;
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
    let _ = lint_texts(&files, registry(), &config);
});
