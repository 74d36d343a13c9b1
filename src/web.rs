//! Two rules of web text that every stage needs the same way: whether a link target is a
//! path on this site, and how text is escaped inside HTML and XML. Below every stage, so
//! config, content, Markdown, views, SEO and the server do not each write their own.

/// True when a link target is a path on this site: it starts with one `/`. `//host/x`
/// starts with two and is another site's address (a scheme-relative URL). What a seller
/// writes in `shop.yaml` is checked more strictly too ([`crate::config::is_site_path`]);
/// this is the rule every stage uses to tell the site's own paths from other links.
pub fn is_on_site(target: &str) -> bool {
    target.starts_with('/') && !target.starts_with("//")
}

/// Text made safe for XML (and HTML) text and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_start_with_one_slash() {
        for on_site in ["/", "/about/", "/products/apron/#photos", "/\\x"] {
            assert!(is_on_site(on_site), "{on_site:?}");
        }
        for elsewhere in [
            "//evil.example/x",
            "https://a.example/",
            "about/",
            "#top",
            "",
        ] {
            assert!(!is_on_site(elsewhere), "{elsewhere:?}");
        }
    }

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(escape_xml("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
