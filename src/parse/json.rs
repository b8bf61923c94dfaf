//! Terraform's JSON configuration syntax (`.tf.json`, `.tfvars.json`),
//! converted into the same syntax tree the native HCL front end produces, with
//! byte spans into the file as written.
//!
//! JSON is read by `jsonc-parser` in strict mode (no comments, trailing
//! commas, single quotes, hex numbers...), which keeps the byte range of every
//! value, key and object and keeps duplicate keys. The mapping onto blocks and
//! attributes follows Terraform's JSON syntax rules; where Terraform decides by
//! the provider schema (is this object a nested block or an object-valued
//! argument?), a property is a nested block when its name is in
//! [`JSON_BLOCK_TYPES`] (or the list given to [`parse_with_block_types`]).
//!
//! Spans: a block's `ident_span` and label spans are those of the JSON keys
//! that produced them (quotes included); its `span` and its body's `span` are
//! the body object. An attribute's `key_span` is its key, its `span` runs from
//! the key to the end of the value. A `"//"` property in a block body is a
//! comment: it becomes the block's `prefix` as `# <text>` with the span of the
//! string value, so `{"//": "cxlint-ignore: GC001"}` suppresses like a `#`
//! comment above a native block.

use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, StringLit, Value};
use jsonc_parser::common::Range;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::{FileKind, ParseError};
use crate::syntax::*;

/// Property names that, inside `resource`, `data` and `provider` bodies (and
/// the nested blocks within them), are nested blocks when their value is an
/// object or an array of objects. Everything else there is an attribute.
pub const JSON_BLOCK_TYPES: &[&str] = &[
    "roles",
    "dynamic",
    "lifecycle",
    "proxy",
    "gateway",
    "auth",
    "path_params",
    "provisioner",
    "connection",
    "content",
    "required_providers",
    "backend",
];

/// Deepest nesting of JSON arrays/objects (and of brackets inside a template
/// string) accepted; deeper input is a [`ParseError`] rather than a stack
/// overflow.
pub const MAX_DEPTH: usize = 128;

/// The property name Terraform's JSON syntax reserves for comments.
const COMMENT_KEY: &str = "//";

/// Parse a `.tf.json` or `.tfvars.json` file (any other kind is read as
/// `.tf.json`). A leading UTF-8 BOM is skipped; spans still index into `text`.
pub fn parse(kind: FileKind, text: &str) -> Result<Body, ParseError> {
    parse_with_block_types(kind, text, JSON_BLOCK_TYPES)
}

/// [`parse`] with a different list of nested block type names for resource,
/// data source and provider bodies.
pub fn parse_with_block_types(
    kind: FileKind,
    text: &str,
    block_types: &[&str],
) -> Result<Body, ParseError> {
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let input = text.get(base..).unwrap_or("");
    check_depth(input, base)?;
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let parsed = jsonc_parser::parse_to_ast(input, &collect, &options).map_err(|e| ParseError {
        offset: (base + e.range().start).min(text.len()),
        message: e.kind().to_string(),
        related: None,
    })?;
    let conv = Conv {
        base,
        input,
        block_types,
    };
    let root = match parsed.value {
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(conv.error(
                value_range(&other),
                "the root of a JSON configuration file must be an object",
            ))
        }
        None => {
            return Err(ParseError {
                offset: text.len(),
                message: "the root of a JSON configuration file must be an object".into(),
                related: None,
            })
        }
    };
    if kind == FileKind::VarsJson {
        conv.vars_root(&root)
    } else {
        conv.config_root(&root)
    }
}

/// Reject nesting deeper than [`MAX_DEPTH`] before handing the text to the
/// (recursive) JSON parser.
fn check_depth(input: &str, base: usize) -> Result<(), ParseError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in input.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseError {
                        offset: base + i,
                        message: "nesting too deep".into(),
                        related: None,
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The same bound for bracket nesting inside a template string (the HCL
/// template parser recurses too). Counts every bracket, quoted or not: an
/// over-approximation that only matters for absurd input.
fn check_template_depth(s: &str) -> bool {
    let mut depth = 0usize;
    for b in s.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return false;
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

/// How the properties of a block body are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Schema {
    /// Resource, data source and provider bodies and their nested blocks:
    /// names in the block type list are nested blocks.
    Resource,
    /// `terraform`: `required_providers`, `backend`, `cloud`, `provider_meta`.
    Terraform,
    /// `variable`: `validation` blocks; `type` and `default` are literal.
    Variable,
    /// `output`: `precondition` blocks.
    Output,
    /// Everything is an attribute (`locals`, `module`, `required_providers`...).
    Attrs,
}

/// How a string value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StrMode {
    /// A string template (`${...}` / `%{...}` are parsed).
    Template,
    /// A literal string.
    Literal,
}

/// Top-level block types: name, label count, body schema.
const TOP_LEVEL: &[(&str, usize, Schema)] = &[
    ("resource", 2, Schema::Resource),
    ("data", 2, Schema::Resource),
    ("provider", 1, Schema::Resource),
    ("module", 1, Schema::Attrs),
    ("variable", 1, Schema::Variable),
    ("output", 1, Schema::Output),
    ("locals", 0, Schema::Attrs),
    ("terraform", 0, Schema::Terraform),
    ("check", 1, Schema::Attrs),
    ("moved", 0, Schema::Attrs),
    ("import", 0, Schema::Attrs),
    ("removed", 0, Schema::Attrs),
];

struct Conv<'a> {
    base: usize,
    input: &'a str,
    block_types: &'a [&'a str],
}

