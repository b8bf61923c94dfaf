//! Suppression comments, each form, through the real binary.

use crate::support::*;

/// Lint one `main.tf` (with a good provider block prepended) and return the
/// `(code, line)` of every diagnostic.
fn lint(main: &str) -> Vec<(String, u64)> {
    lint_file("main.tf", &format!("{PROVIDER}\n{main}"))
}

fn lint_file(name: &str, text: &str) -> Vec<(String, u64)> {
    let dir = project(&[(name, text)]);
    let out = run(dir.path(), &["check", ".", "--format", "json"], None);
    assert_ne!(out.code, 2, "{}", out.stderr);
    let v = out.json();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn codes(v: &[(String, u64)]) -> Vec<&str> {
    v.iter().map(|(c, _)| c.as_str()).collect()
}

/// A client with GC001 (scopes, line 4 of the block) and GC002 (no
/// organization id; reported on the block header).
fn two_findings(name: &str) -> String {
    format!(
        r#"resource "genesyscloud_oauth_client" "{name}" {{
  name                  = "{name}"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = ["analytics:view"]
  roles {{
    role_id     = "r"
    division_id = "d"
  }}
}}
"#
    )
}

#[test]
fn unsuppressed_baseline() {
    assert_eq!(codes(&lint(&two_findings("c"))), ["GC002", "GC001"]);
}

#[test]
fn above_a_resource_covers_the_whole_block() {
    let v = lint(&format!(
        "# cxlint-ignore: GC001 -- legacy client\n{}",
        two_findings("c")
    ));
    assert_eq!(codes(&v), ["GC002"]);
}

#[test]
fn above_an_attribute() {
    let text = two_findings("c").replace(
        "  scopes ",
        "  # cxlint-ignore: GC001 -- partner scope comes later\n  scopes ",
    );
    assert_eq!(codes(&lint(&text)), ["GC002"]);
}

#[test]
fn above_an_attribute_does_not_cover_the_rest_of_the_block() {
    let text = two_findings("c").replace("  name ", "  # cxlint-ignore: GC001\n  name ");
    let v = lint(&text);
    assert_eq!(codes(&v), ["GC002", "CX003", "GC001"], "{v:?}");
}

#[test]
fn end_of_line() {
    let text = two_findings("c").replace(
        r#"["analytics:view"]"#,
        r#"["analytics:view"] # cxlint-ignore: GC001"#,
    );
    assert_eq!(codes(&lint(&text)), ["GC002"]);
}

#[test]
fn by_rule_name() {
    let v = lint(&format!(
        "# cxlint-ignore: oauth-client-missing-partner-scope\n{}",
        two_findings("c")
    ));
    assert_eq!(codes(&v), ["GC002"]);
}

#[test]
fn slash_slash_and_block_comments() {
    let v = lint(&format!("// cxlint-ignore: GC001\n{}", two_findings("c")));
    assert_eq!(codes(&v), ["GC002"]);
    let v = lint(&format!(
        "/* cxlint-ignore: GC002 -- bound elsewhere */\n{}",
        two_findings("c")
    ));
    assert_eq!(codes(&v), ["GC001"]);
    let text = two_findings("c").replace(
        r#"["analytics:view"]"#,
        r#"["analytics:view"] // cxlint-ignore: GC001"#,
    );
    assert_eq!(codes(&lint(&text)), ["GC002"]);
}

#[test]
fn file_level() {
    let v = lint(&format!(
        "{}\n# cxlint-ignore-file: GC002 -- all bound at runtime\n{}",
        two_findings("a"),
        two_findings("b")
    ));
    assert_eq!(codes(&v), ["GC001", "GC001"]);
}

