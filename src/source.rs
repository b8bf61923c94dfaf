//! Source text and positions: byte spans to 1-based line/column (Unicode scalar values).

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

/// A position in a file: 1-based line and column (counted in Unicode scalar
/// values), 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A range in a file; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextRange {
    pub start: Pos,
    pub end: Pos,
}

/// One input file's text with a line index. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display path: relative to the working directory when below it, `/` separators.
    pub path: Arc<str>,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts: starts.into(),
        }
    }

    /// The position of byte `offset` (clamped to the text and to a char boundary).
    /// A leading UTF-8 byte order mark is not counted as a column (editors do
    /// not show it); offsets still count its 3 bytes.
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map(|s| match s.strip_prefix('\u{FEFF}') {
                Some(rest) if line_start == 0 => rest.chars().count(),
                _ => s.chars().count(),
            })
            .unwrap_or(0)
            + 1;
        Pos {
            line: line_idx + 1,
            column,
            offset,
        }
    }

    /// The 0-based number of the line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn range(&self, span: Range<usize>) -> TextRange {
        TextRange {
            start: self.pos(span.start),
            end: self.pos(span.end.max(span.start)),
        }
    }

    /// Text of the line holding `offset`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_lines() {
        let f = SourceFile::new("a.tf", "ab\r\nçd = 1\n");
        assert_eq!(
            f.pos(0),
            Pos {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        let p = f.pos(4);
        assert_eq!((p.line, p.column), (2, 1));
        // 'ç' is two bytes: 'd' is column 2 at offset 6.
        let p = f.pos(6);
        assert_eq!((p.line, p.column, p.offset), (2, 2, 6));
        assert_eq!(f.line_text(1), "ab");
        assert_eq!(f.line_text(2), "çd = 1");
    }

    #[test]
    fn offsets_inside_a_char_snap_back() {
        let f = SourceFile::new("a.tf", "ç");
        assert_eq!(f.pos(1).offset, 0);
        assert_eq!(f.pos(99).offset, 2);
    }

    #[test]
    fn a_leading_bom_is_not_a_column() {
        let f = SourceFile::new("a.tf", "\u{FEFF}ab\n\u{FEFF}c");
        let p = f.pos(3);
        assert_eq!((p.line, p.column, p.offset), (1, 1, 3));
        assert_eq!(f.pos(4).column, 2);
        // Only at the start of the file: elsewhere U+FEFF is a character.
        let p = f.pos(9);
        assert_eq!((p.line, p.column, p.offset), (2, 2, 9));
    }
}
