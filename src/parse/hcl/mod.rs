//! Native HCL syntax (`.tf`, `.tfvars`, lock files): our own lexer and
//! recursive-descent parser, following HashiCorp's `hclsyntax` (what it
//! accepts, we accept), building [`crate::syntax`] directly with byte spans
//! into the file as written.
//!
//! Comments are kept as hcl-edit kept them (suppressions and fixes read
//! them): a structure's `prefix` is everything between the previous
//! structure's line ending and the structure; its `suffix` is what follows
//! on the same line (spaces, `/* */` comments and a line comment).

mod body;
mod expr;
mod lexer;
mod template;
#[cfg(test)]
mod tests;

use super::ParseError;

/// Errors are boxed inside the parser: results stay small on the hot path.
type PResult<T> = Result<T, Box<ParseError>>;
use crate::syntax::{Body, TemplatePart};

/// The deepest nesting accepted (brackets, parentheses, blocks, templates,
/// operator chains together). hclsyntax has no limit; ours keeps every later
/// stage, which also recurses on the tree, within a 2 MiB thread stack.
pub const MAX_NESTING: usize = 1024;

/// Parse native HCL. `text` is the whole file; a leading UTF-8 BOM is skipped
/// and spans still index into `text`.
pub fn parse(text: &str) -> Result<Body, ParseError> {
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser::new(text, base);
    p.nl = true;
    let items = p.body_items(None).map_err(|e| *e)?;
    Ok(Body {
        items,
        span: base..text.len(),
    })
}

/// Parse a template with no quotes around it (a JSON-syntax string, a rule
/// file's message): `${}` and `%{}` sequences, no backslash escapes. Spans
/// are offset by `base`.
pub fn parse_template(text: &str, base: usize) -> Result<Vec<TemplatePart>, ParseError> {
    let mut p = Parser::new(text, 0);
    p.shift = base;
    let parts = p.bare_template().map_err(|e| {
        let mut e = *e;
        e.offset += base;
        if let Some((o, _)) = &mut e.related {
            *o += base;
        }
        e
    })?;
    Ok(parts)
}

pub(super) struct Parser<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    /// Newlines are tokens (bodies, object constructors) or trivia.
    nl: bool,
    depth: usize,
    /// Added to every span (bare templates inside another file).
    shift: usize,
    /// The token last lexed, at `peek_pos` in mode `peek_nl` (separate
    /// fields: a packed tuple here cost store-forwarding stalls).
    peek_pos: usize,
    peek_nl: bool,
    peek_tok: lexer::Token,
    /// Open brackets, strings and blocks, innermost last: an error at the
    /// end of the file points at the innermost one.
    opens: Vec<(usize, &'static str)>,
    /// Scratch stacks for the lists being built (nested lists stack up):
    /// each list is collected once at its exact length when it closes,
    /// instead of growing by doubling and being shrunk afterwards.
    structs: Vec<crate::syntax::Structure>,
    exprs: Vec<crate::syntax::Expr>,
    items: Vec<(crate::syntax::ObjectKey, crate::syntax::Expr)>,
    ops: Vec<crate::syntax::Traverse>,
}

/// The elements pushed on `stack` since `mark`, in a vector of their exact length.
fn take<T>(stack: &mut Vec<T>, mark: usize) -> Vec<T> {
    stack.split_off(mark)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Parser {
            text,
            src: text.as_bytes(),
            pos,
            nl: false,
            depth: 0,
            shift: 0,
            peek_pos: usize::MAX,
            peek_nl: false,
            peek_tok: lexer::Token {
                kind: lexer::Tok::Eof,
                start: 0,
                end: 0,
            },
            opens: Vec::new(),
            structs: Vec::new(),
            exprs: Vec::new(),
            items: Vec::new(),
            ops: Vec::new(),
        }
    }

    fn span(&self, start: usize, end: usize) -> crate::syntax::Span {
        (start + self.shift)..(end + self.shift)
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    fn enter(&mut self, at: usize) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(
                at,
                format!("nesting depth over the limit of {MAX_NESTING} levels"),
            ));
        }
        Ok(())
    }

    /// Run a recursive step on a fresh stack segment when this one runs
    /// low: the parser's recursion then never depends on the thread's stack.
    /// Checked every 16 levels only (the check is not free); the red zone
    /// covers 16 levels of even unoptimized frames.
    #[inline]
    fn grow<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        if self.depth.is_multiple_of(16) {
            stacker::maybe_grow(256 * 1024, 2 * 1024 * 1024, || f(self))
        } else {
            f(self)
        }
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn error(&self, at: usize, message: impl Into<String>) -> Box<ParseError> {
        Box::new(ParseError {
            offset: at.min(self.src.len()),
            message: message.into(),
            related: None,
        })
    }

    fn error_related(&self, at: usize, message: &str, open: usize, note: &str) -> Box<ParseError> {
        Box::new(ParseError {
            offset: at.min(self.src.len()),
            message: message.into(),
            related: Some((open, note.into())),
        })
    }

    /// "expected X, found Y", pointing at Y; at the end of the file, the
    /// innermost open construct is the related location.
    fn unexpected(&self, t: lexer::Token, expected: &str) -> Box<ParseError> {
        let message = if t.kind == lexer::Tok::Invalid {
            let c = self.slice(t.start, t.end);
            if c.starts_with("<<") {
                format!("invalid heredoc: expected `<<ID` or `<<-ID` and a newline; expected {expected}")
            } else {
                format!("invalid character {c:?}; expected {expected}")
            }
        } else {
            format!("expected {expected}, found {}", t.kind.describe())
        };
        let mut e = self.error(t.start, message);
        if t.kind == lexer::Tok::Eof {
            if let Some((open, what)) = self.opens.last() {
                e.message = format!("unclosed {what}: {}", e.message);
                e.related = Some((*open, format!("the {what} starts here")));
            }
        }
        e
    }
}
