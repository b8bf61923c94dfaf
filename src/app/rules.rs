//! `cxlint rules` and `cxlint explain`: core codes and rules alike.

use super::{cwd, setup, EXIT_OK};
use crate::cli::RulesArgs;
use crate::diag::Severity;
use crate::error::Fatal;
use crate::rules::core::Core;

struct Row {
    code: String,
    name: String,
    severity: Severity,
    enabled: bool,
    summary: String,
}

pub fn list(args: RulesArgs) -> Result<i32, Fatal> {
    let cwd = cwd()?;
    let (registry, config) = setup(args.config.as_ref(), &args.rules_dirs, &cwd)?;
    let setting = |code: &str, name: &str, default: Severity| {
        let s = config.settings(code, name);
        (
            s.and_then(|s| s.severity).unwrap_or(default),
            s.and_then(|s| s.enabled).unwrap_or(true),
        )
    };
    let core = Core::ALL.iter().map(|c| {
        let i = c.info();
        let (severity, enabled) = setting(i.code, i.name, i.severity);
        Row {
            code: i.code.into(),
            name: i.name.into(),
            severity,
            enabled: enabled || !i.can_disable,
            summary: i.summary.into(),
        }
    });
    let rules = registry.rules.iter().map(|r| {
        let (severity, enabled) = setting(&r.def.code, &r.def.name, r.def.severity);
        Row {
            code: r.def.code.clone(),
            name: r.def.name.clone(),
            severity,
            enabled,
            summary: r.def.summary.clone(),
        }
    });
    let rows: Vec<Row> = core.chain(rules).collect();
    if args.format == "json" {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "enabled": r.enabled, "summary": r.summary})
            })
            .collect();
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        super::write_stdout(format!("{text}\n").as_bytes())?;
    } else {
        use std::fmt::Write as _;
        let w = rows.iter().map(|r| r.name.len()).max().unwrap_or(4);
        let mut out = format!(
            "{:<6} {:<w$} {:<8} {:<7} SUMMARY\n",
            "CODE", "NAME", "SEVERITY", "ENABLED"
        );
        for r in rows {
            let _ = writeln!(
                out,
                "{:<6} {:<w$} {:<8} {:<7} {}",
                r.code,
                r.name,
                r.severity.as_str(),
                if r.enabled { "yes" } else { "no" },
                crate::report::escape::escape(&r.summary)
            );
        }
        super::write_stdout(out.as_bytes())?;
    }
    Ok(EXIT_OK)
}

pub fn explain(
    key: &str,
    config: Option<&std::path::PathBuf>,
    rules_dirs: &[std::path::PathBuf],
) -> Result<i32, Fatal> {
    if let Some(c) = Core::find(key) {
        super::write_stdout(c.info().docs.as_bytes())?;
        return Ok(EXIT_OK);
    }
    let cwd = cwd()?;
    let (registry, _) = setup(config, rules_dirs, &cwd)?;
    match registry.find(key) {
        Some(r) => {
            let docs = crate::rules::docs::markdown(r);
            super::write_stdout(crate::report::escape::escape_keep_lines(&docs).as_bytes())?;
            Ok(EXIT_OK)
        }
        None => Err(Fatal::UnknownRule(key.to_string())),
    }
}
