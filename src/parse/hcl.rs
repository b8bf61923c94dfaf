//! Native HCL syntax (`.tf`, `.tfvars`, lock files) through hcl-edit, converted
//! into our own syntax tree with spans into the file as written.

use hcl_edit::expr::{
    BinaryOperator, Expression, ObjectKey as HObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::structure::{Body as HBody, Structure as HStructure};
use hcl_edit::template::{Element, Template};
use hcl_edit::{Decorate, Span as _};

use super::ParseError;
use crate::syntax::*;

/// Parse native HCL. `text` is the whole file; a leading UTF-8 BOM is skipped
/// (HashiCorp's parser accepts it, hcl-edit does not) and spans still index
/// into `text`.
pub fn parse(text: &str) -> Result<Body, ParseError> {
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let input = text.get(base..).unwrap_or("");
    match hcl_edit::parser::parse_body(input) {
        Ok(body) => {
            let conv = Conv { base, input };
            Ok(conv.body(&body, base..text.len()))
        }
        Err(e) => {
            let offset = base + e.location().offset();
            Err(ParseError {
                offset: offset.min(text.len()),
                message: e.message().to_string(),
            })
        }
    }
}

/// Parse a single expression (used for rule-file and JSON-syntax templates).
pub fn parse_template(text: &str, base: usize) -> Result<Vec<TemplatePart>, ParseError> {
    match hcl_edit::parser::parse_template(text) {
        Ok(t) => Ok(Conv { base, input: text }.template(&t)),
        Err(e) => Err(ParseError {
            offset: base + e.location().offset(),
            message: e.message().to_string(),
        }),
    }
}

struct Conv<'a> {
    base: usize,
    input: &'a str,
}

