//! Every output format on one end-to-end fixture (`fixtures/formats`), via
//! the real binary, plus `--output`, `--quiet`, stdin and completions.

use crate::support::*;

const FIXTURE: &str = "fixtures/formats";

fn in_root(args: &[&str]) -> Out {
    run(&manifest_dir(), args, None)
}

fn format(name: &str) -> Out {
    let out = in_root(&["check", FIXTURE, "--format", name, "--color", "never"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    out
}

/// Machine-specific paths out of the output (SARIF's srcroot).
fn scrub(s: &str) -> String {
    s.replace(&manifest_dir().display().to_string(), "[ROOT]")
}

#[test]
fn human() {
    let out = format("human");
    assert!(
        !out.stdout.contains('\u{1b}'),
        "--color never has no escapes"
    );
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json() {
    let out = format("json");
    let v = out.json();
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["errors"], 6);
    assert_eq!(v["summary"]["warnings"], 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json_is_identical_across_runs() {
    let a = format("json").stdout;
    let b = in_root(&["check", FIXTURE, "--format", "json", "-j", "1"]).stdout;
    let c = format("json").stdout;
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn sarif() {
    let out = format("sarif");
    let v = out.json();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"].as_array().unwrap().len(), 1);
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 7);
    let help = &v["runs"][0]["tool"]["driver"]["rules"][0]["help"]["text"];
    assert!(
        !help.as_str().unwrap().contains('{'),
        "uninterpolated help: {help}"
    );
    insta::assert_snapshot!(scrub(&out.stdout));
}

/// Parse XML fully; returns the names of the elements in document order.
fn xml_elements(text: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(text);
    let mut names = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("bad attribute: {e}"));
                    a.unescape_value().unwrap();
                }
                names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
            }
            Ok(Event::Text(t)) => {
                t.unescape().unwrap();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("invalid XML at {}: {e}\n{text}", r.buffer_position()),
        }
    }
    names
}

#[test]
fn checkstyle() {
    let out = format("checkstyle");
    let names = xml_elements(&out.stdout);
    assert_eq!(names.first().map(String::as_str), Some("checkstyle"));
    assert_eq!(names.iter().filter(|n| *n == "file").count(), 2);
    assert_eq!(names.iter().filter(|n| *n == "error").count(), 7);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn junit() {
    let out = format("junit");
    let names = xml_elements(&out.stdout);
    assert_eq!(names.first().map(String::as_str), Some("testsuites"));
    assert_eq!(names.iter().filter(|n| *n == "testcase").count(), 7);
    assert_eq!(names.iter().filter(|n| *n == "failure").count(), 7);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn compact() {
    let out = format("compact");
    assert_eq!(out.stdout.lines().count(), 7);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn github() {
    let out = format("github");
    assert!(out
        .stdout
        .lines()
        .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")));
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn output_file_gets_the_report_and_stdout_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let out = in_root(&[
        "check",
        FIXTURE,
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, format("json").stdout);
}

#[test]
fn quiet() {
    let dir = project(&[("main.tf", &format!("{PROVIDER}\n{}", good_client("c")))]);
    for f in ["human", "compact"] {
        let out = run(dir.path(), &["check", ".", "--quiet", "--format", f], None);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stdout, "", "--quiet --format {f} on a clean run");
        assert_eq!(out.stderr, "");
    }
    // A machine format always writes a complete document (issue 16: an
    // empty SARIF upload fails).
    let out = run(
        dir.path(),
        &["check", ".", "--quiet", "--format", "json"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["diagnostics"], serde_json::json!([]));
    assert_eq!(out.stderr, "");
    // Without --quiet a clean run still says something.
    let out = run(dir.path(), &["check", ".", "--format", "json"], None);
    assert!(!out.stdout.is_empty());
    // With findings --quiet prints them.
    let out = in_root(&["check", FIXTURE, "--quiet", "--format", "compact"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, format("compact").stdout);
}

#[test]
fn stdin_is_linted_in_the_context_of_its_directory() {
    // Three lines more than main.tf above the client, and the scopes come
    // from a variable declared in variables.tf (on disk, not on stdin).
    let text = std::fs::read_to_string(manifest_dir().join(FIXTURE).join("main.tf"))
        .unwrap()
        .replace(
            "resource \"genesyscloud_oauth_client\"",
            "# a\n# b\n# c\nresource \"genesyscloud_oauth_client\"",
        )
        .replace(r#"["analytics:view"]"#, "var.analytics_scopes");
    let out = run(
        &manifest_dir(),
        &[
            "check",
            "--stdin-filename",
            "fixtures/formats/main.tf",
            "--format",
            "json",
            "-",
        ],
        Some(&text),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    let diags = v["diagnostics"].as_array().unwrap();
    // Only the stdin file is reported (clients.tf has findings too).
    assert!(
        diags
            .iter()
            .all(|d| d["file"] == "fixtures/formats/main.tf"),
        "{}",
        out.stdout
    );
    let gc001 = diags
        .iter()
        .find(|d| d["code"] == "GC001")
        .unwrap_or_else(|| panic!("no GC001: {}", out.stdout));
    // Line 16 of the stdin text (13 on disk).
    let line = gc001["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert_eq!(line, 16);
    assert!(text
        .lines()
        .nth(line - 1)
        .unwrap()
        .contains("var.analytics_scopes"));
    // The value came from variables.tf, which was read from disk.
    assert_eq!(
        gc001["related"][0]["file"], "fixtures/formats/variables.tf",
        "{gc001}"
    );
    // The file on disk is untouched and still reports line 13.
    let disk = format("json").json();
    assert!(disk["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "GC001" && d["range"]["start"]["line"] == 13));
}

#[test]
fn completions() {
    let out = in_root(&["completions", "bash"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("_cxlint()"), "{}", out.stdout);
    assert!(out.stdout.contains("--stdin-filename"));
    assert!(out.stdout.contains("complete -F _cxlint"));
    let out = in_root(&["completions", "nosuchshell"]);
    assert_eq!(out.code, 2);
}
