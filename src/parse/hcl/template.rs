//! Templates: quoted strings, heredocs and bare templates (JSON strings).
//! Like hclsyntax, the text is first cut into literals and `${}`/`%{}`
//! sequences; strip markers (`~`) trim the neighbouring literals, `<<-`
//! heredocs lose their common indentation, then `%{if}`/`%{for}` directives
//! are nested.

use super::lexer::Tok;
use super::PResult;
use super::Parser;
use crate::parse::ParseError;
use crate::syntax::{Expr, ExprKind, Span, Str, TemplatePart};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Quoted,
    Heredoc,
    Bare,
}

enum Piece {
    Lit(Str),
    Interp(Expr),
    If(Expr),
    Else,
    EndIf,
    For {
        key_var: Option<Str>,
        value_var: Str,
        collection: Expr,
    },
    EndFor,
}

struct Seq {
    piece: Piece,
    start: usize,
    strip_l: bool,
    strip_r: bool,
}

/// Bytes that end a string without template sequences or escapes: its
/// closing quote, or what needs the full template reader.
static PLAIN_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'$' as usize] = true;
    t[b'%' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

impl Seq {
    fn lit(s: Str, start: usize) -> Seq {
        Seq {
            piece: Piece::Lit(s),
            start,
            strip_l: false,
            strip_r: false,
        }
    }
}

impl Parser<'_> {
    pub(super) fn quoted_expr(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        if let Some(end) = self.plain_string_end() {
            let value = Str::from(self.slice(open.end, end - 1));
            self.pos = end;
            return Ok(Expr {
                kind: ExprKind::String(value),
                span: self.span(open.start, end),
            });
        }
        let (seqs, end) = self.pieces(Mode::Quoted, "", open.start)?;
        let all_literal = seqs.iter().all(|s| matches!(s.piece, Piece::Lit(_)));
        let kind = if all_literal {
            ExprKind::String(concat(seqs))
        } else {
            ExprKind::Template(self.finish(seqs, false, false)?)
        };
        Ok(Expr {
            kind,
            span: self.span(open.start, end),
        })
    }

    /// The common case: a quoted string with no escape, sequence or `%`/`$`
    /// up to its closing quote; the offset after that quote.
    fn plain_string_end(&self) -> Option<usize> {
        let rest = self.src.get(self.pos..)?;
        let i = rest.iter().position(|&b| PLAIN_STOP[b as usize])?;
        (rest.get(i) == Some(&b'"')).then_some(self.pos + i + 1)
    }

    /// A block label: a quoted string without template sequences.
    pub(super) fn label_string(&mut self) -> PResult<(Str, Span)> {
        let open = self.bump()?;
        if let Some(end) = self.plain_string_end() {
            let value = Str::from(self.slice(open.end, end - 1));
            self.pos = end;
            return Ok((value, open.start..end));
        }
        let (seqs, end) = self.pieces(Mode::Quoted, "", open.start)?;
        if let Some(s) = seqs.iter().find(|s| !matches!(s.piece, Piece::Lit(_))) {
            return Err(self.error(
                s.start,
                "a block label cannot contain template sequences; write `$${` for a literal `${`",
            ));
        }
        Ok((concat(seqs), open.start..end))
    }

    pub(super) fn heredoc_expr(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        let intro = self.slice(open.start, open.end);
        let flush = intro.starts_with("<<-");
        let marker = intro
            .trim_start_matches("<<")
            .trim_start_matches('-')
            .trim_end();
        let (seqs, end) = self.pieces(Mode::Heredoc, marker, open.start)?;
        let parts = self.finish(seqs, flush, true)?;
        Ok(Expr {
            kind: ExprKind::Template(parts),
            span: self.span(open.start, end),
        })
    }

    pub(super) fn bare_template(&mut self) -> PResult<Vec<TemplatePart>> {
        let (seqs, _) = self.pieces(Mode::Bare, "", 0)?;
        self.finish(seqs, false, true)
    }

    /// Literals and sequences up to the end of the template; returns them
    /// and the offset just after the closing quote or heredoc marker.
    fn pieces(&mut self, mode: Mode, marker: &str, open: usize) -> PResult<(Vec<Seq>, usize)> {
        let what = match mode {
            Mode::Quoted => "string",
            Mode::Heredoc => "heredoc",
            Mode::Bare => "template",
        };
        self.opens.push((open, what));
        let mut out = Vec::new();
        let mut lit = Str::default();
        let mut lit_start = self.pos;
        let mut line_start = mode == Mode::Heredoc;
        loop {
            if line_start {
                line_start = false;
                if let Some(end) = self.heredoc_end(marker) {
                    flush_lit(&mut out, &mut lit, lit_start);
                    self.opens.pop();
                    return Ok((out, end));
                }
            }
            let run = self.pos;
            while !self.special(mode, self.byte(self.pos)) {
                self.pos += 1;
            }
            lit.push_str(self.slice(run, self.pos));
            let b = self.byte(self.pos);
            if self.pos >= self.src.len() {
                if mode == Mode::Bare {
                    flush_lit(&mut out, &mut lit, lit_start);
                    return Ok((out, self.pos));
                }
                return Err(self.unclosed(mode, marker, open));
            }
            let n = self.byte(self.pos + 1);
            match b {
                b'$' | b'%' if n == b && self.byte(self.pos + 2) == b'{' => {
                    lit.push(b as char);
                    lit.push('{');
                    self.pos += 3;
                }
                b'$' | b'%' if n == b'{' => {
                    flush_lit(&mut out, &mut lit, lit_start);
                    out.push(self.sequence(b == b'$')?);
                    lit_start = self.pos;
                }
                b'"' if mode == Mode::Quoted => {
                    self.pos += 1;
                    flush_lit(&mut out, &mut lit, lit_start);
                    self.opens.pop();
                    return Ok((out, self.pos));
                }
                b'\\' if mode == Mode::Quoted => self.escape(&mut lit)?,
                b'\n' | b'\r' if mode == Mode::Quoted => {
                    return Err(self.error_related(
                        self.pos,
                        "a quoted string cannot span lines; use a heredoc (`<<EOT`) for multi-line text",
                        open,
                        "the string starts here",
                    ))
                }
                b'\n' => {
                    lit.push('\n');
                    self.pos += 1;
                    if mode == Mode::Heredoc {
                        flush_lit(&mut out, &mut lit, lit_start);
                        lit_start = self.pos;
                        line_start = true;
                    }
                }
                _ => {
                    lit.push(b as char);
                    self.pos += 1;
                }
            }
        }
    }

    fn special(&self, mode: Mode, b: u8) -> bool {
        match b {
            b'$' | b'%' | b'\n' => true,
            0 => self.pos >= self.src.len(),
            b'"' | b'\\' | b'\r' => mode == Mode::Quoted,
            _ => false,
        }
    }

    fn unclosed(&self, mode: Mode, marker: &str, open: usize) -> Box<ParseError> {
        let (message, note) = match mode {
            Mode::Heredoc => (
                format!("unclosed heredoc: no line `{marker}` (followed by a newline) ends it"),
                "the heredoc starts here",
            ),
            _ => (
                "unclosed string: expected `\"`, found the end of the file".to_string(),
                "the string starts here",
            ),
        };
        self.error_related(self.src.len(), &message, open, note)
    }

    /// At a heredoc line start: if the line is the end marker (spaces
    /// around it allowed, a newline after it required, as in hclsyntax),
    /// move past the marker and return its end.
    fn heredoc_end(&mut self, marker: &str) -> Option<usize> {
        let rest = self.src.get(self.pos..)?;
        let nl = memchr::memchr(b'\n', rest)?;
        let line = self.slice(self.pos, self.pos + nl);
        let lead = line.len() - line.trim_start().len();
        if line.trim() != marker {
            return None;
        }
        self.pos += lead + marker.len();
        Some(self.pos)
    }

    fn escape(&mut self, lit: &mut Str) -> PResult<()> {
        let at = self.pos;
        let c = self.byte(at + 1);
        let (ch, len) = match c {
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'u' | b'U' => {
                let n = if c == b'u' { 4 } else { 8 };
                let hex = self.slice(at + 2, at + 2 + n);
                let ch = (hex.len() == n && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32);
                match ch {
                    Some(ch) => (ch, 2 + n),
                    None => {
                        return Err(self.error(
                            at,
                            format!("invalid unicode escape: `\\{}` needs {n} hexadecimal digits naming a character", c as char),
                        ))
                    }
                }
            }
            _ => {
                let shown = self
                    .text
                    .get(at + 1..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or(' ');
                return Err(self.error(
                    at,
                    format!("invalid escape sequence `\\{shown}`; expected one of \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN"),
                ));
            }
        };
        lit.push(ch);
        self.pos += len;
        Ok(())
    }

    /// `${ expr }` or `%{ directive }`, with optional `~` strip markers.
    fn sequence(&mut self, interp: bool) -> PResult<Seq> {
        let start = self.pos;
        self.pos += 2;
        let strip_l = self.byte(self.pos) == b'~';
        if strip_l {
            self.pos += 1;
        }
        let saved = self.nl;
        self.nl = false;
        let what = if interp {
            "interpolation"
        } else {
            "template directive"
        };
        self.opens.push((start, what));
        let piece = if interp {
            Piece::Interp(self.expr()?)
        } else {
            self.directive()?
        };
        let t = self.peek()?;
        let strip_r = t.kind == Tok::Tilde && self.byte(t.end) == b'}';
        if strip_r {
            self.bump()?;
        }
        self.expect(Tok::RBrace, &format!("`}}` closing the {what}"))?;
        self.opens.pop();
        self.nl = saved;
        Ok(Seq {
            piece,
            start,
            strip_l,
            strip_r,
        })
    }

    fn directive(&mut self) -> PResult<Piece> {
        let kw = self.expect(
            Tok::Ident,
            "`if`, `else`, `endif`, `for` or `endfor` after `%{`",
        )?;
        Ok(match self.slice(kw.start, kw.end) {
            "if" => Piece::If(self.expr()?),
            "else" => Piece::Else,
            "endif" => Piece::EndIf,
            "endfor" => Piece::EndFor,
            "for" => {
                let a = self.expect(Tok::Ident, "a variable name after `for`")?;
                let a = Str::from(self.slice(a.start, a.end));
                let (key_var, value_var) = if self.peek_kind()? == Tok::Comma {
                    self.bump()?;
                    let b = self.expect(Tok::Ident, "a second variable name after `,`")?;
                    (Some(a), Str::from(self.slice(b.start, b.end)))
                } else {
                    (None, a)
                };
                let t = self.expect(Tok::Ident, "`in` after the `for` variables")?;
                if self.slice(t.start, t.end) != "in" {
                    return Err(self.unexpected(t, "`in` after the `for` variables"));
                }
                Piece::For {
                    key_var,
                    value_var,
                    collection: self.expr()?,
                }
            }
            other => {
                return Err(self.error(
                    kw.start,
                    format!(
                    "unknown template directive `{other}`; expected if, else, endif, for or endfor"
                ),
                ))
            }
        })
    }

    fn finish(
        &mut self,
        mut seqs: Vec<Seq>,
        flush: bool,
        lines: bool,
    ) -> PResult<Vec<TemplatePart>> {
        strip(&mut seqs, lines);
        if flush {
            dedent(&mut seqs);
        }
        let mut it = seqs.into_iter();
        let (parts, stray) = self.nest(&mut it)?;
        if let Some(s) = stray {
            let name = match s.piece {
                Piece::Else => "else",
                Piece::EndIf => "endif",
                _ => "endfor",
            };
            return Err(self.error(
                s.start,
                format!("`%{{{name}}}` without a matching opening directive"),
            ));
        }
        Ok(parts)
    }

    /// Parts up to the end or to an `else`/`endif`/`endfor` (returned).
    fn nest(
        &mut self,
        it: &mut std::vec::IntoIter<Seq>,
    ) -> PResult<(Vec<TemplatePart>, Option<Seq>)> {
        let mut out: Vec<TemplatePart> = Vec::new();
        while let Some(s) = it.next() {
            match s.piece {
                Piece::Lit(l) => push_lit(&mut out, l),
                Piece::Interp(e) => out.push(TemplatePart::Interpolation(e)),
                Piece::If(cond) => {
                    self.enter(s.start)?;
                    let (then, end) = self.grow(|p| p.nest(it))?;
                    let (otherwise, end) = match end {
                        Some(Seq {
                            piece: Piece::Else, ..
                        }) => self.nest(it)?,
                        other => (Vec::new(), other),
                    };
                    if !matches!(
                        end,
                        Some(Seq {
                            piece: Piece::EndIf,
                            ..
                        })
                    ) {
                        return Err(self.closing_error(end, s.start, "if", "endif"));
                    }
                    self.leave();
                    out.push(TemplatePart::If {
                        cond,
                        then,
                        otherwise,
                    });
                }
                Piece::For {
                    key_var,
                    value_var,
                    collection,
                } => {
                    self.enter(s.start)?;
                    let (body, end) = self.grow(|p| p.nest(it))?;
                    if !matches!(
                        end,
                        Some(Seq {
                            piece: Piece::EndFor,
                            ..
                        })
                    ) {
                        return Err(self.closing_error(end, s.start, "for", "endfor"));
                    }
                    self.leave();
                    out.push(TemplatePart::For {
                        key_var,
                        value_var,
                        collection,
                        body,
                    });
                }
                Piece::Else | Piece::EndIf | Piece::EndFor => return Ok((out, Some(s))),
            }
        }
        Ok((out, None))
    }

    fn closing_error(
        &self,
        found: Option<Seq>,
        open: usize,
        name: &str,
        close: &str,
    ) -> Box<ParseError> {
        let at = found.as_ref().map(|s| s.start).unwrap_or(self.pos);
        self.error_related(
            at,
            &format!("expected `%{{{close}}}` to end the `%{{{name}}}` directive"),
            open,
            &format!("the `%{{{name}}}` starts here"),
        )
    }
}

fn flush_lit(out: &mut Vec<Seq>, lit: &mut Str, start: usize) {
    if !lit.is_empty() {
        out.push(Seq::lit(std::mem::take(lit), start));
    }
}

fn concat(seqs: Vec<Seq>) -> Str {
    let mut s = Str::default();
    for q in seqs {
        if let Piece::Lit(l) = q.piece {
            s.push_str(&l);
        }
    }
    s
}

fn push_lit(out: &mut Vec<TemplatePart>, l: Str) {
    if l.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(TemplatePart::Literal(prev)) => prev.push_str(&l),
        _ => out.push(TemplatePart::Literal(l)),
    }
}

