use super::*;
use crate::syntax::*;

fn block(body: &Body, i: usize) -> &Block {
    match body.items.get(i) {
        Some(Structure::Block(b)) => b,
        other => panic!("not a block: {other:?}"),
    }
}

#[test]
fn spans_index_into_the_file_as_written_even_with_a_bom() {
    let text = "\u{feff}resource \"a\" \"b\" {\n  x = [\"y\"]\n}\n";
    let body = parse(text).unwrap();
    let b = block(&body, 0);
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
    let b = block(&body, 0);
    let (p, ps) = *b.prefix.clone().unwrap();
    assert!(p.contains("cxlint-ignore"));
    assert_eq!(&text[ps], p);
    let a = b.body.attribute("x").unwrap();
    let (s, ss) = *a.suffix.clone().unwrap();
    assert_eq!(s, " # trailing");
    assert_eq!(&text[ss], s);
}

/// The value of `x = ...` in `text`.
fn value(text: &str) -> ExprKind {
    let body = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
    body.attribute("x").expect("x").value.kind.clone()
}

fn err(text: &str) -> ParseError {
    match parse(text) {
        Ok(b) => panic!("{text:?} parsed: {b:?}"),
        Err(e) => e,
    }
}

fn lit(s: &str) -> TemplatePart {
    TemplatePart::Literal(s.into())
}

fn var(kind: &ExprKind) -> &str {
    match kind {
        ExprKind::Variable(v) => v,
        other => panic!("not a variable: {other:?}"),
    }
}

fn parts(kind: ExprKind) -> Vec<TemplatePart> {
    match kind {
        ExprKind::Template(p) => p,
        other => panic!("not a template: {other:?}"),
    }
}

#[test]
fn strip_markers_trim_the_neighbouring_literals() {
    let p = parts(value("x = \"a  ${~ y ~}  b\"\n"));
    assert_eq!(p.len(), 3, "{p:?}");
    assert_eq!(p[0], lit("a"));
    assert!(matches!(&p[1], TemplatePart::Interpolation(e) if var(&e.kind) == "y"));
    assert_eq!(p[2], lit("b"));
}

#[test]
fn if_and_for_directives_have_structure() {
    let p = parts(value(
        "x = \"%{ if c ~}  yes %{~ else ~} no  %{~ endif }\"\n",
    ));
    let [TemplatePart::If {
        cond,
        then,
        otherwise,
    }] = p.as_slice()
    else {
        panic!("{p:?}")
    };
    assert_eq!(var(&cond.kind), "c");
    assert_eq!(then, &vec![lit("yes")]);
    assert_eq!(otherwise, &vec![lit("no")]);
    let p = parts(value("x = \"%{for k, v in m}${k}=${v},%{endfor}\"\n"));
    let [TemplatePart::For {
        key_var,
        value_var,
        collection,
        body,
    }] = p.as_slice()
    else {
        panic!("{p:?}")
    };
    assert_eq!((key_var.as_deref(), value_var.as_str()), (Some("k"), "v"));
    assert_eq!(var(&collection.kind), "m");
    assert_eq!(body.len(), 4);
    assert_eq!(body[1], lit("="));
    assert!(err("x = \"%{if c}a\"\n").message.contains("endif"));
    assert!(err("x = \"%{endfor}\"\n").message.contains("without"));
    assert!(err("x = \"%{ bogus }\"\n").message.contains("bogus"));
}

#[test]
fn escapes_and_doubled_sequence_introducers() {
    assert_eq!(
        value("x = \"\\n\\t\\\"\\\\\\u00e9\\U0001F600\"\n"),
        ExprKind::String("\n\t\"\\é😀".into())
    );
    assert_eq!(
        value("x = \"$${a} %%{b} $ %\"\n"),
        ExprKind::String("${a} %{b} $ %".into())
    );
    assert!(err("x = \"\\q\"\n").message.contains("escape"));
    assert!(err("x = \"\\ud800\"\n").message.contains("unicode"));
}

