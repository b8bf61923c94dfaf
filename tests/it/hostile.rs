//! Hostile inputs: every one must finish quickly with a clear diagnostic,
//! never panic or hang, and never stop other files from being linted.
//! Inputs are generated at test time in a temporary directory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A file that is valid HCL but has a finding (GC004: the genesyscloud
/// provider without a version constraint). Its own directory is its own
/// module, so the finding does not depend on the hostile file's module.
const BAD_CONFIG: &str = "provider \"genesyscloud\" {\n  sdk_debug = true\n}\n";

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

/// Run `cxlint check ARGS --format json` in `dir`, killing it after
/// `limit` (a hang fails the test instead of blocking it).
fn run_in(dir: &Path, args: &[&str], envs: &[(&str, &str)], limit: Duration) -> Run {
    let mut all: Vec<&str> = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--color", "never"]);
    let env: Vec<(&str, Option<&str>)> = envs.iter().map(|(k, v)| (*k, Some(*v))).collect();
    let out = crate::support::exec(&crate::support::Exec {
        env: &env,
        limit,
        ..crate::support::Exec::new(dir, &all)
    });
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = if stdout.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout:.500}"))
    };
    Run {
        code: out
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        json,
        stderr,
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, &[], Duration::from_secs(60))
}

/// A temp dir with `ok/main.tf` (one GC004 finding) and an empty `hostile/`.
fn setup() -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(t.path().join("ok")).expect("mkdir ok");
    std::fs::create_dir(t.path().join("hostile")).expect("mkdir hostile");
    std::fs::write(t.path().join("ok/main.tf"), BAD_CONFIG).expect("write ok/main.tf");
    t
}

fn diags(r: &Run) -> Vec<Value> {
    r.json["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no diagnostics array: {}\n{}", r.json, r.stderr))
}

fn diags_in<'a>(ds: &'a [Value], file: &str) -> Vec<&'a Value> {
    ds.iter().filter(|d| d["file"] == file).collect()
}

/// The good-but-bad file's finding is still reported.
fn assert_ok_reported(r: &Run) {
    let ds = diags(r);
    assert!(
        diags_in(&ds, "ok/main.tf")
            .iter()
            .any(|d| d["code"] == "GC004"),
        "ok/main.tf GC004 missing: {:#}",
        r.json
    );
}

/// Exactly one diagnostic in `file`, with `code`; returns it.
fn only_diag(r: &Run, file: &str, code: &str) -> Value {
    let ds = diags(r);
    let mine = diags_in(&ds, file);
    assert_eq!(mine.len(), 1, "diagnostics in {file}: {mine:#?}");
    assert_eq!(mine[0]["code"], code, "{:#}", mine[0]);
    mine[0].clone()
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the CXLINT_TEST_PANIC_ON hook exists only in debug builds"
)]
fn internal_error_exits_2_and_other_files_are_still_linted() {
    let t = setup();
    std::fs::write(t.path().join("hostile/boom.tf"), "locals {\n  a = 1\n}\n").unwrap();
    let r = run_in(
        t.path(),
        &["."],
        &[("CXLINT_TEST_PANIC_ON", "boom.tf")],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, 2, "{:#}\n{}", r.json, r.stderr);
    let d = only_diag(&r, "hostile/boom.tf", "CX006");
    assert_eq!(d["name"], "internal-error");
    let errors = r.json["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["file"] == "hostile/boom.tf"),
        "{errors:?}"
    );
    assert_ok_reported(&r);
    // The panic hook prints one short line, not a backtrace.
    assert!(r.stderr.contains("internal error"), "{}", r.stderr);
    assert!(!r.stderr.contains("stack backtrace"), "{}", r.stderr);
}

