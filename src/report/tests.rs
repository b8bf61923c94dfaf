use quick_xml::events::Event;
use quick_xml::Reader;

use super::testing::{clean_report, sample_report, SECRET};
use super::*;

const ALL: [Format; 7] = [
    Format::Human,
    Format::Json,
    Format::Sarif,
    Format::Checkstyle,
    Format::Junit,
    Format::Compact,
    Format::Github,
];

fn opts() -> RenderOptions {
    RenderOptions {
        tool_version: "0.0.0-test".into(),
        ..RenderOptions::default()
    }
}

fn sample(format: Format) -> String {
    render(&sample_report(), format, &opts())
}

fn clean(format: Format) -> String {
    render(&clean_report(), format, &opts())
}

#[test]
fn human_sample() {
    insta::assert_snapshot!(sample(Format::Human));
}

#[test]
fn human_clean() {
    insta::assert_snapshot!(clean(Format::Human));
}

#[test]
fn json_sample() {
    insta::assert_snapshot!(sample(Format::Json));
}

#[test]
fn json_clean() {
    insta::assert_snapshot!(clean(Format::Json));
}

#[test]
fn sarif_sample() {
    insta::assert_snapshot!(sample(Format::Sarif));
}

#[test]
fn sarif_clean() {
    insta::assert_snapshot!(clean(Format::Sarif));
}

#[test]
fn checkstyle_sample() {
    insta::assert_snapshot!(sample(Format::Checkstyle));
}

#[test]
fn checkstyle_clean() {
    insta::assert_snapshot!(clean(Format::Checkstyle));
}

#[test]
fn junit_sample() {
    insta::assert_snapshot!(sample(Format::Junit));
}

#[test]
fn junit_clean() {
    insta::assert_snapshot!(clean(Format::Junit));
}

#[test]
fn compact_sample() {
    insta::assert_snapshot!(sample(Format::Compact));
}

#[test]
fn compact_clean_prints_nothing() {
    assert_eq!(clean(Format::Compact), "");
}

#[test]
fn github_sample() {
    insta::assert_snapshot!(sample(Format::Github));
}

#[test]
fn github_clean_prints_nothing() {
    assert_eq!(clean(Format::Github), "");
}

#[test]
fn no_format_prints_a_secret() {
    let report = sample_report();
    // The sample's secret is really in its source.
    assert!(report.sources[0].text.contains(SECRET));
    let color = RenderOptions {
        color: true,
        ..opts()
    };
    for format in ALL {
        for opts in [&opts(), &color] {
            let out = render(&report, format, opts);
            assert!(
                !out.contains(SECRET),
                "{format:?} prints the secret:\n{out}"
            );
            assert!(
                !out.contains("S3cret"),
                "{format:?} prints part of the secret"
            );
        }
    }
}

#[test]
fn human_masks_the_secret_in_the_snippet() {
    let out = sample(Format::Human);
    let stars = "*".repeat(SECRET.len());
    assert!(out.contains(&format!("oauthclient_secret = \"{stars}\"")));
}

#[test]
fn a_message_quoting_a_secret_is_redacted() {
    let mut report = sample_report();
    report.diagnostics[0].message = format!("secret `{SECRET}` is hardcoded");
    report.errors[0].message = format!("bad value {SECRET}");
    for format in ALL {
        let out = render(&report, format, &opts());
        assert!(
            !out.contains(SECRET),
            "{format:?} prints the secret:\n{out}"
        );
    }
}

#[test]
fn a_diagnostic_without_source_prints_its_place_instead_of_a_snippet() {
    let mut report = sample_report();
    report
        .sources
        .retain(|s| &*s.path != "modules/client/main.tf");
    let out = render(&report, Format::Human, &opts());
    assert!(
        out.contains("modules/client/main.tf:7:10: unexpected `=`"),
        "{out}"
    );
    // The other file still has snippets.
    assert!(out.contains("main.tf:12:3]"), "{out}");
}

#[test]
fn a_span_past_the_end_of_its_source_prints_without_a_snippet() {
    let mut report = sample_report();
    let cx001 = &mut report.diagnostics[3];
    cx001.location.span = 10_000..10_001;
    let out = render(&report, Format::Human, &opts());
    assert!(
        out.contains("modules/client/main.tf:7:10: unexpected `=`"),
        "{out}"
    );
    assert!(out.ends_with("2 run errors\n"), "{out}");
}

#[test]
fn color_only_when_asked() {
    let plain = sample(Format::Human);
    assert!(!plain.contains('\x1b'));
    let color = RenderOptions {
        color: true,
        ..opts()
    };
    let colored = render(&sample_report(), Format::Human, &color);
    assert!(colored.contains('\x1b'));
    for format in ALL.into_iter().filter(|f| *f != Format::Human) {
        assert_eq!(
            render(&sample_report(), format, &color),
            sample(format),
            "{format:?} must not depend on color"
        );
    }
}

#[test]
fn json_omits_absent_fields_and_counts_match() {
    let v: serde_json::Value = serde_json::from_str(&sample(Format::Json)).unwrap();
    let d = &v["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 4);
    let gc007 = d[2].as_object().unwrap();
    assert_eq!(gc007["code"], "GC007");
    for absent in ["help", "related", "url", "fix"] {
        assert!(!gc007.contains_key(absent), "{absent} present");
    }
    assert_eq!(d[1]["related"].as_array().unwrap().len(), 2);
    assert_eq!(d[1]["fix"]["edits"][0]["range"]["start"]["line"], 7);
    assert_eq!(v["errors"][1].as_object().unwrap().len(), 2);
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 4, "modules": 2, "errors": 2, "warnings": 1, "infos": 1})
    );
}

