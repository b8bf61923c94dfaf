//! Evaluator unit tests: variable precedence, locals, `for`, conditionals
//! and templates.

use std::path::PathBuf;

use super::{root_inputs, Env, Origin, Value};
use crate::model::{File, Module};
use crate::parse::{parse, FileKind};
use crate::source::SourceFile;

fn file(path: &str, text: &str) -> File {
    let name = path.rsplit('/').next().unwrap_or(path);
    let kind = FileKind::from_name(name).expect("known file kind");
    let body = parse(kind, text).expect("test input parses");
    File {
        source: SourceFile::new(path, text),
        kind,
        body: Some(body),
    }
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|i| s(i)).collect())
}

/// Evaluate `expr` in a module made of `files`, with `var_files` passed as
/// `--var-file`s; returns the value and the path of its first origin.
fn eval_with(files: &[File], var_files: &[File], expr: &str) -> (Value, Option<String>) {
    let refs: Vec<&File> = files.iter().collect();
    let module = Module::build(PathBuf::from("m"), "m".into(), &refs);
    let vf: Vec<&File> = var_files.iter().collect();
    let inputs = root_inputs(&module, &vf);
    let env = Env::new(&module, &inputs);
    let holder = file("m/expr.tf", &format!("x = {expr}\n"));
    let attr = holder
        .body
        .as_ref()
        .and_then(|b| b.attribute("x"))
        .expect("attribute x");
    let t = env.eval(&attr.value, &[]);
    let origin = t.origins.iter().find_map(|o| match o {
        Origin::Set { location, .. } => Some(location.file.to_string()),
        Origin::Input(_) => None,
    });
    (t.value, origin)
}

fn eval(files: &[File], expr: &str) -> Value {
    eval_with(files, &[], expr).0
}

const VARIABLE: &str = r#"
variable "scopes" {
  default = ["from-default"]
}
"#;

#[test]
fn default_when_nothing_else() {
    let files = [file("m/variables.tf", VARIABLE)];
    let (v, origin) = eval_with(&files, &[], "var.scopes");
    assert_eq!(v, list(&["from-default"]));
    assert_eq!(origin.as_deref(), Some("m/variables.tf"));
}

#[test]
fn terraform_tfvars_beats_default() {
    let files = [
        file("m/variables.tf", VARIABLE),
        file("m/terraform.tfvars", "scopes = [\"from-tfvars\"]\n"),
    ];
    let (v, origin) = eval_with(&files, &[], "var.scopes");
    assert_eq!(v, list(&["from-tfvars"]));
    assert_eq!(origin.as_deref(), Some("m/terraform.tfvars"));
}

#[test]
fn auto_tfvars_beat_terraform_tfvars_later_name_wins() {
    // Given in reverse lexical order: the model must sort them.
    let files = [
        file("m/variables.tf", VARIABLE),
        file("m/b.auto.tfvars", "scopes = [\"from-b\"]\n"),
        file("m/terraform.tfvars", "scopes = [\"from-tfvars\"]\n"),
        file("m/a.auto.tfvars", "scopes = [\"from-a\"]\n"),
    ];
    let (v, origin) = eval_with(&files, &[], "var.scopes");
    assert_eq!(v, list(&["from-b"]));
    assert_eq!(origin.as_deref(), Some("m/b.auto.tfvars"));
}

#[test]
fn other_tfvars_in_the_directory_are_not_loaded() {
    let files = [
        file("m/variables.tf", VARIABLE),
        file("m/prod.tfvars", "scopes = [\"from-prod\"]\n"),
    ];
    assert_eq!(eval(&files, "var.scopes"), list(&["from-default"]));
}

#[test]
fn var_file_beats_everything_and_later_var_file_wins() {
    let files = [
        file("m/variables.tf", VARIABLE),
        file("m/terraform.tfvars", "scopes = [\"from-tfvars\"]\n"),
        file("m/z.auto.tfvars", "scopes = [\"from-auto\"]\n"),
    ];
    let var_files = [
        file("one.tfvars", "scopes = [\"from-one\"]\n"),
        file("two.tfvars", "scopes = [\"from-two\"]\n"),
    ];
    let (v, origin) = eval_with(&files, &var_files[..1], "var.scopes");
    assert_eq!(v, list(&["from-one"]));
    assert_eq!(origin.as_deref(), Some("one.tfvars"));
    let (v, origin) = eval_with(&files, &var_files, "var.scopes");
    assert_eq!(v, list(&["from-two"]));
    assert_eq!(origin.as_deref(), Some("two.tfvars"));
}

#[test]
fn tfvars_json_is_read() {
    let files = [
        file("m/variables.tf", VARIABLE),
        file("m/x.auto.tfvars.json", "{\"scopes\": [\"from-json\"]}\n"),
    ];
    assert_eq!(eval(&files, "var.scopes"), list(&["from-json"]));
}

#[test]
fn variable_without_value_is_unknown() {
    let files = [file("m/variables.tf", "variable \"scopes\" {}\n")];
    assert_eq!(eval(&files, "var.scopes"), Value::Unknown);
    assert_eq!(eval(&files, "var.undeclared"), Value::Unknown);
}

