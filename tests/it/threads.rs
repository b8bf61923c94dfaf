//! Parallelism must not change the output: on a generated tree of ~30
//! modules with findings, `-j 1`, `-j 2` and `-j 4` print byte-identical JSON
//! and human reports. Also: `--stats` reports on stderr only.

use std::path::Path;
use std::process::Output;

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

/// A shared local module that makes an OAuth client from its inputs.
const SHARED: &str = r#"variable "scopes" {
  type = list(string)
}

variable "org" {
  type    = string
  default = null
}

resource "genesyscloud_oauth_client" "this" {
  name                  = "shared"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = var.scopes
  organization_id       = var.org
}
"#;

/// Writes 30 root modules (each with findings of several rules, some calling
/// a shared module, some with `count`/`for_each`) and returns the number of
/// files written.
fn generate(root: &Path) -> usize {
    let mut files = 0;
    write(&root.join("modules/shared/main.tf"), SHARED);
    files += 1;
    for i in 0..30 {
        let d = root.join(format!("stacks/s{i:02}"));
        let version = match i % 3 {
            0 => "",
            1 => "\n      version = \"1.0.0\"",
            _ => "\n      version = \"~> 1.50\"",
        };
        write(
            &d.join("versions.tf"),
            &format!(
                "terraform {{\n  required_providers {{\n    genesyscloud = {{\n      source = \"mypurecloud/genesyscloud\"{version}\n    }}\n  }}\n}}\n"
            ),
        );
        write(
            &d.join("variables.tf"),
            &format!(
                "variable \"org\" {{\n  type    = string\n  default = \"{}\"\n}}\n\nvariable \"extra\" {{\n  type    = list(string)\n  default = [\"analytics:readonly\"]\n}}\n",
                if i % 2 == 0 { "not-a-uuid" } else { "3fa85f64-5717-4562-b3fc-2c963f66afa6" }
            ),
        );
        let mut main = String::new();
        for c in 0..3 {
            main.push_str(&format!(
                "resource \"genesyscloud_oauth_client\" \"c{c}\" {{\n  name                  = \"s{i}-c{c}\"\n  authorized_grant_type = \"CLIENT-CREDENTIALS\"\n  scopes                = concat([\"analytics:conversationDetail:view\"], var.extra)\n{}}}\n\n",
                if c == 0 { "" } else { "  organization_id       = var.org\n" }
            ));
        }
        main.push_str(&format!(
            "resource \"genesyscloud_oauth_client\" \"counted\" {{\n  count                 = {}\n  name                  = \"s{i}-n${{count.index}}\"\n  authorized_grant_type = \"CLIENT-CREDENTIALS\"\n  scopes                = [\"partner:analytics:view\"]\n}}\n\n",
            i % 4
        ));
        if i % 2 == 1 {
            main.push_str(
                "module \"shared\" {\n  source   = \"../../modules/shared\"\n  for_each = toset([\"a\", \"b\"])\n  scopes   = [\"analytics:readonly\", each.key]\n  org      = var.org\n}\n",
            );
        }
        write(&d.join("main.tf"), &main);
        files += 3;
    }
    files
}

fn run(dir: &Path, args: &[&str]) -> Output {
    crate::support::exec(&crate::support::Exec {
        env: &[("NO_COLOR", Some("1"))],
        ..crate::support::Exec::new(dir, args)
    })
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().expect("temp dir");
    generate(tmp.path());
    for format in ["json", "human"] {
        let outs: Vec<(String, Output)> = ["1", "2", "4"]
            .iter()
            .map(|j| {
                let o = run(tmp.path(), &["check", ".", "--format", format, "-j", j]);
                (j.to_string(), o)
            })
            .collect();
        let (_, first) = &outs[0];
        let text = String::from_utf8_lossy(&first.stdout);
        // The tree has findings of several rules; an empty report would make
        // the comparison meaningless.
        for code in ["GC001", "GC002", "GC004"] {
            assert!(text.contains(code), "{format} output lacks {code}:\n{text}");
        }
        assert_eq!(first.status.code(), Some(1), "findings exit with 1");
        for (j, o) in &outs[1..] {
            assert_eq!(
                o.stdout, first.stdout,
                "--format {format}: -j {j} differs from -j 1"
            );
            assert_eq!(o.status.code(), first.status.code(), "-j {j} exit code");
        }
    }
}

#[test]
fn stats_go_to_stderr_and_leave_stdout_alone() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let files = generate(tmp.path());
    let plain = run(tmp.path(), &["check", ".", "--format", "json"]);
    let with = run(tmp.path(), &["check", ".", "--format", "json", "--stats"]);
    assert_eq!(plain.stdout, with.stdout, "--stats changed stdout");
    assert_eq!(plain.status.code(), with.status.code());
    assert!(
        plain.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let err = String::from_utf8_lossy(&with.stderr);
    let bytes: usize = walk_bytes(tmp.path());
    // 30 stacks plus the shared module; 15 stacks call it twice (for_each)
    // with the shared module as their child: 30 + 15 * 2 instances.
    for field in [
        format!("{files} files"),
        "31 modules".to_string(),
        format!("{bytes} bytes"),
        "60 module instances".to_string(),
        "discover ".into(),
        "parse ".into(),
        "evaluate ".into(),
        "rules ".into(),
        "report ".into(),
    ] {
        assert!(err.contains(&field), "stderr lacks `{field}`:\n{err}");
    }
    assert!(err.starts_with("cxlint stats: "), "{err}");
}

fn walk_bytes(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            n += walk_bytes(&p);
        } else {
            n += std::fs::metadata(&p).map(|m| m.len() as usize).unwrap_or(0);
        }
    }
    n
}
