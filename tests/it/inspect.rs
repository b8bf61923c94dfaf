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