impl Conv<'_> {
    fn span(&self, s: Option<std::ops::Range<usize>>) -> Span {
        let s = s.unwrap_or(0..0);
        (s.start + self.base)..(s.end + self.base)
    }

    fn body(&self, body: &HBody, span: Span) -> Body {
        let items = body
            .iter()
            .map(|s| match s {
                HStructure::Attribute(a) => {
                    let span = self.span(a.span());
                    Structure::Attribute(Attribute {
                        key: a.key.as_str().to_string(),
                        key_span: self.span(a.key.span()),
                        value: self.expr(&a.value),
                        prefix: self.prefix(a.decor(), span.start),
                        suffix: self.suffix(a.decor(), span.end),
                        span,
                    })
                }
                HStructure::Block(b) => {
                    let span = self.span(b.span());
                    let ident_span = self.span(b.ident.span());
                    let labels = b
                        .labels
                        .iter()
                        .map(|l| (l.as_str().to_string(), self.span(l.span())))
                        .collect::<Vec<_>>();
                    let body_start = labels.last().map(|(_, s)| s.end).unwrap_or(ident_span.end);
                    Structure::Block(Block {
                        ident: b.ident.as_str().to_string(),
                        ident_span,
                        labels,
                        body: self.body(&b.body, body_start..span.end),
                        prefix: self.prefix(b.decor(), span.start),
                        suffix: self.suffix(b.decor(), span.end),
                        span,
                    })
                }
            })
            .collect();
        Body { items, span }
    }

    fn prefix(&self, decor: &hcl_edit::Decor, start: usize) -> Option<(String, Span)> {
        let raw = decor.prefix()?;
        let s: &str = raw;
        if s.trim().is_empty() {
            return None;
        }
        // The prefix ends where the structure starts.
        Some((s.to_string(), start.saturating_sub(s.len())..start))
    }

    fn suffix(&self, decor: &hcl_edit::Decor, end: usize) -> Option<(String, Span)> {
        let raw = decor.suffix()?;
        let s: &str = raw;
        if s.trim().is_empty() {
            return None;
        }
        Some((s.to_string(), end..end + s.len()))
    }

    fn template(&self, t: &Template) -> Vec<TemplatePart> {
        t.iter()
            .map(|el| match el {
                Element::Literal(l) => TemplatePart::Literal(l.as_str().to_string()),
                Element::Interpolation(i) => TemplatePart::Interpolation(self.expr(&i.expr)),
                Element::Directive(d) => self.directive(d),
            })
            .collect()
    }

    fn directive(&self, d: &hcl_edit::template::Directive) -> TemplatePart {
        use hcl_edit::template::Directive as D;
        match d {
            D::If(i) => TemplatePart::If {
                cond: self.expr(&i.if_expr.cond_expr),
                then: self.template(&i.if_expr.template),
                otherwise: i
                    .else_expr
                    .as_ref()
                    .map(|e| self.template(&e.template))
                    .unwrap_or_default(),
            },
            D::For(f) => TemplatePart::For {
                key_var: f.for_expr.key_var.as_ref().map(|k| k.as_str().to_string()),
                value_var: f.for_expr.value_var.as_str().to_string(),
                collection: self.expr(&f.for_expr.collection_expr),
                body: self.template(&f.for_expr.template),
            },
        }
    }

    fn expr(&self, e: &Expression) -> Expr {
        let span = self.span(e.span());
        let kind = match e {
            Expression::Null(_) => ExprKind::Null,
            Expression::Bool(b) => ExprKind::Bool(*b.value()),
            Expression::Number(_) => {
                match self.input.get(span.start - self.base..span.end - self.base) {
                    Some(text) => ExprKind::Number(text.to_string()),
                    None => ExprKind::Opaque,
                }
            }
            Expression::String(s) => ExprKind::String(s.value().to_string()),
            Expression::Array(a) => ExprKind::Array(a.iter().map(|x| self.expr(x)).collect()),
            Expression::Object(o) => ExprKind::Object(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            HObjectKey::Ident(i) => ObjectKey::Ident(i.as_str().to_string()),
                            HObjectKey::Expression(x) => ObjectKey::Expr(self.expr(x)),
                        };
                        (key, self.expr(v.expr()))
                    })
                    .collect(),
            ),
            Expression::StringTemplate(t) => ExprKind::Template(self.template(t)),
            Expression::HeredocTemplate(h) => {
                let mut parts = self.template(&h.template);
                if h.indent().is_some() {
                    dedent(&mut parts);
                }
                ExprKind::Template(parts)
            }
            Expression::Parenthesis(p) => return self.expr_with_span(p.inner(), span),
            Expression::Variable(v) => ExprKind::Variable(v.as_str().to_string()),
            Expression::Conditional(c) => ExprKind::Conditional(
                Box::new(self.expr(&c.cond_expr)),
                Box::new(self.expr(&c.true_expr)),
                Box::new(self.expr(&c.false_expr)),
            ),
            Expression::FuncCall(f) => {
                let mut name = String::new();
                for ns in &f.name.namespace {
                    name.push_str(ns.as_str());
                    name.push_str("::");
                }
                name.push_str(f.name.name.as_str());
                ExprKind::Call {
                    name,
                    args: f.args.iter().map(|a| self.expr(a)).collect(),
                    expand_final: f.args.expand_final(),
                }
            }
            Expression::Traversal(t) => ExprKind::Traversal(
                Box::new(self.expr(&t.expr)),
                t.operators
                    .iter()
                    .map(|op| match op.value() {
                        TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                            Traverse::Splat
                        }
                        TraversalOperator::GetAttr(i) => Traverse::GetAttr(i.as_str().to_string()),
                        TraversalOperator::Index(x) => Traverse::Index(self.expr(x)),
                        TraversalOperator::LegacyIndex(i) => Traverse::LegacyIndex(*i.value()),
                    })
                    .collect(),
            ),
            Expression::UnaryOp(u) => ExprKind::Unary(
                match u.operator.value() {
                    UnaryOperator::Neg => UnaryOp::Neg,
                    UnaryOperator::Not => UnaryOp::Not,
                },
                Box::new(self.expr(&u.expr)),
            ),
            Expression::BinaryOp(b) => ExprKind::Binary(
                binop(*b.operator.value()),
                Box::new(self.expr(&b.lhs_expr)),
                Box::new(self.expr(&b.rhs_expr)),
            ),
            Expression::ForExpr(f) => ExprKind::For(Box::new(ForExpr {
                key_var: f.intro.key_var.as_ref().map(|k| k.as_str().to_string()),
                value_var: f.intro.value_var.as_str().to_string(),
                collection: self.expr(&f.intro.collection_expr),
                key: f.key_expr.as_ref().map(|k| self.expr(k)),
                value: self.expr(&f.value_expr),
                cond: f.cond.as_ref().map(|c| self.expr(&c.expr)),
                grouping: f.grouping,
            })),
        };
        let _ = self.input;
        Expr { kind, span }
    }

    fn expr_with_span(&self, e: &Expression, span: Span) -> Expr {
        let mut x = self.expr(e);
        x.span = span;
        x
    }
}

