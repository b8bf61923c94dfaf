// Embeds every rule file under rules/ into the binary. Each file is also
// converted here, at build time, from HCL to JSON (the same serde data model
// hcl-rs produces), so start-up deserializes small JSON documents instead of
// parsing HCL: that was most of a one-file run's start-up time. The prose of
// its `docs` block (most of its bytes, full of escapes in JSON) is emitted
// as plain string literals and the JSON keeps empty strings in its place. A
// file that does not convert gets no JSON and is parsed (and its error
// located) at run time, where a test loads every embedded rule file.
use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<_> = std::fs::read_dir("rules")
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "hcl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from(
        "/// A rule file embedded in the binary: its path, its text, its JSON\n\
         /// form (from build.rs) and the docs prose taken out of that JSON.\n\
         pub struct Embedded {\n\
         \x20   pub file: &'static str,\n\
         \x20   pub text: &'static str,\n\
         \x20   pub json: Option<&'static str>,\n\
         \x20   /// `what`, `why`, `example`, `use_instead`, `notes`.\n\
         \x20   pub docs: Option<([&'static str; 4], Option<&'static str>)>,\n\
         }\n\
         pub static EMBEDDED: &[Embedded] = &[\n",
    );
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = std::fs::canonicalize(&f).expect("rule file path");
        let text = std::fs::read_to_string(&f).expect("read rule file");
        let mut value = hcl::from_str::<serde_json::Value>(&text).ok();
        let docs = value.as_mut().and_then(take_docs);
        let json = value.and_then(|v| serde_json::to_string(&v).ok());
        let _ = writeln!(
            out,
            "    Embedded {{ file: {:?}, text: include_str!({:?}), json: {:?}, docs: {:?} }},",
            f.display().to_string().replace('\\', "/"),
            abs.display().to_string(),
            json,
            docs
        );
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.rs");
    std::fs::write(dest, out).expect("write rules.rs");
}

/// The prose of the `docs` block, replaced in `rule` by empty strings; only
/// when the block has exactly the four required keys (and maybe `notes`),
/// all strings, so that a wrong block still fails as written.
fn take_docs(rule: &mut serde_json::Value) -> Option<([String; 4], Option<String>)> {
    const KEYS: [&str; 4] = ["what", "why", "example", "use_instead"];
    let docs = rule.get_mut("docs")?.as_object_mut()?;
    let known = |k: &String| KEYS.contains(&k.as_str()) || k == "notes";
    if !docs.keys().all(known) || !docs.values().all(|v| v.is_string()) {
        return None;
    }
    let mut prose: [String; 4] = Default::default();
    for (slot, key) in prose.iter_mut().zip(KEYS) {
        *slot = docs.get(key)?.as_str()?.to_string();
    }
    let notes = docs
        .get("notes")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    for key in KEYS {
        docs.insert(key.to_string(), serde_json::Value::String(String::new()));
    }
    docs.remove("notes");
    Some((prose, notes))
}
