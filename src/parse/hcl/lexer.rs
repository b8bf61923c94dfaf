//! Tokens of the native syntax, read on demand from the parser's position.
//! Trivia (spaces, comments, and newlines where they do not matter) is
//! skipped here; a line comment counts as a newline, as in hclsyntax.

use super::PResult;
use super::Parser;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(super) enum Tok {
    Ident,
    Number,
    OQuote,
    /// `<<EOF` or `<<-EOF` up to and including its newline.
    Heredoc,
    Newline,
    Eof,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    LParen,
    RParen,
    Comma,
    Dot,
    Ellipsis,
    Question,
    Colon,
    DoubleColon,
    Assign,
    FatArrow,
    EqEq,
    NotEq,
    Lt,
    Gt,
    Le,
    Ge,
    And,
    Or,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Tilde,
    Invalid,
}

#[derive(Debug, Clone, Copy)]
#[repr(C)]
pub(super) struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Tok::Ident => "an identifier",
            Tok::Number => "a number",
            Tok::OQuote => "a string",
            Tok::Heredoc => "a heredoc",
            Tok::Newline => "a newline",
            Tok::Eof => "the end of the file",
            Tok::LBrace => "`{`",
            Tok::RBrace => "`}`",
            Tok::LBrack => "`[`",
            Tok::RBrack => "`]`",
            Tok::LParen => "`(`",
            Tok::RParen => "`)`",
            Tok::Comma => "`,`",
            Tok::Dot => "`.`",
            Tok::Ellipsis => "`...`",
            Tok::Question => "`?`",
            Tok::Colon => "`:`",
            Tok::DoubleColon => "`::`",
            Tok::Assign => "`=`",
            Tok::FatArrow => "`=>`",
            Tok::EqEq => "`==`",
            Tok::NotEq => "`!=`",
            Tok::Lt => "`<`",
            Tok::Gt => "`>`",
            Tok::Le => "`<=`",
            Tok::Ge => "`>=`",
            Tok::And => "`&&`",
            Tok::Or => "`||`",
            Tok::Bang => "`!`",
            Tok::Plus => "`+`",
            Tok::Minus => "`-`",
            Tok::Star => "`*`",
            Tok::Slash => "`/`",
            Tok::Percent => "`%`",
            Tok::Tilde => "`~`",
            Tok::Invalid => "an invalid character",
        }
    }
}

/// ASCII bytes that continue an identifier.
static IDENT_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    t
};