#[test]
fn deep_nesting_is_a_syntax_error() {
    // The parser bounds nesting at 1,024 levels (blocks, brackets,
    // parentheses, objects, templates and operator chains together), so
    // 100,000 levels fail fast with CX001 instead of overflowing the stack
    // (tests/deep_nesting.rs checks 1,000 levels lint in a 2 MiB stack).
    let t = setup();
    let brackets = format!("locals {{\n  x = {}\n}}\n", "[".repeat(100_000));
    let parens = format!(
        "locals {{\n  y = {}1{}\n}}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    std::fs::write(t.path().join("hostile/brackets.tf"), brackets).unwrap();
    std::fs::write(t.path().join("hostile/parens.tf"), parens).unwrap();
    let start = Instant::now();
    let r = run(t.path(), &["."]);
    assert!(start.elapsed() < Duration::from_secs(30));
    assert_eq!(r.code, 1, "{}", r.stderr);
    for f in ["hostile/brackets.tf", "hostile/parens.tf"] {
        let d = only_diag(&r, f, "CX001");
        assert!(
            d["message"].as_str().unwrap().contains("nesting depth"),
            "{d:#}"
        );
        assert_eq!(d["range"]["start"]["line"], 2, "{d:#}");
    }
    assert_ok_reported(&r);
}

/// Valid resources, repeated up to `bytes`.
fn resources(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 512);
    let mut n = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "resource \"genesyscloud_routing_queue\" \"q{n}\" {{\n  name = \"Queue {n}\"\n  acw_timeout_ms = 300000\n}}\n\n"
        ));
        n += 1;
    }
    s
}

#[test]
fn fifty_megabyte_file_is_linted() {
    // A 50 MB file of valid resources is parsed and linted (hcl-edit needs
    // about 30x the file size in memory: ~1.6 GB here; docs/limits.md).
    let t = setup();
    std::fs::write(t.path().join("hostile/big.tf"), resources(50_000_000)).unwrap();
    let start = Instant::now();
    let r = run(t.path(), &["."]);
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    // Linted, not skipped: the module has genesyscloud resources and no
    // version constraint, reported at the first resource of the big file.
    let d = only_diag(&r, "hostile/big.tf", "GC004");
    assert_eq!(d["range"]["start"]["line"], 1, "{d:#}");
    assert_eq!(r.json["summary"]["files"], 2);
    assert_ok_reported(&r);
}

#[test]
fn file_over_the_size_cap_is_skipped_with_cx002() {
    // Above the 64 MiB cap a file is reported, not read.
    let t = setup();
    let f = std::fs::File::create(t.path().join("hostile/huge.tf")).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap();
    let start = Instant::now();
    let r = run(t.path(), &["."]);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let d = only_diag(&r, "hostile/huge.tf", "CX002");
    assert!(
        d["message"].as_str().unwrap().contains("too large"),
        "{d:#}"
    );
    assert_eq!(r.json["summary"]["files"], 2);
    assert_ok_reported(&r);
}

#[test]
fn ten_megabyte_single_line_parses() {
    let t = setup();
    let text = format!(
        "locals {{ x = \"{}\" }}\nlocals {{\n  y = [\n}}\n",
        "a".repeat(10_000_000)
    );
    std::fs::write(t.path().join("hostile/long.tf"), text).unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The long line is fine; the error after it is found at the right place.
    let d = only_diag(&r, "hostile/long.tf", "CX001");
    assert_eq!(d["range"]["start"]["line"], 4, "{d:#}");
    assert_ok_reported(&r);
}

#[test]
fn random_binary_bytes_are_not_utf8() {
    let t = setup();
    // Deterministic "random" bytes that are not UTF-8 (0xFF never is).
    let mut x: u32 = 12345;
    let mut bytes: Vec<u8> = b"locals {\n".to_vec();
    for _ in 0..65_536 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bytes.push((x >> 16) as u8);
    }
    bytes.push(0xFF);
    let at = bytes.iter().position(|b| *b >= 0x80).unwrap();
    std::fs::write(t.path().join("hostile/x.tf"), &bytes).unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let d = only_diag(&r, "hostile/x.tf", "CX002");
    assert!(d["message"].as_str().unwrap().contains("UTF-8"), "{d:#}");
    // The first bad byte is at or after the first non-ASCII byte.
    assert!(d["range"]["start"]["offset"].as_u64().unwrap() >= at as u64);
    assert_ok_reported(&r);
}