/// One property of a body, classified.
enum Item<'p, 'a> {
    Attr(&'p ObjectProp<'a>, StrMode),
    Block(&'p ObjectProp<'a>, usize, Schema),
}

impl<'a> Conv<'a> {
    fn span(&self, r: Range) -> Span {
        (r.start + self.base)..(r.end + self.base)
    }

    fn error(&self, r: Range, message: &str) -> ParseError {
        ParseError {
            offset: r.start + self.base,
            message: message.to_string(),
            related: None,
        }
    }

    fn vars_root(&self, root: &Object) -> Result<Body, ParseError> {
        let items = root
            .properties
            .iter()
            .filter(|p| p.name.as_str() != COMMENT_KEY)
            .map(|p| Ok(Structure::Attribute(self.attribute(p, StrMode::Literal)?)))
            .collect::<Result<Vec<_>, ParseError>>()?;
        Ok(Body {
            items,
            span: self.span(root.range),
        })
    }

    fn config_root(&self, root: &Object) -> Result<Body, ParseError> {
        let mut items = Vec::new();
        for p in &root.properties {
            let name = p.name.as_str();
            if name == COMMENT_KEY {
                continue;
            }
            match TOP_LEVEL.iter().find(|(n, _, _)| *n == name) {
                Some(&(_, labels, schema)) => {
                    self.blocks(p, labels, schema, &mut items)?;
                }
                None => items.push(Structure::Attribute(self.attribute(p, StrMode::Template)?)),
            }
        }
        Ok(Body {
            items,
            span: self.span(root.range),
        })
    }

