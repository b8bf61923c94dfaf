//! Expressions: operators by precedence, terms, traversals, collections,
//! `for` expressions and function calls.

use super::lexer::{valid_number, Tok, Token};
use super::PResult;
use super::Parser;
use crate::syntax::{BinaryOp, Expr, ExprKind, ForExpr, ObjectKey, Str, Traverse, UnaryOp};

fn binop(t: Tok) -> Option<(BinaryOp, u8)> {
    Some(match t {
        Tok::Or => (BinaryOp::Or, 1),
        Tok::And => (BinaryOp::And, 2),
        Tok::EqEq => (BinaryOp::Eq, 3),
        Tok::NotEq => (BinaryOp::NotEq, 3),
        Tok::Lt => (BinaryOp::Less, 4),
        Tok::Gt => (BinaryOp::Greater, 4),
        Tok::Le => (BinaryOp::LessEq, 4),
        Tok::Ge => (BinaryOp::GreaterEq, 4),
        Tok::Plus => (BinaryOp::Plus, 5),
        Tok::Minus => (BinaryOp::Minus, 5),
        Tok::Star => (BinaryOp::Mul, 6),
        Tok::Slash => (BinaryOp::Div, 6),
        Tok::Percent => (BinaryOp::Mod, 6),
        _ => return None,
    })
}