#[test]
fn file_level_only_in_its_file() {
    let dir = project(&[
        (
            "main.tf",
            &format!(
                "{PROVIDER}\n# cxlint-ignore-file: GC002\n{}",
                two_findings("a")
            ),
        ),
        ("other.tf", &two_findings("b")),
    ]);
    let out = run(dir.path(), &["check", ".", "--format", "json"], None);
    let v = out.json();
    let got: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("main.tf", "GC001"),
        ("other.tf", "GC002"),
        ("other.tf", "GC001"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn several_codes() {
    for comment in [
        "# cxlint-ignore: GC001, GC002 -- both",
        "# cxlint-ignore: GC001 GC002",
        "# cxlint-ignore: GC001,oauth-client-missing-organization-id",
    ] {
        let v = lint(&format!("{comment}\n{}", two_findings("c")));
        assert!(v.is_empty(), "{comment}: {v:?}");
    }
}

#[test]
fn partly_used_suppression_reports_the_unused_code() {
    let v = lint(&format!(
        "# cxlint-ignore: GC001, GC005\n{}",
        two_findings("c")
    ));
    assert_eq!(codes(&v), ["CX003", "GC002"], "{v:?}");
}

#[test]
fn unused_suppression_is_cx003_at_the_comment() {
    let text = format!(
        "{}\n# cxlint-ignore: GC001 -- stale\n{}",
        two_findings("a"),
        good_client("b")
    );
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{text}"))]);
    let out = run(dir.path(), &["check", ".", "--format", "json"], None);
    let v = out.json();
    let cx: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "CX003")
        .collect();
    assert_eq!(cx.len(), 1, "{}", out.stdout);
    let d = cx[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["name"], "unused-suppression");
    // PROVIDER is 8 lines, a blank line, the 9-line client, a blank line.
    assert_eq!(d["range"]["start"]["line"], 20, "{d}");
    assert_eq!(d["range"]["start"]["column"], 1, "{d}");
    assert!(d["message"].as_str().unwrap().contains("GC001"), "{d}");
    // Disabling CX003 silences it.
    let out = run(
        dir.path(),
        &["check", ".", "--format", "json", "--disable", "CX003"],
        None,
    );
    assert!(!out.stdout.contains("CX003"));
}

#[test]
fn used_suppression_is_not_reported() {
    let v = lint(&format!("# cxlint-ignore: GC001\n{}", bad_client("c")));
    assert!(v.is_empty(), "{v:?}");
}

#[test]
fn tf_json_comment_property() {
    let json = r#"{
  "terraform": {
    "required_providers": {
      "genesyscloud": { "source": "mypurecloud/genesyscloud", "version": "~> 1.6, >= 1.6.2" }
    }
  },
  "resource": {
    "genesyscloud_oauth_client": {
      "c": {
        "//": "cxlint-ignore: GC001 -- partner scope added by the pipeline",
        "name": "c",
        "authorized_grant_type": "CLIENT-CREDENTIALS",
        "scopes": ["analytics:view"],
        "organization_id": "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b",
        "roles": [{ "role_id": "r", "division_id": "d" }]
      }
    }
  }
}
"#;
    let v = lint_file("main.tf.json", json);
    assert!(v.is_empty(), "{v:?}");
    let unsuppressed = json.replace(
        "\"//\": \"cxlint-ignore: GC001 -- partner scope added by the pipeline\",",
        "",
    );
    assert_eq!(codes(&lint_file("main.tf.json", &unsuppressed)), ["GC001"]);
}

#[test]
fn tf_json_unused_and_file_level() {
    let client = |comment: &str| {
        format!(
            r#"{{
  "//": "{comment}",
  "resource": {{
    "genesyscloud_oauth_client": {{
      "c": {{
        "//": "cxlint-ignore: GC007",
        "name": "c",
        "authorized_grant_type": "CLIENT-CREDENTIALS",
        "scopes": ["analytics:view", "partner:analytics:view"],
        "organization_id": "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b",
        "roles": [{{ "role_id": "r", "division_id": "d" }}]
      }}
    }}
  }}
}}
"#
        )
    };
    // GC004 (no provider constraint) is suppressed file-wide; the unused
    // GC007 suppression is reported on its line.
    let v = lint_file("main.tf.json", &client("cxlint-ignore-file: GC004"));
    assert_eq!(v, [("CX003".to_string(), 6)]);
    let v = lint_file("main.tf.json", &client("nothing"));
    assert_eq!(codes(&v), ["GC004", "CX003"], "{v:?}");
}
