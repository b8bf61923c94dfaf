//! The language server over an in-process connection: the protocol, exact
//! positions, code actions, hover, config reload and hostile input.

use crate::lsp_common::{codes, example_copy, uri, Client};
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
    assert_eq!(
        codes(&diags),
        ["GC001", "GC002", "GC012", "GC002", "GC007", "GC001"]
    );
    let gc001 = &diags[0];
    assert_eq!(gc001["source"], "cxlint");
    assert_eq!(gc001["severity"], 1);
    // main.tf:37:3 in the CLI's 1-based form.
    assert_eq!(
        gc001["range"]["start"],
        json!({ "line": 36, "character": 2 })
    );
    assert!(gc001["message"].as_str().unwrap_or("").contains("help: "));
    let rel = &gc001["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], uri(&dir.join("variables.tf")));
    // Every file of the configuration with findings is published, too.
    let versions = c.diagnostics(&uri(&dir.join("versions.tf")));
    assert_eq!(codes(&versions), ["GC003", "GC015"]);
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

#[test]
fn editing_tfvars_updates_and_clears_main_tf() {
    let (_tmp, dir) = example_copy();
    let (mut c, _) = utf16_client();
    let main = uri(&dir.join("main.tf"));
    let vars = uri(&dir.join("terraform.tfvars"));
    let vars_text = std::fs::read_to_string(dir.join("terraform.tfvars")).expect("read");
    c.open(&vars, &vars_text);
    // Opening the tfvars lints its directory: main.tf's findings appear.
    let d = c.diagnostics(&main);
    assert!(codes(&d).contains(&"GC002".to_string()), "{d:?}");
    let gc002_count = codes(&d).iter().filter(|c| *c == "GC002").count();
    let fixed = vars_text.replace(
        "\"partner-org-eu\"",
        "\"0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b\"",
    );
    c.change(&vars, 2, &fixed);
    let d = c.diagnostics(&main);
    assert_eq!(
        codes(&d).iter().filter(|c| *c == "GC002").count(),
        gc002_count - 1,
        "the tfvars value no longer causes GC002 in main.tf: {d:?}"
    );
    // A file whose findings all go away gets an empty list.
    let versions = uri(&dir.join("versions.tf"));
    let v = std::fs::read_to_string(dir.join("versions.tf")).expect("read");
    c.open(&versions, &v);
    assert_eq!(codes(&c.diagnostics(&versions)), ["GC003", "GC015"]);
    c.change(&versions, 2, &v.replace("~> 1.5.7", "~> 1.6, >= 1.6.2"));
    assert!(c.diagnostics(&versions).is_empty());
    assert_eq!(c.shutdown(), 0);
}

/// Apply LSP text edits (UTF-16 positions) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let ch = p["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

fn actions_at(c: &mut Client, uri: &str, range: &Value, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(k) = only {
        context["only"] = json!([k]);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    );
    r.response_result
        .expect("code actions")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn quick_fix_and_fix_all_make_the_same_edits_as_fix() {
    let (_tmp, dir) = example_copy();
    let (mut c, _) = utf16_client();
    let main = uri(&dir.join("main.tf"));
    let text = std::fs::read_to_string(dir.join("main.tf")).expect("read");
    c.open(&main, &text);
    let diags = c.diagnostics(&main);
    let gc001 = diags.iter().find(|d| d["code"] == "GC001").expect("GC001");
    let acts = actions_at(&mut c, &main, &gc001["range"], None);
    let fix = acts
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap_or("").starts_with("GC001"))
        .unwrap_or_else(|| panic!("no GC001 quick fix in {acts:?}"));
    assert_eq!(fix["diagnostics"][0]["code"], "GC001");
    let vars_path = dir.join("variables.tf");
    let edits = fix["edit"]["changes"][uri(&vars_path)]
        .as_array()
        .cloned()
        .expect("edits in variables.tf");
    let before = std::fs::read_to_string(&vars_path).expect("read");
    let after = apply(&before, &edits);
    assert!(after.contains(r#"default     = ["analytics:view", "partner:analytics:view"]"#));
    // `--fix` on the same directory writes the same text.
    let out = crate::support::exec(&crate::support::Exec::new(&dir, &["check", "--fix", "."]));
    assert!(out.status.code().is_some());
    assert_eq!(std::fs::read_to_string(&vars_path).expect("read"), after);

    // Fix all in versions.tf: the GC003 constraint.
    let (_tmp2, dir2) = example_copy();
    let versions = uri(&dir2.join("versions.tf"));
    let vtext = std::fs::read_to_string(dir2.join("versions.tf")).expect("read");
    c.open(&versions, &vtext);
    let _ = c.diagnostics(&versions);
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    let acts = actions_at(&mut c, &versions, &whole, Some("source.fixAll"));
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.cxlint");
    let edits = acts[0]["edit"]["changes"][&versions]
        .as_array()
        .cloned()
        .expect("edits");
    let fixed = apply(&vtext, &edits);
    assert_eq!(
        fixed,
        std::fs::read_to_string(dir.join("versions.tf")).expect("read")
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn suppress_actions_insert_comments_that_suppress() {
    for (code, which) in [("GC001", "on this line"), ("GC007", "for this block")] {
        let (_tmp, dir) = example_copy();
        let (mut c, _) = utf16_client();
        let main = uri(&dir.join("main.tf"));
        let text = std::fs::read_to_string(dir.join("main.tf")).expect("read");
        c.open(&main, &text);
        let diags = c.diagnostics(&main);
        let diag = diags.iter().find(|d| d["code"] == code).expect("finding");
        let acts = actions_at(&mut c, &main, &diag["range"], Some("quickfix"));
        let title = format!("Suppress {code} {which}");
        let act = acts
            .iter()
            .find(|a| a["title"] == title.as_str())
            .unwrap_or_else(|| panic!("no `{title}` in {acts:?}"));
        let edits = act["edit"]["changes"][&main]
            .as_array()
            .cloned()
            .expect("edits");
        let new = apply(&text, &edits);
        assert!(new.contains(&format!("# cxlint-ignore: {code}")));
        c.change(&main, 2, &new);
        let after = codes(&c.diagnostics(&main));
        let before = codes(&diags);
        let count = |v: &[String]| v.iter().filter(|c| *c == code).count();
        assert_eq!(count(&after), count(&before) - 1, "{which}: {after:?}");
        assert!(
            !after.iter().any(|c| c == "CX003" || c == "CX007"),
            "{which}: {after:?}"
        );
        assert_eq!(
            after.len(),
            diags.len() - 1,
            "{which}: only GC007 went away"
        );
        assert_eq!(c.shutdown(), 0);
    }
}

#[test]
fn hover_shows_the_rule_summary_and_help() {
    let (_tmp, dir) = example_copy();
    let (mut c, _) = utf16_client();
    let main = uri(&dir.join("main.tf"));
    c.open(
        &main,
        &std::fs::read_to_string(dir.join("main.tf")).expect("read"),
    );
    let diags = c.diagnostics(&main);
    let gc001 = diags.iter().find(|d| d["code"] == "GC001").expect("GC001");
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": main }, "position": gc001["range"]["start"] }),
    );
    let h = r.response_result.expect("hover");
    assert_eq!(h["contents"]["kind"], "markdown");
    let md = h["contents"]["value"].as_str().unwrap_or("");
    assert!(md.contains("**GC001**"), "{md}");
    assert!(md.contains("partner:analytics:view"), "{md}");
    assert!(md.contains("cxlint explain GC001"), "{md}");
    // The full documentation, as `cxlint explain` prints it.
    let r = c.request(
        "workspace/executeCommand",
        json!({ "command": "cxlint.explain", "arguments": ["GC001"] }),
    );
    let doc = r.response_result.expect("explain");
    assert!(doc.as_str().unwrap_or("").contains("GC001"), "{doc}");
    // Nothing under the cursor: no hover.
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": main }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(r.response_result.expect("hover"), Value::Null);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn config_changes_are_picked_up_and_errors_shown_on_the_config() {
    let (tmp, dir) = example_copy();
    let (mut c, _) = utf16_client();
    let main = uri(&dir.join("main.tf"));
    let text = std::fs::read_to_string(dir.join("main.tf")).expect("read");
    c.open(&main, &text);
    assert!(codes(&c.diagnostics(&main)).contains(&"GC007".to_string()));
    let config = tmp.path().join(".cxlint.hcl");
    std::fs::write(&config, "rule \"GC007\" {\n  enabled = false\n}\n").expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri(&config), "type": 1 } ] }),
    );
    let d = codes(&c.diagnostics(&main));
    assert!(!d.contains(&"GC007".to_string()), "{d:?}");
    // An invalid config: a diagnostic on the config file, and linting goes on.
    std::fs::write(
        &config,
        "rule \"GC007\" {\n  enabled = false\n}\nbogus = 1\n",
    )
    .expect("write");
    c.change(&main, 2, &text);
    let cd = c.diagnostics(&uri(&config));
    assert_eq!(cd.len(), 1, "{cd:?}");
    assert_eq!(cd[0]["range"]["start"]["line"], 3);
    assert!(cd[0]["message"].as_str().unwrap_or("").contains("bogus"));
    // Fixed again (noticed by its modification time alone): cleared.
    std::fs::write(&config, "rule \"GC007\" {\n  enabled = false\n}\n").expect("write");
    c.change(&main, 3, &text);
    assert!(c.diagnostics(&uri(&config)).is_empty());
    assert_eq!(c.shutdown(), 0);
}

