//! Evaluation scenarios (issue 3): values that reach a rule through
//! variables, `.tfvars`, locals, functions, module calls, `for_each`,
//! `count`, dynamic blocks and JSON syntax, plus module-graph errors.
//! Each scenario is a directory under `fixtures/eval/`; the JSON report is
//! snapshotted and the codes and positions are asserted here as well.

use crate::support::{cxlint, diagnostics, loc, locations, Run};
use serde_json::Value;

fn check(dir: &str, extra: &[&str]) -> (Run, Value) {
    let path = format!("fixtures/eval/{dir}");
    let mut args = vec!["check", path.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = cxlint(&args);
    let report = run.json();
    assert_eq!(report["errors"], serde_json::json!([]), "{dir}: run errors");
    (run, report)
}

fn related_files(d: &Value) -> Vec<String> {
    d["related"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| x["file"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn clean(dir: &str) {
    let (run, report) = check(dir, &[]);
    assert!(diagnostics(&report).is_empty(), "{dir}: {}", run.stdout);
    assert_eq!(run.code, 0, "{dir}");
}

#[test]
fn value_from_variable_default() {
    let (run, report) = check("var_default", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/var_default/main.tf", 4, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(related_files(d), ["fixtures/eval/var_default/variables.tf"]);
    assert_eq!(d["related"][0]["range"]["start"]["line"], 3);
    insta::assert_snapshot!("var_default", run.stdout);
}

#[test]
fn terraform_tfvars_overrides_default() {
    // The default is good; terraform.tfvars replaces it with a bad list.
    let (run, report) = check("tfvars", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/tfvars/main.tf", 4, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(related_files(d), ["fixtures/eval/tfvars/terraform.tfvars"]);
    insta::assert_snapshot!("tfvars", run.stdout);
}

#[test]
fn auto_tfvars_beat_terraform_tfvars_in_lexical_order() {
    // terraform.tfvars (bad) < a.auto.tfvars (bad) < b.auto.tfvars (good).
    clean("tfvars_auto");
}

#[test]
fn var_file_beats_auto_tfvars() {
    let (run, report) = check(
        "tfvars_auto",
        &["--var-file", "fixtures/eval/var_files/bad.tfvars"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/tfvars_auto/main.tf", 4, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert!(d["message"]
        .as_str()
        .unwrap_or_default()
        .contains("`analytics`"));
    assert_eq!(related_files(d), ["fixtures/eval/var_files/bad.tfvars"]);
    insta::assert_snapshot!("var_file", run.stdout);
}

#[test]
fn local_with_concat() {
    let (run, report) = check("locals_concat", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/locals_concat/main.tf", 4, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert!(related_files(d)
        .iter()
        .any(|f| f == "fixtures/eval/locals_concat/locals.tf"));
    insta::assert_snapshot!("locals_concat", run.stdout);
}

#[test]
fn module_called_twice_reports_the_bad_call_on_its_argument() {
    let (run, report) = check("module_twice", &[]);
    assert_eq!(run.code, 1);
    // Once, on `scopes = ["analytics:view"]` of `module "bad"`; the good
    // call and the module linted on its own (no value) are silent.
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/module_twice/main.tf", 13, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(
        related_files(d),
        ["fixtures/eval/module_twice/modules/client/main.tf"]
    );
    assert_eq!(d["related"][0]["range"]["start"]["line"], 13);
    insta::assert_snapshot!("module_twice", run.stdout);
}

#[test]
fn unknown_values_stay_silent() {
    clean("unknown");
}

#[test]
fn json_syntax_client() {
    let (run, report) = check("json", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/json/main.tf.json", 15, 9)]
    );
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn for_each_instance_reported_once() {
    let (run, report) = check("for_each", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/for_each/main.tf", 14, 3)]
    );
    insta::assert_snapshot!("for_each", run.stdout);
}

#[test]
fn count_zero_is_not_reported() {
    clean("count_zero");
}

#[test]
fn count_given_as_a_string_converts() {
    clean("count_string_zero");
}

#[test]
fn file_function_reads_inside_the_configuration() {
    let (run, report) = check("file_function", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/file_function/main.tf", 5, 3)]
    );
}

#[test]
fn override_files_take_effect() {
    // override.tf breaks the variable's default, fixes the local, fixes the
    // third resource's scopes and replaces the provider's hardcoded secret
    // with a variable that has no value (no GC001 on the third, no GC101).
    let (run, report) = check("override", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC001", "fixtures/eval/override/main.tf", 13, 3)]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(related_files(d), ["fixtures/eval/override/override.tf"]);
}

#[test]
fn error_values_never_fire_a_rule() {
    clean("error_value");
}

#[test]
fn dynamic_roles_satisfy_gc007() {
    clean("dynamic_roles");
}

#[test]
fn module_cycle_is_cx005_and_terminates() {
    let (run, report) = check("module_cycle", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc(
            "CX005",
            "fixtures/eval/module_cycle/modules/b/main.tf",
            1,
            1
        )]
    );
    insta::assert_snapshot!("module_cycle", run.stdout);
}

#[test]
fn missing_module_dir_is_cx004() {
    let (run, report) = check("module_missing", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("CX004", "fixtures/eval/module_missing/main.tf", 11, 12)]
    );
    insta::assert_snapshot!("module_missing", run.stdout);
}

#[test]
fn gc006_across_root_and_nested_module() {
    let (run, report) = check("gc006_nested", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        locations(&report),
        [loc("GC006", "fixtures/eval/gc006_nested/main.tf", 5, 17)]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(
        related_files(d),
        ["fixtures/eval/gc006_nested/modules/inner/versions.tf"]
    );
    insta::assert_snapshot!("gc006_nested", run.stdout);
}