#[test]
fn heredocs_end_markers_and_indentation() {
    assert_eq!(
        parts(value("x = <<EOF\nhello\n  world\nEOF\n")),
        vec![lit("hello\n  world\n")]
    );
    // Only a whole line is an end marker; spaces around it are allowed.
    assert_eq!(
        parts(value("x = <<EOF\nEOFX\n  EOF  \n")),
        vec![lit("EOFX\n")]
    );
    assert_eq!(
        parts(value("x = <<-EOF\n    a\n\n      b\n    EOF\n")),
        vec![lit("a\n\n  b\n")]
    );
    assert_eq!(
        parts(value("x = <<-EOT\r\n  a\r\n   b\r\n  EOT\r\n")),
        vec![lit("a\r\n b\r\n")]
    );
    // A heredoc keeps backslashes; `${` still interpolates.
    let p = parts(value("x = <<EOF\n\\n ${y}\nEOF\n"));
    assert_eq!(p[0], lit("\\n "));
    // hclsyntax needs a newline after the end marker.
    let e = err("x = <<EOF\nhello\nEOF");
    assert!(e.message.contains("heredoc"), "{e:?}");
    assert_eq!(e.related.map(|r| r.0), Some(4));
}

#[test]
fn legacy_indexes_splats_and_expansion() {
    let ExprKind::Traversal(root, ops) = value("x = a.0.b[1][*].c.*.d\n") else {
        panic!()
    };
    assert_eq!(var(&root.kind), "a");
    assert_eq!(ops[0], Traverse::LegacyIndex(0));
    assert_eq!(ops[1], Traverse::GetAttr("b".into()));
    assert!(matches!(&ops[2], Traverse::Index(_)));
    assert_eq!(ops[3], Traverse::Splat);
    assert_eq!(ops[5], Traverse::Splat);
    assert!(err("x = a.0.1\n").message.contains("[0][1]"));
    assert!(err("x = a.*.b.*\n").message.contains("splat"));
    let ExprKind::Call(c) = value("x = provider::p::f(a, b...)\n") else {
        panic!()
    };
    assert_eq!(
        (c.name.as_str(), c.args.len(), c.expand_final),
        ("provider::p::f", 2, true)
    );
    assert!(parse("x = f(a..., b)\n").is_err());
}

#[test]
fn numbers_keep_their_text() {
    assert_eq!(value("x = 1e309\n"), ExprKind::Number("1e309".into()));
    assert_eq!(value("x = 007\n"), ExprKind::Number("007".into()));
    let ExprKind::Unary(UnaryOp::Neg, n) = value("x = -1.5\n") else {
        panic!()
    };
    assert_eq!(n.kind, ExprKind::Number("1.5".into()));
    assert!(err("x = 1.5.2\n").message.contains("number"));
}

#[test]
fn operators_bind_by_precedence() {
    let ExprKind::Binary(BinaryOp::Or, _, rhs) = value("x = a || b && c\n") else {
        panic!()
    };
    assert!(matches!(rhs.kind, ExprKind::Binary(BinaryOp::And, _, _)));
    let ExprKind::Binary(BinaryOp::Plus, _, rhs) = value("x = 1 + 2 * 3\n") else {
        panic!()
    };
    assert!(matches!(rhs.kind, ExprKind::Binary(BinaryOp::Mul, _, _)));
    let ExprKind::Binary(BinaryOp::Minus, lhs, _) = value("x = 1 - 2 - 3\n") else {
        panic!()
    };
    assert!(matches!(lhs.kind, ExprKind::Binary(BinaryOp::Minus, _, _)));
    assert!(matches!(
        value("x = a ? b : c ? d : e\n"),
        ExprKind::Conditional(..)
    ));
}

#[test]
fn newlines_matter_in_bodies_and_objects_not_in_brackets() {
    assert!(parse("x = (1 +\n 2)\ny = [1,\n 2]\nz = f(\n1)\n").is_ok());
    assert!(parse("x = 1 +\n 2\n").is_err());
    assert!(parse("x = { a = 1 +\n 2 }\n").is_err());
    // A `for` expression ignores newlines even inside an object.
    assert!(parse("x = {\n  for k, v in m : k => v &&\n  w\n}\n").is_ok());
    assert!(parse("x = { a = 1\n b = 2, c = 3 }\n").is_ok());
    assert!(parse("x = { a = 1 b = 2 }\n").is_err());
}

#[test]
fn object_keys_and_duplicates() {
    let ExprKind::Object(items) = value("x = { a = 1, \"b\" = 2, (c) = 3, a = 4 }\n") else {
        panic!()
    };
    assert_eq!(items[0].0, ObjectKey::Ident("a".into()));
    assert!(matches!(&items[1].0, ObjectKey::Expr(e) if e.kind == ExprKind::String("b".into())));
    assert!(matches!(&items[2].0, ObjectKey::Expr(e) if var(&e.kind) == "c"));
    assert_eq!(items.len(), 4, "duplicate keys are kept; the last wins");
    let e = err("a = 1\nb = 2\na = 3\n");
    assert_eq!((e.offset, e.related.map(|r| r.0)), (12, Some(0)));
}

