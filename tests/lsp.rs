//! The language server over an in-process connection: the protocol, exact
//! positions, code actions, hover, config reload and hostile input.

mod lsp_common;

use lsp_common::{codes, example_copy, uri, Client};
use serde_json::{json, Value};

fn utf16_client() -> (Client, Value) {
    Client::start(json!({}))
}

#[test]
fn initialize_announces_capabilities_and_encoding() {
    let (c, init) = utf16_client();
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["hoverProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"].to_string();
    assert!(kinds.contains("quickfix") && kinds.contains("source.fixAll.cxlint"));
    assert_eq!(init["serverInfo"]["name"], "cxlint");
    assert_eq!(c.shutdown(), 0);

    let (c, init) =
        Client::start(json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] } }));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.shutdown(), 0);
    let (c, init) = Client::start(json!({ "general": { "positionEncodings": ["utf-32"] } }));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-32");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn open_publishes_the_example_findings() {
    let (_tmp, dir) = example_copy();
    let (mut c, _) = utf16_client();
    let main = dir.join("main.tf");
    let text = std::fs::read_to_string(&main).expect("read");
    c.open(&uri(&main), &text);
    let diags = c.diagnostics(&uri(&main));
    assert_eq!(codes(&diags), ["GC001", "GC002", "GC002", "GC007", "GC001"]);
    let gc001 = &diags[0];
    assert_eq!(gc001["source"], "cxlint");
    assert_eq!(gc001["severity"], 1);
    // main.tf:27:3 in the CLI's 1-based form.
    assert_eq!(
        gc001["range"]["start"],
        json!({ "line": 26, "character": 2 })
    );
    assert!(gc001["message"].as_str().unwrap_or("").contains("help: "));
    let rel = &gc001["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], uri(&dir.join("variables.tf")));
    // Every file of the configuration with findings is published, too.
    let versions = c.diagnostics(&uri(&dir.join("versions.tf")));
    assert_eq!(codes(&versions), ["GC003"]);
    assert_eq!(c.shutdown(), 0);
}

/// A finding after an emoji on its own line: the column in UTF-16 code units
/// and in bytes, checked against the engine's byte span.
fn emoji_positions(encodings: Value, expect_utf8: bool) {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    let main = tmp.path().join("main.tf");
    let text = "resource \"genesyscloud_oauth_client\" \"c\" {\n  name = \"x\"\n  authorized_grant_type = \"CLIENT-CREDENTIALS\"\n  organization_id = \"0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b\"\n  /* 😀 é */ scopes = [\"analytics:view\"]\n  roles {\n    role_id = \"r\"\n  }\n}\n";
    let (mut c, _) = Client::start(json!({ "general": { "positionEncodings": encodings } }));
    c.open(&uri(&main), text);
    let diags = c.diagnostics(&uri(&main));
    let d = diags
        .iter()
        .find(|d| d["code"] == "GC001")
        .unwrap_or_else(|| panic!("no GC001 in {diags:?}"));
    let offset = text.find("scopes = [").expect("scopes");
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[line_start..offset];
    let col = if expect_utf8 {
        before.len()
    } else {
        before.encode_utf16().count()
    };
    // "  /* 😀 é */ ": 2 + 3 + (2 or 4) + 1 + (1 or 2) + 4 units.
    assert_eq!(col, if expect_utf8 { 16 } else { 13 });
    assert_eq!(d["range"]["start"], json!({ "line": 4, "character": col }));
    let end_line = &text[line_start..];
    let end_line = &end_line[..end_line.find('\n').unwrap_or(end_line.len())];
    let end_col = if expect_utf8 {
        end_line.len()
    } else {
        end_line.encode_utf16().count()
    };
    assert_eq!(
        d["range"]["end"],
        json!({ "line": 4, "character": end_col })
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn positions_are_utf16_by_default() {
    emoji_positions(json!(["utf-16"]), false);
}

#[test]
fn positions_are_bytes_when_utf8_is_negotiated() {
    emoji_positions(json!(["utf-8", "utf-16"]), true);
}
