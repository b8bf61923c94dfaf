//! The syntax tree every front end (native HCL, JSON) produces and every later
//! stage reads. It owns its data, carries byte spans into the file as written,
//! and keeps the raw comment text around structures for suppressions.

use std::ops::Range;

pub type Span = Range<usize>;

/// Names and literal text in the tree: inline up to 24 bytes (nearly every
/// identifier, key and short string), so parsing allocates for none of them.
pub type Str = compact_str::CompactString;

/// Raw comment text around a structure and its span. Boxed: most structures
/// have none, and two inline `(String, Span)` made every structure 80 bytes
/// larger (a 50 MB file has millions of them).
pub type Decor = Option<Box<(String, Span)>>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub items: Vec<Structure>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Structure {
    Attribute(Attribute),
    Block(Block),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub key: Str,
    pub key_span: Span,
    pub value: Expr,
    /// From the key to the end of the value.
    pub span: Span,
    /// Raw comments and whitespace directly before the attribute, with their span.
    pub prefix: Decor,
    /// Raw comment on the same line after the attribute, with its span.
    pub suffix: Decor,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub ident: Str,
    pub ident_span: Span,
    pub labels: Vec<(Str, Span)>,
    pub body: Body,
    /// From the identifier to the closing brace (JSON syntax: the body object).
    pub span: Span,
    pub prefix: Decor,
    pub suffix: Decor,
}

impl Block {
    /// The block header: the identifier and its labels (what "label the
    /// resource header" points at).
    pub fn header_span(&self) -> Span {
        let end = self
            .labels
            .last()
            .map(|(_, s)| s.end)
            .unwrap_or(self.ident_span.end);
        self.ident_span.start..end
    }

    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|(s, _)| s.as_str())
    }
}

impl Body {
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.items.iter().filter_map(|s| match s {
            Structure::Attribute(a) => Some(a),
            Structure::Block(_) => None,
        })
    }

    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.items.iter().filter_map(|s| match s {
            Structure::Block(b) => Some(b),
            Structure::Attribute(_) => None,
        })
    }

    /// The last attribute named `key` (Terraform rejects duplicates; the JSON
    /// front end may produce them, and the last one wins there).
    pub fn attribute(&self, key: &str) -> Option<&Attribute> {
        self.attributes().filter(|a| a.key == key).last()
    }

    pub fn blocks_named<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks().filter(move |b| b.ident == ident)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    /// A number literal as written (`1e309`, `568.55`, `0x1F` is not HCL): the
    /// evaluator reads the text exactly, as cty does, instead of a rounded float.
    Number(Str),
    /// A string with no interpolation; the value is unescaped.
    String(Str),
    Template(Vec<TemplatePart>),
    Array(Vec<Expr>),
    Object(Vec<(ObjectKey, Expr)>),
    /// A bare identifier: the root of a reference (`var`, `local`, `each`...).
    Variable(Str),
    Traversal(Box<Expr>, Vec<Traverse>),
    /// Boxed: calls are a minority of expressions, and inline they made
    /// every expression 16 bytes larger.
    Call(Box<Call>),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
    /// Syntax the evaluator does not model (template directives...): always unknown.
    Opaque,
}

/// `name(args)`, `name(args...)` when `expand_final`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: Str,
    pub args: Vec<Expr>,
    pub expand_final: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Literal(Str),
    Interpolation(Expr),
    /// `%{ if cond }then%{ else }otherwise%{ endif }`. Strip markers (`~`) are
    /// applied to the neighbouring literals by the parser.
    If {
        cond: Expr,
        then: Vec<TemplatePart>,
        otherwise: Vec<TemplatePart>,
    },
    /// `%{ for k, v in collection }body%{ endfor }`.
    For {
        key_var: Option<Str>,
        value_var: Str,
        collection: Expr,
        body: Vec<TemplatePart>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKey {
    Ident(Str),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Traverse {
    GetAttr(Str),
    Index(Expr),
    LegacyIndex(u64),
    /// `.*` or `[*]`: everything after it applies to each element.
    Splat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    LessEq,
    GreaterEq,
    Less,
    Greater,
    Plus,
    Minus,
    Mul,
    Div,
    Mod,
    And,
    Or,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub key_var: Option<Str>,
    pub value_var: Str,
    pub collection: Expr,
    /// `Some` for an object `for` (`{ for k, v in x : k => v }`).
    pub key: Option<Expr>,
    pub value: Expr,
    pub cond: Option<Expr>,
    pub grouping: bool,
}

impl Expr {
    /// `var.NAME` / `local.NAME` style references: the root and first attribute.
    pub fn as_reference(&self) -> Option<(&str, &str)> {
        if let ExprKind::Traversal(root, ops) = &self.kind {
            if let (ExprKind::Variable(r), Some(Traverse::GetAttr(a))) = (&root.kind, ops.first()) {
                if ops.len() == 1 {
                    return Some((r, a));
                }
            }
        }
        None
    }
}
