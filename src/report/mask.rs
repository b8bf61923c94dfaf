//! The one masking function: every occurrence of a secret's text, in any of
//! the forms an emitter may print it (as is, JSON-, XML-, HCL- or
//! control-escaped, line by line), is replaced by `****` in every emitted
//! string: reports of every format, `--diff`, baselines and messages.

use crate::diag::Report;

pub const MASK: &str = "****";

/// Secrets shorter than this are not searched for in free text: a short
/// value would mangle ordinary words and is no credential anyway (its span
/// is still masked in snippets).
pub const MIN_MASKED_LEN: usize = 4;

/// Replaces secret texts.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    /// Longest first, so a secret that contains another is replaced whole.
    needles: Vec<String>,
    /// Finds whether any needle occurs, in one pass: most strings hold no
    /// secret, and searching for each needle in turn was most of rendering
    /// a report with many secrets.
    any: Option<aho_corasick::AhoCorasick>,
    /// The length of the shortest needle: shorter strings hold none.
    shortest: usize,
}

fn hcl_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.replace("${", "$${").replace("%{", "%%{")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Every form in which `s` may appear in an output.
fn variants(s: &str) -> Vec<String> {
    let mut v = vec![s.to_string()];
    if let Ok(j) = serde_json::to_string(s) {
        v.push(j.trim_matches('"').to_string());
    }
    v.push(xml_escape(s));
    v.push(quick_xml::escape::partial_escape(s).into_owned());
    v.push(hcl_escape(s));
    v.push(super::escape::escape(s).into_owned());
    v.push(super::escape::snippet_text(s).into_owned());
    // Snippets and diffs show one line at a time.
    v.extend(s.lines().map(str::to_string));
    v
}

impl Masker {
    pub fn new<I, S>(secrets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut needles: Vec<String> = secrets
            .into_iter()
            .filter(|s| !crate::secrets::is_placeholder(s.as_ref()))
            .flat_map(|s| variants(s.as_ref()))
            .map(|s| s.trim().to_string())
            .filter(|s| s.len() >= MIN_MASKED_LEN && s != MASK)
            .collect();
        needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        needles.dedup();
        // A contiguous NFA: built in a fraction of the time of the DFA the
        // default would build for a few needles, and the strings searched
        // are short.
        let any = (needles.len() > 1)
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(&needles)
                    .ok()
            })
            .flatten();
        let shortest = needles.iter().map(String::len).min().unwrap_or(0);
        Masker {
            needles,
            any,
            shortest,
        }
    }

    /// The masker for a report: its secret texts and the text of its
    /// secret spans.
    pub fn for_report(report: &Report) -> Self {
        let spans = report.secrets.iter().filter_map(|loc| {
            let t = report.source(&loc.file)?.text.get(loc.span.clone())?;
            Some(t.trim().trim_matches('"').to_string())
        });
        let texts = report.secret_texts.iter().cloned();
        Masker::new(texts.chain(spans))
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `s` with every secret replaced by [`MASK`].
    pub fn mask(&self, s: &str) -> String {
        // Without any needle in `s`, no replacement happens at all.
        if s.len() < self.shortest || self.any.as_ref().is_some_and(|ac| !ac.is_match(s)) {
            return s.to_string();
        }
        let mut out = s.to_string();
        for n in &self.needles {
            if out.contains(n.as_str()) {
                out = out.replace(n.as_str(), MASK);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_masked() {
        let m = Masker::new(["p\"a<ss\\w\u{1b}rd"]);
        for form in [
            "p\"a<ss\\w\u{1b}rd",
            "p\\\"a<ss\\\\w\\u001brd",
            "p&quot;a&lt;ss\\w\u{1b}rd",
            "p\"a<ss\\w\\u{1b}rd",
            "p\"a<ss\\w?rd",
        ] {
            assert_eq!(m.mask(&format!("x {form} y")), "x **** y", "{form}");
        }
    }

    #[test]
    fn placeholders_naming_the_attribute_are_not_searched() {
        let m = Masker::new(["client_secret", "password"]);
        assert_eq!(
            m.mask("`oauthclient_secret` password"),
            "`oauthclient_secret` password"
        );
    }

    #[test]
    fn short_values_are_not_searched() {
        let m = Masker::new(["abc", ""]);
        assert!(m.is_empty());
    }

    #[test]
    fn many_secrets_mask_as_one_at_a_time() {
        let m = Masker::new([
            "s3cr3t-value",
            "t0ken-abcd",
            "abcd-long-secret-abcd",
            "zz9-plural",
        ]);
        assert!(m.any.is_some());
        let cases = [
            ("nothing here", "nothing here"),
            ("a s3cr3t-value b", "a **** b"),
            ("abcd-long-secret-abcd and t0ken-abcd", "**** and ****"),
            ("t0ken-abcd-long-secret-abcd", "t0ken-****"),
            ("zz9-plura", "zz9-plura"),
        ];
        for (input, want) in cases {
            let mut naive = input.to_string();
            for n in &m.needles {
                naive = naive.replace(n.as_str(), MASK);
            }
            assert_eq!(m.mask(input), want, "{input}");
            assert_eq!(naive, want, "{input}");
        }
    }
}
