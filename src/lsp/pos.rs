//! LSP positions: 0-based lines and a column counted in the negotiated
//! encoding (UTF-16 code units unless the client offered UTF-8 or UTF-32).
//! The engine speaks byte offsets; everything crosses over here.

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The server's choice among what the client offers: UTF-8 first (the
    /// engine's own unit, so no counting), then UTF-32, else the mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or(&[]);
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Where each line starts in a text. Lines end at `\n` (a `\r` before it is
/// part of the line's end, never counted as a column a client could address).
/// `T` is a `&str` or an owned text (`Arc<str>`) kept with its index.
pub struct LineIndex<T: AsRef<str>> {
    text: T,
    starts: Vec<usize>,
}

impl<T: AsRef<str>> LineIndex<T> {
    pub fn new(text: T) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.as_ref()
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The LSP position of byte `offset` (clamped, snapped back to a char boundary).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let text = self.text.as_ref();
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col: usize = text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(|c| enc.units(c))
            .sum();
        Position::new(to_u32(line), to_u32(col))
    }

    pub fn range(&self, span: &Range<usize>, enc: Encoding) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(span.start, enc),
            self.position(span.end.max(span.start), enc),
        )
    }

    /// The byte offset of an LSP position. A line past the end is the end
    /// of the text; a column past the end of its line (or inside a
    /// character) is the nearest boundary before it, as LSP asks.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let text = self.text.as_ref();
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or("");
        let line = line.trim_end_matches('\n').trim_end_matches('\r');
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let next = units + enc.units(c);
            if next > want {
                return start + i;
            }
            units = next;
        }
        start + line.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_encoding() {
        // "😀" is 4 UTF-8 bytes, 2 UTF-16 units, 1 scalar.
        let text = "a\n# 😀 x = 1\r\nz";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.position(x, Encoding::Utf8), Position::new(1, 7));
        assert_eq!(idx.position(x, Encoding::Utf16), Position::new(1, 5));
        assert_eq!(idx.position(x, Encoding::Utf32), Position::new(1, 4));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(idx.offset(idx.position(x, enc), enc), x);
        }
        // Inside the emoji's UTF-16 pair: the boundary before it.
        assert_eq!(idx.offset(Position::new(1, 3), Encoding::Utf16), 4);
        // Past the end of a CRLF line: before the `\r`.
        assert_eq!(
            idx.offset(Position::new(1, 99), Encoding::Utf16),
            text.find('\r').unwrap_or(0)
        );
        assert_eq!(idx.offset(Position::new(9, 0), Encoding::Utf16), text.len());
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF32, K::UTF16])),
            Encoding::Utf32
        );
    }
}
