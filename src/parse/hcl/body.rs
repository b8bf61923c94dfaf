//! Bodies, attributes and blocks (newlines matter here).

use super::lexer::Tok;
use super::PResult;
use super::Parser;
use crate::syntax::{Attribute, Block, Body, Decor, Str, Structure};

impl Parser<'_> {
    /// Structures until the end of the file (`open` is None) or until the
    /// `}` closing the block opened at `open` (left for the caller).
    pub(super) fn body_items(&mut self, open: Option<usize>) -> PResult<Vec<Structure>> {
        let mark = self.structs.len();
        loop {
            let ws_start = self.pos;
            self.skip_all()?;
            let t = self.peek()?;
            match t.kind {
                Tok::Eof if open.is_none() => break,
                Tok::RBrace if open.is_some() => break,
                Tok::Ident => {}
                _ if open.is_some() => {
                    return Err(self.unexpected(t, "an attribute, a block or `}`"))
                }
                _ => return Err(self.unexpected(t, "an attribute or a block")),
            }
            let mut s = self.structure()?;
            let end = self.pos;
            self.skip_spaces()?;
            if matches!(self.byte(self.pos), b'#')
                || (self.byte(self.pos) == b'/' && self.byte(self.pos + 1) == b'/')
            {
                self.pos = self.line_comment_end(self.pos);
            }
            let suffix = self.decor(end, self.pos);
            match self.byte(self.pos) {
                b'\n' => self.pos += 1,
                b'\r' if self.byte(self.pos + 1) == b'\n' => self.pos += 2,
                _ if self.pos >= self.src.len() => {}
                _ => {
                    let t = self.peek()?;
                    let what = match s {
                        Structure::Attribute(_) => "a newline after the attribute",
                        Structure::Block(_) => "a newline after the block",
                    };
                    return Err(self.unexpected(t, what));
                }
            }
            let prefix = self.decor(ws_start, t.start);
            match &mut s {
                Structure::Attribute(a) => (a.prefix, a.suffix) = (prefix, suffix),
                Structure::Block(b) => (b.prefix, b.suffix) = (prefix, suffix),
            }
            self.structs.push(s);
        }
        self.no_redefined_attribute(&self.structs[mark..])?;
        Ok(super::take(&mut self.structs, mark))
    }

    /// Raw text between two offsets, unless it is only whitespace (what lies
    /// between structures is ASCII spaces, line endings and comments).
    fn decor(&self, start: usize, end: usize) -> Decor {
        let s = self.slice(start, end);
        if s.bytes().all(|b| b.is_ascii_whitespace()) {
            None
        } else {
            Some(Box::new((s.to_string(), start..end)))
        }
    }

    /// hclsyntax rejects an attribute set twice in one body.
    fn no_redefined_attribute(&self, items: &[Structure]) -> PResult<()> {
        if items.len() < 2 {
            return Ok(());
        }
        let attrs = || {
            items.iter().filter_map(|s| match s {
                Structure::Attribute(a) => Some((a.key.as_str(), a.key_span.start)),
                Structure::Block(_) => None,
            })
        };
        // Small bodies (nearly all): compare pairwise without allocating.
        let found = if items.len() <= 16 {
            attrs()
                .enumerate()
                .flat_map(|(i, (k, first))| {
                    attrs()
                        .skip(i + 1)
                        .find(|(k2, _)| *k2 == k)
                        .map(|(_, second)| (second, first, k))
                })
                .min()
        } else {
            let mut keys: Vec<(&str, usize)> = attrs().collect();
            keys.sort_unstable();
            keys.windows(2)
                .filter(|w| w[0].0 == w[1].0)
                .map(|w| (w[1].1, w[0].1, w[0].0))
                .min()
        };
        match found {
            None => Ok(()),
            Some((second, first, key)) => Err(self.error_related(
                second,
                &format!("attribute {key:?} is set twice; an argument may be set only once"),
                first,
                "first set here",
            )),
        }
    }

    /// An attribute or a block, from its identifier (the peeked token).
    fn structure(&mut self) -> PResult<Structure> {
        let id = self.bump()?;
        let ident = Str::from(self.slice(id.start, id.end));
        if self.peek_kind()? == Tok::Assign {
            self.bump()?;
            let value = self.expr()?;
            return Ok(Structure::Attribute(Attribute {
                key: ident,
                key_span: id.start..id.end,
                span: id.start..value.span.end,
                value,
                prefix: None,
                suffix: None,
            }));
        }
        let mut labels = Vec::new();
        loop {
            let t = self.peek()?;
            match t.kind {
                Tok::Ident => {
                    self.bump()?;
                    labels.push((Str::from(self.slice(t.start, t.end)), t.start..t.end));
                }
                Tok::OQuote => labels.push(self.label_string()?),
                Tok::LBrace => break,
                _ if labels.is_empty() => {
                    return Err(self.unexpected(t, "`=`, a block label or `{`"))
                }
                _ => return Err(self.unexpected(t, "a block label or `{`")),
            }
        }
        let open = self.bump()?.start;
        self.enter(open)?;
        self.opens.push((open, "block"));
        let items = self.grow(|p| p.block_contents(open))?;
        let close = self.expect(Tok::RBrace, "`}`")?;
        self.opens.pop();
        self.leave();
        let body_start = labels.last().map(|(_, s)| s.end).unwrap_or(id.end);
        Ok(Structure::Block(Block {
            ident,
            ident_span: id.start..id.end,
            labels,
            body: Body {
                items,
                span: body_start..close.end,
            },
            span: id.start..close.end,
            prefix: None,
            suffix: None,
        }))
    }

    /// After `{`: a multi-line body, an empty one, or a one-line block with
    /// a single attribute (`b { a = 1 }`), as hclsyntax allows.
    fn block_contents(&mut self, open: usize) -> PResult<Vec<Structure>> {
        let t = self.peek()?;
        match t.kind {
            Tok::Newline => {
                self.pos = t.end;
                self.body_items(Some(open))
            }
            Tok::RBrace => Ok(Vec::new()),
            Tok::Ident => {
                let after = self.pos;
                let Structure::Attribute(mut a) = self.one_line_attribute()? else {
                    return Err(self.error(t.start, "expected an attribute"));
                };
                let end = self.pos;
                self.skip_spaces()?;
                a.prefix = self.decor(after, t.start);
                a.suffix = self.decor(end, self.pos);
                let close = self.peek()?;
                if close.kind != Tok::RBrace {
                    return Err(
                        self.unexpected(close, "`}` (a one-line block holds a single attribute)")
                    );
                }
                Ok(vec![Structure::Attribute(a)])
            }
            _ => Err(self.unexpected(t, "a newline, an attribute or `}`")),
        }
    }

    fn one_line_attribute(&mut self) -> PResult<Structure> {
        let id = self.bump()?;
        self.expect(
            Tok::Assign,
            "`=` (a one-line block holds a single attribute, no nested block)",
        )?;
        let value = self.expr()?;
        Ok(Structure::Attribute(Attribute {
            key: Str::from(self.slice(id.start, id.end)),
            key_span: id.start..id.end,
            span: id.start..value.span.end,
            value,
            prefix: None,
            suffix: None,
        }))
    }
}