/// `${~` trims the whitespace at the end of the literal before it, `~}` the
/// whitespace at the start of the literal after it. In a heredoc or a bare
/// template (`templatefile`) hclsyntax reads literals a line at a time, so a
/// strip reaches no further than one line: `~}` removes the rest of its
/// line and the newline, `${~` the whitespace after the last newline (or,
/// when the literal ends with one, that last line's).
fn strip(seqs: &mut [Seq], lines: bool) {
    for i in 0..seqs.len() {
        let (l, r) = match seqs.get(i) {
            Some(s) => (s.strip_l, s.strip_r),
            None => continue,
        };
        if l && i > 0 {
            if let Some(Seq {
                piece: Piece::Lit(s),
                ..
            }) = seqs.get_mut(i - 1)
            {
                let start = match lines {
                    true => s
                        .get(..s.len().saturating_sub(1))
                        .and_then(|head| head.rfind('\n'))
                        .map_or(0, |n| n + 1),
                    false => 0,
                };
                let keep = start + s.get(start..).map_or(0, |t| t.trim_end().len());
                s.truncate(keep);
            }
        }
        if r {
            if let Some(Seq {
                piece: Piece::Lit(s),
                ..
            }) = seqs.get_mut(i + 1)
            {
                let end = match lines {
                    true => s.find('\n').map_or(s.len(), |n| n + 1),
                    false => s.len(),
                };
                let head = s.get(..end).unwrap_or("");
                let cut = head.len() - head.trim_start().len();
                s.drain(..cut);
            }
        }
    }
}