fn error_code(r: &lsp_server::Response) -> i32 {
    r.response_result
        .as_ref()
        .err()
        .map(|e| e.code)
        .unwrap_or(0)
}

#[test]
fn out_of_order_and_unknown_messages_are_survived() {
    let mut c = Client::spawn();
    // Before initialize: ServerNotInitialized.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(error_code(&r), -32002);
    let r = c.request("initialize", json!({ "capabilities": {} }));
    assert!(r.response_result.is_ok());
    let (_tmp, dir) = example_copy();
    let main = uri(&dir.join("main.tf"));
    let text = std::fs::read_to_string(dir.join("main.tf")).expect("read");
    // A change before open: the text is linted all the same.
    c.change(&main, 1, &text);
    assert_eq!(c.diagnostics(&main).len(), 6);
    // Unknown requests are answered, unknown notifications ignored.
    let r = c.request("cxlint/bogus", json!({}));
    assert_eq!(error_code(&r), -32601);
    c.notify("cxlint/bogus", json!({ "x": 1 }));
    c.notify("$/cancelRequest", json!({ "id": 99 }));
    // Parameters of the wrong shape: InvalidParams, or a logged warning.
    let r = c.request("textDocument/codeAction", json!({ "nonsense": true }));
    assert_eq!(error_code(&r), -32602);
    c.notify("textDocument/didOpen", json!({ "textDocument": 5 }));
    let log = c.next_notification("window/logMessage");
    assert!(log.params["message"]
        .as_str()
        .unwrap_or("")
        .contains("didOpen"));
    // A closed document, closed again, changed after close, hovered.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": main } }),
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": main } }),
    );
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nonexistent/x.tf" }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(r.response_result.is_ok());
    // Documents of other schemes and kinds are left alone.
    c.open("untitled:Untitled-1", "resource {");
    c.open(&uri(&dir.join("README.md")), "# hi");
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": "untitled:Untitled-1" }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } }),
    );
    assert!(r.response_result.is_ok());
    // A second initialize is refused; after shutdown requests are refused
    // and `exit` ends the server with 0.
    let r = c.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(error_code(&r), -32600);
    let r = c.request("shutdown", Value::Null);
    assert!(r.response_result.is_ok());
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(error_code(&r), -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.join(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let (c, _) = utf16_client();
    c.notify("exit", Value::Null);
    assert_eq!(c.join(), 1);
    // The client going away ends the server too.
    let (c, _) = utf16_client();
    let Client { conn, .. } = c;
    drop(conn);
}

#[test]
fn hostile_text_is_linted_not_fatal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    let (mut c, _) = utf16_client();
    let main = uri(&tmp.path().join("main.tf"));
    // Control characters, a lone surrogate's replacement, unbalanced braces,
    // a NUL: a syntax error at worst.
    c.open(
        &main,
        "resource \"a\" \"b\" {\u{0}\u{1b}[31m \u{fffd} \"\u{10ffff}\n{{{{ ${",
    );
    let d = c.diagnostics(&main);
    assert_eq!(codes(&d), ["CX001"], "{d:?}");
    // A big document: 2 MiB of blocks.
    let big: String = (0..50_000)
        .map(|i| format!("locals {{ v{i} = \"{}\" }}\n", "x".repeat(20)))
        .collect();
    c.change(&main, 2, &big);
    assert!(
        c.diagnostics(&main).is_empty(),
        "the syntax error is cleared"
    );
    // Still answering, and the next change is linted.
    c.change(&main, 3, "locals {\n  a = \n}\n");
    assert_eq!(codes(&c.diagnostics(&main)), ["CX001"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_panic_in_a_lint_is_logged_and_the_server_goes_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    // The hook panics for a directory of this (unique) name only.
    let bad = tmp.path().join("cxlint-lsp-panic-test-dir");
    std::fs::create_dir(&bad).expect("mkdir");
    std::env::set_var("CXLINT_TEST_LSP_PANIC_IN", "cxlint-lsp-panic-test-dir");
    let (mut c, _) = utf16_client();
    c.open(&uri(&bad.join("main.tf")), "locals {\n  a = 1\n}\n");
    let log = c.next_notification("window/logMessage");
    assert!(
        log.params["message"]
            .as_str()
            .unwrap_or("")
            .contains("internal error"),
        "{log:?}"
    );
    let good = tmp.path().join("main.tf");
    c.open(&uri(&good), "resource {");
    assert_eq!(codes(&c.diagnostics(&uri(&good))), ["CX001"]);
    assert_eq!(c.shutdown(), 0);
}

fn frame(body: &str) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body.as_bytes());
    v
}

