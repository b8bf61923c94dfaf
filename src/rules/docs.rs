//! Rule documentation rendered from the rule files: `cxlint explain`,
//! `docs/rules/*.md`, SARIF help and the README table all come from here.

use super::{Registry, Rule};

/// The full markdown documentation of a rule.
pub fn markdown(rule: &Rule) -> String {
    let d = &rule.def;
    let mut s = format!(
        "# {} {}\n\nSeverity: **{}** (default). {}\n\n## What it does\n\n{}\n\n## Why is this bad?\n\n{}\n\n## Example\n\n```hcl\n{}\n```\n\n## Use instead\n\n```hcl\n{}\n```\n",
        d.code,
        d.name,
        d.severity,
        d.summary.trim_end_matches('.').to_string() + ".",
        d.docs.what.trim(),
        d.docs.why.trim(),
        d.docs.example.trim(),
        d.docs.use_instead.trim(),
    );
    if let Some(n) = &d.docs.notes {
        s.push_str("\n## Notes\n\n");
        s.push_str(n.trim());
        s.push('\n');
    }
    if !d.options.is_empty() {
        s.push_str("\n## Options\n\nSet in `.cxlint.hcl`:\n\n```hcl\nrule \"");
        s.push_str(&d.code);
        s.push_str("\" {\n");
        for (k, v) in &d.options {
            s.push_str(&format!("  {k} = {}\n", render_value(v)));
        }
        s.push_str("}\n```\n");
    }
    s
}

fn render_value(v: &hcl::Value) -> String {
    match v {
        hcl::Value::String(s) => format!("{s:?}"),
        hcl::Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(render_value)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// The README's rule table (between the generated-table markers).
pub fn readme_table(reg: &Registry) -> String {
    let mut s =
        String::from("| code | name | severity | what it finds |\n| --- | --- | --- | --- |\n");
    for r in &reg.rules {
        s.push_str(&format!(
            "| [{}](docs/rules/{}.md) | `{}` | {} | {} |\n",
            r.def.code, r.def.code, r.def.name, r.def.severity, r.def.summary
        ));
    }
    s
}
