//! `--statistics`: how many findings each code has, and whether `--fix` can
//! repair them (ruff's `--statistics`).

use serde::Serialize;

use super::Context;
use crate::diag::Report;

#[derive(Debug, Serialize)]
pub struct Count {
    pub code: String,
    pub name: String,
    pub count: usize,
    pub fixable: bool,
}

/// One entry per code, most frequent first, then by code.
pub fn counts(report: &Report) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for d in &report.diagnostics {
        match out.iter_mut().find(|c| c.code == d.code) {
            Some(c) => {
                c.count += 1;
                c.fixable |= d.fix.is_some();
            }
            None => out.push(Count {
                code: d.code.clone(),
                name: d.name.clone(),
                count: 1,
                fixable: d.fix.is_some(),
            }),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    out
}

/// The human form: `COUNT  CODE  name  [*]`, one line per code, then the
/// run errors (they still decide the exit code).
pub(super) fn render(cx: &Context) -> String {
    let counts = counts(cx.report);
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for c in &counts {
        out.push_str(&format!(
            "{:>width$}  {:<6} {}{}\n",
            c.count,
            c.code,
            c.name,
            if c.fixable { "  [*] fixable" } else { "" }
        ));
    }
    for e in &cx.report.errors {
        let place = e.file.as_deref().unwrap_or("cxlint");
        out.push_str(&format!("error: {place}: {}\n", cx.text(&e.message)));
    }
    out
}
