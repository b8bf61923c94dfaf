//! The generated documentation (`docs/rules/<CODE>.md`, the README rule
//! table) must match what the embedded rule files render to. Regenerate with
//! `CXLINT_BLESS=1 cargo test docs`.

use crate::support::*;

use cxlint::rules::{docs, Registry};

const START: &str = "<!-- rules:start -->";
const END: &str = "<!-- rules:end -->";
const HOW: &str = "regenerate with `CXLINT_BLESS=1 cargo test docs`";

fn bless() -> bool {
    std::env::var_os("CXLINT_BLESS").is_some_and(|v| v == "1")
}

fn registry() -> Registry {
    Registry::embedded().unwrap_or_else(|e| panic!("embedded rules: {e:?}"))
}

/// Compare `want` with the file at `path`, or write it when blessing.
fn check_file(path: &std::path::Path, want: &str, stale: &mut Vec<String>) {
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have == want {
        return;
    }
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, want).unwrap();
    } else {
        stale.push(path.display().to_string());
    }
}

#[test]
fn rule_docs_are_generated_from_the_rule_files() {
    let reg = registry();
    let dir = manifest_dir().join("docs/rules");
    let mut stale = Vec::new();
    for r in &reg.rules {
        let path = dir.join(format!("{}.md", r.def.code));
        check_file(&path, &docs::markdown(r), &mut stale);
    }
    // No leftover pages of rules that no longer exist.
    let codes: Vec<String> = reg
        .rules
        .iter()
        .map(|r| format!("{}.md", r.def.code))
        .collect();
    for e in std::fs::read_dir(&dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".md") && !codes.contains(&name) {
            if bless() {
                std::fs::remove_file(e.path()).unwrap();
            } else {
                stale.push(format!("{} (no such rule)", e.path().display()));
            }
        }
    }
    assert!(stale.is_empty(), "out-of-date rule docs: {stale:?}; {HOW}");
}

#[test]
fn readme_rule_table_is_generated() {
    let reg = registry();
    let path = manifest_dir().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        panic!("README.md lacks the {START} / {END} markers");
    };
    assert!(a < b, "README.md markers are out of order");
    let want = format!(
        "{}{START}\n{}{}",
        &text[..a],
        docs::readme_table(&reg),
        &text[b..]
    );
    let mut stale = Vec::new();
    check_file(&path, &want, &mut stale);
    assert!(
        stale.is_empty(),
        "README.md rule table is out of date; {HOW}"
    );
}

#[test]
fn explain_prints_the_same_markdown_by_code_and_by_name() {
    let reg = registry();
    let gc001 = reg.find("GC001").unwrap();
    let want = docs::markdown(gc001);
    let dir = project(&[]);
    let by_code = run(dir.path(), &["explain", "GC001"], None);
    assert_eq!(by_code.code, 0, "{}", by_code.stderr);
    assert_eq!(by_code.stdout, want);
    let by_name = run(
        dir.path(),
        &["explain", "oauth-client-missing-partner-scope"],
        None,
    );
    assert_eq!(by_name.code, 0, "{}", by_name.stderr);
    assert_eq!(by_name.stdout, want);
    let committed =
        std::fs::read_to_string(manifest_dir().join("docs/rules/GC001.md")).unwrap_or_default();
    assert_eq!(by_code.stdout, committed, "{HOW}");

    let unknown = run(dir.path(), &["explain", "GC999"], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("GC999"), "{}", unknown.stderr);
    assert_eq!(unknown.stdout, "");
}

#[test]
fn rules_json_shape() {
    let dir = project(&[]);
    let out = run(dir.path(), &["rules", "--format", "json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    let rules = v.as_array().expect("an array of rules");
    let reg = registry();
    let core = cxlint::rules::core::Core::ALL.len();
    assert_eq!(rules.len(), core + reg.rules.len());
    for r in rules {
        let o = r.as_object().unwrap();
        let mut keys: Vec<&str> = o.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["code", "enabled", "name", "severity", "summary"]);
        let code = o["code"].as_str().unwrap();
        assert!(code.starts_with("GC") || code.starts_with("CX"), "{code}");
        assert!(["error", "warning", "info"].contains(&o["severity"].as_str().unwrap()));
        assert_eq!(o["enabled"], true);
        assert!(!o["summary"].as_str().unwrap().is_empty());
    }
    assert_eq!(rules[0]["code"], "CX001");
    assert_eq!(rules[0]["name"], "syntax-error");
    assert_eq!(rules[core]["code"], "GC001");
    assert_eq!(rules[core]["name"], "oauth-client-missing-partner-scope");
    assert_eq!(rules[0]["severity"], "error");
}

#[test]
fn rules_table_snapshot() {
    let dir = project(&[]);
    let out = run(dir.path(), &["rules"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn rules_table_reflects_the_config() {
    let dir = project(&[(
        ".cxlint.hcl",
        "rule \"GC004\" {\n  enabled = false\n}\nrule \"GC003\" {\n  severity = \"info\"\n}\n",
    )]);
    let out = run(dir.path(), &["rules", "--format", "json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    let find = |c: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == c)
            .cloned()
            .unwrap()
    };
    assert_eq!(find("GC004")["enabled"], false);
    assert_eq!(find("GC003")["severity"], "info");
    assert_eq!(find("GC001")["enabled"], true);
}