#[test]
fn locals_resolve_through_each_other() {
    let files = [file(
        "m/locals.tf",
        r#"
locals {
  base = ["analytics:view"]
  all  = concat(local.base, ["users"])
}
"#,
    )];
    assert_eq!(
        eval(&files, "local.all"),
        list(&["analytics:view", "users"])
    );
}

#[test]
fn locals_cycle_is_unknown() {
    let files = [file(
        "m/locals.tf",
        r#"
locals {
  a = local.b
  b = concat(local.a, ["x"])
  c = local.c
}
"#,
    )];
    assert_eq!(eval(&files, "local.a"), Value::Unknown);
    assert_eq!(eval(&files, "local.b"), Value::Unknown);
    assert_eq!(eval(&files, "local.c"), Value::Unknown);
}

#[test]
fn for_expressions() {
    let files = [file(
        "m/locals.tf",
        r#"
locals {
  names = ["a", "b", "c"]
  m     = { x = 1, y = 2 }
}
"#,
    )];
    assert_eq!(
        eval(&files, "[for n in local.names : upper(n)]"),
        list(&["A", "B", "C"])
    );
    assert_eq!(
        eval(&files, "[for n in local.names : n if n != \"b\"]"),
        list(&["a", "c"])
    );
    assert_eq!(
        eval(&files, "[for k, v in local.m : \"${k}=${v}\"]"),
        list(&["x=1", "y=2"])
    );
    let Value::Map(m) = eval(&files, "{ for n in local.names : n => \"p:${n}\" }") else {
        panic!("expected a map");
    };
    assert_eq!(m.get("b"), Some(&s("p:b")));
    assert_eq!(m.len(), 3);
    // Iterating over something unknown is unknown, not empty.
    assert_eq!(eval(&files, "[for n in var.nope : n]"), Value::Unknown);
}

#[test]
fn conditionals_with_known_and_unknown_conditions() {
    let files = [file(
        "m/variables.tf",
        r#"
variable "partner" {
  default = true
}
variable "unset" {}
"#,
    )];
    assert_eq!(
        eval(&files, "var.partner ? [\"partner:analytics:view\"] : []"),
        list(&["partner:analytics:view"])
    );
    assert_eq!(eval(&files, "!var.partner ? \"a\" : \"b\""), s("b"));
    assert_eq!(eval(&files, "1 > 2 ? \"a\" : \"b\""), s("b"));
    assert_eq!(eval(&files, "var.unset ? \"a\" : \"b\""), Value::Unknown);
}

#[test]
fn templates() {
    let files = [file(
        "m/variables.tf",
        r#"
variable "kind" {
  default = "view"
}
variable "unset" {}
"#,
    )];
    assert_eq!(
        eval(&files, "\"analytics:${var.kind}\""),
        s("analytics:view")
    );
    assert_eq!(eval(&files, "\"analytics:${var.unset}\""), Value::Unknown);
    assert_eq!(
        eval(&files, "\"a:${data.x.y.id}\""),
        Value::Unknown,
        "a data source in a template is unknown"
    );
}

#[test]
fn for_each_instances_keep_types() {
    let f = file(
        "m/main.tf",
        r#"
variable "clients" {
  type = map(object({ scopes = list(string) }))
  default = {
    a = { scopes = [] }
    b = { scopes = ["x"] }
  }
}
resource "genesyscloud_oauth_client" "c" {
  for_each = var.clients
  name     = each.key
}
"#,
    );
    let refs = [&f];
    let module = Module::build(PathBuf::from("m"), "m".into(), &refs);
    let inputs = root_inputs(&module, &[]);
    let env = Env::new(&module, &inputs);
    let body = &module.resources[0].block.body;
    let inst = super::instances::instances(&env, body, 64);
    assert_eq!(inst.len(), 2);
    let holder = file(
        "m/e.tf",
        "x = each.value.scopes == []\ny = length(each.value.scopes)\n",
    );
    let b = holder.body.as_ref().expect("body");
    let x = &b.attribute("x").expect("x").value;
    let y = &b.attribute("y").expect("y").value;
    // A list(string) is never equal to the empty tuple `[]` (Terraform: false).
    assert_eq!(env.eval(x, &inst[0]).value, Value::Bool(false));
    assert_eq!(env.eval(y, &inst[1]).value, Value::Number(1.0));
}

#[test]
fn resource_references_stay_unknown_with_their_address() {
    let f = file("m/main.tf", "locals {}\n");
    let refs = [&f];
    let module = Module::build(PathBuf::from("m"), "m".into(), &refs);
    let inputs = root_inputs(&module, &[]);
    let env = Env::new(&module, &inputs);
    let holder = file("m/e.tf", "x = genesyscloud_auth_role.admin.id\n");
    let x = &holder
        .body
        .as_ref()
        .expect("body")
        .attribute("x")
        .expect("x")
        .value;
    match env.eval(x, &[]).typed {
        super::Val::Unknown(_, Some(why)) => assert_eq!(
            *why,
            super::cty::Why::Reference("genesyscloud_auth_role.admin.id".into())
        ),
        other => panic!("expected an unknown with provenance, got {other:?}"),
    }
}