/// The real binary over real pipes: garbage on the wire is skipped, and the
/// exit code follows the protocol.
#[test]
fn the_binary_survives_garbage_and_exits_by_the_protocol() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |wire: Vec<u8>| {
        let out = crate::support::exec(&crate::support::Exec {
            stdin: Some(&wire),
            ..crate::support::Exec::new(here, &["lsp"])
        });
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let mut wire = Vec::new();
    wire.extend(frame("{ this is not json"));
    wire.extend(b"Content-Length: 12\r\n\r\n\xff\xfe\xfd\xfc garbage");
    wire.extend(b"Content-Length: 99999999999999999999\r\n\r\n");
    wire.extend(frame(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
    ));
    wire.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
    wire.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let (code, out) = run(wire);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains(r#""positionEncoding":"utf-16""#), "{out}");
    assert!(out.contains(r#""id":2"#), "{out}");

    // Input ends without shutdown: exit code 1.
    let wire =
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    assert_eq!(run(wire).0, Some(1));
}

#[test]
fn a_broken_rule_file_is_shown_on_that_file() {
    let (tmp, dir) = example_copy();
    let rules = tmp.path().join("ci-rules");
    std::fs::create_dir(&rules).expect("mkdir");
    std::fs::write(
        tmp.path().join(".cxlint.hcl"),
        "rules_dirs = [\"ci-rules\"]\n",
    )
    .expect("write");
    let bad = rules.join("GC900-broken.hcl");
    std::fs::write(&bad, "rule {\n  this is not a rule\n").expect("write");
    let (mut c, _) = utf16_client();
    let main = uri(&dir.join("main.tf"));
    c.open(
        &main,
        &std::fs::read_to_string(dir.join("main.tf")).expect("read"),
    );
    // Linting goes on with the shipped rules.
    assert!(codes(&c.diagnostics(&main)).contains(&"GC001".to_string()));
    let d = c.diagnostics(&uri(&bad));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["severity"], 1);
    // Removed: noticed without any notification, and cleared.
    std::fs::remove_file(&bad).expect("rm");
    c.change(
        &main,
        2,
        &std::fs::read_to_string(dir.join("main.tf")).expect("read"),
    );
    assert!(c.diagnostics(&uri(&bad)).is_empty());
    assert_eq!(c.shutdown(), 0);
}

/// Incremental changes address the text in the negotiated encoding.
fn incremental_edit_after_emoji(encodings: Value, col: u32) {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    let main = uri(&tmp.path().join("main.tf"));
    let (mut c, _) = Client::start(json!({ "general": { "positionEncodings": encodings } }));
    // `x` follows "😀 é" on its line; replacing `1` with `{` breaks the syntax.
    c.open(&main, "locals {\n  /* 😀 é */ x = 1\n}\n");
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 2 },
            "contentChanges": [ {
                "range": { "start": { "line": 1, "character": col }, "end": { "line": 1, "character": col + 1 } },
                "text": "{"
            } ]
        }),
    );
    let d = c.diagnostics(&main);
    assert_eq!(codes(&d), ["CX001"], "{d:?}");
    // And back: the document is whole again.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 3 },
            "contentChanges": [ {
                "range": { "start": { "line": 1, "character": col }, "end": { "line": 1, "character": col + 1 } },
                "text": "2"
            } ]
        }),
    );
    assert!(c.diagnostics(&main).is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn incremental_changes_in_utf16() {
    // "  /* 😀 é */ x = " is 17 UTF-16 code units.
    incremental_edit_after_emoji(json!(["utf-16"]), 17);
}

#[test]
fn incremental_changes_in_utf8() {
    // ... and 20 bytes.
    incremental_edit_after_emoji(json!(["utf-8"]), 20);
}

#[test]
fn editing_a_called_module_updates_the_caller() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(root.join("mod")).expect("mkdir");
    let caller = "module \"client\" {\n  source = \"./mod\"\n  scopes = [\"analytics:view\"]\n}\n";
    let module = "variable \"scopes\" {\n  type = list(string)\n}\n\nresource \"genesyscloud_oauth_client\" \"c\" {\n  name                  = \"x\"\n  authorized_grant_type = \"CLIENT-CREDENTIALS\"\n  organization_id       = \"0b1e6f9a-3c2d-4e5f-8a7b-1c2d3e4f5a6b\"\n  scopes                = var.scopes\n  roles {\n    role_id = \"r\"\n  }\n}\n";
    std::fs::write(root.join("main.tf"), caller).expect("write");
    std::fs::write(root.join("mod/main.tf"), module).expect("write");
    let (mut c, _) = utf16_client();
    let main = uri(&root.join("main.tf"));
    let inner = uri(&root.join("mod/main.tf"));
    c.open(&main, caller);
    // Reported on the caller's argument, related to the module's attribute.
    assert_eq!(codes(&c.diagnostics(&main)), ["GC001"]);
    c.open(&inner, module);
    let fixed = module.replace(
        "var.scopes",
        "concat(var.scopes, [\"partner:analytics:view\"])",
    );
    c.change(&inner, 2, &fixed);
    assert!(
        c.diagnostics(&main).is_empty(),
        "the caller's finding is gone"
    );
    assert_eq!(c.shutdown(), 0);
}