    /// Classify one property of a body read with `schema`.
    fn classify<'p>(&self, p: &'p ObjectProp<'a>, schema: Schema) -> Item<'p, 'a> {
        let name = p.name.as_str();
        let blocky = is_object_or_objects(&p.value);
        match schema {
            Schema::Resource if blocky && self.block_types.contains(&name) => {
                let labels = match name {
                    "dynamic" | "provisioner" | "backend" => 1,
                    _ => 0,
                };
                let inner = match name {
                    "required_providers" | "backend" => Schema::Attrs,
                    _ => Schema::Resource,
                };
                Item::Block(p, labels, inner)
            }
            Schema::Terraform if blocky => match name {
                "required_providers" | "cloud" => Item::Block(p, 0, Schema::Attrs),
                "backend" | "provider_meta" => Item::Block(p, 1, Schema::Attrs),
                _ => Item::Attr(p, StrMode::Template),
            },
            Schema::Variable if blocky && name == "validation" => Item::Block(p, 0, Schema::Attrs),
            Schema::Variable if name == "type" || name == "default" => {
                Item::Attr(p, StrMode::Literal)
            }
            Schema::Output if blocky && name == "precondition" => Item::Block(p, 0, Schema::Attrs),
            _ => Item::Attr(p, StrMode::Template),
        }
    }

    /// Expand the property `p` (a block type and its value) into blocks:
    /// `labels` levels of objects keyed by label, then a body object. At every
    /// level an array of objects stands for several.
    fn blocks(
        &self,
        p: &ObjectProp,
        labels: usize,
        schema: Schema,
        out: &mut Vec<Structure>,
    ) -> Result<(), ParseError> {
        let ident = p.name.as_str().to_string();
        let ident_span = self.span(prop_name_range(&p.name));
        let mut path = Vec::with_capacity(labels);
        self.level(
            &ident,
            &ident_span,
            &p.value,
            labels,
            schema,
            &mut path,
            out,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn level(
        &self,
        ident: &str,
        ident_span: &Span,
        value: &Value,
        remaining: usize,
        schema: Schema,
        path: &mut Vec<(Str, Span)>,
        out: &mut Vec<Structure>,
    ) -> Result<(), ParseError> {
        match value {
            Value::Array(a) => {
                for el in &a.elements {
                    self.level(ident, ident_span, el, remaining, schema, path, out)?;
                }
                Ok(())
            }
            Value::Object(o) if remaining == 0 => {
                let (body, prefix) = self.body(o, schema)?;
                out.push(Structure::Block(Block {
                    ident: ident.into(),
                    ident_span: ident_span.clone(),
                    labels: path.clone(),
                    span: body.span.clone(),
                    body,
                    prefix,
                    suffix: None,
                }));
                Ok(())
            }
            Value::Object(o) => {
                for p in &o.properties {
                    let label = p.name.as_str();
                    if label == COMMENT_KEY {
                        continue;
                    }
                    path.push((Str::from(label), self.span(prop_name_range(&p.name))));
                    let r = self.level(
                        ident,
                        ident_span,
                        &p.value,
                        remaining - 1,
                        schema,
                        path,
                        out,
                    );
                    path.pop();
                    r?;
                }
                Ok(())
            }
            other => Err(self.error(
                value_range(other),
                &if remaining == 0 {
                    format!("a `{ident}` block must be a JSON object or an array of objects")
                } else {
                    format!("the labels of a `{ident}` block must be given as a JSON object")
                },
            )),
        }
    }

    /// A block body; `"//"` comments become the block's prefix.
    #[allow(clippy::type_complexity)]
    fn body(&self, o: &Object, schema: Schema) -> Result<(Body, crate::syntax::Decor), ParseError> {
        let mut items = Vec::new();
        let mut comments: Vec<(String, Span)> = Vec::new();
        for p in &o.properties {
            if p.name.as_str() == COMMENT_KEY {
                if let Value::StringLit(s) = &p.value {
                    comments.push((format!("# {}", s.value), self.span(s.range)));
                }
                continue;
            }
            match self.classify(p, schema) {
                Item::Attr(p, mode) => items.push(Structure::Attribute(self.attribute(p, mode)?)),
                Item::Block(p, labels, inner) => self.blocks(p, labels, inner, &mut items)?,
            }
        }
        let prefix = match (comments.first(), comments.last()) {
            (Some((_, first)), Some((_, last))) => {
                let span = first.start..last.end;
                let text = comments
                    .iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                Some(Box::new((text, span)))
            }
            _ => None,
        };
        Ok((
            Body {
                items,
                span: self.span(o.range),
            },
            prefix,
        ))
    }

    fn attribute(&self, p: &ObjectProp, mode: StrMode) -> Result<Attribute, ParseError> {
        Ok(Attribute {
            key: p.name.as_str().into(),
            key_span: self.span(prop_name_range(&p.name)),
            value: self.expr(&p.value, mode)?,
            span: self.span(p.range),
            prefix: None,
            suffix: None,
        })
    }

    fn expr(&self, v: &Value, mode: StrMode) -> Result<Expr, ParseError> {
        let span = self.span(value_range(v));
        let kind = match v {
            Value::NullKeyword(_) => ExprKind::Null,
            Value::BooleanLit(b) => ExprKind::Bool(b.value),
            Value::NumberLit(n) => ExprKind::Number(n.value.to_string().into()),
            Value::StringLit(s) => return self.string(s, mode),
            Value::Array(a) => ExprKind::Array(self.exprs(a, mode)?),
            Value::Object(o) => ExprKind::Object(
                o.properties
                    .iter()
                    .map(|p| {
                        Ok((
                            ObjectKey::Ident(p.name.as_str().into()),
                            self.expr(&p.value, mode)?,
                        ))
                    })
                    .collect::<Result<_, ParseError>>()?,
            ),
        };
        Ok(Expr { kind, span })
    }

    fn exprs(&self, a: &Array, mode: StrMode) -> Result<Vec<Expr>, ParseError> {
        a.elements.iter().map(|e| self.expr(e, mode)).collect()
    }

    /// A JSON string: a literal, or (in templates mode, when it contains `${`
    /// or `%{`) a template. A template that is exactly one interpolation is
    /// that expression, as in Terraform.
    fn string(&self, s: &StringLit, mode: StrMode) -> Result<Expr, ParseError> {
        let span = self.span(s.range);
        let value: &str = &s.value;
        if mode == StrMode::Literal || !(value.contains("${") || value.contains("%{")) {
            return Ok(Expr {
                kind: ExprKind::String(value.into()),
                span,
            });
        }
        if !check_template_depth(value) {
            return Err(ParseError {
                offset: span.start,
                message: "nesting too deep".into(),
                related: None,
            });
        }
        // Inner offsets map exactly when the string is written without escapes.
        let raw = self
            .input
            .get(s.range.start.saturating_add(1)..s.range.end.saturating_sub(1));
        let exact = raw == Some(value);
        let inner_base = if exact { span.start + 1 } else { span.start };
        let mut parts = super::hcl::parse_template(value, inner_base).map_err(|e| {
            if exact {
                e
            } else {
                ParseError {
                    offset: span.start,
                    message: e.message,
                    related: None,
                }
            }
        })?;
        if !exact {
            for part in &mut parts {
                if let TemplatePart::Interpolation(x) = part {
                    respan(x, &span);
                }
            }
        }
        let kind = if parts.iter().all(|p| matches!(p, TemplatePart::Literal(_))) {
            let mut text = String::new();
            for p in &parts {
                if let TemplatePart::Literal(l) = p {
                    text.push_str(l);
                }
            }
            ExprKind::String(text.into())
        } else if let [TemplatePart::Interpolation(x)] = parts.as_slice() {
            return Ok(x.clone());
        } else {
            ExprKind::Template(parts)
        };
        Ok(Expr { kind, span })
    }
}

fn is_object_or_objects(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Array(a) => {
            !a.elements.is_empty() && a.elements.iter().all(|e| matches!(e, Value::Object(_)))
        }
        _ => false,
    }
}