impl Parser<'_> {
    /// A whole expression, conditionals included.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.grow(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> PResult<Expr> {
        let t = self.peek()?;
        self.enter(t.start)?;
        let cond = self.binary(1)?;
        let e = if self.peek_kind()? == Tok::Question {
            self.bump()?;
            let yes = self.expr()?;
            self.expect(Tok::Colon, "`:` and the conditional's false result")?;
            let no = self.expr()?;
            Expr {
                span: cond.span.start..no.span.end,
                kind: ExprKind::Conditional(Box::new(cond), Box::new(yes), Box::new(no)),
            }
        } else {
            cond
        };
        self.leave();
        Ok(e)
    }

    /// Binary operators of precedence `min` and above, left-associative. A
    /// chain deepens the tree by one level per operator: it counts toward
    /// the nesting limit.
    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        let mut chain = 0;
        loop {
            let t = self.peek()?;
            let Some((op, prec)) = binop(t.kind) else {
                break;
            };
            if prec < min {
                break;
            }
            self.bump()?;
            self.enter(t.start)?;
            chain += 1;
            let rhs = self.binary(prec + 1)?;
            lhs = Expr {
                span: lhs.span.start..rhs.span.end,
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
            };
        }
        self.depth -= chain;
        Ok(lhs)
    }

    fn unary(&mut self) -> PResult<Expr> {
        let t = self.peek()?;
        let op = match t.kind {
            Tok::Minus => UnaryOp::Neg,
            Tok::Bang => UnaryOp::Not,
            _ => return self.postfix(),
        };
        self.bump()?;
        self.enter(t.start)?;
        let e = self.grow(Self::unary)?;
        self.leave();
        Ok(Expr {
            span: self.span(t.start, 0).start..e.span.end,
            kind: ExprKind::Unary(op, Box::new(e)),
        })
    }

    /// A term and its traversals: `.attr`, `.0`, `.*`, `[i]`, `[*]`.
    fn postfix(&mut self) -> PResult<Expr> {
        let term = self.term()?;
        let mark = self.ops.len();
        let mut end = term.span.end;
        // After `.*`, the `.attr` traversals that follow belong to the
        // splat; hclsyntax rejects another `.*` among them.
        let mut attr_splat = false;
        loop {
            let t = self.peek()?;
            match t.kind {
                Tok::Dot => {
                    self.bump()?;
                    let (op, e) = self.after_dot()?;
                    if op == Traverse::Splat {
                        if attr_splat {
                            return Err(self.error(
                                t.start,
                                "nested splat: `.*` cannot follow another `.*` without an index between them",
                            ));
                        }
                        attr_splat = true;
                    }
                    self.ops.push(op);
                    end = e;
                }
                Tok::LBrack => {
                    attr_splat = false;
                    self.bump()?;
                    let (op, e) = self.index(t)?;
                    self.ops.push(op);
                    end = e;
                }
                _ => break,
            }
        }
        if self.ops.len() == mark {
            return Ok(term);
        }
        let ops = super::take(&mut self.ops, mark);
        Ok(Expr {
            span: term.span.start..end,
            kind: ExprKind::Traversal(Box::new(term), ops),
        })
    }

    fn after_dot(&mut self) -> PResult<(Traverse, usize)> {
        let n = self.peek()?;
        let text = self.slice(n.start, n.end);
        let op = match n.kind {
            Tok::Ident => Traverse::GetAttr(Str::from(text)),
            Tok::Star => Traverse::Splat,
            Tok::Number if text.contains('.') => {
                return Err(self.error(
                    n.start,
                    format!(
                        "invalid legacy index `.{text}`: two indexes cannot be chained this way; write `[{}]`",
                        text.replacen('.', "][", 1)
                    ),
                ))
            }
            Tok::Number if !valid_number(text) => {
                return Err(self.error(n.start, format!("invalid number literal `{text}`")))
            }
            Tok::Number => match text.parse::<u64>() {
                Ok(i) => Traverse::LegacyIndex(i),
                Err(_) => Traverse::Index(Expr {
                    kind: ExprKind::Number(Str::from(text)),
                    span: self.span(n.start, n.end),
                }),
            },
            _ => {
                return Err(self.unexpected(n, "an attribute name, an index or `*` after `.`"))
            }
        };
        self.bump()?;
        Ok((op, self.span(0, n.end).end))
    }

    /// After `[`: `*]` or an index expression and `]`.
    fn index(&mut self, open: Token) -> PResult<(Traverse, usize)> {
        let saved = self.nl;
        self.opens.push((open.start, "index"));
        // hclsyntax looks for `*]` before it starts ignoring newlines.
        let op = if self.peek_kind()? == Tok::Star {
            self.bump()?;
            Traverse::Splat
        } else {
            self.nl = false;
            Traverse::Index(self.expr()?)
        };
        let close = self.expect(Tok::RBrack, "`]`")?;
        self.opens.pop();
        self.nl = saved;
        Ok((op, self.span(0, close.end).end))
    }

    fn term(&mut self) -> PResult<Expr> {
        let t = self.peek()?;
        let kind = match t.kind {
            Tok::Number => {
                self.bump()?;
                let text = self.slice(t.start, t.end);
                if !valid_number(text) {
                    return Err(self.error(t.start, format!("invalid number literal `{text}`")));
                }
                ExprKind::Number(Str::from(text))
            }
            Tok::Ident => return self.ident_term(t),
            Tok::OQuote => return self.quoted_expr(),
            Tok::Heredoc => return self.heredoc_expr(),
            Tok::LParen => {
                self.bump()?;
                let saved = self.nl;
                self.nl = false;
                self.opens.push((t.start, "parenthesis"));
                let mut e = self.expr()?;
                let close = self.expect(Tok::RParen, "`)`")?;
                self.opens.pop();
                self.nl = saved;
                e.span = self.span(t.start, close.end);
                return Ok(e);
            }
            Tok::LBrack => return self.tuple(t),
            Tok::LBrace => return self.object(t),
            _ => return Err(self.unexpected(t, "an expression")),
        };
        Ok(Expr {
            kind,
            span: self.span(t.start, t.end),
        })
    }

    fn ident_term(&mut self, t: Token) -> PResult<Expr> {
        self.bump()?;
        let name = self.slice(t.start, t.end);
        let next = self.peek_kind()?;
        if next == Tok::LParen || next == Tok::DoubleColon {
            return self.call(t);
        }
        let kind = match name {
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            "null" => ExprKind::Null,
            _ => ExprKind::Variable(Str::from(name)),
        };
        Ok(Expr {
            kind,
            span: self.span(t.start, t.end),
        })
    }

    /// `name(args)` or `provider::ns::name(args)`, `...` after the last.
    fn call(&mut self, first: Token) -> PResult<Expr> {
        let mut name = Str::from(self.slice(first.start, first.end));
        while self.peek_kind()? == Tok::DoubleColon {
            self.bump()?;
            let part = self.expect(Tok::Ident, "a function name after `::`")?;
            name.push_str("::");
            name.push_str(self.slice(part.start, part.end));
        }
        let open = self.expect(Tok::LParen, "`(` after the function name")?;
        let saved = self.nl;
        self.nl = false;
        self.opens.push((open.start, "function call"));
        let mark = self.exprs.len();
        let mut expand_final = false;
        while self.peek_kind()? != Tok::RParen {
            let arg = self.expr()?;
            self.exprs.push(arg);
            let t = self.peek()?;
            match t.kind {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::Ellipsis => {
                    self.bump()?;
                    expand_final = true;
                    break;
                }
                Tok::RParen => break,
                _ => return Err(self.unexpected(t, "`,` or `)` in the argument list")),
            }
        }
        let close = self.expect(Tok::RParen, "`)`")?;
        self.opens.pop();
        self.nl = saved;
        let args = super::take(&mut self.exprs, mark);
        Ok(Expr {
            kind: ExprKind::Call(Box::new(crate::syntax::Call {
                name,
                args,
                expand_final,
            })),
            span: self.span(first.start, close.end),
        })
    }

    fn is_keyword(&mut self, word: &str) -> PResult<bool> {
        let t = self.peek()?;
        Ok(t.kind == Tok::Ident && self.slice(t.start, t.end) == word)
    }

    fn tuple(&mut self, open: Token) -> PResult<Expr> {
        self.bump()?;
        let saved = self.nl;
        self.nl = false;
        self.opens.push((open.start, "list"));
        let kind = if self.is_keyword("for")? {
            self.for_expr(false)?
        } else {
            let mark = self.exprs.len();
            while self.peek_kind()? != Tok::RBrack {
                let item = self.expr()?;
                self.exprs.push(item);
                let t = self.peek()?;
                match t.kind {
                    Tok::Comma => {
                        self.bump()?;
                    }
                    Tok::RBrack => break,
                    _ => return Err(self.unexpected(t, "`,` or `]` in the list")),
                }
            }
            ExprKind::Array(super::take(&mut self.exprs, mark))
        };
        let close = self.expect(Tok::RBrack, "`]`")?;
        self.opens.pop();
        self.nl = saved;
        Ok(Expr {
            kind,
            span: self.span(open.start, close.end),
        })
    }

    /// `{ k = v, k2 : v2 }`: items end with a comma or a newline.
    fn object(&mut self, open: Token) -> PResult<Expr> {
        self.bump()?;
        let saved = self.nl;
        // `for` is looked for across newlines: a `for` expression ignores
        // them, an object constructor does not.
        self.nl = false;
        self.opens.push((open.start, "object"));
        let kind = if self.is_keyword("for")? {
            self.for_expr(true)?
        } else {
            self.nl = true;
            ExprKind::Object(self.object_items()?)
        };
        let close = self.expect(Tok::RBrace, "`}`")?;
        self.opens.pop();
        self.nl = saved;
        Ok(Expr {
            kind,
            span: self.span(open.start, close.end),
        })
    }

    fn object_items(&mut self) -> PResult<Vec<(ObjectKey, Expr)>> {
        let mark = self.items.len();
        loop {
            let t = self.peek()?;
            match t.kind {
                Tok::Newline => {
                    self.bump()?;
                    continue;
                }
                Tok::RBrace => break,
                _ => {}
            }
            let key = self.expr()?;
            let key = self.object_key(key, t.kind == Tok::LParen);
            let sep = self.peek()?;
            if sep.kind != Tok::Assign && sep.kind != Tok::Colon {
                return Err(self.unexpected(sep, "`=` or `:` after the object key"));
            }
            self.bump()?;
            let value = self.expr()?;
            self.items.push((key, value));
            let t = self.peek()?;
            match t.kind {
                Tok::Comma | Tok::Newline => {
                    self.bump()?;
                }
                Tok::RBrace => break,
                _ => return Err(self.unexpected(t, "`,`, a newline or `}` after the object item")),
            }
        }
        Ok(super::take(&mut self.items, mark))
    }

    /// A bare name is a literal key (`{ a = 1 }`), unless in parentheses.
    fn object_key(&self, key: Expr, parenthesized: bool) -> ObjectKey {
        if !parenthesized {
            match &key.kind {
                ExprKind::Variable(n) => return ObjectKey::Ident(n.clone()),
                ExprKind::Bool(_) | ExprKind::Null => {
                    let s = key.span.start - self.shift;
                    let e = key.span.end - self.shift;
                    return ObjectKey::Ident(Str::from(self.slice(s, e)));
                }
                _ => {}
            }
        }
        ObjectKey::Expr(key)
    }

    /// After `[` or `{`: `for k, v in coll : [key =>] value [...] [if cond]`.
    fn for_expr(&mut self, object: bool) -> PResult<ExprKind> {
        self.bump()?;
        let what = "a variable name after `for`";
        let a = self.expect(Tok::Ident, what)?;
        let a = Str::from(self.slice(a.start, a.end));
        let (key_var, value_var) = if self.peek_kind()? == Tok::Comma {
            self.bump()?;
            let b = self.expect(Tok::Ident, "a second variable name after `,`")?;
            (Some(a), Str::from(self.slice(b.start, b.end)))
        } else {
            (None, a)
        };
        if !self.is_keyword("in")? {
            let t = self.peek()?;
            return Err(self.unexpected(t, "`in` after the `for` variables"));
        }
        self.bump()?;
        let collection = self.expr()?;
        self.expect(Tok::Colon, "`:` after the `for` collection")?;
        let mut key = None;
        let mut grouping = false;
        if object {
            key = Some(self.expr()?);
            self.expect(Tok::FatArrow, "`=>` after the key of an object `for`")?;
        }
        let value = self.expr()?;
        if object && self.peek_kind()? == Tok::Ellipsis {
            self.bump()?;
            grouping = true;
        }
        let cond = if self.is_keyword("if")? {
            self.bump()?;
            Some(self.expr()?)
        } else {
            None
        };
        Ok(ExprKind::For(Box::new(ForExpr {
            key_var,
            value_var,
            collection,
            key,
            value,
            cond,
            grouping,
        })))
    }
}