#[test]
fn unterminated_heredoc_comment_and_invalid_json() {
    let t = setup();
    let h = t.path().join("hostile");
    std::fs::write(h.join("heredoc.tf"), "locals {\n  x = <<EOT\nhello\n").unwrap();
    std::fs::write(
        h.join("comment.tf"),
        "locals {\n  x = 1\n}\n/* never closed\n",
    )
    .unwrap();
    std::fs::write(h.join("bad.tf.json"), "{\"resource\": {\"a\": ").unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let d = only_diag(&r, "hostile/heredoc.tf", "CX001");
    assert!(d["message"].as_str().unwrap().contains("heredoc"), "{d:#}");
    let d = only_diag(&r, "hostile/comment.tf", "CX001");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("unclosed block comment"),
        "{d:#}"
    );
    // At the end of the file, where the `*/` is missing.
    assert_eq!(d["range"]["start"]["line"], 5, "{d:#}");
    only_diag(&r, "hostile/bad.tf.json", "CX001");
    assert_ok_reported(&r);
}

#[test]
fn bom_and_crlf_ranges_are_right() {
    let t = setup();
    // BOM, then CRLF lines; the provider block starts on line 3.
    let text = "\u{FEFF}# header\r\n\r\nprovider \"genesyscloud\" {\r\n  sdk_debug = true\r\n}\r\n";
    std::fs::write(t.path().join("hostile/main.tf"), text).unwrap();
    // A BOM file whose finding is on line 1.
    std::fs::create_dir(t.path().join("bom1")).unwrap();
    std::fs::write(
        t.path().join("bom1/main.tf"),
        "\u{FEFF}provider \"genesyscloud\" {}\r\n",
    )
    .unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let d = only_diag(&r, "hostile/main.tf", "GC004");
    let start = text.find("provider").unwrap();
    let end = start + "provider \"genesyscloud\"".len();
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 3, "column": 1, "offset": start}),
        "{d:#}"
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 3, "column": 24, "offset": end}),
        "{d:#}"
    );
    // The byte order mark is not a column; offsets still count its 3 bytes.
    let d = only_diag(&r, "bom1/main.tf", "GC004");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 1, "column": 1, "offset": 3}),
        "{d:#}"
    );
    assert_ok_reported(&r);
}

#[test]
fn empty_and_comment_only_files_have_no_diagnostics() {
    let t = setup();
    let h = t.path().join("hostile");
    std::fs::write(h.join("empty.tf"), "").unwrap();
    std::fs::write(h.join("comments.tf"), "# a\n// b\n/* c\n d */").unwrap();
    std::fs::write(h.join("empty.tf.json"), "{}").unwrap();
    std::fs::write(h.join("empty.tfvars"), "\n\n").unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = diags(&r);
    assert!(ds.iter().all(|d| d["file"] == "ok/main.tf"), "{ds:#?}");
    assert_eq!(r.json["summary"]["files"], 5);
    assert_ok_reported(&r);
}

