// Embeds every rule file under rules/ into the binary. Each file is also
// converted here, at build time, from HCL to JSON (the same serde data model
// hcl-rs produces), so start-up deserializes small JSON documents instead of
// parsing HCL: that was most of a one-file run's start-up time. A file that
// does not convert gets no JSON and is parsed (and its error located) at run
// time, where a test loads every embedded rule file.
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
    let mut out = String::from("pub static EMBEDDED: &[(&str, &str, Option<&str>)] = &[\n");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = std::fs::canonicalize(&f).expect("rule file path");
        let text = std::fs::read_to_string(&f).expect("read rule file");
        let json = hcl::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok());
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?}), {:?}),",
            f.display().to_string().replace('\\', "/"),
            abs.display().to_string(),
            json
        );
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.rs");
    std::fs::write(dest, out).expect("write rules.rs");
}
