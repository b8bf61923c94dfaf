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
    let (p, ps) = b.prefix.clone().unwrap();
    assert!(p.contains("cxlint-ignore"));
    assert_eq!(&text[ps], p);
    let a = b.body.attribute("x").unwrap();
    let (s, ss) = a.suffix.clone().unwrap();
    assert_eq!(s, " # trailing");
    assert_eq!(&text[ss], s);
}