#[test]
fn sarif_points_rule_indexes_at_fired_rules() {
    let v: serde_json::Value = serde_json::from_str(&sample(Format::Sarif)).unwrap();
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["CX001", "GC001", "GC005", "GC007"]);
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], result["ruleId"]);
    }
    assert!(run.get("originalUriBaseIds").is_none());
    let with_root = RenderOptions {
        srcroot: Some("file:///work/repo".into()),
        ..opts()
    };
    let v: serde_json::Value =
        serde_json::from_str(&render(&sample_report(), Format::Sarif, &with_root)).unwrap();
    assert_eq!(
        v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        "file:///work/repo/"
    );
}

/// Element name -> how often it occurs, and the attributes of the root.
fn xml_counts(
    xml: &str,
) -> (
    std::collections::BTreeMap<String, usize>,
    Vec<(String, String)>,
) {
    let mut reader = Reader::from_str(xml);
    let mut counts = std::collections::BTreeMap::new();
    let mut root = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                *counts.entry(name).or_insert(0) += 1;
                if root.is_none() {
                    root = Some(
                        e.attributes()
                            .map(|a| {
                                let a = a.unwrap();
                                (
                                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                    a.unescape_value().unwrap().into_owned(),
                                )
                            })
                            .collect(),
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (counts, root.unwrap_or_default())
}

#[test]
fn checkstyle_parses_back() {
    let (counts, root) = xml_counts(&sample(Format::Checkstyle));
    assert_eq!(counts["checkstyle"], 1);
    // Two files with findings, the config file and the unreadable file.
    assert_eq!(counts["file"], 4);
    assert_eq!(counts["error"], 4 + 2);
    assert_eq!(root, [("version".to_string(), "4.3".to_string())]);

    let (counts, _) = xml_counts(&clean(Format::Checkstyle));
    assert_eq!(counts.get("file"), None);
}

#[test]
fn checkstyle_escapes_attributes() {
    let out = sample(Format::Checkstyle);
    let mut reader = Reader::from_str(&out);
    let mut messages = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Empty(e) if e.name().as_ref() == b"error" => {
                let m = e.try_get_attribute("message").unwrap().unwrap();
                messages.push(m.unescape_value().unwrap().into_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(messages.contains(
        &"unknown key `severty` in rule \"GC003\" (expected <enabled> & <severity>)".to_string()
    ));
}

#[test]
fn junit_parses_back() {
    let (counts, root) = xml_counts(&sample(Format::Junit));
    assert_eq!(counts["testsuites"], 1);
    assert_eq!(counts["testsuite"], 1);
    assert_eq!(counts["testcase"], 6);
    // The info finding is below the default fail level (warning): a passed
    // test case with its text in system-out.
    assert_eq!(counts["failure"], 3);
    assert_eq!(counts["system-out"], 1);
    assert_eq!(counts["error"], 2);
    let attr = |k: &str| root.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(attr("tests"), "6");
    assert_eq!(attr("failures"), "3");
    assert_eq!(attr("errors"), "2");

    let info = RenderOptions {
        fail_level: crate::diag::Severity::Info,
        ..opts()
    };
    let (counts, _) = xml_counts(&render(&sample_report(), Format::Junit, &info));
    assert_eq!(counts["failure"], 4);
    assert_eq!(counts.get("system-out"), None);
    let error = RenderOptions {
        fail_level: crate::diag::Severity::Error,
        ..opts()
    };
    let (counts, _) = xml_counts(&render(&sample_report(), Format::Junit, &error));
    assert_eq!(counts["failure"], 2);
    assert_eq!(counts["system-out"], 2);

    let (counts, root) = xml_counts(&clean(Format::Junit));
    assert_eq!(counts["testcase"], 1);
    assert_eq!(counts.get("failure"), None);
    assert!(root.contains(&("tests".to_string(), "1".to_string())));
}

#[test]
fn output_is_deterministic() {
    for format in ALL {
        assert_eq!(sample(format), sample(format));
    }
}

/// Snippets deep in a long file show the file's own line numbers, and
/// labels far apart get a snippet each (not every line between them).
#[test]
fn human_snippets_in_a_long_file() {
    let mut r = sample_report();
    r.diagnostics.retain(|d| d.code == "GC001");
    r.secrets.clear();
    let pad = "# filler\n".repeat(5000);
    let main = r
        .sources
        .iter()
        .position(|s| s.path.contains("prod east"))
        .unwrap();
    let old = r.sources[main].clone();
    let mut text = old.text.to_string();
    // The related place moves 5,000 lines up from the finding.
    let at = old.text.find("resource ").unwrap();
    text.insert_str(at, &pad);
    let new = crate::source::SourceFile::new(old.path.clone(), text);
    let d = &mut r.diagnostics[0];
    let span = &d.location.span;
    d.location = crate::diag::Location::new(&new, span.start + pad.len()..span.end + pad.len());
    r.sources[main] = new;
    let out = render(&r, Format::Human, &opts());
    assert!(out.contains("main.tf:5012:3]"), "{out}");
    assert!(out.contains(" 5012 │   scopes"), "{out}");
    assert!(out.contains(" 7 │   analytics_scopes"), "{out}");
    assert!(!out.contains("2500 │"), "{out}");
}
