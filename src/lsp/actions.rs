//! Code actions (quick fixes, fix all, suppressions) and hover.

// `WorkspaceEdit` is keyed by `Uri`, whose hash and equality are those of
// its string; the cell clippy sees inside is a lazily parsed view.
#![allow(clippy::mutable_key_type)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::convert;
use super::pos::{Encoding, LineIndex};
use super::workspace::{Found, Outcome, Workspace};
use crate::diag::{Diagnostic, Report};
use crate::parse::FileKind;
use crate::syntax::{Body, Structure};

pub const FIX_ALL: &str = "source.fixAll.cxlint";

/// Codes that cannot be suppressed, or where a suppression makes no sense.
const NOT_SUPPRESSIBLE: &[&str] = &["CX001", "CX002", "CX003", "CX006", "CX007"];

fn intersects(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|o| {
        o.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        })
    })
}

/// Every action for `range` of the document at `path`.
pub fn code_actions(
    ws: &Workspace,
    path: &Path,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let hits: Vec<(&Outcome, &Found)> = ws
        .found_in(path)
        .filter(|(_, f)| f.diag.is_some() && intersects(&f.lsp.range, &range))
        .collect();
    for (o, f) in &hits {
        let Some(d) = &f.diag else { continue };
        if wants(only, &CodeActionKind::QUICKFIX) {
            out.extend(quick_fix(ws, o, f, d).map(CodeActionOrCommand::CodeAction));
            out.extend(
                suppressions(ws, o, path, f, d)
                    .into_iter()
                    .map(CodeActionOrCommand::CodeAction),
            );
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    if wants(only, &fix_all) {
        out.extend(fix_all_action(ws, path).map(CodeActionOrCommand::CodeAction));
    }
    out
}

/// The text a file had when its outcome was linted.
fn text_for(ws: &Workspace, o: &Outcome, path: &Path) -> Option<Arc<str>> {
    o.texts
        .get(path)
        .cloned()
        .or_else(|| ws.docs.get(path).map(|d| Arc::from(d.text.as_str())))
        .or_else(|| std::fs::read_to_string(path).ok().map(Arc::from))
}

fn quick_fix(ws: &Workspace, o: &Outcome, f: &Found, d: &Diagnostic) -> Option<CodeAction> {
    let fix = d.fix.as_ref()?;
    // The same checks as `--fix`: a fix into a broken file, or one whose
    // edits clash, is not offered.
    let report = Report {
        diagnostics: vec![d.clone()],
        ..Report::default()
    };
    let read =
        |file: &str| text_for(ws, o, &convert::abs_path(&o.cwd, file)).map(|t| t.to_string());
    if crate::fix::plan(&report, &read).files.is_empty() {
        return None;
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for e in &fix.edits {
        let path = convert::abs_path(&o.cwd, &e.location.file);
        let text = text_for(ws, o, &path)?;
        let range = LineIndex::new(&text).range(&e.location.span, ws.enc);
        let edit = TextEdit::new(range, e.replacement.clone());
        let list = changes.entry(ws.uri_of(&path)?).or_default();
        if !list.contains(&edit) {
            list.push(edit);
        }
    }
    Some(CodeAction {
        title: format!("{}: {}", d.code, fix.description),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![f.lsp.clone()]),
        edit: Some(WorkspaceEdit::new(changes)),
        is_preferred: Some(true),
        ..CodeAction::default()
    })
}

/// Every safe fix of the document at once, exactly as `--fix` would write it.
fn fix_all_action(ws: &Workspace, path: &Path) -> Option<CodeAction> {
    let (o, _) = ws
        .found_in(path)
        .find(|(_, f)| f.diag.as_ref().is_some_and(|d| d.fix.is_some()))?;
    let report = Report {
        diagnostics: o
            .files
            .get(path)?
            .iter()
            .filter_map(|f| f.diag.clone())
            .collect(),
        ..Report::default()
    };
    let read =
        |file: &str| text_for(ws, o, &convert::abs_path(&o.cwd, file)).map(|t| t.to_string());
    let plan = crate::fix::plan(&report, &read);
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for ff in &plan.files {
        let p = convert::abs_path(&o.cwd, &ff.file);
        changes
            .entry(ws.uri_of(&p)?)
            .or_default()
            .push(minimal_edit(&ff.original, &ff.fixed, ws.enc));
    }
    if changes.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: "Fix all cxlint problems".into(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(WorkspaceEdit::new(changes)),
        ..CodeAction::default()
    })
}

/// One edit replacing only what differs between two texts, so the editor
/// keeps the cursor and folds outside it.
pub fn minimal_edit(old: &str, new: &str, enc: Encoding) -> TextEdit {
    let mut pre = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    let range = LineIndex::new(old).range(&(pre..old.len() - suf), enc);
    TextEdit::new(range, new[pre..new.len() - suf].to_string())
}

fn suppressions(
    ws: &Workspace,
    o: &Outcome,
    path: &Path,
    f: &Found,
    d: &Diagnostic,
) -> Vec<CodeAction> {
    let kind = path
        .file_name()
        .and_then(|n| FileKind::from_name(&n.to_string_lossy()));
    if NOT_SUPPRESSIBLE.contains(&d.code.as_str()) || kind.is_none_or(|k| k.is_json()) {
        return Vec::new();
    }
    let (Some(kind), Some(text), Some(uri)) = (kind, text_for(ws, o, path), ws.uri_of(path)) else {
        return Vec::new();
    };
    let Ok(body) = crate::parse::parse(kind, &text) else {
        return Vec::new();
    };
    let idx = LineIndex::new(&text);
    let mut out = Vec::new();
    let mut action = |title: String, at: usize, insert: String| {
        let pos = idx.position(at, ws.enc);
        let edit = TextEdit::new(Range::new(pos, pos), insert);
        out.push(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![f.lsp.clone()]),
            edit: Some(WorkspaceEdit::new(HashMap::from([(
                uri.clone(),
                vec![edit],
            )]))),
            ..CodeAction::default()
        });
    };
    let start = d.location.span.start;
    let line_end = text[start.min(text.len())..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(text.len());
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    if line_has_suffix_slot(&body, start, line_end, &text) {
        action(
            format!("Suppress {} on this line", d.code),
            line_end,
            format!("  # cxlint-ignore: {}", d.code),
        );
    }
    if let Some((s, is_block)) = body
        .items
        .iter()
        .map(span_of)
        .find(|(s, _)| s.start <= start && start <= s.end)
    {
        let line_start = text[..s.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let indent: String = text[line_start..s.start]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let what = if is_block { "block" } else { "attribute" };
        action(
            format!("Suppress {} for this {what}", d.code),
            line_start,
            format!("{indent}# cxlint-ignore: {}\n", d.code),
        );
    }
    out
}

fn span_of(s: &Structure) -> (std::ops::Range<usize>, bool) {
    match s {
        Structure::Attribute(a) => (a.span.clone(), false),
        Structure::Block(b) => (b.span.clone(), true),
    }
}

/// Whether a comment at the end of the line from `start` to `line_end` is
/// read as a suppression for that line: it must follow an attribute that
/// ends on the line. (After a block's `{` or `}` the engine does not read
/// it reliably, so it is never offered there.)
fn line_has_suffix_slot(body: &Body, start: usize, line_end: usize, text: &str) -> bool {
    let line_start = text[..start.min(text.len())]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let on_line = |off: usize| line_start <= off && off <= line_end;
    fn walk(body: &Body, f: &dyn Fn(usize) -> bool) -> bool {
        body.items.iter().any(|s| match s {
            Structure::Attribute(a) => f(a.span.end),
            Structure::Block(b) => walk(&b.body, f),
        })
    }
    walk(body, &on_line)
}

/// The rule's summary and help for the findings under `pos`.
pub fn hover(ws: &mut Workspace, path: &Path, pos: Position) -> Option<Hover> {
    let diags: Vec<(Diagnostic, Range)> = ws
        .found_in(path)
        .filter(|(_, f)| f.lsp.range.start <= pos && pos <= f.lsp.range.end)
        .filter_map(|(_, f)| Some((f.diag.clone()?, f.lsp.range)))
        .collect();
    let (_, first_range) = diags.first()?.clone();
    let dir = path.parent()?.to_path_buf();
    let registry = &ws.settings.for_dir(&dir).registry;
    let mut parts: Vec<String> = Vec::new();
    for (d, _) in &diags {
        let head = format!("**{}** `{}`", d.code, d.name);
        let text = match registry.find(&d.code) {
            Some(r) => {
                let info = r.info();
                format!("{head}: {}\n\n{}", info.summary, info.help)
            }
            None => match &d.help {
                Some(h) => format!("{head}\n\n{h}"),
                None => head,
            },
        };
        let more = format!(
            "\n\nRun `cxlint explain {}` for the full documentation.",
            d.code
        );
        if !parts.iter().any(|p| p.starts_with(&text)) {
            parts.push(text + &more);
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: Some(first_range),
    })
}
