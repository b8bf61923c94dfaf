//! The evaluator against Terraform's own answers: every case in
//! `fixtures/eval-typed/expected.jsonl` (made by `scripts/eval_oracle.py`
//! with `terraform console`) must come out the same through
//! `cxlint::eval::diff_api`, or unknown (cxlint may say less, never
//! something else).

use cxlint::eval::diff_api::{evaluate, Outcome};

const DIR: &str = "fixtures/eval-typed";
/// Cases we knowingly leave unknown: non-terminating quotients (`1/3`,
/// `log`), infinity, negative zero, fractional `range` steps, `%e`/`%f`
/// widths in `format`, errors the untyped `format` cannot tell from
/// unknowns, references to undeclared names (`nope`), and `templatefile`
/// with strip markers until the parser applies them.
const MAX_UNKNOWN: usize = 10;

fn module_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(format!("{DIR}/module"))
        .expect("module dir")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        let text = std::fs::read_to_string(e.path()).expect("readable");
        files.push((name, text));
    }
    files
}

fn expected(rec: &serde_json::Value) -> Outcome {
    match rec["outcome"].as_str() {
        Some("known") => Outcome::Known {
            json: rec["json"].as_str().unwrap_or_default().to_string(),
            ty: rec["type"].as_str().unwrap_or_default().to_string(),
        },
        Some("error") => Outcome::Error,
        _ => Outcome::Unknown,
    }
}

#[test]
fn evaluator_agrees_with_terraform_console() {
    let files = module_files();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let text = std::fs::read_to_string(format!("{DIR}/expected.jsonl")).expect("expected.jsonl");
    let mut wrong = Vec::new();
    let mut unknown = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let expr = rec["expr"].as_str().expect("expr");
        let want = expected(&rec);
        let got = evaluate(&refs, expr);
        n += 1;
        if got == want {
            continue;
        }
        if got == Outcome::Unknown {
            unknown.push(expr.to_string());
        } else {
            wrong.push(format!(
                "{expr}\n  terraform: {want:?}\n  cxlint:    {got:?}"
            ));
        }
    }
    assert!(n > 50, "only {n} cases read");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(unknown.len() <= MAX_UNKNOWN, "unknown: {unknown:#?}");
}

#[test]
fn types_print_as_the_console_prints_them() {
    let files = [("main.tf", "locals {}\n")];
    assert_eq!(
        evaluate(&files, r#"{a = 1, c = [1, "a"]}"#),
        Outcome::Known {
            json: r#"{"a":1,"c":[1,"a"]}"#.into(),
            ty: "object({\n    a: number,\n    c: tuple([\n        number,\n        string,\n    ]),\n})".into(),
        }
    );
    assert_eq!(
        evaluate(&files, r#"tolist([{a = 1}])"#),
        Outcome::Known {
            json: r#"[{"a":1}]"#.into(),
            ty: "list(\n    object({\n        a: number,\n    }),\n)".into(),
        }
    );
}