fn binop(op: BinaryOperator) -> BinaryOp {
    match op {
        BinaryOperator::Eq => BinaryOp::Eq,
        BinaryOperator::NotEq => BinaryOp::NotEq,
        BinaryOperator::LessEq => BinaryOp::LessEq,
        BinaryOperator::GreaterEq => BinaryOp::GreaterEq,
        BinaryOperator::Less => BinaryOp::Less,
        BinaryOperator::Greater => BinaryOp::Greater,
        BinaryOperator::Plus => BinaryOp::Plus,
        BinaryOperator::Minus => BinaryOp::Minus,
        BinaryOperator::Mul => BinaryOp::Mul,
        BinaryOperator::Div => BinaryOp::Div,
        BinaryOperator::Mod => BinaryOp::Mod,
        BinaryOperator::And => BinaryOp::And,
        BinaryOperator::Or => BinaryOp::Or,
    }
}

/// `<<-` heredocs: remove the common leading whitespace of all lines, as
/// Terraform does. Only done when the template is all literal; otherwise the
/// parts are left as they are (values with interpolations rarely matter here).
fn dedent(parts: &mut [TemplatePart]) {
    if let [TemplatePart::Literal(s)] = parts {
        let min = s
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut out = String::with_capacity(s.len());
        for line in s.split_inclusive('\n') {
            out.push_str(
                line.get(min.min(line.len() - line.trim_start().len())..)
                    .unwrap_or(""),
            );
        }
        *s = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_index_into_the_file_as_written_even_with_a_bom() {
        let text = "\u{feff}resource \"a\" \"b\" {\n  x = [\"y\"]\n}\n";
        let body = parse(text).unwrap();
        let Structure::Block(b) = &body.items[0] else {
            panic!()
        };
        assert_eq!(&text[b.header_span()], "resource \"a\" \"b\"");
        let a = b.body.attribute("x").unwrap();
        assert_eq!(&text[a.span.clone()], "x = [\"y\"]");
        assert_eq!(&text[a.value.span.clone()], "[\"y\"]");
    }

    #[test]
    fn errors_carry_the_byte_offset() {
        let text = "a = 1\nb = \n";
        let e = parse(text).unwrap_err();
        assert!(e.offset >= 6, "{e:?}");
    }

    #[test]
    fn comments_are_kept_with_spans() {
        let text = "# cxlint-ignore: GC001\nresource \"a\" \"b\" {\n  x = 1 # trailing\n}\n";
        let body = parse(text).unwrap();
        let Structure::Block(b) = &body.items[0] else {
            panic!()
        };
        let (p, ps) = b.prefix.clone().unwrap();
        assert!(p.contains("cxlint-ignore"));
        assert_eq!(&text[ps], p);
        let a = b.body.attribute("x").unwrap();
        let (s, ss) = a.suffix.clone().unwrap();
        assert_eq!(&text[ss], s);
    }
}