#[test]
fn directory_named_tf_is_ignored() {
    let t = setup();
    std::fs::create_dir_all(t.path().join("hostile/x.tf/inner")).unwrap();
    std::fs::write(t.path().join("hostile/x.tf/inner/a.tf"), "locals {}\n").unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{:#}\n{}", r.json, r.stderr);
    assert!(diags(&r).iter().all(|d| d["file"] == "ok/main.tf"));
    // ok/main.tf and the real file inside the directory.
    assert_eq!(r.json["summary"]["files"], 2);
    assert_eq!(r.json["errors"], serde_json::json!([]));
    assert_ok_reported(&r);
}

#[test]
fn symlink_loop_does_not_hang() {
    let t = setup();
    std::os::unix::fs::symlink("..", t.path().join("hostile/up")).unwrap();
    std::os::unix::fs::symlink(".", t.path().join("hostile/self")).unwrap();
    std::os::unix::fs::symlink("loop.tf", t.path().join("hostile/loop.tf")).unwrap();
    let r = run_in(t.path(), &["."], &[], Duration::from_secs(30));
    assert!(r.code == 1 || r.code == 2, "{}", r.stderr);
    // Symlinked directories are not followed: ok/main.tf is linted once.
    let ds = diags(&r);
    assert_eq!(diags_in(&ds, "ok/main.tf").len(), 1, "{ds:#?}");
    assert_ok_reported(&r);
}

#[test]
fn fifo_is_reported_and_never_opened() {
    let t = setup();
    let fifo = t.path().join("hostile/y.tf");
    let st = Command::new("mkfifo").arg(&fifo).status();
    assert!(st.is_ok_and(|s| s.success()), "mkfifo failed");
    // Opening a FIFO for reading blocks until a writer appears: a hang here
    // means cxlint opened it.
    let r = run_in(t.path(), &["."], &[], Duration::from_secs(30));
    assert_eq!(r.code, 1, "{:#}\n{}", r.json, r.stderr);
    // Not silently dropped: a CX002 says why it was not read.
    let ds = diags(&r);
    let fifo = diags_in(&ds, "hostile/y.tf");
    assert_eq!(fifo.len(), 1, "{ds:#?}");
    assert_eq!(fifo[0]["code"], "CX002");
    assert!(
        fifo[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not read: a FIFO")),
        "{ds:#?}"
    );
    assert_ok_reported(&r);
}

#[test]
fn non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let t = setup();
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.tf");
    let path = t.path().join("hostile").join(name);
    std::fs::write(&path, "locals {\n  x = [\n}\n").expect("a non-UTF-8 file name");
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // Reported under a lossy display name.
    let ds = diags(&r);
    let d = ds
        .iter()
        .find(|d| d["file"].as_str().unwrap().starts_with("hostile/bad"))
        .unwrap_or_else(|| panic!("{ds:#?}"));
    assert_eq!(d["code"], "CX001");
    assert_eq!(d["file"], "hostile/bad\u{FFFD}name.tf");
    assert_ok_reported(&r);
}

#[test]
fn missing_path_argument_exits_2_and_is_named() {
    let t = setup();
    let r = run(t.path(), &["ok", "no/such/dir"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let errors = r.json["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["file"] == "no/such/dir"),
        "{errors:?}"
    );
    assert_ok_reported(&r);
}

#[test]
fn unreadable_file_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let t = setup();
    let p = t.path().join("hostile/secret.tf");
    std::fs::write(&p, "locals {}\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&p).is_ok();
    let r = run(t.path(), &["."]);
    if readable {
        // Running as root: permissions do not stop reading.
        eprintln!("note: running as root; the unreadable-file assertions are skipped");
        assert_eq!(r.code, 1, "{}", r.stderr);
    } else {
        assert_eq!(r.code, 2, "{}", r.stderr);
        let d = only_diag(&r, "hostile/secret.tf", "CX002");
        assert!(
            d["message"].as_str().unwrap().contains("permission denied"),
            "{d:#}"
        );
        let errors = r.json["errors"].as_array().unwrap();
        assert!(errors.iter().any(|e| e["file"] == "hostile/secret.tf"));
    }
    assert_ok_reported(&r);
}

#[test]
fn garbage_config_file_exits_2_with_file_and_line() {
    let t = setup();
    std::fs::write(
        t.path().join(".cxlint.hcl"),
        "rule \"GC004\" {\n  enabled = false\n}\n\u{1}\u{2} = [[[\n",
    )
    .unwrap();
    let r = run(t.path(), &["."]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(".cxlint.hcl:4"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn garbage_rule_file_exits_2_with_file_and_line() {
    let t = setup();
    std::fs::create_dir(t.path().join("rules")).unwrap();
    std::fs::write(
        t.path().join("rules/x.hcl"),
        "code = \"X001\"\nname = \n\u{0}\u{7f}{{{{\n",
    )
    .unwrap();
    let r = run(t.path(), &[".", "--rules", "rules"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("rules/x.hcl:"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}
