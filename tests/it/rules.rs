//! Every rule, enumerated from the registry: it has `fail` and `pass`
//! fixtures, a docs page and snapshots. Rules run in-process with only that
//! rule enabled (the CLI is tested separately); the failing output is frozen
//! as the user sees it (human) and as machines read it (JSON).

use std::path::Path;

use cxlint::config::Config;
use cxlint::diag::Report;
use cxlint::engine::{lint, LintOptions};
use cxlint::report::{render, Format, RenderOptions};
use cxlint::rules::Registry;

use crate::support::TEST_VERSION;

/// Lint `fixtures/CODE/KIND` in-process; `only`: just that rule.
pub fn lint_fixture(code: &str, kind: &str, only: bool) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry = Registry::embedded().expect("embedded rules");
    let config = Config::default();
    let opts = LintOptions {
        paths: vec![format!("fixtures/{code}/{kind}").into()],
        stdin: None,
        overlays: Vec::new(),
        var_files: Vec::new(),
        cwd: root.to_path_buf(),
        config: &config,
        registry: &registry,
        enable: Vec::new(),
        disable: Vec::new(),
        only: only.then(|| vec![code.to_string()]),
    };
    lint(&opts).0
}

/// The report as `--format FORMAT --color never` prints it.
pub fn rendered(report: &Report, format: Format) -> String {
    let opts = RenderOptions {
        tool_version: TEST_VERSION.into(),
        ..RenderOptions::default()
    };
    render(report, format, &opts)
}

#[test]
fn every_rule_has_fixtures_docs_and_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry = Registry::embedded().expect("embedded rules");
    assert!(!registry.rules.is_empty());
    for rule in &registry.rules {
        let code = rule.def.code.as_str();
        for kind in ["fail", "pass"] {
            let dir = root.join(format!("fixtures/{code}/{kind}"));
            assert!(
                dir.is_dir(),
                "{code}: no {kind} fixture at {}",
                dir.display()
            );
        }
        let page = root.join(format!("docs/rules/{code}.md"));
        assert!(page.is_file(), "{code}: no docs page at {}", page.display());

        let fail = lint_fixture(code, "fail", true);
        assert!(fail.errors.is_empty(), "{code} fail: {:?}", fail.errors);
        assert!(
            !fail.diagnostics.is_empty(),
            "{code}: fail fixture has no finding"
        );
        for d in &fail.diagnostics {
            assert_eq!(d.code, code, "{code} fail: unexpected {d:?}");
        }
        insta::assert_snapshot!(format!("{code}_fail_json"), rendered(&fail, Format::Json));
        insta::assert_snapshot!(format!("{code}_fail_human"), rendered(&fail, Format::Human));

        // Clean for its rule, alone and beside every other rule.
        for only in [true, false] {
            let pass = lint_fixture(code, "pass", only);
            let mine: Vec<_> = pass.diagnostics.iter().filter(|d| d.code == code).collect();
            assert!(mine.is_empty(), "{code} pass (only: {only}): {mine:?}");
        }
    }
}
