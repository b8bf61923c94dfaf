//! Arbitrary bytes → (if UTF-8) our native-syntax parser, checking what the
//! later stages rely on: no panic, and every span of the tree (structures,
//! keys, labels, expressions, comments) lies inside the text on character
//! boundaries, with `prefix`/`suffix` equal to the text they point at; an
//! error offset does too. The same bytes also go through `parse_template`.
#![no_main]

use cxlint::syntax::*;
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, s: &Span) {
    assert!(s.start <= s.end && text.get(s.clone()).is_some(), "bad span {s:?}");
}

fn check_decor(text: &str, d: &Decor) {
    if let Some(b) = d {
        let (raw, s) = &**b;
        assert_eq!(text.get(s.clone()), Some(raw.as_str()), "decor span {s:?}");
    }
}

fn check_expr(text: &str, e: &Expr) {
    check_span(text, &e.span);
    match &e.kind {
        ExprKind::Array(xs) => xs.iter().for_each(|x| check_expr(text, x)),
        ExprKind::Object(kv) => kv.iter().for_each(|(k, v)| {
            if let ObjectKey::Expr(k) = k {
                check_expr(text, k);
            }
            check_expr(text, v);
        }),
        ExprKind::Traversal(root, ops) => {
            check_expr(text, root);
            for op in ops {
                if let Traverse::Index(i) = op {
                    check_expr(text, i);
                }
            }
        }
        ExprKind::Call(c) => c.args.iter().for_each(|x| check_expr(text, x)),
        ExprKind::Conditional(a, b, c) => [a, b, c].iter().for_each(|x| check_expr(text, x)),
        ExprKind::Unary(_, x) => check_expr(text, x),
        ExprKind::Binary(_, a, b) => [a, b].iter().for_each(|x| check_expr(text, x)),
        ExprKind::Template(parts) => check_parts(text, parts),
        ExprKind::For(f) => {
            check_expr(text, &f.collection);
            check_expr(text, &f.value);
            f.key.iter().chain(f.cond.iter()).for_each(|x| check_expr(text, x));
        }
        _ => {}
    }
}

fn check_parts(text: &str, parts: &[TemplatePart]) {
    for p in parts {
        match p {
            TemplatePart::Literal(_) => {}
            TemplatePart::Interpolation(e) => check_expr(text, e),
            TemplatePart::If { cond, then, otherwise } => {
                check_expr(text, cond);
                check_parts(text, then);
                check_parts(text, otherwise);
            }
            TemplatePart::For { collection, body, .. } => {
                check_expr(text, collection);
                check_parts(text, body);
            }
        }
    }
}

fn check_body(text: &str, b: &Body) {
    check_span(text, &b.span);
    for s in &b.items {
        match s {
            Structure::Attribute(a) => {
                check_span(text, &a.span);
                check_span(text, &a.key_span);
                check_decor(text, &a.prefix);
                check_decor(text, &a.suffix);
                check_expr(text, &a.value);
            }
            Structure::Block(bl) => {
                check_span(text, &bl.span);
                check_span(text, &bl.ident_span);
                bl.labels.iter().for_each(|(_, s)| check_span(text, s));
                check_decor(text, &bl.prefix);
                check_decor(text, &bl.suffix);
                check_body(text, &bl.body);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match cxlint::parse::hcl::parse(text) {
        Ok(body) => check_body(text, &body),
        Err(e) => {
            assert!(e.offset <= text.len());
            if let Some((o, _)) = e.related {
                assert!(o <= text.len());
            }
        }
    }
    if let Ok(parts) = cxlint::parse::hcl::parse_template(text, 0) {
        check_parts(text, &parts);
    }
});
