//! A synthetic report that exercises every part of every format, for the
//! emitters' snapshot tests and the SARIF validator test.

use crate::diag::{
    Diagnostic, Edit, Fix, Location, Related, Report, RuleInfo, RunError, Severity, Summary,
};
use crate::source::SourceFile;

/// The value of the secret in [`sample_report`]; no output may contain it.
pub const SECRET: &str = "Sup3r-S3cret-Value";

const MAIN_TF: &str = r#"provider "genesyscloud" {
  oauthclient_id     = var.client_id
  oauthclient_secret = "Sup3r-S3cret-Value"
}

locals {
  analytics_scopes = ["analytics:view"]
}

resource "genesyscloud_oauth_client" "partner_analytics" {
  name                          = "Partner analytics – Zürich"
  scopes                        = local.analytics_scopes
  access_token_validity_seconds = 86400
}
"#;

const MODULE_TF: &str = r#"variable "scopes" {
  type    = list(string)
  default = ["analytics:view", "partner:analytics:view"]
}

output "client_id" {
  value == genesyscloud_oauth_client.this.id
}
"#;

fn span_of(file: &SourceFile, needle: &str) -> std::ops::Range<usize> {
    let start = file
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", file.path));
    start..start + needle.len()
}

fn loc(file: &SourceFile, needle: &str) -> Location {
    Location::new(file, span_of(file, needle))
}

fn rule(code: &str, name: &str, severity: Severity, summary: &str, help: &str) -> RuleInfo {
    RuleInfo {
        code: code.into(),
        name: name.into(),
        severity,
        summary: summary.into(),
        help: help.into(),
        docs: format!(
            "## What it does\n\n{summary}.\n\n## Why is this bad?\n\nSee the Genesys Cloud docs.\n\n## Fix\n\n{help}.\n"
        ),
        url: format!("https://docs.example.com/cxlint/{code}"),
    }
}

/// Two files; an error with help, url, resource, related locations (same
/// file and other file) and a fix; a warning on a secret; an info; a syntax
/// error (CX001); two run errors. `envs/prod east/` has a space, to test URIs.
pub fn sample_report() -> Report {
    let main = SourceFile::new("envs/prod east/main.tf", MAIN_TF);
    let module = SourceFile::new("modules/client/main.tf", MODULE_TF);

    let scopes_attr = loc(
        &main,
        "scopes                        = local.analytics_scopes",
    );
    let local_value = loc(&main, r#"["analytics:view"]"#);
    let gc001 = Diagnostic {
        code: "GC001".into(),
        name: "oauth-client-missing-partner-scope".into(),
        severity: Severity::Error,
        message: "OAuth client grants `analytics:view` but not `partner:analytics:view`".into(),
        help: Some("add \"partner:analytics:view\" to `scopes`".into()),
        location: scopes_attr,
        resource: Some("genesyscloud_oauth_client.partner_analytics".into()),
        related: vec![
            Related {
                location: loc(&main, r#"analytics_scopes = ["analytics:view"]"#),
                message: "the scopes are set here".into(),
            },
            Related {
                location: loc(
                    &module,
                    r#"default = ["analytics:view", "partner:analytics:view"]"#,
                ),
                message: "the module's client grants both <scopes> & more".into(),
            },
        ],
        url: Some("https://docs.example.com/cxlint/GC001".into()),
        fix: Some(Fix {
            description: "add `partner:analytics:view` to the scopes".into(),
            edits: vec![Edit {
                location: local_value,
                replacement: r#"["analytics:view", "partner:analytics:view"]"#.into(),
            }],
        }),
    };
    let gc005 = Diagnostic {
        code: "GC005".into(),
        name: "hardcoded-oauth-client-secret".into(),
        severity: Severity::Warning,
        message: "`oauthclient_secret` is set to a literal value".into(),
        help: Some(
            "read it from the `GENESYSCLOUD_OAUTHCLIENT_SECRET` environment variable & rotate it"
                .into(),
        ),
        location: loc(&main, r#"oauthclient_secret = "Sup3r-S3cret-Value""#),
        resource: None,
        related: vec![],
        url: Some("https://docs.example.com/cxlint/GC005".into()),
        fix: None,
    };
    let gc007 = Diagnostic {
        code: "GC007".into(),
        name: "long-token-lifetime".into(),
        severity: Severity::Info,
        message: "`access_token_validity_seconds` is 86400, the longest allowed".into(),
        help: None,
        location: loc(&main, "86400"),
        resource: Some("genesyscloud_oauth_client.partner_analytics".into()),
        related: vec![],
        url: None,
        fix: None,
    };
    let cx001 = Diagnostic {
        code: crate::rules::core::Core::SyntaxError.code().into(),
        name: crate::rules::core::Core::SyntaxError.info().name.into(),
        severity: Severity::Error,
        message: "unexpected `=`, expected an expression".into(),
        help: None,
        location: Location::new(&module, {
            let s = span_of(&module, "==");
            s.start + 1..s.end
        }),
        resource: None,
        related: vec![],
        url: None,
        fix: None,
    };
    let secret = loc(&main, SECRET);

    let mut report = Report {
        diagnostics: vec![gc005, gc001, gc007, cx001],
        errors: vec![
            RunError {
                file: Some(".cxlint.hcl".into()),
                line: Some(3),
                message:
                    "unknown key `severty` in rule \"GC003\" (expected <enabled> & <severity>)"
                        .into(),
            },
            RunError {
                file: Some("envs/prod east/broken.tf".into()),
                line: None,
                message: "cannot read: permission denied (os error 13)".into(),
            },
        ],
        summary: Summary {
            files: 4,
            modules: 2,
            ..Summary::default()
        },
        sources: vec![main, module],
        secrets: vec![secret],
        secret_texts: Vec::new(),
        rules: vec![
            crate::rules::core::Core::SyntaxError.rule_info(),
            rule(
                "GC001",
                "oauth-client-missing-partner-scope",
                Severity::Error,
                "An OAuth client for a partner integration lacks the partner scope",
                "add the `partner:` scope next to each scope it grants",
            ),
            rule(
                "GC002",
                "unused-rule",
                Severity::Warning,
                "A rule that did not fire",
                "nothing to do",
            ),
            rule(
                "GC005",
                "hardcoded-oauth-client-secret",
                Severity::Warning,
                "The provider's OAuth client secret is written in the configuration",
                "read the secret from the environment",
            ),
            rule(
                "GC007",
                "long-token-lifetime",
                Severity::Info,
                "An OAuth client's tokens live for the longest time allowed",
                "choose a shorter `access_token_validity_seconds`",
            ),
        ],
    };
    report.recount();
    report
}

/// A run that found nothing.
pub fn clean_report() -> Report {
    Report {
        summary: Summary {
            files: 4,
            modules: 2,
            ..Summary::default()
        },
        ..Report::default()
    }
}
