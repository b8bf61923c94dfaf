//! `cxlint inspect`: values of the blocks rules read, secrets masked.

fn inspect(dir: &std::path::Path, json: bool) -> (i32, String) {
    let mut args = vec!["inspect", "."];
    if json {
        args.extend(["--format", "json"]);
    }
    let out = crate::support::exec(&crate::support::Exec::new(dir, &args));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

const MAIN: &str = r#"
variable "scopes" {
  type    = list(string)
  default = ["analytics:view"]
}

provider "genesyscloud" {
  oauthclient_id     = "id-1"
  oauthclient_secret = "s3cr3t-value"
  aws_region         = "eu-west-1"
}

resource "genesyscloud_oauth_client" "x" {
  name                  = "x"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = var.scopes
  client_secret         = "another-s3cr3t"
  roles {
    role_id = data.genesyscloud_auth_role.admin.id
  }
}

resource "null_resource" "ignored" {}
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), MAIN).expect("write");
    dir
}

#[test]
fn text_shows_values_types_and_origins_with_secrets_masked() {
    let dir = setup();
    let (code, out) = inspect(dir.path(), false);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("s3cr3t"), "{out}");
    assert!(
        out.contains("oauthclient_secret: string = \"(secret: masked)\""),
        "{out}"
    );
    assert!(
        out.contains("scopes: list(string) = [\"analytics:view\"]  <- variable default"),
        "{out}"
    );
    assert!(
        out.contains(
            "roles.role_id: unknown (dynamic; refers to data.genesyscloud_auth_role.admin.id)"
        ),
        "{out}"
    );
    assert!(out.contains("provider.genesyscloud"), "{out}");
    assert!(!out.contains("null_resource"), "{out}");
}

#[test]
fn json_lists_each_attribute() {
    let dir = setup();
    let (code, out) = inspect(dir.path(), true);
    assert_eq!(code, 0);
    assert!(!out.contains("s3cr3t"), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let blocks = report["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.len(), 2);
    let client = blocks
        .iter()
        .find(|b| b["block"] == "genesyscloud_oauth_client.x")
        .expect("client block");
    let scopes = client["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["name"] == "scopes")
        .expect("scopes");
    assert_eq!(scopes["state"], "known");
    assert_eq!(scopes["type"], "list(string)");
    assert_eq!(scopes["value"], serde_json::json!(["analytics:view"]));
    assert_eq!(scopes["from"][0]["line"], 4);
}

/// `scopes` of every inspected client, as `(block, with, value)`.
fn scopes_of(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String, serde_json::Value)> {
    let mut all = vec!["inspect", "--format", "json"];
    all.extend_from_slice(args);
    let out = crate::support::exec(&crate::support::Exec::new(dir, &all));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    report["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| {
            b["block"]
                .as_str()
                .is_some_and(|s| s.contains("oauth_client"))
        })
        .map(|b| {
            let scopes = b["attributes"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|a| a["name"] == "scopes")
                .map(|a| a["value"].clone())
                .unwrap_or_default();
            (
                b["block"].as_str().unwrap_or_default().to_string(),
                b["with"].as_str().unwrap_or_default().to_string(),
                scopes,
            )
        })
        .collect()
}

#[test]
fn var_files_apply_as_they_do_for_check() {
    use crate::support::{project, write, MAIN_WITH_VAR, VARIABLES};
    let dir = project(&[("main.tf", MAIN_WITH_VAR), ("variables.tf", VARIABLES)]);
    let both = serde_json::json!(["analytics:view", "partner:analytics:view"]);
    let c = "genesyscloud_oauth_client.c".to_string();
    assert_eq!(
        scopes_of(dir.path(), &["."]),
        [(c.clone(), String::new(), both.clone())]
    );
    // `--var-file`, and an alternative `.tfvars` of the directory, each
    // evaluated as `check` evaluates them.
    write(dir.path(), "ci/extra.tfvars", "scopes = [\"analytics\"]\n");
    write(dir.path(), "prod.tfvars", "scopes = [\"analytics:view\"]\n");
    assert_eq!(
        scopes_of(dir.path(), &["--var-file", "ci/extra.tfvars", "."]),
        [
            (c.clone(), String::new(), serde_json::json!(["analytics"])),
            // The alternative first, then `--var-file`: the later file wins.
            (
                c.clone(),
                "prod.tfvars".into(),
                serde_json::json!(["analytics"])
            ),
        ]
    );
    assert_eq!(
        scopes_of(dir.path(), &["."]),
        [
            (c.clone(), String::new(), both),
            (
                c,
                "prod.tfvars".into(),
                serde_json::json!(["analytics:view"])
            ),
        ]
    );
    let (_, text) = inspect(dir.path(), false);
    assert!(
        text.contains("genesyscloud_oauth_client.c (main.tf:1) [with prod.tfvars]"),
        "{text}"
    );
}

#[test]
fn a_module_inspected_alone_shows_its_callers_arguments() {
    use crate::support::{project, MAIN_WITH_VAR};
    let module_vars = "variable \"scopes\" {\n  type = list(string)\n}\n";
    let root = r#"module "a" {
  source = "./modules/client"
  scopes = ["analytics:view"]
}

module "b" {
  source = "./modules/client"
  count  = 2
  scopes = ["analytics", "partner:analytics:view"]
}
"#;
    let dir = project(&[
        ("main.tf", root),
        ("modules/client/main.tf", MAIN_WITH_VAR),
        ("modules/client/variables.tf", module_vars),
    ]);
    let c = "genesyscloud_oauth_client.c";
    let b = serde_json::json!(["analytics", "partner:analytics:view"]);
    let expected = [
        (
            format!("module.a.{c}"),
            String::new(),
            serde_json::json!(["analytics:view"]),
        ),
        (format!("module.b[0].{c}"), String::new(), b.clone()),
        (format!("module.b[1].{c}"), String::new(), b),
    ];
    assert_eq!(scopes_of(dir.path(), &["modules/client"]), expected);
    assert_eq!(scopes_of(dir.path(), &["."]), expected);
    // A module no root calls is its own root: its variable has no value.
    std::fs::remove_file(dir.path().join("main.tf")).unwrap();
    assert_eq!(
        scopes_of(dir.path(), &["modules/client"]),
        [(c.to_string(), String::new(), serde_json::Value::Null)]
    );
}

/// A credential's value is masked wherever it shows, not only under a
/// credential's name: here it also flows, through a variable set in
/// `terraform.tfvars`, into an OAuth client's `name`.
#[test]
fn a_secret_flowing_into_another_attribute_is_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let main = r#"variable "s" {}
provider "genesyscloud" {
  oauthclient_secret = var.s
}
resource "genesyscloud_oauth_client" "x" {
  name = "client-${var.s}"
}
"#;
    std::fs::write(dir.path().join("main.tf"), main).expect("write");
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "s = \"Flow1ng-S3cret-Value\"\n",
    )
    .expect("write");
    for json in [false, true] {
        let (code, out) = inspect(dir.path(), json);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("genesyscloud_oauth_client.x"), "{out}");
        assert!(!out.contains("Flow1ng-S3cret-Value"), "{out}");
    }
}
