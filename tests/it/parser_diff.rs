//! Differential suite: on every case of fixtures/parser-diff/cases.jsonl
//! (generated and mutated inputs with HashiCorp's verdict, written by
//! scripts/parser-oracle.py through pygohcl), our parser accepts exactly
//! when hclsyntax does.

use serde_json::Value;

#[test]
fn parser_agrees_with_hashicorp_on_every_case() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/parser-diff/cases.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("read cases.jsonl");
    let mut n = 0;
    let mut wrong = Vec::new();
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let input = case["input"].as_str().expect("input");
        let expected = case["ok"].as_bool().expect("ok");
        let got = cxlint::parse::hcl::parse(input);
        if got.is_ok() != expected {
            wrong.push(format!(
                "{} (HashiCorp {}, we {}): {input:?}",
                case["origin"],
                if expected { "accepts" } else { "rejects" },
                match &got {
                    Ok(_) => "accept".to_string(),
                    Err(e) => format!("reject at {}: {}", e.offset, e.message),
                }
            ));
        }
        n += 1;
    }
    assert!(n >= 2000, "only {n} cases");
    assert!(
        wrong.is_empty(),
        "{} of {n} disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
