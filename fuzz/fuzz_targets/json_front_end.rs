//! Arbitrary bytes → (if UTF-8) the JSON front end, as a `.tf.json`
//! configuration and as a `.tfvars.json` file. Must never panic.
#![no_main]

use cxlint::parse::{parse, FileKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse(FileKind::ConfigJson, text);
        let _ = parse(FileKind::VarsJson, text);
    }
});