/// `<<-` heredocs: remove the smallest indentation (in characters) of the
/// lines from every line, as hclsyntax's flushHeredocTemplateParts does:
/// blank lines neither count nor change, a line starting with a sequence
/// counts as unindented.
fn dedent(seqs: &mut [Seq]) {
    let mut min = usize::MAX;
    let mut newline = true;
    let mut adjust = Vec::new();
    for (i, s) in seqs.iter().enumerate() {
        if newline {
            newline = false;
            let spaces = match &s.piece {
                Piece::Lit(v) => {
                    let t = v.trim_start();
                    if t.is_empty() && v.ends_with('\n') {
                        usize::MAX
                    } else {
                        adjust.push(i);
                        v.get(..v.len() - t.len()).unwrap_or("").chars().count()
                    }
                }
                _ => 0,
            };
            min = min.min(spaces);
        }
        if let Piece::Lit(v) = &s.piece {
            newline = v.ends_with('\n');
        }
    }
    if min == usize::MAX || min == 0 {
        return;
    }
    for i in adjust {
        if let Some(Seq {
            piece: Piece::Lit(v),
            ..
        }) = seqs.get_mut(i)
        {
            let cut = v.char_indices().nth(min).map(|(b, _)| b).unwrap_or(v.len());
            v.drain(..cut);
        }
    }
}