pub(super) fn is_id_start(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

pub(super) fn is_id_continue(c: char) -> bool {
    c == '-' || unicode_ident::is_xid_continue(c)
}

impl Parser<'_> {
    /// The next token, skipping trivia; newlines are tokens when
    /// `self.nl` is set. Does not move.
    #[inline]
    pub(super) fn peek(&mut self) -> PResult<Token> {
        if self.peek_pos == self.pos && self.peek_nl == self.nl {
            return Ok(self.peek_tok);
        }
        self.peek_slow()
    }

    #[inline(never)]
    fn peek_slow(&mut self) -> PResult<Token> {
        let t = self.lex()?;
        self.peek_pos = self.pos;
        self.peek_nl = self.nl;
        self.peek_tok = t;
        Ok(t)
    }

    pub(super) fn peek_kind(&mut self) -> PResult<Tok> {
        Ok(self.peek()?.kind)
    }

    /// Consume the peeked token.
    pub(super) fn bump(&mut self) -> PResult<Token> {
        let t = self.peek()?;
        self.pos = t.end;
        Ok(t)
    }

    /// Consume a token of kind `k` or fail saying what was expected.
    pub(super) fn expect(&mut self, k: Tok, what: &str) -> PResult<Token> {
        let t = self.peek()?;
        if t.kind == k {
            self.pos = t.end;
            Ok(t)
        } else {
            Err(self.unexpected(t, what))
        }
    }

    pub(super) fn byte(&self, at: usize) -> u8 {
        self.src.get(at).copied().unwrap_or(0)
    }

    /// Skip spaces, tabs and `/* */` comments; stop at anything else.
    pub(super) fn skip_spaces(&mut self) -> PResult<()> {
        loop {
            match self.byte(self.pos) {
                b' ' | b'\t' => self.pos += 1,
                b'/' if self.byte(self.pos + 1) == b'*' => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> PResult<()> {
        let open = self.pos;
        let rest = self.src.get(open + 2..).unwrap_or(&[]);
        match memchr::memmem::find(rest, b"*/") {
            Some(i) => {
                self.pos = open + 2 + i + 2;
                Ok(())
            }
            None => Err(self.error_related(
                self.src.len(),
                "unclosed block comment: a `/*` has no matching `*/`",
                open,
                "the comment starts here",
            )),
        }
    }

    /// Position after a `#` or `//` comment, before its line ending.
    pub(super) fn line_comment_end(&self, from: usize) -> usize {
        let rest = self.src.get(from..).unwrap_or(&[]);
        let mut end = from + memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        if end > from && self.byte(end - 1) == b'\r' && self.byte(end) == b'\n' {
            end -= 1;
        }
        end
    }

    fn at_line_comment(&self, at: usize) -> bool {
        let b = self.byte(at);
        b == b'#' || (b == b'/' && self.byte(at + 1) == b'/')
    }

    /// Skip every kind of trivia, newlines included.
    pub(super) fn skip_all(&mut self) -> PResult<()> {
        loop {
            self.skip_spaces()?;
            match self.byte(self.pos) {
                b'\n' => self.pos += 1,
                b'\r' if self.byte(self.pos + 1) == b'\n' => self.pos += 2,
                _ if self.at_line_comment(self.pos) => {
                    self.pos = self.line_comment_end(self.pos);
                }
                _ => return Ok(()),
            }
        }
    }

    fn lex(&mut self) -> PResult<Token> {
        let mut p = self.pos;
        while self.byte(p) == b' ' {
            p += 1;
        }
        if !matches!(self.byte(p), b'\t' | b'/' | b'\n' | b'\r' | b'#') {
            return Ok(self.lex_token(p));
        }
        loop {
            match self.byte(p) {
                b' ' | b'\t' => p += 1,
                b'/' if self.byte(p + 1) == b'*' => {
                    let save = self.pos;
                    self.pos = p;
                    let r = self.block_comment();
                    p = self.pos;
                    self.pos = save;
                    r?;
                }
                b'\n' | b'\r' | b'#' | b'/' if self.newline_at(p) => {
                    let end = self.newline_end(p);
                    if self.nl {
                        return Ok(Token {
                            kind: Tok::Newline,
                            start: p,
                            end,
                        });
                    }
                    p = end;
                }
                _ => break,
            }
        }
        Ok(self.lex_token(p))
    }

    /// A newline or a line comment (which ends with one, or with the file).
    fn newline_at(&self, p: usize) -> bool {
        match self.byte(p) {
            b'\n' => true,
            b'\r' => self.byte(p + 1) == b'\n',
            _ => self.at_line_comment(p),
        }
    }

    fn newline_end(&self, p: usize) -> usize {
        let mut e = if self.at_line_comment(p) {
            self.line_comment_end(p)
        } else {
            p
        };
        if self.byte(e) == b'\r' {
            e += 1;
        }
        if self.byte(e) == b'\n' {
            e += 1;
        }
        e
    }

    fn lex_token(&self, p: usize) -> Token {
        let b = self.byte(p);
        let n = self.byte(p + 1);
        let (kind, len) = match b {
            0 if p >= self.src.len() => (Tok::Eof, 0),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => (Tok::Ident, self.ident_len(p)),
            b'0'..=b'9' => (Tok::Number, self.number_len(p)),
            b'"' => (Tok::OQuote, 1),
            b'{' => (Tok::LBrace, 1),
            b'}' => (Tok::RBrace, 1),
            b'[' => (Tok::LBrack, 1),
            b']' => (Tok::RBrack, 1),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b',' => (Tok::Comma, 1),
            b'.' if n == b'.' && self.byte(p + 2) == b'.' => (Tok::Ellipsis, 3),
            b'.' => (Tok::Dot, 1),
            b'?' => (Tok::Question, 1),
            b':' if n == b':' => (Tok::DoubleColon, 2),
            b':' => (Tok::Colon, 1),
            b'=' if n == b'=' => (Tok::EqEq, 2),
            b'=' if n == b'>' => (Tok::FatArrow, 2),
            b'=' => (Tok::Assign, 1),
            b'!' if n == b'=' => (Tok::NotEq, 2),
            b'!' => (Tok::Bang, 1),
            b'<' if n == b'<' => match self.heredoc_len(p) {
                Some(l) => (Tok::Heredoc, l),
                None => (Tok::Invalid, 2),
            },
            b'<' if n == b'=' => (Tok::Le, 2),
            b'<' => (Tok::Lt, 1),
            b'>' if n == b'=' => (Tok::Ge, 2),
            b'>' => (Tok::Gt, 1),
            b'&' if n == b'&' => (Tok::And, 2),
            b'|' if n == b'|' => (Tok::Or, 2),
            b'+' => (Tok::Plus, 1),
            b'-' => (Tok::Minus, 1),
            b'*' => (Tok::Star, 1),
            b'/' => (Tok::Slash, 1),
            b'%' => (Tok::Percent, 1),
            b'~' => (Tok::Tilde, 1),
            _ if b >= 0x80 => match self.text.get(p..).and_then(|s| s.chars().next()) {
                Some(c) if is_id_start(c) => (Tok::Ident, self.ident_len(p)),
                Some(c) => (Tok::Invalid, c.len_utf8()),
                None => (Tok::Invalid, 1),
            },
            _ => (Tok::Invalid, 1),
        };
        Token {
            kind,
            start: p,
            end: p + len,
        }
    }

    pub(super) fn ident_len(&self, p: usize) -> usize {
        let rest = self.src.get(p..).unwrap_or(&[]);
        let mut i = 0;
        loop {
            // A run of ASCII identifier bytes, without a bounds check each.
            let tail = rest.get(i..).unwrap_or(&[]);
            i += tail
                .iter()
                .position(|&b| !IDENT_ASCII[b as usize])
                .unwrap_or(tail.len());
            match rest.get(i) {
                Some(&b) if b >= 0x80 => {
                    match self.text.get(p + i..).and_then(|s| s.chars().next()) {
                        Some(c) if is_id_continue(c) => i += c.len_utf8(),
                        _ => return i,
                    }
                }
                _ => return i,
            }
        }
    }

    fn digits(&self, mut i: usize) -> usize {
        while self.byte(i).is_ascii_digit() {
            i += 1;
        }
        i
    }

    /// Like hclsyntax's scanner, greedy: digits, `.digits` groups and
    /// exponents in any order (`1.5.12` is one, invalid, number token; see
    /// [`valid_number`]).
    fn number_len(&self, p: usize) -> usize {
        let mut i = self.digits(p);
        loop {
            if self.byte(i) == b'.' && self.byte(i + 1).is_ascii_digit() {
                i = self.digits(i + 1);
                continue;
            }
            if matches!(self.byte(i), b'e' | b'E') {
                let mut j = i + 1;
                if matches!(self.byte(j), b'+' | b'-') {
                    j += 1;
                }
                if self.byte(j).is_ascii_digit() {
                    i = self.digits(j);
                    continue;
                }
            }
            return i - p;
        }
    }

    /// `<<` `-`? identifier newline: the length, or None if this is not a
    /// heredoc opener.
    fn heredoc_len(&self, p: usize) -> Option<usize> {
        let mut i = p + 2;
        if self.byte(i) == b'-' {
            i += 1;
        }
        let c = self.text.get(i..)?.chars().next()?;
        if !is_id_start(c) {
            return None;
        }
        i += self.ident_len(i);
        if self.byte(i) == b'\r' {
            i += 1;
        }
        (self.byte(i) == b'\n').then_some(i + 1 - p)
    }
}

/// `digits ("." digits)? ([eE] [+-]? digits)?`, the number literals
/// hclsyntax can read.
pub(super) fn valid_number(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        let from = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i > from).then_some(i)
    };
    let Some(mut i) = digits(0) else {
        return false;
    };
    if b.get(i) == Some(&b'.') {
        match digits(i + 1) {
            Some(j) => i = j,
            None => return false,
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        match digits(i) {
            Some(j) => i = j,
            None => return false,
        }
    }
    i == b.len()
}