fn prop_name_range(n: &ObjectPropName) -> Range {
    match n {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

fn value_range(v: &Value) -> Range {
    match v {
        Value::StringLit(x) => x.range,
        Value::NumberLit(x) => x.range,
        Value::BooleanLit(x) => x.range,
        Value::Object(x) => x.range,
        Value::Array(x) => x.range,
        Value::NullKeyword(x) => x.range,
    }
}

/// Give `e` and everything inside it the span `span`.
fn respan(e: &mut Expr, span: &Span) {
    e.span = span.clone();
    match &mut e.kind {
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Variable(_)
        | ExprKind::Opaque => {}
        ExprKind::Template(parts) => {
            for p in parts {
                if let TemplatePart::Interpolation(x) = p {
                    respan(x, span);
                }
            }
        }
        ExprKind::Array(xs) => xs.iter_mut().for_each(|x| respan(x, span)),
        ExprKind::Object(kvs) => {
            for (k, v) in kvs {
                if let ObjectKey::Expr(k) = k {
                    respan(k, span);
                }
                respan(v, span);
            }
        }
        ExprKind::Traversal(root, ops) => {
            respan(root, span);
            for op in ops {
                if let Traverse::Index(x) = op {
                    respan(x, span);
                }
            }
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(|x| respan(x, span)),
        ExprKind::Conditional(a, b, c) => {
            respan(a, span);
            respan(b, span);
            respan(c, span);
        }
        ExprKind::Unary(_, x) => respan(x, span),
        ExprKind::Binary(_, a, b) => {
            respan(a, span);
            respan(b, span);
        }
        ExprKind::For(f) => {
            respan(&mut f.collection, span);
            if let Some(k) = &mut f.key {
                respan(k, span);
            }
            respan(&mut f.value, span);
            if let Some(c) = &mut f.cond {
                respan(c, span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Body {
        match parse(FileKind::ConfigJson, text) {
            Ok(b) => b,
            Err(e) => panic!("{e:?}"),
        }
    }

    fn blocks(body: &Body) -> Vec<&Block> {
        body.blocks().collect()
    }

    fn slice(text: &str, span: &Span) -> String {
        text[span.clone()].to_string()
    }

    #[test]
    fn resource_with_nested_roles_and_dynamic_roles() {
        let text = r#"{
  "resource": {
    "genesyscloud_user": {
      "agent": {
        "name": "Agent",
        "roles": [{"role_id": "${genesyscloud_auth_role.a.id}"}, {"role_id": "r2"}],
        "addresses": {"phone_numbers": {"number": "+1"}},
        "dynamic": {
          "roles": {
            "for_each": "${var.roles}",
            "content": {"role_id": "${roles.value}"}
          }
        }
      }
    }
  }
}"#;
        let body = cfg(text);
        let bs = blocks(&body);
        assert_eq!(bs.len(), 1);
        let r = bs[0];
        assert_eq!(r.ident, "resource");
        assert_eq!(slice(text, &r.ident_span), "\"resource\"");
        assert_eq!(r.label(0), Some("genesyscloud_user"));
        assert_eq!(r.label(1), Some("agent"));
        assert_eq!(slice(text, &r.labels[1].1), "\"agent\"");
        assert!(slice(text, &r.span).starts_with("{\n        \"name\""));
        assert!(slice(text, &r.span).ends_with('}'));
        assert_eq!(r.body.span, r.span);

        let name = r.body.attribute("name").unwrap();
        assert_eq!(slice(text, &name.key_span), "\"name\"");
        assert_eq!(slice(text, &name.span), "\"name\": \"Agent\"");
        assert_eq!(name.value.kind, ExprKind::String("Agent".into()));

        let roles: Vec<_> = r.body.blocks_named("roles").collect();
        assert_eq!(roles.len(), 2);
        let role_id = roles[0].body.attribute("role_id").unwrap();
        assert_eq!(
            role_id.value.as_reference(),
            None,
            "three-step traversal is not a two-step reference"
        );
        assert_eq!(
            slice(text, &role_id.value.span),
            "genesyscloud_auth_role.a.id"
        );
        // Not in the block list: an object-valued attribute.
        let addr = r.body.attribute("addresses").unwrap();
        let ExprKind::Object(kvs) = &addr.value.kind else {
            panic!("{addr:?}")
        };
        assert_eq!(kvs[0].0, ObjectKey::Ident("phone_numbers".into()));

        let dynamics: Vec<_> = r.body.blocks_named("dynamic").collect();
        assert_eq!(dynamics.len(), 1);
        let d = dynamics[0];
        assert_eq!(d.label(0), Some("roles"));
        assert_eq!(slice(text, &d.ident_span), "\"dynamic\"");
        let fe = d.body.attribute("for_each").unwrap();
        assert_eq!(fe.value.as_reference(), Some(("var", "roles")));
        let content: Vec<_> = d.body.blocks_named("content").collect();
        assert_eq!(content.len(), 1);
        assert!(content[0].body.attribute("role_id").is_some());
    }

    #[test]
    fn data_sources_and_duplicate_keys() {
        let text = r#"{"data": {"genesyscloud_auth_role": {"a": {"name": "x"}}},
                       "data": {"genesyscloud_auth_role": {"b": {"name": "y"}, "c": [{"name": "z"}]}}}"#;
        let body = cfg(text);
        let names: Vec<_> = body.blocks().map(|b| b.label(1).unwrap()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(body.blocks().all(|b| b.ident == "data"));
    }

    #[test]
    fn terraform_required_providers_and_backend() {
        let text = r#"{"terraform": {
  "required_version": ">= 1.5",
  "required_providers": {"genesyscloud": {"source": "mypurecloud/genesyscloud", "version": "~> 1.40"}},
  "backend": {"s3": {"bucket": "b"}}
}}"#;
        let body = cfg(text);
        let t = blocks(&body)[0];
        assert_eq!(t.ident, "terraform");
        assert!(t.labels.is_empty());
        assert!(t.body.attribute("required_version").is_some());
        let rp = t.body.blocks_named("required_providers").next().unwrap();
        let gc = rp.body.attribute("genesyscloud").unwrap();
        let ExprKind::Object(kvs) = &gc.value.kind else {
            panic!()
        };
        assert_eq!(kvs.len(), 2);
        assert_eq!(
            kvs[0].1.kind,
            ExprKind::String("mypurecloud/genesyscloud".into())
        );
        let be = t.body.blocks_named("backend").next().unwrap();
        assert_eq!(be.label(0), Some("s3"));
        assert!(be.body.attribute("bucket").is_some());
    }

    #[test]
    fn provider_object_and_array_forms() {
        let text = r#"{
  "provider": {"genesyscloud": {"oauthclient_id": "${var.id}", "gateway": {"host": "h"}}},
  "provider": {"genesyscloud": [{"aws_region": "us-east-1"}, {"alias": "eu", "aws_region": "eu-west-1"}]}
}"#;
        let body = cfg(text);
        let ps = blocks(&body);
        assert_eq!(ps.len(), 3);
        assert!(ps.iter().all(|p| p.ident == "provider"
            && p.label(0) == Some("genesyscloud")
            && p.labels.len() == 1));
        assert!(ps[0].body.blocks_named("gateway").next().is_some());
        assert_eq!(
            ps[2].body.attribute("alias").unwrap().value.kind,
            ExprKind::String("eu".into())
        );
        assert_ne!(ps[1].span, ps[2].span);
    }

    #[test]
    fn variable_with_default_type_and_validation() {
        let text = r#"{"variable": {"divisions": {
  "type": "map(string)",
  "default": {"home": "${not_a_template}"},
  "description": "d",
  "validation": {"condition": "${length(var.divisions) > 0}", "error_message": "empty"}
}}}"#;
        let body = cfg(text);
        let v = blocks(&body)[0];
        assert_eq!(v.ident, "variable");
        assert_eq!(v.label(0), Some("divisions"));
        assert_eq!(
            v.body.attribute("type").unwrap().value.kind,
            ExprKind::String("map(string)".into())
        );
        let ExprKind::Object(kvs) = &v.body.attribute("default").unwrap().value.kind else {
            panic!()
        };
        assert_eq!(kvs[0].1.kind, ExprKind::String("${not_a_template}".into()));
        let val = v.body.blocks_named("validation").next().unwrap();
        assert!(matches!(
            val.body.attribute("condition").unwrap().value.kind,
            ExprKind::Binary(BinaryOp::Greater, _, _)
        ));
    }

    #[test]
    fn locals_object_and_array_forms() {
        let text = r#"{"locals": {"a": 1, "roles": {"x": "y"}},
                       "locals": [{"b": true}, {"c": null}]}"#;
        let body = cfg(text);
        let ls = blocks(&body);
        assert_eq!(ls.len(), 3);
        assert!(ls
            .iter()
            .all(|l| l.ident == "locals" && l.labels.is_empty()));
        assert_eq!(
            ls[0].body.attribute("a").unwrap().value.kind,
            ExprKind::Number("1".into())
        );
        // A local named like a block type stays an attribute.
        assert!(ls[0].body.attribute("roles").is_some());
        assert_eq!(
            ls[1].body.attribute("b").unwrap().value.kind,
            ExprKind::Bool(true)
        );
        assert_eq!(
            ls[2].body.attribute("c").unwrap().value.kind,
            ExprKind::Null
        );
    }

    #[test]
    fn module_with_source_and_arguments() {
        let text = r#"{"module": {"queues": {
  "source": "./modules/queues",
  "version": "1.0.0",
  "names": ["a", "b"],
  "division_id": "${genesyscloud_auth_division.d.id}",
  "roles": {"k": "v"}
}}}"#;
        let body = cfg(text);
        let m = blocks(&body)[0];
        assert_eq!(m.ident, "module");
        assert_eq!(m.label(0), Some("queues"));
        assert_eq!(
            m.body.attribute("source").unwrap().value.kind,
            ExprKind::String("./modules/queues".into())
        );
        let ExprKind::Array(xs) = &m.body.attribute("names").unwrap().value.kind else {
            panic!()
        };
        assert_eq!(xs.len(), 2);
        assert_eq!(slice(text, &xs[1].span), "\"b\"");
        assert!(matches!(
            m.body.attribute("division_id").unwrap().value.kind,
            ExprKind::Traversal(_, _)
        ));
        // Module arguments are all attributes.
        assert!(m.body.blocks().next().is_none());
    }

    #[test]
    fn outputs_and_unknown_top_level_properties() {
        let text = r#"{"output": {"id": {"value": "${genesyscloud_user.a.id}"}}, "weird": 3}"#;
        let body = cfg(text);
        let o = blocks(&body)[0];
        assert_eq!(o.ident, "output");
        assert!(o.body.attribute("value").is_some());
        assert_eq!(
            body.attribute("weird").unwrap().value.kind,
            ExprKind::Number("3".into())
        );
    }

    #[test]
    fn tfvars_json_values_are_literals() {
        let text =
            r#"{"region": "us-east-1", "names": ["${x}"], "n": 1.5, "m": {"a": false}, "//": "c"}"#;
        let body = parse(FileKind::VarsJson, text).unwrap();
        assert_eq!(body.items.len(), 4);
        assert!(body.blocks().next().is_none());
        let names = body.attribute("names").unwrap();
        let ExprKind::Array(xs) = &names.value.kind else {
            panic!()
        };
        assert_eq!(xs[0].kind, ExprKind::String("${x}".into()));
        assert_eq!(
            body.attribute("n").unwrap().value.kind,
            ExprKind::Number("1.5".into())
        );
        assert_eq!(
            slice(text, &body.attribute("m").unwrap().span),
            "\"m\": {\"a\": false}"
        );
        assert_eq!(body.span, 0..text.len());
    }

    #[test]
    fn single_interpolation_is_the_inner_expression_with_exact_spans() {
        let text = r#"{"locals": {"x": "${var.x}"}}"#;
        let body = cfg(text);
        let a = blocks(&body)[0].body.attribute("x").unwrap();
        assert_eq!(a.value.as_reference(), Some(("var", "x")));
        assert_eq!(slice(text, &a.value.span), "var.x");
        let ExprKind::Traversal(root, _) = &a.value.kind else {
            panic!()
        };
        assert_eq!(slice(text, &root.span), "var");
    }

    #[test]
    fn mixed_template_has_exact_spans() {
        let text = r#"{"locals": {"x": "pre-${var.x}-post"}}"#;
        let body = cfg(text);
        let a = blocks(&body)[0].body.attribute("x").unwrap();
        assert_eq!(slice(text, &a.value.span), "\"pre-${var.x}-post\"");
        let ExprKind::Template(parts) = &a.value.kind else {
            panic!("{a:?}")
        };
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], TemplatePart::Literal("pre-".into()));
        let TemplatePart::Interpolation(x) = &parts[1] else {
            panic!()
        };
        assert_eq!(x.as_reference(), Some(("var", "x")));
        assert_eq!(slice(text, &x.span), "var.x");
        assert_eq!(parts[2], TemplatePart::Literal("-post".into()));
    }

    #[test]
    fn escaped_template_escapes_and_directives() {
        let text = r#"{"locals": {"a": "$${x}", "b": "%{ if true }y%{ endif }", "c": "${"}}"#;
        let e = parse(FileKind::ConfigJson, text).unwrap_err();
        assert!(e.offset >= text.find("\"${\"").unwrap(), "{e:?}");
        let text = r#"{"locals": {"a": "$${x}", "b": "%{ if true }y%{ endif }"}}"#;
        let body = cfg(text);
        let l = blocks(&body)[0];
        assert_eq!(
            l.body.attribute("a").unwrap().value.kind,
            ExprKind::String("${x}".into())
        );
        let ExprKind::Template(parts) = &l.body.attribute("b").unwrap().value.kind else {
            panic!()
        };
        assert!(parts.iter().any(|p| matches!(p, TemplatePart::If { .. })));
    }

    #[test]
    fn escapes_in_strings() {
        let text = r#"{"locals": {"a": "q\"\\\n\u00e9", "b": "\u0041-${var.x}"}}"#;
        let body = cfg(text);
        let l = blocks(&body)[0];
        let a = l.body.attribute("a").unwrap();
        assert_eq!(a.value.kind, ExprKind::String("q\"\\\n\u{e9}".into()));
        assert_eq!(slice(text, &a.value.span), r#""q\"\\\n\u00e9""#);
        let b = l.body.attribute("b").unwrap();
        let ExprKind::Template(parts) = &b.value.kind else {
            panic!()
        };
        assert_eq!(parts[0], TemplatePart::Literal("A-".into()));
        let TemplatePart::Interpolation(x) = &parts[1] else {
            panic!()
        };
        // With escapes the inner offsets cannot be mapped: the whole string.
        assert_eq!(x.as_reference(), Some(("var", "x")));
        assert_eq!(x.span, b.value.span);
        let ExprKind::Traversal(root, _) = &x.kind else {
            panic!()
        };
        assert_eq!(root.span, b.value.span);
    }

    #[test]
    fn invalid_json_reports_the_offset() {
        let text = "{\"locals\": {\"a\": 1,}}";
        let e = parse(FileKind::ConfigJson, text).unwrap_err();
        assert_eq!(e.offset, text.find(',').unwrap(), "{e:?}");
        for bad in [
            "{\"a\": 1 // c\n}",
            "{a: 1}",
            "{\"a\": 'x'}",
            "{\"a\": 0x1}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": 1}{}",
            "{\"a\": [1,]}",
            "{\"a\": \"unterminated}",
            "",
            "[1]",
            "\"x\"",
        ] {
            assert!(parse(FileKind::ConfigJson, bad).is_err(), "{bad:?}");
            assert!(parse(FileKind::VarsJson, bad).is_err(), "{bad:?}");
        }
        let e = parse(FileKind::ConfigJson, "  [1]").unwrap_err();
        assert_eq!(e.offset, 2);
        let e = parse(FileKind::ConfigJson, r#"{"resource": {"a": "x"}}"#).unwrap_err();
        assert_eq!(e.offset, 19, "{e:?}");
    }

    #[test]
    fn a_leading_bom_is_accepted_and_spans_index_the_text() {
        let text = "\u{feff}{\"locals\": {\"x\": \"${var.x}\"}}";
        let body = cfg(text);
        assert_eq!(body.span, 3..text.len());
        let l = blocks(&body)[0];
        assert_eq!(slice(text, &l.ident_span), "\"locals\"");
        let a = l.body.attribute("x").unwrap();
        assert_eq!(slice(text, &a.value.span), "var.x");
        let e = parse(FileKind::ConfigJson, "\u{feff}{,}").unwrap_err();
        assert_eq!(e.offset, 4);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let e = parse(FileKind::ConfigJson, &text).unwrap_err();
        assert_eq!(e.message, "nesting too deep");
        assert_eq!(e.offset, MAX_DEPTH);
        let text = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        assert!(parse(FileKind::VarsJson, &text).is_err());
        // Just within the bound parses.
        let ok = format!(
            "{{\"a\": {}1{}}}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(FileKind::VarsJson, &ok).is_ok());
        assert!(parse(FileKind::ConfigJson, &ok).is_ok());
        // Brackets inside strings do not count.
        let s = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(parse(FileKind::VarsJson, &s).is_ok());
        // Nor do they overflow the template parser.
        let s = format!("{{\"a\": \"${{{}\"}}", "(".repeat(100_000));
        assert_eq!(
            parse(FileKind::ConfigJson, &s).unwrap_err().message,
            "nesting too deep"
        );
    }

    #[test]
    fn comment_property_becomes_the_block_prefix() {
        let text = r#"{"//": "file comment", "resource": {"genesyscloud_user": {"a": {
  "//": "cxlint-ignore: GC001 -- reason",
  "name": "x"
}}}}"#;
        let body = cfg(text);
        let r = blocks(&body)[0];
        assert!(r.body.attribute("//").is_none());
        assert_eq!(r.body.items.len(), 1);
        let (p, span) = *r.prefix.clone().unwrap();
        assert_eq!(p, "# cxlint-ignore: GC001 -- reason");
        assert_eq!(slice(text, &span), "\"cxlint-ignore: GC001 -- reason\"");
        assert_eq!(body.items.len(), 1);
    }

    #[test]
    fn custom_block_type_list() {
        let text = r#"{"resource": {"t": {"n": {"roles": {"a": 1}, "extra": {"b": 2}}}}}"#;
        let body = parse_with_block_types(FileKind::ConfigJson, text, &["extra"]).unwrap();
        let r = blocks(&body)[0];
        assert!(r.body.attribute("roles").is_some());
        assert!(r.body.blocks_named("extra").next().is_some());
    }

    #[test]
    fn parse_dispatches_json_kinds() {
        let body = super::super::parse(FileKind::VarsJson, "{\"a\": \"b\"}").unwrap();
        assert!(body.attribute("a").is_some());
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn json_string() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("roles".to_string()),
                Just("dynamic".to_string()),
                Just("content".to_string()),
                Just("resource".to_string()),
                Just("provider".to_string()),
                Just("variable".to_string()),
                Just("default".to_string()),
                Just("//".to_string()),
                Just("${var.x}".to_string()),
                Just("a-${".to_string()),
                Just("%{ if x }".to_string()),
                Just("${a.b[0]}\u{e9}".to_string()),
                ".{0,12}",
            ]
            .prop_map(|s| serde_json::to_string(&s).unwrap_or_default())
        }

        fn json_value() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                Just("null".to_string()),
                Just("true".to_string()),
                Just("-1.5e3".to_string()),
                Just("0".to_string()),
                json_string(),
            ];
            leaf.prop_recursive(6, 64, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5)
                        .prop_map(|xs| format!("[{}]", xs.join(","))),
                    prop::collection::vec((json_string(), inner), 0..5).prop_map(|kvs| {
                        let kvs: Vec<_> =
                            kvs.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                        format!("{{{}}}", kvs.join(","))
                    }),
                ]
            })
        }

        fn config() -> impl Strategy<Value = String> {
            let names = prop_oneof![
                Just("resource"),
                Just("data"),
                Just("provider"),
                Just("module"),
                Just("variable"),
                Just("output"),
                Just("locals"),
                Just("terraform"),
                Just("//"),
                Just("x"),
            ];
            prop::collection::vec((names, json_value()), 0..6).prop_map(|kvs| {
                let kvs: Vec<_> = kvs
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect();
                format!("{{{}}}", kvs.join(", "))
            })
        }

        fn check_spans(text: &str, body: &Body) {
            assert!(text.get(body.span.clone()).is_some());
            for s in &body.items {
                match s {
                    Structure::Attribute(a) => {
                        assert!(text.get(a.span.clone()).is_some());
                        assert!(text.get(a.key_span.clone()).is_some());
                        assert!(text.get(a.value.span.clone()).is_some());
                    }
                    Structure::Block(b) => {
                        assert!(text.get(b.span.clone()).is_some());
                        assert!(text.get(b.ident_span.clone()).is_some());
                        check_spans(text, &b.body);
                    }
                }
            }
        }

        proptest! {
            #[test]
            fn never_panics_on_arbitrary_strings(s in "\\PC*") {
                let _ = parse(FileKind::ConfigJson, &s);
                let _ = parse(FileKind::VarsJson, &s);
            }

            #[test]
            fn never_panics_on_jsonish_input(s in config(), cut in 0usize..400, bom in any::<bool>()) {
                let s = if bom { format!("\u{feff}{s}") } else { s };
                for kind in [FileKind::ConfigJson, FileKind::VarsJson] {
                    if let Ok(body) = parse(kind, &s) {
                        check_spans(&s, &body);
                    }
                }
                // Truncated (invalid) input.
                let mut end = cut.min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                let _ = parse(FileKind::ConfigJson, &s[..end]);
            }

            #[test]
            fn generated_values_parse_as_tfvars(v in json_value()) {
                let s = format!("{{\"v\": {v}}}");
                let body = parse(FileKind::VarsJson, &s);
                prop_assert!(body.is_ok(), "{:?} {:?}", s, body);
            }
        }
    }
}
