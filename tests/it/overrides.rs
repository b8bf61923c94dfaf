//! Override files (`override.tf`, `*_override.tf`) through the real binary:
//! rules judge the merged configuration, and a finding points at the text
//! that takes effect.

use crate::support::*;

fn check_json(dir: &std::path::Path) -> Out {
    run(dir, &["check", "--format", "json", "."], None)
}

/// `(code, file, line, column)` of a project's findings.
fn found(files: &[(&str, &str)]) -> Vec<(String, String, u64, u64)> {
    let dir = project(files);
    let out = check_json(dir.path());
    assert!(out.code <= 1, "{}{}", out.stdout, out.stderr);
    locations(&out.json())
}

const GOOD_SCOPES: &str =
    "resource \"genesyscloud_oauth_client\" \"c\" {\n  scopes = [\"analytics:view\", \"partner:analytics:view\"]\n}\n";
const BAD_SCOPES: &str =
    "resource \"genesyscloud_oauth_client\" \"c\" {\n  # only analytics\n  scopes = [\"analytics:view\"]\n}\n";

#[test]
fn an_override_that_fixes_gc001_silences_it() {
    let main = format!("{PROVIDER}\n{}", bad_client("c"));
    assert_eq!(
        found(&[("main.tf", &main)]),
        [loc("GC001", "main.tf", 13, 3)]
    );
    assert_eq!(
        found(&[("main.tf", &main), ("override.tf", GOOD_SCOPES)]),
        []
    );
}

#[test]
fn an_override_that_breaks_gc001_fires_at_the_override() {
    let main = format!("{PROVIDER}\n{}", good_client("c"));
    let dir = project(&[("main.tf", &main), ("c_override.tf", BAD_SCOPES)]);
    let out = check_json(dir.path());
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(locations(&report), [loc("GC001", "c_override.tf", 3, 3)]);
    // The fix edits the list that takes effect: the override's; the original
    // block is named.
    let d = &diagnostics(&report)[0];
    assert_eq!(d["related"][0]["file"], "main.tf", "{d}");
    assert_eq!(d["related"][0]["range"]["start"]["line"], 10, "{d}");
    assert_eq!(d["fix"]["edits"][0]["file"], "c_override.tf", "{d}");
    let out = run(dir.path(), &["check", "--fix", "."], None);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("c_override.tf")).unwrap();
    assert!(fixed.contains("partner:analytics:view"), "{fixed}");
    let main_after = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(main_after, main);
}

#[test]
fn an_attribute_the_override_does_not_set_is_judged_where_it_is_written() {
    // The override changes `name` only: GC001 still fires on main.tf's scopes.
    let main = format!("{PROVIDER}\n{}", bad_client("c"));
    let over = "resource \"genesyscloud_oauth_client\" \"c\" {\n  name = \"renamed\"\n}\n";
    assert_eq!(
        found(&[("main.tf", &main), ("override.tf", over)]),
        [loc("GC001", "main.tf", 13, 3)]
    );
}

/// Roles for GC011: `viewer` grants the conversation-detail view, `aggregates`
/// does not.
const ROLES: &str = r#"resource "genesyscloud_auth_role" "viewer" {
  name = "viewer"
  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = ["view"]
  }
}

resource "genesyscloud_auth_role" "aggregates" {
  name = "aggregates"
  permission_policies {
    domain      = "analytics"
    entity_name = "conversationAggregate"
    action_set  = ["view"]
  }
}

resource "genesyscloud_oauth_client" "c" {
  name                  = "c"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = ["analytics:view", "partner:analytics:view"]
  organization_id       = "0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b"
  roles {
    role_id = genesyscloud_auth_role.viewer.id
  }
  roles {
    role_id = genesyscloud_auth_role.viewer.id
  }
}
"#;

#[test]
fn nested_blocks_of_the_override_replace_all_of_their_type() {
    let main = format!("{PROVIDER}\n{ROLES}");
    assert_eq!(found(&[("main.tf", &main)]), []);
    // One `roles` block in the override replaces both originals: the client
    // now only has the role without the permission.
    let over = "resource \"genesyscloud_oauth_client\" \"c\" {\n  roles {\n    role_id = genesyscloud_auth_role.aggregates.id\n  }\n}\n";
    assert_eq!(
        found(&[("main.tf", &main), ("roles_override.tf", over)]),
        [loc("GC011", "roles_override.tf", 2, 3)]
    );
    // A `roles` block that keeps a granting role: nothing to report.
    let over = over.replace("aggregates", "viewer");
    assert_eq!(
        found(&[("main.tf", &main), ("roles_override.tf", &over)]),
        []
    );
}

