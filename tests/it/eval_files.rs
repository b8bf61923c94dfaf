//! File functions through the binary: a configuration that keeps its OAuth
//! clients in JSON files, one per client, listed with `fileset` (a common
//! CX as Code layout) is judged client by client.

use crate::support::*;

const MAIN: &str = r#"resource "genesyscloud_oauth_client" "c" {
  for_each              = fileset(path.module, "clients/*.json")
  name                  = jsondecode(file("${path.module}/${each.value}")).name
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = jsondecode(file("${path.module}/${each.value}")).scopes
  organization_id       = "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"
  roles {
    role_id     = "r"
    division_id = "d"
  }
}
"#;

#[test]
fn clients_listed_with_fileset_are_judged_one_by_one() {
    let dir = project(&[
        ("versions.tf", PROVIDER),
        ("main.tf", MAIN),
        (
            "clients/good.json",
            r#"{"name": "good", "scopes": ["analytics:view", "partner:analytics:view"]}"#,
        ),
        (
            "clients/bad.json",
            r#"{"name": "bad", "scopes": ["analytics:view"]}"#,
        ),
        ("clients/notes.txt", "not a client"),
    ]);
    let gc001 = || {
        let out = run(dir.path(), &["check", "--format", "json"], None);
        let n = out.codes().iter().filter(|c| *c == "GC001").count();
        (n, out.code, out.stdout)
    };
    let (n, code, stdout) = gc001();
    assert_eq!((n, code), (1, 1), "{stdout}");
    // Without the bad client, nothing is reported.
    std::fs::remove_file(dir.path().join("clients/bad.json")).unwrap();
    let (n, code, stdout) = gc001();
    assert_eq!((n, code), (0, 0), "{stdout}");
}
