//! Terraform's regular expressions are Go's (RE2 syntax), where `\d`, `\w`,
//! `\s` and `\b` are ASCII-only and `[` inside a class is a literal; the
//! `regex` crate's are Unicode-aware and nest classes. [`translate`]
//! rewrites a Go pattern into one the crate reads the same way, or says
//! it cannot (the result is then unknown, never a guess).

/// The pattern for the `regex` crate, or `None` when the Go pattern uses
/// something we cannot carry over exactly.
pub fn translate(p: &str) -> Option<String> {
    let mut out = String::with_capacity(p.len() + 8);
    let mut chars = p.chars().peekable();
    // Inside a bracket class; `class_start`: no member read yet (a `]`
    // there is a literal).
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next()?;
                out.push_str(&escape(e, in_class)?);
                class_start = false;
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // `[:alpha:]` inside a class: ASCII in both.
                out.push('[');
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ']' {
                        break;
                    }
                }
                class_start = false;
            }
            '[' => {
                out.push_str("\\[");
                class_start = false;
            }
            ']' if in_class && class_start => {
                out.push_str("\\]");
                class_start = false;
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' | '-' if in_class && chars.peek() == Some(&c) => return None,
            _ => {
                out.push(c);
                class_start = false;
            }
        }
    }
    Some(out)
}

/// A backslash escape, as the crate must read it to match what Go does.
fn escape(e: char, in_class: bool) -> Option<String> {
    const DIGIT: &str = "0-9";
    const WORD: &str = "0-9A-Za-z_";
    const SPACE: &str = "\\t\\n\\f\\r ";
    let class = |set: &str, negated: bool| match (in_class, negated) {
        (true, false) => Some(set.to_string()),
        // A negated set inside a class has no plain spelling.
        (true, true) => None,
        (false, false) => Some(format!("[{set}]")),
        (false, true) => Some(format!("[^{set}]")),
    };
    match e {
        'd' => class(DIGIT, false),
        'D' => class(DIGIT, true),
        'w' => class(WORD, false),
        'W' => class(WORD, true),
        's' => class(SPACE, false),
        'S' => class(SPACE, true),
        'b' if !in_class => Some("(?-u:\\b)".into()),
        'B' if !in_class => Some("(?-u:\\B)".into()),
        // `\Q...\E` and `\C` exist in Go only.
        'Q' | 'E' | 'C' => None,
        _ => Some(format!("\\{e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn perl_classes_are_ascii() {
        let re = regex::Regex::new(&translate(r"\w+").unwrap()).unwrap();
        assert_eq!(re.find("naïve").map(|m| m.as_str()), Some("na"));
        let re = regex::Regex::new(&translate(r"[\d_]+\b").unwrap()).unwrap();
        assert_eq!(re.find("x 12_ y").map(|m| m.as_str()), Some("12_"));
    }

    #[test]
    fn brackets_inside_a_class_are_literal() {
        let re = regex::Regex::new(&translate(r"[[a]+").unwrap()).unwrap();
        assert_eq!(re.find("x[a[").map(|m| m.as_str()), Some("[a["));
        let re = regex::Regex::new(&translate(r"[]a]+").unwrap()).unwrap();
        assert_eq!(re.find("]a]").map(|m| m.as_str()), Some("]a]"));
        let re = regex::Regex::new(&translate(r"[[:digit:]x]+").unwrap()).unwrap();
        assert_eq!(re.find("a1x2").map(|m| m.as_str()), Some("1x2"));
    }

    #[test]
    fn what_cannot_be_carried_over_is_none() {
        assert_eq!(translate(r"[^\W]"), None);
        assert_eq!(translate(r"\Qa.b\E"), None);
        assert_eq!(translate(r"[a&&b]"), None);
        assert_eq!(translate("\\"), None);
    }
}