#[test]
fn a_required_providers_override_changes_gc003() {
    let main = good_client("c");
    let old = PROVIDER.replace("~> 1.6, >= 1.6.2", ">= 1.0.0");
    assert_eq!(found(&[("versions.tf", PROVIDER), ("main.tf", &main)]), []);
    // The override's constraint takes effect and is reported where written.
    assert_eq!(
        found(&[
            ("versions.tf", PROVIDER),
            ("versions_override.tf", &old),
            ("main.tf", &main)
        ]),
        [loc("GC003", "versions_override.tf", 5, 17)]
    );
    // And an override that raises the original's old constraint fixes it.
    assert_eq!(
        found(&[("versions.tf", &old), ("main.tf", &main)]),
        [loc("GC003", "versions.tf", 5, 17)]
    );
    assert_eq!(
        found(&[
            ("versions.tf", &old),
            ("versions_override.tf", PROVIDER),
            ("main.tf", &main)
        ]),
        []
    );
}

const PROVIDERS: &str = r#"provider "genesyscloud" {
  oauthclient_id = "default"
}

provider "genesyscloud" {
  alias          = "partner"
  oauthclient_id = "partner"
}
"#;

#[test]
fn a_provider_override_applies_to_the_block_with_its_alias() {
    let main = format!("{PROVIDER}\n{PROVIDERS}");
    assert_eq!(found(&[("main.tf", &main)]), []);
    let over = "provider \"genesyscloud\" {\n  alias              = \"partner\"\n  oauthclient_secret = \"s3cr3t-value\"\n}\n";
    let dir = project(&[("main.tf", &main), ("override.tf", over)]);
    let report = check_json(dir.path()).json();
    assert_eq!(locations(&report), [loc("GC101", "override.tf", 3, 3)]);
    // Only the `partner` configuration has the secret.
    assert_eq!(
        diagnostics(&report)[0]["resource"],
        "provider.genesyscloud",
        "{report}"
    );
    let out = run(dir.path(), &["inspect", "--format", "json", "."], None);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let secrets: Vec<bool> = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["name"] == "oauthclient_secret")
        })
        .collect();
    assert_eq!(secrets, [false, true], "{v}");
}

#[test]
fn two_override_files_apply_in_lexical_order() {
    let main = format!("{PROVIDER}\n{}", good_client("c"));
    // The later name wins, whatever order the files were written in.
    assert_eq!(
        found(&[
            ("main.tf", &main),
            ("b_override.tf", GOOD_SCOPES),
            ("a_override.tf", BAD_SCOPES),
        ]),
        []
    );
    assert_eq!(
        found(&[
            ("main.tf", &main),
            ("b_override.tf", BAD_SCOPES),
            ("a_override.tf", GOOD_SCOPES),
        ]),
        [loc("GC001", "b_override.tf", 3, 3)]
    );
}

#[test]
fn an_override_without_an_original_is_never_judged() {
    // Terraform rejects it ("Missing base resource to override"); cxlint
    // does not add it as a block of its own, and `inspect` names it.
    let main = format!("{PROVIDER}\n{}", good_client("c"));
    let dir = project(&[("main.tf", &main), ("override.tf", &bad_client("ghost"))]);
    let out = check_json(dir.path());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.codes(), Vec::<String>::new());
    let out = run(dir.path(), &["inspect", "."], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "genesyscloud_oauth_client.ghost (override.tf:1): override without an original block"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn json_override_files_merge_like_native_ones() {
    let main = format!("{PROVIDER}\n{}", good_client("c"));
    let over = r#"{
  "resource": {
    "genesyscloud_oauth_client": {
      "c": {
        "scopes": ["analytics:view"]
      }
    }
  }
}
"#;
    assert_eq!(
        found(&[("main.tf", &main), ("c_override.tf.json", over)]),
        [loc("GC001", "c_override.tf.json", 5, 9)]
    );
}
