//! Control characters never reach a text report raw: a file name, value or
//! rule message could otherwise start a new line (`::error ...` in a CI log,
//! a forged `+++` diff header), move the cursor or recolour a terminal, and
//! XML 1.0 cannot hold most of them at all.

use std::borrow::Cow;
use std::sync::Arc;

use crate::diag::Report;
use crate::source::SourceFile;

/// Characters that are shown as `\u{..}`: C0 and C1 controls, DEL, the line
/// and paragraph separators and the bidirectional overrides (which reorder
/// what a reviewer sees). Tab is kept.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character written as `\u{XX}`.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`escape`] but keeps line breaks: for multi-line help text.
pub fn escape_keep_lines(s: &str) -> String {
    s.split('\n')
        .map(|l| match l.strip_suffix('\r') {
            Some(body) => format!("{}\r", escape(body)),
            None => escape(l).into_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Source text for snippets: unsafe characters replaced by `?` byte for byte,
/// so that every span into the text stays valid. Line breaks stay.
pub fn snippet_text(text: &str) -> Cow<'_, str> {
    let keep = |c: char, next: Option<char>| {
        c == '\n' || (c == '\r' && next == Some('\n')) || !is_unsafe(c)
    };
    let mut it = text.chars().peekable();
    let mut clean = true;
    while let Some(c) = it.next() {
        if !keep(c, it.peek().copied()) {
            clean = false;
            break;
        }
    }
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        if keep(c, it.peek().copied()) {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        }
    }
    Cow::Owned(out)
}

fn arc(s: &str) -> Arc<str> {
    Arc::from(escape(s).as_ref())
}

/// A copy of `report` safe for text and XML formats: every name, path and
/// message escaped, snippet text neutralised (offsets unchanged).
pub fn sanitize(report: &Report) -> Report {
    let mut r = report.clone();
    for d in &mut r.diagnostics {
        d.message = escape(&d.message).into_owned();
        d.help = d.help.as_deref().map(escape_keep_lines);
        d.name = escape(&d.name).into_owned();
        d.code = escape(&d.code).into_owned();
        d.resource = d.resource.as_deref().map(|s| escape(s).into_owned());
        d.location.file = arc(&d.location.file);
        for rel in &mut d.related {
            rel.message = escape(&rel.message).into_owned();
            rel.location.file = arc(&rel.location.file);
        }
    }
    for e in &mut r.errors {
        e.message = escape(&e.message).into_owned();
        e.file = e.file.as_deref().map(|s| escape(s).into_owned());
    }
    for s in &mut r.secrets {
        s.file = arc(&s.file);
    }
    r.sources = r
        .sources
        .iter()
        .map(|s| {
            let path = escape(&s.path);
            let text = snippet_text(&s.text);
            if matches!((&path, &text), (Cow::Borrowed(_), Cow::Borrowed(_))) {
                s.clone()
            } else {
                SourceFile::new(path.as_ref(), text.as_ref())
            }
        })
        .collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_tabs_kept() {
        assert_eq!(
            escape("a\nb\tc\u{1b}[31m\u{202e}"),
            "a\\u{a}b\tc\\u{1b}[31m\\u{202e}"
        );
        assert!(matches!(escape("plain ü"), Cow::Borrowed(_)));
    }

    #[test]
    fn line_breaks_are_kept_where_asked() {
        assert_eq!(escape_keep_lines("a\r\nb\u{1b}\nc"), "a\r\nb\\u{1b}\nc");
    }

    #[test]
    fn snippet_text_keeps_offsets() {
        let t = "a = \"\u{1b}x\u{85}\"\r\nb\r";
        let s = snippet_text(t);
        assert_eq!(s.len(), t.len());
        assert_eq!(s, "a = \"?x??\"\r\nb?");
    }
}