#[test]
fn one_line_blocks() {
    let body = parse("b \"l\" { a = 1 }\nc {}\nd { }\n").unwrap();
    let b = block(&body, 0);
    assert_eq!(b.body.attribute("a").map(|a| a.span.clone()), Some(8..13));
    assert!(b.body.attribute("a").unwrap().prefix.is_none());
    assert!(block(&body, 1).body.items.is_empty());
    assert!(parse("b { a = 1, }\n").is_err());
    assert!(parse("b { c {} }\n").is_err());
    assert!(parse("b {\n a = 1 }\n").is_err());
    assert!(parse("b {\n} c {\n}\n").is_err());
}

#[test]
fn comments_everywhere() {
    let text = "# head\n\n  /* c */ a = 1 /* d */ // e\nb { # on the brace line\n  # above\n  c = [ # in\n    1, // list\n  ] # after\n}\n";
    let body = parse(text).unwrap();
    let a = body.attribute("a").unwrap();
    let (p, ps) = *a.prefix.clone().unwrap();
    assert_eq!(p, "# head\n\n  /* c */ ");
    assert_eq!(&text[ps], p);
    assert_eq!(
        a.suffix.as_ref().map(|s| s.0.as_str()),
        Some(" /* d */ // e")
    );
    let c = block(&body, 1).body.attribute("c").unwrap();
    // As hcl-edit did: the comment on the `{` line is not in the first prefix.
    assert_eq!(
        c.prefix.as_ref().map(|s| s.0.as_str()),
        Some("  # above\n  ")
    );
    assert_eq!(c.suffix.as_ref().map(|s| s.0.as_str()), Some(" # after"));
}

#[test]
fn unicode_identifiers_and_dashes() {
    let body = parse("é-ü = ü.ä\n").unwrap();
    let a = &body.items[0];
    let Structure::Attribute(a) = a else { panic!() };
    assert_eq!(a.key, "é-ü");
    assert!(parse("-a = 1\n").is_err());
    assert!(parse("a = «\n")
        .unwrap_err()
        .message
        .contains("invalid character"));
}

#[test]
fn unclosed_constructs_point_at_their_opening() {
    for (text, open) in [
        ("x = \"abc\n", 4),
        ("x = [1,\n", 4),
        ("b {\n", 2),
        ("x = f(1\n", 5),
        ("x = \"${a\n", 5),
        ("x = 1 /* no end\n", 6),
        ("x = <<EOT\nabc\n", 4),
    ] {
        let e = err(text);
        assert_eq!(
            e.related.as_ref().map(|r| r.0),
            Some(open),
            "{text:?}: {e:?}"
        );
    }
    let e = err("x = [1,\n");
    assert!(
        e.message.contains("unclosed list") && e.message.contains("expected"),
        "{e:?}"
    );
}

#[test]
fn bare_templates_for_json_strings_are_shifted() {
    let p = parse_template("a ${b} c", 10).unwrap();
    let TemplatePart::Interpolation(e) = &p[1] else {
        panic!("{p:?}")
    };
    assert_eq!(e.span, 14..15);
    assert_eq!(parse_template("\\n", 0).unwrap(), vec![lit("\\n")]);
    assert!(parse_template("${", 0).is_err());
}

#[test]
fn nesting_limit() {
    let ok = format!("x = {}1{}\n", "[".repeat(1000), "]".repeat(1000));
    assert!(parse(&ok).is_ok());
    let deep = format!("x = {}1{}\n", "(".repeat(2000), ")".repeat(2000));
    assert!(err(&deep).message.contains(&MAX_NESTING.to_string()));
}

/// The tree's node sizes are part of the parser's speed (every node is moved
/// through `Result`s on the way up) and of its memory on large files.
#[test]
fn tree_nodes_stay_small() {
    use std::mem::size_of;
    assert_eq!(size_of::<Str>(), 24);
    assert!(
        size_of::<Expr>() <= 48,
        "Expr is {} bytes",
        size_of::<Expr>()
    );
    assert!(
        size_of::<Structure>() <= 136,
        "Structure is {} bytes",
        size_of::<Structure>()
    );
    assert!(size_of::<Traverse>() <= 48);
}
