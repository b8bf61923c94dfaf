// Embeds every rule file under rules/ into the binary (read lazily at run time).
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
    let mut out = String::from("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = std::fs::canonicalize(&f).expect("rule file path");
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            f.display().to_string().replace('\\', "/"),
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.rs");
    std::fs::write(dest, out).expect("write rules.rs");
}
