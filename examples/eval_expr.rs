//! Evaluate expressions as `cxlint::eval::diff_api` does (for comparing by
//! hand with `terraform console`): `cargo run --example eval_expr -- 'expr'...`
//! with the module's files in the current directory.

fn main() {
    let mut files = Vec::new();
    if let Ok(rd) = std::fs::read_dir(".") {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                files.push((name, text));
            }
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    for expr in std::env::args().skip(1) {
        println!(
            "{expr} => {:?}",
            cxlint::eval::diff_api::evaluate(&refs, &expr)
        );
    }
}
